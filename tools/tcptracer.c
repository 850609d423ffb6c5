// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* tcptracer: trace TCP connects, accepts and closes: type, owner, tuple and network namespace. */
#include <stddef.h>
#include <linux/types.h>

#include "net.h"
#include "run.h"
#include "tcptracer.h"
#include "tcptracer.skel.h"

enum {
	F_TIME,
	F_UID,
	F_TYPE,
	F_PID,
	F_TID,
	F_COMM,
	F_IP,
	F_SADDR,
	F_DADDR,
	F_SPORT,
	F_DPORT,
	F_NETNS
};

/* bcc's columns [TIME] T PID COMM IP SADDR DADDR SPORT DPORT; its -v's NETNS in JSON */
static const struct field fields[] = {
	[F_TIME] = { .task = TASK_TIME },      [F_UID] = { .task = TASK_UID },
	[F_TYPE] = { "type", "T", -2 },	       [F_PID] = { .task = TASK_PID, .width = -6 },
	[F_TID] = { .task = TASK_TID },	       [F_COMM] = { .task = TASK_COMM, .width = -16 },
	[F_IP] = { "ip", "IP", -2 },	       [F_SADDR] = { "saddr", "SADDR", -16 },
	[F_DADDR] = { "daddr", "DADDR", -16 }, [F_SPORT] = { "sport", "SPORT", -6 },
	[F_DPORT] = { "dport", "DPORT", 0 },   [F_NETNS] = { "netns" },
};

/* every type in the socket's own view: s is the local end, d the remote one */
static const struct net_fields net_fields = { F_IP, F_SADDR, F_DADDR, F_SPORT, F_DPORT };

static const struct tool_option options[] = {
	{ "netns", 'N', "INODE", "only sockets of the network namespace with this inode number" },
	{ 0 },
};

struct tcptracer {
	__u32 netns; /* -N; 0 for all */
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct tcptracer *c = ctx->opts;

	if (key == 'N')
		return option_u32(ctx, arg, "network namespace", 1, 0xffffffffUL, &c->netns);
	return OPTION_NOT_MINE;
}

/* bcc's letters in text, words in JSON */
static void rec_type(__u8 type)
{
	static const char *const words[] = {
		[TRACER_CONNECT] = "connect", [TRACER_ACCEPT] = "accept", [TRACER_CLOSE] = "close"
	};
	static const char *const letters[] = {
		[TRACER_CONNECT] = "C", [TRACER_ACCEPT] = "A", [TRACER_CLOSE] = "X"
	};

	if (type < TRACER_CONNECT || type > TRACER_CLOSE)
		rec_null(F_TYPE);
	else
		rec_str(F_TYPE, output_json() ? words[type] : letters[type], 8);
}

static int on_event(void *ctx, void *data, size_t len)
{
	const struct tracer_event *e = data;

	(void)ctx;
	if (len < sizeof(*e))
		return 0;
	rec_begin();
	rec_task(&e->task);
	if (!e->owner_known) { /* pid and tid 0 */
		rec_null(F_UID);
		rec_null(F_COMM);
	}
	rec_type(e->type);
	rec_net(&net_fields, &e->tuple);
	rec_uint(F_NETNS, e->netns);
	rec_end();
	return 0;
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	struct tcptracer_bpf *s = skel;
	const struct tcptracer *c = ctx;

	(void)r;
	s->rodata->netns_only = c->netns;
}

static const struct probe probes[] = {
	{ "inet_sock_set_state", { "tracer_change" }, .hint = "(Linux 4.16+)" },
	{ "accept", { "tracer_accept,?tracer_accept@syscalls/sys_exit_accept" } },
	{ 0 },
};

SKELETON(tcptracer);

static const struct tool tool = {
	.name = "tcptracer",
	.summary = "Trace TCP connects, accepts and closes: type, owner, addresses, ports, "
		   "network namespace.",
	.shared = SHARED_TASK_FILTERS | SHARED_NET_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP |
		  SHARED_PRINT_UID | SHARED_PRINT_TID,
	.options = options,
	.parse = parse_option,
	.examples = "  tcptracer               every TCP connect, accept and close\n"
		    "  tcptracer -p 181 -T     process 181's, with the time\n"
		    "  tcptracer -N 4026531840 in one network namespace only\n"
		    "  tcptracer -P 443 -j     JSON lines for connections to port 443\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &tcptracer_skeleton,
	.probes = probes,
	.configure = configure,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	struct tcptracer c = { 0 };

	return run_tool(&tool, &c, argc, argv);
}
