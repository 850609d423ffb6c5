/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The user side of the tools that count stacks in the kernel (profile,
 * offcputime, stackcount; bpf/stack_counts.bpf.h): their shared options,
 * the .rodata and map sizes those options set, and the report, written
 * once for all of them:
 *
 *	text	bcc's shape: each stack's frames innermost first, the kernel's
 *		then the user's, "-  comm (pid)" (or "-  comm": by_name), then
 *		its figure; stacks that print the same are one, the biggest
 *		last (nearest the prompt)
 *	-f	folded: "comm;root;...;leaf figure", the input of flame graph tools
 *	--svg	an interactive flame graph (common/flamegraph.h), beside either
 *	-j	one record per distinct stack, frames as JSON arrays
 *
 * A tool's context begins with its struct stack_report (summary_at points
 * at its `counts`); the tool hands its options to stack_option(), calls
 * stack_configure() from its configure(), and takes stack_prepare(),
 * stack_note() and stack_report() as its prepare, on_event and report.
 */
#ifndef SONDE_STACKTOOL_H
#define SONDE_STACKTOOL_H

#include <stdbool.h>
#include <linux/types.h>
#include <bpf/libbpf.h>

#include "maps.h"
#include "options.h"
#include "output.h"
#include "stack_counts.h"

struct run;

struct stack_opts {
	bool kernel_only; /* -K */
	bool user_only;	  /* -U */
	bool folded;	  /* -f */
	bool annotate;	  /* -a: kernel frames _[k], JIT frames _[j] (folded, flame graph) */
	bool delimited;	  /* --delimited: a "-" frame between user and kernel stacks */
	const char *svg;  /* --svg FILE */
	__u32 storage;	  /* --stack-storage-size: distinct stacks (and keys) kept */
};

#define STACK_STORAGE_DEFAULT 16384

/* The long-only keys of the shared stack options: clear of any tool's own. */
enum {
	OPT_STACK_SVG = OPTION_LONG_ONLY + 64,
	OPT_STACK_DELIMITED,
	OPT_STACK_STORAGE,
};

/* The shared options, for a tool's option table. */
#define STACK_TOOL_OPTIONS                                                                         \
	{ "user-stacks-only", 'U', NULL, "show user stacks only" },                                \
		{ "kernel-stacks-only", 'K', NULL, "show kernel stacks only" },                    \
		{ "folded", 'f', NULL, "folded output: comm;frame;...;frame value, a line each" }, \
		{ "annotations", 'a', NULL, "with -f: kernel frames end _[k], JIT frames _[j]" },  \
		{ "delimited", OPT_STACK_DELIMITED, NULL,                                          \
		  "a \"-\" frame between the user and the kernel stack" },                         \
		{ "svg", OPT_STACK_SVG, "FILE", "also write a flame graph to FILE (SVG)" },        \
	{                                                                                          \
		"stack-storage-size", OPT_STACK_STORAGE, "N",                                      \
			"distinct stacks kept (default 16384)"                                     \
	}

/* A shared stack option's value: 0, -1 after option_error(), or OPTION_NOT_MINE. */
int stack_option(struct option_ctx *ctx, struct stack_opts *o, int key, const char *arg);

/* Once parsed: -K with -U, -f with -j. 0, or -1 after option_error(). */
int stack_check(struct option_ctx *ctx, const struct stack_opts *o, const struct run *r);

/* The .rodata and map sizes the options decide, in an opened object. */
void stack_configure(struct bpf_object *obj, const struct stack_opts *o, bool per_thread);

/* What "N stacks ..." says of a loss stack_losses counts: "not kept: ...". */
const char *stack_loss_says(enum stack_loss what);

/* Whether keys name a waker (bpf/offcpu.bpf.h), and how it is shown. */
enum stack_wakers {
	STACK_WAKERS_NONE,   /* no waker: profile, offcputime, stackcount */
	STACK_WAKERS_ONLY,   /* the waker's stacks, the sleeper's name alone: wakeuptime */
	STACK_WAKERS_JOINED, /* the sleeper's stacks joined to the waker's: offwaketime */
};

/* What a report says of its figures. */
struct stack_report {
	const struct stack_opts *opts;
	const char *title; /* the flame graph's: "CPU profile" */
	const char *unit;  /* what a figure counts: "samples", "us" */
	bool timed;	   /* the figure is the total time (ns, shown in us), not the count */
	bool per_thread;   /* keys name threads: "(tid)" in text */
	bool by_name;	   /* text: processes of one name merged, "-  comm" (keys keep pids) */
	enum stack_wakers wakers;
	struct summary counts; /* run_tool()'s: summary_at is offsetof(ctx, report.counts) */
	/* set by stack_prepare() */
	const struct run *run;
	int stacks_fd, losses_fd;
	__u64 lost[STACK_LOSSES]; /* stack_losses' totals at the last report */
};

/* A key and its value, as the summary's room holds them (summary_entry's size). */
struct stack_entry {
	struct stack_key key;
	struct stack_value value;
};

/*
 * The JSON fields of a stack record: a tool's fields table, its first
 * STACK_FIELDS, or all STACK_FIELDS_WAKERS for a tool whose keys name wakers.
 */
enum { STACK_FIELDS = 8, STACK_FIELDS_WAKERS = 13 };
extern const struct field stack_fields[];
extern const size_t stack_nfields;

/*
 * A stack tool's on_event (ctx: its context, which begins with its struct
 * stack_report): the kernel's notes (struct stack_note). A process seen
 * for the first time has its mappings read, a new user stack has its
 * frames named, now, while the process runs: one that exits before the
 * report still has them named, even from a binary only its mount
 * namespace had.
 */
int stack_note(void *ctx, void *data, size_t len);

/* A stack tool's prepare: find the maps. 0, or -1 with the reason reported. */
int stack_prepare(void *skel, struct run *r, void *ctx);

/* A stack tool's report: every stack counted since the last, in the chosen output. 0, or -1 (errno). */
int stack_report(void *ctx);

#endif
