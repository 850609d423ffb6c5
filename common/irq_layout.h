/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The entries bpf/irqs.bpf.h fills and common/irqstat.c prints, for softirqs
 * and hardirqs alike. Includes only hist_layout.h: the includer provides
 * __u32, __s32 and __u64.
 */
#ifndef SONDE_IRQ_LAYOUT_H
#define SONDE_IRQ_LAYOUT_H

#include "hist_layout.h"

#define IRQ_NAME_LEN 32	  /* a handler's name as hardirqs keeps it, as libbpf-tools does */
#define IRQ_KEYS     4096 /* entries a report can hold: handlers (or softirqs) times CPUs */

struct irq_key {
	__u32 cpu;		 /* with --cpu, else 0 */
	__s32 irq;		 /* the softirq's vector, or the hard interrupt's number */
	char name[IRQ_NAME_LEN]; /* hardirqs: the handler's name; softirqs: empty */
};

/* Everything one report says of a key, in one entry so that one swap retires it whole. */
struct irq_value {
	struct hist hist; /* with -d: the runs by time */
	__u64 count;	  /* runs */
	__u64 total_ns;	  /* their time, unless counting only (-C) */
};

#endif
