// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * dio DEVICE COUNT [SECONDS]
 *
 * COUNT direct (O_DIRECT, page cache bypassed) 4 KiB reads from DEVICE, so
 * each read is one block request the tests can count; with SECONDS, fewer
 * if that time runs out first (a slow machine, an emulated one), for tests
 * that count the reads in /sys/block/DEVICE/stat rather than trust COUNT.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define BLOCK 4096

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double deadline = argc == 4 ? now_s() + atof(argv[3]) : 0;
	long count, i, blocks;
	void *buf;
	off_t size;
	int fd;

	if ((argc != 3 && argc != 4) || (count = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: dio DEVICE COUNT [SECONDS]\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_DIRECT);
	if (fd < 0 || posix_memalign(&buf, BLOCK, BLOCK)) {
		perror("dio");
		return 1;
	}
	size = lseek(fd, 0, SEEK_END);
	blocks = size / BLOCK > 0 ? size / BLOCK : 1;
	for (i = 0; i < count && (!deadline || now_s() < deadline); i++) {
		if (pread(fd, buf, BLOCK, (i % blocks) * BLOCK) != BLOCK) {
			perror("dio: pread");
			return 1;
		}
	}
	close(fd);
	return 0;
}
