// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * shortlived DIR
 *
 * Files of known ages in DIR (which must exist), for filelife:
 *   young   open(O_CREAT) of its whole path, unlink() of it 0.2 s later
 *   b/same  the same, beside a/same: a name two live files share
 *   b/kept  unlink() of it, which fails (no such file): no deletion
 *   old     openat(O_CREAT) by a directory descriptor, unlinkat() of it
 *           by the same 1.1 s later
 *   a/same  creat(), unlink() 1.1 s later
 *   kept    created and left (the caller removes it)
 *   moving  created, renamed to a/moved 0.2 s later, which is unlinked
 *           1.1 s after the creation
 *   victim  created, replaced 0.2 s later by replacer's rename over it
 *           (a deletion); replacer, now named victim, is left
 * Exits 1 at the first call that fails unexpectedly.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define YOUNG_NS 200000000L  /* 0.2 s */
#define OLD_NS	 1100000000L /* 1.1 s */

static const char *dir;

static const char *in_dir(const char *name)
{
	static char path[4][4096];
	static int next;
	char *p = path[next++ & 3];

	snprintf(p, sizeof(path[0]), "%s/%s", dir, name);
	return p;
}

static int made(int fd)
{
	return fd < 0 ? -1 : close(fd);
}

static void nap(long ns)
{
	struct timespec ts = { ns / 1000000000L, ns % 1000000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

int main(int argc, char **argv)
{
	int dfd;

	if (argc != 2) {
		fprintf(stderr, "usage: shortlived DIR\n");
		return 2;
	}
	dir = argv[1];
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dfd < 0 || mkdir(in_dir("a"), 0700) || mkdir(in_dir("b"), 0700) ||
	    made(creat(in_dir("a/same"), 0600)) ||
	    made(open(in_dir("b/same"), O_WRONLY | O_CREAT | O_EXCL, 0600)) ||
	    made(open(in_dir("young"), O_WRONLY | O_CREAT | O_EXCL, 0600)) ||
	    made(openat(dfd, "old", O_WRONLY | O_CREAT | O_EXCL, 0600)) ||
	    made(open(in_dir("kept"), O_WRONLY | O_CREAT | O_EXCL, 0600)) ||
	    made(open(in_dir("moving"), O_WRONLY | O_CREAT | O_EXCL, 0600)) ||
	    made(open(in_dir("victim"), O_WRONLY | O_CREAT | O_EXCL, 0600)) ||
	    made(open(in_dir("replacer"), O_WRONLY | O_CREAT | O_EXCL, 0600))) {
		perror("shortlived: create");
		return 1;
	}
	nap(YOUNG_NS);
	if (unlink(in_dir("young")) || unlink(in_dir("b/same")) ||
	    rename(in_dir("moving"), in_dir("a/moved")) ||
	    renameat(dfd, "replacer", dfd, "victim")) {
		perror("shortlived: unlink or rename");
		return 1;
	}
	if (unlink(in_dir("b/kept")) == 0 || errno != ENOENT) {
		fprintf(stderr, "shortlived: b/kept: not ENOENT\n");
		return 1;
	}
	nap(OLD_NS - YOUNG_NS);
	if (unlinkat(dfd, "old", 0) || unlink(in_dir("a/same")) || unlink(in_dir("a/moved"))) {
		perror("shortlived: unlink");
		return 1;
	}
	return 0;
}
