// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * openloop N [PATH]: N openat()+close() of PATH (/dev/null); prints the mean
 * ns per pair. A deeper PATH shows what a tracer's per-component work costs.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec a, b;
	long n = argc == 2 || argc == 3 ? atol(argv[1]) : 0, i;
	const char *path = argc == 3 ? argv[2] : "/dev/null";

	if (n <= 0) {
		fprintf(stderr, "usage: openloop N [PATH]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++)
		close(openat(AT_FDCWD, path, O_RDONLY));
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.1f\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n);
	return 0;
}
