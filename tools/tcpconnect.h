/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* tcpconnect: the record bpf/tcpconnect.bpf.c sends and tools/tcpconnect.c prints. */
#ifndef SONDE_TCPCONNECT_H
#define SONDE_TCPCONNECT_H

#include "net_tuple.h"
#include "task.h"

#define CONNECT_COUNT_KEYS 10240 /* destinations -C counts; more are lost events */

struct connect_event {
	struct task_head task;
	struct net_tuple tuple; /* s: the local end (SADDR, SPORT), d: the destination */
	__s32 ret;		/* connect()'s result: 0 or -errno (-EINPROGRESS non-blocking) */
	__u32 ret_known;	/* 0 where the way sees the SYN but not connect()'s result */
};

/* -C counts by the tuple with its source port zeroed (unless -s); a u64 per key. */

#endif
