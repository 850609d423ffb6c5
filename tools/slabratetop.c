// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* slabratetop: kernel slab allocations and bytes per cache, every interval. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>

#include "maps.h"
#include "run.h"
#include "topview.h"
#include "slabratetop.h"
#include "slabratetop.skel.h"

#define DEFAULT_ROWS 20

enum sort_by { SORT_BYTES, SORT_ALLOCS, SORT_CACHE };

struct entry {
	__u64 cache; /* the kernel's struct kmem_cache: the map's key */
	struct slab_counts value;
};

/* Its context: the option values, then what a report needs. */
struct slabratetop {
	__u32 rows; /* -r */
	enum sort_by sort;
	bool clear; /* a terminal, and no -C or -j */
	struct summary tops;
};

enum { F_TIME, F_CACHE, F_ALLOCS, F_BYTES, F_SIZE };

/* bcc's columns: CACHE ALLOCS BYTES. */
static const struct field fields[] = {
	[F_TIME] = { "time" },
	[F_CACHE] = { "cache", "CACHE", -32 },
	[F_ALLOCS] = { "allocs", "ALLOCS", 6 },
	[F_BYTES] = { "bytes", "BYTES", 10 },
	[F_SIZE] = { "object_size" },
};

static const struct tool_option options[] = {
	{ "noclear", 'C', NULL, "do not clear the screen between reports" },
	{ "rows", 'r', "ROWS", "print at most ROWS rows per report (default 20; 0: all)" },
	{ "sort", 's', "KEY", "sort by bytes (default; bcc: size), allocs (bcc: count) or cache" },
	{ 0 },
};

static int parse_sort(struct option_ctx *ctx, const char *arg, enum sort_by *out)
{
	static const struct {
		const char *name;
		enum sort_by by;
	} keys[] = {
		{ "bytes", SORT_BYTES },  { "size", SORT_BYTES },  { "allocs", SORT_ALLOCS },
		{ "count", SORT_ALLOCS }, { "cache", SORT_CACHE },
	};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(arg, keys[i].name)) {
			*out = keys[i].by;
			return 0;
		}
	return option_error(ctx, "unknown sort key '%s': expected bytes, allocs or cache", arg);
}

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct slabratetop *s = ctx->opts;

	if (key == 'r')
		return option_u32(ctx, arg, "rows", 0, 10240, &s->rows);
	if (key == 's')
		return parse_sort(ctx, arg, &s->sort);
	return OPTION_NOT_MINE;
}

static __u64 entry_bytes(const struct entry *e)
{
	return e->value.allocs * e->value.size;
}

static int compare_names(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return strncmp(x->value.name, y->value.name, SLAB_NAME_LEN);
}

/* Most first (-s cache: by name); then by name, for a stable order. */
static int compare_entries(const void *a, const void *b, void *ctx)
{
	const struct slabratetop *s = ctx;
	const struct entry *x = a, *y = b;
	__u64 vx, vy;

	if (s->sort != SORT_CACHE) {
		vx = s->sort == SORT_ALLOCS ? x->value.allocs : entry_bytes(x);
		vy = s->sort == SORT_ALLOCS ? y->value.allocs : entry_bytes(y);
		if (vx != vy)
			return vx > vy ? -1 : 1;
	}
	return compare_names(a, b);
}

/*
 * One row per name, as bcc keys them: a cache destroyed and another made
 * at its address within an interval (a module reloaded) are two keys of
 * one name. Sorted by name, merged in place; how many rows are left.
 */
static size_t merge_by_name(struct entry *e, size_t n)
{
	size_t i, out = 0;

	qsort(e, n, sizeof(*e), compare_names);
	for (i = 0; i < n; i++) {
		if (!e[i].value.allocs) /* made, then not counted: a lost race */
			continue;
		if (out && !compare_names(&e[out - 1], &e[i]) &&
		    e[out - 1].value.size == e[i].value.size) {
			e[out - 1].value.allocs += e[i].value.allocs;
			continue;
		}
		e[out++] = e[i];
	}
	return out;
}

static bool emit_row(void *ctx, const void *entry, double now)
{
	const struct entry *e = entry;

	(void)ctx;
	rec_begin();
	rec_double(F_TIME, now, 6);
	rec_str(F_CACHE, e->value.name, SLAB_NAME_LEN);
	rec_uint(F_ALLOCS, e->value.allocs);
	rec_uint(F_BYTES, entry_bytes(e));
	rec_uint(F_SIZE, e->value.size);
	rec_end();
	return true;
}

/* Start the next interval from zero, then print this one's busiest caches. */
static int report(void *ctx)
{
	struct slabratetop *s = ctx;
	struct entry *entries = s->tops.room;
	ssize_t got = summary_collect(&s->tops, sizeof(*entries), offsetof(struct entry, value));

	if (got < 0)
		return -1;
	top_heading(s->clear);
	top_rows(entries, merge_by_name(entries, got), sizeof(*entries), compare_entries, s,
		 s->rows, emit_row);
	return 0;
}

// clang-format off
/*
 * The tracepoint where it passes the cache (Linux 6.1+); before, kprobes
 * at the allocation functions' entry (bpf/slabratetop.bpf.c says which).
 */
static const struct probe probes[] = {
	{ "kmem_cache_alloc",
	  { "slab_alloc_raw",
	    "slab_alloc_kprobe,?slab_alloc_node_kprobe,?slab_alloc_lru_kprobe" },
	  { NEED_TRACEPOINT_ARG_TYPE("kmem_cache_alloc", 2, "kmem_cache") },
	  .hint = "(tracepoint kmem:kmem_cache_alloc passing the cache, Linux 6.1+)" },
	{ 0 },
};
// clang-format on

/* A top: a report every second unless told otherwise; the screen cleared only on a terminal. */
static int setup(struct run *r, void *ctx)
{
	struct slabratetop *s = ctx;

	s->clear = top_setup(r, 'C');
	return 0;
}

SKELETON(slabratetop);

static const struct tool tool = {
	.name = "slabratetop",
	.summary = "Show kernel slab allocations and bytes per cache, every interval.",
	.shared = SHARED_TASK_FILTERS | SHARED_INTERVAL,
	.options = options,
	.parse = parse_option,
	.examples = "  slabratetop                 the top 20 caches every second, until Ctrl-C\n"
		    "  slabratetop -C 5 10         ten five-second reports, the screen kept\n"
		    "  slabratetop -s allocs -r 5  the five caches allocated from most often\n"
		    "  slabratetop -p 181 -j       process 181's allocations, as JSON lines\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &slabratetop_skeleton,
	.probes = probes,
	.setup = setup,
	.summary_map = "tops",
	.summary_at = offsetof(struct slabratetop, tops),
	.summary_entry = sizeof(struct entry),
	.report = report,
};

int main(int argc, char **argv)
{
	struct slabratetop s = { .rows = DEFAULT_ROWS };

	return run_tool(&tool, &s, argc, argv);
}
