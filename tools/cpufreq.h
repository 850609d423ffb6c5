/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* cpufreq: the per-CPU frequencies and histograms bpf/cpufreq.bpf.c keeps and tools/cpufreq.c prints. */
#ifndef SONDE_CPUFREQ_H
#define SONDE_CPUFREQ_H

#include "hist_layout.h"
#include "task.h"

/*
 * CPUs whose frequency is kept: a CPU number is below the kernel's
 * CONFIG_NR_CPUS, 8192 at most on distribution kernels (32 KB of .bss).
 */
#define CPUFREQ_MAX_CPUS 8192

/* Linear buckets of 200 MHz, as libbpf-tools' cpufreq: 64 slots reach 12.6 GHz. */
#define CPUFREQ_STEP_MHZ 200

#define CPUFREQ_HISTS	 4096 /* histograms a report can hold: the system's and a process each */

/* The key of the system-wide histogram: no process has this id. */
#define CPUFREQ_SYSTEM 0xffffffffu

struct cpufreq_key {
	__u32 pid; /* a process with -P, or CPUFREQ_SYSTEM */
};

struct cpufreq_value {
	struct hist hist; /* samples by the MHz their CPU ran at */
	/* the last thread sampled: the name once the process is gone */
	char comm[SONDE_COMM_LEN];
};

#endif
