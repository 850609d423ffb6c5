// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* runqlen: run-queue length histograms (or occupancy) by timed sampling, summed in the kernel. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <linux/types.h>

#include "hist.h"
#include "maps.h"
#include "output.h"
#include "perf_sample.h"
#include "run.h"
#include "strbuf.h"
#include "runqlen.h"
#include "runqlen.skel.h"

enum { OPT_GROUP = OPTION_LONG_ONLY };

struct entry {
	struct runqlen_key key;
	struct hist hist;
};

struct runqlen {
	struct sample_spec sample;
	bool per_cpu;	/* -C: one histogram per CPU */
	bool occupancy; /* -O: the share of samples with a queue, not the histogram */
	bool own_group; /* --group: the sampled task's group's queue, as bcc reads it */
	struct hist_spec spec;
	struct summary hists;
};

static const struct tool_option options[] = {
	{ "frequency", 'F', "HZ", "samples a second on each CPU (default 99)" },
	{ "cpus", 'C', NULL, "one histogram (or occupancy) per CPU" },
	{ "occupancy", 'O', NULL, "the share of samples with tasks queued, not the histogram" },
	{ "group", OPT_GROUP, NULL, "the sampled task's own group's queue only, as bcc" },
	{ 0 },
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct runqlen *q = ctx->opts;
	unsigned long hz;

	switch (key) {
	case 'F':
		if (option_ulong(ctx, arg, "frequency", 1, 100000, &hz))
			return -1;
		q->sample.frequency = hz;
		return 0;
	case 'C':
		q->per_cpu = true;
		return 0;
	case 'O':
		q->occupancy = true;
		return 0;
	case OPT_GROUP:
		q->own_group = true;
		return 0;
	}
	return OPTION_NOT_MINE;
}

static int compare_entries(const void *a, const void *b)
{
	__u32 x = ((const struct entry *)a)->key.cpu, y = ((const struct entry *)b)->key.cpu;

	return x < y ? -1 : x > y;
}

/* bcc's "runqocc: 12.34%" (per CPU: "runqocc, CPU 0    12.34%"), or one JSON line. */
static void emit_occupancy(const struct runqlen *q, const struct entry *e)
{
	__u64 samples = hist_total(&e->hist), queued = samples - e->hist.slots[0];
	double pct = samples ? 100.0 * queued / samples : 0;
	struct strbuf sb = { 0 };
	struct timespec now;

	if (!output_json()) {
		if (q->per_cpu)
			sb_printf(&sb, "runqocc, CPU %-3u %6.2f%%\n", e->key.cpu, pct);
		else
			sb_printf(&sb, "runqocc: %0.2f%%\n", pct);
		output_text(sb.buf, sb.len);
		sb_free(&sb);
		return;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	sb_printf(&sb, "{\"time\":%.6f", now.tv_sec + now.tv_nsec / 1e9);
	if (q->per_cpu)
		sb_printf(&sb, ",\"cpu\":\"%u\"", e->key.cpu);
	sb_printf(&sb, ",\"samples\":%llu,\"queued\":%llu,\"occupancy\":%.2f}",
		  (unsigned long long)samples, (unsigned long long)queued, pct);
	output_line(sb.buf, sb.len);
	sb_free(&sb);
}

static void emit_one(const struct runqlen *q, const struct entry *e)
{
	struct hist_label label;
	char cpu[16];

	if (q->occupancy) {
		emit_occupancy(q, e);
		return;
	}
	if (!q->per_cpu) {
		hist_emit(&e->hist, &q->spec, NULL, 0);
		return;
	}
	snprintf(cpu, sizeof(cpu), "%u", e->key.cpu);
	label = (struct hist_label){ "cpu", cpu };
	hist_emit(&e->hist, &q->spec, &label, 1);
}

/* Start the next interval from zero, then print this one's histograms in CPU order. */
static int report(void *ctx)
{
	struct runqlen *q = ctx;
	struct entry *entries = q->hists.room;
	ssize_t n = summary_collect(&q->hists, sizeof(*entries), offsetof(struct entry, hist));
	ssize_t i;

	if (n < 0)
		return -1;
	qsort(entries, n, sizeof(entries[0]), compare_entries);
	for (i = 0; i < n; i++)
		emit_one(q, &entries[i]);
	return 0;
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	const struct runqlen *q = ctx;
	struct runqlen_bpf *s = skel;

	(void)r;
	s->rodata->per_cpu = q->per_cpu;
	s->rodata->own_group = q->own_group;
}

static int attach(struct run *r, struct bpf_program *prog, void *ctx)
{
	struct runqlen *q = ctx;

	return sample_attach(r, prog, &q->sample);
}

static const struct probe probes[] = {
	{ "cpu sampling", { "runqlen_sample" } },
	{ 0 },
};

SKELETON(runqlen);

static const struct tool tool = {
	.name = "runqlen",
	.summary = "Summarize scheduler run queue length as a histogram, by sampling.",
	.shared = SHARED_INTERVAL | SHARED_TIMESTAMP,
	.options = options,
	.parse = parse_option,
	.examples = "  runqlen                 one histogram at Ctrl-C\n"
		    "  runqlen -C 1 5          one histogram per CPU, every second, 5 times\n"
		    "  runqlen -O -C 1         each CPU's run queue occupancy every second\n"
		    "  runqlen -F 999 -j 10    at 999 Hz, JSON every 10 s\n",
	.skeleton = &runqlen_skeleton,
	.probes = probes,
	.configure = configure,
	.attach = attach,
	.summary_map = "hists",
	.summary_at = offsetof(struct runqlen, hists),
	.summary_entry = sizeof(struct entry),
	.report = report,
};

int main(int argc, char **argv)
{
	struct runqlen q = {
		.sample = { .event = SAMPLE_CPU_CLOCK, .frequency = 99, .cpu = -1 },
		.spec = { .unit = "runqlen", .linear = true, .step = 1 },
	};

	return run_tool(&tool, &q, argc, argv);
}
