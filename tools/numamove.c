// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* numamove: pages migrated and the time spent migrating them, every interval. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>
#include <bpf/libbpf.h>

#include "clock.h"
#include "kernel_support.h"
#include "maps.h"
#include "run.h"
#include "numamove.h"
#include "numamove.skel.h"

struct entry {
	__u32 why; /* enum migrate_why, or MIGRATE_REASONS + the kernel's number */
	struct numamove_counts counts;
};

#define KERNEL_REASONS 64

/* Its context: what a report needs. */
struct numamove {
	struct summary reasons;
	__u64 since_ns; /* CLOCK_MONOTONIC at the start of the interval */
	bool all;	/* -a: a row per reason, not NUMA balancing's alone */
	bool untimed;	/* no mm_migrate_pages_start on this kernel: no time */
	/* the kernel's names by its own numbers, from the tracepoint's format */
	char kernel_names[KERNEL_REASONS][24];
};

/* The kernel's names (include/trace/events/migrate.h), by enum migrate_why. */
static const char *const reason_names[MIGRATE_REASONS] = {
	[WHY_COMPACTION] = "compaction",
	[WHY_MEMORY_FAILURE] = "memory_failure",
	[WHY_MEMORY_HOTPLUG] = "memory_hotplug",
	[WHY_SYSCALL] = "syscall_or_cpuset",
	[WHY_MEMPOLICY_MBIND] = "mempolicy_mbind",
	[WHY_NUMA_MISPLACED] = "numa_misplaced",
	[WHY_CONTIG_RANGE] = "contig_range",
	[WHY_LONGTERM_PIN] = "longterm_pin",
	[WHY_DEMOTION] = "demotion",
	[WHY_DAMON] = "damon",
};

enum { F_TIME, F_SECONDS, F_REASON, F_PAGES, F_FAILED, F_CALLS, F_NS };

/* bcc's columns: TIME NUMA_migrations NUMA_migrations_ms; with -a a row per reason. */
static const struct field fields[] = {
	[F_TIME] = { "time", "TIME", -10 },
	[F_SECONDS] = { "seconds" },
	[F_REASON] = { "reason", "REASON", -18, .shown_by = 'a' },
	[F_PAGES] = { "pages", "NUMA_migrations", 18 },
	[F_FAILED] = { "failed", "FAILED", 8, .shown_by = 'a' },
	[F_CALLS] = { "calls", "CALLS", 8, .shown_by = 'a' },
	[F_NS] = { "ns", "NUMA_migrations_ms", 18 },
};

static const struct tool_option options[] = {
	{ "all-reasons", 'a', NULL,
	  "a row per migration reason (compaction, move_pages, ...), not NUMA balancing's alone" },
	{ 0 },
};

static int compare_entries(const void *a, const void *b)
{
	__u32 x = ((const struct entry *)a)->why, y = ((const struct entry *)b)->why;

	return x < y ? -1 : x > y;
}

/*
 * The names the tracepoint prints the reason by: `{0, "compaction"},` and
 * so on after "REC->reason," in its format. For a reason the kernel's BTF
 * does not name (a kernel whose BTF lacks enum migrate_reason, a reason
 * newer than this tool); none if the format cannot be read.
 */
static void read_kernel_names(struct numamove *m)
{
	char path[256], buf[4096], name[24];
	const char *p;
	size_t len;
	FILE *f;
	int n, used;

	snprintf(path, sizeof(path), "%s/events/migrate/mm_migrate_pages/format", tracefs_root());
	f = fopen(path, "r");
	if (!f)
		return;
	len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[len] = 0;
	p = strstr(buf, "REC->reason,");
	if (!p)
		return;
	p += strlen("REC->reason,");
	while (sscanf(p, " {%d, \"%23[^\"]\"}%n", &n, name, &used) == 2) {
		if (n >= 0 && n < KERNEL_REASONS)
			snprintf(m->kernel_names[n], sizeof(m->kernel_names[n]), "%s", name);
		p += used;
		if (*p == ',')
			p++;
	}
}

/* A reason's name: ours, else the kernel's, else reason_N. */
static const char *reason_name(const struct numamove *m, __u32 why, char *buf, size_t len)
{
	__u32 raw = why - MIGRATE_REASONS;

	if (why < MIGRATE_REASONS)
		return reason_names[why];
	if (raw < KERNEL_REASONS && m->kernel_names[raw][0])
		return m->kernel_names[raw];
	snprintf(buf, len, "reason_%u", raw);
	return buf;
}

