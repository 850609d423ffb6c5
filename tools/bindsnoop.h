/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* bindsnoop: the record bpf/bindsnoop.bpf.c sends and tools/bindsnoop.c prints. */
#ifndef SONDE_BINDSNOOP_H
#define SONDE_BINDSNOOP_H

#include "net_tuple.h"
#include "task.h"

struct bind_event {
	struct task_head task;
	struct net_tuple tuple; /* s: the address and port asked for (or the port bound) */
	__s32 ret;		/* bind()'s result: 0 or -errno */
	__u32 ifindex;	/* the device the socket is bound to (SO_BINDTODEVICE), 0 for none */
	__u16 protocol; /* sk_protocol: IPPROTO_TCP, IPPROTO_UDP, ...; 0 where unknown */
	__u16 opts;	/* SOCK_OPT_* of bpf/sockaddr.bpf.h */
};

#endif
