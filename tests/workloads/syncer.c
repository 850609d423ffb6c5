// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * syncer FILE
 *
 * Writes 16 KiB to FILE through descriptor 42 and flushes it with each sync
 * call: sync(), syncfs(), fsync(), fdatasync(), sync_file_range(4096, 8192,
 * WRITE|WAIT_AFTER) and msync(MS_SYNC) of a shared mapping at the fixed
 * address 0x500000000000. Then three calls fail: fsync(99) with EBADF,
 * msync() of an unaligned address and sync_file_range() with an unknown flag,
 * both with EINVAL.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define FD	 42
#define BAD_FD	 99
#define SIZE	 16384
#define MAP_ADDR ((void *)0x500000000000UL)

int main(int argc, char **argv)
{
	static char buf[SIZE];
	char *map;
	int fd;

	if (argc != 2)
		return 2;
	fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || dup2(fd, FD) != FD)
		return 1;
	memset(buf, 'x', sizeof(buf));
	if (write(FD, buf, sizeof(buf)) != sizeof(buf))
		return 1;
	map = mmap(MAP_ADDR, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED_NOREPLACE, FD, 0);
	if (map != MAP_ADDR)
		return 1;
	map[0] = 'y';

	sync();
	syncfs(FD);
	fsync(FD);
	fdatasync(FD);
	sync_file_range(FD, 4096, 8192, SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
	msync(map, SIZE, MS_SYNC);

	fsync(BAD_FD);
	msync(map + 1, 10, MS_SYNC);
	sync_file_range(FD, 0, 0, 0x8);
	return 0;
}
