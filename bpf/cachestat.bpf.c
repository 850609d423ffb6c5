// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cachestat: page-cache lookups, insertions and dirtied pages for the
 * whole system (or the tasks a filter keeps), per CPU in the kernel, read
 * once per interval. pagecache.bpf.h says which events are counted where.
 */
#include "sonde.bpf.h"
#include "summary.bpf.h"
#include "pagecache.bpf.h"

SUMMARY_MAP(counts, BPF_MAP_TYPE_PERCPU_ARRAY, 0, 1, __u32, struct cache_counts);

static __always_inline void cache_count(enum cache_event ev, __u64 pages)
{
	static const struct cache_counts none;
	struct cache_counts *c;
	__u32 zero = 0;

	if (!pages)
		return;
	c = summary_entry(counts, &zero, &none);
	if (c && ev < CACHE_EVENTS)
		c->n[ev] += pages; /* this CPU's own: no atomic needed */
}
