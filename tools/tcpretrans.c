// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* tcpretrans: trace TCP retransmits (and tail loss probes, -l), or count them per connection (-C). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <linux/types.h>

#include "net.h"
#include "run.h"
#include "tcpretrans.h"
#include "tcpretrans.skel.h"

enum {
	F_TIME,
	F_PID,
	F_IP,
	F_LOCAL,
	F_TYPE,
	F_REMOTE,
	F_STATE,
	F_LADDR,
	F_LPORT,
	F_RADDR,
	F_RPORT
};

/*
 * bcc's columns TIME PID IP LADDR:LPORT T> RADDR:RPORT STATE. The pid is
 * not known (a timer or softirq sends the segment): "-" in text, null in
 * JSON. JSON gives the addresses and ports as keys of their own.
 */
static const struct field fields[] = {
	[F_TIME] = { "time", "TIME", -8 },
	[F_PID] = { "pid", "PID", -7 },
	[F_IP] = { "ip", "IP", -2 },
	[F_LOCAL] = { NULL, "LADDR:LPORT", -20 },
	[F_TYPE] = { "type", "T>", -2 },
	[F_REMOTE] = { NULL, "RADDR:RPORT", -20 },
	[F_STATE] = { "state", "STATE", 0 },
	[F_LADDR] = { "laddr" },
	[F_LPORT] = { "lport" },
	[F_RADDR] = { "raddr" },
	[F_RPORT] = { "rport" },
};

static const struct net_fields json_net_fields = { F_IP, F_LADDR, F_RADDR, F_LPORT, F_RPORT };

enum { C_IP, C_LOCAL, C_REMOTE, C_LADDR, C_LPORT, C_RADDR, C_RPORT, C_RETRANSMITS };

/* -C: bcc's count table LADDR:LPORT RADDR:RPORT RETRANSMITS */
static const struct field count_fields[] = {
	[C_IP] = { "ip" },
	[C_LOCAL] = { NULL, "LADDR:LPORT", -20 },
	[C_REMOTE] = { NULL, "RADDR:RPORT", -20 },
	[C_LADDR] = { "laddr" },
	[C_LPORT] = { "lport" },
	[C_RADDR] = { "raddr" },
	[C_RPORT] = { "rport" },
	[C_RETRANSMITS] = { "retransmits", "RETRANSMITS", 0 },
};

static const struct net_fields count_net_fields = { C_IP, C_LADDR, C_RADDR, C_LPORT, C_RPORT };

static const struct tool_option options[] = {
	{ "lossprobe", 'l', NULL, "show tail loss probes too (needs fentry or kprobes)" },
	{ "count", 'C', NULL, "count retransmits per connection instead of one line each" },
	{ 0 },
};

/* include/net/tcp_states.h: a stable ABI, as bcc names them */
static const char *const states[] = {
	[1] = "ESTABLISHED", [2] = "SYN_SENT",	[3] = "SYN_RECV", [4] = "FIN_WAIT1",
	[5] = "FIN_WAIT2",   [6] = "TIME_WAIT", [7] = "CLOSE",	  [8] = "CLOSE_WAIT",
	[9] = "LAST_ACK",    [10] = "LISTEN",	[11] = "CLOSING", [12] = "NEW_SYN_RECV",
};

static void rec_state(int f, __u32 state)
{
	char other[16];

	if (state < N_FIELDS(states) && states[state]) {
		rec_str(f, states[state], 16);
		return;
	}
	snprintf(other, sizeof(other), "%u", state);
	rec_str(f, other, sizeof(other));
}

/* Text: "addr:port" in one column, as bcc prints it ([addr]:port would be clearer for IPv6, but bcc's is this). */
static void rec_endpoint(int f, const struct net_tuple *t, const __u8 *addr, __u16 port)
{
	char a[NET_ADDR_LEN], s[NET_ADDR_LEN + 8];

	snprintf(s, sizeof(s), "%s:%u", net_addr(t, addr, a), port);
	rec_str(f, s, sizeof(s));
}

static void rec_tuple(const struct net_fields *nf, int local, int remote, const struct net_tuple *t)
{
	rec_net(nf, t);
	if (output_json())
		return;
	rec_endpoint(local, t, t->saddr, t->sport);
	rec_endpoint(remote, t, t->daddr, t->dport);
}

static int on_event(void *ctx, void *data, size_t len)
{
	const struct retrans_event *e = data;

	(void)ctx;
	if (len < sizeof(*e))
		return 0;
	rec_begin();
	rec_time(F_TIME, e->ts);
	rec_null(F_PID);
	rec_tuple(&json_net_fields, F_LOCAL, F_REMOTE, &e->tuple);
	/* text: bcc's "R>" under "T>"; JSON: the letter */
	if (output_json())
		rec_str(F_TYPE, e->type == RETRANS_LOSS_PROBE ? "L" : "R", 1);
	else
		rec_str(F_TYPE, e->type == RETRANS_LOSS_PROBE ? "L>" : "R>", 2);
	rec_state(F_STATE, e->state);
	rec_end();
	return 0;
}

