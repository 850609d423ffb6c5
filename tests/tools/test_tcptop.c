// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcptop against the tcpbulk workload, one process whose two threads talk
 * over loopback, once over IPv4 and once over IPv6: per family a client
 * row (its port to the listener's) and a server row (the reverse), whose
 * bytes, summed over the short intervals they fell in, are exactly what
 * the workload moved; each filter in a hit/miss pair.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"
#include "tcpbulk.h"
#include "tcpconns.h"

TestSuite(tcptop, .fini = expect_cleanup, .timeout = 60);

struct row_sum {
	double rx, tx;
	size_t rows;
};

/* The workload's bytes between lport and rport over every report: rows with that pid and ports. */
static struct row_sum row_sum(const struct json *recs, size_t n, long pid, int ip, long lport,
			      long rport)
{
	struct row_sum s = { 0 };
	size_t i;

	for (i = 0; i < n; i++) {
		if (json_number(&recs[i], "pid") != pid ||
		    json_number(&recs[i], "lport") != lport ||
		    json_number(&recs[i], "rport") != rport)
			continue;
		cr_assert_eq(json_number(&recs[i], "ip"), ip);
		assert_str_key(&recs[i], "laddr", ip == 4 ? "127.0.0.1" : "::1");
		assert_str_key(&recs[i], "raddr", ip == 4 ? "127.0.0.1" : "::1");
		assert_str_key(&recs[i], "comm", "tcpbulk");
		s.rx += json_number(&recs[i], "rx_bytes");
		s.tx += json_number(&recs[i], "tx_bytes");
		s.rows++;
	}
	return s;
}

/* Both ends of the family's connection, exact: the client sent UP + PING and got DOWN. */
static void assert_both_ends(const struct json *recs, size_t n, const struct tcpbulk *t,
			     const char *fam, int ip)
{
	char key[16];
	long cport;
	struct row_sum c, s;

	snprintf(key, sizeof(key), "%s_cport", fam);
	cport = fact(t->facts, key);
	c = row_sum(recs, n, t->w.pid, ip, cport, t->lport);
	s = row_sum(recs, n, t->w.pid, ip, t->lport, cport);
	cr_assert_gt(c.rows, 0, "%s: no client row", fam);
	cr_assert_gt(s.rows, 0, "%s: no server row", fam);
	cr_assert_eq(c.tx, TCPBULK_UP + TCPBULK_PING, "%s client tx %.0f", fam, c.tx);
	cr_assert_eq(c.rx, TCPBULK_DOWN, "%s client rx %.0f", fam, c.rx);
	cr_assert_eq(s.rx, TCPBULK_UP + TCPBULK_PING, "%s server rx %.0f", fam, s.rx);
	cr_assert_eq(s.tx, TCPBULK_DOWN, "%s server tx %.0f", fam, s.tx);
}

/* How many rows of the workload's a run printed. */
static size_t rows_of(const struct json *recs, size_t n, long pid)
{
	return rec_count(recs, n, "pid", pid);
}

/* Reports every 50 ms: the transfer spans several, and their sums must still be exact. */
Test(tcptop, exact_bytes_both_ends_ipv4_and_ipv6)
{
	struct tool_proc tool;
	struct tcpbulk t;
	struct json *recs;
	size_t n;

	tcpbulk_spawn(&t, 200);
	tool_start(&tool, "tcptop", "-j", "-r", "0", "-p", t.pid, "0.05", NULL);
	cr_assert_eq(workload_finish(&t.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	log_attach("tcptop", tool.kinds);
	recs = json_lines(tool.out, &n);
	assert_both_ends(recs, n, &t, "v4", 4);
	assert_both_ends(recs, n, &t, "v6", 6);
	assert_fields_documented("tcptop", rec_find(recs, n, "pid", t.w.pid, NULL, 0));
	json_lines_free(recs, n);
	tool_free(&tool);
}

/* -p: the workload's pid shows its four connections' ends, another pid none of them. */
Test(tcptop, pid_filter)
{
	struct tracer_pair p;
	struct tcpbulk t;

	tcpbulk_spawn(&t, 0);
	cr_assert_eq(tracer_pair_run(&p, &t.w, "tcptop", "-r0", "-p", t.pid, "1"), 0);
	assert_both_ends(p.hit_recs, p.hit_n, &t, "v4", 4);
	assert_both_ends(p.hit_recs, p.hit_n, &t, "v6", 6);
	cr_assert_eq(rows_of(p.miss_recs, p.miss_n, t.w.pid), 0, "in:\n%s", p.miss.out);
	tracer_pair_free(&p);
}

/* The rows of the workload whose `key` port is the listener's: the ends -P/-L let through. */
static size_t rows_with_port(const struct json *recs, size_t n, const struct tcpbulk *t,
			     const char *key)
{
	size_t i, seen = 0;

	for (i = 0; i < n; i++)
		if (json_number(&recs[i], "pid") == t->w.pid &&
		    json_number(&recs[i], key) == t->lport)
			seen++;
	return seen;
}

/* -P: the listener's port as the remote one: the client ends alone. */
Test(tcptop, remote_port_filter)
{
	struct tracer_pair p;
	struct tcpbulk t;

	tcpbulk_spawn(&t, 0);
	cr_assert_eq(tracer_pair_run(&p, &t.w, "tcptop", "-r0", "-P", t.port, "1"), 0);
	cr_assert_eq(
		row_sum(p.hit_recs, p.hit_n, t.w.pid, 4, fact(t.facts, "v4_cport"), t.lport).tx,
		TCPBULK_UP + TCPBULK_PING);
	cr_assert_eq(
		row_sum(p.hit_recs, p.hit_n, t.w.pid, 6, fact(t.facts, "v6_cport"), t.lport).rx,
		TCPBULK_DOWN);
	cr_assert_eq(rows_with_port(p.hit_recs, p.hit_n, &t, "lport"), 0, "server ends in:\n%s",
		     p.hit.out);
	cr_assert_eq(rows_of(p.miss_recs, p.miss_n, t.w.pid), 0, "in:\n%s", p.miss.out);
	tracer_pair_free(&p);
}

/* -L: the listener's port as the local one: the server ends alone. */
Test(tcptop, local_port_filter)
{
	struct tracer_pair p;
	struct tcpbulk t;

	tcpbulk_spawn(&t, 0);
	cr_assert_eq(tracer_pair_run(&p, &t.w, "tcptop", "-r0", "-L", t.port, "1"), 0);
	cr_assert_eq(
		row_sum(p.hit_recs, p.hit_n, t.w.pid, 4, t.lport, fact(t.facts, "v4_cport")).rx,
		TCPBULK_UP + TCPBULK_PING);
	cr_assert_eq(
		row_sum(p.hit_recs, p.hit_n, t.w.pid, 6, t.lport, fact(t.facts, "v6_cport")).tx,
		TCPBULK_DOWN);
	cr_assert_eq(rows_with_port(p.hit_recs, p.hit_n, &t, "rport"), 0, "client ends in:\n%s",
		     p.hit.out);
	cr_assert_eq(rows_of(p.miss_recs, p.miss_n, t.w.pid), 0, "in:\n%s", p.miss.out);
	tracer_pair_free(&p);
}

/* -4 and -6: each family's two ends, and none of the other's. */
Test(tcptop, family_filter)
{
	struct tool_proc v4, v6;
	struct json *r4, *r6;
	struct tcpbulk t;
	size_t i, n4, n6;

	tcpbulk_spawn(&t, 0);
	tool_start(&v4, "tcptop", "-j", "-r0", "-4", "-p", t.pid, NULL);
	tool_start(&v6, "tcptop", "-j", "-r0", "-6", "-p", t.pid, NULL);
	cr_assert_eq(workload_finish(&t.w), 0);
	cr_assert_eq(tool_stop(&v4, SIGINT), 0, "stderr: %s", v4.err);
	cr_assert_eq(tool_stop(&v6, SIGINT), 0, "stderr: %s", v6.err);
	r4 = json_lines(v4.out, &n4);
	r6 = json_lines(v6.out, &n6);
	assert_both_ends(r4, n4, &t, "v4", 4);
	assert_both_ends(r6, n6, &t, "v6", 6);
	for (i = 0; i < n4; i++)
		cr_assert_eq(json_number(&r4[i], "ip"), 4, "-4 shows IPv6:\n%s", v4.out);
	for (i = 0; i < n6; i++)
		cr_assert_eq(json_number(&r6[i], "ip"), 6, "-6 shows IPv4:\n%s", v6.out);
	json_lines_free(r4, n4);
	json_lines_free(r6, n6);
	tool_free(&v4);
	tool_free(&v6);
}

/* bcc's layout: the load average line (not with -S), then the columns; addr:port. */
Test(tcptop, text_like_bcc)
{
	struct tool_proc tool;
	struct tcpbulk t;
	char want[128];

	tcpbulk_spawn(&t, 0);
	tool_start(&tool, "tcptop", "-C", "-p", t.pid, "100", NULL);
	cr_assert_eq(workload_finish(&t.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	cr_assert(strstr(tool.out, " loadavg: "), "%s", tool.out);
	cr_assert(strstr(tool.out, "\n\nPID     COMM         LADDR                 RADDR        "
				   "          RX_KB  TX_KB\n"),
		  "%s", tool.out);
	/* the v4 client: 1,000,100 bytes sent are 976 KiB, 300,000 received 292 */
	snprintf(want, sizeof(want), "127.0.0.1:%ld", fact(t.facts, "v4_cport"));
	cr_assert(strstr(tool.out, want), "no %s in:\n%s", want, tool.out);
	snprintf(want, sizeof(want), "[::1]:%ld", t.lport);
	cr_assert(strstr(tool.out, want), "no %s in:\n%s", want, tool.out);
	cr_assert(strstr(tool.out, "   292    976\n"), "%s", tool.out);
	cr_assert_null(strchr(tool.out, '\033'), "a terminal escape into a pipe");
	tool_free(&tool);

	tool_start(&tool, "tcptop", "-S", "0.1", "1", NULL);
	cr_assert_eq(tool_wait(&tool, 10), 0, "stderr: %s", tool.err);
	cr_assert_null(strstr(tool.out, "loadavg"), "-S: %s", tool.out);
	cr_assert(strstr(tool.out, "PID     COMM"), "%s", tool.out);
	tool_free(&tool);
}

Test(tcptop, bad_usage_exits_2)
{
	const char *bad[][2] = { { "-s", "bytes" }, { "-r", "x" }, { "0", NULL }, { "-P", "0" } };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_usage_error("tcptop", bad[i][0], bad[i][1]);
}
