// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* biolatpcts: block I/O latency percentiles per disk and operation, every interval. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/types.h>

#include "blockio.h"
#include "hist.h"
#include "maps.h"
#include "run.h"
#include "strbuf.h"
#include "biolatpcts.h"
#include "biolatpcts.skel.h"

#define MAX_PCTS     16
#define DEFAULT_PCTS "50,90,99,99.9" /* as --help says it */
#define PCT_WIDTH    10		     /* a percentile's text column */

enum { OPT_DISK = OPTION_LONG_ONLY, OPT_PCTS };

static const double default_pcts[] = { 50, 90, 99, 99.9 };

struct entry {
	struct biolatpcts_key key;
	struct hist_fine hist;
};

/* Its context: the option values, then what a report needs. */
struct biolatpcts {
	__u32 disk_dev; /* --disk: 0 for every disk */
	double pcts[MAX_PCTS];
	size_t npcts;
	bool milliseconds;
	char heading[MAX_PCTS * (PCT_WIDTH + 1) + 1]; /* the percentiles' text heading */
	struct summary hists;
};

enum { F_TIME, F_DISK, F_OP, F_COUNT, F_PCTS };

static const struct field fields[] = {
	[F_TIME] = { "time" },
	[F_DISK] = { "disk", "DISK", -8 },
	[F_OP] = { "op", "OP", -7 },
	[F_COUNT] = { "count", "COUNT", 8 },
	[F_PCTS] = { "percentiles", "", 0 }, /* its heading is the --pcts list (setup) */
};

static const struct tool_option options[] = {
	{ "queued", 'Q', NULL, "measure from submission, not from issue to the device" },
	{ "pcts", OPT_PCTS, "LIST", "the percentiles, comma-separated (default " DEFAULT_PCTS ")" },
	{ "disk", OPT_DISK, "DISK", "trace this disk only (vda, /dev/nvme0n1)" },
	{ 0 },
};

/* "50,90,99.9": each a percentile from 0 to 100, at most MAX_PCTS of them. */
static int parse_pcts(struct option_ctx *ctx, const char *arg, struct biolatpcts *b)
{
	char list[256], *item, *save = NULL;

	if (snprintf(list, sizeof(list), "%s", arg) >= (int)sizeof(list))
		return option_error(ctx, "invalid --pcts: too long");
	b->npcts = 0;
	for (item = strtok_r(list, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		if (b->npcts == MAX_PCTS)
			return option_error(ctx, "invalid --pcts: at most %d percentiles",
					    MAX_PCTS);
		if (option_decimal(ctx, item, "percentile", "a percentile", 0, &b->pcts[b->npcts]))
			return -1;
		if (b->pcts[b->npcts] > 100)
			return option_error(ctx, "invalid percentile '%s': at most 100", item);
		b->npcts++;
	}
	if (!b->npcts)
		return option_error(ctx, "invalid --pcts '%s': no percentile", arg);
	return 0;
}

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct biolatpcts *b = ctx->opts;

	if (key == OPT_DISK)
		return disk_option(ctx, arg, &b->disk_dev);
	if (key == OPT_PCTS)
		return parse_pcts(ctx, arg, b);
	return OPTION_NOT_MINE;
}

static const char *op_name(__u32 op, char *buf, size_t len)
{
	static const char *const names[] = { "read", "write", "flush", "discard" };

	if (op < sizeof(names) / sizeof(names[0]))
		return names[op];
	snprintf(buf, len, "op%u", op);
	return buf;
}

/* By disk, then operation. */
static int compare_entries(const void *a, const void *b)
{
	const struct biolatpcts_key *x = &((const struct entry *)a)->key;
	const struct biolatpcts_key *y = &((const struct entry *)b)->key;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->op < y->op ? -1 : x->op > y->op;
}

