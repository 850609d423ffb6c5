// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcpsynbl against tests/workloads/synbacklog: a listener with
 * listen(fd, 5) that accepts nothing while its accept queue is filled past
 * the limit. The histogram of its port and backlog limit 5 (the limit the
 * kernel's TCP_INFO gives) holds exactly the children the kernel queued (TCP_INFO's
 * queue length), each of the lengths 0 to 5 once, so every bucket's count
 * is known; drops are at least the one refused child, and no more than
 * the listener's own drop count. Text as bcc's.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"

#define SYNBL_BACKLOG 5

TestSuite(tcpsynbl, .fini = expect_cleanup, .timeout = 60);

struct synbacklog {
	struct workload w;
	char facts[256];
};

/* Each test its own backlog and port: tests run side by side. */
static void synbacklog_spawn(struct synbacklog *s, long backlog)
{
	expect_facts(s->facts, sizeof(s->facts), "synbacklog");
	workload_spawn(&s->w, "synbacklog", s->facts, num_arg(backlog), NULL);
	expect_workload(&s->w);
}

/* Each bucket counts the lengths 0 to `queued - 1` in it: each was sampled once. */
static void assert_buckets(const struct json *r, long queued)
{
	const struct json *b = json_get(r, "buckets");
	long low, high, top = -1, sum = 0;
	size_t i;

	cr_assert(b && b->type == JSON_ARRAY, "no buckets");
	for (i = 0; i < b->n; i++) {
		low = json_number(&b->items[i], "low");
		high = json_number(&b->items[i], "high");
		if (high > queued - 1)
			high = queued - 1;
		cr_assert_eq(json_number(&b->items[i], "count"), high - low + 1,
			     "bucket %ld: not one of each length", low);
		sum += high - low + 1;
		top = high;
	}
	cr_assert_eq(sum, queued);
	cr_assert_eq(top, SYNBL_BACKLOG, "the longest queue sampled is not the limit");
}

Test(tcpsynbl, queue_lengths_and_drops_of_a_full_queue)
{
	struct tool_proc tool;
	struct synbacklog s;
	const struct json *r, *drops;
	struct json *recs;
	long limit, queued, port;
	size_t n;

	synbacklog_spawn(&s, SYNBL_BACKLOG);
	tool_start(&tool, "tcpsynbl", "-j", NULL);
	cr_assert_eq(workload_finish(&s.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	log_attach("tcpsynbl", tool.kinds);
	limit = fact(s.facts, "limit");
	queued = fact(s.facts, "queued");
	port = fact(s.facts, "lport");
	cr_assert_eq(limit, SYNBL_BACKLOG);
	cr_assert_eq(queued, SYNBL_BACKLOG + 1, "the kernel queued %ld children", queued);
	recs = json_lines(tool.out, &n);
	r = rec_find(recs, n, "port", port, "backlog_max", limit);
	cr_assert(r, "no histogram of port %ld, limit %ld in:\n%s", port, limit, tool.out);
	cr_assert_eq(json_number(r, "total"), queued, "in:\n%s", tool.out);
	assert_buckets(r, queued);
	drops = json_get(r, "drops");
	cr_assert(drops, "no drops");
	if (drops->type == JSON_NULL) {
		/* only the raw tracepoint way, where skb:kfree_skb does not name the listener */
		cr_assert(strstr(tool.kinds, "raw_tp"), "no drops by %s", tool.kinds);
	} else {
		cr_assert_geq(drops->number, 1, "the refused child was not counted");
		cr_assert_leq(drops->number, fact(s.facts, "drops"), "more than the kernel's");
	}
	assert_fields_documented("tcpsynbl", r);
	json_lines_free(recs, n);
	tool_free(&tool);
}

/* bcc's heading with the port, "backlog_max = 6, port = P", then the log2 slots (0 to 6 once). */
Test(tcpsynbl, text_like_bcc)
{
	struct tool_proc tool;
	struct synbacklog s;
	char heading[64];
	const char *at;

	synbacklog_spawn(&s, SYNBL_BACKLOG + 1);
	tool_start(&tool, "tcpsynbl", NULL);
	cr_assert_eq(workload_finish(&s.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	snprintf(heading, sizeof(heading), "backlog_max = 6, port = %ld", fact(s.facts, "lport"));
	at = strstr(tool.out, heading);
	cr_assert(at && strchr(",\n", at[strlen(heading)]), "no heading %s in:\n%s", heading,
		  tool.out);
	cr_assert(strstr(at, "     backlog             : count    distribution\n"),
		  "no bars in:\n%s", tool.out);
	cr_assert(strstr(at, "         4 -> 7          : 3        |"), "no 4 -> 7 slot in:\n%s",
		  tool.out);
	tool_free(&tool);
}

Test(tcpsynbl, bad_usage_exits_2)
{
	assert_usage_error("tcpsynbl", "-p", "1");
	assert_usage_error("tcpsynbl", "0", NULL);
	assert_usage_error("tcpsynbl", "x", NULL);
}
