// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcplife against tests/workloads/tcpxfer: each end of its two
 * connections once, with the exact data bytes each way the workload
 * moved, a lifespan no shorter than its sleep, its owner's pid, and -P,
 * -L, -4, -6 in hit/miss pairs.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"
#include "tcpconns.h"

TestSuite(tcplife, .fini = expect_cleanup, .timeout = 60);

/* The workload's one record with these ports: its bytes, its owner, its lifespan. */
static void assert_end(const struct json *recs, size_t n, const struct tcpxfer *x, int ip,
		       const char *addr, long lport, long rport, long tx, long rx)
{
	const struct json *r = tcpconns_rec(recs, n, x->w.pid, "lport", lport);

	cr_assert_eq(json_number(r, "rport"), rport, "lport %ld: rport", lport);
	cr_assert_eq(json_number(r, "ip"), ip);
	assert_str_key(r, "laddr", addr);
	assert_str_key(r, "raddr", addr);
	assert_str_key(r, "comm", "tcpxfer");
	cr_assert_eq(json_number(r, "tx_bytes"), tx, "lport %ld: tx_bytes", lport);
	cr_assert_eq(json_number(r, "rx_bytes"), rx, "lport %ld: rx_bytes", lport);
	cr_assert_geq(json_number(r, "duration_ns"), TCPXFER_SLEEP_MS * 1e6);
	cr_assert_lt(json_number(r, "duration_ns"), 10e9);
}

static void assert_connection(const struct json *recs, size_t n, const struct tcpxfer *x,
			      const char *key, int ip, const char *addr)
{
	long sport = fact(x->facts, key), up = fact(x->facts, "up"), down = fact(x->facts, "down");
	const struct json *r = rec_find(recs, n, "pid", x->w.pid, "rport", sport);

	assert_end(recs, n, x, ip, addr, sport, x->lport, up, down);
	/* the accepted end, found by its peer (its lport is the listener's, as the other's) */
	cr_assert(r, "no record of the server end of %s", key);
	cr_assert_eq(json_number(r, "lport"), x->lport);
	cr_assert_eq(json_number(r, "ip"), ip);
	cr_assert_eq(json_number(r, "tx_bytes"), down, "%s server: tx_bytes", key);
	cr_assert_eq(json_number(r, "rx_bytes"), up, "%s server: rx_bytes", key);
	cr_assert_geq(json_number(r, "duration_ns"), TCPXFER_SLEEP_MS * 1e6);
}

Test(tcplife, bytes_and_lifespan_of_each_end)
{
	struct tool_proc tool;
	struct tcpxfer x;
	struct json *recs;
	size_t n;

	tcpxfer_spawn(&x);
	tool_start(&tool, "tcplife", "-j", "-p", x.pid, NULL);
	cr_assert_eq(workload_finish(&x.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	log_attach("tcplife", tool.kinds);
	recs = json_lines(tool.out, &n);
	cr_assert_eq(n, 4, "not four ends:\n%s", tool.out);
	assert_connection(recs, n, &x, "v4", 4, "127.0.0.1");
	assert_connection(recs, n, &x, "v6", 6, "::1");
	assert_fields_documented("tcplife", &recs[0]);
	json_lines_free(recs, n);
	tool_free(&tool);
}

/* -P: the clients (the listener's port is their remote one). */
Test(tcplife, remote_port_filter)
{
	struct tracer_pair p;
	struct tcpxfer x;

	tcpxfer_spawn(&x);
	cr_assert_eq(tracer_pair_run(&p, &x.w, "tcplife", NULL, "-P", x.port, "1"), 0);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "pid", x.w.pid), 2, "in:\n%s", p.hit.out);
	tcpconns_rec(p.hit_recs, p.hit_n, x.w.pid, "lport", fact(x.facts, "v4"));
	tcpconns_rec(p.hit_recs, p.hit_n, x.w.pid, "lport", fact(x.facts, "v6"));
	cr_assert_eq(rec_count(p.miss_recs, p.miss_n, "pid", x.w.pid), 0, "-P 1 let it through");
	tracer_pair_free(&p);
}

/* -L: the accepted ends (the listener's port is their local one). */
Test(tcplife, local_port_filter)
{
	struct tracer_pair p;
	struct tcpxfer x;

	tcpxfer_spawn(&x);
	cr_assert_eq(tracer_pair_run(&p, &x.w, "tcplife", NULL, "-L", x.port, "1"), 0);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "pid", x.w.pid), 2, "in:\n%s", p.hit.out);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "lport", x.lport), 2, "in:\n%s", p.hit.out);
	cr_assert_eq(rec_count(p.miss_recs, p.miss_n, "pid", x.w.pid), 0, "-L 1 let it through");
	tracer_pair_free(&p);
}

Test(tcplife, family_filter)
{
	struct tracer_pair p;
	struct tcpxfer x;

	tcpxfer_spawn(&x);
	cr_assert_eq(tracer_pair_run(&p, &x.w, "tcplife", "-6", "-p", x.pid, "1"), 0);
	cr_assert_eq(p.hit_n, 2, "in:\n%s", p.hit.out);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "ip", 6), 2);
	tcpconns_rec(p.hit_recs, p.hit_n, x.w.pid, "lport", fact(x.facts, "v6"));
	cr_assert_eq(p.miss_n, 0, "in:\n%s", p.miss.out);
	tracer_pair_free(&p);

	tcpxfer_spawn(&x);
	cr_assert_eq(tracer_pair_run(&p, &x.w, "tcplife", "-4", "-p", x.pid, "1"), 0);
	cr_assert_eq(p.hit_n, 2, "in:\n%s", p.hit.out);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "ip", 4), 2);
	tcpconns_rec(p.hit_recs, p.hit_n, x.w.pid, "lport", fact(x.facts, "v4"));
	cr_assert_eq(p.miss_n, 0, "in:\n%s", p.miss.out);
	tracer_pair_free(&p);
}

/* bcc's columns; bytes in whole KiB (100000 bytes: 97). */
Test(tcplife, text_columns)
{
	struct tool_proc tool;
	struct tcpxfer x;
	char want[160];
	const char *header =
		"PID   COMM       LADDR           LPORT RADDR           RPORT TX_KB RX_KB "
		"MS\n";

	tcpxfer_spawn(&x);
	tool_start(&tool, "tcplife", "-p", x.pid, NULL);
	cr_assert_eq(workload_finish(&x.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0);
	cr_assert(!strncmp(tool.out, header, strlen(header)), "header: %s", tool.out);
	snprintf(want, sizeof(want), "%-5s %-10s %-15s %-5ld %-15s %-5ld %5ld %5ld ", x.pid,
		 "tcpxfer", "127.0.0.1", fact(x.facts, "v4"), "127.0.0.1", x.lport,
		 fact(x.facts, "up") / 1024, fact(x.facts, "down") / 1024);
	cr_assert(strstr(tool.out, want), "no line with '%s' in:\n%s", want, tool.out);
	tool_free(&tool);
}

Test(tcplife, bad_usage_exits_2)
{
	assert_usage_error("tcplife", "-P", "0");
	assert_usage_error("tcplife", "-L", "65536");
	assert_usage_error("tcplife", "-4", "-6");
	assert_usage_error("tcplife", "-p", "x");
}
