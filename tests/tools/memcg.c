// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "memcg.h"

#define V1_ROOT	   "/sys/fs/cgroup/memory"
#define PREFIX	   "sonde-test-"
#define MAX_MADE   8
#define REMOVE_TRY 250 /* 20 ms apart: 5 s for the killed to leave */

/* What this process made and has not removed yet. */
static char made[MAX_MADE][320];

static int write_file(const char *dir, const char *file, const char *value)
{
	char path[400];
	int fd, err = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	if (write(fd, value, strlen(value)) < 0)
		err = errno;
	close(fd);
	return err;
}

static bool file_has_word(const char *path, const char *word)
{
	char buf[512], *tok, *save = NULL;
	FILE *f = fopen(path, "re");
	bool found = false;
	size_t n;

	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	for (tok = strtok_r(buf, " \n", &save); tok && !found; tok = strtok_r(NULL, " \n", &save))
		found = !strcmp(tok, word);
	return found;
}

/* The root of a hierarchy with the memory controller; false if there is none. */
static bool memory_root(char *root, size_t len, bool *v2)
{
	char dev[64], dir[256], type[64], path[300];
	FILE *f;

	if (access(V1_ROOT "/memory.limit_in_bytes", F_OK) == 0) {
		snprintf(root, len, "%s", V1_ROOT);
		*v2 = false;
		return true;
	}
	f = fopen("/proc/mounts", "re");
	if (!f)
		return false;
	root[0] = '\0';
	while (!root[0] && fscanf(f, "%63s %255s %63s %*[^\n]", dev, dir, type) == 3) {
		snprintf(path, sizeof(path), "%s/cgroup.controllers", dir);
		if (!strcmp(type, "cgroup2") && file_has_word(path, "memory"))
			snprintf(root, len, "%s", dir);
	}
	fclose(f);
	*v2 = true;
	return root[0] != '\0';
}

/* Kill what is inside (reaping our own children) until it can be removed. */
static bool remove_dir(const char *dir)
{
	char path[400];
	int i, pid;
	FILE *f;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	for (i = 0; i < REMOVE_TRY; i++) {
		if (rmdir(dir) == 0 || errno == ENOENT)
			return true;
		f = fopen(path, "re");
		while (f && fscanf(f, "%d", &pid) == 1) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, WNOHANG);
		}
		if (f)
			fclose(f);
		usleep(20000);
	}
	fprintf(stderr, "memcg: cannot remove %s: %s\n", dir, strerror(errno));
	return false;
}

/* Groups named for a test process that is gone were left by a crash or a timeout. */
static void remove_stale(const char *root)
{
	char dir[600];
	struct dirent *d;
	DIR *dp = opendir(root);
	int pid;

	while (dp && (d = readdir(dp)))
		if (sscanf(d->d_name, PREFIX "%d-mem", &pid) == 1 && kill(pid, 0) &&
		    errno == ESRCH) {
			snprintf(dir, sizeof(dir), "%s/%s", root, d->d_name);
			remove_dir(dir);
		}
	if (dp)
		closedir(dp);
}

static void remember(const char *dir)
{
	int i;

	for (i = 0; i < MAX_MADE; i++)
		if (!made[i][0]) {
			snprintf(made[i], sizeof(made[i]), "%s", dir);
			return;
		}
	cr_assert_fail("memcg: more than %d groups at once", MAX_MADE);
}

static void forget(const char *dir)
{
	int i;

	for (i = 0; i < MAX_MADE; i++)
		if (!strcmp(made[i], dir))
			made[i][0] = '\0';
}

static void set_limit(const struct memcg *m, unsigned long long bytes)
{
	char value[32];

	snprintf(value, sizeof(value), "%llu", bytes);
	if (m->v2) {
		cr_assert_eq(write_file(m->dir, "memory.max", value), 0, "memory.max");
		write_file(m->dir, "memory.swap.max", "0"); /* absent without swap accounting */
		return;
	}
	cr_assert_eq(write_file(m->dir, "memory.limit_in_bytes", value), 0,
		     "memory.limit_in_bytes");
}

void memcg_make(struct memcg *m, unsigned long long bytes)
{
	static int serial;
	char root[256];

	cr_assert(memory_root(root, sizeof(root), &m->v2), "no memory cgroup controller");
	remove_stale(root);
	if (m->v2)
		write_file(root, "cgroup.subtree_control", "+memory");
	snprintf(m->path, sizeof(m->path), "/" PREFIX "%d-mem%d", getpid(), ++serial);
	snprintf(m->dir, sizeof(m->dir), "%s%s", root, m->path);
	cr_assert(mkdir(m->dir, 0755) == 0, "mkdir %s: %s", m->dir, strerror(errno));
	remember(m->dir);
	set_limit(m, bytes);
}

void memcg_enter(const struct memcg *m, pid_t pid)
{
	char value[16];

	snprintf(value, sizeof(value), "%d", pid);
	cr_assert_eq(write_file(m->dir, "cgroup.procs", value), 0, "cannot move %d into %s", pid,
		     m->dir);
}

void memcg_remove(struct memcg *m)
{
	if (!m->dir[0])
		return;
	remove_dir(m->dir);
	forget(m->dir);
	m->dir[0] = '\0';
}

void memcg_cleanup(void)
{
	int i;

	for (i = 0; i < MAX_MADE; i++)
		if (made[i][0]) {
			remove_dir(made[i]);
			made[i][0] = '\0';
		}
}
