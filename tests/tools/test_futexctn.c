// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"

/*
 * The futexer workload's i-th op uses the futex word at FUTEXER_BASE + i * 64,
 * and each of its blocking waits lasts at least its MS: 20 ms lands in the
 * log2 bucket [16384, 32767] usecs, or [16, 31] msecs.
 */
#define FUTEXER_BASE 0x5a0000000ULL
#define WAITS	     5
#define WAIT_MS	     20
#define FLOOR_US     16384.0
/*
 * Waits for this long, as many as two threads make (about 300,000 here), to
 * straddle many reports at the shortest interval.
 */
#define SPEC_PINGFOR "pingfor:0:1000"

TestSuite(futexctn, .fini = expect_cleanup, .timeout = 60);

static const char *lock_name(int i)
{
	static char buf[8][24];

	snprintf(buf[i % 8], sizeof(buf[0]), "0x%llx", FUTEXER_BASE + i * 64ULL);
	return buf[i % 8];
}

/* futex_waitv() came with Linux 5.16: before it, a plain wait takes its place. */
static const char *waitv_or_wait(const char *times)
{
	static char buf[2][32];
	static int i;

	i = (i + 1) % 2;
	snprintf(buf[i], sizeof(buf[i]), "%s:%s",
		 kernel_has_syscall("futex_waitv") ? "waitv" : "wait", times);
	return buf[i];
}

static struct json *traced(struct workload *w, size_t *n, const char *const args[6])
{
	return trace_workload(w, n, "futexctn", args);
}

/* The workload's histogram of lock `lock` (NULL: its per-process one). */
static const struct json *find_hist(const struct json *recs, size_t n, pid_t pid, const char *lock)
{
	const struct json *l;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!json_get(&recs[i], "pid") || json_number(&recs[i], "pid") != pid)
			continue;
		l = json_get(&recs[i], "lock");
		if (lock ? l && rec_str_is(&recs[i], "lock", lock) : !l)
			return &recs[i];
	}
	return NULL;
}

/* Buckets tile the range, add up to the total; returns the waits at or above `floor`. */
static double check_buckets(const struct json *rec, double floor)
{
	const struct json *buckets = json_get(rec, "buckets");
	double sum = 0, above = 0, prev_high = -1;
	size_t i;

	cr_assert(buckets && buckets->type == JSON_ARRAY && buckets->n > 0);
	for (i = 0; i < buckets->n; i++) {
		double low = json_number(&buckets->items[i], "low");
		double count = json_number(&buckets->items[i], "count");

		cr_assert_gt(low, prev_high, "buckets overlap or are out of order");
		cr_assert_gt(count, 0, "an empty bucket was listed");
		prev_high = json_number(&buckets->items[i], "high");
		sum += count;
		if (low >= floor)
			above += count;
	}
	cr_assert_eq(sum, json_number(rec, "total"));
	return above;
}

static void assert_blocked(const struct json *recs, size_t n, pid_t pid, int i, const char *op)
{
	const struct json *r = find_hist(recs, n, pid, lock_name(i));

	cr_assert(r, "no histogram for %s's lock %s", op, lock_name(i));
	cr_assert_str_eq(json_string(r, "comm"), "futexer");
	cr_assert_str_eq(json_string(r, "unit"), "usecs");
	cr_assert_geq(json_number(r, "total"), WAITS, "%s: %.0f waits", op,
		      json_number(r, "total"));
	cr_assert_geq(check_buckets(r, FLOOR_US), WAITS, "%s: fewer than %d waits of >= 16 ms", op,
		      WAITS);
	cr_assert_geq(json_number(r, "total_time"), WAITS * FLOOR_US);
	cr_assert_geq(json_number(r, "avg_time"), FLOOR_US);
}

