/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* threadsnoop: the record bpf/threadsnoop.bpf.c sends and tools/threadsnoop.c prints. */
#ifndef SONDE_THREADSNOOP_H
#define SONDE_THREADSNOOP_H

#include "task.h"

struct thread_event {
	struct task_head task; /* the thread that created it, in the process that gained one */
	__u32 new_tid;	       /* the new thread */
	__u32 pad;
};

#endif
