/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The task head every per-event record starts with: when it happened and the
 * task that made it happen. bpf/task.bpf.h fills it (task_head_fill()), and
 * user space prints it with rec_task() into the standard columns of
 * common/columns.h (TIME, UID, PID, TID, COMM), so no tool writes these by
 * hand on either side.
 *
 * PIDs are as the tool's own PID namespace numbers them (common/namespaces.h):
 * the host's numbers when it runs on the host, the container's inside one,
 * and 0 for a task the namespace cannot see.
 *
 * Shared with BPF code, so it includes nothing: the includer provides __u32.
 */
#ifndef SONDE_TASK_H
#define SONDE_TASK_H

#define SONDE_COMM_LEN 16

struct task_head {
	__u64 ts;  /* bpf_ktime_get_ns(): CLOCK_MONOTONIC of the host */
	__u32 pid; /* the process (thread group) */
	__u32 tid; /* the thread */
	__u32 uid; /* real UID */
	__u32 pad;
	char comm[SONDE_COMM_LEN];
};

#endif
