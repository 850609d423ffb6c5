// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* bindsnoop against tests/workloads/binder: its four binds, their options and the failure. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <criterion/criterion.h>

#include "binder.h"
#include "expect.h"
#include "harness.h"
#include "tcpconns.h"

TestSuite(bindsnoop, .fini = expect_cleanup, .timeout = 60);

/* The record of the workload's bind to `port` with result `ret`, and what it must say. */
static void assert_bind(const struct json *recs, size_t n, const struct binder *b, long port,
			long ret, const char *proto, const char *opts, int ip, const char *addr,
			const char *error)
{
	const struct json *r = NULL;
	size_t i, seen = 0;

	for (i = 0; i < n; i++)
		if (json_number(&recs[i], "pid") == b->w.pid &&
		    json_number(&recs[i], "port") == port && json_number(&recs[i], "ret") == ret) {
			r = &recs[i];
			seen++;
		}
	cr_assert_eq(seen, 1, "%zu binds to %ld with ret %ld", seen, port, ret);
	assert_str_key(r, "proto", proto);
	assert_str_key(r, "opts", opts);
	assert_str_key(r, "addr", addr);
	assert_str_key(r, "error", error);
	assert_str_key(r, "comm", "binder");
	cr_assert_eq(json_number(r, "ip"), ip);
	cr_assert_eq(json_number(r, "ifindex"), 0);
}

/* Every bind, with its options; the refused one with EADDRINUSE; nothing else of the pid. */
Test(bindsnoop, every_bind_with_its_options)
{
	struct tool_proc tool;
	struct binder b;
	struct json *recs;
	size_t n;

	binder_spawn(&b);
	tool_start(&tool, "bindsnoop", "-j", "-p", b.pid, NULL);
	cr_assert_eq(workload_finish(&b.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	log_attach("bindsnoop", tool.kinds);
	recs = json_lines(tool.out, &n);
	cr_assert_eq(fact(b.facts, "v4"), b.port);
	assert_bind(recs, n, &b, b.port, 0, "TCP", "...R.", 4, "127.0.0.1", "0");
	/* bound to port 0: the port the kernel chose */
	assert_bind(recs, n, &b, fact(b.facts, "v6"), 0, "TCP", ".....", 6, "::1", "0");
	assert_bind(recs, n, &b, fact(b.facts, "udp"), 0, "UDP", "....r", 6, "::1", "0");
	assert_bind(recs, n, &b, b.port, -98, "TCP", ".....", 4, "127.0.0.1", "EADDRINUSE");
	cr_assert_eq(rec_count(recs, n, "pid", b.w.pid), 4, "in:\n%s", tool.out);
	assert_fields_documented("bindsnoop", rec_find(recs, n, "pid", b.w.pid, NULL, 0));
	json_lines_free(recs, n);
	tool_free(&tool);
}

/* -x: the failure alone. */
Test(bindsnoop, failed_only)
{
	struct tool_proc tool;
	struct binder b;
	struct json *recs;
	size_t n;

	binder_spawn(&b);
	tool_start(&tool, "bindsnoop", "-j", "-x", "-p", b.pid, NULL);
	cr_assert_eq(workload_finish(&b.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	recs = json_lines(tool.out, &n);
	cr_assert_eq(rec_count(recs, n, "pid", b.w.pid), 1, "in:\n%s", tool.out);
	assert_bind(recs, n, &b, b.port, -98, "TCP", ".....", 4, "127.0.0.1", "EADDRINUSE");
	json_lines_free(recs, n);
	tool_free(&tool);
}

/* -P and -L are both the bound port: the IPv4 socket's and the refused one, or none. */
Test(bindsnoop, port_filters)
{
	const char *opts[] = { "-P", "-L" };
	struct tracer_pair p;
	struct binder b;
	size_t i;

	for (i = 0; i < 2; i++) {
		binder_spawn(&b);
		cr_assert_eq(
			tracer_pair_run(&p, &b.w, "bindsnoop", NULL, opts[i], num_arg(b.port), "1"),
			0);
		cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "pid", b.w.pid), 2, "%s:\n%s", opts[i],
			     p.hit.out);
		cr_assert_eq(rec_count(p.miss_recs, p.miss_n, "pid", b.w.pid), 0,
			     "%s 1 let it through", opts[i]);
		tracer_pair_free(&p);
	}
}

/* -6: the two IPv6 binds; -4: the two IPv4 ones. */
Test(bindsnoop, family_filter)
{
	struct tracer_pair p;
	struct binder b;

	binder_spawn(&b);
	cr_assert_eq(tracer_pair_run(&p, &b.w, "bindsnoop", "-p", b.pid, "-6", "-4"), 0);
	cr_assert_eq(rec_count(p.hit_recs, p.hit_n, "pid", b.w.pid), 2, "-6:\n%s", p.hit.out);
	cr_assert(rec_find(p.hit_recs, p.hit_n, "pid", b.w.pid, "port", fact(b.facts, "udp")));
	cr_assert_eq(rec_count(p.miss_recs, p.miss_n, "pid", b.w.pid), 2, "-4:\n%s", p.miss.out);
	cr_assert_null(
		rec_find(p.miss_recs, p.miss_n, "pid", b.w.pid, "port", fact(b.facts, "udp")));
	tracer_pair_free(&p);
}

Test(bindsnoop, text_columns)
{
	struct tool_proc tool;
	struct binder b;
	char want[160];

	binder_spawn(&b);
	tool_start(&tool, "bindsnoop", "-p", b.pid, NULL);
	cr_assert_eq(workload_finish(&b.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0);
	cr_assert(!strncmp(tool.out, "PID     COMM             RET PROTO OPTS  IF   PORT  ADDR\n",
			   57),
		  "header: %s", tool.out);
	snprintf(want, sizeof(want), "%-7s %-16s %-3d %-5s %-5s %-4d %-5ld %s\n", b.pid, "binder",
		 -98, "TCP", ".....", 0, b.port, "127.0.0.1");
	cr_assert(strstr(tool.out, want), "no line '%s' in:\n%s", want, tool.out);
	tool_free(&tool);
}

Test(bindsnoop, bad_usage_exits_2)
{
	assert_usage_error("bindsnoop", "-L", "0");
	assert_usage_error("bindsnoop", "-6", "-4");
}
