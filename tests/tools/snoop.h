/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What the tests of the syscall event tools (statsnoop, syncsnoop,
 * mountsnoop, opensnoop) share: the records of one pid, argument lists,
 * and the rewriter workload that changes a string while its call runs.
 */
#ifndef SONDE_TEST_SNOOP_H
#define SONDE_TEST_SNOOP_H

#include <stdbool.h>
#include <stddef.h>

#include "harness.h"

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

#endif
