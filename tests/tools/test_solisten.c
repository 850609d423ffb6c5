// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* solisten against tests/workloads/binder: its two listens, with the backlog it asked. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <criterion/criterion.h>

#include "binder.h"
#include "expect.h"
#include "harness.h"
#include "tcpconns.h"

TestSuite(solisten, .fini = expect_cleanup, .timeout = 60);

static void assert_listen(const struct json *recs, size_t n, const struct binder *b, long port,
			  const char *proto, int ip, const char *addr)
{
	const struct json *r = tcpconns_rec(recs, n, b->w.pid, "port", port);

	assert_str_key(r, "proto", proto);
	assert_str_key(r, "addr", addr);
	assert_str_key(r, "error", "0");
	assert_str_key(r, "comm", "binder");
	cr_assert_eq(json_number(r, "ip"), ip);
	cr_assert_eq(json_number(r, "backlog"), BINDER_BACKLOG);
	cr_assert_eq(json_number(r, "backlog_asked"), BINDER_BACKLOG);
}

/* Both listens, with the backlog the workload asked; the UDP socket never listens. */
Test(solisten, every_listen_with_its_backlog)
{
	struct tool_proc tool;
	struct binder b;
	struct json *recs;
	size_t n;

	binder_spawn(&b);
	tool_start(&tool, "solisten", "-j", "-p", b.pid, NULL);
	cr_assert_eq(workload_finish(&b.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	log_attach("solisten", tool.kinds);
	recs = json_lines(tool.out, &n);
	cr_assert_eq(fact(b.facts, "backlog"), BINDER_BACKLOG);
	assert_listen(recs, n, &b, b.port, "TCPv4", 4, "127.0.0.1");
	assert_listen(recs, n, &b, fact(b.facts, "v6"), "TCPv6", 6, "::1");
	cr_assert_eq(rec_count(recs, n, "pid", b.w.pid), 2, "in:\n%s", tool.out);
	assert_fields_documented("solisten", rec_find(recs, n, "pid", b.w.pid, NULL, 0));
	json_lines_free(recs, n);
	tool_free(&tool);
}

/* -L: the IPv4 listener's port, or another. */
Test(solisten, port_filter)
{
	struct tracer_pair p;
	struct binder b;

	binder_spawn(&b);
	cr_assert_eq(tracer_pair_run(&p, &b.w, "solisten", NULL, "-L", num_arg(b.port), "1"), 0);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "pid", b.w.pid), 1, "in:\n%s", p.hit.out);
	tcpconns_rec(p.hit_recs, p.hit_n, b.w.pid, "port", b.port);
	cr_assert_eq(rec_count(p.miss_recs, p.miss_n, "pid", b.w.pid), 0, "-L 1 let it through");
	tracer_pair_free(&p);
}

/* -6 sees the ::1 listener alone, -4 the 127.0.0.1 one. */
Test(solisten, family_filter)
{
	struct tracer_pair p;
	struct binder b;

	binder_spawn(&b);
	cr_assert_eq(tracer_pair_run(&p, &b.w, "solisten", "-p", b.pid, "-6", "-4"), 0);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "pid", b.w.pid), 1, "-6:\n%s", p.hit.out);
	tcpconns_rec(p.hit_recs, p.hit_n, b.w.pid, "port", fact(b.facts, "v6"));
	cr_assert_eq(rec_count(p.miss_recs, p.miss_n, "pid", b.w.pid), 1, "-4:\n%s", p.miss.out);
	tcpconns_rec(p.miss_recs, p.miss_n, b.w.pid, "port", b.port);
	tracer_pair_free(&p);
}

/* -x: the workload's listens all succeed, so nothing of it. */
Test(solisten, failed_only_shows_no_success)
{
	struct tracer_pair p;
	struct binder b;

	binder_spawn(&b);
	cr_assert_eq(tracer_pair_run(&p, &b.w, "solisten", "-p", b.pid, "-4", "-x"), 0);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "pid", b.w.pid), 1, "in:\n%s", p.hit.out);
	cr_assert_eq(rec_count(p.miss_recs, p.miss_n, "pid", b.w.pid), 0, "-x:\n%s", p.miss.out);
	tracer_pair_free(&p);
}

Test(solisten, text_columns)
{
	struct tool_proc tool;
	struct binder b;
	char want[160];

	binder_spawn(&b);
	tool_start(&tool, "solisten", "-p", b.pid, NULL);
	cr_assert_eq(workload_finish(&b.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0);
	cr_assert(!strncmp(tool.out, "PID     COMM             PROTO    BACKLOG  ADDR", 46),
		  "header: %s", tool.out);
	snprintf(want, sizeof(want), "%-7s %-16s %-8s %-8d %-39s %ld\n", b.pid, "binder", "TCPv4",
		 BINDER_BACKLOG, "127.0.0.1", b.port);
	cr_assert(strstr(tool.out, want), "no line '%s' in:\n%s", want, tool.out);
	tool_free(&tool);
}
