// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcptracer against tests/workloads/tcpconns: exactly the workload's
 * connects, accepts and closes (IPv4, IPv6, IPv4-mapped), each with the
 * ports getsockname() gave it, its pid and its network namespace; none for
 * the refused connect; -N, -P, -4, -6 in hit/miss pairs, and the text
 * columns.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"
#include "tcpconns.h"

TestSuite(tcptracer, .fini = expect_cleanup, .timeout = 60);

/* The inode of our network namespace, as the workload (our child) has it too. */
static long own_netns(void)
{
	struct stat st;

	cr_assert_eq(stat("/proc/self/ns/net", &st), 0);
	return (long)st.st_ino;
}

/*
 * How many of the workload's connections had this client port. Usually one;
 * on loopback the kernel may hand a later connect the ports of an earlier
 * one in TIME_WAIT (net.ipv4.tcp_tw_reuse's default), which a slow VM's
 * second or more between connects allows: 5.10 once gave the mapped
 * connect an IPv4 one's port.
 */
static size_t connections_from(const struct tcpconns *t, long client_port)
{
	long v4[TCPCONNS_V4];
	size_t i, k = facts_all(t->facts, "v4", v4, TCPCONNS_V4), uses = 0;

	for (i = 0; i < k; i++)
		uses += v4[i] == client_port;
	uses += fact(t->facts, "v6") == client_port;
	uses += fact(t->facts, "mapped") == client_port;
	return uses;
}

/* The workload's records of `type` with these ports, one a connection, checked whole. */
static void assert_event(const struct json *recs, size_t n, const struct tcpconns *t,
			 const char *type, int ip, const char *addr, long sport, long dport)
{
	size_t i, seen = 0, want = connections_from(t, sport == t->lport ? dport : sport);
	const struct json *r = NULL;

	for (i = 0; i < n; i++)
		if (rec_is(&recs[i], "pid", t->w.pid) && rec_str_is(&recs[i], "type", type) &&
		    json_number(&recs[i], "sport") == sport &&
		    json_number(&recs[i], "dport") == dport) {
			r = &recs[i];
			seen++;
		}
	cr_assert_eq(seen, want, "%zu %s records %ld -> %ld, for %zu connections", seen, type,
		     sport, dport, want);
	cr_assert_eq(json_number(r, "ip"), ip, "%s %ld", type, sport);
	assert_str_key(r, "saddr", addr);
	assert_str_key(r, "daddr", addr);
	assert_str_key(r, "comm", "tcpconns");
	cr_assert_eq(json_number(r, "tid"), t->w.pid);
	cr_assert_eq(json_number(r, "netns"), own_netns());
}

/* A connection's four events: the client's connect and close, the server's accept and close. */
static void assert_connection(const struct json *recs, size_t n, const struct tcpconns *t,
			      const char *key, int ip, const char *addr)
{
	long port = fact(t->facts, key);

	assert_event(recs, n, t, "connect", ip, addr, port, t->lport);
	assert_event(recs, n, t, "accept", ip, addr, t->lport, port);
	assert_event(recs, n, t, "close", ip, addr, port, t->lport);
	assert_event(recs, n, t, "close", ip, addr, t->lport, port);
}

static void assert_workload_events(const struct json *recs, size_t n, const struct tcpconns *t)
{
	long v4[TCPCONNS_V4];
	size_t i, k = facts_all(t->facts, "v4", v4, TCPCONNS_V4);

	cr_assert_eq(k, TCPCONNS_V4);
	for (i = 0; i < k; i++) {
		assert_event(recs, n, t, "connect", 4, "127.0.0.1", v4[i], t->lport);
		assert_event(recs, n, t, "accept", 4, "127.0.0.1", t->lport, v4[i]);
		assert_event(recs, n, t, "close", 4, "127.0.0.1", v4[i], t->lport);
		assert_event(recs, n, t, "close", 4, "127.0.0.1", t->lport, v4[i]);
	}
	assert_connection(recs, n, t, "v6", 6, "::1");
	assert_connection(recs, n, t, "mapped", 4, "127.0.0.1");
}

