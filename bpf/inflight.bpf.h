/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A call in flight: what its entry saw, kept for its exit. Syscall (and
 * kprobe/kretprobe) tools remember up to four argument words and the entry
 * time in task-local storage, so pairing entry and exit costs a pointer
 * lookup on the task rather than a hash insert and delete per call.
 *
 * Task storage came with Linux 5.11. Where the kernel has none,
 * common/load.c sets no_task_storage and turns this map into a hash keyed
 * by thread id before loading (and any other task storage map into an
 * unused placeholder); the verifier then drops the branches this kernel
 * cannot run. The hash's entry is copied out at exit and deleted (another
 * CPU may reuse a deleted entry at once), and a full hash counts the call
 * as lost.
 *
 *	entry:	struct inflight *in = inflight_begin();
 *		if (in) in->args[0] = path;
 *	exit:	struct inflight *in = inflight_end();
 *		if (in) report(in->args[0], ret, now - in->ts);
 */
#ifndef SONDE_INFLIGHT_BPF_H
#define SONDE_INFLIGHT_BPF_H

#include "sonde.bpf.h"
#include "lost.bpf.h"
#include "task_storage.bpf.h"

struct inflight {
	__u64 ts;      /* bpf_ktime_get_ns() at entry */
	__u64 args[4]; /* whatever the tool keeps */
	__u32 pending; /* set by inflight_begin(), cleared by inflight_end() */
	__u32 extra;   /* a small value of the tool's own (a syscall number, a kind) */
};

/* Keep in step with common/load.c (run_fit_kernel), which may change it. */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct inflight);
} inflight SEC(".maps");

/* Before 5.11: where inflight_end() copies the hash entry it deletes. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct inflight);
} inflight_ended SEC(".maps");

static __always_inline struct inflight *inflight_begin_by_tid(void)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct inflight fresh = {};

	if (bpf_map_update_elem(&inflight, &tid, &fresh, BPF_ANY)) {
		count_lost(); /* the hash is full */
		return NULL;
	}
	return bpf_map_lookup_elem(&inflight, &tid);
}

/* Start tracking the current task's call (after the tool's filter passed); NULL if no memory. */
static __always_inline struct inflight *inflight_begin(void)
{
	struct inflight *in;

	if (no_task_storage)
		in = inflight_begin_by_tid();
	else
		in = bpf_task_storage_get(&inflight, bpf_get_current_task_btf(), 0,
					  BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (in) {
		in->ts = bpf_ktime_get_ns();
		in->pending = 1;
	}
	return in;
}

static __always_inline struct inflight *inflight_end_by_tid(void)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid(), zero = 0;
	struct inflight *in = bpf_map_lookup_elem(&inflight, &tid);
	struct inflight *copy = bpf_map_lookup_elem(&inflight_ended, &zero);

	if (!in || !copy)
		return NULL;
	*copy = *in;
	bpf_map_delete_elem(&inflight, &tid);
	return copy;
}

/* The current task's call being tracked, now ended; NULL if its entry was not tracked. */
static __always_inline struct inflight *inflight_end(void)
{
	struct inflight *in;

	if (no_task_storage)
		in = inflight_end_by_tid();
	else
		in = bpf_task_storage_get(&inflight, bpf_get_current_task_btf(), 0, 0);
	if (!in || !in->pending)
		return NULL;
	in->pending = 0;
	return in;
}

/* The current task's call being tracked, still in flight; NULL if none. */
static __always_inline struct inflight *inflight_current(void)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct inflight *in;

	if (no_task_storage)
		in = bpf_map_lookup_elem(&inflight, &tid);
	else
		in = bpf_task_storage_get(&inflight, bpf_get_current_task_btf(), 0, 0);
	return in && in->pending ? in : NULL;
}

#endif
