/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What the tests of the syscall event tools (statsnoop, syncsnoop,
 * mountsnoop) share: the filter pair with a predicate for the workload's
 * event, the records of one pid, and argument lists.
 */
#ifndef SONDE_TEST_SNOOP_H
#define SONDE_TEST_SNOOP_H

#include <stdbool.h>
#include <stddef.h>

#include "harness.h"

/* Whether the records hold the workload's own event the test looks for. */
typedef bool (*snoop_seen_fn)(const struct json *recs, size_t n, pid_t pid);

/* `tool -j opt match` must see the held workload, `tool -j opt miss` must not. */
void snoop_filter_pair(struct workload *w, const char *tool, const char *opt, const char *match,
		       const char *miss, snoop_seen_fn seen);

/* The records of `pid`, in order, as pointers into recs (lost_events records skipped). */
size_t snoop_of_pid(const struct json *recs, size_t n, pid_t pid, const struct json **out,
		    size_t max);

/*
 * The rewriter workload (tests/workloads/rewriter.c) in `mode`, with up to
 * three arguments (NULL-padded), traced by `tool -j -p PID`. The test sets
 * which record it wants (call, and key = value unless key is NULL); the run
 * fills in the rest, its facts file left to expect_cleanup().
 */
struct rewriter_run {
	const char *call;
	const char *key;
	long value;
	char facts[256];
	struct json *recs;
	size_t n;
	const struct json *rec; /* the one such record by the calling thread */
};

void snoop_rewriter(struct rewriter_run *run, const char *tool, const char *mode, const char *a,
		    const char *b, const char *c);
void snoop_rewriter_free(struct rewriter_run *run);

/* "%d" of n in one of four rotating buffers, for argument lists. */
const char *snoop_itoa(long n);

#endif
