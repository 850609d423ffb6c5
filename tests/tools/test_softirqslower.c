// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * softirqslower against loopback TCP traffic (the loopback workload: 32 MB
 * over 127.0.0.1), whose receive side runs in NET_RX softirqs. With a
 * threshold of 0 every run is a record, so the NET_RX records are bounded
 * by the kernel's own count in /proc/softirqs, read just inside and just
 * outside the tool's run (as softirqs' test does). A threshold no run
 * reaches shows nothing while a tracer at 0 beside it shows the traffic,
 * and --cpu is held to its CPU.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"

TestSuite(softirqslower, .timeout = 60);

#define MBYTES "32"

struct traced {
	double inner, outer; /* NET_RX runs while both tools surely ran; while they may have */
	struct json *recs[2];
	size_t n[2];
};

/* The loopback traffic under two softirqslower -j, with `a` and with `b` (each up to 2 words). */
static void traffic(struct traced *t, const char *const a[2], const char *const b[2])
{
	struct tool_proc tool[2];
	struct workload w;
	double before, start, end;

	workload_spawn(&w, "loopback", MBYTES, NULL);
	before = proc_net_rx();
	tool_start(&tool[0], "softirqslower", "-j", a[0], a[1], NULL);
	tool_start(&tool[1], "softirqslower", "-j", b[0], b[1], NULL);
	start = proc_net_rx();
	cr_assert_eq(workload_finish(&w), 0, "the loopback workload failed");
	end = proc_net_rx();
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(tool_stop(&tool[i], SIGINT), 0, "stderr: %s", tool[i].err);
		t->recs[i] = json_lines(tool[i].out, &t->n[i]);
		tool_free(&tool[i]);
	}
	t->outer = proc_net_rx() - before;
	t->inner = end - start;
}

static void traced_free(struct traced *t)
{
	for (int i = 0; i < 2; i++)
		json_lines_free(t->recs[i], t->n[i]);
}

/* Records of NET_RX; each documented, at least min_ns long, on a CPU that exists. */
static double net_rx_records(const struct json *recs, size_t n, double min_ns, double *lost)
{
	long cpus = sysconf(_SC_NPROCESSORS_CONF);
	double count = 0;

	*lost = 0;
	for (size_t i = 0; i < n; i++) {
		if (json_get(&recs[i], "lost_events")) {
			*lost = json_number(&recs[i], "lost_events");
			continue;
		}
		assert_fields_documented("softirqslower", &recs[i]);
		cr_assert_geq(json_number(&recs[i], "duration_ns"), min_ns);
		cr_assert_lt(json_number(&recs[i], "cpu"), cpus);
		cr_assert_geq(json_number(&recs[i], "pid"), 0);
		if (rec_str_is(&recs[i], "softirq", "net_rx"))
			count++;
	}
	return count;
}

/* 0: every NET_RX run the kernel counted while it ran is a record; 10 s: none is. */
Test(softirqslower, threshold_zero_every_run_huge_none)
{
	const char *const zero[2] = { "0" }, *const huge[2] = { "10000000" };
	struct traced t;
	double lost, net_rx;

	traffic(&t, zero, huge);
	net_rx = net_rx_records(t.recs[0], t.n[0], 0, &lost);
	cr_assert_geq(t.inner, 50, "the traffic made %.0f NET_RX softirqs", t.inner);
	cr_assert_leq(net_rx, t.outer, "%.0f records, /proc counted %.0f", net_rx, t.outer);
	cr_assert_geq(net_rx + lost, t.inner, "%.0f records (%.0f lost), /proc counted %.0f",
		      net_rx, lost, t.inner);
	cr_assert_eq(t.n[1], 0, "a 10 s threshold showed %zu runs", t.n[1]);
	traced_free(&t);
}

/* MIN_US 5: no record under 5 us, while a tracer at 0 sees the traffic. */
Test(softirqslower, threshold_holds)
{
	const char *const zero[2] = { "0" }, *const five[2] = { "5" };
	struct traced t;
	double lost;

	traffic(&t, five, zero);
	net_rx_records(t.recs[0], t.n[0], 5000, &lost);
	cr_assert_gt(net_rx_records(t.recs[1], t.n[1], 0, &lost), 0, "no NET_RX at 0");
	traced_free(&t);
}

/* --cpu 0 at 0: a second of CPU 0's softirqs (the tick's TIMER at least), and no other CPU's. */
Test(softirqslower, cpu_filter)
{
	struct tool_proc t;
	struct json *recs;
	double lost;
	size_t n;

	tool_start(&t, "softirqslower", "-j", "-d", "1", "--cpu", "0", "0", NULL);
	cr_assert_eq(tool_wait(&t, 10), 0, "stderr: %s", t.err);
	recs = json_lines(t.out, &n);
	cr_assert_gt(n, 0, "no softirq on CPU 0 in a second");
	net_rx_records(recs, n, 0, &lost);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(json_number(&recs[i], "cpu"), 0, "%s", t.out);
	json_lines_free(recs, n);
	tool_free(&t);
}

/* bcc's columns, and a net_rx row. */
Test(softirqslower, text_like_bcc)
{
	struct tool_proc t;
	struct workload w;

	workload_spawn(&w, "loopback", MBYTES, NULL);
	tool_start(&t, "softirqslower", "0", NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "%s", t.err);
	cr_assert(!strncmp(t.out, "TIME     SOFTIRQ  LAT(us)        CPU    PID", 42), "%s", t.out);
	cr_assert(strstr(t.out, " net_rx   "), "no net_rx row:\n%.2000s", t.out);
	tool_free(&t);
}

/* Interrupt context has no task to filter: the task filters are not taken. */
Test(softirqslower, usage_errors_exit_2)
{
	assert_usage_error("softirqslower", "-p", "1");
	assert_usage_error("softirqslower", "abc", NULL);
	assert_usage_error("softirqslower", "-1", NULL);
	assert_usage_error("softirqslower", "--cpu", "65535");
	assert_usage_error("softirqslower", "--cpu", "x");
}
