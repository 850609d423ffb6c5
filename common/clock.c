// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Wall-clock time for kernel timestamps (clock.h). */
#include <time.h>

#include "clock.h"
#include "namespaces.h"

/* CLOCK_REALTIME minus the host's CLOCK_MONOTONIC, in seconds. */
static double epoch_offset(void)
{
	struct timespec mono, real;
	__s64 timens_ns = timens_monotonic_offset();

	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &real);
	return (real.tv_sec - mono.tv_sec) + (real.tv_nsec - mono.tv_nsec) / 1e9 + timens_ns / 1e9;
}

double ktime_to_epoch(__u64 ktime_ns)
{
	static double offset;
	static int known;

	if (!known) {
		offset = epoch_offset(); /* read once: both clocks advance together */
		known = 1;
	}
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
