/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What softirqs and hardirqs share: the time from a handler's entry to its
 * exit on one CPU, counted and summed (or, with -d, put in a histogram)
 * per key of common/irq_layout.h, in a summary map (summary.bpf.h).
 *
 * The entry and exit are paired on a CPU by irq_pair.bpf.h.
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
#include "irq_pair.bpf.h"

const volatile bool counts_only = false; /* -C: count at entry, no exit program */
const volatile bool dist = false;	 /* -d: histograms */
const volatile bool nanoseconds = false; /* -N: histogram slots of ns, not us */
const volatile bool per_cpu = false;	 /* --cpu: a key per CPU */

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

/*
 * The run of `irq` that began on this CPU ends: 0 if its entry was not
 * seen (tracing began during it), else its time, for irq_end(); with
 * `kept_name` the name irq_begin()'s caller kept goes into key.
 */
static __always_inline __u64 irq_took(__s32 irq, struct irq_key *key, bool kept_name)
{
	__u64 ns;
	struct irq_start *s = irq_finish(irq, &ns);

	if (!s)
		return 0;
	if (kept_name)
		__builtin_memcpy(key->name, s->name, sizeof(key->name));
	return ns;
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