/* The percentiles: a JSON array of objects, or text columns under the heading. */
static void rec_percentiles(const struct biolatpcts *b, const struct hist_fine *h, __u64 total)
{
	struct strbuf sb = { 0 };
	__u64 ns;
	size_t i;

	for (i = 0; i < b->npcts; i++) {
		ns = hist_fine_percentile(h, total, b->pcts[i]);
		if (output_json())
			sb_printf(&sb, "%s{\"percentile\":%g,\"latency_ns\":%llu}", i ? "," : "[",
				  b->pcts[i], (unsigned long long)ns);
		else if (b->milliseconds)
			sb_printf(&sb, "%s%*.3f", i ? " " : "", PCT_WIDTH, ns / 1e6);
		else
			sb_printf(&sb, "%s%*.1f", i ? " " : "", PCT_WIDTH, ns / 1e3);
	}
	if (output_json()) {
		sb_putc(&sb, ']');
		rec_json(F_PCTS, sb.buf, sb.len);
	} else {
		rec_str(F_PCTS, sb.buf, sb.len);
	}
	sb_free(&sb);
}

static void emit_one(const struct biolatpcts *b, const struct entry *e, double now)
{
	__u64 total = hist_fine_total(&e->hist);
	char disk[32], op[16];

	rec_begin();
	rec_double(F_TIME, now, 6);
	rec_str(F_DISK, disk_label(e->key.dev, disk, sizeof(disk)), sizeof(disk));
	rec_str(F_OP, op_name(e->key.op, op, sizeof(op)), sizeof(op));
	rec_uint(F_COUNT, total);
	rec_percentiles(b, &e->hist, total);
	rec_end();
}

/* Start the next interval from zero, then print this one's percentiles by disk and operation. */
static int report(void *ctx)
{
	struct biolatpcts *b = ctx;
	struct entry *entries = b->hists.room;
	ssize_t n = summary_collect(&b->hists, sizeof(*entries), offsetof(struct entry, hist));
	struct timespec now;
	ssize_t i;

	if (n < 0)
		return -1;
	qsort(entries, n, sizeof(entries[0]), compare_entries);
	clock_gettime(CLOCK_REALTIME, &now);
	output_header();
	for (i = 0; i < n; i++)
		emit_one(b, &entries[i], now.tv_sec + now.tv_nsec / 1e9);
	output_text("\n", 1);
	return 0;
}

static const struct probe probes[] = {
	BLOCK_REQUEST_PROBES,
	{ 0 },
};

/* The percentiles' heading, "p50(us)" right-aligned over each column. */
static int setup(struct run *r, void *ctx)
{
	struct biolatpcts *b = ctx;
	char name[32];
	size_t used = 0, i;

	if (!b->npcts) {
		memcpy(b->pcts, default_pcts, sizeof(default_pcts));
		b->npcts = sizeof(default_pcts) / sizeof(default_pcts[0]);
	}
	b->milliseconds = r->milliseconds;
	for (i = 0; i < b->npcts; i++) {
		snprintf(name, sizeof(name), "p%g(%s)", b->pcts[i], b->milliseconds ? "ms" : "us");
		used += snprintf(b->heading + used, sizeof(b->heading) - used, "%s%*s",
				 i ? " " : "", PCT_WIDTH, name);
	}
	output_retitle(F_PCTS, b->heading);
	return 0;
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	const struct biolatpcts *b = ctx;
	struct biolatpcts_bpf *s = skel;

	s->rodata->block_disk_dev = b->disk_dev;
	s->rodata->from_submission = run_given(r, 'Q');
	block_requests_fit(s->obj);
}

SKELETON(biolatpcts);

static const struct tool tool = {
	.name = "biolatpcts",
	.summary = "Show block I/O latency percentiles per disk and operation.",
	.shared = SHARED_TASK_FILTERS | SHARED_INTERVAL | SHARED_MILLISECONDS,
	.options = options,
	.parse = parse_option,
	.examples = "  biolatpcts              p50, p90, p99 and p99.9 at Ctrl-C\n"
		    "  biolatpcts 1            every second\n"
		    "  biolatpcts --pcts 99,99.99 -Q 10\n"
		    "                          tail latency with queue time, every 10 s\n"
		    "  biolatpcts --disk nvme0n1 -j 5\n"
		    "                          one disk, as JSON lines every 5 s\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &biolatpcts_skeleton,
	.probes = probes,
	.setup = setup,
	.configure = configure,
	.summary_map = "hists",
	.summary_at = offsetof(struct biolatpcts, hists),
	.summary_entry = sizeof(struct entry),
	.report = report,
};

int main(int argc, char **argv)
{
	struct biolatpcts b = { 0 };

	return run_tool(&tool, &b, argc, argv);
}
