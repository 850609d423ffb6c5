// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cpudist: on-CPU (or off-CPU, -O) time per task as log2 histograms, summed in the kernel. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/types.h>

#include "hist.h"
#include "maps.h"
#include "procfs.h"
#include "run.h"
#include "strbuf.h"
#include "cpudist.h"
#include "cpudist.skel.h"

struct entry {
	struct cpudist_key key;
	struct cpudist_value value; /* histogram, total time, name */
	__u64 total;		    /* spells */
};

/* Its context: the option values, then what a report needs. */
struct cpudist {
	enum cpudist_by by;
	bool extension;
	double unit_ns;
	struct hist_spec spec;
	struct summary hists; /* its room: a struct entry for every histogram it can hold */
};

enum { F_TIME, F_PID, F_TID, F_COMM, F_UNIT, F_TOTAL, F_TOTAL_TIME, F_AVG_TIME, F_BUCKETS };

/* JSON keys; text heads each histogram with a line of its own instead (see emit()). */
static const struct field fields[] = {
	[F_TIME] = { "time" },
	[F_PID] = { "pid" },
	[F_TID] = { "tid" },
	[F_COMM] = { "comm" },
	[F_UNIT] = { "unit" },
	[F_TOTAL] = { "total" },
	[F_TOTAL_TIME] = { "total_time" },
	[F_AVG_TIME] = { "avg_time" },
	[F_BUCKETS] = { "buckets" },
};

static const struct tool_option options[] = {
	{ "offcpu", 'O', NULL, "measure time off the CPU instead of on it" },
	{ "pids", 'P', NULL, "one histogram per process" },
	{ "tids", 'L', NULL, "one histogram per thread" },
	{ "include-idle", 'I', NULL, "include the CPUs' idle tasks (thread 0)" },
	{ "extension", 'e', NULL, "print each histogram's count, total and average time" },
	{ 0 },
};

static int check(struct option_ctx *ctx, const struct run *r)
{
	if (run_given(r, 'P') && run_given(r, 'L'))
		return option_error(ctx, "-P and -L exclude each other");
	return 0;
}

/* Most time first, then by id for a stable order. */
static int compare_entries(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->value.total_ns != y->value.total_ns)
		return x->value.total_ns > y->value.total_ns ? -1 : 1;
	return x->key.id < y->key.id ? -1 : x->key.id > y->key.id;
}

/* A live task as /proc names it now, as bcc does; one that has gone by the name the kernel saw. */
static void entry_comm(const struct entry *e, char comm[SONDE_COMM_LEN])
{
	if (!proc_comm(e->key.id, comm))
		memcpy(comm, e->value.comm, SONDE_COMM_LEN);
}

static void emit_json(const struct cpudist *rep, const struct entry *e, const char *comm,
		      double now)
{
	struct strbuf sb = { 0 };

	rec_begin();
	rec_double(F_TIME, now, 6);
	if (rep->by != CPUDIST_ALL) {
		rec_uint(rep->by == CPUDIST_PROCESS ? F_PID : F_TID, e->key.id);
		rec_str(F_COMM, comm, SONDE_COMM_LEN);
	}
	rec_str(F_UNIT, rep->spec.unit, strlen(rep->spec.unit));
	rec_uint(F_TOTAL, e->total);
	rec_double(F_TOTAL_TIME, e->value.total_ns / rep->unit_ns, 3);
	rec_double(F_AVG_TIME, e->value.total_ns / rep->unit_ns / e->total, 3);
	hist_json_buckets(&sb, &e->value.hist, &rep->spec);
	rec_json(F_BUCKETS, sb.buf, sb.len);
	rec_end();
	sb_free(&sb);
}

/* bcc's -e line under a histogram: "avg = 12 usecs, total: 345 usecs, count: 28" */
static void extension_line(const struct cpudist *rep, const struct entry *e)
{
	char line[160];
	int len;

	len = snprintf(line, sizeof(line), "\navg = %.0f %s, total: %.0f %s, count: %llu\n",
		       e->value.total_ns / rep->unit_ns / e->total, rep->spec.unit,
		       e->value.total_ns / rep->unit_ns, rep->spec.unit,
		       (unsigned long long)e->total);
	output_text(line, len);
}

