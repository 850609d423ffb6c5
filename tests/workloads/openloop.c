// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * openloop N [getppid | PATH]: N openat()+close() of PATH (/dev/null), or
 * N getppid() calls; prints the mean ns per pair or call. The bench's
 * per-event loop: opensnoop's hooks see the opens, syscount's see every
 * call; a deeper PATH shows what a tracer's per-component work costs.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

int main(int argc, char **argv)
{
	long n = argc >= 2 ? atol(argv[1]) : 0, i;
	int ppid = argc == 3 && !strcmp(argv[2], "getppid");
	struct timespec a, b;
	const char *path = argc == 3 && !ppid ? argv[2] : "/dev/null";

	if (n <= 0 || argc > 3) {
		fprintf(stderr, "usage: openloop N [getppid | PATH]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++) {
		if (ppid)
			syscall(SYS_getppid); /* the call itself, as syscaller makes it */
		else
			close(openat(AT_FDCWD, path, O_RDONLY));
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.1f\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n);
	return 0;
}
