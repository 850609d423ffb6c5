/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Stacks counted in the kernel, for the tools that answer "where is the
 * time going" (profile, offcputime, stackcount): bpf/stack_counts.bpf.h
 * fills the maps, common/stacktool.c names and prints what they hold.
 *
 * A stack is stored once, in the `stacks` hash, under a 64-bit hash of its
 * frames; a count's key names its kernel and user stack by those hashes.
 * Not the kernel's stack-trace map: that one has a bucket per entry and
 * drops (or, with BPF_F_REUSE_STACKID, overwrites) a stack whose bucket is
 * taken, so with a few thousand distinct stacks in 16,384 buckets a tenth
 * of them would be lost to collisions. Two distinct stacks share a 64-bit
 * hash once in about 2^32 pairs.
 *
 * Shared with BPF code, so it includes nothing: the includer provides the types.
 */
#ifndef SONDE_STACK_COUNTS_H
#define SONDE_STACK_COUNTS_H

/* Frames kept of a stack: the kernel's own limit (PERF_MAX_STACK_DEPTH). */
#define STACK_DEPTH 127

/* A key's stack hash that names no stored stack. */
enum stack_ref {
	STACK_NONE = 0, /* not asked for, or none there (a kernel thread's user stack) */
	STACK_LOST = 1, /* asked for, but not read or not stored: counted in stack_losses */
};

struct stack_trace {
	__u32 nr; /* frames in ip[], the innermost first */
	__u32 pad;
	__u64 ip[STACK_DEPTH];
};

/* A task and its stacks, as a count's key names them. */
struct stack_task {
	__u64 kernel; /* the kernel stack's hash in `stacks`, or an enum stack_ref */
	__u64 user;   /* the user stack's */
	__u32 pid;    /* the process, in the tool's PID namespace */
	__u32 tid;    /* the thread, where the tool counts per thread; else 0 */
	char comm[16];
};

/*
 * The task the stacks were read in and, for the tools that join a wait to
 * its wakeup (wakeuptime, offwaketime), the task that woke it: all zero
 * in the others.
 */
struct stack_key {
	struct stack_task task;
	struct stack_task waker;
};

struct stack_value {
	__u64 count; /* events: samples, switches, hits */
	__u64 total; /* what they add up to, where a tool measures (offcputime: ns) */
};

/*
 * What the kernel tells user space as stacks are counted (the `events`
 * ring buffer): a process seen for the first time or running a new
 * program since it was, and each new user stack, so that user space takes
 * what naming its frames needs while the process still runs (its
 * mappings, a binary only it can reach), not after it exited; the names
 * themselves come at the report (common/stacktool.c hold_frames()).
 */
struct stack_note {
	__u32 pid;
	__u32 exec; /* a process seen before now runs a new program (its maps changed) */
	__u64 user; /* a user stack stored just now, or STACK_NONE */
};

/* What stack_losses counts, per CPU. */
enum stack_loss {
	STACK_LOSS_KERNEL_READ, /* the kernel would not walk the kernel stack */
	STACK_LOSS_USER_READ,	/* nor the user stack */
	STACK_LOSS_STORAGE,	/* `stacks` was full: a new stack not stored */
	STACK_LOSS_MEMORY,	/* `stacks` allocates as used: none free at that moment */
	STACK_LOSSES,
};

#endif
