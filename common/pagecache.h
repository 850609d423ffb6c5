/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Page-cache counts, for cachestat and cachetop: what bpf/pagecache.bpf.h
 * counts in the kernel (pages looked up, pages added, pages dirtied), the
 * probe table rows of its programs, and, in user space, the figures both
 * tools print from them (hits, misses, ratios), computed once here.
 */
#ifndef SONDE_PAGECACHE_H
#define SONDE_PAGECACHE_H

#include "task.h"

enum cache_event {
	CACHE_ACCESSED,	   /* pages looked up: by reads, by faults, by fault-around */
	CACHE_ADDED,	   /* pages inserted into the page cache: the misses */
	CACHE_DIRTIED,	   /* pages that went from clean to dirty */
	CACHE_WRITE_ADDED, /* of those, pages their task had just added: write misses */
	CACHE_EVENTS
};

struct cache_counts {
	__u64 n[CACHE_EVENTS];
};

/* cachetop's row: a process as its tasks name it. */
struct cachetop_key {
	__u32 pid;
	__u32 uid;
	char comm[SONDE_COMM_LEN];
};

#ifndef __bpf__
#include <stdbool.h>

// clang-format off
/*
 * Each count at its tracepoint where the kernel has it (Linux 6.12 for the
 * lookups), else at the kernel function bcc's way would probe: fentry,
 * then kprobes. Misses and dirties are tracepoints on every kernel sonde
 * runs on; the folio-era ones first, the page-era ones before 5.16/5.17.
 */
#define PAGECACHE_PROBES                                                                  \
	{ "read lookups",                                                                 \
	  { "cache_get_pages_raw", "cache_read_fentry", "cache_read_kprobe",              \
	    "cache_read_kprobe_old" },                                                    \
	  .hint = "(tracepoint filemap:mm_filemap_get_pages, Linux 6.12+)" },             \
	{ "faults",                                                                       \
	  { "cache_fault_raw", "cache_fault_fentry", "cache_fault_kprobe" },              \
	  .hint = "(tracepoint filemap:mm_filemap_fault, Linux 6.12+)" },                 \
	{ "fault-around",                                                                 \
	  { "cache_map_pages_raw", "cache_map_pages_fentry", "cache_map_pages_kprobe" },  \
	  .optional = true },                                                             \
	{ "additions",                                                                    \
	  { "cache_add_raw" } },                                                          \
	{ "dirtying",                                                                     \
	  { "cache_dirty_folio_raw", "cache_dirty_page_raw" } }
// clang-format on

/* What one row of counts shows. */
struct cache_figures {
	__u64 accessed;	    /* pages looked up by reads and faults */
	__u64 misses;	    /* pages added, by reads (and readahead) and writes */
	__u64 read_misses;  /* misses - write_misses */
	__u64 write_misses; /* pages dirtied just after their task added them */
	__u64 hits;	    /* accessed - read_misses, at least 0 */
	__u64 dirtied;
	double hit_ratio;	/* hits / (hits + misses), 0..1; 0 with neither */
	double read_hit_ratio;	/* hits / (hits + read_misses), 0..1; 0 with neither */
	double write_hit_ratio; /* (dirtied - write_misses) / dirtied, 0..1; 0 with none */
};

/*
 * From the counts of an interval: misses are the pages added, read misses
 * those no write added; hits the pages looked up less the read misses, at
 * least 0 (readahead adds pages before anything looks them up).
 */
struct cache_figures cache_figures(const struct cache_counts *c);

/* Buffers and Cached of /proc/meminfo, in MiB; false (both 0) if unreadable. */
bool cache_meminfo(double *buffers_mb, double *cached_mb);
#endif

#endif
