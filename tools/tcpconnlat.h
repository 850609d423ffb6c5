/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* tcpconnlat: the record bpf/tcpconnlat.bpf.c sends and tools/tcpconnlat.c prints. */
#ifndef SONDE_TCPCONNLAT_H
#define SONDE_TCPCONNLAT_H

#include "net_tuple.h"
#include "task.h"

#define CONNLAT_PENDING 10240 /* connects awaiting their SYN-ACK; more are lost events */

struct connlat_event {
	struct task_head task;	/* the connecting task, as at its SYN; ts: when established */
	struct net_tuple tuple; /* s: the local end, d: the destination */
	__u64 latency_ns;	/* SYN sent to ESTABLISHED */
};

/* -H: one log2 histogram (key 0) of latencies in usecs, or msecs with -m. */

#endif