/* Five connections, four events each; nothing of the refused connect. */
Test(tcptracer, connects_accepts_closes_exactly)
{
	size_t want = 4 * (TCPCONNS_V4 + 2), n;
	struct tool_proc tool;
	struct tcpconns t;
	struct json *recs;

	tcpconns_spawn(&t);
	tool_start(&tool, "tcptracer", "-j", "-p", t.pid, NULL);
	cr_assert_eq(workload_finish(&t.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	log_attach("tcptracer", tool.kinds);
	recs = json_lines(tool.out, &n);
	cr_assert_eq(rec_count(recs, n, "pid", t.w.pid), want, "not %zu records:\n%s", want,
		     tool.out);
	assert_workload_events(recs, n, &t);
	cr_assert_eq(rec_count(recs, n, "sport", fact(t.facts, "refused")), 0,
		     "the refused connect shown");
	assert_fields_documented("tcptracer", &recs[0]);
	json_lines_free(recs, n);
	tool_free(&tool);
}

Test(tcptracer, netns_filter)
{
	struct tracer_pair p;
	struct tcpconns t;

	tcpconns_spawn(&t);
	cr_assert_eq(tracer_pair_run(&p, &t.w, "tcptracer", NULL, "-N", num_arg(own_netns()), "1"),
		     0);
	assert_workload_events(p.hit_recs, p.hit_n, &t);
	cr_assert_eq(rec_count(p.miss_recs, p.miss_n, "pid", t.w.pid), 0, "-N 1 let it through");
	tracer_pair_free(&p);
}

/* -P: the clients' connects and closes (the listener's port is their remote one). */
Test(tcptracer, remote_port_filter)
{
	struct tracer_pair p;
	struct tcpconns t;
	char port[16];

	tcpconns_spawn(&t);
	snprintf(port, sizeof(port), "%ld", t.lport);
	cr_assert_eq(tracer_pair_run(&p, &t.w, "tcptracer", NULL, "-P", port, "1"), 0);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "pid", t.w.pid), 2 * (TCPCONNS_V4 + 2),
		     "in:\n%s", p.hit.out);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "dport", t.lport), 2 * (TCPCONNS_V4 + 2));
	cr_assert_eq(rec_count(p.miss_recs, p.miss_n, "pid", t.w.pid), 0, "-P 1 let it through");
	tracer_pair_free(&p);
}

Test(tcptracer, family_filter)
{
	struct tracer_pair p;
	struct tcpconns t;

	tcpconns_spawn(&t);
	cr_assert_eq(tracer_pair_run(&p, &t.w, "tcptracer", "-6", "-p", t.pid, "1"), 0);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "pid", t.w.pid), 4, "in:\n%s", p.hit.out);
	assert_connection(p.hit_recs, p.hit_n, &t, "v6", 6, "::1");
	cr_assert_eq(rec_count(p.miss_recs, p.miss_n, "pid", t.w.pid), 0, "in:\n%s", p.miss.out);
	tracer_pair_free(&p);

	tcpconns_spawn(&t);
	cr_assert_eq(tracer_pair_run(&p, &t.w, "tcptracer", "-4", "-p", t.pid, "1"), 0);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "pid", t.w.pid), 4 * (TCPCONNS_V4 + 1),
		     "in:\n%s", p.hit.out);
	assert_connection(p.hit_recs, p.hit_n, &t, "mapped", 4, "127.0.0.1");
	cr_assert_eq(rec_count(p.miss_recs, p.miss_n, "pid", t.w.pid), 0, "in:\n%s", p.miss.out);
	tracer_pair_free(&p);
}

/* bcc's columns: T PID COMM IP SADDR DADDR SPORT DPORT, with C, A and X. */
Test(tcptracer, text_columns)
{
	struct tool_proc tool;
	struct tcpconns t;
	char want[160];
	const char *header = "T  PID    COMM             IP SADDR            DADDR            "
			     "SPORT  DPORT\n";

	tcpconns_spawn(&t);
	tool_start(&tool, "tcptracer", "-p", t.pid, NULL);
	cr_assert_eq(workload_finish(&t.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0);
	cr_assert(!strncmp(tool.out, header, strlen(header)), "header: %s", tool.out);
	snprintf(want, sizeof(want), "C  %-6s %-16s 6  %-16s %-16s %-6ld %ld\n", t.pid, "tcpconns",
		 "::1", "::1", fact(t.facts, "v6"), t.lport);
	cr_assert(strstr(tool.out, want), "no line '%s' in:\n%s", want, tool.out);
	snprintf(want, sizeof(want), "A  %-6s %-16s 6  %-16s %-16s %-6ld %ld\n", t.pid, "tcpconns",
		 "::1", "::1", t.lport, fact(t.facts, "v6"));
	cr_assert(strstr(tool.out, want), "no line '%s' in:\n%s", want, tool.out);
	snprintf(want, sizeof(want), "X  %-6s %-16s 6  %-16s %-16s %-6ld %ld\n", t.pid, "tcpconns",
		 "::1", "::1", t.lport, fact(t.facts, "v6"));
	cr_assert(strstr(tool.out, want), "no line '%s' in:\n%s", want, tool.out);
	tool_free(&tool);
}

Test(tcptracer, bad_usage_exits_2)
{
	assert_usage_error("tcptracer", "-N", "0");
	assert_usage_error("tcptracer", "-N", "x");
	assert_usage_error("tcptracer", "-P", "0");
	assert_usage_error("tcptracer", "-4", "-6");
	assert_usage_error("tcptracer", "-p", "x");
}
