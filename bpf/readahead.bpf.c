// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * readahead: the pages readahead brings into the page cache, how many of
 * them are used and how old they are at their first use.
 *
 * bcc marks a task "in readahead" between the entry and the return of
 * __do_page_cache_readahead() (do_page_cache_ra(), page_cache_ra_order()),
 * takes every page __page_cache_alloc() (filemap_alloc_folio()) returns
 * meanwhile as a readahead page, and sees its first use at
 * mark_page_accessed() (folio_mark_accessed()): kprobes all. Here each
 * hook is a tracepoint where the kernel has one (the readahead ones are
 * Linux 6.18+, the filemap read and fault ones 6.12+), else a kprobe:
 *
 * - Requests: a read that missed the cache, or reached a page marked for
 *   readahead, and the pages it asked for (req_count), counted by kind.
 *   readahead:page_cache_sync_ra and page_cache_async_ra, else kprobes on
 *   the functions of the same names (Linux 5.10+): page_cache_sync_ra(ractl,
 *   req_count) and page_cache_async_ra(ractl, folio, req_count) since 5.13
 *   (a page before 5.18), when struct readahead_control gained `ra`;
 *   (ractl, ra, req_count) and (ractl, ra, page, req_count) before. Not
 *   every call reads ahead (a random pattern reads just what was asked),
 *   so they are requests.
 * - Windows: the pages readahead is about to fill, in the task that reads.
 *   readahead:page_cache_ra_unbounded (index, nr_to_read) and
 *   page_cache_ra_order (index, ra->size). There is no tracepoint at its
 *   end, so the window is the task's until its next readahead, or until
 *   the read that ran it takes its pages (filemap:mm_filemap_get_pages,
 *   which fires after filemap_get_pages() has read ahead). Else kprobes on
 *   page_cache_ra_unbounded(ractl, nr_to_read, lookahead) (Linux 5.10+)
 *   and page_cache_ra_order(ractl, ra, order) (5.18+; attached where the
 *   kernel has it), the window [ractl->_index, + nr_to_read or ra->size),
 *   closed by a kretprobe on each: exactly the call. page_cache_ra_order()
 *   falls back to do_page_cache_ra() -> page_cache_ra_unbounded() as the
 *   last thing it does; the inner call opens its own window and its
 *   return closes it, with nothing left for the outer one to add, and a
 *   folio is counted at its insertion, once, whichever window holds it.
 * - filemap:mm_filemap_add_to_page_cache (every kernel; a struct page
 *   before 5.16, folio.bpf.h reads both): a folio the cache took. One the
 *   task adds inside its open window (same file, an index in it) is a
 *   readahead folio: its pages are counted, and it is kept by (mapping,
 *   index) with the time, until its first use or its removal.
 * - First use, with the filemap tracepoints (6.12+): mm_filemap_get_pages
 *   (a buffered read takes a batch of folios, from index to the end of the
 *   read) and mm_filemap_fault (a page fault on the file, one index); a
 *   use is a read or a fault that reaches the page, by any task, and
 *   mapping pages by fault-around is not one. Without them, bcc's: a
 *   kprobe on folio_mark_accessed(folio) (5.16+; mark_page_accessed() is
 *   its wrapper there) or mark_page_accessed(page) (before), which every
 *   buffered read calls for each folio it copies from (a read that goes on
 *   in the folio the last one ended in does not mark it again: it was
 *   used already), and a page fault does not: a page only ever mapped is
 *   not seen used there.
 * - filemap:mm_filemap_delete_from_page_cache (every kernel): a kept folio
 *   leaves the cache before any use: evicted unused.
 *
 * The task filter chooses whose readahead is counted; the use of a page it
 * brought in is counted whoever uses it. Counts and ages are per CPU in the
 * summary map; the pages kept are a count all CPUs share. Every program
 * that may be chosen on Linux 5.10 (kprobes, the filemap insertion and
 * removal tracepoints) verifies without task storage (5.11), bpf_loop
 * (5.17) or pointer arguments to global functions (5.12).
 */
