/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* In-kernel histograms in the layout common/hist.c prints. */
#ifndef SONDE_HIST_BPF_H
#define SONDE_HIST_BPF_H

#include "sonde.bpf.h"
#include "summary.bpf.h"
#include "hist_layout.h"

/* In BPF, the slot without branches (hist_layout.h says why). */
#define hist_log2_slot(v) hist_log2_slot_flat(v)

/* Count one value in `slot` of h: one atomic add, as CPUs share the histogram. */
static __always_inline void hist_count(struct hist *h, __u32 slot)
{
	if (slot < HIST_SLOTS) /* always true; tells the verifier the bound */
		__sync_fetch_and_add(&h->slots[slot], 1);
}

/*
 * Add one value to the histogram at `key` of a summary map (summary.bpf.h,
 * SUMMARY_OF()) of struct hist, creating it on first use; a full map counts
 * it as lost.
 */
static __always_inline void hist_add_in(void *live, void *map0, void *map1, const void *key,
					__u32 slot)
{
	static const struct hist empty; /* 512 bytes: too big for the BPF stack */
	struct hist *h = summary_entry_in(live, map0, map1, key, &empty);

	if (h)
		hist_count(h, slot);
}

#define hist_add(summary, key, slot) hist_add_in(SUMMARY_OF(summary), key, slot)

/* The same for a log-linear histogram (struct hist_fine), of the value itself. */
static __always_inline void hist_fine_add_in(void *live, void *map0, void *map1, const void *key,
					     __u64 value)
{
	static const struct hist_fine empty;
	struct hist_fine *h = summary_entry_in(live, map0, map1, key, &empty);
	__u32 slot = hist_fine_slot(value);

	if (h && slot < HIST_FINE_SLOTS)
		__sync_fetch_and_add(&h->slots[slot], 1);
}

#define hist_fine_add(summary, key, value) hist_fine_add_in(SUMMARY_OF(summary), key, value)

#endif
