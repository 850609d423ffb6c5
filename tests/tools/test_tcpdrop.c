// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcpdrop against tests/workloads/tcpdropper: the client's data segments
 * dropped by the server socket's filter (reason SOCKET_FILTER on kernels
 * with reasons), found by the client's port as the packets' source port.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"
#include "tcpconns.h"
#include "tcpdropper.h"

TestSuite(tcpdrop, .fini = expect_cleanup, .timeout = 60);

/*
 * What skb:kfree_skb's record gives here: the drop's reason from Linux
 * 5.17, the receiving socket (rx_sk, whose state the tool shows) from 6.10.
 * Before, a drop in tcp_v4_rcv() has no socket on its skb: no state.
 */
static bool kfree_skb_gives(const char *field)
{
	char format[4096] = "", want[64];
	FILE *f = fopen("/sys/kernel/tracing/events/skb/kfree_skb/format", "r");
	size_t n;

	cr_assert(f, "no skb:kfree_skb format");
	n = fread(format, 1, sizeof(format) - 1, f);
	format[n] = '\0';
	fclose(f);
	snprintf(want, sizeof(want), " %s;", field);
	return strstr(format, want);
}

/* r's string `key` is `want` where the kernel gives it, else null. */
static void assert_given(const struct json *r, const char *key, const char *want, bool given)
{
	if (given)
		assert_str_key(r, key, want);
	else
		cr_assert(json_get(r, key)->type == JSON_NULL, "%s is not null", key);
}

/* Whether the record's kernel stack has a frame of function `sym`. */
static bool stack_has(const struct json *r, const char *sym)
{
	const struct json *s = json_get(r, "kernel_stack");
	size_t i;

	cr_assert(s && s->type == JSON_ARRAY, "no kernel_stack array");
	for (i = 0; i < s->n; i++) {
		const struct json *f = &s->items[i];
		const struct json *name = json_get(f, "sym");

		if (name && name->type == JSON_STRING && !strcmp(json_string(f, "sym"), sym))
			return true;
	}
	return false;
}

/*
 * The data segments the filter dropped: at least one (the first send; a
 * retransmit each RTO while the filter held), each from the client's port
 * to the server's, ESTABLISHED, with ACK, by SOCKET_FILTER, in the
 * family's receive function. Their count.
 */
static size_t assert_drops(const struct json *recs, size_t n, const struct tcpdropper *d,
			   const char *out)
{
	const char *rcv = d->ip == 6 ? "tcp_v6_rcv" : "tcp_v4_rcv";
	bool states = kfree_skb_gives("rx_sk"), reasons = kfree_skb_gives("reason");
	size_t i, seen = 0;

	for (i = 0; i < n; i++) {
		const struct json *r = &recs[i];

		if (!json_get(r, "sport") || json_number(r, "sport") != d->cport ||
		    json_number(r, "dport") != d->sport)
			continue;
		seen++;
		cr_assert_eq(json_number(r, "ip"), d->ip, "ip");
		assert_str_key(r, "saddr", d->addr);
		assert_str_key(r, "daddr", d->addr);
		assert_given(r, "state", "ESTABLISHED", states);
		assert_given(r, "reason", "SOCKET_FILTER", reasons);
		cr_assert(strstr(json_string(r, "flags"), "ACK"), "flags %s",
			  json_string(r, "flags"));
		cr_assert(json_get(r, "pid")->type == JSON_NULL, "pid is not null");
		cr_assert(stack_has(r, rcv), "no %s in the kernel stack", rcv);
	}
	cr_assert_geq(seen, 1, "no drop from port %ld in:\n%s", d->cport, out);
	return seen;
}