#include "sonde.bpf.h"
#include "filter.bpf.h"
#include "folio.bpf.h"
#include "hist.bpf.h"
#include "lost.bpf.h"
#include "regs.bpf.h"
#include "summary.bpf.h"
#include "task_storage.bpf.h"
#include "readahead.h"

#define RA_MAX_PAGES 65536 /* readahead folios kept until their first use */
#define RA_WALK	     64	   /* indexes a read's batch is searched at, from its first */
#define RA_MAX_ORDER 9	   /* the largest folio searched for under an index (2 MiB) */

SUMMARY_MAP(counts, BPF_MAP_TYPE_PERCPU_ARRAY, 0, 1, __u32, struct ra_counts);

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, RA_MAX_PAGES);
	__type(key, struct ra_page_key);
	__type(value, struct ra_page);
} ra_pages SEC(".maps");

/* Readahead pages in the cache and not used yet, over the whole trace (user space reads it). */
__u64 unused_pages;

/* The window a task's readahead is filling: pages [first, end) of mapping (0: none open). */
struct ra_window {
	__u64 mapping;
	__u64 first;
	__u64 end;
};

TASK_STATE(ra_windows, struct ra_window, 4096)

static __always_inline struct ra_counts *counts_here(void)
{
	static const struct ra_counts none;
	__u32 zero = 0;

	return summary_entry(counts, &zero, &none);
}

static __always_inline void count(enum ra_count c, __u64 n)
{
	struct ra_counts *rc = counts_here();

	if (rc && c < RA_COUNTS)
		rc->n[c] += n; /* this CPU's own */
}

/* ---- requests ---- */

/* A request of `kind` (RA_SYNC, RA_ASYNC), and the pages it asked for (the next count). */
static __always_inline void requested(enum ra_count kind, __u64 pages)
{
	if (filter_task()) {
		count(kind, 1);
		count(kind + 1, pages);
	}
}

SEC("raw_tp/page_cache_sync_ra")
int BPF_PROG(ra_sync_raw, struct inode *inode, unsigned long index, void *ra,
	     unsigned long req_count)
{
	requested(RA_SYNC, req_count);
	return TRACE_DONE;
}

SEC("raw_tp/page_cache_async_ra")
int BPF_PROG(ra_async_raw, struct inode *inode, unsigned long index, void *ra,
	     unsigned long req_count)
{
	requested(RA_ASYNC, req_count);
	return TRACE_DONE;
}

/* Since 5.13 the readahead_control carries the file_ra_state; before, it was an argument. */
static __always_inline bool ra_in_ractl(void)
{
	return bpf_core_field_exists(struct readahead_control, ra);
}

/*
 * A request whose req_count is the argument since_5_13, or before (see
 * ra_in_ractl()). Both are read as they are: a choice between two loads is
 * otherwise compiled as one load at an offset chosen at run time, which
 * the verifier refuses in a kprobe's context.
 */
static __always_inline void requested_args(enum ra_count kind, __u64 since_5_13, __u64 before)
{
	barrier_var(since_5_13);
	barrier_var(before);
	requested(kind, ra_in_ractl() ? since_5_13 : before);
}

SEC("kprobe/page_cache_sync_ra")
int ra_sync_kprobe(struct pt_regs *ctx)
{
	requested_args(RA_SYNC, KPROBE_ARG2(ctx), KPROBE_ARG3(ctx));
	return TRACE_DONE;
}

SEC("kprobe/page_cache_async_ra")
int ra_async_kprobe(struct pt_regs *ctx)
{
	requested_args(RA_ASYNC, KPROBE_ARG3(ctx), KPROBE_ARG4(ctx));
	return TRACE_DONE;
}

/* ---- windows ---- */

static __always_inline void window_opens(__u64 mapping, __u64 first, __u64 pages)
{
	struct ra_window *w;

	if (!filter_task())
		return;
	w = ra_windows_get(true);
	if (!w)
		return;
	w->mapping = mapping;
	w->first = first;
	w->end = first + pages;
}

