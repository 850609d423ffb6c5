// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* tcpstates: trace TCP state changes, with the time spent in the state left. */
#include <stdio.h>
#include <linux/types.h>

#include "net.h"
#include "run.h"
#include "tcpstates.h"
#include "tcpstates.skel.h"

enum {
	F_TIME,
	F_UID,
	F_SKADDR,
	F_PID,
	F_TID,
	F_COMM,
	F_IP,
	F_LADDR,
	F_LPORT,
	F_RADDR,
	F_RPORT,
	F_OLD,
	F_NEW,
	F_MS,
};

/*
 * bcc's columns [TIME] SKADDR C-PID C-COMM LADDR LPORT RADDR RPORT
 * OLDSTATE -> NEWSTATE MS; C-PID and C-COMM are the socket's owner here.
 */
static const struct field fields[] = {
	[F_TIME] = { .task = TASK_TIME },
	[F_UID] = { .task = TASK_UID }, /* -U: where every tool has it, after TIME */
	[F_SKADDR] = { "skaddr", "SKADDR", -16 },
	[F_PID] = { .task = TASK_PID, .header = "C-PID", .width = -5 },
	[F_TID] = { .task = TASK_TID },
	[F_COMM] = { .task = TASK_COMM, .header = "C-COMM", .width = -10 },
	NET_FIELDS_LOCAL_REMOTE(F_IP, F_LADDR, F_LPORT, F_RADDR, F_RPORT),
	[F_OLD] = { "oldstate", "OLDSTATE", -11 },
	[F_NEW] = { "newstate", "-> NEWSTATE", -14 },
	[F_MS] = { "oldstate_ns", "MS", 0 },
};

static const struct net_fields net_fields = { F_IP, F_LADDR, F_RADDR, F_LPORT, F_RPORT };

static int on_event(void *ctx, void *data, size_t len)
{
	const struct tcpstates_event *e = data;
	char buf[32];

	(void)ctx;
	if (len < sizeof(*e))
		return 0;
	rec_begin();
	rec_task(&e->task);
	if (!e->owner_known) { /* pid and tid 0 */
		rec_null(F_UID);
		rec_null(F_COMM);
	}
	snprintf(buf, sizeof(buf), "%llx", (unsigned long long)e->skaddr);
	rec_str(F_SKADDR, buf, sizeof(buf));
	rec_net(&net_fields, &e->tuple);
	rec_str(F_OLD, tcp_state_name(e->oldstate), 16);
	if (output_json()) {
		rec_str(F_NEW, tcp_state_name(e->newstate), 16);
	} else {
		snprintf(buf, sizeof(buf), "-> %s", tcp_state_name(e->newstate));
		rec_str(F_NEW, buf, sizeof(buf));
	}
	if (!e->oldstate_known)
		rec_null(F_MS);
	else if (output_json())
		rec_uint(F_MS, e->oldstate_ns);
	else
		rec_double(F_MS, e->oldstate_ns / 1e6, 3); /* bcc's milliseconds, three places */
	rec_end();
	return 0;
}

static const struct probe probes[] = {
	{ "inet_sock_set_state", { "states_change" }, .hint = "(Linux 4.16+)" },
	/* the owner of accepted sockets: without it they show pid 0 */
	{ "accept", { "states_accept,?states_accept@syscalls/sys_exit_accept" }, .optional = true },
	{ 0 },
};

SKELETON(tcpstates);

static const struct tool tool = {
	.name = "tcpstates",
	.summary = "Trace TCP state changes: socket, owner, addresses, states and time in the "
		   "state left.",
	.shared = SHARED_TASK_FILTERS | SHARED_NET_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP |
		  SHARED_PRINT_UID | SHARED_PRINT_TID,
	.examples = "  tcpstates               every TCP state change\n"
		    "  tcpstates -L 80 -T      sockets on local port 80, with the time\n"
		    "  tcpstates -P 443 -4     to remote port 443 over IPv4\n"
		    "  tcpstates -p 181 -j     JSON lines for the sockets process 181 owns\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &tcpstates_skeleton,
	.probes = probes,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	return run_tool(&tool, NULL, argc, argv);
}
