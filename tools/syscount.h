/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* syscount: the per-CPU counters bpf/syscount.bpf.c keeps and tools/syscount.c sums. */
#ifndef SONDE_SYSCOUNT_H
#define SONDE_SYSCOUNT_H

/* Per syscall number: an array of this many, enough for any architecture's numbers today. */
#define SYSCOUNT_NR_SLOTS 512
/* Per process (-P): allocated as processes appear, up to this many. */
#define SYSCOUNT_PROCESSES 10240

struct syscount_counts {
	__u64 count;
	__u64 total_ns; /* time inside the calls, with -L */
};

struct syscount_process {
	struct syscount_counts counts;
	/* the task's name when this CPU first counted it or saw it exec or rename */
	__u64 comm_ts;
	char comm[16];
};

/* Syscalls after which a task may have a new name: execve, execveat, prctl (PR_SET_NAME). */
#define SYSCOUNT_RENAMES 3

#endif
