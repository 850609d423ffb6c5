// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * dio [-w] [-s] [-b BYTES] [-r] DEVICE COUNT [SECONDS]
 *
 * COUNT direct (O_DIRECT, page cache bypassed) reads of 4 KiB, or BYTES,
 * from DEVICE (-w: writes of zeros), so each is one block request the
 * tests can count: one after the other from offset 0 (wrapping at the end
 * of the device), or with -r at random block offsets (a fixed seed, so
 * every run makes the same ones). With SECONDS, fewer if that time runs
 * out first (a slow machine, an emulated one), for tests that count the
 * requests in /sys/block/DEVICE/stat rather than trust COUNT. With -s,
 * each is followed by an fsync(), which on a block device sends the disk
 * one flush (mdflush's tests count them).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define ALIGN 4096

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int usage(void)
{
	fprintf(stderr, "usage: dio [-w] [-s] [-b BYTES] [-r] DEVICE COUNT [SECONDS]\n");
	return 2;
}

int main(int argc, char **argv)
{
	bool write = false, random = false, sync = false;
	long count, i, blocks, bytes = 4096, block;
	unsigned long long seed = 42;
	double deadline = 0;
	void *buf;
	ssize_t done;
	off_t size;
	int fd, opt;

	while ((opt = getopt(argc, argv, "wsb:r")) != -1) {
		if (opt == 'w')
			write = true;
		else if (opt == 's')
			sync = true;
		else if (opt == 'b')
			bytes = atol(optarg);
		else if (opt == 'r')
			random = true;
		else
			return usage();
	}
	if ((argc - optind != 2 && argc - optind != 3) || (count = atol(argv[optind + 1])) <= 0 ||
	    bytes <= 0 || bytes % 512)
		return usage();
	if (argc - optind == 3)
		deadline = now_s() + atof(argv[optind + 2]);
	fd = open(argv[optind], (write ? O_WRONLY : O_RDONLY) | O_DIRECT);
	if (fd < 0 || posix_memalign(&buf, ALIGN, bytes)) {
		perror("dio");
		return 1;
	}
	memset(buf, 0, bytes);
	size = lseek(fd, 0, SEEK_END);
	blocks = size / bytes > 0 ? size / bytes : 1;
	for (i = 0; i < count && (!deadline || now_s() < deadline); i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		block = random ? (long)((seed >> 33) % blocks) : i % blocks;
		done = write ? pwrite(fd, buf, bytes, block * bytes)
			     : pread(fd, buf, bytes, block * bytes);
		if (done != bytes) {
			perror(write ? "dio: pwrite" : "dio: pread");
			return 1;
		}
		if (sync && fsync(fd)) {
			perror("dio: fsync");
			return 1;
		}
	}
	close(fd);
	return 0;
}
