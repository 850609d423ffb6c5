// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Wall-clock time for kernel timestamps (clock.h). */
#include <time.h>

#include "clock.h"
#include "namespaces.h"

/* CLOCK_REALTIME minus the host's CLOCK_MONOTONIC, in nanoseconds. */
static __s64 epoch_offset_ns(void)
{
	struct timespec mono, real;
	__s64 timens_ns = timens_monotonic_offset();

	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &real);
	return (__s64)(real.tv_sec - mono.tv_sec) * 1000000000 + (real.tv_nsec - mono.tv_nsec) +
	       timens_ns;
}

/*
 * The offset is read once (both clocks advance together) and kept in whole
 * nanoseconds, the seconds derived from them: a recording that keeps the
 * nanoseconds (common/replay.h) gives its replay the very same seconds.
 */
static __s64 offset_ns;
static double offset;
static int known;

void clock_set_epoch_offset_ns(__s64 ns)
{
	offset_ns = ns;
	offset = ns / 1e9;
	known = 1;
}

__s64 clock_epoch_offset_ns(void)
{
	if (!known)
		clock_set_epoch_offset_ns(epoch_offset_ns());
	return offset_ns;
}

double ktime_to_epoch(__u64 ktime_ns)
{
	if (!known)
		clock_set_epoch_offset_ns(epoch_offset_ns());
	return ktime_ns / 1e9 + offset;
}

void format_hms(char buf[9], time_t t)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, 9, "%H:%M:%S", &tm);
}

void local_hms(char buf[9])
{
	format_hms(buf, time(NULL));
}

__u64 monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}
