// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* runqlat: run-queue (scheduler) latency histograms, summed in the kernel. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <linux/types.h>

#include "hist.h"
#include "maps.h"
#include "run.h"
#include "runqlat.h"
#include "runqlat.skel.h"

enum { OPT_PIDNSS = OPTION_LONG_ONLY };

struct entry {
	struct runqlat_key key;
	struct hist hist;
};

struct runqlat {
	enum runqlat_by by;
	struct hist_spec spec;
	struct summary hists;
};

static const struct tool_option options[] = {
	{ "pids", 'P', NULL, "one histogram per process" },
	{ "tids", 'L', NULL, "one histogram per thread" },
	{ "pidnss", OPT_PIDNSS, NULL, "one histogram per PID namespace" },
	{ 0 },
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct runqlat *o = ctx->opts;
	enum runqlat_by by;

	(void)arg;
	if (key == 'P')
		by = RUNQLAT_PID;
	else if (key == 'L')
		by = RUNQLAT_TID;
	else if (key == OPT_PIDNSS)
		by = RUNQLAT_PIDNS;
	else
		return OPTION_NOT_MINE;
	if (o->by && o->by != by)
		return option_error(ctx, "-P, -L and --pidnss exclude each other");
	o->by = by;
	return 0;
}

static int compare_entries(const void *a, const void *b)
{
	__u32 x = ((const struct entry *)a)->key.id, y = ((const struct entry *)b)->key.id;

	return x < y ? -1 : x > y;
}

static void emit_one(const struct runqlat *rep, const struct entry *e)
{
	static const char *const names[] = { NULL, "pid", "tid", "pidns" };
	struct hist_label label;
	char id[16];

	if (!rep->by) {
		hist_emit(&e->hist, &rep->spec, NULL, 0);
		return;
	}
	snprintf(id, sizeof(id), "%u", e->key.id);
	label = (struct hist_label){ names[rep->by], id };
	hist_emit(&e->hist, &rep->spec, &label, 1);
}

/* Start the next interval from zero, then print this one's histograms in key order. */
static int report(void *ctx)
{
	struct runqlat *rep = ctx;
	struct entry *entries = rep->hists.room;
	ssize_t n = summary_collect(&rep->hists, sizeof(*entries), offsetof(struct entry, hist));
	ssize_t i;

	if (n < 0)
		return -1;
	qsort(entries, n, sizeof(entries[0]), compare_entries);
	for (i = 0; i < n; i++)
		emit_one(rep, &entries[i]);
	return 0;
}

/* The three tracepoints exist since Linux 2.6.28; nothing else here waits on the kernel. */
static const struct probe probes[] = {
	{ "sched_wakeup", { "runqlat_wakeup" } },
	{ "sched_wakeup_new", { "runqlat_wakeup_new" } },
	{ "sched_switch", { "runqlat_switch" } },
	{ 0 },
};

static int setup(struct run *r, void *ctx)
{
	struct runqlat *q = ctx;

	q->spec.unit = r->milliseconds ? "msecs" : "usecs";
	return 0;
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	const struct runqlat *q = ctx;
	struct runqlat_bpf *s = skel;

	s->rodata->milliseconds = r->milliseconds;
	s->rodata->by = q->by;
	if (!q->by) /* one histogram: one key, not room for 10,240 */
		summary_set_entries(s->obj, "hists", 1);
	map_fit_threads(s->maps.runq_start);
}

SKELETON(runqlat);

static const struct tool tool = {
	.name = "runqlat",
	.summary = "Summarize run queue (scheduler) latency as log2 histograms.",
	.shared = SHARED_PID | SHARED_TID | SHARED_CGROUP | SHARED_INTERVAL | SHARED_TIMESTAMP |
		  SHARED_MILLISECONDS,
	.options = options,
	.parse = parse_option,
	.examples = "  runqlat                 one histogram at Ctrl-C\n"
		    "  runqlat -m 1 10         ten one-second histograms in milliseconds\n"
		    "  runqlat -P              one histogram per process\n"
		    "  runqlat -p 185 -L -j 5  process 185's threads, JSON every 5 s\n",
	.skeleton = &runqlat_skeleton,
	.probes = probes,
	.setup = setup,
	.configure = configure,
	.summary_map = "hists",
	.summary_at = offsetof(struct runqlat, hists),
	.summary_entry = sizeof(struct entry),
	.report = report,
};

int main(int argc, char **argv)
{
	struct runqlat q = { 0 };

	return run_tool(&tool, &q, argc, argv);
}
