/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Any task's PIDs as a PID namespace other than the initial one numbers
 * them: the number its struct pid holds for that namespace, as the
 * kernel's pid_nr_ns() reads it, or 0 for a task the namespace cannot see
 * (one outside it), which is what getppid() returns in a container whose
 * parent is on the host. A task in a namespace below it (a container
 * inside the container) has a number there too, and gets it.
 *
 * The namespace is known by its inode alone (/proc/self/ns/pid), not by
 * its level: user space cannot learn the level (/proc/self/status NSpid
 * counts from the namespace of the /proc it reads, a container's own), so
 * a task's numbers are searched from its own level down for the one whose
 * namespace has that inode. A task on the host or in the tool's own
 * namespace is decided at the first step.
 *
 * Every kernel type here is a "___pidns" flavor: user space (common/load.c)
 * leaves these out of the kernel types it cuts on the host, where the code
 * that reads them is dead (a .rodata branch in task.bpf.h) and its
 * relocations may fail, so a tool that reads no kernel types otherwise does
 * not read the kernel's BTF at start for a namespace it is not in.
 */
#ifndef SONDE_PIDNS_BPF_H
#define SONDE_PIDNS_BPF_H

#include "sonde.bpf.h"

#define PIDNS_MAX_LEVEL 32 /* the kernel's MAX_PID_NS_LEVEL */

struct ns_common___pidns {
	unsigned int inum;
} __attribute__((preserve_access_index));

struct pid_namespace___pidns {
	struct ns_common___pidns ns;
} __attribute__((preserve_access_index));

struct upid___pidns {
	int nr;
	struct pid_namespace___pidns *ns;
} __attribute__((preserve_access_index));

struct pid___pidns {
	unsigned int level;
	struct upid___pidns numbers[1];
} __attribute__((preserve_access_index));

struct task_struct___pidns {
	struct pid___pidns *thread_pid;
	struct task_struct___pidns *group_leader;
} __attribute__((preserve_access_index));

/* A task's IDs, here and for task.bpf.h. */
struct task_ids {
	__u32 pid; /* process (thread group) */
	__u32 tid;
};

/* &pid->numbers[level]: the stride is the kernel's struct upid, not ours. */
static __always_inline struct upid___pidns *pidns_upid(struct pid___pidns *pid, __u32 level)
{
	return (void *)pid + bpf_core_field_offset(pid->numbers) +
	       level * bpf_core_type_size(struct upid___pidns);
}

/* The level at which `pid` has a number in the namespace with inode `ino`; -1 if none. */
static __always_inline int pidns_level_of(struct pid___pidns *pid, __u32 ino)
{
	int top = BPF_CORE_READ(pid, level), level, step;
	struct pid_namespace___pidns *ns;

	for (step = 0; step <= PIDNS_MAX_LEVEL; step++) {
		level = top - step;
		if (level < 0)
			break;
		ns = BPF_CORE_READ(pidns_upid(pid, level), ns);
		if (BPF_CORE_READ(ns, ns.inum) == ino)
			return level;
	}
	return -1;
}

static __always_inline __u32 pidns_nr(struct pid___pidns *pid, int level)
{
	return BPF_CORE_READ(pidns_upid(pid, level), nr);
}

/*
 * The task's process and thread IDs in the namespace with inode `ino`, as
 * bpf_get_current_pid_tgid() packs them (process in the high half). A
 * thread group shares one namespace (the kernel refuses CLONE_THREAD
 * across two), so its leader has a number at the same level.
 *
 * A function of its own, not inlined: a program that numbers tasks in two
 * places (its filter, its record) carries the walk once, and libbpf
 * relocates it once per object.
 */
static __noinline __u64 pidns_pid_tgid(void *task, __u32 ino)
{
	struct task_struct___pidns *t = task;
	struct pid___pidns *pid = BPF_CORE_READ(t, thread_pid);
	int level = pidns_level_of(pid, ino);

	if (level < 0)
		return 0;
	return (__u64)pidns_nr(BPF_CORE_READ(t, group_leader, thread_pid), level) << 32 |
	       pidns_nr(pid, level);
}

static __always_inline struct task_ids pidns_task_ids(void *task, __u32 ino)
{
	__u64 id = pidns_pid_tgid(task, ino);

	return (struct task_ids){ .pid = id >> 32, .tid = (__u32)id };
}

#endif
