/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* In-kernel histograms in the layout common/hist.c prints. */
#ifndef SONDE_HIST_BPF_H
#define SONDE_HIST_BPF_H

#include "sonde.bpf.h"
#include "lost.bpf.h"
#include "hist_layout.h"

/* Count one value in `slot` of h: one atomic add, as CPUs share the histogram. */
static __always_inline void hist_count(struct hist *h, __u32 slot)
{
	if (slot < HIST_SLOTS) /* always true; tells the verifier the bound */
		__sync_fetch_and_add(&h->slots[slot], 1);
}

/*
 * Add one value to the histogram at `key` in a hash map of struct hist,
 * creating it on first use. Concurrent CPUs may race on creation: the loser's
 * BPF_NOEXIST update fails harmlessly and it looks the winner's entry up.
 * A value that finds no room (the map is full) is counted as lost.
 */
static __always_inline void hist_add(void *map, const void *key, __u32 slot)
{
	static const struct hist empty;
	struct hist *h = bpf_map_lookup_elem(map, key);

	if (!h) {
		bpf_map_update_elem(map, key, &empty, BPF_NOEXIST);
		h = bpf_map_lookup_elem(map, key);
		if (!h) {
			count_lost();
			return;
		}
	}
	hist_count(h, slot);
}

#endif
