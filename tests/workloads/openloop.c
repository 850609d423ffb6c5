// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* openloop N: N openat()+close() of /dev/null; prints the mean ns per pair. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec a, b;
	long n = argc == 2 ? atol(argv[1]) : 0, i;

	if (n <= 0) {
		fprintf(stderr, "usage: openloop N\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++)
		close(openat(AT_FDCWD, "/dev/null", O_RDONLY));
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.1f\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n);
	return 0;
}
