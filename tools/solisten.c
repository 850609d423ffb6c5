// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* solisten: trace listen() on IPv4 and IPv6 sockets: protocol, backlog, address and port. */
#include <stdio.h>
#include <linux/types.h>

#include "names.h"
#include "net.h"
#include "run.h"
#include "solisten.h"
#include "solisten.skel.h"

enum {
	F_TIME,
	F_UID,
	F_PID,
	F_TID,
	F_COMM,
	F_PROTO,
	F_BACKLOG,
	F_ADDR,
	F_PORT,
	F_IP,
	F_ASKED,
	F_ERR
};

/* bcc's columns: [TIME] [UID] PID COMM PROTO BACKLOG ADDR PORT */
static const struct field fields[] = {
	[F_TIME] = { .task = TASK_TIME },
	[F_UID] = { .task = TASK_UID },
	[F_PID] = { .task = TASK_PID },
	[F_TID] = { .task = TASK_TID },
	[F_COMM] = { .task = TASK_COMM },
	[F_PROTO] = { "proto", "PROTO", -8 },
	[F_BACKLOG] = { "backlog", "BACKLOG", -8 },
	[F_ADDR] = { "addr", "ADDR", -39 },
	[F_PORT] = { "port", "PORT", 0 },
	[F_IP] = { "ip" },		 /* JSON only: 4 or 6 */
	[F_ASKED] = { "backlog_asked" }, /* JSON only: listen()'s argument */
	[F_ERR] = { "error" },		 /* JSON only: the errno's name, "0" for success */
};

static const struct net_fields net_fields = { F_IP, F_ADDR, -1, F_PORT, -1 };

static int on_event(void *ctx, void *data, size_t len)
{
	const struct listen_event *e = data;
	const char *name = net_proto_name(e->protocol);
	char proto[24];

	(void)ctx;
	if (len < sizeof(*e))
		return 0;
	/* bcc's "TCPv4", "TCPv6" */
	if (name)
		snprintf(proto, sizeof(proto), "%sv%u", name, net_ip_version(&e->tuple));
	else
		snprintf(proto, sizeof(proto), "%uv%u", e->protocol, net_ip_version(&e->tuple));
	rec_begin();
	rec_task(&e->task);
	rec_str(F_PROTO, proto, sizeof(proto));
	rec_uint(F_BACKLOG, e->backlog);
	rec_net(&net_fields, &e->tuple);
	rec_int(F_ASKED, (int)e->asked);
	rec_str(F_ERR, e->ret >= 0 ? "0" : errno_name(-e->ret), 32);
	rec_end();
	return 0;
}

static const struct probe probes[] = {
	{ "listen",
	  { "listen_regs",
	    /* before 5.15, an entry program remembers the arguments for the exit one */
	    "listen_enter,listen_exit" },
	  { NEED_HELPER(BPF_FUNC_task_pt_regs, "bpf_task_pt_regs") } },
	{ 0 },
};

SKELETON(solisten);

static const struct tool tool = {
	.name = "solisten",
	.summary = "Trace listen() on IPv4 and IPv6 sockets: protocol, backlog, address and port.",
	.shared = SHARED_TASK_FILTERS | SHARED_NET_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP |
		  SHARED_FAILED | SHARED_PRINT_UID | SHARED_PRINT_TID,
	.examples = "  solisten                every listen()\n"
		    "  solisten -L 80          listens on port 80 (-P says the same)\n"
		    "  solisten -x -j          failed listens, with their errno, as JSON lines\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &solisten_skeleton,
	.probes = probes,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	return run_tool(&tool, NULL, argc, argv);
}
