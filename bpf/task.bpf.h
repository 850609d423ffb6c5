/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The current task as every record names it (common/task.h): its process
 * and thread IDs, in the PID namespace the tool runs in, and the head of a
 * record filled in one call.
 *
 * On the host the IDs are bpf_get_current_pid_tgid()'s. Inside a container
 * they come from bpf_get_ns_current_pid_tgid() (Linux 5.7), which answers
 * only for tasks of exactly that namespace: a task outside it, or in a
 * namespace nested below it, reads as 0, as the kernel shows a task a
 * namespace cannot see. The choice is a .rodata constant, so the host path
 * carries no test for it after load.
 */
#ifndef SONDE_TASK_BPF_H
#define SONDE_TASK_BPF_H

#include "sonde.bpf.h"
#include "filter.h"

const volatile struct filter filter = {};

struct task_ids {
	__u32 pid; /* process (thread group) */
	__u32 tid;
};

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
		bpf_get_ns_current_pid_tgid(filter.pidns.dev, filter.pidns.ino, (void *)&ns,
					    sizeof(ns));
		return (struct task_ids){ .pid = ns.tgid, .tid = ns.pid };
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

static __always_inline void task_head_fill(struct task_head *h)
{
	struct task_ids ids = current_ids();

	h->ts = bpf_ktime_get_ns();
	h->pid = ids.pid;
	h->tid = ids.tid;
	h->uid = (__u32)bpf_get_current_uid_gid();
	h->pad = 0;
	bpf_get_current_comm(h->comm, sizeof(h->comm));
}

#endif
