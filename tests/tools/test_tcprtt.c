// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcprtt against tests/workloads/tcpstream: a bulk transfer on loopback, its
 * listener on a port chosen here so that -L/-P can name it before it runs.
 * The server's end receives the data (local port: the listener's), the
 * client's end the ACKs (remote port: the listener's): each filter isolates
 * the workload from other traffic. Loopback RTTs are microseconds: every
 * sample must lie under 10 ms.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"
#include "tcpconns.h"

TestSuite(tcprtt, .fini = expect_cleanup, .timeout = 60);

#define XFER_BYTES "4000000"

struct xfer {
	struct workload w;
	char facts[256];
	long lport;
	char port[16];	/* lport as an argument */
	char lflag[24]; /* "-L<lport>": a filter to pass as one argument */
};

static void xfer_spawn(struct xfer *x, const char *addr)
{
	x->lport = free_port();
	snprintf(x->port, sizeof(x->port), "%ld", x->lport);
	snprintf(x->lflag, sizeof(x->lflag), "-L%ld", x->lport);
	expect_facts(x->facts, sizeof(x->facts), "tcpstream");
	workload_spawn(&x->w, "tcpstream", x->facts, addr, XFER_BYTES, x->port, NULL);
	expect_workload(&x->w);
}

/* The one histogram in recs (no -b/-B): its total; every bucket in (0, 10 ms) unless empty. */
static double total_of(const struct json *recs, size_t n, const char *out)
{
	const struct json *buckets;
	size_t i;

	cr_assert_eq(n, 1, "one histogram, got:\n%s", out);
	cr_assert_str_eq(json_string(&recs[0], "unit"), "usecs");
	buckets = json_get(&recs[0], "buckets");
	cr_assert(buckets && buckets->type == JSON_ARRAY);
	for (i = 0; i < buckets->n; i++)
		cr_assert_lt(json_number(&buckets->items[i], "low"), 10000,
			     "a loopback RTT of 10 ms or more:\n%s", out);
	return json_number(&recs[0], "total");
}

static void assert_port_filter(const char *addr, const char *opt)
{
	struct tracer_pair p;
	struct xfer x;

	xfer_spawn(&x, addr);
	cr_assert_eq(tracer_pair_run(&p, &x.w, "tcprtt", NULL, opt, x.port, "1"), 0);
	cr_assert_eq(fact(x.facts, "bytes"), atol(XFER_BYTES));
	cr_assert_gt(total_of(p.hit_recs, p.hit_n, p.hit.out), 0, "%s %s saw nothing", opt, x.port);
	cr_assert_eq(total_of(p.miss_recs, p.miss_n, p.miss.out), 0, "%s 1 let it by", opt);
	assert_fields_documented("tcprtt", &p.hit_recs[0]);
	tracer_pair_free(&p);
}

/* -L: the server's end, which receives the data. */
Test(tcprtt, local_port_filter_ipv4)
{
	assert_port_filter("127.0.0.1", "-L");
}

Test(tcprtt, local_port_filter_ipv6)
{
	assert_port_filter("::1", "-L");
}

/* -P: the client's end, which receives the ACKs. */
Test(tcprtt, remote_port_filter_ipv4)
{
	assert_port_filter("127.0.0.1", "-P");
}

Test(tcprtt, remote_port_filter_ipv6)
{
	assert_port_filter("::1", "-P");
}

/* -b / -B: one histogram, keyed by the workload's address, with -e's average in range. */
static void assert_by_addr(const char *addr, const char *by, const char *key)
{
	struct tool_proc tool;
	struct json *recs;
	struct xfer x;
	double avg;
	size_t n;

	xfer_spawn(&x, addr);
	tool_start(&tool, "tcprtt", "-j", "-e", by, x.lflag, NULL);
	cr_assert_eq(workload_finish(&x.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	log_attach("tcprtt", tool.kinds);
	recs = json_lines(tool.out, &n);
	cr_assert_eq(n, 1, "one histogram, got:\n%s", tool.out);
	assert_str_key(&recs[0], key, addr);
	cr_assert_gt(json_number(&recs[0], "total"), 0);
	avg = json_number(&recs[0], "avg_us");
	cr_assert(avg > 0 && avg < 10000, "average %f us", avg);
	assert_fields_documented("tcprtt", &recs[0]);
	json_lines_free(recs, n);
	tool_free(&tool);
}

Test(tcprtt, by_local_address_ipv4)
{
	assert_by_addr("127.0.0.1", "-b", "laddr");
}

Test(tcprtt, by_remote_address_ipv6)
{
	assert_by_addr("::1", "-B", "raddr");
}

/* -a and -A on top of -L: the workload's address lets it through, the other family's not. */
Test(tcprtt, address_filters)
{
	struct tracer_pair p;
	struct xfer x;

	xfer_spawn(&x, "::1");
	cr_assert_eq(tracer_pair_run(&p, &x.w, "tcprtt", x.lflag, "-a", "::1", "127.0.0.1"), 0);
	cr_assert_gt(total_of(p.hit_recs, p.hit_n, p.hit.out), 0);
	cr_assert_eq(total_of(p.miss_recs, p.miss_n, p.miss.out), 0);
	tracer_pair_free(&p);

	xfer_spawn(&x, "127.0.0.1");
	cr_assert_eq(tracer_pair_run(&p, &x.w, "tcprtt", x.lflag, "-A", "127.0.0.1", "127.0.0.2"),
		     0);
	cr_assert_gt(total_of(p.hit_recs, p.hit_n, p.hit.out), 0);
	cr_assert_eq(total_of(p.miss_recs, p.miss_n, p.miss.out), 0);
	tracer_pair_free(&p);
}

Test(tcprtt, usage_errors)
{
	assert_usage_error("tcprtt", "-a", "localhost");
	assert_usage_error("tcprtt", "-b", "-B");
	assert_usage_error("tcprtt", "-p", "1");
}
