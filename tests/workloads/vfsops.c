// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * vfsops DIR COUNT
 *
 * COUNT rounds in DIR, each one of every operation vfsstat counts: a file
 * created and opened (O_CREAT|O_EXCL), written (64 bytes at 8 KiB, by
 * lseek() and write()), fsync()ed, read with pread() (64 bytes at 4 KiB, a
 * hole, where the file's position is not), closed and unlinked; then a directory made and removed (rmdir,
 * which is not an unlink). Last, one write of "vfsops" to /dev/null: a
 * file that is not a regular one (fileslower -a). Exits 1 at the first
 * call that fails.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define WRITE_AT 8192
#define READ_AT	 4096

static int round_trip(const char *dir, long i)
{
	char file[4096], sub[4096], buf[64] = "vfsops";
	int fd;

	snprintf(file, sizeof(file), "%s/file-%ld", dir, i);
	snprintf(sub, sizeof(sub), "%s/dir-%ld", dir, i);
	fd = open(file, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd < 0 || lseek(fd, WRITE_AT, SEEK_SET) != WRITE_AT ||
	    write(fd, buf, sizeof(buf)) != sizeof(buf) || fsync(fd) ||
	    pread(fd, buf, sizeof(buf), READ_AT) != sizeof(buf) || close(fd) || unlink(file))
		return -1;
	return mkdir(sub, 0700) || rmdir(sub) ? -1 : 0;
}

int main(int argc, char **argv)
{
	long count, i;
	int fd;

	if (argc != 3 || (count = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: vfsops DIR COUNT\n");
		return 2;
	}
	for (i = 0; i < count; i++)
		if (round_trip(argv[1], i)) {
			perror("vfsops");
			return 1;
		}
	fd = open("/dev/null", O_WRONLY);
	if (fd < 0 || write(fd, "vfsops", 6) != 6 || close(fd)) {
		perror("vfsops: /dev/null");
		return 1;
	}
	return 0;
}
