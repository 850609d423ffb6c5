// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cpudist against the spinner workload, whose time on the CPU is known
 * twice: the CPU time it spun by its own clock, and the kernel's own sum
 * (the first field of its thread's schedstat, read by the workload as it
 * ends). Off the CPU (-O), its sleeps by the clock.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "harness.h"

TestSuite(cpudist, .timeout = 60);

#define ROUNDS	  5
#define SPIN_MS	  200
#define SLEEP_MS  100
#define ROUNDS_S  "5"
#define SPIN_MS_S "200"

/* What the workload wrote as it ended, in microseconds. */
struct times {
	double oncpu; /* the kernel's schedstat */
	double slept; /* by the clock */
	double elapsed;
};

static const char *times_file(char *file, size_t len)
{
	snprintf(file, len, "/tmp/%s-cpudist", test_marker());
	return file;
}

static struct times read_times(const char *file)
{
	struct times t = { 0 };
	FILE *f = fopen(file, "r");

	cr_assert(f && fscanf(f, "%lf %lf %lf", &t.oncpu, &t.slept, &t.elapsed) == 3,
		  "the workload wrote no times to %s", file);
	fclose(f);
	unlink(file);
	t.oncpu /= 1000;
	t.slept /= 1000;
	t.elapsed /= 1000;
	return t;
}

/* The workload's one record (key `key` = pid), failing unless there is exactly one. */
static const struct json *only_record(const struct json *recs, size_t n, const char *key, pid_t pid,
				      const char *out)
{
	const struct json *found = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		cr_assert_null(json_get(&recs[i], "lost_events"), "lost events:\n%s", out);
		if (json_number(&recs[i], key) != pid)
			continue;
		cr_assert_null(found, "two records for %s %d:\n%s", key, pid, out);
		found = &recs[i];
	}
	cr_assert_not_null(found, "no record for %s %d:\n%s", key, pid, out);
	return found;
}

/* Its buckets add up to its total, and its spells counted from `low` up. */
static double spells_from(const struct json *rec, double low)
{
	const struct json *buckets = json_get(rec, "buckets");
	double sum = 0, from = 0;
	size_t i;

	cr_assert(buckets && buckets->type == JSON_ARRAY && buckets->n > 0);
	for (i = 0; i < buckets->n; i++) {
		sum += json_number(&buckets->items[i], "count");
		if (json_number(&buckets->items[i], "low") >= low)
			from += json_number(&buckets->items[i], "count");
	}
	cr_assert_eq(sum, json_number(rec, "total"));
	return from;
}

/* One spinner run under `cpudist -j A [B] -p PID`: its records, pid, own times and wall time. */
struct traced {
	struct json *recs;
	size_t n;
	pid_t pid;
	struct times times;
	double wall; /* us from its release to its end: its whole life but the fork */
};

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void trace_spinner(struct traced *tr, const char *spin, const char *sleep, const char *a,
			  const char *b)
{
	struct tool_proc t;
	struct workload w;
	char file[128];
	double start;

	workload_spawn(&w, "spinner", spin, sleep, ROUNDS_S, times_file(file, sizeof(file)), NULL);
	tool_start(&t, "cpudist", "-j", "-p", num_arg(w.pid), a, b, NULL);
	start = now_us();
	cr_assert_eq(workload_finish(&w), 0, "the spinner failed");
	tr->wall = now_us() - start;
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
	tr->pid = w.pid;
	tr->recs = json_lines(t.out, &tr->n);
	tool_free(&t);
	tr->times = read_times(file);
}

/*
 * Its time on the CPU, summed in the kernel, is the kernel's own sum within
 * 10%, and at least the CPU time it spun: each spin a spell or more (a
 * spin preempted on this busy machine is two).
 */
Test(cpudist, on_cpu_time_is_the_kernels)
{
	const struct json *rec;
	struct traced tr;
	double us;

	trace_spinner(&tr, SPIN_MS_S, "50", "-P", NULL);
	rec = only_record(tr.recs, tr.n, "pid", tr.pid, "");
	us = json_number(rec, "total_time");
	cr_log_info("cpudist: %.0f us on the CPU, schedstat %.0f", us, tr.times.oncpu);
	cr_assert(us >= 0.9 * tr.times.oncpu && us <= 1.1 * tr.times.oncpu,
		  "%.0f us on the CPU, the kernel's schedstat says %.0f", us, tr.times.oncpu);
	/* 0.1% short seen: a switch-in the kernel skipped the program for (a recursion miss) */
	cr_assert_geq(us, 0.99 * ROUNDS * SPIN_MS * 1000, "%.0f us on the CPU, %d spun", us,
		      ROUNDS * SPIN_MS * 1000);
	cr_assert_geq(json_number(rec, "total"), ROUNDS);
	cr_assert_geq(spells_from(rec, 1024), 1, "no spell of a millisecond or more");
	cr_assert_str_eq(json_string(rec, "unit"), "usecs");
	cr_assert_str_eq(json_string(rec, "comm"), "spinner");
	assert_fields_documented("cpudist", rec);
	json_lines_free(tr.recs, tr.n);
}

