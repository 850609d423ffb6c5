// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cachestat: page-cache hits, misses and dirtied pages, and the hit ratio, every interval. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/types.h>
#include <bpf/libbpf.h>

#include "clock.h"
#include "maps.h"
#include "run.h"
#include "pagecache.h"
#include "cachestat.skel.h"

/* Its context: what a report needs. */
struct cachestat {
	struct summary counts;
	__u64 since_ns; /* CLOCK_MONOTONIC at the start of the interval */
};

enum {
	F_TIME,
	F_SECONDS,
	F_HITS,
	F_MISSES,
	F_DIRTIES,
	F_RATIO,
	F_BUFFERS,
	F_CACHED,
	F_ACCESSED,
	F_WRITE_MISSES,
};

/* bcc's columns: HITS MISSES DIRTIES HITRATIO BUFFERS_MB CACHED_MB, TIME first with -T. */
static const struct field fields[] = {
	[F_TIME] = { "time", "TIME", -8, .shown_by = 'T' },
	[F_SECONDS] = { "seconds" },
	[F_HITS] = { "hits", "HITS", 8 },
	[F_MISSES] = { "misses", "MISSES", 8 },
	[F_DIRTIES] = { "dirties", "DIRTIES", 8 },
	[F_RATIO] = { "hit_ratio", "HITRATIO", 8 },
	[F_BUFFERS] = { "buffers_mb", "BUFFERS_MB", 12 },
	[F_CACHED] = { "cached_mb", "CACHED_MB", 10 },
	[F_ACCESSED] = { "accessed" },
	[F_WRITE_MISSES] = { "write_misses" },
};

/* Start the next interval from zero, then print this one. */
static int report(void *ctx)
{
	struct cachestat *c = ctx;
	struct cache_counts sum;
	struct cache_figures f;
	double buffers, cached;
	__u64 now = monotonic_ns();
	char ratio[16];

	if (summary_sum_counters(&c->counts, sum.n, CACHE_EVENTS))
		return -1;
	f = cache_figures(&sum);
	cache_meminfo(&buffers, &cached);
	rec_begin();
	rec_time(F_TIME, now);
	rec_double(F_SECONDS, (now - c->since_ns) / 1e9, 6);
	c->since_ns = now;
	rec_uint(F_HITS, f.hits);
	rec_uint(F_MISSES, f.misses);
	rec_uint(F_DIRTIES, f.dirtied);
	if (output_json()) {
		rec_double(F_RATIO, f.hit_ratio, 6);
	} else {
		snprintf(ratio, sizeof(ratio), "%.2f%%", 100 * f.hit_ratio);
		rec_str(F_RATIO, ratio, sizeof(ratio));
	}
	rec_double(F_BUFFERS, buffers, output_json() ? 3 : 0);
	rec_double(F_CACHED, cached, output_json() ? 3 : 0);
	rec_uint(F_ACCESSED, f.accessed);
	rec_uint(F_WRITE_MISSES, f.write_misses);
	rec_end();
	return 0;
}

static const struct probe probes[] = {
	PAGECACHE_PROBES,
	{ 0 },
};

/* A report every second unless told otherwise, as bcc's. */
static int setup(struct run *r, void *ctx)
{
	(void)ctx;
	if (!r->interval)
		r->interval = 1;
	return 0;
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	struct cachestat_bpf *s = skel;

	(void)r;
	(void)ctx;
	s->rodata->page_shift = __builtin_ctz(getpagesize());
}

/* The first interval starts now. */
static int prepare(void *skel, struct run *r, void *ctx)
{
	struct cachestat *c = ctx;

	(void)skel;
	(void)r;
	c->since_ns = monotonic_ns();
	output_header();
	return 0;
}

SKELETON(cachestat);

static const struct tool tool = {
	.name = "cachestat",
	.summary = "Count page-cache hits, misses and dirtied pages, and the hit ratio, every "
		   "interval.",
	.shared = SHARED_TASK_FILTERS | SHARED_INTERVAL | SHARED_TIMESTAMP,
	.examples = "  cachestat               a line every second until Ctrl-C\n"
		    "  cachestat -T 5 12       a minute in five-second lines, with the time\n"
		    "  cachestat -p 181 -j     process 181's page-cache use, as JSON lines\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &cachestat_skeleton,
	.probes = probes,
	.setup = setup,
	.configure = configure,
	.prepare = prepare,
	.summary_map = "counts",
	.summary_at = offsetof(struct cachestat, counts),
	.summary_entry = sizeof(struct cache_counts),
	.report = report,
};

int main(int argc, char **argv)
{
	struct cachestat c = { 0 };

	return run_tool(&tool, &c, argc, argv);
}
