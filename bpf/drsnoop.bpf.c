// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * drsnoop: reclaim done by the allocating task itself, with its latency and
 * the pages it freed: direct reclaim (the page allocator ran short) and
 * memory cgroup reclaim (a group reached its limit).
 *
 * Begin and end tracepoints come in the same task, so inflight.bpf.h pairs
 * them. The two kinds never nest: both run with PF_MEMALLOC set, under
 * which the kernel neither enters direct reclaim nor reclaims for a charge.
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "filter.bpf.h"
#include "inflight.bpf.h"
#include "drsnoop.h"

/* events/vmscan/mm_vmscan_*_reclaim_{begin,end}/format: fixed layouts, so no CO-RE */
struct reclaim_begin_record {
	__u64 common;
	__s32 order;
	__u32 pad;
	__u64 gfp_flags;
};

struct reclaim_end_record {
	__u64 common;
	__u64 nr_reclaimed;
};

static __always_inline void reclaim_begin(__s32 order, __u32 kind)
{
	struct inflight *in;

	if (!filter_task())
		return;
	in = inflight_begin();
	if (!in) {
		count_lost(); /* no task storage to pair it in: its end cannot be reported */
		return;
	}
	in->args[0] = order;
	in->extra = kind;
}

static __always_inline void reclaim_end(__u64 pages, __u32 kind)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct reclaim_event *e;
	struct inflight *in;

	/* a filtered-out task never began one: skip the storage lookup (no-op unfiltered) */
	if (!filter_task())
		return;
	in = inflight_end();
	if (!in || in->extra != kind)
		return;
	e = events_reserve(sizeof(*e));
	if (!e)
		return;
	e->ts = bpf_ktime_get_ns();
	e->latency_ns = e->ts - in->ts;
	e->pages = pages;
	e->pid = id >> 32;
	e->tid = (__u32)id;
	e->uid = (__u32)bpf_get_current_uid_gid();
	e->order = (__s32)in->args[0];
	e->kind = kind;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	events_submit(e);
}

SEC("tracepoint/vmscan/mm_vmscan_direct_reclaim_begin")
int direct_begin(struct reclaim_begin_record *ctx)
{
	reclaim_begin(ctx->order, RECLAIM_DIRECT);
	return TRACE_DONE;
}

SEC("tracepoint/vmscan/mm_vmscan_direct_reclaim_end")
int direct_end(struct reclaim_end_record *ctx)
{
	reclaim_end(ctx->nr_reclaimed, RECLAIM_DIRECT);
	return TRACE_DONE;
}

SEC("tracepoint/vmscan/mm_vmscan_memcg_reclaim_begin")
int memcg_begin(struct reclaim_begin_record *ctx)
{
	reclaim_begin(ctx->order, RECLAIM_MEMCG);
	return TRACE_DONE;
}

SEC("tracepoint/vmscan/mm_vmscan_memcg_reclaim_end")
int memcg_end(struct reclaim_end_record *ctx)
{
	reclaim_end(ctx->nr_reclaimed, RECLAIM_MEMCG);
	return TRACE_DONE;
}
