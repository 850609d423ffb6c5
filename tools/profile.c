// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* profile: a CPU profile by timed sampling of kernel and user stacks. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "perf_sample.h"
#include "run.h"
#include "stacktool.h"
#include "profile.skel.h"

enum { OPT_CPU = OPTION_LONG_ONLY, OPT_CLOCK };

struct profile {
	struct stack_report report; /* first: the stack_* callbacks take the context as theirs */
	struct stack_opts stacks;
	struct sample_spec sample;
	bool include_idle;
};

static const struct tool_option options[] = {
	{ "frequency", 'F', "HZ", "samples a second on each CPU (default 49)" },
	{ "include-idle", 'I', NULL, "count the idle task's samples too" },
	{ "cpu", OPT_CPU, "CPU", "sample this CPU only" },
	{ "clock", OPT_CLOCK, "CLOCK", "cpu-clock (default) or cycles (needs a hardware PMU)" },
	STACK_TOOL_OPTIONS,
	{ 0 },
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct profile *p = ctx->opts;
	unsigned long cpu, hz;

	switch (key) {
	case 'F':
		if (option_ulong(ctx, arg, "frequency", 1, 100000, &hz))
			return -1;
		p->sample.frequency = hz;
		return 0;
	case 'I':
		p->include_idle = true;
		return 0;
	case OPT_CPU:
		if (option_ulong(ctx, arg, "CPU", 0, 65535, &cpu))
			return -1;
		p->sample.cpu = (int)cpu;
		return 0;
	case OPT_CLOCK:
		if (!sample_clock_parse(arg, &p->sample.event))
			return option_error(ctx, "unknown clock '%s': cpu-clock or cycles", arg);
		return 0;
	}
	return stack_option(ctx, &p->stacks, key, arg);
}

static int check(struct option_ctx *ctx, const struct run *r)
{
	return stack_check(ctx, &((struct profile *)ctx->opts)->stacks, r);
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	struct profile *p = ctx;
	struct profile_bpf *s = skel;

	(void)r;
	s->rodata->include_idle = p->include_idle;
	stack_configure(s->obj, &p->stacks, false);
}

static int attach(struct run *r, struct bpf_program *prog, void *ctx)
{
	struct profile *p = ctx;

	return sample_attach(r, prog, &p->sample);
}

static const struct probe probes[] = {
	{ "cpu sampling", { "profile_sample" } },
	{ 0 },
};

SKELETON(profile);

static const struct tool tool = {
	.name = "profile",
	.summary = "Profile CPU usage by sampling stack traces at a timed interval.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION_ARG,
	.options = options,
	.parse = parse_option,
	.check = check,
	.examples =
		"  profile                 every CPU at 49 Hz, user and kernel stacks, until Ctrl-C\n"
		"  profile -F 99 -p 181 10 process 181 at 99 Hz for 10 seconds\n"
		"  profile -f 30 >out.folded\n"
		"                          30 seconds folded, for flame graph tools\n"
		"  profile --svg cpu.svg 30\n"
		"                          a flame graph of 30 seconds\n",
	.fields = stack_fields,
	.nfields = 8,
	.skeleton = &profile_skeleton,
	.probes = probes,
	.configure = configure,
	.attach = attach,
	.prepare = stack_prepare,
	.on_event = stack_note,
	.summary_map = "stack_counts",
	.summary_at = offsetof(struct profile, report.counts),
	.summary_entry = sizeof(struct stack_entry),
	.report = stack_report,
};

int main(int argc, char **argv)
{
	struct profile p = {
		.sample = { .event = SAMPLE_CPU_CLOCK, .frequency = 49, .cpu = -1 },
	};

	p.report = (struct stack_report){
		.opts = &p.stacks,
		.title = "CPU profile",
		.unit = "samples",
	};
	return run_tool(&tool, &p, argc, argv);
}
