// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * openloop N [getppid | read | PATH]: N openat()+close() of PATH
 * (/dev/null), N getppid() calls, or N one-byte read()s of /dev/zero;
 * prints the mean ns per pair or call. The bench's per-event loop:
 * opensnoop's hooks see the opens, syscount's see every call, the file
 * tools' the reads; a deeper PATH shows what a tracer's per-component
 * work costs.
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
	int reads = argc == 3 && !strcmp(argv[2], "read");
	const char *path = argc == 3 && !ppid && !reads ? argv[2] : "/dev/null";
	int zero = reads ? open("/dev/zero", O_RDONLY) : -1;
	struct timespec a, b;
	char byte;

	if (n <= 0 || argc > 3 || (reads && zero < 0)) {
		fprintf(stderr, "usage: openloop N [getppid | read | PATH]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++) {
		if (ppid)
			syscall(SYS_getppid); /* the call itself, as syscaller makes it */
		else if (reads && read(zero, &byte, 1) != 1)
			return 1;
		else if (!reads)
			close(openat(AT_FDCWD, path, O_RDONLY));
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.1f\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n);
	return 0;
}
