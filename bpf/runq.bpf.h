/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Run-queue bookkeeping shared by runqlat and runqslower: a task is stamped
 * when it joins a run queue (woken, newly forked, or preempted while still
 * runnable) and its wait ends when sched_switch brings it onto a CPU.
 *
 * The stamp is kept in an LRU hash by host thread id, not task storage: the
 * raw tracepoints' task pointers are plain scalars to the verifier, which
 * bpf_task_storage_get() refuses, and tp_btf (typed pointers) would make
 * libbpf load the whole kernel BTF. Threads that exit while queued age out.
 *
 * What tp_btf would buy, measured on the 6.18 host's switch storm (BPF run
 * time per wakeup+switch, fastest of 3 alternated rounds in one run): these
 * programs 609 ns; the same bookkeeping as tp_btf with direct task reads
 * 450 ns, or 488 ns with task storage in place of this hash; empty programs
 * 97 ns; libbpf-tools' runqlat (tp_btf) 640 ns. The histogram update is
 * some 100 to 130 ns of it. tp_btf through libbpf loads the whole kernel
 * BTF: libbpf-tools' runqlat peaks at 13.3 MiB, runqlat at 2.6 MiB. Neither
 * way reaches 2x empty; tp_btf waits for an attach that resolves its
 * btf_trace_* type from the cut (common/kernel_btf.c), not from libbpf.
 *
 * A thread's entry stays while it lives, 0 between waits: its stamp is
 * written and cleared in place, where an update and a delete per wait
 * would take the LRU's locks and recycle an element every time (runqlat's
 * programs per wakeup and switch: 879 ns that way, 674 ns this way).
 */
#ifndef SONDE_RUNQ_BPF_H
#define SONDE_RUNQ_BPF_H

#include "sonde.bpf.h"
#include "core_fixes.bpf.h"
#include "task.bpf.h"
#include "filter.bpf.h"

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, __u64);
} runq_start SEC(".maps");

/* -p/-t/-c on the queued task (not the current one, which is its waker). */
static __always_inline bool runq_wanted(struct task_struct *p)
{
	struct task_ids ids;

	if ((filter.flags & FILTER_BY_CGROUP) && !filter_task_in_cgroup(p))
		return false;
	if (!(filter.flags & (FILTER_BY_TGID | FILTER_BY_TID)))
		return true;
	ids = task_ids(p);
	if ((filter.flags & FILTER_BY_TGID) && ids.pid != filter.tgid)
		return false;
	if ((filter.flags & FILTER_BY_TID) && ids.tid != filter.tid)
		return false;
	return true;
}

/* p joins a run queue now. */
static __always_inline void runq_enqueue(struct task_struct *p)
{
	__u32 tid = BPF_CORE_READ(p, pid);
	__u64 ts, *stamp;

	if (!tid || !runq_wanted(p))
		return; /* an idle task never waits */
	ts = bpf_ktime_get_ns();
	stamp = bpf_map_lookup_elem(&runq_start, &tid);
	if (stamp)
		*stamp = ts;
	else
		bpf_map_update_elem(&runq_start, &tid, &ts, BPF_ANY);
}

/*
 * At sched_switch: prev, still runnable (state 0, preempted), queues again;
 * next's wait ends. Its wait in ns, or -1 if next was not stamped.
 */
static __always_inline __s64 runq_switch(struct task_struct *prev, struct task_struct *next)
{
	__u32 tid;
	__u64 *tsp;
	__s64 delta;

	if (task_state(prev) == 0)
		runq_enqueue(prev);
	tid = BPF_CORE_READ(next, pid);
	tsp = bpf_map_lookup_elem(&runq_start, &tid);
	if (!tsp || !*tsp)
		return -1;
	delta = bpf_ktime_get_ns() - *tsp;
	*tsp = 0;
	return delta < 0 ? -1 : delta;
}

#endif
