// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* offwaketime: time threads spent blocked, by their stacks joined to their wakers' stacks. */
#include <stddef.h>

#include "offcpu.h"
#include "run.h"
#include "offwaketime.skel.h"

static const struct tool_option options[] = {
	OFFCPU_OPTIONS,
	STACK_TOOL_OPTIONS,
	{ 0 },
};

static void configure(void *skel, const struct run *r, void *ctx)
{
	struct offcpu_tool *t = ctx;
	struct offwaketime_bpf *s = skel;

	(void)r;
	offcpu_configure(s->obj, &t->offcpu, true, true);
	stack_configure(s->obj, &t->stacks, true);
}

static const struct probe probes[] = {
	{ "sched_switch", { "offwake_switch" } },
	{ "sched_waking", { "offwake_waking" } },
	{ 0 },
};

SKELETON(offwaketime);

static const struct tool tool = {
	.name = "offwaketime",
	.summary = "Summarize blocked time by the blocked stack joined to the waker's stack.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION_ARG,
	.options = options,
	.parse = offcpu_tool_parse,
	.check = offcpu_tool_check,
	.examples =
		"  offwaketime             every blocked thread's time, its stacks and its waker's\n"
		"  offwaketime -p 181 10   waits of process 181's threads, for 10 seconds\n"
		"  offwaketime -K -m 1000  waits of 1 ms or more, kernel stacks only\n"
		"  offwaketime -f --svg out.svg 30\n"
		"                          folded and a flame graph, for 30 seconds\n",
	.fields = stack_fields,
	.nfields = STACK_FIELDS_WAKERS,
	.skeleton = &offwaketime_skeleton,
	.probes = probes,
	.configure = configure,
	.prepare = stack_prepare,
	.on_event = stack_note,
	.summary_map = "stack_counts",
	.summary_at = offsetof(struct offcpu_tool, report.counts),
	.summary_entry = sizeof(struct stack_entry),
	.report = stack_report,
};

int main(int argc, char **argv)
{
	struct offcpu_tool t = { .offcpu = OFFCPU_DEFAULTS };

	t.report = (struct stack_report){
		.opts = &t.stacks,
		.title = "Off-wake time",
		.unit = "us",
		.timed = true,
		.per_thread = true,
		.wakers = STACK_WAKERS_JOINED,
	};
	return run_tool(&tool, &t, argc, argv);
}
