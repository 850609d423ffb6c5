// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* tcptop: the TCP connections moving the most bytes, per process, every interval. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <linux/types.h>

#include "maps.h"
#include "net.h"
#include "run.h"
#include "topview.h"
#include "tcptop.h"
#include "tcptop.skel.h"

#define DEFAULT_ROWS 20

enum sort_by { SORT_ALL, SORT_SENT, SORT_RECEIVED };

/* -s KEY, by enum sort_by */
static const char *const sort_names[] = {
	[SORT_ALL] = "all", [SORT_SENT] = "sent", [SORT_RECEIVED] = "received"
};

struct entry {
	struct tcptop_key key;
	struct tcptop_value value;
};

/* Its context: the option values, then what a report needs. */
struct tcptop {
	__u32 rows;	   /* -r */
	unsigned int sort; /* enum sort_by, -s */
	bool clear;	   /* a terminal, and no -C or -j */
	bool no_loadavg;   /* -S */
	struct summary tops;
};

enum { F_TIME, F_PID, F_COMM, F_IP, F_LADDR, F_LPORT, F_RADDR, F_RPORT, F_RX, F_TX };

/*
 * bcc's columns: PID COMM LADDR RADDR RX_KB TX_KB, the addresses as
 * addr:port in text; JSON has the ports apart and the exact bytes.
 */
static const struct field fields[] = {
	[F_TIME] = { "time" },
	[F_PID] = { "pid", "PID", -7 },
	[F_COMM] = { "comm", "COMM", -12 },
	[F_IP] = { "ip" },
	[F_LADDR] = { "laddr", "LADDR", -21 },
	[F_LPORT] = { "lport" },
	[F_RADDR] = { "raddr", "RADDR", -21 },
	[F_RPORT] = { "rport" },
	[F_RX] = { "rx_bytes", "RX_KB", 6 },
	[F_TX] = { "tx_bytes", "TX_KB", 6 },
};

static const struct net_fields json_net_fields = { F_IP, F_LADDR, F_RADDR, F_LPORT, F_RPORT };

static const struct tool_option options[] = {
	{ "noclear", 'C', NULL, "do not clear the screen between reports" },
	{ "nosummary", 'S', NULL, "skip the time and load average line" },
	{ "rows", 'r', "ROWS", "print at most ROWS rows per report (default 20; 0: all)" },
	{ "sort", 's', "KEY", "sort by all (default), sent or received bytes" },
	{ 0 },
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct tcptop *t = ctx->opts;

	if (key == 'r')
		return option_u32(ctx, arg, "rows", 0, TCPTOP_KEYS, &t->rows);
	if (key == 's')
		return top_sort_option(ctx, arg, sort_names, N_FIELDS(sort_names),
				       "all, sent or received", &t->sort);
	return OPTION_NOT_MINE;
}

static __u64 sort_value(const struct tcptop *t, const struct tcptop_value *v)
{
	switch (t->sort) {
	case SORT_SENT:
		return v->tx_bytes;
	case SORT_RECEIVED:
		return v->rx_bytes;
	default:
		return v->rx_bytes + v->tx_bytes;
	}
}

/* Most first; then by process and connection, for a stable order. */
static int compare_entries(const void *a, const void *b, void *ctx)
{
	const struct entry *x = a, *y = b;
	__u64 vx = sort_value(ctx, &x->value), vy = sort_value(ctx, &y->value);

	if (vx != vy)
		return vx > vy ? -1 : 1;
	if (x->key.pid != y->key.pid)
		return x->key.pid < y->key.pid ? -1 : 1;
	return memcmp(&x->value.tuple, &y->value.tuple, sizeof(x->value.tuple));
}

/* "addr:port", an IPv6 address in brackets: the text column. */
static const char *addr_port(const struct net_tuple *t, const __u8 *addr, __u16 port, char *buf,
			     size_t len)
{
	char a[NET_ADDR_LEN];

	net_addr(t, addr, a);
	snprintf(buf, len, t->family == NET_AF_INET6 ? "[%s]:%u" : "%s:%u", a, port);
	return buf;
}

static bool emit_row(void *ctx, const void *entry, double now)
{
	const struct entry *e = entry;
	const struct net_tuple *t = &e->value.tuple;
	char buf[NET_ADDR_LEN + 16];

	(void)ctx;
	rec_begin();
	rec_double(F_TIME, now, 6);
	rec_uint(F_PID, e->key.pid);
	rec_str(F_COMM, e->value.comm, SONDE_COMM_LEN);
	if (output_json()) {
		rec_net(&json_net_fields, t);
	} else {
		rec_str(F_LADDR, addr_port(t, t->saddr, t->sport, buf, sizeof(buf)), sizeof(buf));
		rec_str(F_RADDR, addr_port(t, t->daddr, t->dport, buf, sizeof(buf)), sizeof(buf));
	}
	rec_kbytes(F_RX, e->value.rx_bytes);
	rec_kbytes(F_TX, e->value.tx_bytes);
	rec_end();
	return true;
}

/* Start the next interval from zero, then print this one's busiest connections. */
static int report(void *ctx)
{
	struct tcptop *t = ctx;
	struct entry *entries = t->tops.room;
	ssize_t n = summary_collect(&t->tops, sizeof(*entries), offsetof(struct entry, value));

	if (n < 0)
		return -1;
	if (t->no_loadavg)
		top_heading_line(t->clear, "", 0);
	else
		top_heading(t->clear);
	top_rows(entries, n, sizeof(*entries), compare_entries, t, t->rows, emit_row);
	return 0;
}

/*
 * The socket layer's tracepoints (Linux 6.3) first; kprobes on the TCP
 * functions where a kernel has them and not those (5.10, 6.1).
 */
static const struct probe probes[] = {
	{ "sendmsg", { "send_tp", "send_kprobe,send_kretprobe" } },
	{ "recvmsg", { "recv_tp", "recv_kprobe,recv_kretprobe" } },
	{ 0 },
};

/* A top: a report every second unless told otherwise. */
static int setup(struct run *r, void *ctx)
{
	struct tcptop *t = ctx;

	t->clear = top_setup(r, 'C');
	t->no_loadavg = run_given(r, 'S');
	return 0;
}

SKELETON(tcptop);

static const struct tool tool = {
	.name = "tcptop",
	.summary = "Show the TCP connections moving the most bytes, per process, every interval.",
	.shared = SHARED_TASK_FILTERS | SHARED_NET_FILTERS | SHARED_INTERVAL,
	.options = options,
	.parse = parse_option,
	.examples = "  tcptop                  the top 20 connections every second, until Ctrl-C\n"
		    "  tcptop -C 5 10          ten five-second reports, the screen kept\n"
		    "  tcptop -s sent -r 0     every connection, by bytes sent\n"
		    "  tcptop -p 181 -P 443 -j process 181's traffic to port 443 as JSON lines\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &tcptop_skeleton,
	.probes = probes,
	.setup = setup,
	.summary_map = "tops",
	.summary_at = offsetof(struct tcptop, tops),
	.summary_entry = sizeof(struct entry),
	.report = report,
};

int main(int argc, char **argv)
{
	struct tcptop t = { .rows = DEFAULT_ROWS };

	return run_tool(&tool, &t, argc, argv);
}
