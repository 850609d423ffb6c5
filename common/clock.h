/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Wall-clock time for the kernel's timestamps. BPF programs stamp events
 * with bpf_ktime_get_ns(), the host's CLOCK_MONOTONIC; a tool run in a time
 * namespace (unshare -T) reads its own, offset, monotonic clock, so the
 * conversion takes that offset back out (common/namespaces.h).
 */
#ifndef SONDE_CLOCK_H
#define SONDE_CLOCK_H

#include <time.h>
#include <linux/types.h>

/* Wall-clock seconds since the epoch for a bpf_ktime_get_ns() value. */
double ktime_to_epoch(__u64 ktime_ns);
/*
 * The offset ktime_to_epoch() adds, in nanoseconds (read now if it was not
 * yet), and another in its place: a recording keeps the offset of the run
 * that made it, so its replay shows the times that run showed (common/replay.h).
 */
__s64 clock_epoch_offset_ns(void);
void clock_set_epoch_offset_ns(__s64 ns);
/* This process's CLOCK_MONOTONIC now, in nanoseconds (a summary tool's interval). */
__u64 monotonic_ns(void);

/* "HH:MM:SS" of local time t into buf[9]. */
void format_hms(char buf[9], time_t t);
/* "HH:MM:SS" of the current local time into buf[9]. */
void local_hms(char buf[9]);

#endif
