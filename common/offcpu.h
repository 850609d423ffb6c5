/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The user side of the tools that time waits off the CPU (offcputime,
 * wakeuptime, offwaketime; bpf/offcpu.bpf.h): their block-time bounds
 * (-m, -M in microseconds), checked and set in .rodata once for all.
 */
#ifndef SONDE_OFFCPU_H
#define SONDE_OFFCPU_H

#include <stdbool.h>
#include <bpf/libbpf.h>

#include "options.h"
#include "stacktool.h"

struct offcpu_opts {
	unsigned long min_us; /* -m: 1 unless given */
	unsigned long max_us; /* -M: 0, no bound, unless given */
};

#define OFFCPU_DEFAULTS     \
	{                   \
		.min_us = 1 \
	}

/* -m and -M, for a tool's option table. */
#define OFFCPU_OPTIONS                                                                             \
	{ "min-block-time", 'm', "US",                                                             \
	  "count spells off the CPU of at least US microseconds (default 1)" },                    \
	{                                                                                          \
		"max-block-time", 'M', "US", "count spells off the CPU of at most US microseconds" \
	}

/* -m or -M: 0, -1 after option_error(), or OPTION_NOT_MINE. */
int offcpu_option(struct option_ctx *ctx, struct offcpu_opts *o, int key, const char *arg);

/* Once parsed: -M not below -m. 0, or -1 after option_error(). */
int offcpu_check(struct option_ctx *ctx, const struct offcpu_opts *o);

/*
 * The .rodata of bpf/offcpu.bpf.h in an opened object: the bounds, and for
 * the wakeup tools (wakeups) waits counted only when their waker was seen,
 * the sleeper's own stacks read only if `stacks`.
 */
void offcpu_configure(struct bpf_object *obj, const struct offcpu_opts *o, bool wakeups,
		      bool stacks);

/*
 * The context of a wakeup tool (wakeuptime, offwaketime), whose options
 * are the stack tools' and -m, -M: its parse and check are these.
 */
struct offcpu_tool {
	struct stack_report report; /* first: the stack_* callbacks take the context as theirs */
	struct stack_opts stacks;
	struct offcpu_opts offcpu;
};

int offcpu_tool_parse(struct option_ctx *ctx, int key, const char *arg);
int offcpu_tool_check(struct option_ctx *ctx, const struct run *r);

#endif
