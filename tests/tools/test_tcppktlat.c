// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcppktlat against the tcpbulk workload: per family, the server thread's
 * reads (its tid, the listener's port as the local one) and the client's
 * (the main thread, the reverse ports), each wait short; and the ping the
 * server reads a known delay after it arrived, the ground truth: a wait of
 * at least that delay, the server's last read.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"
#include "tcpbulk.h"
#include "tcpconns.h"

#define DELAY_MS 200
#define SECOND	 1e9

TestSuite(tcppktlat, .fini = expect_cleanup, .timeout = 60);

/* The workload's reads on one end of a family's connection, checked; how many. */
static size_t assert_reads(const struct json *recs, size_t n, const struct tcpbulk *t,
			   const char *fam, bool server, double *last)
{
	char key[16];
	long cport, tid, lport, rport;
	size_t i, seen = 0;
	double lat;

	snprintf(key, sizeof(key), "%s_cport", fam);
	cport = fact(t->facts, key);
	snprintf(key, sizeof(key), "%s_%s", fam, server ? "stid" : "ctid");
	tid = fact(t->facts, key);
	lport = server ? t->lport : cport;
	rport = server ? cport : t->lport;
	for (i = 0; i < n; i++) {
		const struct json *r = &recs[i];

		if (json_number(r, "pid") != t->w.pid || json_number(r, "lport") != lport ||
		    json_number(r, "rport") != rport)
			continue;
		cr_assert_eq(json_number(r, "tid"), tid, "%s: a read of another thread", fam);
		cr_assert_eq(json_number(r, "ip"), fam[1] == '4' ? 4 : 6);
		assert_str_key(r, "laddr", fam[1] == '4' ? "127.0.0.1" : "::1");
		assert_str_key(r, "raddr", fam[1] == '4' ? "127.0.0.1" : "::1");
		assert_str_key(r, "comm", "tcpbulk");
		lat = json_number(r, "latency_ns");
		cr_assert_geq(lat, 0);
		cr_assert_lt(lat, SECOND, "%s: a wait of %.0f ns", fam, lat);
		*last = lat;
		seen++;
	}
	return seen;
}

static void assert_family(const struct json *recs, size_t n, const struct tcpbulk *t,
			  const char *fam)
{
	double last = -1;

	cr_assert_gt(assert_reads(recs, n, t, fam, false, &last), 0, "%s: no client read", fam);
	/* the bulk reads, then the ping's */
	cr_assert_geq(assert_reads(recs, n, t, fam, true, &last), 2, "%s: server reads", fam);
	cr_assert_geq(last, DELAY_MS * 1e6, "%s: the ping waited %.0f ns", fam, last);
}

Test(tcppktlat, reads_with_reader_tid_ports_and_the_delayed_ping)
{
	struct tool_proc tool;
	struct tcpbulk t;
	struct json *recs;
	size_t n;

	tcpbulk_spawn(&t, DELAY_MS);
	tool_start(&tool, "tcppktlat", "-j", "-p", t.pid, NULL);
	cr_assert_eq(workload_finish(&t.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	log_attach("tcppktlat", tool.kinds);
	recs = json_lines(tool.out, &n);
	assert_family(recs, n, &t, "v4");
	assert_family(recs, n, &t, "v6");
	assert_fields_documented("tcppktlat", rec_find(recs, n, "pid", t.w.pid, NULL, 0));
	json_lines_free(recs, n);
	tool_free(&tool);
}

/* --min: 100 keeps the two pings alone; 5000 keeps nothing of the workload's. */
Test(tcppktlat, min_latency)
{
	struct tool_proc hit, miss;
	struct json *rh, *rm;
	struct tcpbulk t;
	size_t nh, nm, i;

	tcpbulk_spawn(&t, DELAY_MS);
	tool_start(&hit, "tcppktlat", "-j", "-p", t.pid, "--min", "100", NULL);
	tool_start(&miss, "tcppktlat", "-j", "-p", t.pid, "--min", "5000", NULL);
	cr_assert_eq(workload_finish(&t.w), 0);
	cr_assert_eq(tool_stop(&hit, SIGINT), 0, "stderr: %s", hit.err);
	cr_assert_eq(tool_stop(&miss, SIGINT), 0, "stderr: %s", miss.err);
	rh = json_lines(hit.out, &nh);
	rm = json_lines(miss.out, &nm);
	cr_assert_eq(rec_count(rh, nh, "pid", t.w.pid), 2, "in:\n%s", hit.out);
	for (i = 0; i < nh; i++) {
		cr_assert_eq(json_number(&rh[i], "lport"), t.lport, "in:\n%s", hit.out);
		cr_assert_geq(json_number(&rh[i], "latency_ns"), DELAY_MS * 1e6);
	}
	cr_assert_eq(rec_count(rm, nm, "pid", t.w.pid), 0, "in:\n%s", miss.out);
	json_lines_free(rh, nh);
	json_lines_free(rm, nm);
	tool_free(&hit);
	tool_free(&miss);
}

/* How many of the workload's records have `key` equal to the listener's port. */
static size_t with_port(const struct json *recs, size_t n, const struct tcpbulk *t, const char *key)
{
	size_t i, seen = 0;

	for (i = 0; i < n; i++)
		if (json_number(&recs[i], "pid") == t->w.pid &&
		    json_number(&recs[i], key) == t->lport)
			seen++;
	return seen;
}

/* -L: the listener's port as the local one: the server's reads alone. */
Test(tcppktlat, local_port_filter)
{
	struct tracer_pair p;
	struct tcpbulk t;
	double last = -1;

	tcpbulk_spawn(&t, 0);
	cr_assert_eq(tracer_pair_run(&p, &t.w, "tcppktlat", NULL, "-L", t.port, "1"), 0);
	cr_assert_gt(assert_reads(p.hit_recs, p.hit_n, &t, "v4", true, &last), 0, "%s", p.hit.out);
	cr_assert_gt(assert_reads(p.hit_recs, p.hit_n, &t, "v6", true, &last), 0, "%s", p.hit.out);
	cr_assert_eq(with_port(p.hit_recs, p.hit_n, &t, "rport"), 0, "client reads in:\n%s",
		     p.hit.out);
	cr_assert_eq(rec_count(p.miss_recs, p.miss_n, "pid", t.w.pid), 0, "in:\n%s", p.miss.out);
	tracer_pair_free(&p);
}

/* -P: the listener's port as the remote one: the client's reads alone. */
Test(tcppktlat, remote_port_filter)
{
	struct tracer_pair p;
	struct tcpbulk t;
	double last = -1;

	tcpbulk_spawn(&t, 0);
	cr_assert_eq(tracer_pair_run(&p, &t.w, "tcppktlat", NULL, "-P", t.port, "1"), 0);
	cr_assert_gt(assert_reads(p.hit_recs, p.hit_n, &t, "v4", false, &last), 0, "%s", p.hit.out);
	cr_assert_gt(assert_reads(p.hit_recs, p.hit_n, &t, "v6", false, &last), 0, "%s", p.hit.out);
	cr_assert_eq(with_port(p.hit_recs, p.hit_n, &t, "lport"), 0, "server reads in:\n%s",
		     p.hit.out);
	cr_assert_eq(rec_count(p.miss_recs, p.miss_n, "pid", t.w.pid), 0, "in:\n%s", p.miss.out);
	tracer_pair_free(&p);
}

/* -t: the main thread's reads (the client's), the server threads' left out. */
Test(tcppktlat, tid_filter_is_the_reader)
{
	struct tool_proc tool;
	struct tcpbulk t;
	struct json *recs;
	size_t n, i;

	tcpbulk_spawn(&t, 0);
	tool_start(&tool, "tcppktlat", "-j", "-t", t.pid, NULL);
	cr_assert_eq(workload_finish(&t.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	recs = json_lines(tool.out, &n);
	cr_assert_gt(rec_count(recs, n, "pid", t.w.pid), 0, "in:\n%s", tool.out);
	for (i = 0; i < n; i++)
		if (json_number(&recs[i], "pid") == t.w.pid) {
			cr_assert_eq(json_number(&recs[i], "tid"), t.w.pid);
			cr_assert_eq(json_number(&recs[i], "rport"), t.lport, "a client read");
		}
	json_lines_free(recs, n);
	tool_free(&tool);
}

/* libbpf-tools' columns; the wait in milliseconds with two decimals. */
Test(tcppktlat, text_like_libbpf_tools)
{
	struct tool_proc tool;
	struct tcpbulk t;
	char want[160];

	tcpbulk_spawn(&t, DELAY_MS);
	tool_start(&tool, "tcppktlat", "-p", t.pid, "--min", "100", NULL);
	cr_assert_eq(workload_finish(&t.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	cr_assert(strstr(tool.out, "PID     TID     COMM             LADDR           LPORT RADDR "
				   "          RPORT MS\n"),
		  "%s", tool.out);
	snprintf(want, sizeof(want),
		 "%-7ld tcpbulk          127.0.0.1       %-5ld 127.0.0.1       %-5ld 2",
		 fact(t.facts, "v4_stid"), t.lport, fact(t.facts, "v4_cport"));
	cr_assert(strstr(tool.out, want), "no '%s' in:\n%s", want, tool.out);
	tool_free(&tool);
}

Test(tcppktlat, bad_usage_exits_2)
{
	const char *bad[][2] = { { "--min", "abc" }, { "-m", NULL }, { "-L", "70000" } };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_usage_error("tcppktlat", bad[i][0], bad[i][1]);
}
