// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"

TestSuite(threadsnoop, .fini = expect_cleanup, .timeout = 60);

struct threader {
	struct workload w;
	char facts[256];
};

static void threader_spawn(struct threader *t)
{
	expect_spawn(&t->w, "threader", t->facts, sizeof(t->facts));
}

/* The new thread `key` of the threader (process `pid`), made by `creator`. */
static void assert_thread_of(const struct json *recs, size_t n, const struct threader *t, long pid,
			     const char *key, long creator)
{
	long tid = fact(t->facts, key);
	const struct json *r = rec_find(recs, n, "pid", pid, "tid", tid);

	cr_assert(r, "no record of thread %s (%ld) of %ld", key, tid, pid);
	cr_assert_eq(json_number(r, "ptid"), creator, "thread %s: creator", key);
	cr_assert_str_eq(json_string(r, "comm"), "threader");
}

static void assert_thread(const struct json *recs, size_t n, const struct threader *t,
			  const char *key, long creator)
{
	assert_thread_of(recs, n, t, t->w.pid, key, creator);
}

Test(threadsnoop, new_threads_with_their_creators, .timeout = 60)
{
	struct tool_proc tool;
	struct threader t;
	struct json *recs;
	size_t n;

	threader_spawn(&t);
	tool_start(&tool, "threadsnoop", "-j", NULL);
	cr_assert_eq(workload_finish(&t.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	recs = json_lines(tool.out, &n);
	assert_thread(recs, n, &t, "a", t.w.pid);
	assert_thread(recs, n, &t, "b", t.w.pid);
	assert_thread(recs, n, &t, "c", fact(t.facts, "a"));
	/* three threads; the forked child is a process, not a thread */
	cr_assert_eq(rec_count(recs, n, "pid", t.w.pid), 3, "in:\n%s", tool.out);
	cr_assert_gt(json_number(rec_find(recs, n, "pid", t.w.pid, NULL, 0), "time"), 1.6e9);
	assert_fields_documented("threadsnoop", rec_find(recs, n, "pid", t.w.pid, NULL, 0));
	json_lines_free(recs, n);
	tool_free(&tool);
}

Test(threadsnoop, pid_filter_and_elapsed_ms, .timeout = 60)
{
	struct tracer_pair p;
	struct threader t;
	char pid[16];

	threader_spawn(&t);
	snprintf(pid, sizeof(pid), "%d", t.w.pid);
	cr_assert_eq(tracer_pair_run(&p, &t.w, "threadsnoop", NULL, "-p", pid, "1"), 0);
	cr_assert_eq(p.hit_n, 3, "-p %s: %zu records, not 3:\n%s", pid, p.hit_n, p.hit.out);
	cr_assert_eq(json_number(&p.hit_recs[0], "elapsed_ms"), 0, "the first thread is at 0 ms");
	cr_assert_lt(json_number(&p.hit_recs[2], "elapsed_ms"), 10000);
	assert_thread(p.hit_recs, p.hit_n, &t, "c", fact(t.facts, "a"));
	cr_assert_null(rec_find(p.miss_recs, p.miss_n, "pid", t.w.pid, NULL, 0),
		       "-p 1 let the threader through");
	tracer_pair_free(&p);
}

/* -t is the creating thread: thread a made c, the main thread made a and b. */
Test(threadsnoop, tid_filter_is_the_creator, .timeout = 60)
{
	struct tracer_pair p;
	struct threader t;
	char tid[16];

	threader_spawn(&t);
	snprintf(tid, sizeof(tid), "%d", t.w.pid);
	cr_assert_eq(tracer_pair_run(&p, &t.w, "threadsnoop", NULL, "-t", tid, "1"), 0);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "pid", t.w.pid), 2, "in:\n%s", p.hit.out);
	assert_thread(p.hit_recs, p.hit_n, &t, "a", t.w.pid);
	assert_thread(p.hit_recs, p.hit_n, &t, "b", t.w.pid);
	cr_assert_null(rec_find(p.miss_recs, p.miss_n, "pid", t.w.pid, NULL, 0));
	tracer_pair_free(&p);
}

Test(threadsnoop, text_columns, .timeout = 60)
{
	struct tool_proc tool;
	struct threader t;
	char want[128], pid[16];

	threader_spawn(&t);
	snprintf(pid, sizeof(pid), "%d", t.w.pid);
	tool_start(&tool, "threadsnoop", "-p", pid, NULL);
	workload_finish(&t.w);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0);
	cr_assert(!strncmp(tool.out, "TIME(ms)   PID     COMM             TID     PTID\n", 49),
		  "header: %s", tool.out);
	snprintf(want, sizeof(want), " %-7d threader         %-7ld %ld\n", t.w.pid,
		 fact(t.facts, "c"), fact(t.facts, "a"));
	cr_assert(strstr(tool.out, want), "no line ending '%s' in:\n%s", want, tool.out);
	tool_free(&tool);
}

/* It has no options of its own: -x is not one of the shared options it takes. */
Test(threadsnoop, bad_usage_exits_2)
{
	assert_usage_error("threadsnoop", "-x", NULL);
}

/*
 * Inside a PID namespace, as in a container, the new threads' IDs are the
 * ones they learn with gettid() there, and so are their process's and
 * creators'.
 */
Test(threadsnoop, pid_namespace_numbers, .timeout = 60)
{
	const char *const args[TRACE_MAX_ARGS] = { NULL };
	struct threader t;
	struct json *recs;
	long pid;
	size_t n;

	recs = expect_trace_inside(&t.w, t.facts, sizeof(t.facts), "threader", &n, "threadsnoop",
				   args);
	pid = fact(t.facts, "pid");
	cr_assert_eq(fact(t.facts, "main"), pid);
	assert_thread_of(recs, n, &t, pid, "a", pid);
	assert_thread_of(recs, n, &t, pid, "b", pid);
	assert_thread_of(recs, n, &t, pid, "c", fact(t.facts, "a"));
	cr_assert_eq(rec_count(recs, n, "pid", pid), 3, "not three new threads in %ld", pid);
	json_lines_free(recs, n);
}
