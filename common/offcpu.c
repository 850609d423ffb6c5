// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The off-CPU tools' block-time options and .rodata (offcpu.h). */
#include <linux/types.h>

#include "maps.h"
#include "offcpu.h"
#include "run.h"

int offcpu_option(struct option_ctx *ctx, struct offcpu_opts *o, int key, const char *arg)
{
	switch (key) {
	case 'm':
		return option_ulong(ctx, arg, "minimum block time", 0, 1UL << 40, &o->min_us);
	case 'M':
		return option_ulong(ctx, arg, "maximum block time", 1, 1UL << 40, &o->max_us);
	}
	return OPTION_NOT_MINE;
}

int offcpu_check(struct option_ctx *ctx, const struct offcpu_opts *o)
{
	if (o->max_us && o->max_us < o->min_us)
		return option_error(ctx, "-M %lu is below -m %lu", o->max_us, o->min_us);
	return 0;
}

void offcpu_configure(struct bpf_object *obj, const struct offcpu_opts *o, bool wakeups,
		      bool stacks)
{
	__u64 min_ns = o->min_us * 1000, max_ns = o->max_us ? o->max_us * 1000 : ~0ULL;
	/*
	 * A wakeup tool skips preempted threads (R) at the switch: nothing
	 * wakes them, so their stamp (and stacks) would be thrown away.
	 */
	bool by_state = wakeups;
	unsigned int any_sleep = ~0U;

	run_set_rodata_var(obj, "min_ns", &min_ns, sizeof(min_ns));
	run_set_rodata_var(obj, "max_ns", &max_ns, sizeof(max_ns));
	run_set_rodata_var(obj, "woken_only", &wakeups, sizeof(wakeups));
	run_set_rodata_var(obj, "offcpu_stacks", &stacks, sizeof(stacks));
	map_fit_threads(bpf_object__find_map_by_name(obj, "off_cpu"));
	if (wakeups) {
		run_set_rodata_var(obj, "by_state", &by_state, sizeof(by_state));
		run_set_rodata_var(obj, "state_mask", &any_sleep, sizeof(any_sleep));
	}
}

int offcpu_tool_parse(struct option_ctx *ctx, int key, const char *arg)
{
	struct offcpu_tool *t = ctx->opts;
	int err = offcpu_option(ctx, &t->offcpu, key, arg);

	return err == OPTION_NOT_MINE ? stack_option(ctx, &t->stacks, key, arg) : err;
}

int offcpu_tool_check(struct option_ctx *ctx, const struct run *r)
{
	struct offcpu_tool *t = ctx->opts;

	return offcpu_check(ctx, &t->offcpu) ? -1 : stack_check(ctx, &t->stacks, r);
}
