// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* biolatency: block I/O latency histograms, summed in the kernel. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/types.h>

#include "blockio.h"
#include "hist.h"
#include "maps.h"
#include "names.h"
#include "run.h"
#include "biolatency.h"
#include "biolatency.skel.h"

enum { OPT_DISK = OPTION_LONG_ONLY };

struct entry {
	struct bio_hist_key key;
	struct hist hist;
};

/* Its context: the option values, then what a report needs. */
struct biolatency {
	__u32 disk_dev; /* --disk: 0 for every disk */
	bool per_disk, per_flags;
	struct hist_spec spec;
	struct summary hists; /* its room: a struct entry for every histogram it can hold */
};

static const struct tool_option options[] = {
	{ "queued", 'Q', NULL, "include the time requests wait in the OS queue" },
	{ "disks", 'D', NULL, "one histogram per disk" },
	{ "flags", 'F', NULL, "one histogram per set of I/O flags" },
	{ "disk", OPT_DISK, "DISK", "trace this disk only (vda, /dev/nvme0n1)" },
	{ 0 },
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct biolatency *o = ctx->opts;

	if (key != OPT_DISK)
		return OPTION_NOT_MINE;
	return disk_option(ctx, arg, &o->disk_dev);
}

/* By disk, then flags. */
static int compare_entries(const void *a, const void *b)
{
	const struct bio_hist_key *x = &((const struct entry *)a)->key;
	const struct bio_hist_key *y = &((const struct entry *)b)->key;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->flags < y->flags ? -1 : x->flags > y->flags;
}

static void emit_one(const struct biolatency *rep, const struct bio_hist_key *key,
		     const struct hist *h)
{
	struct hist_label labels[2];
	char disk[32], flags[160];
	int n = 0;

	if (rep->per_disk)
		labels[n++] =
			(struct hist_label){ "disk", disk_label(key->dev, disk, sizeof(disk)) };
	if (rep->per_flags) {
		block_flags_name(key->flags, flags, sizeof(flags));
		labels[n++] = (struct hist_label){ "flags", flags };
	}
	hist_emit(h, &rep->spec, labels, n);
}

/* Start the next interval from zero, then print this one's histograms in key order. */
static int report(void *ctx)
{
	struct biolatency *rep = ctx;
	struct entry *entries = rep->hists.room;
	ssize_t n = summary_collect(&rep->hists, sizeof(*entries), offsetof(struct entry, hist));
	ssize_t i;

	if (n < 0)
		return -1;
	qsort(entries, n, sizeof(entries[0]), compare_entries);
	for (i = 0; i < n; i++)
		emit_one(rep, &entries[i].key, &entries[i].hist);
	return 0;
}

/*
 * Linux 5.11 (a54895fa057c, backported to some distribution kernels) took
 * the request queue out of block_rq_insert and block_rq_issue: the program
 * for each prototype is chosen by what the kernel's BTF says it passes.
 * Queue time is -Q's alone.
 */
static const struct probe probes[] = {
	{ "block_rq_insert",
	  { "insert_raw", "insert_raw_q" },
	  { NEED_TRACEPOINT_ARGS("block_rq_insert", 1),
	    NEED_TRACEPOINT_ARGS("block_rq_insert", 2) },
	  .when = 'Q' },
	{ "block_rq_issue",
	  { "issue_raw", "issue_raw_q", "issue_fentry", "issue_kprobe" },
	  { NEED_TRACEPOINT_ARGS("block_rq_issue", 1),
	    NEED_TRACEPOINT_ARGS("block_rq_issue", 2) } },
	{ "block_rq_complete", { "complete_raw", "complete_fentry", "complete_kprobe" } },
	{ 0 },
};

static int setup(struct run *r, void *ctx)
{
	struct biolatency *b = ctx;

	b->spec.unit = r->milliseconds ? "msecs" : "usecs";
	b->per_disk = run_given(r, 'D');
	b->per_flags = run_given(r, 'F');
	return 0;
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	const struct biolatency *b = ctx;
	struct biolatency_bpf *s = skel;

	s->rodata->include_queued = run_given(r, 'Q');
	s->rodata->per_disk = b->per_disk;
	s->rodata->per_flags = b->per_flags;
	s->rodata->milliseconds = r->milliseconds;
	s->rodata->disk_dev = b->disk_dev;
	if (!b->per_disk && !b->per_flags) /* one histogram: one key, not room for 1,024 */
		summary_set_entries(s->obj, "hists", 1);
}

SKELETON(biolatency);

static const struct tool tool = {
	.name = "biolatency",
	.summary = "Summarize block device I/O latency as log2 histograms.",
	.shared = SHARED_CGROUP | SHARED_INTERVAL | SHARED_TIMESTAMP | SHARED_MILLISECONDS,
	.options = options,
	.parse = parse_option,
	.examples = "  biolatency              one histogram at Ctrl-C\n"
		    "  biolatency -m 1 10      ten one-second histograms in milliseconds\n"
		    "  biolatency -D -Q        per disk, including queue time\n"
		    "  biolatency --disk vda -F -j 5\n"
		    "                          vda only, per I/O flags, JSON every 5 s\n",
	.skeleton = &biolatency_skeleton,
	.probes = probes,
	.setup = setup,
	.configure = configure,
	.summary_map = "hists",
	.summary_at = offsetof(struct biolatency, hists),
	.summary_entry = sizeof(struct entry),
	.report = report,
};

int main(int argc, char **argv)
{
	struct biolatency b = { 0 };

	return run_tool(&tool, &b, argc, argv);
}
