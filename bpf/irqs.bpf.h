/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What softirqs and hardirqs share: the time from a handler's entry to its
 * exit on one CPU, counted and summed (or, with -d, put in a histogram)
 * per key of common/irq_layout.h, in a summary map (summary.bpf.h).
 *
 * Interrupt context has no task to filter on or to keep state in: the
 * entry time is kept per CPU. Neither kind nests on a CPU (a hard
 * interrupt handler runs with interrupts off; softirqs are not run again
 * from inside one), but a hard interrupt may come in the middle of a
 * softirq: each tool keeps its own slot, and an exit is measured only if
 * the entry in the slot is its own (same vector or IRQ number).
 *
 * Each hook has a raw tracepoint program (first: no record is built for
 * it) and a classic tracepoint one (the records are a stable format), for
 * SONDE_ATTACH=tracepoint and any kernel that refused raw ones.
 */
#ifndef SONDE_IRQS_BPF_H
#define SONDE_IRQS_BPF_H

#include "sonde.bpf.h"
#include "hist.bpf.h"
#include "lost.bpf.h"
#include "summary.bpf.h"
#include "irq_layout.h"

const volatile bool counts_only = false; /* -C: count at entry, no exit program */
const volatile bool dist = false;	 /* -d: histograms */
const volatile bool nanoseconds = false; /* -N: histogram slots of ns, not us */
const volatile bool per_cpu = false;	 /* --cpu: a key per CPU */

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

SUMMARY_MAP(irqs, BPF_MAP_TYPE_HASH, BPF_F_NO_PREALLOC, IRQ_KEYS, struct irq_key, struct irq_value);

/* The key's entry of this interval; its cpu set here. */
static __always_inline struct irq_value *irq_value_of(struct irq_key *key)
{
	static const struct irq_value zero; /* 528 bytes: too big for the BPF stack */

	if (per_cpu)
		key->cpu = bpf_get_smp_processor_id();
	return summary_entry(irqs, key, &zero);
}

/* -C: one more run of the key. */
static __always_inline void irq_count(struct irq_key *key)
{
	struct irq_value *v = irq_value_of(key);

	if (v)
		__sync_fetch_and_add(&v->count, 1);
}

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
 * The run of `irq` that began on this CPU ends: 0 if its entry was not
 * seen (tracing began during it), else its time, for irq_end(); with
 * `kept_name` the name irq_begin()'s caller kept goes into key.
 */
static __always_inline __u64 irq_took(__s32 irq, struct irq_key *key, bool kept_name)
{
	__u32 zero = 0;
	struct irq_start *s = bpf_map_lookup_elem(&irq_start, &zero);
	__u64 ts;

	if (!s || !s->ts || s->irq != irq)
		return 0;
	ts = s->ts;
	s->ts = 0;
	if (kept_name)
		__builtin_memcpy(key->name, s->name, sizeof(key->name));
	return bpf_ktime_get_ns() - ts;
}

static __always_inline void irq_end(struct irq_key *key, __u64 ns)
{
	struct irq_value *v = irq_value_of(key);

	if (!v)
		return;
	__sync_fetch_and_add(&v->count, 1);
	__sync_fetch_and_add(&v->total_ns, ns);
	if (dist)
		hist_count(&v->hist, hist_log2_slot(nanoseconds ? ns : ns / 1000));
}

#endif
