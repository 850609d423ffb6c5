/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* klockstat: the keys and figures bpf/klockstat.bpf.c counts and tools/klockstat.c prints. */
#ifndef SONDE_KLOCKSTAT_H
#define SONDE_KLOCKSTAT_H

#include "task.h"

/* What kind of lock: from the tracepoint's flags, or from the function fentry traced. */
enum lock_kind {
	LOCK_UNKNOWN,
	LOCK_SPINLOCK,
	LOCK_RWLOCK_READ,
	LOCK_RWLOCK_WRITE,
	LOCK_MUTEX,
	LOCK_RWSEM_READ,
	LOCK_RWSEM_WRITE,
	LOCK_RTMUTEX,
	LOCK_PERCPU_RWSEM_READ,
	LOCK_PERCPU_RWSEM_WRITE,
	LOCK_KINDS,
};

/* One lock as taken from one kernel stack (and, with --per-thread, by one thread). */
struct lock_key {
	__u64 lock;  /* the lock's address */
	__u64 stack; /* the taker's kernel stack, by its hash in `stacks` (stack_counts.h) */
	__u32 tid;   /* --per-thread: the taker; else 0 */
	__u32 kind;  /* enum lock_kind */
};

struct lock_value {
	__u64 wait_count; /* waits (tracepoints: contended acquisitions; fentry: every one) */
	__u64 wait_ns;	  /* time waited in all of them */
	__u64 wait_max_ns;
	__u64 hold_count; /* fentry only: releases seen of an acquisition seen */
	__u64 hold_ns;
	__u64 hold_max_ns;
	__u32 pid;		   /* the first taker's process */
	__u32 failed;		   /* waits that ended without the lock (a signal, a timeout) */
	char comm[SONDE_COMM_LEN]; /* and its thread's name */
};

#endif
