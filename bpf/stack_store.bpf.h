/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Stacks stored once by a hash of their frames (common/stack_counts.h):
 * stack_store() reads the current task's kernel or user stack, stores it
 * in `stacks` if its hash is new, and returns the hash a key can hold.
 * The stack tools (stack_counts.bpf.h) count by those hashes; klockstat
 * keeps them in its own lock keys. Reads that fail and stacks that find
 * no room are counted in stack_losses, for user space to report.
 */
#ifndef SONDE_STACK_STORE_BPF_H
#define SONDE_STACK_STORE_BPF_H

#include "sonde.bpf.h"
#include "core_fixes.bpf.h"
#include "stack.bpf.h"
#include "stack_counts.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct stack_trace);
} stack_scratch SEC(".maps");

/*
 * Distinct stacks by hash; user space sizes it (--stack-storage-size)
 * before load. 16,384 stacks of 1 KiB: 17 MB built whole at creation
 * (25 ms of a start) where the kernel cannot allocate from any program;
 * elsewhere allocated as stored, each CPU's allocator cache filled before
 * attach, as a run may store two stacks (common/map_alloc.c
 * map_alloc_prime()).
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
 * or STACK_LOST, counted, if it could not be read or stored. *fresh says
 * whether it was stored just now.
 */
static __always_inline __u64 stack_store(void *ctx, __u64 flags, bool *fresh)
{
	enum stack_loss read_loss =
		flags & BPF_F_USER_STACK ? STACK_LOSS_USER_READ : STACK_LOSS_KERNEL_READ;
	struct stack_trace *t;
	__u32 zero = 0;
	long bytes, err;
	__u64 h;

	*fresh = false;
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
	err = bpf_map_update_elem(&stacks, &h, t, BPF_NOEXIST);
	if (!err) {
		*fresh = true;
		return h;
	}
	if (bpf_map_lookup_elem(&stacks, &h))
		return h;
	stack_loss(map_result(err) == -ERR_2BIG ? STACK_LOSS_STORAGE : STACK_LOSS_MEMORY);
	return STACK_LOST;
}

#endif
