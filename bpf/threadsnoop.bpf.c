// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * threadsnoop: new threads, from task:task_newtask with CLONE_THREAD.
 *
 * bcc puts a uprobe on pthread_create(), which misses threads made by other
 * libraries, static binaries and raw clone(). Here the kernel says: copy_process()
 * fires task_newtask in the creating thread once the new task is complete,
 * with the clone flags, so a thread is told from a process by CLONE_THREAD
 * alone. sched_process_fork was the other candidate, but its record has only
 * thread IDs (a new thread and a new process look alike without reading
 * both tasks through BTF), and its layout differs between 6.1 and 6.18
 * (the names became __data_loc strings).
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "filter.bpf.h"
#include "threadsnoop.h"

#define CLONE_THREAD 0x00010000 /* UAPI <linux/sched.h> */

/*
 * events/task/task_newtask/format: the same offsets on 6.1 and 6.18 (6.18's
 * clone_flags is u64, 6.1's unsigned long: one size on 64-bit), so a plain
 * struct, and no kernel BTF is parsed at start.
 */
struct task_newtask_record {
	__u64 common;
	__s32 pid;
	char comm[16];
	__u64 clone_flags;
	__s16 oom_score_adj;
};

SEC("tracepoint/task/task_newtask")
int newtask(struct task_newtask_record *ctx)
{
	struct thread_event *e;

	if (!(ctx->clone_flags & CLONE_THREAD) || !filter_task())
		return TRACE_DONE;
	e = events_reserve(sizeof(*e));
	if (!e)
		return TRACE_DONE;
	e->ts = bpf_ktime_get_ns();
	e->pid = current_tgid();
	e->tid = ctx->pid;
	e->ptid = current_tid();
	e->pad = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	events_submit(e);
	return TRACE_DONE;
}
