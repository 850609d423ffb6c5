// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * exitsnoop: process (or thread) exits with their status and age.
 *
 * sched:sched_process_exit fires in the exiting task once do_exit() has
 * stored its exit code; the rest is read from the task with CO-RE. A process
 * is reported once, when its last thread exits (task_exit.bpf.h), with the
 * status its parent's wait() gets and its leader's name, start and parent.
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "filter.bpf.h"
#include "task.bpf.h"
#include "task_exit.bpf.h"
#include "exitsnoop.h"

const volatile bool failed_only = false;
const volatile bool per_thread = false;

/* -n against the process's name (its leader's), which may not be the last thread's. */
static __always_inline bool comm_matches(const char *comm)
{
	const volatile __u64 *want = (const volatile __u64 *)filter.comm;
	const __u64 *have = (const __u64 *)comm;

	if (!(filter.flags & FILTER_BY_COMM))
		return true;
	return have[0] == want[0] && have[1] == want[1];
}

/* `who` is the task whose start and parent describe what exited: the thread, or its leader. */
static __always_inline void report(struct task_struct *who, __u32 status, const __u64 comm[2])
{
	struct exit_event *e;

	if (failed_only && status == 0)
		return;
	e = events_reserve(sizeof(*e));
	if (!e)
		return;
	task_head_fill_at(&e->task, bpf_ktime_get_ns()); /* the age needs it */
	__builtin_memcpy(e->task.comm, comm, sizeof(e->task.comm));
	e->age_ns = e->task.ts - BPF_CORE_READ(who, start_time);
	e->ppid = task_tgid(BPF_CORE_READ(who, real_parent));
	e->status = status;
	events_submit(e);
}

SEC("tracepoint/sched/sched_process_exit")
int exit_tp(void *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct task_struct *leader;
	__u64 comm[2] = {};

	if (!filter_ids())
		return TRACE_DONE;
	if (per_thread) {
		if (!filter_comm())
			return TRACE_DONE;
		bpf_get_current_comm(comm, sizeof(comm));
		report(task, BPF_CORE_READ(task, exit_code), comm);
		return TRACE_DONE;
	}
	if (!task_exit_group_dead(ctx, task))
		return TRACE_DONE;
	leader = BPF_CORE_READ(task, group_leader);
	/* up to its NUL: on older kernels the bytes after it may be an older name's */
	BPF_CORE_READ_STR_INTO(&comm, leader, comm);
	if (comm_matches((const char *)comm))
		report(leader, task_exit_process_status(task), comm);
	return TRACE_DONE;
}
