/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Counting stacks in the kernel (common/stack_counts.h): a stack tool's
 * program fills a key with stack_key_fill() where the stack is (a sample, a
 * switch-out, a probe hit) and adds to it with stack_key_add(), at once or
 * later (offcputime adds when the thread runs again). Only counts and
 * distinct stacks reach user space, at the end.
 *
 * Which stacks are read is .rodata (stack_kernel, stack_user of
 * stack.bpf.h): -K and -U leave the other out, and what is not read costs
 * nothing. A stack is stored once, by hash (stack_store.bpf.h): a lookup,
 * not a locked update, on the hot path of a stack seen before.
 */
#ifndef SONDE_STACK_COUNTS_BPF_H
#define SONDE_STACK_COUNTS_BPF_H

#include "sonde.bpf.h"
#include "stack_store.bpf.h"
#include "summary.bpf.h"
#include "task.bpf.h"
#include "stack_counts.h"

/* Count per thread (offcputime) rather than per process (profile). */
const volatile bool stack_per_thread = false;

/*
 * The processes whose user stacks were counted, each with the address of
 * its memory map (exec gives a process a new one), and a ring buffer
 * telling user space of each new process, each exec and each new user
 * stack (struct stack_note), waking it at once: a note is rare (at most
 * one per distinct stack, which --stack-storage-size bounds, and per
 * process image) and must be read while the process runs.
 */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, __u64);
} stack_pids SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

/* Counts by key; user space sizes it with `stacks`. */
SUMMARY_MAP(stack_counts, BPF_MAP_TYPE_HASH, 0, 16384, struct stack_key, struct stack_value);

/* Tell user space of a new user stack, or of a process it has not seen run this program. */
static __always_inline void stack_note(__u32 pid, __u64 user, bool fresh)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u64 mm = (__u64)BPF_CORE_READ(task, mm), *seen = bpf_map_lookup_elem(&stack_pids, &pid);
	struct stack_note *note;

	if (!fresh && seen && *seen == mm)
		return;
	note = bpf_ringbuf_reserve(&events, sizeof(*note), 0);
	if (!note)
		return; /* not marked seen: its next stack tries again */
	note->pid = pid;
	note->exec = seen && *seen != mm;
	note->user = fresh ? user : STACK_NONE;
	bpf_ringbuf_submit(note, BPF_RB_FORCE_WAKEUP);
	bpf_map_update_elem(&stack_pids, &pid, &mm, BPF_ANY);
}

/*
 * The current task, with its stacks as the tool asked for them if `stacks`
 * (wakeuptime keeps the blocked thread's name without them).
 */
static __always_inline void stack_task_fill(void *ctx, struct stack_task *t, bool stacks)
{
	struct task_ids ids = current_ids();
	bool fresh; /* the user stack's: a kernel stack needs no note */

	t->pid = ids.pid;
	t->tid = stack_per_thread ? ids.tid : 0;
	/*
	 * zeroed first: older kernels' helper (6.1's) leaves the bytes after
	 * the name as they were, and stack garbage in a key splits one stack
	 * into many (seen on 6.1: 500 identical hits, over 60 keys)
	 */
	__builtin_memset(t->comm, 0, sizeof(t->comm));
	bpf_get_current_comm(t->comm, sizeof(t->comm));
	t->kernel = stacks && stack_kernel ? stack_store(ctx, 0, &fresh) : STACK_NONE;
	t->user = stacks && stack_user ? stack_store(ctx, BPF_F_USER_STACK, &fresh) : STACK_NONE;
	if (t->user > STACK_LOST)
		stack_note(t->pid, t->user, fresh);
}

/* The key of the current task and its stacks, with no waker. */
static __always_inline void stack_key_fill(void *ctx, struct stack_key *key)
{
	__builtin_memset(&key->waker, 0, sizeof(key->waker));
	stack_task_fill(ctx, &key->task, true);
}

/* One event more for key, adding `total` (0 where the tool measures nothing). */
static __always_inline void stack_key_add(const struct stack_key *key, __u64 total)
{
	static const struct stack_value zero;
	struct stack_value *v = summary_entry(stack_counts, key, &zero);

	if (!v)
		return;
	__sync_fetch_and_add(&v->count, 1);
	if (total)
		__sync_fetch_and_add(&v->total, total);
}

#endif
