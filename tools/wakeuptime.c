// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* wakeuptime: time threads spent blocked, by the stacks of the threads that woke them. */
#include <stddef.h>

#include "offcpu.h"
#include "run.h"
#include "wakeuptime.skel.h"

static const struct tool_option options[] = {
	OFFCPU_OPTIONS,
	STACK_TOOL_OPTIONS,
	{ 0 },
};

static void configure(void *skel, const struct run *r, void *ctx)
{
	struct offcpu_tool *t = ctx;
	struct wakeuptime_bpf *s = skel;

	(void)r;
	offcpu_configure(s->obj, &t->offcpu, true, false);
	stack_configure(s->obj, &t->stacks, true);
}

static const struct probe probes[] = {
	{ "sched_switch", { "wakeup_switch" } },
	{ "sched_waking", { "wakeup_waking" } },
	{ 0 },
};

SKELETON(wakeuptime);

static const struct tool tool = {
	.name = "wakeuptime",
	.summary =
		"Summarize blocked time by the stacks of the threads that ended it with a wakeup.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION_ARG,
	.options = options,
	.parse = offcpu_tool_parse,
	.check = offcpu_tool_check,
	.examples = "  wakeuptime              every blocked thread's time by its waker's stack\n"
		    "  wakeuptime -p 181 10    waits of process 181's threads, for 10 seconds\n"
		    "  wakeuptime -U -m 1000   waits of 1 ms or more, wakers' user stacks only\n"
		    "  wakeuptime -f 30 >out.folded\n"
		    "                          folded, for 30 seconds\n",
	.fields = stack_fields,
	.nfields = STACK_FIELDS_WAKERS,
	.skeleton = &wakeuptime_skeleton,
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
		.title = "Wakeup time",
		.unit = "us",
		.timed = true,
		.per_thread = true,
		.wakers = STACK_WAKERS_ONLY,
	};
	return run_tool(&tool, &t, argc, argv);
}
