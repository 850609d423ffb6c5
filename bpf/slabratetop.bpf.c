// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * slabratetop: kernel slab allocations per cache, counted in the kernel,
 * one row per cache (by its struct kmem_cache) in a SUMMARY_MAP that user
 * space reads and empties at each interval. A row reads the cache's name
 * and size once, at its first allocation of the interval; every later one
 * is a lookup and an add.
 *
 * Where the allocation is seen:
 * - Linux 6.1+: the kmem:kmem_cache_alloc tracepoint passes the cache
 *   (commit 2c1d697fb8ba, "mm/slab_common: drop kmem_alloc & avoid
 *   dereferencing fields when not using", v6.1-rc1: TP_PROTO(call_site,
 *   ptr, struct kmem_cache *s, gfp_flags, node)). It fires for
 *   kmem_cache_alloc(), _lru() and _node() alike (kmem_cache_alloc_node
 *   lost its own tracepoint there), after the allocation: a failed one
 *   (ptr NULL) is not counted. Its raw form is read (raw_tp): no record is
 *   built, and libbpf needs no whole kernel BTF as it does for tp_btf.
 * - Before 6.1 the tracepoint passes sizes, not the cache (the same number
 *   of arguments: the probe table tells them apart by the third's type).
 *   There, as bcc does, kprobes at the functions' entry, whose first
 *   argument is the cache: kmem_cache_alloc() (up to 6.9, when it became
 *   kmem_cache_alloc_noprof()), kmem_cache_alloc_node() (NUMA kernels) and
 *   kmem_cache_alloc_lru() (5.18 to 6.9), none calling another. A call
 *   that then fails is counted.
 * kmalloc() is not counted either way: since 6.1 it has its own kmalloc
 * tracepoint, which names no cache, and before it went around
 * kmem_cache_alloc() (kmem_cache_alloc_trace(), __kmalloc()) as for bcc.
 *
 * The task filters apply to the task the allocation ran in: an allocation
 * in interrupt context counts for the task it interrupted.
 */
#include "sonde.bpf.h"
#include "filter.bpf.h"
#include "regs.bpf.h"
#include "summary.bpf.h"
#include "slabratetop.h"

/* a kernel has some 200 to 400 caches */
SUMMARY_MAP(tops, BPF_MAP_TYPE_HASH, 0, 4096, __u64, struct slab_counts);

static __always_inline void slab_count(struct kmem_cache *s)
{
	static const struct slab_counts zero;
	struct slab_counts *c;
	__u64 key = (__u64)s;

	if (!s || !filter_task())
		return;
	c = summary_entry(tops, &key, &zero);
	if (!c)
		return;
	if (!c->size) { /* two CPUs may both fill it in: with the same bytes */
		bpf_probe_read_kernel_str(c->name, sizeof(c->name), BPF_CORE_READ(s, name));
		c->size = BPF_CORE_READ(s, size);
	}
	__sync_fetch_and_add(&c->allocs, 1);
}

SEC("raw_tp/kmem_cache_alloc")
int BPF_PROG(slab_alloc_raw, unsigned long call_site, const void *ptr, struct kmem_cache *s)
{
	if (ptr)
		slab_count(s);
	return TRACE_DONE;
}

SEC("kprobe/kmem_cache_alloc")
int slab_alloc_kprobe(struct pt_regs *ctx)
{
	slab_count((struct kmem_cache *)KPROBE_ARG1(ctx));
	return TRACE_DONE;
}

SEC("kprobe/kmem_cache_alloc_node")
int slab_alloc_node_kprobe(struct pt_regs *ctx)
{
	slab_count((struct kmem_cache *)KPROBE_ARG1(ctx));
	return TRACE_DONE;
}

SEC("kprobe/kmem_cache_alloc_lru")
int slab_alloc_lru_kprobe(struct pt_regs *ctx)
{
	slab_count((struct kmem_cache *)KPROBE_ARG1(ctx));
	return TRACE_DONE;
}
