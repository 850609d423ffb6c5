// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* tcpaccept: trace TCP connections accepted: the task, the peer and the local end. */
#include <stddef.h>
#include <linux/types.h>

#include "net.h"
#include "run.h"
#include "tcpaccept.h"
#include "tcpaccept.skel.h"

enum { F_TIME, F_UID, F_PID, F_TID, F_COMM, F_IP, F_RADDR, F_RPORT, F_LADDR, F_LPORT };

/* bcc's columns: [TIME] [UID] PID COMM IP RADDR RPORT LADDR LPORT */
static const struct field fields[] = {
	[F_TIME] = { .task = TASK_TIME },      [F_UID] = { .task = TASK_UID },
	[F_PID] = { .task = TASK_PID },	       [F_TID] = { .task = TASK_TID },
	[F_COMM] = { .task = TASK_COMM },      [F_IP] = { "ip", "IP", -2 },
	[F_RADDR] = { "raddr", "RADDR", -16 }, [F_RPORT] = { "rport", "RPORT", -5 },
	[F_LADDR] = { "laddr", "LADDR", -16 }, [F_LPORT] = { "lport", "LPORT", 0 },
};

/* the socket's own view: s is the local end, d the peer */
static const struct net_fields net_fields = { F_IP, F_LADDR, F_RADDR, F_LPORT, F_RPORT };

static int on_event(void *ctx, void *data, size_t len)
{
	const struct accept_event *e = data;

	(void)ctx;
	if (len < sizeof(*e))
		return 0;
	rec_begin();
	rec_task(&e->task);
	rec_net(&net_fields, &e->tuple);
	rec_end();
	return 0;
}

static const struct probe probes[] = {
	{ "accept", { "acc_exit,?acc_exit@syscalls/sys_exit_accept", "acc_kretprobe" } },
	{ 0 },
};

SKELETON(tcpaccept);

static const struct tool tool = {
	.name = "tcpaccept",
	.summary = "Trace TCP connections accepted: task, peer and local address and port.",
	.shared = SHARED_TASK_FILTERS | SHARED_NET_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP |
		  SHARED_PRINT_UID | SHARED_PRINT_TID,
	.examples = "  tcpaccept               every TCP connection accepted\n"
		    "  tcpaccept -L 80,443     accepted on local ports 80 and 443\n"
		    "  tcpaccept -p 181 -T     process 181's, with the time\n"
		    "  tcpaccept -6 -j         JSON lines for IPv6 connections\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &tcpaccept_skeleton,
	.probes = probes,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	return run_tool(&tool, NULL, argc, argv);
}