/* -L: per thread, keyed by tid (its main thread's is its pid), and -m: in milliseconds. */
Test(cpudist, per_thread_in_milliseconds)
{
	const struct json *rec;
	struct traced tr;
	double ms;

	trace_spinner(&tr, SPIN_MS_S, "50", "-L", "-m");
	rec = only_record(tr.recs, tr.n, "tid", tr.pid, "");
	ms = json_number(rec, "total_time");
	cr_assert(ms >= 0.9 * tr.times.oncpu / 1000 && ms <= 1.1 * tr.times.oncpu / 1000,
		  "%.1f ms on the CPU, the kernel's schedstat says %.1f", ms,
		  tr.times.oncpu / 1000);
	cr_assert_str_eq(json_string(rec, "unit"), "msecs");
	cr_assert_null(json_get(rec, "pid"));
	assert_fields_documented("cpudist", rec);
	json_lines_free(tr.recs, tr.n);
}

/*
 * -O: its time off the CPU holds its sleeps (each at least SLEEP_MS: in the
 * 65536 us bucket or above, with its wait to run again), and with the CPU
 * time it spun fits in its life (from its release to its end, as the test
 * clocks it).
 */
Test(cpudist, off_cpu_time_is_the_sleeps)
{
	const struct json *rec;
	struct traced tr;
	double us, most, long_spells;

	trace_spinner(&tr, "5", "100", "-O", "-P");
	rec = only_record(tr.recs, tr.n, "pid", tr.pid, "");
	us = json_number(rec, "total_time");
	most = tr.wall - ROUNDS * 5 * 1000;
	cr_assert(us >= 0.99 * tr.times.slept && us <= most,
		  "%.0f us off the CPU, slept %.0f, at most %.0f off", us, tr.times.slept, most);
	long_spells = spells_from(rec, 65536);
	/* more on a loaded machine: a spin preempted for as long (2 CPUs, 8 builds: seen) */
	cr_assert_geq(long_spells, ROUNDS, "%d sleeps of %d ms, %.0f spells of 65 ms or more",
		      ROUNDS, SLEEP_MS, long_spells);
	json_lines_free(tr.recs, tr.n);
}

/*
 * Reports every millisecond (or as often as it manages) add up to one
 * report at the end: no spell lost or counted twice at a boundary.
 */
Test(cpudist, intervals_add_up)
{
	struct report_sum often, once;
	struct tool_proc t_often, t_once;
	struct workload w;

	workload_spawn(&w, "spinner", "20", "5", "50", NULL);
	tool_start(&t_often, "cpudist", "-j", "-p", num_arg(w.pid), SHORTEST_INTERVAL, NULL);
	tool_start(&t_once, "cpudist", "-j", "-p", num_arg(w.pid), NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t_often, SIGINT), 0, "stderr: %s", t_often.err);
	cr_assert_eq(tool_stop(&t_once, SIGINT), 0, "stderr: %s", t_once.err);
	often = reports_sum(t_often.out, "total", NULL, NULL);
	once = reports_sum(t_once.out, "total", NULL, NULL);
	cr_assert_gt(often.records, 1, "the spells fit one report: no boundary was crossed");
	cr_assert_geq(once.sum, 50);
	cr_assert_eq(often.sum, once.sum, "%.0f spells over %zu reports, %.0f in one", often.sum,
		     often.records, once.sum);
	tool_free(&t_often);
	tool_free(&t_once);
}

/* bcc's text: "pid = PID COMM" over each histogram, and -e's summary line under it. */
Test(cpudist, text_like_bcc)
{
	char heading[64];
	struct tool_proc t;
	struct workload w;

	workload_spawn(&w, "spinner", "20", "10", "3", NULL);
	tool_start(&t, "cpudist", "-P", "-e", "-p", num_arg(w.pid), NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGTERM), 0, "%s", t.err);
	snprintf(heading, sizeof(heading), "\npid = %d spinner\n", w.pid);
	cr_assert(strstr(t.out, heading), "no heading '%s':\n%s", heading, t.out);
	cr_assert(strstr(t.out, "     usecs               : count    distribution\n"), "%s", t.out);
	cr_assert(strstr(t.out, "\navg = "), "no -e line:\n%s", t.out);
	cr_assert(strstr(t.out, " usecs, total: "), "no -e total:\n%s", t.out);
	tool_free(&t);
}

Test(cpudist, bad_usage_exits_2)
{
	assert_usage_error("cpudist", "-P", "-L");
	assert_usage_error("cpudist", "-d", "1");
	assert_usage_error("cpudist", "-O", "x");
}
