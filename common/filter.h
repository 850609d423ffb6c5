/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The task filter every tool shares: set from -p/-t/-u/-c/-n by user space,
 * placed in .rodata before load, tested by filter.bpf.h in the kernel.
 *
 * Shared with BPF code, so it includes nothing: the includer provides __u32.
 */
#ifndef SONDE_FILTER_H
#define SONDE_FILTER_H

#define SONDE_COMM_LEN 16

enum filter_flags {
	FILTER_BY_TGID = 1 << 0,
	FILTER_BY_TID = 1 << 1,
	FILTER_BY_UID = 1 << 2,
	FILTER_BY_CGROUP = 1 << 3,
	FILTER_BY_COMM = 1 << 4,
};

struct filter {
	__u32 flags;
	__u32 tgid;
	__u32 tid;
	__u32 uid;
	char comm[SONDE_COMM_LEN];
};

#endif
