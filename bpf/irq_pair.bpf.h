/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Pairing a handler's entry with its exit on one CPU, for softirqs,
 * hardirqs (through irqs.bpf.h) and softirqslower: the time a run took.
 *
 * Interrupt context has no task to keep state in: the entry time is kept
 * per CPU. Neither kind nests on a CPU (a hard interrupt handler runs with
 * interrupts off; softirqs are not run again from inside one), but a hard
 * interrupt may come in the middle of a softirq: each tool keeps its own
 * slot, and an exit is measured only if the entry in the slot is its own
 * (same vector or IRQ number).
 */
#ifndef SONDE_IRQ_PAIR_BPF_H
#define SONDE_IRQ_PAIR_BPF_H

#include "sonde.bpf.h"
#include "irq_layout.h"

struct irq_start {
	__u64 ts;
	__s32 irq;
	__u32 pad;
	/* hardirqs on classic tracepoints: the exit's record has no name, the entry's does */
	char name[IRQ_NAME_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct irq_start);
} irq_start SEC(".maps");

/* A run of `irq` begins on this CPU: its slot, for a name to be kept in it; NULL if none. */
static __always_inline struct irq_start *irq_begin(__s32 irq)
{
	__u32 zero = 0;
	struct irq_start *s = bpf_map_lookup_elem(&irq_start, &zero);

	if (!s)
		return NULL;
	s->ts = bpf_ktime_get_ns();
	s->irq = irq;
	return s;
}

/*
 * The run of `irq` that began on this CPU ends: its slot (with the name its
 * entry kept) and its time in *ns; NULL if its entry was not seen (tracing
 * began during it).
 */
static __always_inline struct irq_start *irq_finish(__s32 irq, __u64 *ns)
{
	__u32 zero = 0;
	struct irq_start *s = bpf_map_lookup_elem(&irq_start, &zero);

	if (!s || !s->ts || s->irq != irq)
		return NULL;
	*ns = bpf_ktime_get_ns() - s->ts;
	s->ts = 0;
	return s;
}

#endif
