// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"
#include "tcpconns.h"

TestSuite(tcpconnect, .fini = expect_cleanup, .timeout = 60);

/* connect()'s result, where the way sees it (the tracepoints): null with fexit and kprobes. */
static void assert_error(const struct json *r, const char *want)
{
	const struct json *e = json_get(r, "error");

	cr_assert(e, "no error key");
	if (e->type != JSON_NULL)
		cr_assert_str_eq(e->string, want);
}

/* One connect of the workload, found by its source port, to `daddr` port `dport`. */
static void assert_connect(const struct json *recs, size_t n, const struct tcpconns *t,
			   const char *key, int ip, const char *addr, long dport, const char *error)
{
	long sports[TCPCONNS_V4 + 1];
	size_t i, ns = facts_all(t->facts, key, sports, TCPCONNS_V4 + 1);

	cr_assert_gt(ns, 0, "no %s in the facts", key);
	for (i = 0; i < ns; i++) {
		const struct json *r = tcpconns_rec(recs, n, t->w.pid, "sport", sports[i]);

		cr_assert_eq(json_number(r, "ip"), ip, "%s: ip", key);
		assert_str_key(r, "saddr", addr);
		assert_str_key(r, "daddr", addr);
		cr_assert_eq(json_number(r, "dport"), dport, "%s: dport", key);
		assert_str_key(r, "comm", "tcpconns");
		assert_error(r, error);
	}
}

Test(tcpconnect, every_connect_with_its_ports)
{
	struct tool_proc tool;
	struct tcpconns t;
	struct json *recs;
	size_t n;

	tcpconns_spawn(&t);
	tool_start(&tool, "tcpconnect", "-j", "-p", t.pid, NULL);
	cr_assert_eq(workload_finish(&t.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	log_attach("tcpconnect", tool.kinds);
	recs = json_lines(tool.out, &n);
	assert_connect(recs, n, &t, "v4", 4, "127.0.0.1", t.lport, "0");
	assert_connect(recs, n, &t, "v6", 6, "::1", t.lport, "0");
	/* an IPv6 socket to ::ffff:127.0.0.1 is IPv4 on the wire */
	assert_connect(recs, n, &t, "mapped", 4, "127.0.0.1", t.lport, "0");
	assert_connect(recs, n, &t, "refused", 4, "127.0.0.1", fact(t.facts, "closed"),
		       "ECONNREFUSED");
	cr_assert_eq(rec_count(recs, n, "pid", t.w.pid), TCPCONNS_V4 + 3, "in:\n%s", tool.out);
	assert_fields_documented("tcpconnect", rec_find(recs, n, "pid", t.w.pid, NULL, 0));
	json_lines_free(recs, n);
	tool_free(&tool);
}

/* -P: the listener's port lets the accepted ones through and leaves the refused one out. */
Test(tcpconnect, remote_port_filter)
{
	struct tracer_pair p;
	struct tcpconns t;
	char ports[32];

	tcpconns_spawn(&t);
	snprintf(ports, sizeof(ports), "1,%ld", t.lport);
	cr_assert_eq(tracer_pair_run(&p, &t.w, "tcpconnect", NULL, "-P", ports, "1,2"), 0);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "pid", t.w.pid), TCPCONNS_V4 + 2, "in:\n%s",
		     p.hit.out);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "dport", fact(t.facts, "closed")), 0,
		     "the refused port passed -P %s", ports);
	cr_assert_eq(rec_count(p.miss_recs, p.miss_n, "pid", t.w.pid), 0, "-P 1,2 let it through");
	tracer_pair_free(&p);
}

/* -6 sees the ::1 connect alone; -4 the others, the IPv4-mapped one among them. */
Test(tcpconnect, family_filter)
{
	struct tracer_pair p;
	struct tcpconns t;

	tcpconns_spawn(&t);
	cr_assert_eq(tracer_pair_run(&p, &t.w, "tcpconnect", "-6", "-p", t.pid, "1"), 0);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "pid", t.w.pid), 1, "in:\n%s", p.hit.out);
	tcpconns_rec(p.hit_recs, p.hit_n, t.w.pid, "sport", fact(t.facts, "v6"));
	tracer_pair_free(&p);

	tcpconns_spawn(&t);
	cr_assert_eq(tracer_pair_run(&p, &t.w, "tcpconnect", "-4", "-p", t.pid, "1"), 0);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "pid", t.w.pid), TCPCONNS_V4 + 2, "in:\n%s",
		     p.hit.out);
	tcpconns_rec(p.hit_recs, p.hit_n, t.w.pid, "sport", fact(t.facts, "mapped"));
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "sport", fact(t.facts, "v6")), 0);
	tracer_pair_free(&p);
}