Test(futexctn, every_waiting_op_per_lock_but_not_eagain)
{
	static const char *const ops[] = { "wait", "bitset", "waitv", "mutex", "pi", "timeout" };
	struct workload w;
	struct json *recs;
	size_t n, i;

	workload_spawn(&w, "futexer", "wait:5:20", "bitset:5:20", waitv_or_wait("5:20"),
		       "mutex:5:20", "pi:5:20", "timeout:5:20", "eagain:1000:0", NULL);
	recs = traced(&w, &n, (const char *[6]){ "-p", num_arg(w.pid) });
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		assert_blocked(recs, n, w.pid, i, ops[i]);
	cr_assert_null(find_hist(recs, n, w.pid, lock_name(6)),
		       "waits refused with EAGAIN were counted");
	cr_assert_gt(json_number(&recs[0], "time"), 1.6e9, "time is not epoch seconds");
	assert_fields_documented("futexctn", find_hist(recs, n, w.pid, lock_name(0)));
	json_lines_free(recs, n);
}

Test(futexctn, milliseconds)
{
	const struct json *r;
	struct workload w;
	struct json *recs;
	size_t n;

	workload_spawn(&w, "futexer", "wait:5:20", NULL);
	recs = traced(&w, &n, (const char *[6]){ "-m", "-p", num_arg(w.pid) });
	r = find_hist(recs, n, w.pid, lock_name(0));
	cr_assert(r, "no histogram of lock %s", lock_name(0));
	cr_assert_str_eq(json_string(r, "unit"), "msecs");
	cr_assert_geq(check_buckets(r, 16), WAITS);
	cr_assert_geq(json_number(r, "avg_time"), 16);
	json_lines_free(recs, n);
}

Test(futexctn, per_process)
{
	const struct json *r;
	struct workload w;
	struct json *recs;
	size_t n;

	workload_spawn(&w, "futexer", "wait:5:20", "timeout:5:20", NULL);
	recs = traced(&w, &n, (const char *[6]){ "-P", "-p", num_arg(w.pid) });
	r = find_hist(recs, n, w.pid, NULL);
	cr_assert(r, "no per-process histogram for %d", w.pid);
	cr_assert_null(find_hist(recs, n, w.pid, lock_name(0)), "a per-lock histogram with -P");
	cr_assert_str_eq(json_string(r, "comm"), "futexer");
	cr_assert_geq(check_buckets(r, FLOOR_US), 2 * WAITS);
	assert_fields_documented("futexctn", r);
	json_lines_free(recs, n);
}

Test(futexctn, top_keeps_the_longest_blocked)
{
	struct workload w;
	struct json *recs;
	size_t n;

	workload_spawn(&w, "futexer", "timeout:3:5", "timeout:3:40", NULL);
	recs = traced(&w, &n, (const char *[6]){ "-N", "1", "-p", num_arg(w.pid) });
	cr_assert_eq(n, 1, "-N 1 printed %zu histograms", n);
	cr_assert_str_eq(json_string(&recs[0], "lock"), lock_name(1));
	json_lines_free(recs, n);
}

/*
 * Two tracers at once on a held workload: the matching filter sees its
 * lock, the other sees nothing of the workload.
 */
static void filter_pair(struct workload *held, const char *opt, const char *match, const char *miss,
			int lock, double waits)
{
	struct workload w = *held;
	struct tool_proc hit, skip;
	const struct json *r;
	struct json *recs;
	size_t n, i;

	tool_start(&hit, "futexctn", "-j", opt, match, NULL);
	tool_start(&skip, "futexctn", "-j", opt, miss, NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&hit, SIGINT), 0, "stderr: %s", hit.err);
	cr_assert_eq(tool_stop(&skip, SIGINT), 0, "stderr: %s", skip.err);

	recs = json_lines(hit.out, &n);
	r = find_hist(recs, n, w.pid, lock_name(lock));
	cr_assert(r, "%s %s missed lock %s", opt, match, lock_name(lock));
	cr_assert_eq(json_number(r, "total"), waits);
	json_lines_free(recs, n);
	recs = json_lines(skip.out, &n);
	for (i = 0; i < n; i++)
		cr_assert(!json_get(&recs[i], "pid") || json_number(&recs[i], "pid") != w.pid,
			  "%s %s let the workload through", opt, miss);
	json_lines_free(recs, n);
	tool_free(&hit);
	tool_free(&skip);
}

/*
 * Lock 0 is a plain wait (filtered at entry), lock 1 a futex_waitv (known
 * only at exit; before Linux 5.16 a plain wait too).
 */
