// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* offcputime: time threads spend off the CPU, by the stacks they blocked in. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "run.h"
#include "stacktool.h"
#include "offcputime.skel.h"

enum { OPT_STATE = OPTION_LONG_ONLY };

struct offcputime {
	struct stack_report report; /* first: the stack_* callbacks take the context as theirs */
	struct stack_opts stacks;
	unsigned long min_us, max_us;
	bool by_state;
	unsigned int state_mask;
};

static const struct tool_option options[] = {
	{ "min-block-time", 'm', "US",
	  "count spells off the CPU of at least US microseconds (default 1)" },
	{ "max-block-time", 'M', "US", "count spells off the CPU of at most US microseconds" },
	{ "state", OPT_STATE, "STATE",
	  "threads switched out in this state only: R (preempted), S, D, or a mask of the kernel's bits" },
	STACK_TOOL_OPTIONS,
	{ 0 },
};

/* The kernel's task state bits (include/linux/sched.h), as ps shows their letters. */
static const struct {
	char letter;
	unsigned int mask;
} states[] = { { 'R', 0 }, { 'S', 0x1 }, { 'D', 0x2 }, { 'T', 0x4 }, { 't', 0x8 } };

static int parse_state(struct option_ctx *ctx, struct offcputime *o, const char *arg)
{
	unsigned long mask;
	size_t i;

	o->by_state = true;
	for (i = 0; arg[0] && !arg[1] && i < sizeof(states) / sizeof(states[0]); i++) {
		if (states[i].letter == arg[0]) {
			o->state_mask = states[i].mask;
			return 0;
		}
	}
	if (arg[0] < '0' || arg[0] > '9')
		return option_error(ctx, "unknown state '%s': R, S, D, T, t or a number", arg);
	if (option_ulong(ctx, arg, "state", 0, 0xffff, &mask))
		return -1;
	o->state_mask = mask;
	return 0;
}

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct offcputime *o = ctx->opts;

	switch (key) {
	case 'm':
		return option_ulong(ctx, arg, "minimum block time", 0, 1UL << 40, &o->min_us);
	case 'M':
		return option_ulong(ctx, arg, "maximum block time", 1, 1UL << 40, &o->max_us);
	case OPT_STATE:
		return parse_state(ctx, o, arg);
	}
	return stack_option(ctx, &o->stacks, key, arg);
}

static int check(struct option_ctx *ctx, const struct run *r)
{
	struct offcputime *o = ctx->opts;

	if (o->max_us && o->max_us < o->min_us)
		return option_error(ctx, "-M %lu is below -m %lu", o->max_us, o->min_us);
	return stack_check(ctx, &o->stacks, r);
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	struct offcputime *o = ctx;
	struct offcputime_bpf *s = skel;

	(void)r;
	s->rodata->min_ns = o->min_us * 1000;
	s->rodata->max_ns = o->max_us ? o->max_us * 1000 : ~0ULL;
	s->rodata->by_state = o->by_state;
	s->rodata->state_mask = o->state_mask;
	stack_configure(s->obj, &o->stacks, true);
}

static const struct probe probes[] = {
	{ "sched_switch", { "offcpu_switch" } },
	{ 0 },
};

SKELETON(offcputime);

static const struct tool tool = {
	.name = "offcputime",
	.summary = "Summarize off-CPU time by stack: where threads block, and for how long.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION_ARG,
	.options = options,
	.parse = parse_option,
	.check = check,
	.examples = "  offcputime              every thread's blocked time by stack, until Ctrl-C\n"
		    "  offcputime -p 181 10    process 181 for 10 seconds\n"
		    "  offcputime -K --state D uninterruptible waits (I/O, locks), kernel stacks\n"
		    "  offcputime -m 1000 -f 30 >out.folded\n"
		    "                          waits of 1 ms or more, folded, for 30 seconds\n",
	.fields = stack_fields,
	.nfields = 8,
	.skeleton = &offcputime_skeleton,
	.probes = probes,
	.configure = configure,
	.prepare = stack_prepare,
	.on_event = stack_note,
	.summary_map = "stack_counts",
	.summary_at = offsetof(struct offcputime, report.counts),
	.summary_entry = sizeof(struct stack_entry),
	.report = stack_report,
};

int main(int argc, char **argv)
{
	struct offcputime o = { .min_us = 1 };

	o.report = (struct stack_report){
		.opts = &o.stacks,
		.title = "Off-CPU time",
		.unit = "us",
		.timed = true,
		.per_thread = true,
	};
	return run_tool(&tool, &o, argc, argv);
}
