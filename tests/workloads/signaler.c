// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * signaler FACTS
 *
 * Forks a child ("sig-child") that blocks every signal but SIGUSR2, which it
 * ignores, and appends "child PID" to FACTS. Then, to the child, in order:
 *   kill SIGUSR1 (delivered: pending), kill SIGUSR1 again (already pending),
 *   kill SIGUSR2 (ignored), sigqueue SIGRTMIN+1, tgkill SIGRTMIN+2,
 *   tkill SIGRTMIN+3, rt_tgsigqueueinfo SIGRTMIN+4, pidfd_send_signal
 *   SIGRTMIN+5; kill SIGTERM to pid INT_MAX (fails, ESRCH); kill SIGKILL.
 * Exits 0 if every call did what it should and the child died of SIGKILL.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void child_waits(int ready_fd)
{
	sigset_t all;
	char c;

	prctl(PR_SET_NAME, "sig-child");
	prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive a signaler that failed half-way */
	sigfillset(&all);
	sigdelset(&all, SIGUSR2); /* a blocked signal is never ignored: leave it open */
	sigprocmask(SIG_BLOCK, &all, NULL);
	signal(SIGUSR2, SIG_IGN);
	if (write(ready_fd, "r", 1) != 1)
		_exit(120);
	for (;;)
		if (read(0, &c, 1) == 0)
			pause(); /* stdin at EOF: wait for SIGKILL all the same */
}

static int queue_info(pid_t pid, int sig)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	si.si_signo = sig;
	si.si_code = SI_QUEUE;
	si.si_pid = getpid();
	si.si_uid = getuid();
	return syscall(SYS_rt_tgsigqueueinfo, pid, pid, sig, &si);
}

static int send_all(pid_t child)
{
	int pidfd = syscall(SYS_pidfd_open, child, 0);
	int bad = 0;

	bad |= kill(child, SIGUSR1) != 0;
	bad |= kill(child, SIGUSR1) != 0;
	bad |= kill(child, SIGUSR2) != 0;
	bad |= sigqueue(child, SIGRTMIN + 1, (union sigval){ .sival_int = 1 }) != 0;
	bad |= syscall(SYS_tgkill, child, child, SIGRTMIN + 2) != 0;
	bad |= syscall(SYS_tkill, child, SIGRTMIN + 3) != 0;
	bad |= queue_info(child, SIGRTMIN + 4) != 0;
	bad |= pidfd < 0 || syscall(SYS_pidfd_send_signal, pidfd, SIGRTMIN + 5, NULL, 0) != 0;
	bad |= kill(INT_MAX, SIGTERM) != -1 || errno != ESRCH;
	bad |= kill(child, SIGKILL) != 0;
	if (pidfd >= 0)
		close(pidfd);
	return bad;
}

int main(int argc, char **argv)
{
	int ready[2], status, bad;
	pid_t child;
	FILE *facts;
	char c;

	if (argc != 2 || pipe(ready)) {
		fprintf(stderr, "usage: signaler FACTS\n");
		return 2;
	}
	child = fork();
	if (child < 0)
		return 1;
	if (child == 0)
		child_waits(ready[1]);
	facts = fopen(argv[1], "ae");
	if (!facts || fprintf(facts, "child %d\n", child) < 0 || fclose(facts))
		return 1;
	if (read(ready[0], &c, 1) != 1)
		return 1;
	bad = send_all(child);
	if (waitpid(child, &status, 0) != child || !WIFSIGNALED(status) ||
	    WTERMSIG(status) != SIGKILL)
		bad = 1;
	return bad;
}
