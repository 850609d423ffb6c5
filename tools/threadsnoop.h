/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* threadsnoop: the record bpf/threadsnoop.bpf.c sends and tools/threadsnoop.c prints. */
#ifndef SONDE_THREADSNOOP_H
#define SONDE_THREADSNOOP_H

struct thread_event {
	__u64 ts;
	__u32 pid;  /* the process that gained a thread */
	__u32 tid;  /* the new thread */
	__u32 ptid; /* the thread that created it */
	__u32 pad;
	char comm[16]; /* the creator's name, which the new thread starts with */
};

#endif
