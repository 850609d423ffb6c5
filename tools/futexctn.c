// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* futexctn: futex contention, as histograms of time blocked per lock or per process. */
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
#include "futexctn.h"
#include "futexctn.skel.h"

#define MAX_HISTS 10240 /* the map's max_entries */

enum { OPT_LOCK = OPTION_LONG_ONLY };

struct entry {
	struct futex_hist_key key;
	struct futex_value value; /* histogram, time blocked, name */
	__u64 total;		  /* waits */
};

/* Its context: the option values, then what a report needs. */
struct futexctn {
	__u64 lock; /* --lock: 0 for every futex word */
	__u32 top;  /* -N: 0 for all */
	bool per_process;
	double unit_ns;
	struct hist_spec spec;
	struct summary hists; /* its room: a struct entry for every histogram it can hold */
};

enum { F_TIME, F_PID, F_COMM, F_LOCK, F_UNIT, F_TOTAL, F_TOTAL_TIME, F_AVG_TIME, F_BUCKETS };

/* JSON keys; text heads each histogram with a line of its own instead (see heading()). */
static const struct field fields[] = {
	[F_TIME] = { "time" },
	[F_PID] = { "pid" },
	[F_COMM] = { "comm" },
	[F_LOCK] = { "lock" },
	[F_UNIT] = { "unit" },
	[F_TOTAL] = { "total" },
	[F_TOTAL_TIME] = { "total_time" },
	[F_AVG_TIME] = { "avg_time" },
	[F_BUCKETS] = { "buckets" },
};

static const struct tool_option options[] = {
	{ "per-process", 'P', NULL, "one histogram per process instead of per futex word" },
	{ "lock", OPT_LOCK, "ADDR", "trace the futex word at this address only (hex)" },
	{ "top", 'N', "N", "print the N histograms with the most time blocked (default: all)" },
	{ 0 },
};

/* Hex digits only, with or without 0x; not 0. */
static int parse_address(struct option_ctx *ctx, const char *arg, __u64 *out)
{
	const char *hex = strncmp(arg, "0x", 2) ? arg : arg + 2;
	unsigned long long v;

	errno = 0;
	v = strtoull(hex, NULL, 16);
	if (!*hex || hex[strspn(hex, "0123456789abcdefABCDEF")] || errno || !v)
		return option_error(
			ctx, "invalid futex address '%s': expected a non-zero hex address", arg);
	*out = v;
	return 0;
}

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct futexctn *o = ctx->opts;

	switch (key) {
	case OPT_LOCK:
		return parse_address(ctx, arg, &o->lock);
	case 'N':
		return option_u32(ctx, arg, "top", 0, MAX_HISTS, &o->top);
	}
	return OPTION_NOT_MINE;
}

/* Most time blocked first, then by process and address for a stable order. */
static int compare_entries(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->value.total_ns != y->value.total_ns)
		return x->value.total_ns > y->value.total_ns ? -1 : 1;
	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	if (x->key.tgid != y->key.tgid)
		return x->key.tgid < y->key.tgid ? -1 : 1;
	return x->key.uaddr < y->key.uaddr ? -1 : x->key.uaddr > y->key.uaddr;
}

/*
 * A live process is named as /proc names it (its main thread's name), as
 * syscount does; one that has exited by the name of the thread the kernel
 * saw wait first.
 */
static void process_comm(const struct entry *e, char comm[SONDE_COMM_LEN])
{
	if (!proc_comm(e->key.tgid, comm))
		memcpy(comm, e->value.comm, SONDE_COMM_LEN);
}

/* A histogram's record: its buckets a JSON array in JSON mode. */
static void emit_json(const struct futexctn *rep, const struct entry *e, const char *comm,
		      const char *lock, double now)
{
	struct strbuf sb = { 0 };

	rec_begin();
	rec_double(F_TIME, now, 6);
	rec_uint(F_PID, e->key.tgid);
	rec_str(F_COMM, comm, 16);
	if (!rep->per_process)
		rec_str(F_LOCK, lock, strlen(lock));
	rec_str(F_UNIT, rep->spec.unit, strlen(rep->spec.unit));
	rec_uint(F_TOTAL, e->total);
	rec_double(F_TOTAL_TIME, e->value.total_ns / rep->unit_ns, 3);
	rec_double(F_AVG_TIME, e->value.total_ns / rep->unit_ns / e->total, 3);
	hist_json_buckets(&sb, &e->value.hist, &rep->spec);
	rec_json(F_BUCKETS, sb.buf, sb.len);
	rec_end();
	sb_free(&sb);
}

