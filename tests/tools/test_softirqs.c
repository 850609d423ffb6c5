// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * softirqs against loopback TCP traffic (the loopback workload: 32 MB
 * over 127.0.0.1), whose receive side runs in NET_RX softirqs. The
 * kernel counts every softirq run in /proc/softirqs, at the same place
 * the tracepoint fires: read just inside and just outside the tool's run,
 * the two deltas bound its count. Other work makes softirqs too, so the
 * bounds, not the workload, are the measure.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"

TestSuite(softirqs, .timeout = 60);

#define MBYTES "32"

/* The loopback traffic under `softirqs -j ARGS`: /proc's counts around it, and its output. */
struct traffic {
	double inner, outer; /* NET_RX runs while the tool surely ran; while it may have */
	char *out;
};

static void traffic(struct traffic *t, const char *a, const char *b)
{
	struct tool_proc tool;
	struct workload w;
	double before, start, end;

	workload_spawn(&w, "loopback", MBYTES, NULL);
	before = proc_net_rx();
	tool_start(&tool, "softirqs", "-j", a, b, NULL);
	start = proc_net_rx();
	cr_assert_eq(workload_finish(&w), 0, "the loopback workload failed");
	end = proc_net_rx();
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	t->outer = proc_net_rx() - before;
	t->inner = end - start;
	t->out = tool.out;
	tool.out = NULL;
	tool_free(&tool);
}

/* -C: every NET_RX run the kernel counted while it ran, and no more than it counted around it. */
Test(softirqs, counts_are_the_kernels)
{
	struct report_sum net_rx;
	struct traffic t;

	traffic(&t, "-C", NULL);
	net_rx = reports_sum(t.out, "count", "softirq", "net_rx");
	cr_assert_geq(t.inner, 50, "the traffic made %.0f NET_RX softirqs", t.inner);
	cr_assert(net_rx.sum >= t.inner && net_rx.sum <= t.outer,
		  "%.0f NET_RX runs counted; /proc/softirqs: %.0f while it surely ran, %.0f around "
		  "it\n%s",
		  net_rx.sum, t.inner, t.outer, t.out);
	free(t.out);
}

/* By default the time: NET_RX's is above zero, and its runs are counted as -C counts them. */
Test(softirqs, time_of_net_rx)
{
	struct report_sum runs, time;
	struct json *recs;
	struct traffic t;
	size_t n, i;

	traffic(&t, NULL, NULL);
	runs = reports_sum(t.out, "count", "softirq", "net_rx");
	time = reports_sum(t.out, "total_time", "softirq", "net_rx");
	cr_assert(runs.sum >= t.inner && runs.sum <= t.outer, "%.0f runs, /proc: %.0f to %.0f",
		  runs.sum, t.inner, t.outer);
	cr_assert_gt(time.sum, 0, "no NET_RX time:\n%s", t.out);
	recs = json_lines(t.out, &n);
	for (i = 0; i < n; i++) {
		cr_assert_str_eq(json_string(&recs[i], "unit"), "usecs");
		assert_fields_documented("softirqs", &recs[i]);
	}
	json_lines_free(recs, n);
	free(t.out);
}

/* -d: a histogram per kind, whose buckets add up to its runs; -N: in nanoseconds. */
Test(softirqs, dist_in_nanoseconds)
{
	const struct json *buckets;
	struct json *recs;
	struct traffic t;
	double sum, net_rx = 0;
	size_t n, i, j;

	traffic(&t, "-d", "-N");
	recs = json_lines(t.out, &n);
	for (i = 0; i < n; i++) {
		cr_assert_str_eq(json_string(&recs[i], "unit"), "nsecs");
		buckets = json_get(&recs[i], "buckets");
		cr_assert(buckets && buckets->type == JSON_ARRAY);
		for (sum = 0, j = 0; j < buckets->n; j++)
			sum += json_number(&buckets->items[j], "count");
		cr_assert_eq(sum, json_number(&recs[i], "count"));
		if (rec_str_is(&recs[i], "softirq", "net_rx"))
			net_rx += sum;
		assert_fields_documented("softirqs", &recs[i]);
	}
	cr_assert(net_rx >= t.inner && net_rx <= t.outer, "%.0f in the histograms, /proc %.0f-%.0f",
		  net_rx, t.inner, t.outer);
	json_lines_free(recs, n);
	free(t.out);
}

/* --cpu: a record per CPU and kind, which add up to the same bounds. */
Test(softirqs, per_cpu)
{
	struct json *recs;
	struct traffic t;
	double net_rx = 0;
	long cpus = sysconf(_SC_NPROCESSORS_CONF);
	size_t n, i;

	traffic(&t, "--cpu", "-C");
	recs = json_lines(t.out, &n);
	for (i = 0; i < n; i++) {
		cr_assert_lt(json_number(&recs[i], "cpu"), cpus);
		if (rec_str_is(&recs[i], "softirq", "net_rx"))
			net_rx += json_number(&recs[i], "count");
	}
	cr_assert(net_rx >= t.inner && net_rx <= t.outer, "%.0f over the CPUs, /proc %.0f-%.0f",
		  net_rx, t.inner, t.outer);
	json_lines_free(recs, n);
	free(t.out);
}

/* bcc's table: "SOFTIRQ          TOTAL_usecs", then a row per kind that ran. */
Test(softirqs, text_like_bcc)
{
	struct tool_proc t;
	struct workload w;

	workload_spawn(&w, "loopback", MBYTES, NULL);
	tool_start(&t, "softirqs", NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "%s", t.err);
	cr_assert(!strncmp(t.out, "SOFTIRQ          TOTAL_usecs\n", 29), "%s", t.out);
	cr_assert(strstr(t.out, "\nnet_rx           "), "no net_rx row:\n%s", t.out);
	tool_free(&t);
}

/* Interrupt context has no task: the task filters are not taken. */
Test(softirqs, usage_errors_exit_2)
{
	assert_usage_error("softirqs", "-p", "1");
	assert_usage_error("softirqs", "-c", "/sys/fs/cgroup");
	assert_usage_error("softirqs", "-C", "-d");
	assert_usage_error("softirqs", "0", NULL);
	assert_usage_error("softirqs", "--no-such-option", NULL);
}

Test(softirqs, interval_and_count_end_by_themselves)
{
	struct tool_proc t;

	tool_start(&t, "softirqs", "-T", "-C", "0.2", "3", NULL);
	cr_assert_eq(tool_wait(&t, 10), 0, "stderr: %s", t.err);
	tool_free(&t);
}
