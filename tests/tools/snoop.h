/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What the tests of the syscall event tools (statsnoop, syncsnoop,
 * mountsnoop) share: a traced run of a held workload and the filter pair (one
 * tracer that must see the workload, one that must not).
 */
#ifndef SONDE_TEST_SNOOP_H
#define SONDE_TEST_SNOOP_H

#include <stdbool.h>
#include <stddef.h>

#include "harness.h"

#define SNOOP_MAX_ARGS 6

/*
 * Run `tool -j ARGS` (up to six, NULL-terminated) while the held workload
 * runs to its end; the tool's records. Fails the test unless the workload
 * exits 0 and the tool stops cleanly.
 */
struct json *snoop_trace(struct workload *w, size_t *n, const char *tool,
			 const char *const args[SNOOP_MAX_ARGS + 1]);

/* Whether the records hold the workload's own event the test looks for. */
typedef bool (*snoop_seen_fn)(const struct json *recs, size_t n, pid_t pid);

/* `tool -j opt match` must see the held workload, `tool -j opt miss` must not. */
void snoop_filter_pair(struct workload *w, const char *tool, const char *opt, const char *match,
		       const char *miss, snoop_seen_fn seen);

/* The records of `pid`, in order, as pointers into recs (lost_events records skipped). */
size_t snoop_of_pid(const struct json *recs, size_t n, pid_t pid, const struct json **out,
		    size_t max);

/* "%d" of n in one of four rotating buffers, for argument lists. */
const char *snoop_itoa(long n);

#endif
