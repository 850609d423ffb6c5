// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * createloop N DIR: N rounds of open(DIR/createloop, O_CREAT) + close +
 * unlink; prints the mean ns per round. filelife's per-file cost: each
 * round is one creation and one deletion it reports.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc == 3 ? atol(argv[1]) : 0, i;
	struct timespec a, b;
	char path[4096];
	int fd;

	if (n <= 0) {
		fprintf(stderr, "usage: createloop N DIR\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/createloop", argv[2]);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++) {
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
		if (fd < 0 || close(fd) || unlink(path)) {
			perror("createloop");
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.0f\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n);
	return 0;
}
