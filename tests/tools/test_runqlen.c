// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * runqlen against pingpong's crowd: N threads spinning on one CPU, in a
 * session (and so, under autogroup, a task group) of their own. Whenever
 * one of them runs, its group's queue holds exactly N - 1 others: --group
 * must count N - 1 at least once for each sample of their CPU time (the
 * kernel's own count, by getrusage), and a lone spinner 0. The CPU's whole
 * queue (the default) holds them and whatever else runs there: at least
 * N - 1 in most samples. A CPU's samples are the frequency times the time.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#include <sys/resource.h>
#include <criterion/criterion.h>

#include "harness.h"

TestSuite(runqlen, .timeout = 90);

#define HZ	 99
#define HZ_S	 "99"
#define CROWD_MS "3000"
#define CROWD_S	 3.0

/* The last online CPU: the only one in the VM, the one the crowd is pinned to. */
static long crowd_cpu(void)
{
	return sysconf(_SC_NPROCESSORS_ONLN) - 1;
}

struct crowd_run {
	struct json *recs;
	size_t n;
	double cpu_s; /* the crowd's CPU time */
	double share; /* of the tool's run the crowd's spinning took, at most 1 */
	char *out;
};

/* `runqlen -j -C -F 99 [extra]` while n threads crowd the last CPU for CROWD_MS. */
static void run_crowd(struct crowd_run *c, int n, const char *extra)
{
	char facts[128];
	struct tool_proc t;
	struct workload w;
	double before, start;

	snprintf(facts, sizeof(facts), "/tmp/%s-runqlen", test_marker());
	workload_spawn(&w, "pingpong", facts, "crowd", num_arg(n), CROWD_MS, num_arg(crowd_cpu()),
		       NULL);
	tool_start(&t, "runqlen", "-j", "-C", "-F", HZ_S, extra, NULL);
	before = children_cpu_s();
	start = now_s();
	cr_assert_eq(workload_finish(&w), 0, "the crowd failed");
	c->cpu_s = children_cpu_s() - before;
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "runqlen failed: %s", t.err);
	/* before it and after it, the exec (slow in the VM) and the report */
	c->share = CROWD_S / (now_s() - start);
	if (c->share > 1)
		c->share = 1;
	unlink(facts);
	c->out = strdup(t.out);
	c->recs = json_lines(t.out, &c->n);
	tool_free(&t);
}

static void crowd_free(struct crowd_run *c)
{
	json_lines_free(c->recs, c->n);
	free(c->out);
}

/* The record of CPU `cpu`, failing unless there is exactly one. */
static const struct json *cpu_record(const struct crowd_run *c, long cpu)
{
	const struct json *found = NULL;
	char want[24];
	size_t i;

	snprintf(want, sizeof(want), "%ld", cpu);
	for (i = 0; i < c->n; i++) {
		cr_assert_null(json_get(&c->recs[i], "lost_events"), "lost:\n%s", c->out);
		if (strcmp(json_string(&c->recs[i], "cpu"), want))
			continue;
		cr_assert_null(found, "two records for CPU %s:\n%s", want, c->out);
		found = &c->recs[i];
	}
	cr_assert_not_null(found, "no record for CPU %s:\n%s", want, c->out);
	return found;
}

/* Samples in the record with a queue length from `low` to `high`; the buckets add up to total. */
static double samples_between(const struct json *rec, double low, double high)
{
	const struct json *buckets = json_get(rec, "buckets");
	double sum = 0, in = 0, v;
	size_t i;

	cr_assert(buckets && buckets->type == JSON_ARRAY && buckets->n > 0);
	for (i = 0; i < buckets->n; i++) {
		v = json_number(&buckets->items[i], "low");
		cr_assert_eq(v, json_number(&buckets->items[i], "high"), "a bucket wider than 1");
		sum += json_number(&buckets->items[i], "count");
		if (v >= low && v <= high)
			in += json_number(&buckets->items[i], "count");
	}
	cr_assert_eq(sum, json_number(rec, "total"));
	return in;
}

/*
 * --group: each sample of the crowd's own CPU time reads its N - 1 others:
 * its CPU time at HZ, or where the timer delivers fewer (the VM's, under
 * emulation: 70 of 99 a second), the CPU's samples in the time it spun.
 */
static void assert_group_queue(int n)
{
	const struct json *rec;
	struct crowd_run c;
	double at, least;

	run_crowd(&c, n, "--group");
	rec = cpu_record(&c, crowd_cpu());
	at = samples_between(rec, n - 1, n - 1);
	least = c.cpu_s * HZ;
	if (least > c.share * json_number(rec, "total"))
		least = c.share * json_number(rec, "total");
	least = least * 0.75 - 3; /* the tick's phase, a loaded machine's timer slack */
	cr_log_info("runqlen --group: %.0f samples at %d for %.2f s of the crowd's CPU time", at,
		    n - 1, c.cpu_s);
	cr_assert_gt(c.cpu_s, 0.2, "the crowd hardly ran: %.2f s", c.cpu_s);
	cr_assert_geq(at, least, "%.0f samples at %d, its %.2f s of CPU time: at least %.0f:\n%s",
		      at, n - 1, c.cpu_s, least, c.out);
	cr_assert_str_eq(json_string(rec, "unit"), "runqlen");
	assert_fields_documented("runqlen", rec);
	crowd_free(&c);
}

