// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * preadloop N PATH: N 4 KiB pread()s of PATH's first 256 pages in turn,
 * read once before timing so that every timed one is a page-cache hit;
 * prints the mean ns per read. The bench's per-read loop for the
 * page-cache tools, whose hooks see each buffered read's lookup.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define PAGES 256

int main(int argc, char **argv)
{
	static char buf[4096];
	long n = argc == 3 ? atol(argv[1]) : 0, i;
	int fd = argc == 3 ? open(argv[2], O_RDONLY) : -1;
	struct timespec a, b;

	if (n <= 0 || fd < 0) {
		fprintf(stderr, "usage: preadloop N PATH (of at least 1 MiB)\n");
		return 2;
	}
	for (i = 0; i < PAGES; i++)
		if (pread(fd, buf, sizeof(buf), i * sizeof(buf)) != sizeof(buf))
			return 1;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++)
		if (pread(fd, buf, sizeof(buf), (i % PAGES) * sizeof(buf)) != sizeof(buf))
			return 1;
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.1f\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n);
	return 0;
}
