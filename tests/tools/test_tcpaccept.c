// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"
#include "tcpconns.h"

TestSuite(tcpaccept, .fini = expect_cleanup, .timeout = 60);

/* The accepts of the connects `key` of the facts, found by the peer's port. */
static void assert_accepts(const struct json *recs, size_t n, const struct tcpconns *t,
			   const char *key, int ip, const char *addr)
{
	long rports[TCPCONNS_V4];
	size_t i, nr = facts_all(t->facts, key, rports, TCPCONNS_V4);

	cr_assert_gt(nr, 0, "no %s in the facts", key);
	for (i = 0; i < nr; i++) {
		const struct json *r = tcpconns_rec(recs, n, t->w.pid, "rport", rports[i]);

		cr_assert_eq(json_number(r, "ip"), ip, "%s: ip", key);
		assert_str_key(r, "raddr", addr);
		assert_str_key(r, "laddr", addr);
		cr_assert_eq(json_number(r, "lport"), t->lport, "%s: lport", key);
		assert_str_key(r, "comm", "tcpconns");
	}
}

/* Every accept, the refused connect none; the IPv4-mapped peer of the [::] listener as IPv4. */
Test(tcpaccept, every_accept_with_its_ports)
{
	struct tool_proc tool;
	struct tcpconns t;
	struct json *recs;
	size_t n;

	tcpconns_spawn(&t);
	tool_start(&tool, "tcpaccept", "-j", "-p", t.pid, NULL);
	cr_assert_eq(workload_finish(&t.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	log_attach("tcpaccept", tool.kinds);
	recs = json_lines(tool.out, &n);
	assert_accepts(recs, n, &t, "v4", 4, "127.0.0.1");
	assert_accepts(recs, n, &t, "v6", 6, "::1");
	assert_accepts(recs, n, &t, "mapped", 4, "127.0.0.1");
	cr_assert_eq(rec_count(recs, n, "pid", t.w.pid), TCPCONNS_V4 + 2, "in:\n%s", tool.out);
	assert_fields_documented("tcpaccept", rec_find(recs, n, "pid", t.w.pid, NULL, 0));
	json_lines_free(recs, n);
	tool_free(&tool);
}

/* -L: the listener's port, or another. */
Test(tcpaccept, local_port_filter)
{
	struct tracer_pair p;
	struct tcpconns t;
	char lport[16];

	tcpconns_spawn(&t);
	snprintf(lport, sizeof(lport), "%ld", t.lport);
	cr_assert_eq(tracer_pair_run(&p, &t.w, "tcpaccept", NULL, "-L", lport, "1"), 0);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "pid", t.w.pid), TCPCONNS_V4 + 2, "in:\n%s",
		     p.hit.out);
	cr_assert_eq(rec_count(p.miss_recs, p.miss_n, "pid", t.w.pid), 0, "-L 1 let it through");
	tracer_pair_free(&p);
}

/* -6 sees the ::1 peer alone. */
Test(tcpaccept, family_filter)
{
	struct tracer_pair p;
	struct tcpconns t;

	tcpconns_spawn(&t);
	cr_assert_eq(tracer_pair_run(&p, &t.w, "tcpaccept", "-6", "-p", t.pid, "1"), 0);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "pid", t.w.pid), 1, "-6:\n%s", p.hit.out);
	tcpconns_rec(p.hit_recs, p.hit_n, t.w.pid, "rport", fact(t.facts, "v6"));
	cr_assert_eq(rec_count(p.miss_recs, p.miss_n, "pid", t.w.pid), 0);
	tracer_pair_free(&p);
}

/* -P is the peer's port: the listener's own port is not one, so nothing of it passes. */
Test(tcpaccept, remote_port_filter_is_the_peers)
{
	struct tool_proc all, peer;
	struct json *recs;
	struct tcpconns t;
	size_t n;

	tcpconns_spawn(&t);
	tool_start(&all, "tcpaccept", "-j", "-p", t.pid, NULL);
	tool_start(&peer, "tcpaccept", "-j", "-P", num_arg(t.lport), NULL);
	cr_assert_eq(workload_finish(&t.w), 0);
	cr_assert_eq(tool_stop(&all, SIGINT), 0);
	cr_assert_eq(tool_stop(&peer, SIGINT), 0);
	recs = json_lines(all.out, &n);
	cr_assert_eq(rec_count(recs, n, "pid", t.w.pid), TCPCONNS_V4 + 2, "in:\n%s", all.out);
	json_lines_free(recs, n);
	recs = json_lines(peer.out, &n);
	cr_assert_eq(rec_count(recs, n, "pid", t.w.pid), 0, "-P %ld matched the listener's port",
		     t.lport);
	json_lines_free(recs, n);
	tool_free(&all);
	tool_free(&peer);
}

Test(tcpaccept, text_columns)
{
	struct tool_proc tool;
	struct tcpconns t;
	char want[160];

	tcpconns_spawn(&t);
	tool_start(&tool, "tcpaccept", "-p", t.pid, NULL);
	cr_assert_eq(workload_finish(&t.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0);
	cr_assert(
		!strncmp(
			tool.out,
			"PID     COMM             IP RADDR            RPORT LADDR            LPORT\n",
			73),
		"header: %s", tool.out);
	snprintf(want, sizeof(want), "%-7s %-16s 6  %-16s %-5ld %-16s %ld\n", t.pid, "tcpconns",
		 "::1", fact(t.facts, "v6"), "::1", t.lport);
	cr_assert(strstr(tool.out, want), "no line '%s' in:\n%s", want, tool.out);
	tool_free(&tool);
}

Test(tcpaccept, bad_usage_exits_2)
{
	assert_usage_error("tcpaccept", "-L", "0");
	assert_usage_error("tcpaccept", "-L", "http");
	assert_usage_error("tcpaccept", "-6", "-4");
	assert_usage_error("tcpaccept", "-C", NULL);
}
