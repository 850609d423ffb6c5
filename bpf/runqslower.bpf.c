// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * runqslower: each wait on a run queue longer than a threshold, from the
 * task's wakeup (or preemption) to its running, with the task it took the
 * CPU from. runq.bpf.h does the bookkeeping it shares with runqlat: -p/-t
 * are tested when a task is stamped, and the threshold at sched_switch,
 * so only slow waits of wanted tasks reach the ring buffer.
 *
 * Raw tracepoints, not BTF ones, as runqlat: every task read is CO-RE, and
 * tp_btf would make libbpf load the whole kernel BTF. At sched_switch the
 * current task is still prev, so the record's head is filled from next.
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "runq.bpf.h"
#include "runqslower.h"

const volatile __u64 min_ns = 10000000; /* MIN_US, set by user space */

SEC("raw_tp/sched_wakeup")
int BPF_PROG(rqslow_wakeup, struct task_struct *p)
{
	runq_enqueue(p);
	return TRACE_DONE;
}

SEC("raw_tp/sched_wakeup_new")
int BPF_PROG(rqslow_wake_new, struct task_struct *p)
{
	runq_enqueue(p);
	return TRACE_DONE;
}

/* The slow wait that just ended: next's head, prev's names. */
static __always_inline void send(struct task_struct *prev, struct task_struct *next, __u64 delta)
{
	struct runqslower_event *e = events_reserve(sizeof(*e));
	struct task_ids ids;

	if (!e)
		return;
	task_head_fill_task(&e->task, next, bpf_ktime_get_ns());
	e->latency_ns = delta;
	ids = task_ids(prev);
	e->prev_pid = ids.pid;
	e->prev_tid = ids.tid;
	BPF_CORE_READ_STR_INTO(&e->prev_comm, prev, comm);
	events_submit(e);
}

SEC("raw_tp/sched_switch")
int BPF_PROG(rqslow_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	__s64 delta = runq_switch(prev, next);

	if (delta >= 0 && (__u64)delta >= min_ns)
		send(prev, next, delta);
	return TRACE_DONE;
}
