// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * statter FILE MISSING
 *
 * Calls each stat-family syscall once on FILE (through descriptor 40 for the
 * descriptor calls), then fails some on MISSING (ENOENT) and on descriptor
 * 99 (EBADF). Raw syscalls: libc routes stat() and fstat() through
 * newfstatat, and the tests want each call as itself. Calls this
 * architecture lacks (stat and lstat on arm64) are skipped. Every path is in
 * memory already touched (argv, the stack), so a tracer can read it as the
 * call begins: a string literal may sit in a page nothing has read yet.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#define FD     40
#define BAD_FD 99

int main(int argc, char **argv)
{
	const char *file, *missing;
	struct statfs sfs;
	struct statx stx;
	struct stat st;
	char empty[] = "";
	int fd;

	if (argc != 3)
		return 2;
	file = argv[1];
	missing = argv[2];
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || dup2(fd, FD) != FD)
		return 1;
#ifdef SYS_stat
	syscall(SYS_stat, file, &st);
	syscall(SYS_lstat, file, &st);
	syscall(SYS_stat, missing, &st);
#endif
	syscall(SYS_fstat, FD, &st);
	syscall(SYS_newfstatat, AT_FDCWD, file, &st, AT_SYMLINK_NOFOLLOW);
	syscall(SYS_newfstatat, FD, empty, &st, AT_EMPTY_PATH);
	syscall(SYS_statx, AT_FDCWD, file, AT_STATX_DONT_SYNC, STATX_BASIC_STATS, &stx);
	syscall(SYS_statfs, file, &sfs);
	syscall(SYS_fstatfs, FD, &sfs);
	syscall(SYS_statx, AT_FDCWD, missing, 0, STATX_BASIC_STATS, &stx);
	syscall(SYS_fstat, BAD_FD, &st);
	syscall(SYS_statfs, missing, &sfs);
	return 0;
}
