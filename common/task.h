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

/*
 * What of the head a record carries beyond pid, tid and comm: the parts its
 * output shows (a time or UID column, or JSON, which carries all), so the
 * kernel spends no clock read on a time nobody sees (about 40 ns a record
 * on this VM). Set by user space in .rodata (task_head_parts).
 */
enum task_head_part {
	TASK_HEAD_TIME = 1 << 0,
	TASK_HEAD_UID = 1 << 1,
	TASK_HEAD_ALL = TASK_HEAD_TIME | TASK_HEAD_UID,
};

struct task_head {
	__u64 ts;  /* bpf_ktime_get_ns(): CLOCK_MONOTONIC of the host; 0 if not shown */
	__u32 pid; /* the process (thread group) */
	__u32 tid; /* the thread */
	__u32 uid; /* real UID; (uid_t)-1, no UID, if not shown */
	__u32 pad;
	char comm[SONDE_COMM_LEN];
};

#endif
