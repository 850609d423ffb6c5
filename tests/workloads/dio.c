// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * dio DEVICE COUNT
 *
 * COUNT direct (O_DIRECT, page cache bypassed) 4 KiB reads from DEVICE, so
 * each read is one block request the tests can count.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define BLOCK 4096

int main(int argc, char **argv)
{
	long count, i, blocks;
	void *buf;
	off_t size;
	int fd;

	if (argc != 3 || (count = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: dio DEVICE COUNT\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_DIRECT);
	if (fd < 0 || posix_memalign(&buf, BLOCK, BLOCK)) {
		perror("dio");
		return 1;
	}
	size = lseek(fd, 0, SEEK_END);
	blocks = size / BLOCK > 0 ? size / BLOCK : 1;
	for (i = 0; i < count; i++) {
		if (pread(fd, buf, BLOCK, (i % blocks) * BLOCK) != BLOCK) {
			perror("dio: pread");
			return 1;
		}
	}
	close(fd);
	return 0;
}
