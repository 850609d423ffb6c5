// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cacher PATH DIRTY_PAGES APPEND_PAGES
 *
 * Page-cache misses, hits and dirtied pages of known numbers in one file:
 * drops PATH's pages from the cache (posix_fadvise DONTNEED; PATH must be
 * clean, written back) and checks with mincore() that none is left, reads
 * it whole (every page a miss), reads it whole again (every page a hit),
 * then overwrites its first DIRTY_PAGES pages, which the cache holds clean
 * (each page dirtied once, none added), and appends APPEND_PAGES pages a
 * page at a time (each added, then dirtied: a write miss). Exits 0 when all that held, 3 if
 * pages stayed cached after the drop, 1 on another error.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK (1 << 20)

static int fail(const char *what)
{
	perror(what);
	return 1;
}

/* Read the file whole, from its start, in CHUNK reads. */
static int read_whole(int fd, off_t size, char *buf)
{
	off_t at;
	ssize_t n;

	for (at = 0; at < size; at += n) {
		n = pread(fd, buf, CHUNK, at);
		if (n <= 0)
			return -1;
	}
	return 0;
}

/* How many of the file's pages the cache holds. */
static long resident(int fd, off_t size, long page)
{
	size_t pages = (size + page - 1) / page, i;
	unsigned char *vec;
	void *map;
	long n = 0;

	if (!size) /* nothing to map */
		return 0;
	vec = malloc(pages);
	map = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	if (!vec || map == MAP_FAILED || mincore(map, size, vec))
		return -1;
	for (i = 0; i < pages; i++)
		n += vec[i] & 1;
	munmap(map, size);
	free(vec);
	return n;
}

int main(int argc, char **argv)
{
	static char buf[CHUNK];
	long page = sysconf(_SC_PAGESIZE), dirty = argc > 2 ? atol(argv[2]) : -1, left, i;
	long append = argc > 3 ? atol(argv[3]) : -1;
	struct stat st;
	int fd;

	if (argc != 4 || dirty < 0 || append < 0)
		return 2;
	fd = open(argv[1], O_RDWR | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st))
		return fail(argv[1]);
	if (dirty * page > st.st_size)
		return 2;
	if (posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED))
		return fail("posix_fadvise");
	left = resident(fd, st.st_size, page);
	if (left) {
		fprintf(stderr, "cacher: %ld pages still cached after the drop\n", left);
		return left < 0 ? 1 : 3;
	}
	if (read_whole(fd, st.st_size, buf) || read_whole(fd, st.st_size, buf))
		return fail("read");
	memset(buf, 'd', page);
	for (i = 0; i < dirty; i++)
		if (pwrite(fd, buf, page, i * page) != page)
			return fail("pwrite");
	for (i = 0; i < append; i++)
		if (pwrite(fd, buf, page, st.st_size + i * page) != page)
			return fail("pwrite");
	close(fd);
	return 0;
}