/* The count of one destination in -C's JSON records. */
static double count_of(const struct json *recs, size_t n, const char *daddr, long dport)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (rec_str_is(&recs[i], "daddr", daddr) && json_number(&recs[i], "dport") == dport)
			return json_number(&recs[i], "connects");
	return 0;
}

/*
 * -C counts per destination in the kernel: the IPv4 connects and the
 * IPv4-mapped one share 127.0.0.1:lport. The tool sees only the
 * workload (-p), so the counts are exact.
 */
Test(tcpconnect, counts_per_destination)
{
	struct tool_proc tool;
	struct tcpconns t;
	struct json *recs;
	size_t n;

	tcpconns_spawn(&t);
	tool_start(&tool, "tcpconnect", "-C", "-j", "-p", t.pid, NULL);
	cr_assert_eq(workload_finish(&t.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	recs = json_lines(tool.out, &n);
	cr_assert_eq(n, 3, "not three destinations:\n%s", tool.out);
	cr_assert_eq(count_of(recs, n, "127.0.0.1", t.lport), TCPCONNS_V4 + 1, "%s", tool.out);
	cr_assert_eq(count_of(recs, n, "::1", t.lport), 1, "%s", tool.out);
	cr_assert_eq(count_of(recs, n, "127.0.0.1", fact(t.facts, "closed")), 1, "%s", tool.out);
	cr_assert_null(json_get(&recs[0], "sport"), "a source port without -s");
	assert_fields_documented("tcpconnect", &recs[0]);
	json_lines_free(recs, n);
	tool_free(&tool);
}

/* -s: one row per source port, LPORT in the text table. */
Test(tcpconnect, counts_per_source_port_text)
{
	struct tool_proc tool;
	struct tcpconns t;
	char want[128];

	tcpconns_spawn(&t);
	tool_start(&tool, "tcpconnect", "-C", "-s", "-p", t.pid, NULL);
	cr_assert_eq(workload_finish(&t.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	cr_assert(strstr(tool.out, "LADDR                     RADDR                     LPORT    "
				   "            RPORT                CONNECTS\n"),
		  "header: %s", tool.out);
	snprintf(want, sizeof(want), "%-25s %-25s %-20ld %-20ld 1\n", "::1", "::1",
		 fact(t.facts, "v6"), t.lport);
	cr_assert(strstr(tool.out, want), "no line '%s' in:\n%s", want, tool.out);
	tool_free(&tool);
}

Test(tcpconnect, text_columns)
{
	struct tool_proc tool;
	struct tcpconns t;
	char want[160];

	tcpconns_spawn(&t);
	tool_start(&tool, "tcpconnect", "-U", "-p", t.pid, NULL);
	cr_assert_eq(workload_finish(&t.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0);
	cr_assert(!strncmp(tool.out,
			   "UID    PID     COMM             IP SADDR            DADDR            "
			   "SPORT DPORT\n",
			   81),
		  "header: %s", tool.out);
	snprintf(want, sizeof(want), "%-7s %-16s 4  127.0.0.1        127.0.0.1        %-5ld %ld\n",
		 t.pid, "tcpconns", fact(t.facts, "refused"), fact(t.facts, "closed"));
	cr_assert(strstr(tool.out, want), "no line ending '%s' in:\n%s", want, tool.out);
	tool_free(&tool);
}

Test(tcpconnect, bad_usage_exits_2)
{
	assert_usage_error("tcpconnect", "-P", "0");
	assert_usage_error("tcpconnect", "-P", "80,");
	assert_usage_error("tcpconnect", "-L", "65536");
	assert_usage_error("tcpconnect", "-P", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17");
	assert_usage_error("tcpconnect", "-4", "-6");
	assert_usage_error("tcpconnect", "-c", NULL);
}
