// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* tcpsynbl: the TCP accept queue's length as children join it, per listening port and limit. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/types.h>

#include "hist.h"
#include "kernel_support.h"
#include "maps.h"
#include "run.h"
#include "strbuf.h"
#include "tcpsynbl.h"
#include "tcpsynbl.skel.h"

enum { F_TIME, F_PORT, F_MAX, F_TOTAL, F_DROPS, F_BUCKETS };

/* JSON: one record per listening port and backlog limit (text is bcc's heading and bars) */
static const struct field fields[] = {
	[F_TIME] = { "time" },	 [F_PORT] = { "port" },	  [F_MAX] = { "backlog_max" },
	[F_TOTAL] = { "total" }, [F_DROPS] = { "drops" }, [F_BUCKETS] = { "buckets" },
};

struct entry {
	struct synbl_key key;
	struct synbl_value value;
};

struct tcpsynbl {
	struct hist_spec spec;
	struct summary hists;
	bool drops_seen; /* whether the way chosen counts drops */
};

/* By port, then backlog limit. */
static int compare_entries(const void *a, const void *b)
{
	const struct synbl_key *x = &((const struct entry *)a)->key;
	const struct synbl_key *y = &((const struct entry *)b)->key;

	if (x->port != y->port)
		return x->port < y->port ? -1 : 1;
	return x->max < y->max ? -1 : x->max > y->max;
}

static void emit_json(const struct tcpsynbl *c, const struct entry *e, double now)
{
	struct strbuf sb = { 0 };

	rec_begin();
	rec_double(F_TIME, now, 6);
	rec_uint(F_PORT, e->key.port);
	rec_uint(F_MAX, e->key.max);
	rec_uint(F_TOTAL, hist_total(&e->value.hist));
	if (c->drops_seen)
		rec_uint(F_DROPS, e->value.drops);
	else
		rec_null(F_DROPS);
	hist_json_buckets(&sb, &e->value.hist, &c->spec);
	rec_json(F_BUCKETS, sb.buf, sb.len);
	rec_end();
	sb_free(&sb);
}

/* bcc's "backlog_max = 128" heading, the port, the drops where the way counts them; the bars. */
static void emit_text(const struct tcpsynbl *c, const struct entry *e)
{
	struct strbuf sb = { 0 };

	sb_printf(&sb, "\nbacklog_max = %u, port = %u", e->key.max, e->key.port);
	if (c->drops_seen)
		sb_printf(&sb, ", drops = %llu", (unsigned long long)e->value.drops);
	sb_putc(&sb, '\n');
	output_text(sb.buf, sb.len);
	sb_free(&sb);
	if (hist_total(&e->value.hist))
		hist_emit(&e->value.hist, &c->spec, NULL, 0);
}

static int report(void *ctx)
{
	struct tcpsynbl *c = ctx;
	struct entry *entries = c->hists.room;
	ssize_t n = summary_collect(&c->hists, sizeof(*entries), offsetof(struct entry, value));
	struct timespec now;
	ssize_t i;

	if (n < 0)
		return -1;
	qsort(entries, n, sizeof(entries[0]), compare_entries);
	clock_gettime(CLOCK_REALTIME, &now);
	for (i = 0; i < n; i++) {
		if (output_json())
			emit_json(c, &entries[i], now.tv_sec + now.tv_nsec / 1e9);
		else
			emit_text(c, &entries[i]);
	}
	return 0;
}

/*
 * skb:kfree_skb names listen overflows with their listener where its
 * record has rx_sk (Linux 6.10+) and the kernel has the reason: both are
 * in the tracepoint's format, which is cheaper to read than the kernel's
 * BTF.
 */
static bool overflow_reason_traced(void)
{
	char path[256], buf[16384];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/events/skb/kfree_skb/format", tracefs_root());
	f = fopen(path, "r");
	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	return strstr(buf, "field:void * rx_sk;") && strstr(buf, "\"TCP_LISTEN_OVERFLOW\"");
}

static int setup(struct run *r, void *ctx)
{
	struct tcpsynbl *c = ctx;

	(void)r;
	c->spec.unit = "backlog";
	return 0;
}

/* kprobes see every refusal; the tracepoint way only through skb:kfree_skb. */
static int prepare(void *skel, struct run *r, void *ctx)
{
	struct tcpsynbl_bpf *s = skel;
	struct tcpsynbl *c = ctx;

	(void)r;
	c->drops_seen =
		!bpf_program__autoload(s->progs.synbl_child) ||
		(bpf_program__autoload(s->progs.synbl_overflow) && overflow_reason_traced());
	return 0;
}

/*
 * Linux 5.10 to 6.12 in the matrix have kprobes; this 6.18 build has none,
 * and takes the tracepoint (see bpf/tcpsynbl.bpf.c for why its child
 * carries the listener's figures, and why there is no fentry way).
 */
static const struct probe probes[] = {
	{ "syn_recv_sock", { "synbl_kprobe4,?synbl_kprobe6", "synbl_child,?synbl_overflow" } },
	{ 0 },
};

SKELETON(tcpsynbl);

static const struct tool tool = {
	.name = "tcpsynbl",
	.summary = "Summarize the TCP accept queue's length as connections complete, per listen "
		   "backlog limit, with drops.",
	.shared = SHARED_INTERVAL | SHARED_TIMESTAMP,
	.examples = "  tcpsynbl                one histogram per backlog limit at Ctrl-C\n"
		    "  tcpsynbl 1 10           ten one-second reports\n"
		    "  tcpsynbl -j 5           JSON every 5 s\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &tcpsynbl_skeleton,
	.probes = probes,
	.setup = setup,
	.prepare = prepare,
	.summary_map = "hists",
	.summary_at = offsetof(struct tcpsynbl, hists),
	.summary_entry = sizeof(struct entry),
	.report = report,
};

int main(int argc, char **argv)
{
	struct tcpsynbl c = { 0 };

	return run_tool(&tool, &c, argc, argv);
}
