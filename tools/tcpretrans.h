/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* tcpretrans: the record bpf/tcpretrans.bpf.c sends and tools/tcpretrans.c prints. */
#ifndef SONDE_TCPRETRANS_H
#define SONDE_TCPRETRANS_H

#include "net_tuple.h"

#define RETRANS_COUNT_KEYS 10240 /* connections -C counts; more are lost events */

enum retrans_type {
	RETRANS_RETRANSMIT = 1, /* "R": tcp:tcp_retransmit_skb */
	RETRANS_LOSS_PROBE = 2, /* "L": tcp_send_loss_probe() (-l, kprobe or fentry) */
};

/*
 * No task head: a retransmit is sent from the retransmit timer or a
 * softirq, where the current task is whoever ran, not the socket's owner.
 */
struct retrans_event {
	__u64 ts;		/* bpf_ktime_get_ns() */
	struct net_tuple tuple; /* s: the local end, d: the remote one */
	__u32 state;		/* TCP state (include/net/tcp_states.h) */
	__u32 type;		/* enum retrans_type */
};

/* -C counts by the tuple: a u64 per key (retransmits; loss probes are not counted). */

#endif