static void emit_row(const struct numamove *m, const char *name, const struct numamove_counts *c,
		     __u64 now, double seconds)
{
	rec_begin();
	rec_time(F_TIME, now);
	rec_double(F_SECONDS, seconds, 6);
	rec_str(F_REASON, name, strlen(name));
	rec_uint(F_PAGES, c->succeeded);
	rec_uint(F_FAILED, c->failed);
	rec_uint(F_CALLS, c->calls);
	if (m->untimed)
		rec_null(F_NS);
	else
		rec_uint(F_NS, output_json() ? c->ns : c->ns / 1000000);
	rec_end();
}

/*
 * Start the next interval from zero, then print this one: NUMA balancing's
 * row always (as bcc, zeros included), or with -a a row per reason seen.
 */
static int report(void *ctx)
{
	struct numamove_counts numa = { 0 };
	struct numamove *m = ctx;
	struct entry *entries = m->reasons.room;
	ssize_t n = summary_collect(&m->reasons, sizeof(*entries), offsetof(struct entry, counts));
	const char *name;
	char buf[32];
	__u64 now = monotonic_ns();
	double seconds = (now - m->since_ns) / 1e9;
	ssize_t i;

	if (n < 0)
		return -1;
	m->since_ns = now;
	qsort(entries, n, sizeof(entries[0]), compare_entries);
	for (i = 0; i < n; i++) {
		name = reason_name(m, entries[i].why, buf, sizeof(buf));
		if (m->all) {
			emit_row(m, name, &entries[i].counts, now, seconds);
		} else if (!strcmp(name, "numa_misplaced")) {
			numa.succeeded += entries[i].counts.succeeded;
			numa.failed += entries[i].counts.failed;
			numa.calls += entries[i].counts.calls;
			numa.ns += entries[i].counts.ns;
		}
	}
	if (!m->all)
		emit_row(m, "numa_misplaced", &numa, now, seconds);
	return 0;
}

/* The start of each call times it; a kernel without that tracepoint counts pages alone. */
static const struct probe probes[] = {
	{ "mm_migrate_pages", { "ended" } },
	{ "mm_migrate_pages_start", { "started" }, .hint = "(Linux 5.13+)", .optional = true },
	{ 0 },
};

/* A report every second unless told otherwise, as bcc's. */
static int setup(struct run *r, void *ctx)
{
	struct numamove *m = ctx;

	m->all = run_given(r, 'a');
	if (!r->interval)
		r->interval = 1;
	return 0;
}

/* The first interval starts now; -a's columns are named for every reason. */
static int prepare(void *skel, struct run *r, void *ctx)
{
	struct numamove_bpf *s = skel;
	struct numamove *m = ctx;

	(void)r;
	m->untimed = !bpf_program__autoload(s->progs.started);
	read_kernel_names(m);
	if (m->untimed && !output_json())
		fprintf(stderr, "numamove: no tracepoint migrate:mm_migrate_pages_start: "
				"pages are counted, not the time\n");
	if (m->all) {
		output_retitle(F_PAGES, "PAGES");
		output_retitle(F_NS, "MS");
	}
	m->since_ns = monotonic_ns();
	output_header();
	return 0;
}

SKELETON(numamove);

static const struct tool tool = {
	.name = "numamove",
	.summary = "Count page migrations (NUMA balancing's, or every reason's) and the time they "
		   "took, every interval.",
	.shared = SHARED_TASK_FILTERS | SHARED_INTERVAL,
	.options = options,
	.examples = "  numamove                NUMA balancing's migrations every second\n"
		    "  numamove -a 5           every reason's, a report every 5 s\n"
		    "  numamove -a -p 181 -j   those process 181 made, as JSON lines\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &numamove_skeleton,
	.probes = probes,
	.setup = setup,
	.prepare = prepare,
	.summary_map = "reasons",
	.summary_at = offsetof(struct numamove, reasons),
	.summary_entry = sizeof(struct entry),
	.report = report,
};

int main(int argc, char **argv)
{
	struct numamove m = { 0 };

	return run_tool(&tool, &m, argc, argv);
}
