// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * exiter FACTS
 *
 * Forks five children that end in known ways, each after AGE_MS or more,
 * and writes what only it knows (pids, thread IDs) to FACTS as "key value"
 * lines:
 *   ex-code     exit(3)
 *   ex-kill     killed by SIGKILL
 *   ex-threads  two threads come and go (threads.tid1, threads.tid2), then exit(0)
 *   ex-group    a second thread (group.thread) calls exit(7): exit_group()
 *   ex-leader   the main thread leaves first (pthread_exit); its second thread
 *               (leader.thread, named ex-last) then ends the process with a bare SYS_exit(9),
 *               which is the process's status since Linux 6.0 (the leader's
 *               0 before: either is accepted, and written as leader.status)
 * Exits 0 if every child's wait() status was the expected one, else 1.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define AGE_MS	      150
#define LEADER_STATUS -1 /* 9 << 8 from Linux 6.0, the leader's 0 before */

static int facts_fd = -1;

/* One write() per line: children append to the same file. */
static void fact(const char *key, long value)
{
	char line[64];
	int n = snprintf(line, sizeof(line), "%s %ld\n", key, value);

	if (write(facts_fd, line, n) != n)
		_exit(120);
}

static void nap(int ms)
{
	usleep(ms * 1000);
}

static void *thread_sleeps(void *key)
{
	fact(key, gettid());
	nap(AGE_MS);
	return NULL;
}

static void *thread_exits_group(void *arg)
{
	(void)arg;
	fact("group.thread", gettid());
	nap(AGE_MS);
	exit(7);
}

static void *thread_exits_last(void *arg)
{
	(void)arg;
	prctl(PR_SET_NAME, "ex-last"); /* the process is still "ex-leader", its leader's name */
	fact("leader.thread", gettid());
	nap(2 * AGE_MS);
	syscall(SYS_exit, 9); /* this thread only: glibc's exit paths would exit_group() */
	return NULL;
}

static void spawn(pthread_t *t, void *(*fn)(void *), void *arg)
{
	if (pthread_create(t, NULL, fn, arg))
		_exit(121);
}

static void run_child(const char *name)
{
	pthread_t a, b;

	prctl(PR_SET_NAME, name);
	if (!strcmp(name, "ex-code")) {
		nap(AGE_MS);
		_exit(3);
	} else if (!strcmp(name, "ex-kill")) {
		nap(AGE_MS);
		kill(getpid(), SIGKILL);
	} else if (!strcmp(name, "ex-threads")) {
		spawn(&a, thread_sleeps, "threads.tid1");
		spawn(&b, thread_sleeps, "threads.tid2");
		pthread_join(a, NULL);
		pthread_join(b, NULL);
		_exit(0);
	} else if (!strcmp(name, "ex-group")) {
		spawn(&a, thread_exits_group, NULL);
		for (;;)
			pause();
	} else if (!strcmp(name, "ex-leader")) {
		spawn(&a, thread_exits_last, NULL);
		pthread_exit(NULL);
	}
	_exit(122);
}

static const struct {
	const char *name;
	const char *key;
	int status; /* raw wait() status; LEADER_STATUS: as the kernel's version has it */
} children[] = {
	{ "ex-code", "code.pid", 3 << 8 },
	{ "ex-kill", "kill.pid", SIGKILL },
	{ "ex-threads", "threads.pid", 0 },
	{ "ex-group", "group.pid", 7 << 8 },
	{ "ex-leader", "leader.pid", LEADER_STATUS },
};

#define N_CHILDREN (sizeof(children) / sizeof(children[0]))

int main(int argc, char **argv)
{
	pid_t pids[N_CHILDREN];
	int status, bad = 0;
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: exiter FACTS\n");
		return 2;
	}
	facts_fd = open(argv[1], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (facts_fd < 0)
		return 2;
	for (i = 0; i < N_CHILDREN; i++) {
		pids[i] = fork();
		if (pids[i] < 0)
			return 1;
		if (pids[i] == 0)
			run_child(children[i].name);
		fact(children[i].key, pids[i]);
	}
	for (i = 0; i < N_CHILDREN; i++) {
		if (waitpid(pids[i], &status, 0) != pids[i])
			return 1;
		if (children[i].status == LEADER_STATUS) {
			fact("leader.status", status);
			if (status == 9 << 8 || status == 0)
				continue;
		}
		if (status != children[i].status) {
			fprintf(stderr, "exiter: %s: status %#x, expected %#x\n", children[i].name,
				status, children[i].status);
			bad = 1;
		}
	}
	return bad;
}