/* Text: "pid = 181 nginx" (or "tid = ...") over the bars, as bcc and libbpf-tools head them. */
static void emit(const struct cpudist *rep, const struct entry *e, double now)
{
	char comm[SONDE_COMM_LEN] = "", value[48];
	struct hist_label label = { rep->by == CPUDIST_PROCESS ? "pid" : "tid", value };

	if (rep->by != CPUDIST_ALL)
		entry_comm(e, comm);
	if (output_json()) {
		emit_json(rep, e, comm, now);
		return;
	}
	snprintf(value, sizeof(value), "%u %s", e->key.id, comm);
	hist_emit(&e->value.hist, &rep->spec, &label, rep->by != CPUDIST_ALL);
	if (rep->extension)
		extension_line(rep, e);
}

/* Everything gathered since the last report, which programs count anew from now. */
static int gather(struct cpudist *rep, size_t *n)
{
	struct entry *entries = rep->hists.room, *e;
	const struct cpudist_key *key;

	*n = 0;
	if (summary_swap(&rep->hists))
		return -1;
	while (*n < rep->hists.max && (key = summary_next(&rep->hists, &entries[*n].value))) {
		e = &entries[*n];
		e->key = *key;
		e->total = hist_total(&e->value.hist);
		*n += e->total > 0;
	}
	return 0;
}

static int report(void *ctx)
{
	struct cpudist *rep = ctx;
	struct entry *entries = rep->hists.room;
	struct timespec now;
	size_t n, i;

	if (gather(rep, &n))
		return -1;
	qsort(entries, n, sizeof(entries[0]), compare_entries);
	clock_gettime(CLOCK_REALTIME, &now);
	for (i = 0; i < n; i++)
		emit(rep, &entries[i], now.tv_sec + now.tv_nsec / 1e9);
	return 0;
}

static const struct probe probes[] = {
	{ "sched_switch", { "cpudist_switch" } },
	{ 0 },
};

static int setup(struct run *r, void *ctx)
{
	struct cpudist *c = ctx;

	c->spec.unit = r->milliseconds ? "msecs" : "usecs";
	c->unit_ns = r->milliseconds ? 1e6 : 1e3;
	c->by = run_given(r, 'P')   ? CPUDIST_PROCESS
		: run_given(r, 'L') ? CPUDIST_THREAD
				    : CPUDIST_ALL;
	c->extension = run_given(r, 'e');
	return 0;
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	const struct cpudist *c = ctx;
	struct cpudist_bpf *s = skel;

	s->rodata->offcpu = run_given(r, 'O');
	s->rodata->milliseconds = r->milliseconds;
	s->rodata->include_idle = run_given(r, 'I');
	s->rodata->key_by = c->by;
}

SKELETON(cpudist);

static const struct tool tool = {
	.name = "cpudist",
	.summary = "Summarize on-CPU (or off-CPU) time per task as log2 histograms.",
	.shared = SHARED_TASK_FILTERS | SHARED_INTERVAL | SHARED_TIMESTAMP | SHARED_MILLISECONDS,
	.options = options,
	.check = check,
	.examples = "  cpudist                 one histogram of on-CPU time at Ctrl-C\n"
		    "  cpudist -O              off-CPU time instead\n"
		    "  cpudist -mT 1 10        ten one-second histograms in ms, with times\n"
		    "  cpudist -P -e           per process, with count, total and average\n"
		    "  cpudist -L -p 181 -j 5  process 181's threads, JSON every 5 s\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &cpudist_skeleton,
	.probes = probes,
	.setup = setup,
	.configure = configure,
	.summary_map = "hists",
	.summary_at = offsetof(struct cpudist, hists),
	.summary_entry = sizeof(struct entry),
	.report = report,
};

int main(int argc, char **argv)
{
	struct cpudist c = { 0 };

	return run_tool(&tool, &c, argc, argv);
}
