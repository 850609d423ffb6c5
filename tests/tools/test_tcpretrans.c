// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcpretrans against tests/workloads/tcpdropper: a loopback connection
 * whose data segments a socket filter drops for about a second, so that
 * its client retransmits them. Its records are found by the client's port.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"
#include "tcpconns.h"
#include "tcpdropper.h"

TestSuite(tcpretrans, .fini = expect_cleanup, .timeout = 60);

/*
 * The client's retransmits in recs: at least one (the filter held them for
 * a second, the RTO is 200 ms at least), every one of the connection as the
 * client sees it, ESTABLISHED. Their count.
 */
static size_t assert_retransmits(const struct json *recs, size_t n, const struct tcpdropper *d,
				 const char *out)
{
	size_t i, seen = 0;

	for (i = 0; i < n; i++) {
		const struct json *r = &recs[i];

		if (!json_get(r, "lport") || json_number(r, "lport") != d->cport)
			continue;
		seen++;
		cr_assert_eq(json_number(r, "rport"), d->sport, "rport");
		cr_assert_eq(json_number(r, "ip"), d->ip, "ip");
		assert_str_key(r, "laddr", d->addr);
		assert_str_key(r, "raddr", d->addr);
		assert_str_key(r, "state", "ESTABLISHED");
		assert_str_key(r, "type", "R");
		cr_assert(json_get(r, "pid") && json_get(r, "pid")->type == JSON_NULL,
			  "pid is not null");
	}
	cr_assert_geq(seen, 1, "no retransmit of port %ld in:\n%s", d->cport, out);
	return seen;
}

