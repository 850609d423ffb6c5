/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Every kernel shim in one place, each with the change that made it
 * necessary, so a tool's code reads as if there were one kernel. Each
 * decides by what the kernel's BTF says (a field, a type), never by its
 * version: distributions backport. Where the difference is a tracepoint's
 * prototype, the probe table picks a program per prototype instead
 * (common/attach.h, NEED_TRACEPOINT_ARGS).
 */
#ifndef SONDE_CORE_FIXES_BPF_H
#define SONDE_CORE_FIXES_BPF_H

#include "sonde.bpf.h"

/* The request's disk as it was before Linux 5.17. */
struct request___with_rq_disk {
	struct gendisk *rq_disk;
} __attribute__((preserve_access_index));

/*
 * Linux 5.17, f3fa33acca9f ("block: remove the ->rq_disk field in struct
 * request"): the disk is found through the queue instead.
 */
static __always_inline struct gendisk *request_disk(struct request *rq)
{
	struct request___with_rq_disk *old = (void *)rq;

	if (bpf_core_field_exists(old->rq_disk))
		return BPF_CORE_READ(old, rq_disk);
	return BPF_CORE_READ(rq, q, disk);
}

/*
 * Linux 6.4, "bpf: return long from bpf_map_ops funcs": before it, the map
 * operations the verifier calls directly returned an int that reached the
 * program without sign extension (-EEXIST read as 4294967279). Compare what
 * a map helper returned as an int.
 */
static __always_inline int map_result(long ret)
{
	return (int)ret;
}

/*
 * Linux 6.5, "mm/maccess: fix strncpy_from_user_nofault() empty string
 * handling": before it, bpf_probe_read_user_str() returned 0 for an empty
 * string, where it returns 1 (the NUL) since; errors are negative on both.
 * The bytes read with the NUL, or -errno, on every kernel.
 */
static __always_inline long read_user_str(char *dst, __u32 size, const void *src)
{
	long n = bpf_probe_read_user_str(dst, size, src);

	if (n == 0 && size) {
		dst[0] = '\0';
		n = 1;
	}
	return n;
}

/* The sched_process_exit record as it is since Linux 6.16. */
struct trace_event_raw_sched_process_exit___group_dead {
	bool group_dead;
} __attribute__((preserve_access_index));

/*
 * Linux 6.16, "exit: move and extend sched_process_exit() tracepoint": the
 * record carries group_dead, do_exit()'s verdict that the process ended.
 * 1 or 0 where the record has it, -1 where the caller must work it out.
 */
static __always_inline int sched_exit_record_group_dead(void *ctx)
{
	struct trace_event_raw_sched_process_exit___group_dead *rec = ctx;

	if (bpf_core_field_exists(rec->group_dead))
		return rec->group_dead;
	return -1;
}

/* The task's state as it was before Linux 5.14. */
struct task_struct___with_state {
	long state;
} __attribute__((preserve_access_index));

/*
 * Linux 5.14, 2f064a59a11f ("sched: Change task_struct::state"): the field
 * became __state, an unsigned int, so that plain accesses would not compile.
 */
static __always_inline unsigned int task_state(struct task_struct *task)
{
	struct task_struct___with_state *old = (void *)task;

	if (bpf_core_field_exists(old->state))
		return (unsigned int)BPF_CORE_READ(old, state);
	return BPF_CORE_READ(task, __state);
}

/* struct sock's flags as a field of its own, before they moved. */
struct sock___with_sk_flags {
	unsigned long sk_flags;
} __attribute__((preserve_access_index));

/*
 * A socket's flags (enum sock_flags bits): struct sock's sk_flags (Linux
 * 6.1 has it there) until they moved into struct sock_common as skc_flags
 * (6.18 has them there, sk_flags a #define), which BTF tells apart.
 */
static __always_inline unsigned long sock_flags_of(const struct sock *sk)
{
	const struct sock___with_sk_flags *old = (const void *)sk;

	if (bpf_core_field_exists(old->sk_flags))
		return BPF_CORE_READ(old, sk_flags);
	return BPF_CORE_READ(sk, __sk_common.skc_flags);
}

/* A CFS run queue's counts by their names before Linux 6.14. */
struct cfs_rq___old {
	unsigned int nr_running;
	unsigned int h_nr_running;
} __attribute__((preserve_access_index));

/* The same by their names since, with the count that leaves out delayed dequeues. */
struct cfs_rq___new {
	unsigned int nr_queued;
	unsigned int h_nr_runnable;
} __attribute__((preserve_access_index));

/*
 * Linux 6.14, 736c55a02c47 ("sched/fair: Rename cfs_rq.nr_running into
 * nr_queued"): the entities on this CFS run queue (a task group's counts
 * as one), the running one included, and since 6.12's delayed dequeue
 * sleepers not yet taken off.
 */
static __always_inline unsigned int cfs_rq_queued(struct cfs_rq *cfs_rq)
{
	struct cfs_rq___old *old = (void *)cfs_rq;
	struct cfs_rq___new *new = (void *)cfs_rq;

	if (bpf_core_field_exists(new->nr_queued))
		return BPF_CORE_READ(new, nr_queued);
	return BPF_CORE_READ(old, nr_running);
}

/*
 * The runnable tasks on this CFS run queue and the groups below it, the
 * running one included. Linux 6.14, 7b8a702d9438 ("sched/fair: Rename
 * h_nr_running into h_nr_queued") and c2a295bffeaf ("sched/fair: Add new
 * cfs_rq.h_nr_runnable"): h_nr_runnable leaves out the sleepers a delayed
 * dequeue keeps queued (backported to 6.12 stable); else h_nr_running,
 * which on a 6.12 without it counts them.
 */
static __always_inline unsigned int cfs_rq_runnable(struct cfs_rq *cfs_rq)
{
	struct cfs_rq___old *old = (void *)cfs_rq;
	struct cfs_rq___new *new = (void *)cfs_rq;

	if (bpf_core_field_exists(new->h_nr_runnable))
		return BPF_CORE_READ(new, h_nr_runnable);
	return BPF_CORE_READ(old, h_nr_running);
}

#endif