Test(runqlen, group_queue_of_a_crowd_of_four_is_three)
{
	assert_group_queue(4);
}

Test(runqlen, group_queue_of_a_lone_spinner_is_zero)
{
	assert_group_queue(1);
}

/*
 * The CPU's whole queue: at least the crowd's N - 1 in 80% of its samples while
 * it spins (samples_follow_the_frequency checks their number; half will do here).
 */
Test(runqlen, cpu_queue_holds_the_crowd)
{
	const struct json *rec;
	struct crowd_run c;
	double at, total;

	run_crowd(&c, 4, NULL);
	rec = cpu_record(&c, crowd_cpu());
	at = samples_between(rec, 3, 1e9);
	total = json_number(rec, "total");
	cr_assert_geq(total, CROWD_S * HZ / 2, "%.0f samples in %s ms at %d Hz", total, CROWD_MS,
		      HZ);
	cr_assert_geq(at, 0.8 * c.share * total,
		      "%.0f of %.0f samples at 3 or more, %.0f%% of them in its run:\n%s", at,
		      total, 100 * c.share, c.out);
	crowd_free(&c);
}

/*
 * Whether this is a QEMU guest (its firmware's vendor): the test VMs
 * emulate their CPU (TCG), and a host busy with other work starves it of
 * timer expiries, which the cpu-clock event then skips (5.10 there: 18
 * samples in one second at 50 Hz).
 */
static bool qemu_guest(void)
{
	char vendor[64] = "";
	FILE *f = fopen("/sys/class/dmi/id/sys_vendor", "r");

	if (f) {
		if (!fgets(vendor, sizeof(vendor), f))
			vendor[0] = '\0';
		fclose(f);
	}
	return !strncmp(vendor, "QEMU", 4);
}

/*
 * Two one-second reports at 50 Hz: each CPU's samples 50, give or take the
 * timer, never more; in an emulated guest only never more, and at least
 * half over the two.
 */
Test(runqlen, samples_follow_the_frequency)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	bool loose = qemu_guest();
	double total, sum = 0;
	struct json *recs;
	char *out, *err;
	size_t n, i;

	cr_assert_eq(tool_run(&out, &err, "runqlen", "-j", "-C", "-F", "50", "1", "2", NULL), 0,
		     "%s", err);
	recs = json_lines(out, &n);
	cr_assert_eq(n, 2 * (size_t)cpus, "not a record per CPU per report:\n%s", out);
	for (i = 0; i < n; i++) {
		total = json_number(&recs[i], "total");
		cr_assert(total <= 60 && (loose || total >= 40),
			  "%.0f samples in 1 s at 50 Hz:\n%s", total, out);
		samples_between(&recs[i], 0, 1e9);
		sum += total;
	}
	cr_assert_geq(sum, 50 * cpus, "%.0f samples in 2 s at 50 Hz on %ld CPUs:\n%s", sum, cpus,
		      out);
	json_lines_free(recs, n);
	free(out);
	free(err);
}

/* -O: the crowd's CPU has tasks queued in nearly every sample; queued counts them. */
Test(runqlen, occupancy_of_the_crowded_cpu)
{
	const struct json *rec;
	struct crowd_run c;
	double samples, queued;

	run_crowd(&c, 3, "-O");
	rec = cpu_record(&c, crowd_cpu());
	samples = json_number(rec, "samples");
	queued = json_number(rec, "queued");
	cr_assert_geq(samples, CROWD_S * HZ / 2, "%s", c.out);
	cr_assert_geq(queued, 0.8 * c.share * samples, "%.0f%% of them in its run:\n%s",
		      100 * c.share, c.out);
	cr_assert_float_eq(json_number(rec, "occupancy"), 100 * queued / samples, 0.01, "%s",
			   c.out);
	assert_fields_documented("runqlen", rec);
	crowd_free(&c);
}

/* bcc's text: "cpu = N" over each histogram, one row per queue length. */
Test(runqlen, text_like_bcc)
{
	char *out, *err;

	cr_assert_eq(tool_run(&out, &err, "runqlen", "-C", "-T", "0.3", "1", NULL), 0, "%s", err);
	cr_assert(strstr(out, "\ncpu = 0\n"), "no heading:\n%s", out);
	cr_assert(strstr(out, "     runqlen       : count     distribution\n"), "%s", out);
	cr_assert(strstr(out, "\n        0          : "), "no row for 0:\n%s", out);
	free(out);
	free(err);
	cr_assert_eq(tool_run(&out, &err, "runqlen", "-O", "0.3", "1", NULL), 0, "%s", err);
	cr_assert(!strncmp(out, "runqocc: ", 9) && strchr(out, '%'), "%s", out);
	free(out);
	free(err);
}

Test(runqlen, bad_usage_exits_2)
{
	assert_usage_error("runqlen", "-F", "0");
	assert_usage_error("runqlen", "-F", "x");
	assert_usage_error("runqlen", "x", NULL);
	assert_usage_error("runqlen", "-p", "1");
	assert_usage_error("runqlen", "1", "0.5");
}
