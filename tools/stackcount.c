// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * stackcount: how often each stack reaches a probe named on the command
 * line: a tracepoint, a kernel or user function, a USDT probe.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "probespec.h"
#include "run.h"
#include "specattach.h"
#include "stacktool.h"
#include "stackcount.skel.h"

struct stackcount {
	struct stack_report report; /* first: the stack_* callbacks take the context as theirs */
	struct stack_opts stacks;
	struct probe_spec spec;
	bool per_pid;
	double interval;
	struct probe_sites sites;
	char title[160];
};

static const struct tool_option options[] = {
	{ "per-pid", 'P', NULL,
	  "stacks of each process apart (default: processes of one name merged)" },
	{ "interval", 'i', "SECONDS", "print and reset the counts every SECONDS" },
	STACK_TOOL_OPTIONS,
	{ 0 },
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct stackcount *s = ctx->opts;
	char why[256];

	switch (key) {
	case OPTION_OPERAND:
		if (probe_spec_parse(arg, &s->spec, why, sizeof(why)))
			return option_error(ctx, "%s", why);
		snprintf(s->title, sizeof(s->title), "Stacks reaching %s", arg);
		return 0;
	case 'P':
		s->per_pid = true;
		return 0;
	case 'i':
		return option_seconds(ctx, arg, "interval", &s->interval);
	}
	return stack_option(ctx, &s->stacks, key, arg);
}

static bool user_space_probe(const struct probe_spec *spec)
{
	return spec->kind == SPEC_UPROBE || spec->kind == SPEC_URETPROBE || spec->kind == SPEC_USDT;
}

static int check(struct option_ctx *ctx, const struct run *r)
{
	struct stackcount *s = ctx->opts;

	/* at a uprobe the registers are the user's: there is no kernel stack */
	if (s->stacks.kernel_only && user_space_probe(&s->spec))
		return option_error(ctx, "-K with a %s probe: it has no kernel stack",
				    spec_kind_name(s->spec.kind));
	return stack_check(ctx, &s->stacks, r);
}

static void release(struct stackcount *s)
{
	probe_sites_free(&s->sites);
	probe_spec_free(&s->spec);
}

/* Where the probe goes, found before anything is loaded: a mistake ends it at once. */
static int setup(struct run *r, void *ctx)
{
	struct stackcount *s = ctx;
	pid_t pid = r->filter.flags & FILTER_BY_TGID ? (pid_t)r->filter.tgid : -1;
	char why[512];

	s->report.by_name = !s->per_pid;
	if (s->interval) {
		r->interval = s->interval;
		/* -d with -i: reports until the duration is reached, as bcc's -D */
		if (r->duration)
			r->count = (unsigned long)ceil(r->duration / s->interval - 1e-9);
	}
	if (spec_resolve(&s->sites, &s->spec, pid, why, sizeof(why))) {
		run_fail(r, "cannot attach: %s", why);
		release(s);
		return -1;
	}
	if (r->verbose && s->sites.binary[0] && strcmp(s->spec.binary, s->sites.binary))
		run_warn(r, "%s is %s", s->spec.binary, s->sites.binary);
	return 0;
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	struct stackcount *s = ctx;
	struct stackcount_bpf *b = skel;

	(void)r;
	spec_program(b->obj, &s->spec);
	stack_configure(b->obj, &s->stacks, false);
}

static int attach(struct run *r, struct bpf_program *prog, void *ctx)
{
	struct stackcount *s = ctx;

	return spec_attach(r, prog, &s->sites) ? -1 : 0;
}

static void cleanup(void *ctx)
{
	release(ctx);
}

SKELETON(stackcount);

static const struct tool tool = {
	.name = "stackcount",
	.summary = "Count the stacks that reach a probe: a tracepoint, a kernel or user function, "
		   "a USDT probe.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP,
	.options = options,
	.operand = "PROBE",
	.parse = parse_option,
	.check = check,
	.examples = "  stackcount t:sched:sched_switch\n"
		    "                          what switches CPUs away, by stack, until Ctrl-C\n"
		    "  stackcount -p 181 u:libc:malloc\n"
		    "                          where process 181 calls malloc()\n"
		    "  stackcount -K -d 10 't:block:block_rq_*'\n"
		    "                          kernel stacks of block requests, for 10 seconds\n"
		    "  stackcount usdt:/usr/bin/python3:python:function__entry\n"
		    "                          where Python calls functions (its USDT probe)\n"
		    "  stackcount -f -d 30 'u:/usr/sbin/nginx:ngx_http_*' >out.folded\n"
		    "                          30 seconds folded, for flame graph tools\n",
	.fields = stack_fields,
	.nfields = 8,
	.skeleton = &stackcount_skeleton,
	.setup = setup,
	.configure = configure,
	.attach = attach,
	.prepare = stack_prepare,
	.on_event = stack_note,
	.summary_map = "stack_counts",
	.summary_at = offsetof(struct stackcount, report.counts),
	.summary_entry = sizeof(struct stack_entry),
	.report = stack_report,
	.cleanup = cleanup,
};

int main(int argc, char **argv)
{
	struct stackcount s = { 0 };

	s.report = (struct stack_report){
		.opts = &s.stacks,
		.title = s.title,
		.unit = "hits",
	};
	return run_tool(&tool, &s, argc, argv);
}
