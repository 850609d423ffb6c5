// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cachefill PATH MiB
 *
 * Reads MiB of PATH (a file or block device) through the page cache, a MiB
 * at a time. Clean page cache is what reclaim frees without swap: run in a
 * memory cgroup smaller than MiB, this task reclaims its own pages again and
 * again. Exits 0 once it has read that much, 1 on an error or early end.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define CHUNK (1 << 20)

int main(int argc, char **argv)
{
	static char buf[CHUNK];
	long mib = argc > 2 ? atol(argv[2]) : 0, i;
	int fd;

	if (mib <= 0)
		return 2;
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	for (i = 0; i < mib; i++)
		if (read(fd, buf, CHUNK) != CHUNK) {
			fprintf(stderr, "cachefill: short read after %ld MiB\n", i);
			return 1;
		}
	close(fd);
	return 0;
}