static void drops_of(int ip)
{
	struct tool_proc tool;
	struct tcpdropper d;
	struct json *recs;
	size_t n;

	tcpdropper_spawn(&d, ip);
	tool_start(&tool, "tcpdrop", "-j", NULL);
	cr_assert_eq(workload_finish(&d.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	log_attach("tcpdrop", tool.kinds);
	recs = json_lines(tool.out, &n);
	assert_drops(recs, n, &d, tool.out);
	assert_fields_documented("tcpdrop", rec_find(recs, n, "sport", d.cport, NULL, 0));
	json_lines_free(recs, n);
	tool_free(&tool);
}

Test(tcpdrop, socket_filter_drops_ipv4)
{
	drops_of(4);
}

Test(tcpdrop, socket_filter_drops_ipv6)
{
	drops_of(6);
}

static size_t client_drops(const struct json *recs, size_t n, const struct tcpdropper *d)
{
	return rec_count(recs, n, "sport", d->cport);
}

/* -P: the server's port (the drops' destination), or another. */
Test(tcpdrop, destination_port_filter)
{
	struct tracer_pair p;
	struct tcpdropper d;

	tcpdropper_spawn(&d, 4);
	cr_assert_eq(tracer_pair_run(&p, &d.w, "tcpdrop", NULL, "-P", d.sport_arg, "1"), 0);
	assert_drops(p.hit_recs, p.hit_n, &d, p.hit.out);
	cr_assert_eq(client_drops(p.miss_recs, p.miss_n, &d), 0, "-P 1 let it through");
	tracer_pair_free(&p);
}

/* -L: the client's port (the drops' source), or another. */
Test(tcpdrop, source_port_filter)
{
	struct tracer_pair p;
	struct tcpdropper d;

	tcpdropper_spawn(&d, 6);
	cr_assert_eq(tracer_pair_run(&p, &d.w, "tcpdrop", NULL, "-L", d.cport_arg, "1"), 0);
	cr_assert_eq(assert_drops(p.hit_recs, p.hit_n, &d, p.hit.out), p.hit_n,
		     "-L let others through:\n%s", p.hit.out);
	cr_assert_eq(client_drops(p.miss_recs, p.miss_n, &d), 0, "-L 1 let it through");
	tracer_pair_free(&p);
}

/* -4 and -6 on an IPv6 connection. */
Test(tcpdrop, family_filter)
{
	struct tracer_pair p;
	struct tcpdropper d;

	tcpdropper_spawn(&d, 6);
	cr_assert_eq(tracer_pair_run(&p, &d.w, "tcpdrop", "-L", d.cport_arg, "-6", "-4"), 0);
	assert_drops(p.hit_recs, p.hit_n, &d, p.hit.out);
	cr_assert_eq(client_drops(p.miss_recs, p.miss_n, &d), 0, "-4 let it through");
	tracer_pair_free(&p);
}

/* The line, then its stack under it. */
Test(tcpdrop, text_columns_and_stack)
{
	struct tool_proc tool;
	struct tcpdropper d;
	char src[64], want[200];

	tcpdropper_spawn(&d, 4);
	tool_start(&tool, "tcpdrop", "-L", d.cport_arg, NULL);
	cr_assert_eq(workload_finish(&d.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0);
	cr_assert(!strncmp(tool.out,
			   "TIME     PID     IP SADDR:SPORT          > DADDR:DPORT          "
			   "STATE        (FLAGS)          REASON\n",
			   100),
		  "header: %s", tool.out);
	snprintf(src, sizeof(src), "127.0.0.1:%ld", d.cport);
	snprintf(want, sizeof(want), " -       4  %-20s > 127.0.0.1:%-10ld %-12s (PSH|ACK) ", src,
		 d.sport, kfree_skb_gives("rx_sk") ? "ESTABLISHED" : "-");
	cr_assert(strstr(tool.out, want), "no line '%s' in:\n%s", want, tool.out);
	cr_assert(strstr(tool.out, kfree_skb_gives("reason") ? "SOCKET_FILTER\n" : "  -\n"),
		  "no reason in:\n%s", tool.out);
	cr_assert(strstr(tool.out, "\ttcp_v4_rcv+0x") || strstr(tool.out, " tcp_v4_rcv+0x"),
		  "no tcp_v4_rcv frame in:\n%s", tool.out);
	tool_free(&tool);
}

Test(tcpdrop, bad_usage_exits_2)
{
	assert_usage_error("tcpdrop", "-p", "1");
	assert_usage_error("tcpdrop", "-n", "x");
	assert_usage_error("tcpdrop", "-6", "-4");
	assert_usage_error("tcpdrop", "-P", "0");
}
