/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* runqslower: the record bpf/runqslower.bpf.c sends and tools/runqslower.c prints. */
#ifndef SONDE_RUNQSLOWER_H
#define SONDE_RUNQSLOWER_H

#include "task.h"

struct runqslower_event {
	struct task_head task; /* the task that waited; ts: when it got the CPU */
	__u64 latency_ns;      /* queued (woken or preempted) to on-CPU */
	__u32 prev_pid;	       /* the task it took the CPU from */
	__u32 prev_tid;
	char prev_comm[SONDE_COMM_LEN];
};

#endif
