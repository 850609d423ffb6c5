// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcpstates against tests/workloads/tcpxfer: each end's exact sequence of
 * state changes, the time spent in the state left (the client's
 * ESTABLISHED lasts the workload's sleep), the owner where it is known and
 * pid 0 where it is not (a passive socket before accept()), and -P, -L,
 * -4, -6 in hit/miss pairs.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"
#include "tcpconns.h"

TestSuite(tcpstates, .fini = expect_cleanup, .timeout = 60);

struct change {
	const char *old, *new;
	bool owned; /* the workload's pid, or 0 (owner not known yet) */
};

/* The client's side: it connects, then closes first. */
static const struct change client[] = {
	{ "CLOSE", "SYN_SENT", true },	      { "SYN_SENT", "ESTABLISHED", true },
	{ "ESTABLISHED", "FIN_WAIT1", true }, { "FIN_WAIT1", "FIN_WAIT2", true },
	{ "FIN_WAIT2", "CLOSE", true },
};

/* The accepted end: a child of the listener, its owner known from its accept() on. */
static const struct change server[] = {
	{ "LISTEN", "SYN_RECV", false },       { "SYN_RECV", "ESTABLISHED", false },
	{ "ESTABLISHED", "CLOSE_WAIT", true }, { "CLOSE_WAIT", "LAST_ACK", true },
	{ "LAST_ACK", "CLOSE", true },
};

/*
 * A passive socket's first change (LISTEN->SYN_RECV) before Linux 6.18 (seen
 * on 5.10, 6.1, 6.12): the kernel reports it before it has copied the
 * connection's addresses in, so the record holds the listener's (::, remote
 * port 0). The socket is known by its address alone there.
 */
static bool unaddressed_child(const struct json *r)
{
	return !strcmp(json_string(r, "oldstate"), "LISTEN") && rec_is(r, "rport", 0);
}

/*
 * The records of one socket, in order: its address (from the record that
 * has `lport` and `rport`), then every record of that address and IP
 * version with those ports, or lport 0 (a connect before its port is bound).
 */
static size_t socket_records(const struct json *recs, size_t n, int ip, long lport, long rport,
			     const struct json **out, size_t max)
{
	const char *skaddr = NULL;
	size_t i, k = 0;

	for (i = 0; i < n && !skaddr; i++)
		if (rec_is(&recs[i], "ip", ip) && rec_is(&recs[i], "lport", lport) &&
		    rec_is(&recs[i], "rport", rport))
			skaddr = json_string(&recs[i], "skaddr");
	cr_assert(skaddr, "no record of lport %ld rport %ld", lport, rport);
	for (i = 0; i < n && k < max; i++)
		if (rec_str_is(&recs[i], "skaddr", skaddr) &&
		    ((rec_is(&recs[i], "ip", ip) && rec_is(&recs[i], "rport", rport) &&
		      (rec_is(&recs[i], "lport", lport) || rec_is(&recs[i], "lport", 0))) ||
		     unaddressed_child(&recs[i])))
			out[k++] = &recs[i];
	return k;
}

static void assert_changes(const struct json *const *got, size_t n, const struct change *want,
			   size_t nwant, const struct tcpxfer *x, const char *addr, const char *who)
{
	const struct json *ns;
	size_t i;

	cr_assert_eq(n, nwant, "%s: %zu changes, not %zu", who, n, nwant);
	for (i = 0; i < n; i++) {
		cr_assert_str_eq(json_string(got[i], "oldstate"), want[i].old, "%s: change %zu",
				 who, i);
		cr_assert_str_eq(json_string(got[i], "newstate"), want[i].new, "%s: change %zu",
				 who, i);
		if (!unaddressed_child(got[i])) {
			assert_str_key(got[i], "laddr", addr);
			assert_str_key(got[i], "raddr", addr);
		}
		if (want[i].owned) {
			cr_assert_eq(json_number(got[i], "pid"), x->w.pid, "%s: change %zu", who,
				     i);
			assert_str_key(got[i], "comm", "tcpxfer");
		} else {
			cr_assert_eq(json_number(got[i], "pid"), 0, "%s: change %zu", who, i);
			cr_assert_eq(json_get(got[i], "comm")->type, JSON_NULL, "%s: comm", who);
		}
		ns = json_get(got[i], "oldstate_ns");
		cr_assert(ns, "no oldstate_ns");
		/* the first change seen of a socket: no time in its previous state */
		if (i == 0) {
			cr_assert_eq(ns->type, JSON_NULL, "%s: a time before its first change",
				     who);
			continue;
		}
		cr_assert_eq(ns->type, JSON_NUMBER, "%s: change %zu", who, i);
		cr_assert_geq(ns->number, 0);
		cr_assert_lt(ns->number, 10e9, "%s: change %zu", who, i);
	}
}

/* The client's ESTABLISHED lasts at least the workload's sleep: its third change says so. */
static void assert_sleep(const struct json *fin_wait1)
{
	cr_assert_geq(json_number(fin_wait1, "oldstate_ns"), TCPXFER_SLEEP_MS * 1e6);
}

/*
 * The clients' records come from a tracer with -P (their remote port is
 * the listener's), the accepted ends' from one with -L: no task filter,
 * which would leave out the changes with no owner, and none of the other
 * connections the machine may be making.
 */
static void check_connection(const struct json *clients, size_t nc, const struct json *servers,
			     size_t ns, const struct tcpxfer *x, const char *key, int ip,
			     const char *addr)
{
	const struct json *got[16];
	long sport = fact(x->facts, key);
	size_t k;

	k = socket_records(clients, nc, ip, sport, x->lport, got, 16);
	assert_changes(got, k, client, 5, x, addr, key);
	assert_sleep(got[2]);
	k = socket_records(servers, ns, ip, x->lport, sport, got, 16);
	assert_changes(got, k, server, 5, x, addr, key);
}

Test(tcpstates, each_end_changes_in_order)
{
	struct tool_proc by_rport, by_lport;
	struct json *clients, *servers;
	struct tcpxfer x;
	size_t nc, ns;

	tcpxfer_spawn(&x);
	tool_start(&by_rport, "tcpstates", "-j", "-P", x.port, NULL);
	tool_start(&by_lport, "tcpstates", "-j", "-L", x.port, NULL);
	cr_assert_eq(workload_finish(&x.w), 0);
	cr_assert_eq(tool_stop(&by_rport, SIGINT), 0, "stderr: %s", by_rport.err);
	cr_assert_eq(tool_stop(&by_lport, SIGINT), 0, "stderr: %s", by_lport.err);
	log_attach("tcpstates", by_rport.kinds);
	clients = json_lines(by_rport.out, &nc);
	servers = json_lines(by_lport.out, &ns);
	check_connection(clients, nc, servers, ns, &x, "v4", 4, "127.0.0.1");
	check_connection(clients, nc, servers, ns, &x, "v6", 6, "::1");
	/* and the listener's own two, in listen() and close() */
	cr_assert_eq(ns, 2 * 5 + 2, "in:\n%s", by_lport.out);
	assert_fields_documented("tcpstates", rec_find(clients, nc, "pid", x.w.pid, NULL, 0));
	assert_fields_documented("tcpstates", rec_find(servers, ns, "pid", 0, NULL, 0));
	json_lines_free(clients, nc);
	json_lines_free(servers, ns);
	tool_free(&by_rport);
	tool_free(&by_lport);
}

/* -p: the owner's changes alone; a passive socket's before accept() have none yet. */
Test(tcpstates, pid_filter_sees_owned_changes)
{
	struct tracer_pair p;
	struct tcpxfer x;

	tcpxfer_spawn(&x);
	cr_assert_eq(tracer_pair_run(&p, &x.w, "tcpstates", NULL, "-p", x.pid, "1"), 0);
	/* per connection: the client's 5 and the server's last 3; the listener's 2 */
	cr_assert_eq(p.hit_n, 2 * (5 + 3) + 2, "in:\n%s", p.hit.out);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "pid", x.w.pid), p.hit_n, "in:\n%s", p.hit.out);
	cr_assert_eq(rec_count(p.miss_recs, p.miss_n, "pid", x.w.pid), 0, "-p 1 let it through");
	tracer_pair_free(&p);
}

