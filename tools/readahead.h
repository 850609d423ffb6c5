/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* readahead: the counts bpf/readahead.bpf.c keeps per CPU and tools/readahead.c prints. */
#ifndef SONDE_READAHEAD_H
#define SONDE_READAHEAD_H

#include "hist_layout.h"

enum ra_count {
	RA_SYNC,	   /* page_cache_sync_ra: a read missed, readahead decided */
	RA_SYNC_REQ,	   /* pages those reads asked for (req_count) */
	RA_ASYNC,	   /* page_cache_async_ra: a read reached a readahead mark */
	RA_ASYNC_REQ,	   /* pages those reads asked for */
	RA_PAGES,	   /* pages readahead added to the page cache */
	RA_USED,	   /* readahead pages read or faulted for the first time */
	RA_EVICTED_UNUSED, /* readahead pages removed from the cache before any use */
	RA_COUNTS
};

/* One CPU's counts of an interval, and its ages at first use, in ms (log2). */
struct ra_counts {
	__u64 n[RA_COUNTS];
	struct hist age_ms;
};

/* A readahead page the kernel has not seen used yet: its file's mapping and index. */
struct ra_page_key {
	__u64 mapping;
	__u64 index;
};

struct ra_page {
	__u64 added_ns; /* bpf_ktime_get_ns() when the cache took it */
	__u64 pages;	/* the folio's */
};

#endif
