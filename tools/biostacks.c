// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* biostacks: block I/O latency by the kernel and user stacks that submitted it. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "blockio.h"
#include "run.h"
#include "stacktool.h"
#include "biostacks.skel.h"

enum { OPT_DISK = OPTION_LONG_ONLY };

struct biostacks {
	struct stack_report report; /* first: the stack_* callbacks take the context as theirs */
	struct stack_opts stacks;
	__u32 disk_dev; /* --disk: 0 for every disk */
};

static const struct tool_option options[] = {
	{ "disk", OPT_DISK, "DISK", "trace this disk only (vda, /dev/nvme0n1)" },
	STACK_TOOL_OPTIONS,
	{ 0 },
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct biostacks *b = ctx->opts;

	if (key == OPT_DISK)
		return disk_option(ctx, arg, &b->disk_dev);
	return stack_option(ctx, &b->stacks, key, arg);
}

static int check(struct option_ctx *ctx, const struct run *r)
{
	struct biostacks *b = ctx->opts;

	return stack_check(ctx, &b->stacks, r);
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	struct biostacks *b = ctx;
	struct biostacks_bpf *s = skel;

	(void)r;
	s->rodata->block_disk_dev = b->disk_dev;
	stack_configure(s->obj, &b->stacks, false);
	block_requests_fit(s->obj);
}

static const struct probe probes[] = {
	BLOCK_REQUEST_PROBES,
	{ 0 },
};

SKELETON(biostacks);

static const struct tool tool = {
	.name = "biostacks",
	.summary = "Summarize block I/O latency by the stacks that submitted the I/O.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION_ARG,
	.options = options,
	.parse = parse_option,
	.check = check,
	.examples = "  biostacks               every disk's I/O time by stack, until Ctrl-C\n"
		    "  biostacks -K --disk sda 10\n"
		    "                          sda's, by kernel stack, for 10 seconds\n"
		    "  biostacks -p 181 -f >out.folded\n"
		    "                          process 181's, folded for flame graph tools\n",
	.fields = stack_fields,
	.nfields = 8,
	.skeleton = &biostacks_skeleton,
	.probes = probes,
	.configure = configure,
	.prepare = stack_prepare,
	.on_event = stack_note,
	.summary_map = "stack_counts",
	.summary_at = offsetof(struct biostacks, report.counts),
	.summary_entry = sizeof(struct stack_entry),
	.report = stack_report,
};

int main(int argc, char **argv)
{
	struct biostacks b = { 0 };

	b.report = (struct stack_report){
		.opts = &b.stacks,
		.title = "Block I/O latency",
		.unit = "us",
		.timed = true,
	};
	return run_tool(&tool, &b, argc, argv);
}
