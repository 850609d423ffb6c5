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
 *
 * It is attached as a raw tracepoint, which is handed the new task itself:
 * the record holds only its host TID, and a tool in a container must
 * number it in its own namespace (task.bpf.h).
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "filter.bpf.h"
#include "task.bpf.h"
#include "threadsnoop.h"

#define CLONE_THREAD 0x00010000 /* UAPI <linux/sched.h> */

SEC("raw_tp/task_newtask")
int BPF_PROG(newtask, struct task_struct *task, __u64 clone_flags)
{
	struct thread_event *e;

	if (!(clone_flags & CLONE_THREAD) || !filter_task())
		return TRACE_DONE;
	e = events_reserve(sizeof(*e));
	if (!e)
		return TRACE_DONE;
	/* TIME(ms), always shown, counts from the first record's time */
	task_head_fill_at(&e->task, bpf_ktime_get_ns());
	e->new_tid = task_tid(task);
	e->pad = 0;
	events_submit(e);
	return TRACE_DONE;
}