/* libbpf-tools' heading and the total: "java[181] lock 0x7f.. contended 2 times, 40 avg usecs, 80 total" */
static void heading(const struct futexctn *rep, const struct entry *e, const char *comm,
		    const char *lock)
{
	struct strbuf sb = { 0 };

	sb_putc(&sb, '\n');
	sb_text_escaped(&sb, comm, strlen(comm));
	sb_printf(&sb, "[%u]", e->key.tgid);
	if (!rep->per_process)
		sb_printf(&sb, " lock %s", lock);
	sb_printf(&sb, " contended %llu times, %.0f avg %s, %.0f total\n",
		  (unsigned long long)e->total, e->value.total_ns / rep->unit_ns / e->total,
		  rep->spec.unit, e->value.total_ns / rep->unit_ns);
	output_text(sb.buf, sb.len);
	sb_free(&sb);
}

static void emit(const struct futexctn *rep, const struct entry *e, double now)
{
	char comm[16], lock[24];

	snprintf(lock, sizeof(lock), "0x%llx", (unsigned long long)e->key.uaddr);
	process_comm(e, comm);
	if (output_json()) {
		emit_json(rep, e, comm, lock, now);
		return;
	}
	heading(rep, e, comm, lock);
	hist_emit(&e->value.hist, &rep->spec, NULL, 0);
}

/* Everything gathered since the last report, which programs count anew from now. */
static int gather(struct futexctn *rep, size_t *n)
{
	struct entry *entries = rep->hists.room, *e;
	const struct futex_hist_key *key;

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
	struct futexctn *rep = ctx;
	struct entry *entries = rep->hists.room;
	struct timespec now;
	size_t n, i;

	if (gather(rep, &n))
		return -1;
	qsort(entries, n, sizeof(entries[0]), compare_entries);
	clock_gettime(CLOCK_REALTIME, &now);
	for (i = 0; i < n && (!rep->top || i < rep->top); i++)
		emit(rep, &entries[i], now.tv_sec + now.tv_nsec / 1e9);
	return 0;
}

static const struct probe probes[] = {
	{ "futex",
	  { "futex_enter,futex_exit,?futex_waitv_enter,?futex_exit@syscalls/sys_exit_futex_waitv,"
	    "?futex_wait_enter,?futex_exit@syscalls/sys_exit_futex_wait" } },
	{ 0 },
};

static int setup(struct run *r, void *ctx)
{
	struct futexctn *f = ctx;

	f->spec.unit = r->milliseconds ? "msecs" : "usecs";
	f->unit_ns = r->milliseconds ? 1e6 : 1e3;
	f->per_process = run_given(r, 'P');
	return 0;
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	const struct futexctn *f = ctx;
	struct futexctn_bpf *s = skel;

	s->rodata->per_process = f->per_process;
	s->rodata->milliseconds = r->milliseconds;
	s->rodata->only_lock = f->lock;
}

SKELETON(futexctn);

static const struct tool tool = {
	.name = "futexctn",
	.summary = "Summarize futex contention: time blocked per lock as log2 histograms.",
	.shared = SHARED_TASK_FILTERS | SHARED_INTERVAL | SHARED_TIMESTAMP | SHARED_MILLISECONDS,
	.options = options,
	.parse = parse_option,
	.examples = "  futexctn                one histogram per contended lock at Ctrl-C\n"
		    "  futexctn -p 181 -m 5    process 181's locks every 5 s, in milliseconds\n"
		    "  futexctn -P -N 10       the 10 processes blocked longest\n"
		    "  futexctn -p 181 --lock 7f3a1c0008c0 -j\n"
		    "                          one lock of process 181, as JSON\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &futexctn_skeleton,
	.probes = probes,
	.setup = setup,
	.configure = configure,
	.summary_map = "hists",
	.summary_at = offsetof(struct futexctn, hists),
	.summary_entry = sizeof(struct entry),
	.report = report,
};

int main(int argc, char **argv)
{
	struct futexctn f = { 0 };

	return run_tool(&tool, &f, argc, argv);
}
