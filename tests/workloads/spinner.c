// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * spinner SPIN_MS SLEEP_MS TIMES [FILE]
 *
 * TIMES rounds of spinning on the CPU for SPIN_MS milliseconds of the
 * thread's own CPU time (not wall time: on a busy machine a preempted spin
 * still runs its full share), then sleeping SLEEP_MS. So its time on the
 * CPU is known (cpudist's on-CPU test), and so is its time asleep
 * (cpudist -O). With FILE, it writes there, as it ends, three numbers in
 * nanoseconds: its time on the CPU as the kernel counts it (the first field
 * of /proc/self/task/TID/schedstat), the time it slept by the clock, and
 * its whole run by the clock.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void spin(long ms)
{
	long long until = now_ns(CLOCK_THREAD_CPUTIME_ID) + ms * 1000000LL;

	while (now_ns(CLOCK_THREAD_CPUTIME_ID) < until)
		;
}

static int write_times(const char *path, long long slept, long long elapsed)
{
	unsigned long long oncpu = 0;
	char stat_path[64];
	FILE *f;

	snprintf(stat_path, sizeof(stat_path), "/proc/self/task/%d/schedstat", gettid());
	f = fopen(stat_path, "r");
	if (!f || fscanf(f, "%llu", &oncpu) != 1)
		return 1;
	fclose(f);
	f = fopen(path, "w");
	if (!f)
		return 1;
	fprintf(f, "%llu %lld %lld\n", oncpu, slept, elapsed);
	return fclose(f) ? 1 : 0;
}

int main(int argc, char **argv)
{
	long spin_ms, sleep_ms, times, i;
	long long start = now_ns(CLOCK_MONOTONIC), slept = 0, t;
	struct timespec nap;

	if (argc < 4 || (spin_ms = atol(argv[1])) < 0 || (sleep_ms = atol(argv[2])) < 0 ||
	    (times = atol(argv[3])) < 0) {
		fprintf(stderr, "usage: spinner SPIN_MS SLEEP_MS TIMES [FILE]\n");
		return 2;
	}
	nap = (struct timespec){ sleep_ms / 1000, (sleep_ms % 1000) * 1000000 };
	for (i = 0; i < times; i++) {
		spin(spin_ms);
		t = now_ns(CLOCK_MONOTONIC);
		if (sleep_ms && nanosleep(&nap, NULL))
			return 1;
		slept += now_ns(CLOCK_MONOTONIC) - t;
	}
	return argc > 4 ? write_times(argv[4], slept, now_ns(CLOCK_MONOTONIC) - start) : 0;
}
