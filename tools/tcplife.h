/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* tcplife: the record bpf/tcplife.bpf.c sends and tools/tcplife.c prints. */
#ifndef SONDE_TCPLIFE_H
#define SONDE_TCPLIFE_H

#include "net_tuple.h"
#include "task.h"

struct tcplife_event {
	struct task_head task;	/* ts: the close; the rest: the socket's owner, if known */
	struct net_tuple tuple; /* s: the local end (LADDR, LPORT), d: the remote one */
	__u64 duration_ns;	/* from its first state change seen to TCP_CLOSE */
	__u64 tx_bytes;		/* data bytes the peer acknowledged */
	__u64 rx_bytes;		/* data bytes received in sequence */
	__u32 owner_known;	/* 0: pid 0, no comm */
	__u32 pad;
};

#endif
