/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A call in flight: what its entry saw, kept for its exit. Syscall (and
 * kprobe/kretprobe) tools remember up to four argument words and the entry
 * time in task-local storage, so pairing entry and exit costs a pointer
 * lookup on the task rather than a hash insert and delete per call.
 * Needs Linux 5.11 (task storage from tracing programs).
 *
 *	entry:	struct inflight *in = inflight_begin();
 *		if (in) in->args[0] = path;
 *	exit:	struct inflight *in = inflight_end();
 *		if (in) report(in->args[0], ret, now - in->ts);
 */
#ifndef SONDE_INFLIGHT_BPF_H
#define SONDE_INFLIGHT_BPF_H

#include "sonde.bpf.h"

struct inflight {
	__u64 ts;      /* bpf_ktime_get_ns() at entry */
	__u64 args[4]; /* whatever the tool keeps */
	__u32 pending; /* set by inflight_begin(), cleared by inflight_end() */
	__u32 extra;   /* a small value of the tool's own (a syscall number, a kind) */
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct inflight);
} inflight SEC(".maps");

/* Start tracking the current task's call (after the tool's filter passed); NULL if no memory. */
static __always_inline struct inflight *inflight_begin(void)
{
	struct inflight *in = bpf_task_storage_get(&inflight, bpf_get_current_task_btf(), 0,
						   BPF_LOCAL_STORAGE_GET_F_CREATE);

	if (in) {
		in->ts = bpf_ktime_get_ns();
		in->pending = 1;
	}
	return in;
}

/* The current task's call being tracked, now ended; NULL if its entry was not tracked. */
static __always_inline struct inflight *inflight_end(void)
{
	struct inflight *in = bpf_task_storage_get(&inflight, bpf_get_current_task_btf(), 0, 0);

	if (!in || !in->pending)
		return NULL;
	in->pending = 0;
	return in;
}

#endif
