// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cachetop: page-cache hits, misses and dirtied pages per process, every interval. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/types.h>

#include "maps.h"
#include "run.h"
#include "topview.h"
#include "pagecache.h"
#include "cachetop.skel.h"

#define DEFAULT_ROWS 20

enum sort_by { SORT_HITS, SORT_MISSES, SORT_DIRTIES, SORT_READ_HIT, SORT_WRITE_HIT, SORT_PID };

static const char *const sort_names[] = {
	[SORT_HITS] = "hits",	      [SORT_MISSES] = "misses",	      [SORT_DIRTIES] = "dirties",
	[SORT_READ_HIT] = "read_hit", [SORT_WRITE_HIT] = "write_hit", [SORT_PID] = "pid",
};

/* bcc's names of the same columns, for the heading line's "Sort:" */
static const char *const sort_columns[] = {
	[SORT_HITS] = "HITS",	       [SORT_MISSES] = "MISSES",	[SORT_DIRTIES] = "DIRTIES",
	[SORT_READ_HIT] = "READ_HIT%", [SORT_WRITE_HIT] = "WRITE_HIT%", [SORT_PID] = "PID",
};

struct entry {
	struct cachetop_key key;
	struct cache_counts value;
	struct cache_figures f; /* worked out from value before sorting */
};

/* Its context: the option values, then what a report needs. */
struct cachetop {
	__u32 rows;	   /* -r */
	unsigned int sort; /* enum sort_by, -s */
	bool ascending;	   /* -R */
	bool clear;	   /* a terminal, and no -C or -j */
	struct summary tops;
};

enum {
	F_TIME,
	F_PID,
	F_UID,
	F_COMM,
	F_HITS,
	F_MISSES,
	F_DIRTIES,
	F_READ_HIT,
	F_WRITE_HIT,
	F_ACCESSED,
	F_WRITE_MISSES,
};

/* bcc's columns: PID UID CMD HITS MISSES DIRTIES READ_HIT% WRITE_HIT%. */
static const struct field fields[] = {
	[F_TIME] = { "time" },
	[F_PID] = { "pid", "PID", 8 },
	[F_UID] = { "uid", "UID", -8 },
	[F_COMM] = { "comm", "CMD", -16 },
	[F_HITS] = { "hits", "HITS", 8 },
	[F_MISSES] = { "misses", "MISSES", 8 },
	[F_DIRTIES] = { "dirties", "DIRTIES", 8 },
	[F_READ_HIT] = { "read_hit_ratio", "READ_HIT%", 10 },
	[F_WRITE_HIT] = { "write_hit_ratio", "WRITE_HIT%", 10 },
	[F_ACCESSED] = { "accessed" },
	[F_WRITE_MISSES] = { "write_misses" },
};

static const struct tool_option options[] = {
	{ "noclear", 'C', NULL, "do not clear the screen between reports" },
	{ "rows", 'r', "ROWS", "print at most ROWS rows per report (default 20; 0: all)" },
	{ "sort", 's', "KEY",
	  "sort by hits (default), misses, dirties, read_hit, write_hit or pid" },
	{ "reverse", 'R', NULL, "sort in ascending order, not descending" },
	{ 0 },
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct cachetop *c = ctx->opts;

	if (key == 'r')
		return option_u32(ctx, arg, "rows", 0, 10240, &c->rows);
	if (key == 's')
		return top_sort_option(ctx, arg, sort_names, N_FIELDS(sort_names),
				       "hits, misses, dirties, read_hit, write_hit or pid",
				       &c->sort);
	return OPTION_NOT_MINE;
}

static double sort_value(const struct cachetop *c, const struct entry *e)
{
	switch (c->sort) {
	case SORT_MISSES:
		return e->f.misses;
	case SORT_DIRTIES:
		return e->f.dirtied;
	case SORT_READ_HIT:
		return e->f.read_hit_ratio;
	case SORT_WRITE_HIT:
		return e->f.write_hit_ratio;
	case SORT_PID:
		return e->key.pid;
	default:
		return e->f.hits;
	}
}

/* Most first (-R: least); then by process, for a stable order. */
static int compare_entries(const void *a, const void *b, void *ctx)
{
	const struct cachetop *c = ctx;
	const struct entry *x = a, *y = b;
	double vx = sort_value(c, x), vy = sort_value(c, y);

	if (vx != vy)
		return (vx > vy ? -1 : 1) * (c->ascending ? -1 : 1);
	if (x->key.pid != y->key.pid)
		return x->key.pid < y->key.pid ? -1 : 1;
	if (x->key.uid != y->key.uid)
		return x->key.uid < y->key.uid ? -1 : 1;
	return memcmp(x->key.comm, y->key.comm, sizeof(x->key.comm));
}

