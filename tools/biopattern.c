// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* biopattern: the share of random and sequential block I/O per disk, every interval. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdlib.h>
#include <time.h>
#include <linux/types.h>

#include "blockio.h"
#include "maps.h"
#include "run.h"
#include "biopattern.h"
#include "biopattern.skel.h"

enum { OPT_DISK = OPTION_LONG_ONLY };

struct entry {
	__u32 dev;
	struct biopattern_counts counts;
};

/* Its context: the option values, then what a report needs. */
struct biopattern {
	__u32 disk_dev; /* --disk: 0 for every disk */
	struct summary patterns;
};

enum { F_TIME, F_DISK, F_RANDOM, F_SEQUENTIAL, F_COUNT, F_BYTES };

/* bcc's columns: TIME DISK %RND %SEQ COUNT KBYTES; JSON has the counts the shares come from. */
static const struct field fields[] = {
	[F_TIME] = { "time", "TIME", -9 },    [F_DISK] = { "disk", "DISK", -8 },
	[F_RANDOM] = { "random", "%RND", 5 }, [F_SEQUENTIAL] = { "sequential", "%SEQ", 5 },
	[F_COUNT] = { "count", "COUNT", 8 },  [F_BYTES] = { "bytes", "KBYTES", 10 },
};

static const struct tool_option options[] = {
	{ "disk", OPT_DISK, "DISK", "trace this disk only (vda, /dev/nvme0n1)" },
	{ 0 },
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct biopattern *b = ctx->opts;

	if (key != OPT_DISK)
		return OPTION_NOT_MINE;
	return disk_option(ctx, arg, &b->disk_dev);
}

static int compare_entries(const void *a, const void *b)
{
	__u32 x = ((const struct entry *)a)->dev, y = ((const struct entry *)b)->dev;

	return x < y ? -1 : x > y;
}

/* A share of the count in whole percent, as bcc rounds it down, or the count itself in JSON. */
static void rec_share(int f, __u64 part, __u64 count)
{
	rec_uint(f, output_json() ? part : part * 100 / count);
}

static void emit_row(const struct entry *e, __u64 now_ns)
{
	__u64 count = e->counts.random + e->counts.sequential;
	char disk[32];

	rec_begin();
	rec_time(F_TIME, now_ns);
	rec_str(F_DISK, disk_label(e->dev, disk, sizeof(disk)), sizeof(disk));
	rec_share(F_RANDOM, e->counts.random, count);
	rec_share(F_SEQUENTIAL, e->counts.sequential, count);
	rec_uint(F_COUNT, count);
	rec_kbytes(F_BYTES, e->counts.bytes);
	rec_end();
}

/* Start the next interval from zero, then print one row per disk that had I/O. */
static int report(void *ctx)
{
	struct biopattern *b = ctx;
	struct entry *entries = b->patterns.room;
	ssize_t n = summary_collect(&b->patterns, sizeof(*entries), offsetof(struct entry, counts));
	struct timespec now;
	ssize_t i;

	if (n < 0)
		return -1;
	qsort(entries, n, sizeof(entries[0]), compare_entries);
	clock_gettime(CLOCK_MONOTONIC, &now);
	for (i = 0; i < n; i++)
		if (entries[i].counts.random + entries[i].counts.sequential)
			emit_row(&entries[i], now.tv_sec * 1000000000ULL + now.tv_nsec);
	return 0;
}

static const struct probe probes[] = {
	{ "block_rq_issue",
	  { "issue_rq", "issue_rq_q" },
	  { NEED_TRACEPOINT_ARGS("block_rq_issue", 1),
	    NEED_TRACEPOINT_ARGS("block_rq_issue", 2) } },
	{ 0 },
};

/* bcc's heading, once: the reports that follow are rows under it. */
static int prepare(void *skel, struct run *r, void *ctx)
{
	(void)skel;
	(void)r;
	(void)ctx;
	output_header();
	return 0;
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	const struct biopattern *b = ctx;
	struct biopattern_bpf *s = skel;

	(void)r;
	s->rodata->disk_dev = b->disk_dev;
}

SKELETON(biopattern);

static const struct tool tool = {
	.name = "biopattern",
	.summary = "Show the share of random and sequential block I/O per disk.",
	.shared = SHARED_INTERVAL,
	.options = options,
	.parse = parse_option,
	.examples = "  biopattern              one row per disk at Ctrl-C\n"
		    "  biopattern 1 10         ten one-second reports\n"
		    "  biopattern --disk sda -j 5\n"
		    "                          sda's, as JSON lines every 5 s\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &biopattern_skeleton,
	.probes = probes,
	.configure = configure,
	.prepare = prepare,
	.summary_map = "patterns",
	.summary_at = offsetof(struct biopattern, patterns),
	.summary_entry = sizeof(struct entry),
	.report = report,
};

int main(int argc, char **argv)
{
	struct biopattern b = { 0 };

	return run_tool(&tool, &b, argc, argv);
}
