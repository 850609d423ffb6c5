/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Page-cache lookups, insertions and dirtying, in pages, for cachestat and
 * cachetop. Each program calls the including tool's
 *
 *	static __always_inline void cache_count(enum cache_event ev, __u64 pages);
 *
 * in the task that caused the event, once the shared task filter kept it.
 * The probe table takes PAGECACHE_PROBES (common/pagecache.h).
 *
 * bcc counts calls of kernel functions: mark_page_accessed() or
 * folio_mark_accessed() as accesses, add_to_page_cache_lru() or
 * filemap_add_folio() as misses, account_page_dirtied() or
 * folio_account_dirtied() and mark_buffer_dirty() as dirties. A call is a
 * folio of one page or of many, and a buffered read (filemap_read()) marks
 * each folio it copies from but the first, when the read began in the folio
 * the file's previous read ended in: its accesses are not the pages a read
 * looks up. Here every count is in pages, and lookups are counted where
 * their range is known:
 *
 * Lookups (CACHE_ACCESSED). With the filemap tracepoints (Linux 6.12+):
 * mm_filemap_get_pages, each batch of folios a buffered read (or splice)
 * takes from the cache, which names the range from the batch's first page
 * to the end of the read; a read of many batches fires once per batch with
 * the same end, so a batch that continues the task's previous one (same
 * file, same end, a later start) adds nothing, the first having counted the
 * whole range. mm_filemap_fault, a page fault on a file mapping: one page.
 * mm_filemap_map_pages, fault-around mapping the cached pages near a
 * fault: its window, from the fault to its end. Without them: the read
 * function itself (filemap_read(), generic_file_buffered_read() before
 * 5.12) with the read's range, and filemap_fault() and
 * filemap_map_pages(), by fentry, else kprobes. Either way a read's range
 * ends at the end of the file: pages past it are not looked up.
 *
 * Insertions (CACHE_ADDED, the misses): mm_filemap_add_to_page_cache, each
 * folio the cache took (by a read, readahead, a write to a page it did not
 * hold), with its pages. Dirtying (CACHE_DIRTIED): writeback_dirty_folio
 * (writeback_dirty_page before 5.17), a clean folio made dirty, in
 * folio_account_dirtied(), bcc's function, with its pages. A write adds
 * the folio it lacks and then dirties it, in one task, before it adds
 * another: a dirtied folio that is the last one its task added is a write
 * miss (CACHE_WRITE_ADDED), which the figures keep apart from the misses
 * of reads.
 *
 * tmpfs and shared memory keep their pages in the cache by other paths and
 * are not seen; nor is direct I/O, which bypasses the cache.
 */
#ifndef SONDE_PAGECACHE_BPF_H
#define SONDE_PAGECACHE_BPF_H

#include "sonde.bpf.h"
#include "filter.bpf.h"
#include "regs.bpf.h"
#include "task_storage.bpf.h"
#include "folio.bpf.h"
#include "pagecache.h"

/* log2 of the page size; user space sets it (getpagesize()) */
const volatile __u32 page_shift = 12;

static __always_inline void cache_count(enum cache_event ev, __u64 pages);

/* Pages first..last (indexes, inclusive), less those past the end of mapping's file. */
static __always_inline __u64 pages_in_file(struct address_space *mapping, __u64 first, __u64 last)
{
	loff_t size = BPF_CORE_READ(mapping, host, i_size);
	__u64 end;

	if (size <= 0)
		return 0;
	end = (__u64)(size - 1) >> page_shift;
	if (last > end)
		last = end;
	return last >= first ? last - first + 1 : 0;
}

/* ---- lookups by reads ---- */

/*
 * A task's recent page-cache work: its last batch of a read (a later batch
 * of the same read names the same end), and the last folio it added, which
 * a write dirties right after adding it (write_begin, then write_end).
 */
struct cache_task {
	__u64 mapping;
	__u64 first;
	__u64 last;
	__u64 added; /* the folio */
};

/* Before Linux 5.11 (no task storage) by thread, in an LRU hash: see task_storage.bpf.h. */
TASK_STATE(cache_tasks, struct cache_task, 4096)

SEC("raw_tp/mm_filemap_get_pages")
int BPF_PROG(cache_get_pages_raw, struct address_space *mapping, unsigned long index,
	     unsigned long last)
{
	struct cache_task *b;
	bool more;

	if (!filter_task())
		return TRACE_DONE;
	b = cache_tasks_get(true);
	if (!b) { /* no memory for it: count the batch as a read of its own */
		cache_count(CACHE_ACCESSED, pages_in_file(mapping, index, last));
		return TRACE_DONE;
	}
	more = b->mapping == (__u64)mapping && b->last == last && index > b->first;
	b->mapping = (__u64)mapping;
	b->first = index;
	b->last = last;
	if (!more)
		cache_count(CACHE_ACCESSED, pages_in_file(mapping, index, last));
	return TRACE_DONE;
}