/* A ratio: a number from 0 to 1 in JSON, bcc's "%9.1f%" in text. */
static void rec_ratio(int f, double ratio)
{
	char text[16];

	if (output_json()) {
		rec_double(f, ratio, 6);
		return;
	}
	snprintf(text, sizeof(text), "%.1f%%", 100 * ratio);
	rec_str(f, text, sizeof(text));
}

static bool emit_row(void *ctx, const void *entry, double now)
{
	const struct entry *e = entry;

	(void)ctx;
	rec_begin();
	rec_double(F_TIME, now, 6);
	rec_uint(F_PID, e->key.pid);
	rec_uint(F_UID, e->key.uid);
	rec_str(F_COMM, e->key.comm, SONDE_COMM_LEN);
	rec_uint(F_HITS, e->f.hits);
	rec_uint(F_MISSES, e->f.misses);
	rec_uint(F_DIRTIES, e->f.dirtied);
	rec_ratio(F_READ_HIT, e->f.read_hit_ratio);
	rec_ratio(F_WRITE_HIT, e->f.write_hit_ratio);
	rec_uint(F_ACCESSED, e->f.accessed);
	rec_uint(F_WRITE_MISSES, e->f.write_misses);
	rec_end();
	return true;
}

/* bcc's first line: "HH:MM:SS Buffers MB: N / Cached MB: N / Sort: HITS / Order: descending". */
static void heading(const struct cachetop *c)
{
	char line[160], clock[16];
	double buffers, cached;
	time_t now = time(NULL);
	struct tm tm;
	int n;

	cache_meminfo(&buffers, &cached);
	strftime(clock, sizeof(clock), "%H:%M:%S", localtime_r(&now, &tm));
	n = snprintf(line, sizeof(line),
		     "%-8s Buffers MB: %.0f / Cached MB: %.0f / Sort: %s / Order: %s\n", clock,
		     buffers, cached, sort_columns[c->sort],
		     c->ascending ? "ascending" : "descending");
	top_heading_line(c->clear, line, n < (int)sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

/* Start the next interval from zero, then print this one's rows, sorted. */
static int report(void *ctx)
{
	struct cachetop *c = ctx;
	struct entry *entries = c->tops.room;
	ssize_t n = summary_collect(&c->tops, sizeof(*entries), offsetof(struct entry, value));
	ssize_t i;

	if (n < 0)
		return -1;
	for (i = 0; i < n; i++)
		entries[i].f = cache_figures(&entries[i].value);
	heading(c);
	top_rows(entries, n, sizeof(*entries), compare_entries, c, c->rows, emit_row);
	return 0;
}

static const struct probe probes[] = {
	PAGECACHE_PROBES,
	{ 0 },
};

/* A top: a report every second unless told otherwise. */
static int setup(struct run *r, void *ctx)
{
	struct cachetop *c = ctx;

	c->clear = top_setup(r, 'C');
	c->ascending = run_given(r, 'R');
	return 0;
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	struct cachetop_bpf *s = skel;

	(void)r;
	(void)ctx;
	s->rodata->page_shift = __builtin_ctz(getpagesize());
}

SKELETON(cachetop);

static const struct tool tool = {
	.name = "cachetop",
	.summary = "Show page-cache hits, misses and dirtied pages per process, every interval.",
	.shared = SHARED_TASK_FILTERS | SHARED_INTERVAL,
	.options = options,
	.parse = parse_option,
	.examples = "  cachetop                the top 20 every second, until Ctrl-C\n"
		    "  cachetop -C 5 10        ten five-second reports, the screen kept\n"
		    "  cachetop -s misses      the processes that missed the most first\n"
		    "  cachetop -n postgres -j processes named postgres, as JSON lines\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &cachetop_skeleton,
	.probes = probes,
	.setup = setup,
	.configure = configure,
	.summary_map = "tops",
	.summary_at = offsetof(struct cachetop, tops),
	.summary_entry = sizeof(struct entry),
	.report = report,
};

int main(int argc, char **argv)
{
	struct cachetop c = { .rows = DEFAULT_ROWS };

	return run_tool(&tool, &c, argc, argv);
}
