// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* bindsnoop: trace bind() of IPv4 and IPv6 sockets: options, address, port and result. */
#include <stdio.h>
#include <linux/types.h>

#include "names.h"
#include "net.h"
#include "run.h"
#include "bindsnoop.h"
#include "bindsnoop.skel.h"

enum {
	F_TIME,
	F_UID,
	F_PID,
	F_TID,
	F_COMM,
	F_RET,
	F_ERR,
	F_PROTO,
	F_OPTS,
	F_IF,
	F_PORT,
	F_ADDR,
	F_IP
};

/* libbpf-tools' (and bcc's) columns: [TIME] [UID] PID COMM RET PROTO OPTS IF PORT ADDR */
static const struct field fields[] = {
	[F_TIME] = { .task = TASK_TIME },
	[F_UID] = { .task = TASK_UID },
	[F_PID] = { .task = TASK_PID },
	[F_TID] = { .task = TASK_TID },
	[F_COMM] = { .task = TASK_COMM },
	[F_RET] = { "ret", "RET", -3 },
	[F_ERR] = { "error" }, /* JSON only: the errno's name, "0" for success */
	[F_PROTO] = { "proto", "PROTO", -5 },
	[F_OPTS] = { "opts", "OPTS", -5 },
	[F_IF] = { "ifindex", "IF", -4 },
	[F_PORT] = { "port", "PORT", -5 },
	[F_ADDR] = { "addr", "ADDR", 0 },
	[F_IP] = { "ip" }, /* JSON only: 4 or 6 */
};

static const struct net_fields net_fields = { F_IP, F_ADDR, -1, F_PORT, -1 };

/* libbpf-tools' letters, one place each, '.' where unset */
static const char opt_letters[] = "FTNRr";

static int on_event(void *ctx, void *data, size_t len)
{
	const struct bind_event *e = data;
	const char *proto;
	char opts[sizeof(opt_letters)], num[16];
	unsigned int i;

	(void)ctx;
	if (len < sizeof(*e))
		return 0;
	for (i = 0; i < sizeof(opt_letters) - 1; i++)
		opts[i] = e->opts & 1u << i ? opt_letters[i] : '.';
	opts[i] = '\0';
	proto = net_proto_name(e->protocol);
	if (!proto) {
		snprintf(num, sizeof(num), "%u", e->protocol);
		proto = e->protocol ? num : "?";
	}
	rec_begin();
	rec_task(&e->task);
	rec_int(F_RET, e->ret);
	rec_str(F_ERR, e->ret >= 0 ? "0" : errno_name(-e->ret), 32);
	rec_str(F_PROTO, proto, 16);
	rec_str(F_OPTS, opts, sizeof(opts));
	rec_uint(F_IF, e->ifindex);
	rec_net(&net_fields, &e->tuple);
	rec_end();
	return 0;
}

static const struct probe probes[] = {
	{ "bind",
	  { "bind_regs",
	    /* before 5.15, an entry program remembers the arguments for the exit one */
	    "bind_enter,bind_exit" },
	  { NEED_HELPER(BPF_FUNC_task_pt_regs, "bpf_task_pt_regs") } },
	{ 0 },
};

SKELETON(bindsnoop);

static const struct tool tool = {
	.name = "bindsnoop",
	.summary =
		"Trace bind() of IPv4 and IPv6 sockets: protocol, options, address, port, result.",
	.shared = SHARED_TASK_FILTERS | SHARED_NET_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP |
		  SHARED_FAILED | SHARED_PRINT_UID | SHARED_PRINT_TID,
	.examples = "  bindsnoop               every bind()\n"
		    "  bindsnoop -x            failed binds only, with their errno\n"
		    "  bindsnoop -P 80,443     binds to ports 80 and 443 (-L says the same)\n"
		    "  bindsnoop -p 181 -6 -j  process 181's IPv6 binds as JSON lines\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &bindsnoop_skeleton,
	.probes = probes,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	return run_tool(&tool, NULL, argc, argv);
}
