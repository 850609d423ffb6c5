/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Which tasks a tool sees, set by user space from -p/-t/-u/-c/-n and the PID
 * namespace it runs in, placed in .rodata before load, tested by
 * bpf/filter.bpf.h in the kernel.
 *
 * Shared with BPF code, so it includes nothing but task.h: the includer
 * provides __u32 and __u64.
 */
#ifndef SONDE_FILTER_H
#define SONDE_FILTER_H

#include "task.h"

enum filter_flags {
	FILTER_BY_TGID = 1 << 0,
	FILTER_BY_TID = 1 << 1,
	FILTER_BY_UID = 1 << 2,
	FILTER_BY_CGROUP = 1 << 3,
	FILTER_BY_COMM = 1 << 4,
};

/*
 * The tool's PID namespace when it is not the initial one: PIDs are then
 * read in it (bpf_get_ns_current_pid_tgid()), for the filter and the records.
 * All zero on the host.
 */
struct filter_pidns {
	__u64 dev; /* of /proc/self/ns/pid */
	__u64 ino;
};

struct filter {
	__u32 flags;
	__u32 tgid; /* in the tool's PID namespace, as every PID here */
	__u32 tid;
	__u32 uid;
	char comm[SONDE_COMM_LEN];
	struct filter_pidns pidns;
	/*
	 * -c's directory as the kernel numbers it (its kernfs id, which is its
	 * inode number): for tests of a task other than the current one.
	 */
	__u64 cgroup_id;
};

#endif
