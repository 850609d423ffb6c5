/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Tasks as every record names them (common/task.h): the process and thread
 * IDs of the current task or of any other (a parent, a victim, a new
 * thread), in the PID namespace the tool runs in, and the head of a record
 * filled in one call.
 *
 * On the host they are the kernel's own numbers: bpf_get_current_pid_tgid(),
 * or the task's tgid and pid. Inside a container the current task's come
 * from bpf_get_ns_current_pid_tgid() (Linux 5.7), which answers for a task of
 * exactly that namespace; any other task, and a current one in a namespace
 * below it, is looked up through its struct pid (pidns.bpf.h): 0 for a task
 * the namespace cannot see, as the kernel shows it. The choice is a .rodata
 * constant, so the host path carries no test for it after load.
 *
 * These IDs are for showing and filtering. A key that must tell tasks apart
 * (task storage, a per-process map) uses the host's IDs
 * (bpf_get_current_pid_tgid()): in a container every task outside it is 0.
 */
#ifndef SONDE_TASK_BPF_H
#define SONDE_TASK_BPF_H

#include "sonde.bpf.h"
#include "pidns.bpf.h"
#include "filter.h"

const volatile struct filter filter = {};

/* struct bpf_pidns_info, UAPI: a fixed layout, read without CO-RE */
struct pidns_info_abi {
	__u32 pid;
	__u32 tgid;
};

static __always_inline struct task_ids current_ids(void)
{
	struct pidns_info_abi ns = {};
	__u64 id;

	if (filter.pidns.ino) {
		if (!bpf_get_ns_current_pid_tgid(filter.pidns.dev, filter.pidns.ino, (void *)&ns,
						 sizeof(ns)))
			return (struct task_ids){ .pid = ns.tgid, .tid = ns.pid };
		/* outside the namespace, or below it */
		return pidns_task_ids((void *)bpf_get_current_task(), filter.pidns.ino);
	}
	id = bpf_get_current_pid_tgid();
	return (struct task_ids){ .pid = id >> 32, .tid = (__u32)id };
}

static __always_inline __u32 current_tgid(void)
{
	return current_ids().pid;
}

static __always_inline __u32 current_tid(void)
{
	return current_ids().tid;
}

/* Any task's IDs, as the current task's are given. */
static __always_inline struct task_ids task_ids(struct task_struct *task)
{
	if (filter.pidns.ino)
		return pidns_task_ids(task, filter.pidns.ino);
	return (struct task_ids){ .pid = BPF_CORE_READ(task, tgid),
				  .tid = BPF_CORE_READ(task, pid) };
}

/* Its process alone (a parent's): one read on the host. */
static __always_inline __u32 task_tgid(struct task_struct *task)
{
	if (filter.pidns.ino)
		return pidns_task_ids(task, filter.pidns.ino).pid;
	return BPF_CORE_READ(task, tgid);
}

/* Its thread alone (a new thread, a signal's target): one read on the host. */
static __always_inline __u32 task_tid(struct task_struct *task)
{
	if (filter.pidns.ino)
		return pidns_task_ids(task, filter.pidns.ino).tid;
	return BPF_CORE_READ(task, pid);
}

/* The parts of the head the output shows (common/task.h); all unless user space says. */
const volatile __u32 task_head_parts = TASK_HEAD_ALL;

/*
 * The head, its time `now`: for a program that reads the clock anyway (a
 * latency), or whose tool computes from the time whatever it shows.
 */
static __always_inline void task_head_fill_at(struct task_head *h, __u64 now)
{
	struct task_ids ids = current_ids();

	h->ts = now;
	h->pid = ids.pid;
	h->tid = ids.tid;
	h->uid = task_head_parts & TASK_HEAD_UID ? (__u32)bpf_get_current_uid_gid() : (__u32)-1;
	h->pad = 0;
	bpf_get_current_comm(h->comm, sizeof(h->comm));
}

/*
 * The head of another task than the current one (a task a scheduler
 * tracepoint hands over while its CPU still runs the previous one), at `now`.
 */
static __always_inline void task_head_fill_task(struct task_head *h, struct task_struct *task,
						__u64 now)
{
	struct task_ids ids = task_ids(task);

	h->ts = now;
	h->pid = ids.pid;
	h->tid = ids.tid;
	h->uid = task_head_parts & TASK_HEAD_UID ? BPF_CORE_READ(task, real_cred, uid.val)
						 : (__u32)-1;
	h->pad = 0;
	BPF_CORE_READ_STR_INTO(&h->comm, task, comm);
}

/* The head, the clock read only if the output shows the time. */
static __always_inline void task_head_fill(struct task_head *h)
{
	task_head_fill_at(h, task_head_parts & TASK_HEAD_TIME ? bpf_ktime_get_ns() : 0);
}

#endif
