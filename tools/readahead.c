// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * readahead: pages readahead brought into the page cache, how many were
 * used and how many are not (yet), and the age of readahead pages at their
 * first use, at the end (-d, or Ctrl-C), as bcc's. bpf/readahead.bpf.c says what
 * the kernel shows and where.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <linux/types.h>
#include <bpf/libbpf.h>

#include "hist.h"
#include "maps.h"
#include "run.h"
#include "strbuf.h"
#include "readahead.h"
#include "readahead.skel.h"

/* Its context: what a report needs. */
struct readahead {
	struct summary counts;
	struct hist_spec spec;
	struct readahead_bpf *skel;
};

enum {
	F_TIME,
	F_SYNC,
	F_SYNC_REQ,
	F_ASYNC,
	F_ASYNC_REQ,
	F_PAGES,
	F_USED,
	F_EVICTED_UNUSED,
	F_UNUSED,
	F_UNIT,
	F_BUCKETS,
};

static const struct field fields[] = {
	[F_TIME] = { "time" },
	[F_SYNC] = { "sync_requests" },
	[F_SYNC_REQ] = { "sync_request_pages" },
	[F_ASYNC] = { "async_requests" },
	[F_ASYNC_REQ] = { "async_request_pages" },
	[F_PAGES] = { "pages" },
	[F_USED] = { "used" },
	[F_EVICTED_UNUSED] = { "evicted_unused" },
	[F_UNUSED] = { "unused" },
	[F_UNIT] = { "unit" },
	[F_BUCKETS] = { "buckets" },
};

static void emit_json(const struct readahead *ra, const struct ra_counts *c, __u64 unused)
{
	struct strbuf sb = { 0 };
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	rec_begin();
	rec_double(F_TIME, now.tv_sec + now.tv_nsec / 1e9, 6);
	rec_uint(F_SYNC, c->n[RA_SYNC]);
	rec_uint(F_SYNC_REQ, c->n[RA_SYNC_REQ]);
	rec_uint(F_ASYNC, c->n[RA_ASYNC]);
	rec_uint(F_ASYNC_REQ, c->n[RA_ASYNC_REQ]);
	rec_uint(F_PAGES, c->n[RA_PAGES]);
	rec_uint(F_USED, c->n[RA_USED]);
	rec_uint(F_EVICTED_UNUSED, c->n[RA_EVICTED_UNUSED]);
	rec_uint(F_UNUSED, unused);
	rec_str(F_UNIT, ra->spec.unit, strlen(ra->spec.unit));
	hist_json_buckets(&sb, &c->age_ms, &ra->spec);
	rec_json(F_BUCKETS, sb.buf, sb.len);
	rec_end();
	sb_free(&sb);
}

/* bcc's two lines and histogram, after what this kernel shows besides. */
static void emit_text(const struct readahead *ra, const struct ra_counts *c, __u64 unused)
{
	struct strbuf sb = { 0 };

	sb_printf(
		&sb,
		"Read-ahead requests: %llu sync (%llu pages asked), %llu async (%llu pages asked)\n",
		(unsigned long long)c->n[RA_SYNC], (unsigned long long)c->n[RA_SYNC_REQ],
		(unsigned long long)c->n[RA_ASYNC], (unsigned long long)c->n[RA_ASYNC_REQ]);
	sb_printf(&sb, "Read-ahead pages: %llu (evicted unused: %llu)\n",
		  (unsigned long long)c->n[RA_PAGES], (unsigned long long)c->n[RA_EVICTED_UNUSED]);
	sb_printf(&sb, "Read-ahead unused pages: %llu\n", (unsigned long long)unused);
	sb_printf(&sb, "Read-ahead used pages: %llu\n", (unsigned long long)c->n[RA_USED]);
	if (hist_total(&c->age_ms))
		sb_printf(&sb, "Histogram of read-ahead used page age (ms):\n");
	output_text(sb.buf, sb.len);
	sb_free(&sb);
	hist_emit(&c->age_ms, &ra->spec, NULL, 0);
}

/*
 * The kernel's count of readahead pages not used yet. Read from the map:
 * the tools load the object itself, not through the skeleton, so libbpf
 * 1.1 leaves skel->bss the copy made at open, not the kernel's memory.
 */
static int unused_now(const struct readahead *ra, __u64 *unused)
{
	struct readahead_bpf__bss bss;
	__u32 zero = 0;

	if (bpf_map__lookup_elem(ra->skel->maps.bss, &zero, sizeof(zero), &bss, sizeof(bss), 0))
		return -1;
	*unused = bss.unused_pages;
	return 0;
}

/* The counts so far (the summary starts again from zero), printed. */
static int report(void *ctx)
{
	struct readahead *ra = ctx;
	struct ra_counts sum;
	__u64 unused;

	if (summary_sum_counters(&ra->counts, (__u64 *)&sum, sizeof(sum) / sizeof(__u64)))
		return -1;
	if (unused_now(ra, &unused))
		return -1;
	if (output_json())
		emit_json(ra, &sum, unused);
	else
		emit_text(ra, &sum, unused);
	return 0;
}

// clang-format off
/*
 * The readahead tracepoints are Linux 6.18+, the filemap read and fault
 * ones 6.12+; without them, kprobes on the functions they sit in (the
 * readahead ones since 5.10, page_cache_ra_order() since 5.18) and on the
 * function that marks a folio (page) accessed. Page-cache insertion and
 * removal are tracepoints on every kernel sonde runs on.
 */
static const struct probe probes[] = {
	{ "readahead windows",
	  { "ra_unbounded_raw,ra_order_raw",
	    "ra_unbounded_kprobe,ra_unbounded_kretprobe,?ra_order_kprobe,?ra_order_kretprobe" },
	  .hint = "(tracepoint readahead:page_cache_ra_unbounded, Linux 6.18+)" },
	{ "sync readahead", { "ra_sync_raw", "ra_sync_kprobe" },
	  .hint = "(tracepoint readahead:page_cache_sync_ra, Linux 6.18+)" },
	{ "async readahead", { "ra_async_raw", "ra_async_kprobe" },
	  .hint = "(tracepoint readahead:page_cache_async_ra, Linux 6.18+)" },
	{ "first uses",
	  { "ra_get_pages_raw,ra_fault_raw", "ra_accessed_kprobe", "ra_accessed_kprobe_old" },
	  .hint = "(tracepoints filemap:mm_filemap_get_pages and mm_filemap_fault, Linux 6.12+)" },
	{ "additions", { "ra_add_raw" } },
	{ "removals", { "ra_delete_raw" } },
	{ 0 },
};
// clang-format on

static int prepare(void *skel, struct run *r, void *ctx)
{
	struct readahead *ra = ctx;

	(void)r;
	ra->skel = skel;
	return 0;
}

SKELETON(readahead);

static const struct tool tool = {
	.name = "readahead",
	.summary =
		"Count the pages readahead brings into the page cache, those used, and their age "
		"at first use.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION,
	.examples = "  readahead               until Ctrl-C, then the counts and the histogram\n"
		    "  readahead -d 30         for 30 seconds\n"
		    "  readahead -p 181 -j     process 181's readahead, as one JSON line\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &readahead_skeleton,
	.probes = probes,
	.prepare = prepare,
	.summary_map = "counts",
	.summary_at = offsetof(struct readahead, counts),
	.summary_entry = sizeof(struct ra_counts),
	.report = report,
};

int main(int argc, char **argv)
{
	struct readahead ra = { .spec = { .unit = "msecs" } };

	return run_tool(&tool, &ra, argc, argv);
}
