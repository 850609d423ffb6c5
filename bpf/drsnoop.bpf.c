// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * drsnoop: reclaim done by the allocating task itself, with its latency and
 * the pages it freed: direct reclaim (the page allocator ran short) and
 * memory cgroup reclaim (a group reached its limit).
 *
 * Begin and end tracepoints come in the same task, so inflight.bpf.h pairs
 * them. The two kinds never nest: both run with PF_MEMALLOC set, under
 * which the kernel neither enters direct reclaim nor reclaims for a charge.
 * The records are read through their CO-RE types (memory cgroup reclaim
 * uses the same templates as direct reclaim).
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "filter.bpf.h"
#include "inflight.bpf.h"
#include "task.bpf.h"
#include "drsnoop.h"

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
	task_head_fill_at(&e->task, bpf_ktime_get_ns());
	e->latency_ns = e->task.ts - in->ts;
	e->pages = pages;
	e->order = (__s32)in->args[0];
	e->kind = kind;
	events_submit(e);
}

SEC("tracepoint/vmscan/mm_vmscan_direct_reclaim_begin")
int direct_begin(struct trace_event_raw_mm_vmscan_direct_reclaim_begin_template *ctx)
{
	reclaim_begin(ctx->order, RECLAIM_DIRECT);
	return TRACE_DONE;
}

SEC("tracepoint/vmscan/mm_vmscan_direct_reclaim_end")
int direct_end(struct trace_event_raw_mm_vmscan_direct_reclaim_end_template *ctx)
{
	reclaim_end(ctx->nr_reclaimed, RECLAIM_DIRECT);
	return TRACE_DONE;
}

SEC("tracepoint/vmscan/mm_vmscan_memcg_reclaim_begin")
int memcg_begin(struct trace_event_raw_mm_vmscan_direct_reclaim_begin_template *ctx)
{
	reclaim_begin(ctx->order, RECLAIM_MEMCG);
	return TRACE_DONE;
}

SEC("tracepoint/vmscan/mm_vmscan_memcg_reclaim_end")
int memcg_end(struct trace_event_raw_mm_vmscan_direct_reclaim_end_template *ctx)
{
	reclaim_end(ctx->nr_reclaimed, RECLAIM_MEMCG);
	return TRACE_DONE;
}
