/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* tcpaccept: the record bpf/tcpaccept.bpf.c sends and tools/tcpaccept.c prints. */
#ifndef SONDE_TCPACCEPT_H
#define SONDE_TCPACCEPT_H

#include "net_tuple.h"
#include "task.h"

struct accept_event {
	struct task_head task;	/* the accepting task */
	struct net_tuple tuple; /* s: the local end (LADDR, LPORT), d: the peer (RADDR, RPORT) */
};

#endif
