// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * llcstat: last-level cache references, misses and hit ratio per process
 * (per thread with -t) and CPU, from the CPU's hardware counters sampled
 * every N events. A machine without those counters (most virtual machines:
 * no hardware PMU) is told in one line, and nothing is printed.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>

#include "maps.h"
#include "perf_sample.h"
#include "run.h"
#include "llcstat.h"
#include "llcstat.skel.h"

struct row {
	struct llcstat_key key;
	struct llcstat_value value;
};

/* Its context: the option values, then what a report needs. */
struct llcstat {
	__u64 period;
	bool per_thread;
	struct summary counts; /* its room: a struct row for every row it can hold */
};

enum { F_PID, F_TID, F_COMM, F_CPU, F_REFERENCES, F_MISSES, F_HIT, F_TOTAL_REF, F_TOTAL_MISS };

/* bcc's columns; the totals are a line of their own in text, a record of their own in JSON. */
static const struct field fields[] = {
	[F_PID] = { "pid", "PID", -8 },
	[F_TID] = { "tid", "TID", -8, .shown_by = 't' },
	[F_COMM] = { "comm", "NAME", -16 },
	[F_CPU] = { "cpu", "CPU", -4 },
	[F_REFERENCES] = { "references", "REFERENCE", 12 },
	[F_MISSES] = { "misses", "MISS", 12 },
	[F_HIT] = { "hit_percent", "HIT%", 7 },
	[F_TOTAL_REF] = { "total_references" },
	[F_TOTAL_MISS] = { "total_misses" },
};

static const struct tool_option options[] = {
	{ "sample-period", 'c', "N", "a sample every N cache references or misses (default 100)" },
	{ "per-thread", 't', NULL, "a row per thread, not per process" },
	{ 0 },
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct llcstat *l = ctx->opts;
	unsigned long period;

	if (key != 'c')
		return 0;
	if (option_ulong(ctx, arg, "sample period", 1, 1000000000, &period))
		return -1;
	l->period = period;
	return 0;
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	struct llcstat *l = ctx;

	l->per_thread = run_given(r, 't');
	((struct llcstat_bpf *)skel)->rodata->per_thread = l->per_thread;
}

/* Each program on its own counter, on every CPU. */
static int attach(struct run *r, struct bpf_program *prog, void *ctx)
{
	const struct llcstat *l = ctx;
	struct sample_spec spec = { .period = l->period, .cpu = -1 };

	spec.event = strcmp(bpf_program__name(prog), "llcstat_misses") ? SAMPLE_CACHE_REFERENCES
								       : SAMPLE_CACHE_MISSES;
	return sample_attach(r, prog, &spec);
}

/* The share of references that hit, in percent; 0 with none. Sampled misses may exceed them. */
static double hit_percent(__u64 references, __u64 misses)
{
	if (!references || misses >= references)
		return 0;
	return (double)(references - misses) * 100 / references;
}

/* Most references first, then by process, thread and CPU for a stable order. */
static int compare_rows(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->value.references != y->value.references)
		return x->value.references > y->value.references ? -1 : 1;
	if (x->key.pid != y->key.pid)
		return x->key.pid < y->key.pid ? -1 : 1;
	if (x->key.tid != y->key.tid)
		return x->key.tid < y->key.tid ? -1 : 1;
	return x->key.cpu < y->key.cpu ? -1 : x->key.cpu > y->key.cpu;
}

static void emit_row(const struct row *w, bool per_thread)
{
	rec_begin();
	rec_uint(F_PID, w->key.pid);
	if (per_thread)
		rec_uint(F_TID, w->key.tid);
	rec_str(F_COMM, w->value.comm, SONDE_COMM_LEN);
	rec_uint(F_CPU, w->key.cpu);
	rec_uint(F_REFERENCES, w->value.references);
	rec_uint(F_MISSES, w->value.misses);
	rec_double(F_HIT, hit_percent(w->value.references, w->value.misses), 2);
	rec_end();
}

/* bcc's last line: "Total References: 3140 Total Misses: 2456 Hit Rate: 21.78%". */
static void emit_totals(__u64 references, __u64 misses)
{
	char line[160];
	int len;

	if (output_json()) {
		rec_begin();
		rec_uint(F_TOTAL_REF, references);
		rec_uint(F_TOTAL_MISS, misses);
		rec_double(F_HIT, hit_percent(references, misses), 2);
		rec_end();
		return;
	}
	len = snprintf(line, sizeof(line),
		       "Total References: %llu Total Misses: %llu Hit Rate: %.2f%%\n",
		       (unsigned long long)references, (unsigned long long)misses,
		       hit_percent(references, misses));
	output_text(line, len);
}

static int report(void *ctx)
{
	struct llcstat *l = ctx;
	struct row *rows = l->counts.room;
	const struct llcstat_key *key;
	__u64 references = 0, misses = 0;
	size_t n = 0, i;

	if (summary_swap(&l->counts))
		return -1;
	while (n < l->counts.max && (key = summary_next(&l->counts, &rows[n].value))) {
		rows[n].key = *key;
		references += rows[n].value.references;
		misses += rows[n++].value.misses;
	}
	qsort(rows, n, sizeof(rows[0]), compare_rows);
	output_header();
	for (i = 0; i < n; i++)
		emit_row(&rows[i], l->per_thread);
	emit_totals(references, misses);
	return 0;
}

static const struct probe probes[] = {
	{ "cache references", { "llcstat_references" } },
	{ "cache misses", { "llcstat_misses" } },
	{ 0 },
};

SKELETON(llcstat);

static const struct tool tool = {
	.name = "llcstat",
	.summary = "Summarize last-level cache references and misses per process or thread.",
	.shared = SHARED_PID | SHARED_UID | SHARED_COMM | SHARED_DURATION_ARG,
	.options = options,
	.parse = parse_option,
	.examples = "  llcstat 10              ten seconds, per process and CPU\n"
		    "  llcstat -t -c 1000 5    per thread, a sample every 1000 events, 5 s\n"
		    "  llcstat -p 181 -j 10    process 181 only, JSON\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &llcstat_skeleton,
	.probes = probes,
	.configure = configure,
	.attach = attach,
	.summary_map = "counts",
	.summary_at = offsetof(struct llcstat, counts),
	.summary_entry = sizeof(struct row),
	.report = report,
};

int main(int argc, char **argv)
{
	struct llcstat l = { .period = 100 };

	return run_tool(&tool, &l, argc, argv);
}
