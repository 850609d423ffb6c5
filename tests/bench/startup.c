// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * startup TOOL [ARGS...]: start TOOL -v, time launch to "ready:" on its
 * stderr, stop it with SIGINT, and print
 * "<ms to attached> <peak RSS KiB> <RSS KiB while tracing>".
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* VmRSS of a running process. */
static long rss_kib(pid_t pid)
{
	char path[64], line[256];
	long kib = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	char line[4096], *args[64];
	double start, ready = -1;
	long steady;
	struct rusage ru;
	int fds[2], status, i;
	FILE *err;
	pid_t pid;

	if (argc < 2 || argc > 60) {
		fprintf(stderr, "usage: startup TOOL [ARGS...]\n");
		return 2;
	}
	args[0] = argv[1];
	args[1] = "-v";
	for (i = 2; i < argc; i++)
		args[i] = argv[i];
	args[argc] = NULL;
	if (pipe(fds))
		return 1;
	start = now_ms();
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 2);
		close(fds[0]);
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execv(argv[1], args);
		_exit(127);
	}
	close(fds[1]);
	err = fdopen(fds[0], "r");
	while (fgets(line, sizeof(line), err))
		if (strstr(line, ": ready: ")) {
			ready = now_ms() - start;
			break;
		}
	usleep(200000); /* settled into its loop */
	steady = rss_kib(pid);
	kill(pid, SIGINT);
	while (fgets(line, sizeof(line), err))
		;
	wait4(pid, &status, 0, &ru);
	if (ready < 0) {
		fprintf(stderr, "startup: %s never attached\n", argv[1]);
		return 1;
	}
	printf("%.1f %ld %ld\n", ready, ru.ru_maxrss, steady);
	return 0;
}
