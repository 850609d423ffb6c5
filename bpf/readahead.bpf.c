// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * readahead: the pages readahead brings into the page cache, how many of
 * them are used and how old they are at their first use, as far as the
 * kernel's tracepoints show it.
 *
 * bcc marks a task "in readahead" between the entry and the return of
 * __do_page_cache_readahead() (do_page_cache_ra(), page_cache_ra_order()),
 * takes every page __page_cache_alloc() (filemap_alloc_folio()) returns
 * meanwhile as a readahead page, and sees its first use at
 * mark_page_accessed() (folio_mark_accessed()): kprobes all. Here, from
 * tracepoints (the readahead ones are Linux 6.18+, the filemap read and
 * fault ones 6.12+):
 *
 * - readahead:page_cache_sync_ra and page_cache_async_ra: a read that
 *   missed the cache, or reached a page marked for readahead, and the pages
 *   it asked for (req_count): counted by kind. Not every call reads ahead
 *   (a random pattern reads just what was asked), so they are requests.
 * - readahead:page_cache_ra_unbounded (index, nr_to_read) and
 *   page_cache_ra_order (index, ra->size): the window readahead is about to
 *   fill, in the task that reads. There is no tracepoint at its end, so
 *   the window is the task's until its next readahead, or until the read
 *   that ran it takes its pages (filemap:mm_filemap_get_pages, which fires
 *   after filemap_get_pages() has read ahead).
 * - filemap:mm_filemap_add_to_page_cache: a folio the cache took. One the
 *   task adds inside its open window (same file, an index in it) is a
 *   readahead folio: its pages are counted, and it is kept by (mapping,
 *   index) with the time, until its first use or its removal.
 * - First use: filemap:mm_filemap_get_pages (a buffered read takes a batch
 *   of folios, from index to the end of the read) and mm_filemap_fault (a
 *   page fault on the file, one index). There is no tracepoint where a
 *   page is marked accessed: a use is a read or a fault that reaches the
 *   page, by any task. Mapping pages by fault-around is not a use.
 * - filemap:mm_filemap_delete_from_page_cache: a kept folio leaves the
 *   cache before any use: evicted unused.
 *
 * The task filter chooses whose readahead is counted; the use of a page it
 * brought in is counted whoever uses it. Counts and ages are per CPU in the
 * summary map; the pages kept are a count all CPUs share.
 */
#include "sonde.bpf.h"
#include "filter.bpf.h"
#include "folio.bpf.h"
#include "hist.bpf.h"
#include "lost.bpf.h"
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

/* The window a task's readahead is filling: pages [first, end) of mapping. */
struct ra_window {
	__u64 mapping;
	__u64 first;
	__u64 end;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct ra_window);
} ra_windows SEC(".maps");

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

/* ---- windows ---- */

static __always_inline void window_opens(struct inode *inode, __u64 first, __u64 pages)
{
	struct ra_window *w;

	if (no_task_storage || !filter_task())
		return;
	w = bpf_task_storage_get(&ra_windows, bpf_get_current_task_btf(), 0,
				 BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!w)
		return;
	w->mapping = (__u64)BPF_CORE_READ(inode, i_mapping);
	w->first = first;
	w->end = first + pages;
}

SEC("raw_tp/page_cache_ra_unbounded")
int BPF_PROG(ra_unbounded_raw, struct inode *inode, unsigned long index, unsigned long nr_to_read)
{
	window_opens(inode, index, nr_to_read);
	return TRACE_DONE;
}

SEC("raw_tp/page_cache_ra_order")
int BPF_PROG(ra_order_raw, struct inode *inode, unsigned long index, struct file_ra_state *ra)
{
	window_opens(inode, index, BPF_CORE_READ(ra, size));
	return TRACE_DONE;
}

/* The current task's open window, if any. */
static __always_inline struct ra_window *window(void)
{
	if (no_task_storage)
		return NULL;
	return bpf_task_storage_get(&ra_windows, bpf_get_current_task_btf(), 0, 0);
}

/* ---- readahead pages in, and out unused ---- */

SEC("raw_tp/mm_filemap_add_to_page_cache")
int BPF_PROG(ra_add_raw, struct folio *folio)
{
	struct ra_window *w = window();
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
 * How many pages. A global function: verified once, not at each caller.
 */
__noinline __u64 use(struct ra_page_key *key, __u64 now)
{
	struct ra_page *page;
	struct ra_counts *rc;
	__u64 pages, age_ms;

	if (!key)
		return 0;
	page = bpf_map_lookup_elem(&ra_pages, key);
	if (!page)
		return 0;
	pages = page->pages;
	age_ms = (now - page->added_ns) / 1000000;
	if (bpf_map_delete_elem(&ra_pages, key)) /* another CPU's use or eviction took it */
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
	pages = use(&w->key, w->now);
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
	pages = use(&w->key, w->now);
	w->at += pages ? pages : 1;
	return 0;
}

SEC("raw_tp/mm_filemap_get_pages")
int BPF_PROG(ra_get_pages_raw, struct address_space *mapping, unsigned long index,
	     unsigned long last)
{
	struct walk w = { .key.mapping = (__u64)mapping, .at = index, .last = last };
	struct ra_window *win = window();

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
	w.key.index = index;
	if (!use(&w.key, w.now))
		bpf_loop(RA_MAX_ORDER, holder_step, &w, 0);
	return TRACE_DONE;
}
