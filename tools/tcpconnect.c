// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* tcpconnect: trace active TCP connections, or count them per destination (-C). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <linux/types.h>

#include "names.h"
#include "net.h"
#include "run.h"
#include "tcpconnect.h"
#include "tcpconnect.skel.h"

enum { F_TIME, F_UID, F_PID, F_TID, F_COMM, F_IP, F_SADDR, F_DADDR, F_SPORT, F_DPORT, F_ERR };

/* bcc's columns [TIME] [UID] PID COMM IP SADDR DADDR DPORT, with SPORT as libbpf-tools' -s shows it */
static const struct field fields[] = {
	[F_TIME] = { .task = TASK_TIME },
	[F_UID] = { .task = TASK_UID },
	[F_PID] = { .task = TASK_PID },
	[F_TID] = { .task = TASK_TID },
	[F_COMM] = { .task = TASK_COMM },
	[F_IP] = { "ip", "IP", -2 },
	[F_SADDR] = { "saddr", "SADDR", -16 },
	[F_DADDR] = { "daddr", "DADDR", -16 },
	[F_SPORT] = { "sport", "SPORT", -5 },
	[F_DPORT] = { "dport", "DPORT", 0 },
	[F_ERR] = { "error" }, /* JSON only: connect()'s result, where the way sees it */
};

static const struct net_fields net_fields = { F_IP, F_SADDR, F_DADDR, F_SPORT, F_DPORT };

enum { C_IP, C_SADDR, C_DADDR, C_SPORT, C_DPORT, C_CONNECTS };

/* -C: bcc's and libbpf-tools' count table, LPORT with -s */
static const struct field count_fields[] = {
	[C_IP] = { "ip" },
	[C_SADDR] = { "saddr", "LADDR", -25 },
	[C_DADDR] = { "daddr", "RADDR", -25 },
	[C_SPORT] = { "sport", "LPORT", -20, .shown_by = 's' },
	[C_DPORT] = { "dport", "RPORT", -20 },
	[C_CONNECTS] = { "connects", "CONNECTS", 0 },
};

static const struct net_fields count_net_fields = { C_IP, C_SADDR, C_DADDR, -1, C_DPORT };

static const struct tool_option options[] = {
	{ "count", 'C', NULL, "count connects per source and destination address and port" },
	{ "source-port", 's', NULL, "with -C, count per source port too" },
	{ 0 },
};

struct tcpconnect {
	int counts_fd;
	bool source_port; /* -s */
};

static int on_event(void *ctx, void *data, size_t len)
{
	const struct connect_event *e = data;

	(void)ctx;
	if (len < sizeof(*e))
		return 0;
	rec_begin();
	rec_task(&e->task);
	rec_net(&net_fields, &e->tuple);
	if (!e->ret_known)
		rec_null(F_ERR);
	else
		rec_str(F_ERR, e->ret >= 0 ? "0" : errno_name(-e->ret), 32);
	rec_end();
	return 0;
}

struct count {
	struct net_tuple key;
	__u64 n;
};

/* Most connects first; then by destination, for a stable order. */
static int compare_counts(const void *a, const void *b)
{
	const struct count *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return memcmp(&x->key, &y->key, sizeof(x->key));
}

/* At the end: every destination counted, read out of the kernel's hash. */
static int report(void *ctx)
{
	struct tcpconnect *c = ctx;
	struct count *all = calloc(CONNECT_COUNT_KEYS, sizeof(*all));
	struct net_tuple key, next;
	size_t n = 0, i;
	bool first = true;

	if (!all)
		return -1;
	while (n < CONNECT_COUNT_KEYS &&
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
		rec_net(&count_net_fields, &all[i].key);
		if (c->source_port)
			rec_uint(C_SPORT, all[i].key.sport);
		rec_uint(C_CONNECTS, all[i].n);
		rec_end();
	}
	free(all);
	return 0;
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	struct tcpconnect_bpf *s = skel;
	struct tcpconnect *c = ctx;

	c->source_port = run_given(r, 's');
	s->rodata->count_mode = run_given(r, 'C');
	s->rodata->count_source = c->source_port;
	/* without -C nothing is counted: the smallest map its programs load with
	 * (10,240 entries took 2.2 ms of the start preallocated, 1 ms as used) */
	if (!s->rodata->count_mode)
		bpf_map__set_max_entries(s->maps.counts, 1);
}

static int prepare(void *skel, struct run *r, void *ctx)
{
	struct tcpconnect_bpf *s = skel;
	struct tcpconnect *c = ctx;

	(void)r;
	c->counts_fd = bpf_map__fd(s->maps.counts);
	return 0;
}

/*
 * Linux 5.10 to 6.18 all have the tracepoints; fentry and kprobes are there
 * to be chosen with SONDE_ATTACH where a kernel has them.
 */
static const struct probe probes[] = {
	{ "connect",
	  { "conn_enter,conn_syn_sent,conn_exit", "conn_fexit4,?conn_fexit6",
	    "conn_kprobe4,conn_kretprobe4,?conn_kprobe6,?conn_kretprobe6" } },
	{ 0 },
};

SKELETON(tcpconnect);

#define TCPCONNECT_SHARED                                                                \
	(SHARED_TASK_FILTERS | SHARED_NET_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP | \
	 SHARED_PRINT_UID | SHARED_PRINT_TID)
#define TCPCONNECT_EXAMPLES                                                             \
	"  tcpconnect              every active TCP connection\n"                       \
	"  tcpconnect -p 181 -U    process 181's, with a UID column\n"                  \
	"  tcpconnect -P 80,443    connections to ports 80 and 443 only\n"              \
	"  tcpconnect -C -d 10     count connections per destination for ten seconds\n" \
	"  tcpconnect -c /sys/fs/cgroup/app -j   JSON lines for one cgroup\n"

static const struct tool count_tool = {
	.name = "tcpconnect",
	.summary = "Trace active TCP connections: task, addresses and ports.",
	.shared = TCPCONNECT_SHARED,
	.options = options,
	.examples = TCPCONNECT_EXAMPLES,
	.fields = count_fields,
	.nfields = N_FIELDS(count_fields),
	.skeleton = &tcpconnect_skeleton,
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
	.name = "tcpconnect",
	.summary = "Trace active TCP connections: task, addresses and ports.",
	.shared = TCPCONNECT_SHARED,
	.options = options,
	.become = become,
	.examples = TCPCONNECT_EXAMPLES,
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &tcpconnect_skeleton,
	.probes = probes,
	.configure = configure,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	struct tcpconnect c = { .counts_fd = -1 };

	return run_tool(&tool, &c, argc, argv);
}
