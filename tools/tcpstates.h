/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* tcpstates: the record bpf/tcpstates.bpf.c sends and tools/tcpstates.c prints. */
#ifndef SONDE_TCPSTATES_H
#define SONDE_TCPSTATES_H

#include "net_tuple.h"
#include "task.h"

struct tcpstates_event {
	struct task_head task;	  /* ts: the change; the rest: the socket's owner, if known */
	struct net_tuple tuple;	  /* s: the local end (LADDR, LPORT), d: the remote one */
	__u64 skaddr;		  /* the struct sock's address: which socket */
	__u64 oldstate_ns;	  /* time spent in oldstate, if known */
	__u32 oldstate, newstate; /* TCP_ESTABLISHED (1) to TCP_NEW_SYN_RECV (12) */
	__u8 owner_known;	  /* 0: pid 0, no comm (a passive socket before accept()) */
	__u8 oldstate_known;	  /* 0: its previous change was not seen */
	__u8 pad[6];
};

#endif
