// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "snoop.h"

size_t snoop_of_pid(const struct json *recs, size_t n, pid_t pid, const struct json **out,
		    size_t max)
{
	size_t i, k = 0;

	for (i = 0; i < n && k < max; i++)
		if (json_get(&recs[i], "pid") && json_number(&recs[i], "pid") == pid)
			out[k++] = &recs[i];
	return k;
}

/* Whether rec is what the run looks for: its call, by its thread, with key = value. */
static bool wanted(const struct rewriter_run *run, const struct json *rec, long tid)
{
	return json_get(rec, "tid") && json_number(rec, "tid") == tid &&
	       !strcmp(json_string(rec, "call"), run->call) &&
	       (!run->key || json_number(rec, run->key) == run->value);
}

void snoop_rewriter(struct rewriter_run *run, const char *tool, const char *mode, const char *a,
		    const char *b, const char *c)
{
	const char *args[TRACE_MAX_ARGS] = { "-p" };
	struct workload w;
	size_t i;
	long tid;

	expect_facts(run->facts, sizeof(run->facts), "rewriter");
	workload_spawn(&w, "rewriter", run->facts, mode, a, b, c, NULL);
	expect_workload(&w);
	args[1] = num_arg(w.pid);
	run->recs = trace_workload(&w, &run->n, tool, args);
	tid = fact(run->facts, "tid");
	run->rec = NULL;
	for (i = 0; i < run->n; i++) {
		if (!wanted(run, &run->recs[i], tid))
			continue;
		cr_assert_null(run->rec, "more than one %s by thread %ld", run->call, tid);
		run->rec = &run->recs[i];
	}
	cr_assert(run->rec, "no %s by thread %ld", run->call, tid);
}

void snoop_rewriter_free(struct rewriter_run *run)
{
	json_lines_free(run->recs, run->n);
}
