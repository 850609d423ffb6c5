// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * migrator compact MIB
 * migrator move PAGES
 * migrator misplace PAGES SECONDS
 *
 * Makes page migrations for numamove's tests.
 *
 * compact: allocates and touches MIB MiB, frees every other page
 * (madvise(MADV_DONTNEED)) so that the rest is scattered, then writes 1 to
 * /proc/sys/vm/compact_memory. Compaction runs in the writer's context:
 * every migrate_pages() call it makes (reason compaction) is this
 * process's, whoever's pages it moves. Repeated, keeping what it holds,
 * until /proc/vmstat's pgmigrate_success grew by 64 pages (at most 8
 * rounds). Needs root.
 *
 * move: touches PAGES pages, then move_pages(2)s each to another node than
 * the one it is on (reason syscall_or_cpuset) and prints how many moved
 * ("moved N") on stdout; exits 1 unless every page moved, 3 if the machine
 * has one node.
 *
 * misplace: touches PAGES pages, moves them all to the second node (as
 * move does), then reads them over and over from the CPU it runs on (node
 * 0's, where the CPUs are: scripts/vm), busy, for up to SECONDS, until automatic
 * NUMA balancing (kernel.numa_balancing, which the caller sets) has moved
 * every one back to the first node (reason numa_misplaced). Prints how many
 * it moved back ("returned N"); exits 1 unless all, 3 if the machine has
 * one node.
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
#include <time.h>
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

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* COUNT pages, touched, in pages[]. */
static char *touched(long count, void ***pages)
{
	long page = sysconf(_SC_PAGESIZE), i;
	char *mem = mmap(NULL, count * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);

	*pages = calloc(count, sizeof(**pages));
	if (mem == MAP_FAILED || !*pages)
		return NULL;
	memset(mem, 1, count * page);
	for (i = 0; i < count; i++)
		(*pages)[i] = mem + i * page;
	return mem;
}

/* How many of the pages are on node `on`. */
static long on_node(long count, void **pages, int on)
{
	int *where = calloc(count, sizeof(int));
	long i, n = 0;

	if (!where || syscall(SYS_move_pages, 0, count, pages, NULL, where, 0))
		return -1;
	for (i = 0; i < count; i++)
		n += where[i] == on;
	free(where);
	return n;
}

/* Each page moved to the node given in `to` (the same for all if `all` >= 0): how many moved. */
static long moved_to(long count, void **pages, int *to, int all)
{
	int *status = calloc(count, sizeof(int));
	long i, n = 0;

	if (!status)
		return -1;
	for (i = 0; all >= 0 && i < count; i++)
		to[i] = all;
	if (syscall(SYS_move_pages, 0, count, pages, to, status, MPOL_MF_MOVE))
		return -1;
	for (i = 0; i < count; i++)
		n += status[i] == to[i];
	free(status);
	return n;
}

static void need_two_nodes(int node[2])
{
	if (nodes(node) < 2) {
		fprintf(stderr, "migrator: one NUMA node\n");
		exit(3);
	}
}

static int move(long count)
{
	int *where = calloc(count, sizeof(int)), *to = calloc(count, sizeof(int)), node[2];
	void **pages;
	long i, moved;

	need_two_nodes(node);
	if (!where || !to || !touched(count, &pages) ||
	    syscall(SYS_move_pages, 0, count, pages, NULL, where, 0))
		return -1;
	for (i = 0; i < count; i++)
		to[i] = where[i] == node[0] ? node[1] : node[0];
	moved = moved_to(count, pages, to, -1);
	if (moved < 0)
		return -1;
	printf("moved %ld\n", moved);
	if (moved != count) {
		fprintf(stderr, "migrator: moved %ld pages of %ld\n", moved, count);
		exit(1);
	}
	return 0;
}

static int misplace(long count, double seconds)
{
	int *to = calloc(count, sizeof(int)), node[2];
	long page = sysconf(_SC_PAGESIZE), i, back = 0;
	volatile char sum = 0;
	double deadline, next = 0;
	void **pages;
	char *mem;

	need_two_nodes(node);
	mem = to ? touched(count, &pages) : NULL;
	if (!mem || moved_to(count, pages, to, node[1]) != count)
		return -1;
	/* busy: NUMA balancing scans a task's memory from its scheduler ticks */
	for (deadline = now_s() + seconds; back < count && now_s() < deadline;) {
		for (i = 0; i < count * page; i += page)
			sum += mem[i];
		if (now_s() >= next) {
			back = on_node(count, pages, node[0]);
			if (back < 0)
				return -1;
			next = now_s() + 0.1;
		}
	}
	printf("returned %ld\n", back);
	if (back != count) {
		fprintf(stderr, "migrator: %ld pages of %ld returned\n", back, count);
		exit(1);
	}
	return 0;
}

int main(int argc, char **argv)
{
	long n = argc >= 3 ? atol(argv[2]) : 0;

	if (argc == 3 && n > 0 && !strcmp(argv[1], "compact"))
		return compact(n) ? perror("migrator"), 1 : 0;
	if (argc == 3 && n > 0 && !strcmp(argv[1], "move"))
		return move(n) ? perror("migrator"), 1 : 0;
	if (argc == 4 && n > 0 && atof(argv[3]) > 0 && !strcmp(argv[1], "misplace"))
		return misplace(n, atof(argv[3])) ? perror("migrator"), 1 : 0;
	fprintf(stderr, "usage: migrator compact MIB | migrator move PAGES | "
			"migrator misplace PAGES SECONDS\n");
	return 2;
}
