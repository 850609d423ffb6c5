// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * migrator compact MIB
 * migrator move PAGES
 *
 * Makes page migrations for numamove's tests.
 *
 * compact: allocates and touches MIB MiB, frees every other page
 * (madvise(MADV_DONTNEED)) so that the rest is scattered, then writes 1 to
 * /proc/sys/vm/compact_memory. Compaction runs in the writer's context:
 * every migrate_pages() call it makes (reason compaction) is this
 * process's, whoever's pages it moves. Repeated, keeping what it holds,
 * until /proc/vmstat's pgmigrate_success grew by 64 pages (at most 8 rounds); prints
 * "rounds N". Needs root.
 *
 * move: touches PAGES pages, then move_pages(2)s each to another node than
 * the one it is on (reason syscall_or_cpuset) and prints how many moved
 * ("moved N") on stdout; exits 1 unless every page moved, 3 if the machine
 * has one node.
 *
 * Exits 1 at the first call that fails.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MPOL_MF_MOVE (1 << 1)

/* /proc/vmstat's pgmigrate_success: pages migrated, for every reason, since boot. */
static long long migrated(void)
{
	FILE *f = fopen("/proc/vmstat", "r");
	long long n = -1;
	char name[64];
	long long v;

	while (f && fscanf(f, "%63s %lld", name, &v) == 2)
		if (!strcmp(name, "pgmigrate_success"))
			n = v;
	if (f)
		fclose(f);
	return n;
}

/*
 * MIB MiB touched, every other page freed, then memory compacted; again
 * (the earlier rounds kept, more to move) until a round migrated pages,
 * at most ROUNDS times: a compaction just after another may find nothing
 * (or next to nothing) to move.
 */
#define ROUNDS 8
#define ENOUGH 64 /* pages: more than a stray migration elsewhere meanwhile */

static int compact(long mib)
{
	long page = sysconf(_SC_PAGESIZE), len = mib << 20, off;
	char *mem[ROUNDS];
	long long before;
	int fd, round;

	for (round = 0; round < ROUNDS; round++) {
		mem[round] =
			mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (mem[round] == MAP_FAILED)
			return -1;
		madvise(mem[round], len, MADV_NOHUGEPAGE); /* base pages, freed one by one */
		memset(mem[round], 1, len);
		for (off = 0; off < len; off += 2 * page)
			if (madvise(mem[round] + off, page, MADV_DONTNEED))
				return -1;
		before = migrated();
		fd = open("/proc/sys/vm/compact_memory", O_WRONLY);
		if (fd < 0 || write(fd, "1", 1) != 1 || close(fd))
			return -1;
		if (migrated() >= before + ENOUGH)
			break;
	}
	round = round < ROUNDS ? round + 1 : ROUNDS;
	printf("rounds %d\n", round);
	while (round-- > 0)
		munmap(mem[round], len);
	return 0;
}

/* The nodes this machine has online, from /sys: how many, and the first two. */
static int nodes(int first[2])
{
	char buf[256];
	int fd = open("/sys/devices/system/node/online", O_RDONLY), a, b, n = 0;
	ssize_t len;
	char *p;

	if (fd < 0)
		return 1;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return 1;
	buf[len] = 0;
	for (p = strtok(buf, ",\n"); p; p = strtok(NULL, ",\n")) {
		if (sscanf(p, "%d-%d", &a, &b) != 2)
			b = a = atoi(p);
		for (; a <= b; a++, n++)
			if (n < 2)
				first[n] = a;
	}
	return n;
}

static int move(long count)
{
	long page = sysconf(_SC_PAGESIZE), i, moved = 0;
	char *mem = mmap(NULL, count * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
	void **pages = calloc(count, sizeof(*pages));
	int *where = calloc(count, sizeof(int)), *to = calloc(count, sizeof(int));
	int *status = calloc(count, sizeof(int)), node[2];

	if (nodes(node) < 2) {
		fprintf(stderr, "migrator: one NUMA node\n");
		exit(3);
	}
	if (mem == MAP_FAILED || !pages || !where || !to || !status)
		return -1;
	memset(mem, 1, count * page);
	for (i = 0; i < count; i++)
		pages[i] = mem + i * page;
	/* where each page is now */
	if (syscall(SYS_move_pages, 0, count, pages, NULL, where, 0))
		return -1;
	for (i = 0; i < count; i++)
		to[i] = where[i] == node[0] ? node[1] : node[0];
	if (syscall(SYS_move_pages, 0, count, pages, to, status, MPOL_MF_MOVE))
		return -1;
	for (i = 0; i < count; i++)
		moved += status[i] == to[i];
	printf("moved %ld\n", moved);
	if (moved != count) {
		fprintf(stderr, "migrator: moved %ld pages of %ld\n", moved, count);
		exit(1);
	}
	return 0;
}

int main(int argc, char **argv)
{
	long n;

	if (argc != 3 || (n = atol(argv[2])) <= 0 ||
	    (strcmp(argv[1], "compact") && strcmp(argv[1], "move"))) {
		fprintf(stderr, "usage: migrator compact MIB | migrator move PAGES\n");
		return 2;
	}
	if (!strcmp(argv[1], "compact") ? compact(n) : move(n)) {
		perror("migrator");
		return 1;
	}
	return 0;
}
