// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* tcplife: trace TCP connections as they close: lifespan, bytes each way, owner. */
#include <linux/types.h>

#include "net.h"
#include "run.h"
#include "tcplife.h"
#include "tcplife.skel.h"

enum {
	F_TIME,
	F_UID,
	F_PID,
	F_TID,
	F_COMM,
	F_IP,
	F_LADDR,
	F_LPORT,
	F_RADDR,
	F_RPORT,
	F_TX,
	F_RX,
	F_MS,
};

/* bcc's columns [TIME] PID COMM LADDR LPORT RADDR RPORT TX_KB RX_KB MS */
static const struct field fields[] = {
	[F_TIME] = { .task = TASK_TIME },
	[F_UID] = { .task = TASK_UID },
	[F_PID] = { .task = TASK_PID, .width = -5 },
	[F_TID] = { .task = TASK_TID },
	[F_COMM] = { .task = TASK_COMM, .width = -10 },
	NET_FIELDS_LOCAL_REMOTE(F_IP, F_LADDR, F_LPORT, F_RADDR, F_RPORT),
	[F_TX] = { "tx_bytes", "TX_KB", 5 },
	[F_RX] = { "rx_bytes", "RX_KB", 5 },
	[F_MS] = { "duration_ns", "MS", 0 },
};

static const struct net_fields net_fields = { F_IP, F_LADDR, F_RADDR, F_LPORT, F_RPORT };

static int on_event(void *ctx, void *data, size_t len)
{
	const struct tcplife_event *e = data;

	(void)ctx;
	if (len < sizeof(*e))
		return 0;
	rec_begin();
	rec_task(&e->task);
	if (!e->owner_known) { /* pid and tid 0 */
		rec_null(F_UID);
		rec_null(F_COMM);
	}
	rec_net(&net_fields, &e->tuple);
	rec_kbytes(F_TX, e->tx_bytes);
	rec_kbytes(F_RX, e->rx_bytes);
	rec_latency(F_MS, e->duration_ns);
	rec_end();
	return 0;
}

static const struct probe probes[] = {
	{ "inet_sock_set_state", { "life_change" }, .hint = "(Linux 4.16+)" },
	/* the owner of accepted connections: without it they show pid 0 */
	{ "accept", { "life_accept,?life_accept@syscalls/sys_exit_accept" }, .optional = true },
	{ 0 },
};

SKELETON(tcplife);

static const struct tool tool = {
	.name = "tcplife",
	.summary = "Trace TCP connections as they close: owner, addresses, bytes each way and "
		   "lifespan.",
	.shared = SHARED_TASK_FILTERS | SHARED_NET_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP |
		  SHARED_PRINT_UID | SHARED_PRINT_TID,
	.examples = "  tcplife                 every TCP connection as it closes\n"
		    "  tcplife -L 80,443       served on local ports 80 and 443\n"
		    "  tcplife -P 5432 -T      to remote port 5432, with the time\n"
		    "  tcplife -p 181 -j       JSON lines for process 181's connections\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &tcplife_skeleton,
	.probes = probes,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	return run_tool(&tool, NULL, argc, argv);
}
