/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* solisten: the record bpf/solisten.bpf.c sends and tools/solisten.c prints. */
#ifndef SONDE_SOLISTEN_H
#define SONDE_SOLISTEN_H

#include "net_tuple.h"
#include "task.h"

struct listen_event {
	struct task_head task;
	struct net_tuple tuple; /* s: the listening address and port */
	__s32 ret;		/* listen()'s result: 0 or -errno */
	__u32 backlog;	/* sk_max_ack_backlog after the call (the asked one, capped by somaxconn) */
	__u32 asked;	/* the backlog the caller passed */
	__u16 protocol; /* sk_protocol */
	__u16 pad;
};

#endif
