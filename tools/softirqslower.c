// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* softirqslower: softirq runs slower than a threshold, each with the task it interrupted. */
#include <string.h>
#include <linux/types.h>
#include <bpf/libbpf.h>

#include "irqstat.h"
#include "run.h"
#include "softirqslower.h"
#include "softirqslower.skel.h"

enum { OPT_CPU = OPTION_LONG_ONLY };

enum { F_TIME, F_SOFTIRQ, F_LAT, F_CPU, F_PID, F_TID, F_COMM };

/* bcc's columns TIME SOFTIRQ LAT(us) CPU COMM (less its STAGE), the interrupted PID before COMM */
static const struct field fields[] = {
	[F_TIME] = { .task = TASK_TIME, .shown_by = OPTION_ALWAYS },
	[F_SOFTIRQ] = { "softirq", "SOFTIRQ", -8 },
	[F_LAT] = { "duration_ns", "LAT(us)", -14 },
	[F_CPU] = { "cpu", "CPU", -6 },
	[F_PID] = { .task = TASK_PID },
	[F_TID] = { .task = TASK_TID },
	[F_COMM] = { .task = TASK_COMM },
};

static const struct tool_option options[] = {
	{ "cpu", OPT_CPU, "CPU", "only softirqs on CPU" },
	{ 0 },
};

struct softirqslower {
	double min_us; /* MIN_US */
	__s32 cpu;     /* --cpu, or -1 */
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct softirqslower *s = ctx->opts;
	__u32 cpu;

	if (key == OPTION_OPERAND)
		return option_decimal(ctx, arg, "MIN_US", "microseconds", 0, &s->min_us);
	if (key != OPT_CPU)
		return OPTION_NOT_MINE;
	if (option_u32(ctx, arg, "--cpu", 0, 65535, &cpu))
		return -1;
	if ((int)cpu >= libbpf_num_possible_cpus())
		return option_error(ctx, "--cpu: no CPU %u on this machine", cpu);
	s->cpu = cpu;
	return 0;
}

static int on_event(void *ctx, void *data, size_t len)
{
	const struct softirq_event *e = data;
	const char *name = softirq_name(e->vec);

	(void)ctx;
	if (len < sizeof(*e))
		return 0;
	rec_begin();
	rec_task(&e->task);
	rec_str(F_SOFTIRQ, name, strlen(name));
	/* whole microseconds in text, as bcc prints them; JSON keeps the nanoseconds */
	rec_uint(F_LAT, output_json() ? e->duration_ns : e->duration_ns / 1000);
	rec_uint(F_CPU, e->cpu);
	rec_end();
	return 0;
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	const struct softirqslower *s = ctx;
	struct softirqslower_bpf *obj = skel;

	(void)r;
	obj->rodata->min_ns = (__u64)(s->min_us * 1e3);
	obj->rodata->target_cpu = s->cpu;
}

/* As softirqs: the raw tracepoint, else the classic one, on either hook. */
static const struct probe probes[] = {
	{ "softirq_entry", { "slower_entry", "slower_entry_tp" } },
	{ "softirq_exit", { "slower_exit", "slower_exit_tp" } },
	{ 0 },
};

SKELETON(softirqslower);

static const struct tool tool = {
	.name = "softirqslower",
	.summary = "Trace softirq runs slower than a threshold, and the task each interrupted.",
	.shared = SHARED_DURATION,
	.options = options,
	.operand = "[MIN_US]",
	.parse = parse_option,
	.examples = "  softirqslower           runs slower than 10 ms (bcc's default)\n"
		    "  softirqslower 100       runs slower than 100 us\n"
		    "  softirqslower --cpu 1 0 every run on CPU 1\n"
		    "  softirqslower -j -d 5   JSON lines for five seconds\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &softirqslower_skeleton,
	.probes = probes,
	.configure = configure,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	struct softirqslower s = { .min_us = 10000, .cpu = -1 };

	return run_tool(&tool, &s, argc, argv);
}