struct count {
	struct net_tuple key;
	__u64 n;
};

/* Most retransmits first; then by connection, for a stable order. */
static int compare_counts(const void *a, const void *b)
{
	const struct count *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return memcmp(&x->key, &y->key, sizeof(x->key));
}

struct tcpretrans {
	int counts_fd;
};

/* At the end: every connection counted, read out of the kernel's hash. */
static int report(void *ctx)
{
	struct tcpretrans *c = ctx;
	struct count *all = calloc(RETRANS_COUNT_KEYS, sizeof(*all));
	struct net_tuple key, next;
	size_t n = 0, i;
	bool first = true;

	if (!all)
		return -1;
	while (n < RETRANS_COUNT_KEYS &&
	       !bpf_map_get_next_key(c->counts_fd, first ? NULL : &key, &next)) {
		first = false;
		key = next;
		if (!bpf_map_lookup_elem(c->counts_fd, &key, &all[n].n))
			all[n++].key = key;
	}
	qsort(all, n, sizeof(all[0]), compare_counts);
	output_header();
	for (i = 0; i < n; i++) {
		rec_begin();
		rec_tuple(&count_net_fields, C_LOCAL, C_REMOTE, &all[i].key);
		rec_uint(C_RETRANSMITS, all[i].n);
		rec_end();
	}
	free(all);
	return 0;
}

static int check(struct option_ctx *ctx, const struct run *r)
{
	if (run_given(r, 'C') && run_given(r, 'l'))
		return option_error(ctx, "-C counts retransmits only: -l cannot go with it");
	return 0;
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	struct tcpretrans_bpf *s = skel;

	(void)ctx;
	s->rodata->count_mode = run_given(r, 'C');
	/* without -C nothing is counted: the smallest map its programs load with
	 * (10,240 entries: 1.2 ms of the start to create, allocated as used) */
	if (!s->rodata->count_mode)
		bpf_map__set_max_entries(s->maps.counts, 1);
}

static int prepare(void *skel, struct run *r, void *ctx)
{
	struct tcpretrans_bpf *s = skel;
	struct tcpretrans *c = ctx;

	(void)r;
	c->counts_fd = bpf_map__fd(s->maps.counts);
	return 0;
}

/*
 * Every kernel sonde supports has the tracepoint. The loss probe has none:
 * fentry or a kprobe on tcp_send_loss_probe(), with -l only.
 */
static const struct probe probes[] = {
	{ "tcp_retransmit_skb", { "retrans_tp" } },
	{ "tcp_send_loss_probe", { "tlp_fentry", "tlp_kprobe" }, .hint = "for -l", .when = 'l' },
	{ 0 },
};

SKELETON(tcpretrans);

#define TCPRETRANS_SHARED  (SHARED_NET_FILTERS | SHARED_DURATION)
#define TCPRETRANS_SUMMARY "Trace TCP retransmits: addresses, ports and state."
#define TCPRETRANS_EXAMPLES                                                    \
	"  tcpretrans              every TCP retransmit\n"                     \
	"  tcpretrans -l           tail loss probes too (fentry or kprobes)\n" \
	"  tcpretrans -P 443 -4    retransmits to port 443 over IPv4\n"        \
	"  tcpretrans -C -d 10     count retransmits per connection for ten seconds\n"

static const struct tool count_tool = {
	.name = "tcpretrans",
	.summary = TCPRETRANS_SUMMARY,
	.shared = TCPRETRANS_SHARED,
	.options = options,
	.check = check,
	.examples = TCPRETRANS_EXAMPLES,
	.fields = count_fields,
	.nfields = N_FIELDS(count_fields),
	.skeleton = &tcpretrans_skeleton,
	.probes = probes,
	.configure = configure,
	.prepare = prepare,
	.report = report,
};

static const struct tool *become(const struct run *r)
{
	return run_given(r, 'C') ? &count_tool : NULL;
}

static const struct tool tool = {
	.name = "tcpretrans",
	.summary = TCPRETRANS_SUMMARY,
	.shared = TCPRETRANS_SHARED,
	.options = options,
	.check = check,
	.become = become,
	.examples = TCPRETRANS_EXAMPLES,
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &tcpretrans_skeleton,
	.probes = probes,
	.configure = configure,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	struct tcpretrans c = { .counts_fd = -1 };

	return run_tool(&tool, &c, argc, argv);
}
