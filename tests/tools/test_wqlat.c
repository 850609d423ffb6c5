// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * wqlat against the ptyecho workload: each of its rounds writes a byte to a
 * pseudo-terminal and reads it back, which the tty layer passes on through
 * one flush_to_ldisc work item, queued and run before the read returns. So
 * the histograms of flush_to_ldisc (--function) count at least the rounds,
 * all on the one workqueue the kernel's tty layer uses; other terminals on
 * the machine may add to them, so the rounds are a lower bound. -w is
 * tested as a hit/miss pair, on the workqueue the first run names.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"

TestSuite(wqlat, .timeout = 60, .fini = expect_cleanup);

#define ROUNDS	 "2000"
#define FUNCTION "flush_to_ldisc"
/* a work item waits microseconds, or a few ms on a loaded machine: ten seconds is not sane */
#define SANE_USECS 10e6

/* ptyecho under `wqlat -j ARGS`; the records, and the rounds it made. */
static struct json *traced(size_t *n, long *rounds, const char *const args[TRACE_MAX_ARGS])
{
	struct json *recs;
	struct workload w;
	char facts[256];

	expect_facts(facts, sizeof(facts), "ptyecho");
	workload_spawn(&w, "ptyecho", facts, ROUNDS, NULL);
	expect_workload(&w);
	recs = trace_workload(&w, n, "wqlat", args);
	*rounds = fact(facts, "rounds");
	return recs;
}

/* The buckets of a histogram add up to its total, each within sane bounds of `unit`. */
static void assert_buckets(const struct json *rec, double max)
{
	const struct json *buckets = json_get(rec, "buckets");
	double sum = 0;

	cr_assert(buckets && buckets->type == JSON_ARRAY);
	for (size_t j = 0; j < buckets->n; j++) {
		cr_assert_leq(json_number(&buckets->items[j], "low"),
			      json_number(&buckets->items[j], "high"));
		cr_assert_lt(json_number(&buckets->items[j], "low"), max, "an insane latency");
		sum += json_number(&buckets->items[j], "count");
	}
	cr_assert_eq(sum, json_number(rec, "total"));
}

/* The workqueue flush_to_ldisc ran on: the one name its records have. */
static const char *flush_wq(const struct json *recs, size_t n)
{
	const char *wq = NULL;

	for (size_t i = 0; i < n; i++) {
		if (strcmp(json_string(&recs[i], "function"), FUNCTION))
			continue;
		if (!wq)
			wq = json_string(&recs[i], "wqname");
		cr_assert_str_eq(json_string(&recs[i], "wqname"), wq,
				 "two workqueues for " FUNCTION);
	}
	return wq;
}

static double function_total(const struct json *recs, size_t n)
{
	double total = 0;

	for (size_t i = 0; i < n; i++)
		if (rec_str_is(&recs[i], "function", FUNCTION))
			total += json_number(&recs[i], "total");
	return total;
}

/* -W --function, reported at the shortest interval: every round's work item, none lost. */
Test(wqlat, every_round_per_workqueue_and_function)
{
	const char *args[TRACE_MAX_ARGS] = { "-W", "--function", SHORTEST_INTERVAL };
	long rounds;
	size_t n;
	struct json *recs = traced(&n, &rounds, args);
	const char *wq = flush_wq(recs, n);
	double total = function_total(recs, n);

	cr_assert(wq && *wq, "no histogram of " FUNCTION " with a workqueue name");
	cr_assert_geq(total, rounds, "%.0f work items for %ld rounds", total, rounds);
	for (size_t i = 0; i < n; i++) {
		cr_assert_null(json_get(&recs[i], "lost_events"));
		cr_assert_str_eq(json_string(&recs[i], "unit"), "usecs");
		assert_buckets(&recs[i], SANE_USECS);
		assert_fields_documented("wqlat", &recs[i]);
	}
	json_lines_free(recs, n);
}

/* -w NAME: the workqueue flush_to_ldisc runs on shows it, another name shows nothing. */
Test(wqlat, wqname_filter_pairs)
{
	const char *args[TRACE_MAX_ARGS] = { "-W", "--function" };
	struct tracer_pair p;
	struct workload w;
	char facts[256], wq[64];
	long rounds;
	size_t n;
	struct json *recs = traced(&n, &rounds, args);
	const char *found = flush_wq(recs, n);

	cr_assert(found, "no histogram of " FUNCTION);
	snprintf(wq, sizeof(wq), "%s", found);
	json_lines_free(recs, n);
	expect_facts(facts, sizeof(facts), "ptyecho");
	workload_spawn(&w, "ptyecho", facts, ROUNDS, NULL);
	expect_workload(&w);
	cr_assert_eq(tracer_pair_run(&p, &w, "wqlat", "--function", "-w", wq, "no_such_wq"), 0);
	cr_assert_geq(function_total(p.hit_recs, p.hit_n), fact(facts, "rounds"), "-w %s:\n%s", wq,
		      p.hit.out);
	cr_assert_eq(p.miss_n, 0, "-w no_such_wq showed work:\n%s", p.miss.out);
	tracer_pair_free(&p);
}

/* One histogram in all by default; -m and -N change its unit, not its count. */
static void one_histogram(const char *unit_arg, const char *unit, double max)
{
	const char *args[TRACE_MAX_ARGS] = { unit_arg };
	long rounds;
	size_t n;
	struct json *recs = traced(&n, &rounds, args);

	cr_assert_eq(n, 1, "not one histogram:\n%zu records", n);
	cr_assert_null(json_get(&recs[0], "wqname"));
	cr_assert_str_eq(json_string(&recs[0], "unit"), unit);
	cr_assert_geq(json_number(&recs[0], "total"), rounds);
	assert_buckets(&recs[0], max);
	assert_fields_documented("wqlat", &recs[0]);
	json_lines_free(recs, n);
}

Test(wqlat, one_histogram_in_usecs)
{
	one_histogram(NULL, "usecs", SANE_USECS);
}

Test(wqlat, milliseconds)
{
	one_histogram("-m", "msecs", SANE_USECS / 1e3);
}

Test(wqlat, nanoseconds)
{
	one_histogram("-N", "nsecs", SANE_USECS * 1e3);
}

/* bcc's text: "wqname = NAME" over each histogram's bars. */
Test(wqlat, text_like_bcc)
{
	struct tool_proc t;
	struct workload w;
	char facts[256];

	expect_facts(facts, sizeof(facts), "ptyecho");
	workload_spawn(&w, "ptyecho", facts, ROUNDS, NULL);
	expect_workload(&w);
	tool_start(&t, "wqlat", "-W", NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "%s", t.err);
	cr_assert(strstr(t.out, "\nwqname = "), "no wqname heading:\n%s", t.out);
	cr_assert(strstr(t.out, "usecs               : count    distribution"), "%s", t.out);
	tool_free(&t);
}

/* Work runs on behalf of no task: the task filters are not taken. */
Test(wqlat, usage_errors_exit_2)
{
	assert_usage_error("wqlat", "-p", "1");
	assert_usage_error("wqlat", "-w", "");
	assert_usage_error("wqlat", "-w", "a_workqueue_name_of_32_characters");
	assert_usage_error("wqlat", "-m", "-N");
	assert_usage_error("wqlat", "0", NULL);
}

Test(wqlat, interval_and_count_end_by_themselves)
{
	struct tool_proc t;

	tool_start(&t, "wqlat", "-T", "-W", "0.2", "3", NULL);
	cr_assert_eq(tool_wait(&t, 10), 0, "stderr: %s", t.err);
	tool_free(&t);
}
