/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* cpudist: the histogram entries bpf/cpudist.bpf.c fills and tools/cpudist.c prints. */
#ifndef SONDE_CPUDIST_H
#define SONDE_CPUDIST_H

#include "hist_layout.h"
#include "task.h"

/* What a histogram is of: everything, a process (-P) or a thread (-L). */
enum cpudist_by { CPUDIST_ALL, CPUDIST_PROCESS, CPUDIST_THREAD };

#define CPUDIST_HISTS 10240 /* histograms a report can hold: processes or threads */

struct cpudist_key {
	__u32 id; /* the process id with -P, the thread id with -L, else 0 */
};

/* Everything one report says of a key, in one entry so that one swap retires it whole. */
struct cpudist_value {
	struct hist hist; /* spells on (or off, -O) the CPU, by length */
	__u64 total_ns;	  /* their sum: the time on (or off) the CPU */
	/* the last thread counted: the name once the task is gone */
	char comm[SONDE_COMM_LEN];
};

#endif
