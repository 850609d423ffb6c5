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
 * nothing. A stack is read with bpf_get_stack() into per-CPU scratch,
 * hashed, and stored only if its hash is new: a lookup, not a locked
 * update, on the hot path of a stack seen before.
 */
#ifndef SONDE_STACK_COUNTS_BPF_H
#define SONDE_STACK_COUNTS_BPF_H

#include "sonde.bpf.h"
#include "stack.bpf.h"
#include "summary.bpf.h"
#include "task.bpf.h"
#include "stack_counts.h"

/* Count per thread (offcputime) rather than per process (profile). */
const volatile bool stack_per_thread = false;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct stack_trace);
} stack_scratch SEC(".maps");

/*
 * Distinct stacks by hash; user space sizes it (--stack-storage-size)
 * before load. Preallocated, as are the counts: a program running inside
 * the scheduler (offcputime's sched_switch) runs with interrupts off,
 * where a map that allocates as it grows fails to (seen here: stacks lost
 * at the first switches). 16,384 stacks take 17 MB of kernel memory.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, struct stack_trace);
} stacks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, STACK_LOSSES);
	__type(key, __u32);
	__type(value, __u64);
} stack_losses SEC(".maps");

/*
 * Processes whose user stacks were counted, and a ring buffer telling user
 * space of each new one at once, so that it reads the process's mappings
 * while it runs: one that exits before the report still has its frames
 * named. A few bytes a process, not a sample.
 */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, __u8);
} stack_pids SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

/* Counts by key; user space sizes it with `stacks`. */
SUMMARY_MAP(stack_counts, BPF_MAP_TYPE_HASH, 0, 16384, struct stack_key, struct stack_value);

static __always_inline void stack_loss(enum stack_loss what)
{
	__u32 key = what;
	__u64 *n = bpf_map_lookup_elem(&stack_losses, &key);

	if (n)
		(*n)++;
}

/*
 * A hash of the frames that is never STACK_NONE or STACK_LOST: one
 * multiply and shift per frame (a 64-bit multiplicative mix), cheaper than
 * the walk that read them.
 */
static __always_inline __u64 stack_hash(const struct stack_trace *t)
{
	__u64 h = t->nr;
	__u32 i;

	for (i = 0; i < STACK_DEPTH && i < t->nr; i++) {
		h = (h ^ t->ip[i]) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	return h > STACK_LOST ? h : h + 2;
}

/*
 * The current task's kernel stack (flags 0) or user stack
 * (BPF_F_USER_STACK), stored: its hash, STACK_NONE if it has none (a
 * kernel thread's user stack, a sample taken in user mode's kernel stack),
 * or STACK_LOST, counted, if it could not be read or stored.
 */
static __always_inline __u64 stack_store(void *ctx, __u64 flags)
{
	enum stack_loss read_loss =
		flags & BPF_F_USER_STACK ? STACK_LOSS_USER_READ : STACK_LOSS_KERNEL_READ;
	struct stack_trace *t;
	__u32 zero = 0;
	long bytes;
	__u64 h;

	t = bpf_map_lookup_elem(&stack_scratch, &zero);
	if (!t)
		return STACK_LOST;
	bytes = bpf_get_stack(ctx, t->ip, sizeof(t->ip), flags);
	if (bytes <= 0) {
		if (bytes < 0)
			stack_loss(read_loss);
		return bytes < 0 ? STACK_LOST : STACK_NONE;
	}
	t->nr = bytes / sizeof(t->ip[0]);
	h = stack_hash(t);
	if (bpf_map_lookup_elem(&stacks, &h))
		return h;
	/* racing CPUs storing the same new stack: EEXIST for all but one, harmlessly */
	if (bpf_map_update_elem(&stacks, &h, t, BPF_NOEXIST) && !bpf_map_lookup_elem(&stacks, &h)) {
		stack_loss(STACK_LOSS_STORAGE);
		return STACK_LOST;
	}
	return h;
}

/* Tell user space of a process the first time one of its user stacks is counted. */
static __always_inline void stack_note_pid(__u32 pid)
{
	__u32 *rec;
	__u8 seen = 1;

	if (bpf_map_lookup_elem(&stack_pids, &pid))
		return;
	rec = bpf_ringbuf_reserve(&events, sizeof(*rec), 0);
	if (!rec)
		return; /* not marked seen: its next stack tries again */
	*rec = pid;
	bpf_ringbuf_submit(rec, BPF_RB_FORCE_WAKEUP);
	bpf_map_update_elem(&stack_pids, &pid, &seen, BPF_ANY);
}

/* The key of the current task and its stacks, as the tool asked for them. */
static __always_inline void stack_key_fill(void *ctx, struct stack_key *key)
{
	struct task_ids ids = current_ids();

	key->pid = ids.pid;
	key->tid = stack_per_thread ? ids.tid : 0;
	bpf_get_current_comm(key->comm, sizeof(key->comm));
	key->kernel = stack_kernel ? stack_store(ctx, 0) : STACK_NONE;
	key->user = stack_user ? stack_store(ctx, BPF_F_USER_STACK) : STACK_NONE;
	if (key->user > STACK_LOST)
		stack_note_pid(key->pid);
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
