// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * numamove: page migrations per reason, and the time spent in them.
 *
 * Every migrate_pages() call, whatever moves pages (NUMA balancing's hinting
 * faults, compaction, move_pages(2), mbind(2), memory tiering's demotion),
 * fires migrate:mm_migrate_pages_start as it begins and
 * migrate:mm_migrate_pages as it ends, both in the calling task, the
 * second with the pages that moved and that failed, and the reason. bcc
 * and libbpf-tools instead probe migrate_misplaced_page() (a folio since
 * 6.7), a kernel function: NUMA balancing's migrations alone, and only
 * where kprobes or fentry are allowed. The tracepoints are stable and seen
 * everywhere; the default report keeps bcc's scope (reason
 * numa_misplaced), -a every reason.
 *
 * Kernels: mm_migrate_pages since Linux 3.8 (the THP counts since 5.9,
 * large_folio_split since 6.15: not read). mm_migrate_pages_start came
 * after 5.11 (in 5.13, absent from 5.11): without it (Debian's 5.10) pages
 * and calls are counted and the time is not (user space shows "-").
 *
 * A migrate_pages() may run inside another in the same task (allocating a
 * huge target page can compact memory): only the outermost call is timed,
 * so time is never counted twice; every call's pages are counted.
 */
#include "sonde.bpf.h"
#include "filter.bpf.h"
#include "inflight.bpf.h"
#include "summary.bpf.h"
#include "numamove.h"

SUMMARY_MAP(reasons, BPF_MAP_TYPE_HASH, 0, 256, __u32, struct numamove_counts);

/*
 * The record is read in place, its fields relocated to this kernel's
 * layout (vmlinux.h's types carry preserve_access_index).
 */

/* The kernel's reason, by name where this kernel has it (see numamove.h). */
#define WHY(kernel_name, ours)                                               \
	if (bpf_core_enum_value_exists(enum migrate_reason, kernel_name) &&  \
	    reason == bpf_core_enum_value(enum migrate_reason, kernel_name)) \
		return ours;

static __always_inline __u32 why_of(int reason)
{
	WHY(MR_COMPACTION, WHY_COMPACTION)
	WHY(MR_MEMORY_FAILURE, WHY_MEMORY_FAILURE)
	WHY(MR_MEMORY_HOTPLUG, WHY_MEMORY_HOTPLUG)
	WHY(MR_SYSCALL, WHY_SYSCALL)
	WHY(MR_MEMPOLICY_MBIND, WHY_MEMPOLICY_MBIND)
	WHY(MR_NUMA_MISPLACED, WHY_NUMA_MISPLACED)
	WHY(MR_CONTIG_RANGE, WHY_CONTIG_RANGE)
	WHY(MR_LONGTERM_PIN, WHY_LONGTERM_PIN) /* these three: newer kernels only */
	WHY(MR_DEMOTION, WHY_DEMOTION)
	WHY(MR_DAMON, WHY_DAMON)
	return MIGRATE_REASONS + (reason & 0xff);
}

/* A call begins: timed, unless it runs inside one of this task's own. */
SEC("tracepoint/migrate/mm_migrate_pages_start")
int started(void *ctx)
{
	struct inflight *in;

	if (!filter_task())
		return TRACE_DONE;
	in = inflight_current();
	if (in) {
		in->extra++; /* nested: the outer call's time covers it */
		return TRACE_DONE;
	}
	in = inflight_begin();
	if (in)
		in->extra = 0;
	return TRACE_DONE;
}

SEC("tracepoint/migrate/mm_migrate_pages")
int ended(struct trace_event_raw_mm_migrate_pages *ctx)
{
	static const struct numamove_counts zero;
	struct numamove_counts *c;
	struct inflight *in;
	__u64 ns = 0;
	__u32 why;

	if (!filter_task())
		return TRACE_DONE;
	in = inflight_current();
	if (in && in->extra)
		in->extra--;
	else if ((in = inflight_end()))
		ns = bpf_ktime_get_ns() - in->ts;
	why = why_of(ctx->reason);
	c = summary_entry(reasons, &why, &zero);
	if (!c)
		return TRACE_DONE;
	__sync_fetch_and_add(&c->succeeded, ctx->succeeded);
	__sync_fetch_and_add(&c->failed, ctx->failed);
	__sync_fetch_and_add(&c->calls, 1);
	__sync_fetch_and_add(&c->ns, ns);
	return TRACE_DONE;
}
