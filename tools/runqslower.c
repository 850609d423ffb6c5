// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * runqslower: each run-queue wait (wakeup or preemption to on-CPU) slower
 * than MIN_US, filtered in the kernel, with the task it took the CPU from.
 */
#include <linux/types.h>

#include "maps.h"
#include "run.h"
#include "runqslower.h"
#include "runqslower.skel.h"

#define DEFAULT_MIN_US 10000 /* bcc's */

enum { OPT_MIN = OPTION_LONG_ONLY };

enum { F_TIME, F_COMM, F_PID, F_TID, F_LAT, F_PREV_COMM, F_PREV_PID, F_PREV_TID };

/*
 * bcc's columns TIME COMM TID LAT(us), and PREV COMM PREV TID with -P; the
 * time is always shown, as bcc's. JSON always carries the previous task.
 */
static const struct field fields[] = {
	[F_TIME] = { .task = TASK_TIME, .shown_by = OPTION_ALWAYS },
	[F_COMM] = { .task = TASK_COMM },
	[F_PID] = { .task = TASK_PID, .shown_by = OPTION_NEVER },
	[F_TID] = { .task = TASK_TID, .shown_by = OPTION_ALWAYS },
	[F_LAT] = { "latency_ns", "LAT(us)", 14 },
	[F_PREV_COMM] = { "prev_comm", "PREV COMM", -16, .shown_by = 'P' },
	[F_PREV_PID] = { "prev_pid", NULL, 0 },
	[F_PREV_TID] = { "prev_tid", "PREV TID", 0, .shown_by = 'P' },
};

static const struct tool_option options[] = {
	{ "previous", 'P', NULL, "show the previous task: the one that held the CPU" },
	{ "min", OPT_MIN, "US", "only waits of at least US microseconds (as MIN_US)" },
	{ 0 },
};

struct runqslower {
	double min_us; /* --min, MIN_US */
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct runqslower *q = ctx->opts;

	if (key == OPT_MIN || key == OPTION_OPERAND)
		return option_decimal(ctx, arg, key == OPT_MIN ? "--min" : "MIN_US", "microseconds",
				      0, &q->min_us);
	return OPTION_NOT_MINE;
}

/* bcc's LAT(us) in whole microseconds; JSON keeps the nanoseconds, as every latency. */
static void rec_lat_us(int f, __u64 ns)
{
	rec_uint(f, output_json() ? ns : ns / 1000);
}

static int on_event(void *ctx, void *data, size_t len)
{
	const struct runqslower_event *e = data;

	(void)ctx;
	if (len < sizeof(*e))
		return 0;
	rec_begin();
	rec_task(&e->task);
	rec_lat_us(F_LAT, e->latency_ns);
	rec_str(F_PREV_COMM, e->prev_comm, sizeof(e->prev_comm));
	rec_uint(F_PREV_PID, e->prev_pid);
	rec_uint(F_PREV_TID, e->prev_tid);
	rec_end();
	return 0;
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	const struct runqslower *q = ctx;
	struct runqslower_bpf *s = skel;

	(void)r;
	s->rodata->min_ns = (__u64)(q->min_us * 1000);
	map_fit_threads(s->maps.runq_start);
}

/* The three tracepoints exist since Linux 2.6.28: the one way, on every kernel. */
static const struct probe probes[] = {
	{ "sched_wakeup", { "rqslow_wakeup" } },
	{ "sched_wakeup_new", { "rqslow_wake_new" } },
	{ "sched_switch", { "rqslow_switch" } },
	{ 0 },
};

SKELETON(runqslower);

static const struct tool tool = {
	.name = "runqslower",
	.summary = "Trace run queue (scheduler) waits slower than a threshold, one line each.",
	.shared = SHARED_PID | SHARED_TID | SHARED_CGROUP | SHARED_DURATION,
	.options = options,
	.operand = "[MIN_US]",
	.parse = parse_option,
	.examples = "  runqslower              waits of 10 ms or more\n"
		    "  runqslower 1000         waits of 1 ms or more\n"
		    "  runqslower -P -p 185    process 185's, with the task it waited for\n"
		    "  runqslower -j --min 500 JSON lines of waits of 500 us or more\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &runqslower_skeleton,
	.probes = probes,
	.configure = configure,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	struct runqslower q = { .min_us = DEFAULT_MIN_US };

	return run_tool(&tool, &q, argc, argv);
}
