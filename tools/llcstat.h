/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* llcstat: the counts bpf/llcstat.bpf.c sums and tools/llcstat.c prints. */
#ifndef SONDE_LLCSTAT_H
#define SONDE_LLCSTAT_H

#include "task.h"

#define LLCSTAT_ENTRIES 10240 /* rows a report can hold: (process or thread, CPU) pairs */

struct llcstat_key {
	__u32 pid;
	__u32 tid; /* with -t; else 0 */
	__u32 cpu;
};

struct llcstat_value {
	__u64 references; /* estimated: each sample stands for the sample period's events */
	__u64 misses;
	char comm[SONDE_COMM_LEN]; /* the last thread sampled */
};

#endif
