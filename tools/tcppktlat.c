// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* tcppktlat: how long received TCP data waited before the application read it. */
#include <stddef.h>
#include <linux/types.h>

#include "net.h"
#include "run.h"
#include "tcppktlat.h"
#include "tcppktlat.skel.h"

enum { OPT_MIN = OPTION_LONG_ONLY };

struct tcppktlat {
	double min_ms; /* --min */
};

enum { F_TIME, F_UID, F_PID, F_TID, F_COMM, F_IP, F_LADDR, F_LPORT, F_RADDR, F_RPORT, F_LAT };

/* libbpf-tools' columns: PID TID COMM LADDR LPORT RADDR RPORT MS */
static const struct field fields[] = {
	[F_TIME] = { .task = TASK_TIME },
	[F_UID] = { .task = TASK_UID },
	[F_PID] = { .task = TASK_PID },
	[F_TID] = { .task = TASK_TID, .shown_by = OPTION_ALWAYS },
	[F_COMM] = { .task = TASK_COMM, .width = -16 },
	NET_FIELDS_LOCAL_REMOTE(F_IP, F_LADDR, F_LPORT, F_RADDR, F_RPORT),
	[F_LAT] = { "latency_ns", "MS", 0 },
};

static const struct net_fields net_fields = { F_IP, F_LADDR, F_RADDR, F_LPORT, F_RPORT };

static const struct tool_option options[] = {
	{ "min", OPT_MIN, "MS", "only waits of MS milliseconds or more (0.5: 500 us)" },
	{ 0 },
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct tcppktlat *t = ctx->opts;

	if (key == OPT_MIN)
		return option_decimal(ctx, arg, "--min", "milliseconds", 0, &t->min_ms);
	return OPTION_NOT_MINE;
}

static int on_event(void *ctx, void *data, size_t len)
{
	const struct tcppktlat_event *e = data;

	(void)ctx;
	if (len < sizeof(*e))
		return 0;
	rec_begin();
	rec_task(&e->task);
	rec_net(&net_fields, &e->tuple);
	rec_latency(F_LAT, e->latency_ns);
	rec_end();
	return 0;
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	struct tcppktlat_bpf *s = skel;
	struct tcppktlat *t = ctx;

	(void)r;
	s->rodata->min_ns = (__u64)(t->min_ms * 1e6);
}

/* Raw tracepoints every kernel from 5.10 has: one way. */
static const struct probe probes[] = {
	{ "tcp_probe", { "pktlat_arrive" } },
	{ "tcp_rcv_space_adjust", { "pktlat_read" } },
	{ "tcp_destroy_sock", { "pktlat_destroy" } },
	{ 0 },
};

SKELETON(tcppktlat);

static const struct tool tool = {
	.name = "tcppktlat",
	.summary = "Trace how long received TCP data waits before the application reads it.",
	.shared = SHARED_TASK_FILTERS | SHARED_NET_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP |
		  SHARED_PRINT_UID,
	.options = options,
	.parse = parse_option,
	.examples = "  tcppktlat               every read of waiting data, with the wait\n"
		    "  tcppktlat --min 10     waits of 10 ms and more\n"
		    "  tcppktlat -L 443 -j     reads on local port 443, as JSON lines\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &tcppktlat_skeleton,
	.probes = probes,
	.configure = configure,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	struct tcppktlat t = { 0 };

	return run_tool(&tool, &t, argc, argv);
}
