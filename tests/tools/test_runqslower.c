// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * runqslower against the pingpong workload's hog mode: thread "hog" spins
 * on CPU 0 beside thread "sleeper", which sleeps and wakes there, so its
 * wakeups wait for the CPU the hog holds (on this 6.18, a few microseconds:
 * the woken sleeper preempts the hog; longer behind other tasks on CPU 0).
 *
 * With MIN_US 0 every wakeup of the sleeper is a wait: at least "wakeups"
 * records of it (its preemptions and the thread's start may add some).
 * With a threshold, each record is at least that long, and some show the
 * hog as the task it waited for; a wait that shows one of the workload's
 * threads there shows the hog (the sleeper cannot wait for itself). A
 * threshold above the workload's whole run shows none of it: the pair of
 * tracers keeps the test from passing on empty output. -p and -t are
 * paired in test_shared.c.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"

TestSuite(runqslower, .timeout = 90, .fini = expect_cleanup);

#define HOG_MS	  "1000"
#define PERIOD_US "1000"
#define NEVER_US  "100000000" /* 100 s: longer than the workload runs */
/* A threshold the sleeper's waits behind the hog pass (3 us and more here). */
#define MIN_US 2

struct hog_run {
	struct workload w;
	char facts[256];
	long hog, sleeper, wakeups;
};

static void spawn_hog(struct hog_run *h)
{
	expect_facts(h->facts, sizeof(h->facts), "pingpong");
	workload_spawn(&h->w, "pingpong", h->facts, "hog", HOG_MS, PERIOD_US, NULL);
	expect_workload(&h->w);
}

static void read_facts(struct hog_run *h)
{
	h->hog = fact(h->facts, "hog");
	h->sleeper = fact(h->facts, "sleeper");
	h->wakeups = fact(h->facts, "wakeups");
	cr_assert_gt(h->wakeups, 10, "the sleeper hardly woke: %ld", h->wakeups);
}

/*
 * The workload's records: each at least min_us and documented; the
 * sleeper's, counted; those behind the hog, counted.
 */
static size_t sleeper_waits(const struct hog_run *h, const struct json *recs, size_t n,
			    const char *out, double min_us, size_t *behind_hog)
{
	size_t mine = 0;

	*behind_hog = 0;
	for (size_t i = 0; i < n; i++) {
		const struct json *r = &recs[i];

		cr_assert_null(json_get(r, "lost_events"), "%s", out);
		if (json_number(r, "pid") != h->w.pid)
			continue;
		assert_fields_documented("runqslower", r);
		cr_assert_geq(json_number(r, "latency_ns"), min_us * 1000, "below %g us:\n%s",
			      min_us, out);
		if (json_number(r, "tid") != h->sleeper)
			continue;
		mine++;
		if (json_number(r, "prev_pid") != h->w.pid)
			continue; /* another process's task on CPU 0 */
		cr_assert_eq(json_number(r, "prev_tid"), h->hog, "not behind the hog:\n%s", out);
		/* after the exec, then (held before it, the workload was named as its parent) */
		cr_assert_str_eq(json_string(r, "comm"), "pingpong");
		cr_assert_str_eq(json_string(r, "prev_comm"), "pingpong");
		(*behind_hog)++;
	}
	return mine;
}

Test(runqslower, every_wakeup_at_zero_and_none_above_the_run)
{
	struct tracer_pair p;
	struct hog_run h;
	char pid[16];
	size_t mine, behind_hog;

	spawn_hog(&h);
	snprintf(pid, sizeof(pid), "-p%d", h.w.pid);
	cr_assert_eq(tracer_pair_run(&p, &h.w, "runqslower", pid, "--min", "0", NEVER_US), 0,
		     "the workload failed");
	log_attach("runqslower", p.hit.kinds);
	read_facts(&h);
	mine = sleeper_waits(&h, p.hit_recs, p.hit_n, p.hit.out, 0, &behind_hog);
	cr_assert_geq(mine, h.wakeups, "%zu waits of the sleeper for %ld wakeups", mine, h.wakeups);
	cr_assert_gt(behind_hog, 0, "no wait behind the hog in %zu:\n%s", mine, p.hit.out);
	cr_assert_eq(rec_count(p.miss_recs, p.miss_n, "pid", h.w.pid), 0,
		     "a wait of " NEVER_US " us:\n%s", p.miss.out);
	tracer_pair_free(&p);
}

/* MIN_US, bcc's operand: every record at least that, some of the sleeper behind the hog. */
Test(runqslower, min_us_operand_is_the_floor)
{
	struct tool_proc tool;
	struct hog_run h;
	struct json *recs;
	size_t n, mine, behind_hog;

	spawn_hog(&h);
	tool_start(&tool, "runqslower", "-j", "-p", num_arg(h.w.pid), num_arg(MIN_US), NULL);
	cr_assert_eq(workload_finish(&h.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	read_facts(&h);
	recs = json_lines(tool.out, &n);
	mine = sleeper_waits(&h, recs, n, tool.out, MIN_US, &behind_hog);
	cr_assert_gt(behind_hog, 0, "no wait behind the hog in %zu:\n%s", mine, tool.out);
	json_lines_free(recs, n);
	tool_free(&tool);
}

/* -P: bcc's PREV COMM and PREV TID columns, the hog's tid in a line of the sleeper's. */
Test(runqslower, previous_task_columns_in_text)
{
	struct tool_proc tool;
	struct hog_run h;
	char want[64];

	spawn_hog(&h);
	tool_start(&tool, "runqslower", "-P", "-p", num_arg(h.w.pid), num_arg(MIN_US), NULL);
	cr_assert_eq(workload_finish(&h.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	read_facts(&h);
	cr_assert(strstr(tool.out, "LAT(us) PREV COMM        PREV TID\n"), "heading:\n%s",
		  tool.out);
	snprintf(want, sizeof(want), " pingpong         %ld\n", h.hog);
	cr_assert(strstr(tool.out, want), "no line behind the hog (%s):\n%s", want, tool.out);
	tool_free(&tool);
}

Test(runqslower, bad_thresholds_are_usage_errors)
{
	assert_usage_error("runqslower", "fast", NULL);
	assert_usage_error("runqslower", "--min", "-1");
	assert_usage_error("runqslower", "--min", "1e3");
	assert_usage_error("runqslower", "10", "20");
}
