/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* softirqslower: the record bpf/softirqslower.bpf.c sends and tools/softirqslower.c prints. */
#ifndef SONDE_SOFTIRQSLOWER_H
#define SONDE_SOFTIRQSLOWER_H

#include "task.h"

struct softirq_event {
	struct task_head task; /* the task the softirq interrupted (or ksoftirqd) */
	__u64 duration_ns;     /* entry to exit */
	__u32 cpu;
	__u32 vec; /* the softirq's vector (common/irqstat.h names it) */
};

#endif