static void retransmits_of(int ip)
{
	struct tool_proc tool;
	struct tcpdropper d;
	struct json *recs;
	size_t n;

	tcpdropper_spawn(&d, ip);
	tool_start(&tool, "tcpretrans", "-j", NULL);
	cr_assert_eq(workload_finish(&d.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	log_attach("tcpretrans", tool.kinds);
	cr_assert_eq(fact(d.facts, "bytes"), 1000, "the transfer did not complete");
	recs = json_lines(tool.out, &n);
	assert_retransmits(recs, n, &d, tool.out);
	assert_fields_documented("tcpretrans", rec_find(recs, n, "lport", d.cport, NULL, 0));
	json_lines_free(recs, n);
	tool_free(&tool);
}

Test(tcpretrans, retransmits_ipv4)
{
	retransmits_of(4);
}

Test(tcpretrans, retransmits_ipv6)
{
	retransmits_of(6);
}

/* -C's count for the connection is the number of records a tracer beside it saw. */
static void counts_of(int ip)
{
	struct tool_proc each, count;
	struct tcpdropper d;
	struct json *recs;
	const struct json *c;
	size_t n, seen;

	tcpdropper_spawn(&d, ip);
	tool_start(&each, "tcpretrans", "-j", "-L", d.cport_arg, NULL);
	tool_start(&count, "tcpretrans", "-j", "-C", "-L", d.cport_arg, NULL);
	cr_assert_eq(workload_finish(&d.w), 0);
	cr_assert_eq(tool_stop(&each, SIGINT), 0, "stderr: %s", each.err);
	cr_assert_eq(tool_stop(&count, SIGINT), 0, "stderr: %s", count.err);
	recs = json_lines(each.out, &n);
	seen = assert_retransmits(recs, n, &d, each.out);
	cr_assert_eq(n, seen, "-L %ld let others through:\n%s", d.cport, each.out);
	json_lines_free(recs, n);
	recs = json_lines(count.out, &n);
	cr_assert_eq(n, 1, "-C -L: one connection, in:\n%s", count.out);
	c = &recs[0];
	cr_assert_eq(json_number(c, "lport"), d.cport);
	cr_assert_eq(json_number(c, "rport"), d.sport);
	cr_assert_eq(json_number(c, "ip"), ip);
	assert_str_key(c, "laddr", d.addr);
	assert_str_key(c, "raddr", d.addr);
	cr_assert_eq(json_number(c, "retransmits"), seen, "-C counted %g, records %zu",
		     json_number(c, "retransmits"), seen);
	assert_fields_documented("tcpretrans", c);
	json_lines_free(recs, n);
	tool_free(&each);
	tool_free(&count);
}

Test(tcpretrans, count_equals_records_ipv4)
{
	counts_of(4);
}

Test(tcpretrans, count_equals_records_ipv6)
{
	counts_of(6);
}

static size_t client_recs(const struct json *recs, size_t n, const struct tcpdropper *d)
{
	return rec_count(recs, n, "lport", d->cport);
}

/* -P: the server's port (the client's remote one), or another. */
Test(tcpretrans, remote_port_filter)
{
	struct tracer_pair p;
	struct tcpdropper d;

	tcpdropper_spawn(&d, 4);
	cr_assert_eq(tracer_pair_run(&p, &d.w, "tcpretrans", NULL, "-P", d.sport_arg, "1"), 0);
	assert_retransmits(p.hit_recs, p.hit_n, &d, p.hit.out);
	cr_assert_eq(client_recs(p.miss_recs, p.miss_n, &d), 0, "-P 1 let it through");
	tracer_pair_free(&p);
}

/* -L: the client's port, or another. */
Test(tcpretrans, local_port_filter)
{
	struct tracer_pair p;
	struct tcpdropper d;

	tcpdropper_spawn(&d, 6);
	cr_assert_eq(tracer_pair_run(&p, &d.w, "tcpretrans", NULL, "-L", d.cport_arg, "1"), 0);
	assert_retransmits(p.hit_recs, p.hit_n, &d, p.hit.out);
	cr_assert_eq(client_recs(p.miss_recs, p.miss_n, &d), 0, "-L 1 let it through");
	tracer_pair_free(&p);
}

/* -4 and -6: the connection's own family sees it, the other not. */
static void family_filter(int ip)
{
	struct tool_proc hit, miss;
	struct tcpdropper d;
	struct json *recs;
	size_t n;

	tcpdropper_spawn(&d, ip);
	tool_start(&hit, "tcpretrans", "-j", ip == 4 ? "-4" : "-6", "-L", d.cport_arg, NULL);
	tool_start(&miss, "tcpretrans", "-j", ip == 4 ? "-6" : "-4", "-L", d.cport_arg, NULL);
	cr_assert_eq(workload_finish(&d.w), 0);
	cr_assert_eq(tool_stop(&hit, SIGINT), 0);
	cr_assert_eq(tool_stop(&miss, SIGINT), 0);
	recs = json_lines(hit.out, &n);
	assert_retransmits(recs, n, &d, hit.out);
	json_lines_free(recs, n);
	recs = json_lines(miss.out, &n);
	cr_assert_eq(client_recs(recs, n, &d), 0, "the other family let it through:\n%s", miss.out);
	json_lines_free(recs, n);
	tool_free(&hit);
	tool_free(&miss);
}

Test(tcpretrans, family_filter_ipv4)
{
	family_filter(4);
}

Test(tcpretrans, family_filter_ipv6)
{
	family_filter(6);
}

Test(tcpretrans, text_columns)
{
	struct tool_proc tool;
	struct tcpdropper d;
	char local[64], want[160];

	tcpdropper_spawn(&d, 4);
	tool_start(&tool, "tcpretrans", "-L", d.cport_arg, NULL);
	cr_assert_eq(workload_finish(&d.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0);
	cr_assert(
		!strncmp(tool.out,
			 "TIME     PID     IP LADDR:LPORT          T> RADDR:RPORT          STATE\n",
			 71),
		"header: %s", tool.out);
	snprintf(local, sizeof(local), "127.0.0.1:%ld", d.cport);
	snprintf(want, sizeof(want), " -       4  %-20s R> 127.0.0.1:%-10ld ESTABLISHED\n", local,
		 d.sport);
	cr_assert(strstr(tool.out, want), "no line '%s' in:\n%s", want, tool.out);
	tool_free(&tool);
}

/* -l: the loss probe's way, or on a kernel with neither fentry nor kprobes the one line why. */
Test(tcpretrans, lossprobe_way_or_why)
{
	char *out, *err;
	int status = tool_run(&out, &err, "tcpretrans", "-l", "-d", "1", NULL);

	if (status == 0) /* attached by fentry or a kprobe */
		goto out;
	cr_assert(!kernel_has_kprobes(), "kprobes here, yet: %s", err);
	cr_assert_eq(status, 1, "stderr: %s", err);
	cr_assert_str_eq(err, "tcpretrans: cannot attach: needs fentry on tcp_send_loss_probe "
			      "or kprobes on tcp_send_loss_probe for -l\n");
out:
	free(out);
	free(err);
}

Test(tcpretrans, bad_usage_exits_2)
{
	assert_usage_error("tcpretrans", "-p", "1");
	assert_usage_error("tcpretrans", "-c", "/sys/fs/cgroup");
	assert_usage_error("tcpretrans", "-C", "-l");
	assert_usage_error("tcpretrans", "-6", "-4");
	assert_usage_error("tcpretrans", "-L", "0");
}
