/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* tcpdrop: the record bpf/tcpdrop.bpf.c sends and tools/tcpdrop.c prints. */
#ifndef SONDE_TCPDROP_H
#define SONDE_TCPDROP_H

#include "event_stacks.h"
#include "net_tuple.h"

#define DROP_REASON_UNKNOWN 0xffffffff /* a kernel without the tracepoint's reason (before 5.17) */
#define DROP_STATE_UNKNOWN  0	       /* no socket known for the packet */

/*
 * No task head: drops happen in softirq, where the current task is
 * whoever ran. The tuple is the packet's: s its source, d its destination.
 */
struct drop_event {
	__u64 ts;		/* bpf_ktime_get_ns() */
	struct net_tuple tuple; /* from the packet's IP and TCP headers */
	__u32 reason;		/* enum skb_drop_reason, or DROP_REASON_UNKNOWN */
	__u8 state;		/* the socket's TCP state, or DROP_STATE_UNKNOWN */
	__u8 flags;		/* the TCP header's flags (FIN 0x01 ... CWR 0x80) */
	__u16 pad;
	struct event_stacks stacks; /* the kernel stack of the drop */
};

#endif
