// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * runqlat against the pingpong workload: two threads pass a byte over pipes
 * a known number of times. Every context switch a thread makes (getrusage's
 * voluntary and preempted counts, written by the workload) is one later
 * trip through a run queue, so the histograms of its threads must count
 * that many latencies, give or take the few switches around its start and
 * exit. -p and -c are tested as hit/miss pairs: both test the queued task,
 * which is not the task running when it is woken.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"

TestSuite(runqlat, .timeout = 60, .fini = expect_cleanup);

#define ROUNDS "5000"
/* switches outside the getrusage() counts: the exec's first run, the exits, the join */
#define SLACK 8
/*
 * Above the count, also the preemptions after the workload read it (while
 * it writes its facts and exits), which a loaded machine makes many of:
 * 2% more still fails a tool that counted any wait twice.
 */
#define OVER(switches) (SLACK + (switches) / 50)

/* The total of the histogram labelled key = value, or -1 if none. */
static double total_of(const struct json *recs, size_t n, const char *key, long value)
{
	char want[24];

	snprintf(want, sizeof(want), "%ld", value);
	for (size_t i = 0; i < n; i++) {
		const char *v = json_string(&recs[i], key);

		if (v && !strcmp(v, want))
			return json_number(&recs[i], "total");
	}
	return -1;
}

/*
 * The ping-pong traced by a pair of runqlats with `by`, one filtered to it
 * and one to this test: -p by pid, -c by a cgroup of its own and an empty one.
 */
static void traced_pair_by(struct tracer_pair *p, char *facts, size_t len, const char *by,
			   const char *filter)
{
	struct cgroup_pair cg;
	struct workload w;
	char pid[16], other[16];

	expect_facts(facts, len, "pingpong");
	workload_spawn(&w, "pingpong", facts, "pipe", ROUNDS, NULL);
	expect_workload(&w);
	snprintf(pid, sizeof(pid), "%d", w.pid);
	snprintf(other, sizeof(other), "%d", getpid());
	if (!strcmp(filter, "-c")) {
		expect_cgroups(&cg, w.pid);
		cr_assert_eq(tracer_pair_run(p, &w, "runqlat", by, "-c", cg.inside, cg.outside), 0,
			     "the workload failed");
		return;
	}
	cr_assert_eq(tracer_pair_run(p, &w, "runqlat", by, "-p", pid, other), 0,
		     "the workload failed");
}

static void traced_pair(struct tracer_pair *p, char *facts, size_t len, const char *by)
{
	traced_pair_by(p, facts, len, by, "-p");
}

/* Per thread, every switch of both threads counted; the other tracer shows neither. */
static void per_thread_pair(const char *filter)
{
	struct tracer_pair p;
	char facts[256];
	double ping, pong;
	long switches;

	traced_pair_by(&p, facts, sizeof(facts), "-L", filter);
	switches = fact(facts, "switches");
	cr_assert_geq(switches, 2 * 5000 / 2, "the workload hardly switched: %ld", switches);
	ping = total_of(p.hit_recs, p.hit_n, "tid", fact(facts, "ping"));
	pong = total_of(p.hit_recs, p.hit_n, "tid", fact(facts, "pong"));
	cr_assert(ping > 0 && pong > 0, "no histogram for a thread:\n%s", p.hit.out);
	cr_assert_geq(ping + pong, switches - SLACK, "%g + %g latencies for %ld switches", ping,
		      pong, switches);
	cr_assert_leq(ping + pong, switches + OVER(switches), "%g + %g latencies for %ld switches",
		      ping, pong, switches);
	for (size_t i = 0; i < p.hit_n; i++) {
		cr_assert_null(json_get(&p.hit_recs[i], "lost_events"), "%s", p.hit.out);
		assert_fields_documented("runqlat", &p.hit_recs[i]);
	}
	cr_assert_lt(total_of(p.miss_recs, p.miss_n, "tid", fact(facts, "ping")), 0,
		     "%s of another showed the workload:\n%s", filter, p.miss.out);
	cr_assert_lt(total_of(p.miss_recs, p.miss_n, "tid", fact(facts, "pong")), 0);
	tracer_pair_free(&p);
}

Test(runqlat, per_thread_counts_every_switch_and_pid_filter_pairs)
{
	per_thread_pair("-p");
}

/* -c: the queued task's cgroup, not its waker's (the two threads wake each other) */
Test(runqlat, cgroup_filter_pairs)
{
	per_thread_pair("-c");
}

Test(runqlat, per_process_is_one_histogram_of_both_threads)
{
	struct tracer_pair p;
	char facts[256];
	double total;
	long switches;

	traced_pair(&p, facts, sizeof(facts), "-P");
	switches = fact(facts, "switches");
	cr_assert_eq(p.hit_n, 1, "-p with -P should leave one histogram:\n%s", p.hit.out);
	total = total_of(p.hit_recs, p.hit_n, "pid", fact(facts, "ping"));
	cr_assert_geq(total, switches - SLACK, "%g latencies for %ld switches", total, switches);
	cr_assert_leq(total, switches + OVER(switches), "%g latencies for %ld switches", total,
		      switches);
	/* the other process is this test's, which sleeps and wakes too: only it shows */
	cr_assert_lt(total_of(p.miss_recs, p.miss_n, "pid", fact(facts, "ping")), 0,
		     "-p of another process showed the workload:\n%s", p.miss.out);
	for (size_t i = 0; i < p.miss_n; i++)
		cr_assert_eq(atol(json_string(&p.miss_recs[i], "pid")), getpid(), "%s", p.miss.out);
	tracer_pair_free(&p);
}

Test(runqlat, milliseconds_and_one_histogram)
{
	struct tracer_pair p;
	char facts[256];

	traced_pair(&p, facts, sizeof(facts), "-m");
	cr_assert_eq(p.hit_n, 1, "%s", p.hit.out);
	cr_assert_str_eq(json_string(&p.hit_recs[0], "unit"), "msecs");
	cr_assert_geq(json_number(&p.hit_recs[0], "total"), fact(facts, "switches") - SLACK);
	tracer_pair_free(&p);
}

Test(runqlat, exclusive_keys_are_usage_errors)
{
	assert_usage_error("runqlat", "-P", "-L");
}