/* The current task's window, once its readahead is over: none. */
static __always_inline void window_closes(void)
{
	struct ra_window *w;

	if (!filter_task()) /* it opened none: skip the lookup */
		return;
	w = ra_windows_get(false);
	if (w)
		w->mapping = 0;
}

SEC("raw_tp/page_cache_ra_unbounded")
int BPF_PROG(ra_unbounded_raw, struct inode *inode, unsigned long index, unsigned long nr_to_read)
{
	window_opens((__u64)BPF_CORE_READ(inode, i_mapping), index, nr_to_read);
	return TRACE_DONE;
}

SEC("raw_tp/page_cache_ra_order")
int BPF_PROG(ra_order_raw, struct inode *inode, unsigned long index, struct file_ra_state *ra)
{
	window_opens((__u64)BPF_CORE_READ(inode, i_mapping), index, BPF_CORE_READ(ra, size));
	return TRACE_DONE;
}

static __always_inline void ractl_window_opens(struct readahead_control *ractl, __u64 pages)
{
	window_opens((__u64)BPF_CORE_READ(ractl, mapping), BPF_CORE_READ(ractl, _index), pages);
}

SEC("kprobe/page_cache_ra_unbounded")
int ra_unbounded_kprobe(struct pt_regs *ctx)
{
	ractl_window_opens((struct readahead_control *)KPROBE_ARG1(ctx), KPROBE_ARG2(ctx));
	return TRACE_DONE;
}

SEC("kretprobe/page_cache_ra_unbounded")
int ra_unbounded_kretprobe(struct pt_regs *ctx)
{
	window_closes();
	return TRACE_DONE;
}

SEC("kprobe/page_cache_ra_order")
int ra_order_kprobe(struct pt_regs *ctx)
{
	struct file_ra_state *ra = (struct file_ra_state *)KPROBE_ARG2(ctx);

	ractl_window_opens((struct readahead_control *)KPROBE_ARG1(ctx), BPF_CORE_READ(ra, size));
	return TRACE_DONE;
}

SEC("kretprobe/page_cache_ra_order")
int ra_order_kretprobe(struct pt_regs *ctx)
{
	window_closes();
	return TRACE_DONE;
}

/* ---- readahead pages in, and out unused ---- */

SEC("raw_tp/mm_filemap_add_to_page_cache")
int BPF_PROG(ra_add_raw, struct folio *folio)
{
	struct ra_window *w = ra_windows_get(false);
	struct ra_page_key key;
	struct ra_page page;

	if (!w || !w->mapping)
		return TRACE_DONE;
	folio_place(folio, &key.mapping, &key.index);
	page.pages = folio_pages(folio);
	/* a folio aligned below the window's first index still overlaps it */
	if (key.mapping != w->mapping || key.index + page.pages <= w->first || key.index >= w->end)
		return TRACE_DONE;
	page.added_ns = bpf_ktime_get_ns();
	count(RA_PAGES, page.pages);
	if (bpf_map_update_elem(&ra_pages, &key, &page, BPF_ANY)) {
		count_lost(); /* full: its use cannot be seen */
		return TRACE_DONE;
	}
	__sync_fetch_and_add(&unused_pages, page.pages);
	return TRACE_DONE;
}

SEC("raw_tp/mm_filemap_delete_from_page_cache")
int BPF_PROG(ra_delete_raw, struct folio *folio)
{
	struct ra_page_key key;
	struct ra_page *page;
	__u64 pages;

	if (!unused_pages)
		return TRACE_DONE;
	folio_place(folio, &key.mapping, &key.index);
	page = bpf_map_lookup_elem(&ra_pages, &key);
	if (!page)
		return TRACE_DONE;
	pages = page->pages;
	if (bpf_map_delete_elem(&ra_pages, &key) == 0) { /* else a use took it first */
		count(RA_EVICTED_UNUSED, pages);
		__sync_fetch_and_sub(&unused_pages, pages);
	}
	return TRACE_DONE;
}

/* ---- first use ---- */

/*
 * The kept folio at (mapping, index), now used: counted once, with its age.
 * How many pages. A global function: verified once, not at each caller;
 * its arguments are scalars, which global functions take since 5.6
 * (pointers only since 5.12).
 */
