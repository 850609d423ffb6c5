/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * For the workloads whose work is bounded by time rather than by a count
 * (syscaller --for, futexer pingfor, pingpong hog): a test in an emulated
 * VM must not wait forty times as long as on the host. Static inline in a header, as
 * loopnet.h: each workload stays one .c the Makefile builds alone.
 */
#ifndef SONDE_WORKLOADS_DEADLINE_H
#define SONDE_WORKLOADS_DEADLINE_H

#include <time.h>

/* CLOCK_MONOTONIC in nanoseconds. */
static inline long long monotonic_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* The monotonic time `ms` milliseconds from now, for deadline_passed(). */
static inline long long deadline_in_ms(long ms)
{
	return monotonic_ns() + ms * 1000000LL;
}

static inline int deadline_passed(long long deadline)
{
	return monotonic_ns() >= deadline;
}

#endif
