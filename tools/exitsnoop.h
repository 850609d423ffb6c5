/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* exitsnoop: the record bpf/exitsnoop.bpf.c sends and tools/exitsnoop.c prints. */
#ifndef SONDE_EXITSNOOP_H
#define SONDE_EXITSNOOP_H

#include "task.h"

/* task: the thread whose exit this is (for a process, its last), with the process's name */
struct exit_event {
	struct task_head task;
	__u64 age_ns; /* since the process (or, per thread, the thread) started */
	__u32 ppid;
	__u32 status; /* as wait() reports it: code << 8, or the signal, | 0x80 if it dumped core */
};

#endif