__noinline __u64 use(__u64 mapping, __u64 index, __u64 now)
{
	struct ra_page_key key = { .mapping = mapping, .index = index };
	struct ra_page *page;
	struct ra_counts *rc;
	__u64 pages, age_ms;

	page = bpf_map_lookup_elem(&ra_pages, &key);
	if (!page)
		return 0;
	pages = page->pages;
	age_ms = (now - page->added_ns) / 1000000;
	if (bpf_map_delete_elem(&ra_pages, &key)) /* another CPU's use or eviction took it */
		return pages;
	__sync_fetch_and_sub(&unused_pages, pages);
	rc = counts_here();
	if (rc) {
		rc->n[RA_USED] += pages;
		hist_count(&rc->age_ms, hist_log2_slot(age_ms));
	}
	return pages;
}

/*
 * The walks below run in bpf_loop() (Linux 5.17+; these programs load on
 * 6.18+ only): its callback is verified once, where a bounded loop over
 * use() would be verified once per turn, seconds of start-up.
 */
struct walk {
	struct ra_page_key key;
	__u64 now;
	__u64 at;   /* the next index */
	__u64 last; /* the last index to look at */
};

/* A kept folio that holds w->at but starts below it (a large one): used, and w->at past it. */
static long holder_step(__u32 order, void *ctx)
{
	struct walk *w = ctx;
	__u64 pages;

	w->key.index = w->at & ~((2ULL << order) - 1); /* order + 1: order 0 is w->at itself */
	if (w->key.index == w->at)
		return 0;
	pages = use(w->key.mapping, w->key.index, w->now);
	if (!pages)
		return 0;
	w->at = w->key.index + pages;
	return 1;
}

/* The kept folio at w->at, if any, used; w->at past it (or the next index). */
static long walk_step(__u32 n, void *ctx)
{
	struct walk *w = ctx;
	__u64 pages;

	if (w->at > w->last)
		return 1;
	w->key.index = w->at;
	pages = use(w->key.mapping, w->key.index, w->now);
	w->at += pages ? pages : 1;
	return 0;
}

SEC("raw_tp/mm_filemap_get_pages")
int BPF_PROG(ra_get_pages_raw, struct address_space *mapping, unsigned long index,
	     unsigned long last)
{
	struct walk w = { .key.mapping = (__u64)mapping, .at = index, .last = last };
	struct ra_window *win = ra_windows_get(false);

	if (win)
		win->mapping = 0; /* the read has read ahead: its window is closed */
	if (!unused_pages)
		return TRACE_DONE;
	w.now = bpf_ktime_get_ns();
	bpf_loop(RA_MAX_ORDER, holder_step, &w, 0);
	bpf_loop(RA_WALK, walk_step, &w, 0);
	return TRACE_DONE;
}

SEC("raw_tp/mm_filemap_fault")
int BPF_PROG(ra_fault_raw, struct address_space *mapping, unsigned long index)
{
	struct walk w = { .key.mapping = (__u64)mapping, .at = index, .last = index };

	if (!unused_pages)
		return TRACE_DONE;
	w.now = bpf_ktime_get_ns();
	if (!use((__u64)mapping, index, w.now))
		bpf_loop(RA_MAX_ORDER, holder_step, &w, 0);
	return TRACE_DONE;
}

/* A folio (a page before 5.16) marked accessed: by a buffered read, among others. */
static __always_inline void accessed(const void *folio)
{
	__u64 mapping, index;

	if (!unused_pages)
		return;
	folio_place(folio, &mapping, &index);
	use(mapping, index, bpf_ktime_get_ns());
}

SEC("kprobe/folio_mark_accessed")
int ra_accessed_kprobe(struct pt_regs *ctx)
{
	accessed((const void *)KPROBE_ARG1(ctx));
	return TRACE_DONE;
}

SEC("kprobe/mark_page_accessed")
int ra_accessed_kprobe_old(struct pt_regs *ctx)
{
	accessed((const void *)KPROBE_ARG1(ctx));
	return TRACE_DONE;
}
