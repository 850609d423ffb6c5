// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ids [--fork] FACTS WORKLOAD [ARGS...]
 *
 * Runs WORKLOAD (a workload beside this one) after appending to FACTS what
 * the process that becomes it sees of itself: "pid" (getpid()) and "ppid"
 * (getppid()), so a test knows them as that process's PID namespace numbers
 * them, 0 for a parent it cannot see. exec keeps both. With --fork a child
 * runs it, so its parent is ids, in the same namespace; ids waits for it and
 * exits as it did.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <libgen.h>
#include <stdbool.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int write_facts(const char *path)
{
	char text[64];
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	int n = snprintf(text, sizeof(text), "pid %d\nppid %d\n", getpid(), getppid());
	int ok = fd >= 0 && write(fd, text, n) == n;

	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

/* Write the facts, then become the workload at dir/argv[0]. */
static int become(const char *facts, const char *dir, char **argv)
{
	char path[PATH_MAX];

	if (write_facts(facts))
		return 120;
	snprintf(path, sizeof(path), "%s/%s", dir, argv[0]);
	execv(path, argv);
	return 127;
}

/* Like a shell: the child's exit status, or 128 plus the signal that killed it. */
static int wait_for(pid_t child)
{
	int status;

	if (child < 0 || waitpid(child, &status, 0) != child)
		return 121;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv)
{
	char self[PATH_MAX];
	bool fork_first = argc > 1 && !strcmp(argv[1], "--fork");
	int i = fork_first ? 2 : 1;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	pid_t child;

	if (argc < i + 2 || n <= 0) {
		fprintf(stderr, "usage: ids [--fork] FACTS WORKLOAD [ARGS...]\n");
		return 2;
	}
	self[n] = '\0';
	if (!fork_first)
		return become(argv[i], dirname(self), argv + i + 1);
	child = fork();
	if (child == 0)
		_exit(become(argv[i], dirname(self), argv + i + 1));
	return wait_for(child);
}
