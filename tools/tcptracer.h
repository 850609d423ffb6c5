/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* tcptracer: the record bpf/tcptracer.bpf.c sends and tools/tcptracer.c prints. */
#ifndef SONDE_TCPTRACER_H
#define SONDE_TCPTRACER_H

#include "net_tuple.h"
#include "task.h"

enum tracer_type {
	TRACER_CONNECT = 1, /* SYN_SENT -> ESTABLISHED, the connecting task's */
	TRACER_ACCEPT,	    /* accept()/accept4() returned it, the accepting task's */
	TRACER_CLOSE,	    /* an established connection went to CLOSE, its owner's */
};

struct tracer_event {
	struct task_head task;	/* the socket's owner (pid 0: not known) */
	struct net_tuple tuple; /* s: the local end, d: the remote one */
	__u32 netns;		/* the network namespace's inode number */
	__u8 type;		/* enum tracer_type */
	__u8 owner_known;	/* 0: pid 0, no comm (a close before the accept()) */
	__u8 pad[2];
};

#endif