/* -P: the clients' changes (their remote port is the listener's). */
Test(tcpstates, remote_port_filter)
{
	struct tracer_pair p;
	struct tcpxfer x;

	tcpxfer_spawn(&x);
	cr_assert_eq(tracer_pair_run(&p, &x.w, "tcpstates", NULL, "-P", x.port, "1"), 0);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "pid", x.w.pid), 2 * 5, "in:\n%s", p.hit.out);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "rport", x.lport), p.hit_n);
	cr_assert_eq(rec_count(p.miss_recs, p.miss_n, "pid", x.w.pid), 0, "-P 1 let it through");
	tracer_pair_free(&p);
}

/* -L: the listener's and the accepted ends' changes, their owner known or not. */
Test(tcpstates, local_port_filter)
{
	struct tracer_pair p;
	struct tcpxfer x;

	tcpxfer_spawn(&x);
	cr_assert_eq(tracer_pair_run(&p, &x.w, "tcpstates", NULL, "-L", x.port, "1"), 0);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "lport", x.lport), 2 * 5 + 2, "in:\n%s",
		     p.hit.out);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "pid", x.w.pid), 2 * 3 + 2);
	cr_assert_eq(rec_count(p.miss_recs, p.miss_n, "lport", x.lport), 0, "-L 1 let it through");
	tracer_pair_free(&p);
}

