/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* tcppktlat: the record bpf/tcppktlat.bpf.c sends and tools/tcppktlat.c prints. */
#ifndef SONDE_TCPPKTLAT_H
#define SONDE_TCPPKTLAT_H

#include "net_tuple.h"
#include "task.h"

#define TCPPKTLAT_SOCKETS 10240 /* sockets with unread data timed at once; more are lost events */

struct tcppktlat_event {
	struct task_head task;	/* the reader */
	struct net_tuple tuple; /* s: the reader's end, d: the sender's */
	__u64 latency_ns;	/* from the data's arrival to the read that took it */
};

#endif
