// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcpconnlat against tests/workloads/tcpconns: its IPv4, IPv6 and
 * IPv4-mapped connects each give one latency, with the workload's pid (kept
 * at the SYN, though the SYN-ACK is handled in softirq) and the source port
 * it reported; the refused connect gives none.
 */
#include <signal.h>
#include <stdio.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"
#include "tcpconns.h"

TestSuite(tcpconnlat, .fini = expect_cleanup, .timeout = 60);

#define CONNECTS (TCPCONNS_V4 + 2) /* and the IPv6 and IPv4-mapped ones; not the refused one */

/* Each connect of `key` in the facts: one record, its tuple, a loopback latency (0, 1 s). */
static void assert_connect(const struct json *recs, size_t n, const struct tcpconns *t,
			   const char *key, int ip, const char *addr)
{
	long sports[TCPCONNS_V4 + 1];
	size_t i, ns = facts_all(t->facts, key, sports, TCPCONNS_V4 + 1);

	cr_assert_gt(ns, 0, "no %s in the facts", key);
	for (i = 0; i < ns; i++) {
		const struct json *r = tcpconns_rec(recs, n, t->w.pid, "sport", sports[i]);
		double lat = json_number(r, "latency_ns");

		cr_assert_eq(json_number(r, "ip"), ip, "%s: ip", key);
		assert_str_key(r, "saddr", addr);
		assert_str_key(r, "daddr", addr);
		cr_assert_eq(json_number(r, "dport"), t->lport, "%s: dport", key);
		assert_str_key(r, "comm", "tcpconns");
		cr_assert_eq(json_number(r, "tid"), t->w.pid, "%s: tid", key);
		cr_assert(lat > 0 && lat < 1e9, "%s: latency %.0f ns", key, lat);
	}
}

Test(tcpconnlat, every_connect_with_its_latency)
{
	struct tool_proc tool;
	struct tcpconns t;
	struct json *recs;
	size_t n;

	tcpconns_spawn(&t);
	tool_start(&tool, "tcpconnlat", "-j", "-p", t.pid, NULL);
	cr_assert_eq(workload_finish(&t.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	log_attach("tcpconnlat", tool.kinds);
	recs = json_lines(tool.out, &n);
	assert_connect(recs, n, &t, "v4", 4, "127.0.0.1");
	assert_connect(recs, n, &t, "v6", 6, "::1");
	assert_connect(recs, n, &t, "mapped", 4, "127.0.0.1");
	cr_assert_eq(rec_count(recs, n, "sport", fact(t.facts, "refused")), 0,
		     "a refused connect has no latency:\n%s", tool.out);
	cr_assert_eq(rec_count(recs, n, "pid", t.w.pid), CONNECTS, "in:\n%s", tool.out);
	assert_fields_documented("tcpconnlat", rec_find(recs, n, "pid", t.w.pid, NULL, 0));
	json_lines_free(recs, n);
	tool_free(&tool);
}

/* --min: no loopback connect takes 10 s; a floor of 0 lets every one through. */
Test(tcpconnlat, min_latency_filter)
{
	struct tracer_pair p;
	struct tcpconns t;

	tcpconns_spawn(&t);
	cr_assert_eq(tracer_pair_run(&p, &t.w, "tcpconnlat", NULL, "--min", "0", "10000"), 0);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "pid", t.w.pid), CONNECTS, "in:\n%s",
		     p.hit.out);
	cr_assert_eq(rec_count(p.miss_recs, p.miss_n, "pid", t.w.pid), 0, "--min 10000 let it by");
	tracer_pair_free(&p);
}

/* MIN_MS, bcc's operand, is the same floor. */
Test(tcpconnlat, min_ms_operand)
{
	struct tool_proc tool;
	struct tcpconns t;
	struct json *recs;
	size_t n;

	tcpconns_spawn(&t);
	tool_start(&tool, "tcpconnlat", "-j", "-p", t.pid, "10000", NULL);
	cr_assert_eq(workload_finish(&t.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	recs = json_lines(tool.out, &n);
	cr_assert_eq(rec_count(recs, n, "pid", t.w.pid), 0, "MIN_MS 10000 let it by:\n%s",
		     tool.out);
	json_lines_free(recs, n);
	tool_free(&tool);
	assert_usage_error("tcpconnlat", "--min", "fast");
}

/* -P is tested on the tuple at ESTABLISHED; -L on the source port, bound only then. */
Test(tcpconnlat, port_filters)
{
	struct tracer_pair p;
	struct tcpconns t;
	char lport[16];

	tcpconns_spawn(&t);
	snprintf(lport, sizeof(lport), "%ld", t.lport);
	cr_assert_eq(tracer_pair_run(&p, &t.w, "tcpconnlat", NULL, "-P", lport, "1"), 0);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "pid", t.w.pid), CONNECTS, "in:\n%s",
		     p.hit.out);
	cr_assert_eq(rec_count(p.miss_recs, p.miss_n, "pid", t.w.pid), 0, "-P 1 let it through");
	tracer_pair_free(&p);

	/* the IPv6 connect's source port is the workload's to choose: -6 -p pid, then its port */
	tcpconns_spawn(&t);
	cr_assert_eq(tracer_pair_run(&p, &t.w, "tcpconnlat", "-6", "-p", t.pid, "1"), 0);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "pid", t.w.pid), 1, "in:\n%s", p.hit.out);
	tcpconns_rec(p.hit_recs, p.hit_n, t.w.pid, "sport", fact(t.facts, "v6"));
	tracer_pair_free(&p);
}

/* -H: one histogram in the kernel; with -p, its total is the workload's connects. */
Test(tcpconnlat, histogram_counts_the_connects)
{
	struct tool_proc tool;
	struct tcpconns t;
	struct json *recs;
	size_t n;

	tcpconns_spawn(&t);
	tool_start(&tool, "tcpconnlat", "-H", "-j", "-p", t.pid, NULL);
	cr_assert_eq(workload_finish(&t.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	recs = json_lines(tool.out, &n);
	cr_assert_eq(n, 1, "one histogram, got:\n%s", tool.out);
	cr_assert_str_eq(json_string(&recs[0], "unit"), "usecs");
	cr_assert_eq(json_number(&recs[0], "total"), CONNECTS, "in:\n%s", tool.out);
	json_lines_free(recs, n);
	tool_free(&tool);

	/* the miss: another pid's histogram is empty */
	tcpconns_spawn(&t);
	tool_start(&tool, "tcpconnlat", "-H", "-j", "-m", "-p", "1", NULL);
	cr_assert_eq(workload_finish(&t.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	recs = json_lines(tool.out, &n);
	cr_assert_eq(n, 1, "one histogram, got:\n%s", tool.out);
	cr_assert_str_eq(json_string(&recs[0], "unit"), "msecs");
	cr_assert_eq(json_number(&recs[0], "total"), 0, "in:\n%s", tool.out);
	json_lines_free(recs, n);
	tool_free(&tool);
}