/* -6: the IPv6 connection and the listener on [::]; -4: the IPv4 connection alone. */
Test(tcpstates, family_filter)
{
	struct tracer_pair p;
	struct tcpxfer x;

	tcpxfer_spawn(&x);
	cr_assert_eq(tracer_pair_run(&p, &x.w, "tcpstates", "-6", "-p", x.pid, "1"), 0);
	cr_assert_eq(p.hit_n, 5 + 3 + 2, "in:\n%s", p.hit.out);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "ip", 6), p.hit_n);
	cr_assert_eq(p.miss_n, 0, "in:\n%s", p.miss.out);
	tracer_pair_free(&p);

	tcpxfer_spawn(&x);
	cr_assert_eq(tracer_pair_run(&p, &x.w, "tcpstates", "-4", "-p", x.pid, "1"), 0);
	cr_assert_eq(p.hit_n, 5 + 3, "in:\n%s", p.hit.out);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "ip", 4), p.hit_n);
	cr_assert_eq(p.miss_n, 0, "in:\n%s", p.miss.out);
	tracer_pair_free(&p);
}

Test(tcpstates, text_columns)
{
	struct tool_proc tool;
	struct tcpxfer x;
	char want[160];
	const char *header =
		"SKADDR           C-PID C-COMM     LADDR           LPORT RADDR           "
		"RPORT OLDSTATE    -> NEWSTATE    MS\n";

	tcpxfer_spawn(&x);
	tool_start(&tool, "tcpstates", "-p", x.pid, NULL);
	cr_assert_eq(workload_finish(&x.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0);
	cr_assert(!strncmp(tool.out, header, strlen(header)), "header: %s", tool.out);
	snprintf(want, sizeof(want),
		 " %-5s %-10s %-15s %-5ld %-15s %-5ld SYN_SENT    -> ESTABLISHED ", x.pid,
		 "tcpxfer", "127.0.0.1", fact(x.facts, "v4"), "127.0.0.1", x.lport);
	cr_assert(strstr(tool.out, want), "no line with '%s' in:\n%s", want, tool.out);
	/* the first change seen: no time in CLOSE */
	snprintf(want, sizeof(want), "%-5ld CLOSE       -> SYN_SENT    -\n", x.lport);
	cr_assert(strstr(tool.out, want), "no line ending '%s' in:\n%s", want, tool.out);
	tool_free(&tool);
}

Test(tcpstates, bad_usage_exits_2)
{
	assert_usage_error("tcpstates", "-P", "0");
	assert_usage_error("tcpstates", "-L", "65536");
	assert_usage_error("tcpstates", "-4", "-6");
	assert_usage_error("tcpstates", "-p", "x");
}
