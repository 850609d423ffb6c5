// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * renamer PREFIX THREADS SECONDS
 *
 * A kernel lock storm for klockstat: THREADS threads (the main one too) each move a file of
 * their own back and forth between two directories, PREFIX.a and PREFIX.b,
 * for SECONDS. A rename across directories takes the superblock's
 * s_vfs_rename_mutex (lock_rename()), then both directories' i_rwsem, so
 * every thread queues on the same mutex and the same two rwsems. On one
 * CPU a waiter needs a holder that sleeps or is preempted while it holds;
 * with more threads than CPUs that happens at every tick that lands there.
 * Everything it made is removed at the end; it exits 0 only if every
 * rename succeeded.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 64

static const char *prefix;
static double seconds;
static atomic_int failed;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *mover(void *arg)
{
	long id = (long)arg;
	char a[4096], b[4096];
	double end = now() + seconds;
	FILE *f;

	snprintf(a, sizeof(a), "%s.a/f%ld", prefix, id);
	snprintf(b, sizeof(b), "%s.b/f%ld", prefix, id);
	f = fopen(a, "w");
	if (!f) {
		failed = 1;
		return NULL;
	}
	fclose(f);
	while (now() < end) {
		if (rename(a, b) || rename(b, a)) {
			failed = 1;
			break;
		}
	}
	unlink(a);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[MAX_THREADS];
	char dir[2][4096];
	long n, i;

	if (argc != 4 || (n = atol(argv[2])) < 1 || n > MAX_THREADS || atof(argv[3]) <= 0) {
		fprintf(stderr, "usage: renamer PREFIX THREADS SECONDS\n");
		return 2;
	}
	prefix = argv[1];
	seconds = atof(argv[3]);
	for (i = 0; i < 2; i++) {
		snprintf(dir[i], sizeof(dir[i]), "%s.%c", prefix, (int)('a' + i));
		if (mkdir(dir[i], 0700)) {
			perror(dir[i]);
			return 1;
		}
	}
	/* the main thread moves too: a -t filter on the workload's pid sees its waits */
	for (i = 1; i < n; i++)
		if (pthread_create(&t[i], NULL, mover, (void *)i))
			return 1;
	mover(0);
	for (i = 1; i < n; i++)
		pthread_join(t[i], NULL);
	rmdir(dir[0]);
	rmdir(dir[1]);
	return failed;
}
