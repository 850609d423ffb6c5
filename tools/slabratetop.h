/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* slabratetop: the counts bpf/slabratetop.bpf.c keeps and tools/slabratetop.c prints. */
#ifndef SONDE_SLABRATETOP_H
#define SONDE_SLABRATETOP_H

/* Shared with BPF code, so it includes nothing: the includer provides __u64. */

#define SLAB_NAME_LEN 32 /* bcc's; the longest name on a 6.18 kernel is 23 */

/*
 * One row, keyed by the cache's struct kmem_cache (its address): the
 * allocations counted, and the cache's name and object size (its
 * kmem_cache.size, slab_size in /sys/kernel/slab) read at its first
 * allocation of the interval. Bytes are allocs * size, worked out in user
 * space: a cache's size never changes.
 */
struct slab_counts {
	__u64 allocs;
	__u32 size; /* 0 until its first counter has read the cache */
	__u32 pad;
	char name[SLAB_NAME_LEN];
};

#endif
