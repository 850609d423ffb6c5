/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* drsnoop: the record bpf/drsnoop.bpf.c sends and tools/drsnoop.c prints. */
#ifndef SONDE_DRSNOOP_H
#define SONDE_DRSNOOP_H

#include "task.h"

enum reclaim_kind {
	RECLAIM_DIRECT = 1, /* the page allocator ran short: try_to_free_pages() */
	RECLAIM_MEMCG = 2,  /* a memory cgroup reached its limit: try_to_free_mem_cgroup_pages() */
};

struct reclaim_event {
	struct task_head task; /* ts: when reclaim ended */
	__u64 latency_ns;
	__u64 pages; /* reclaimed */
	__s32 order; /* of the allocation that needed the memory (0 for memory cgroup reclaim) */
	__u32 kind;  /* enum reclaim_kind */
};

#endif
