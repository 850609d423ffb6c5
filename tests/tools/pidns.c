// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* PID namespaces for tool tests (pidns.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "pidns.h"

#define MAX_MADE 4

/*
 * What this test made (copies: the test's own are gone by .fini) and where
 * its children go: .fini undoes what is left.
 */
static struct {
	struct pidns made[MAX_MADE];   /* holder 0: a free slot */
	int self_fd;		       /* this process's own namespace, once one was entered */
	int entered_mnt, entered_root; /* the entered namespace's mnt_fd and root_fd; -1: none */
} state = { .self_fd = -1, .entered_mnt = -1, .entered_root = -1 };

/* The holder: unshare, its init a shell that says it is up and waits for its stdin to close. */
static pid_t spawn_holder(int in, int out)
{
	pid_t pid = fork();

	cr_assert(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		pidns_child();
		dup2(in, 0);
		dup2(out, 1);
		execlp("unshare", "unshare", "--fork", "--pid", "--mount-proc", "--kill-child",
		       "--", "/bin/sh", "-c", "echo up; read line", (char *)NULL);
		_exit(127);
	}
	return pid;
}

static int open_proc(pid_t holder, const char *name, int flags)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", holder, name);
	fd = open(path, flags | O_CLOEXEC);
	cr_assert(fd >= 0, "open %s: %s", path, strerror(errno));
	return fd;
}

static void remember(const struct pidns *ns)
{
	int i;

	for (i = 0; i < MAX_MADE; i++)
		if (!state.made[i].holder) {
			state.made[i] = *ns;
			return;
		}
	cr_assert_fail("more than %d PID namespaces in one test", MAX_MADE);
}

static void forget(pid_t holder)
{
	int i;

	for (i = 0; i < MAX_MADE; i++)
		if (state.made[i].holder == holder)
			state.made[i].holder = 0;
}

void pidns_make(struct pidns *ns)
{
	int to_init[2], from_init[2];
	char up[8] = "";

	cr_assert(pipe2(to_init, O_CLOEXEC) == 0 && pipe2(from_init, O_CLOEXEC) == 0);
	ns->holder = spawn_holder(to_init[0], from_init[1]);
	close(to_init[0]);
	close(from_init[1]);
	ns->ctl = to_init[1];
	/* once its init speaks, the namespace and its /proc are there */
	cr_assert(read(from_init[0], up, sizeof(up) - 1) > 0 && !strncmp(up, "up", 2),
		  "unshare --fork --pid --mount-proc did not start (util-linux)");
	close(from_init[0]);
	ns->pid_fd = open_proc(ns->holder, "ns/pid_for_children", O_RDONLY);
	ns->mnt_fd = open_proc(ns->holder, "ns/mnt", O_RDONLY);
	ns->root_fd = open_proc(ns->holder, "root", O_PATH | O_DIRECTORY);
	remember(ns);
}

void pidns_enter(const struct pidns *ns)
{
	if (state.self_fd < 0)
		state.self_fd = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
	cr_assert(state.self_fd >= 0);
	cr_assert(setns(ns->pid_fd, CLONE_NEWPID) == 0, "setns: %s", strerror(errno));
	state.entered_mnt = ns->mnt_fd;
	state.entered_root = ns->root_fd;
}

void pidns_leave(void)
{
	if (state.entered_mnt < 0)
		return;
	cr_assert(setns(state.self_fd, CLONE_NEWPID) == 0, "setns back: %s", strerror(errno));
	state.entered_mnt = state.entered_root = -1;
}

/*
 * setns() of a mount namespace moves root and working directory to the
 * namespace's root, out of any chroot (scripts/vm runs the tests in one):
 * back into the holder's root there, and the same working directory.
 */
void pidns_child(void)
{
	char cwd[PATH_MAX];

	if (state.entered_mnt < 0)
		return;
	if (!getcwd(cwd, sizeof(cwd)) || setns(state.entered_mnt, CLONE_NEWNS) ||
	    fchdir(state.entered_root) || chroot(".") || chdir(cwd))
		_exit(125);
}

/* Not waiting for its init: it may wait for zombies of ours (pidns.h). */
void pidns_remove(struct pidns *ns)
{
	if (ns->holder <= 0)
		return;
	close(ns->ctl);
	kill(ns->holder, SIGKILL); /* --kill-child: its init goes too, and with it the rest */
	waitpid(ns->holder, NULL, 0);
	close(ns->pid_fd);
	close(ns->mnt_fd);
	close(ns->root_fd);
	forget(ns->holder);
	ns->holder = 0;
}

pid_t pidns_pid(pid_t pid, int depth)
{
	char path[64], line[256] = "", *p, *end;
	long nr = -1;
	int level;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "re");
	cr_assert(f, "no process %d", pid);
	while (fgets(line, sizeof(line), f) && strncmp(line, "NSpid:", 6))
		;
	fclose(f);
	cr_assert(!strncmp(line, "NSpid:", 6), "no NSpid for %d", pid);
	for (p = line + 6, level = 0; level <= depth; level++, p = end) {
		nr = strtol(p, &end, 10);
		cr_assert(end != p, "%d is not %d namespaces down: %s", pid, depth, line);
	}
	return nr;
}

void pidns_cleanup(void)
{
	int i;

	pidns_leave();
	for (i = 0; i < MAX_MADE; i++)
		pidns_remove(&state.made[i]);
}