Test(futexctn, lock_filter)
{
	struct workload w;
	struct json *recs;
	size_t n;

	workload_spawn(&w, "futexer", "timeout:3:5", waitv_or_wait("3:5"), NULL);
	filter_pair(&w, "--lock", lock_name(1), lock_name(2), 1, 3);

	workload_spawn(&w, "futexer", "timeout:3:5", waitv_or_wait("3:5"), NULL);
	recs = traced(&w, &n,
		      (const char *[6]){ "--lock", lock_name(0) + 2, "-p", num_arg(w.pid) });
	cr_assert_eq(n, 1, "--lock %s left %zu histograms", lock_name(0) + 2, n);
	cr_assert_str_eq(json_string(&recs[0], "lock"), lock_name(0));
	json_lines_free(recs, n);
}

Test(futexctn, text_heading_and_histogram)
{
	struct tool_proc t;
	struct workload w;
	char want[256];

	workload_spawn(&w, "futexer", "wait:3:20", NULL);
	tool_start(&t, "futexctn", "-p", num_arg(w.pid), NULL);
	workload_finish(&w);
	cr_assert_eq(tool_stop(&t, SIGINT), 0);
	snprintf(want, sizeof(want), "\nfutexer[%d] lock %s contended 3 times, ", w.pid,
		 lock_name(0));
	cr_assert(strstr(t.out, want), "no heading '%s' in:\n%s", want, t.out);
	cr_assert(strstr(t.out, "     usecs               : count    distribution\n"), "%s", t.out);
	cr_assert(strstr(t.out, "     16384 -> 32767      : 3        |"), "%s", t.out);
	tool_free(&t);
}

Test(futexctn, text_escapes_hostile_comm)
{
	struct tool_proc t;
	struct workload w;

	workload_spawn(&w, "futexer", "--comm", "\x1b]0;pwned\x07", "timeout:2:5", NULL);
	tool_start(&t, "futexctn", "-p", num_arg(w.pid), NULL);
	workload_finish(&w);
	cr_assert_eq(tool_stop(&t, SIGINT), 0);
	cr_assert(strstr(t.out, "\\x1b]0;pwned\\x07["), "escaped name missing from:\n%s", t.out);
	cr_assert_null(strchr(t.out, '\x1b'), "a raw ESC reached the terminal");
	cr_assert_null(strchr(t.out, '\x07'), "a raw BEL reached the terminal");
	tool_free(&t);
}

/*
 * Reports every millisecond (or as often as the tool manages) while two
 * threads ping-pong contended waits on lock 0 for a second (about 300,000
 * waits here): the reports' waits add up to every one the waiter counted.
 * Before the histograms were double-buffered (bpf/summary.bpf.h), waits
 * went missing in 9 runs of 10 here. Bounded by time, not by a count:
 * 300,000 waits took 14 s in an emulated x86 VM and 24 s in an arm64 one.
 */
Test(futexctn, intervals_add_up_to_every_wait)
{
	struct report_sum got;
	struct tool_proc t;
	struct workload w;
	char facts[256];
	long waits;

	expect_facts(facts, sizeof(facts), "futexer");
	workload_spawn(&w, "futexer", "--facts", facts, SPEC_PINGFOR, NULL);
	expect_workload(&w);
	tool_start(&t, "futexctn", "-j", "-p", num_arg(w.pid), "--lock", lock_name(0),
		   SHORTEST_INTERVAL, NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
	waits = fact(facts, "waits");
	cr_assert_gt(waits, 0, "the workload made no waits");
	got = reports_sum(t.out, "total", "lock", lock_name(0));
	cr_assert_gt(got.records, 1, "the waits fit one report: no boundary was crossed");
	cr_assert_eq(got.sum, waits, "%.0f waits over %zu reports, not %ld", got.sum, got.records,
		     waits);
	tool_free(&t);
}

/* Its own options' bad uses: the shared ones are test_shared.c's. */
Test(futexctn, bad_usage_exits_2)
{
	assert_usage_error("futexctn", "--lock", "xyz");
	assert_usage_error("futexctn", "--lock", "0");
	assert_usage_error("futexctn", "--lock", "-5");
	assert_usage_error("futexctn", "-N", "-1");
	assert_usage_error("futexctn", "-d", "1");
}
