// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cachetop: page-cache lookups, insertions and dirtied pages per process,
 * summed in the kernel for each interval, in the task that caused them.
 * pagecache.bpf.h says which events are counted where.
 */
#include "sonde.bpf.h"
#include "summary.bpf.h"
#include "pagecache.bpf.h"

SUMMARY_MAP(tops, BPF_MAP_TYPE_HASH, 0, 10240, struct cachetop_key, struct cache_counts);

static __always_inline void cache_count(enum cache_event ev, __u64 pages)
{
	static const struct cache_counts none;
	struct cachetop_key key = {};
	struct cache_counts *c;

	if (!pages || ev >= CACHE_EVENTS)
		return;
	key.pid = current_tgid();
	key.uid = (__u32)bpf_get_current_uid_gid();
	bpf_get_current_comm(key.comm, sizeof(key.comm));
	c = summary_entry(tops, &key, &none);
	if (c)
		__sync_fetch_and_add(&c->n[ev], pages);
}
