// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* offcputime: time threads spend off the CPU, by the stacks they blocked in. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "offcpu.h"
#include "run.h"
#include "stacktool.h"
#include "offcputime.skel.h"

enum { OPT_STATE = OPTION_LONG_ONLY };

struct offcputime {
	struct stack_report report; /* first: the stack_* callbacks take the context as theirs */
	struct stack_opts stacks;
	struct offcpu_opts offcpu;
	bool by_state;
	unsigned int state_mask;
};

static const struct tool_option options[] = {
	OFFCPU_OPTIONS,
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

	int err = key == OPT_STATE ? parse_state(ctx, o, arg) : OPTION_NOT_MINE;

	if (err == OPTION_NOT_MINE)
		err = offcpu_option(ctx, &o->offcpu, key, arg);
	return err == OPTION_NOT_MINE ? stack_option(ctx, &o->stacks, key, arg) : err;
}

static int check(struct option_ctx *ctx, const struct run *r)
{
	struct offcputime *o = ctx->opts;

	return offcpu_check(ctx, &o->offcpu) ? -1 : stack_check(ctx, &o->stacks, r);
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	struct offcputime *o = ctx;
	struct offcputime_bpf *s = skel;

	(void)r;
	offcpu_configure(s->obj, &o->offcpu, false, true);
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
	struct offcputime o = { .offcpu = OFFCPU_DEFAULTS };

	o.report = (struct stack_report){
		.opts = &o.stacks,
		.title = "Off-CPU time",
		.unit = "us",
		.timed = true,
		.per_thread = true,
	};
	return run_tool(&tool, &o, argc, argv);
}