/* A whole read, at its start: the bytes from the file position the iterator can hold. */
static __always_inline void read_starts(struct kiocb *iocb, struct iov_iter *iter)
{
	__u64 pos = BPF_CORE_READ(iocb, ki_pos), count = BPF_CORE_READ(iter, count);

	if (!filter_task() || !count)
		return;
	cache_count(CACHE_ACCESSED,
		    pages_in_file(BPF_CORE_READ(iocb, ki_filp, f_mapping), pos >> page_shift,
				  (pos + count - 1) >> page_shift));
}

SEC("fentry/filemap_read")
int BPF_PROG(cache_read_fentry, struct kiocb *iocb, struct iov_iter *iter)
{
	read_starts(iocb, iter);
	return TRACE_DONE;
}

SEC("kprobe/filemap_read")
int cache_read_kprobe(struct pt_regs *ctx)
{
	read_starts((struct kiocb *)KPROBE_ARG1(ctx), (struct iov_iter *)KPROBE_ARG2(ctx));
	return TRACE_DONE;
}

/* Its name until Linux 5.12. */
SEC("kprobe/generic_file_buffered_read")
int cache_read_kprobe_old(struct pt_regs *ctx)
{
	read_starts((struct kiocb *)KPROBE_ARG1(ctx), (struct iov_iter *)KPROBE_ARG2(ctx));
	return TRACE_DONE;
}

/* ---- lookups by page faults on file mappings ---- */

SEC("raw_tp/mm_filemap_fault")
int BPF_PROG(cache_fault_raw, struct address_space *mapping, unsigned long index)
{
	if (filter_task())
		cache_count(CACHE_ACCESSED, 1);
	return TRACE_DONE;
}

SEC("fentry/filemap_fault")
int BPF_PROG(cache_fault_fentry, struct vm_fault *vmf)
{
	if (filter_task())
		cache_count(CACHE_ACCESSED, 1);
	return TRACE_DONE;
}

SEC("kprobe/filemap_fault")
int cache_fault_kprobe(struct pt_regs *ctx)
{
	if (filter_task())
		cache_count(CACHE_ACCESSED, 1);
	return TRACE_DONE;
}

SEC("raw_tp/mm_filemap_map_pages")
int BPF_PROG(cache_map_pages_raw, struct address_space *mapping, unsigned long first,
	     unsigned long last)
{
	if (filter_task())
		cache_count(CACHE_ACCESSED, pages_in_file(mapping, first, last));
	return TRACE_DONE;
}

static __always_inline void fault_around(struct vm_fault *vmf, __u64 first, __u64 last)
{
	if (filter_task())
		cache_count(
			CACHE_ACCESSED,
			pages_in_file(BPF_CORE_READ(vmf, vma, vm_file, f_mapping), first, last));
}

SEC("fentry/filemap_map_pages")
int BPF_PROG(cache_map_pages_fentry, struct vm_fault *vmf, unsigned long first, unsigned long last)
{
	fault_around(vmf, first, last);
	return TRACE_DONE;
}

SEC("kprobe/filemap_map_pages")
int cache_map_pages_kprobe(struct pt_regs *ctx)
{
	fault_around((struct vm_fault *)KPROBE_ARG1(ctx), KPROBE_ARG2(ctx), KPROBE_ARG3(ctx));
	return TRACE_DONE;
}

/* ---- insertions and dirtying ---- */

/* A folio since 5.16, a page before: folio_pages() reads either. */
SEC("raw_tp/mm_filemap_add_to_page_cache")
int BPF_PROG(cache_add_raw, void *folio)
{
	struct cache_task *t;

	if (!filter_task())
		return TRACE_DONE;
	cache_count(CACHE_ADDED, folio_pages(folio));
	t = cache_tasks_get(true);
	if (t)
		t->added = (__u64)folio;
	return TRACE_DONE;
}

/* A folio dirtied; one the task added last was added for this write: a write miss. */
static __always_inline void dirtied(void *folio)
{
	struct cache_task *t;
	__u64 pages;

	if (!filter_task())
		return;
	pages = folio_pages(folio);
	cache_count(CACHE_DIRTIED, pages);
	t = cache_tasks_get(false);
	if (t && t->added == (__u64)folio) {
		t->added = 0;
		cache_count(CACHE_WRITE_ADDED, pages);
	}
}

SEC("raw_tp/writeback_dirty_folio")
int BPF_PROG(cache_dirty_folio_raw, void *folio)
{
	dirtied(folio);
	return TRACE_DONE;
}

SEC("raw_tp/writeback_dirty_page")
int BPF_PROG(cache_dirty_page_raw, void *page)
{
	dirtied(page);
	return TRACE_DONE;
}

#endif
