// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* execsnoop: trace new programs, with their arguments and exec() result. */
#define _GNU_SOURCE
#include <stddef.h>
#include <string.h>
#include <linux/types.h>

#include "run.h"
#include "execsnoop.h"
#include "execsnoop.skel.h"

enum { OPT_MAX_ARGS = OPTION_LONG_ONLY };

struct opts {
	const char *line; /* -l */
	__u32 max_args;
};

enum {
	F_TIME,
	F_UID,
	F_COMM,
	F_PID,
	F_PPID,
	F_RET,
	F_FILENAME,
	F_ARGS,
	F_TRUNCATED,
	F_UNREADABLE,
};

/* bcc's columns: [TIME] [UID] PCOMM PID PPID RET ARGS */
static const struct field fields[] = {
	[F_TIME] = { .task = TASK_TIME },
	[F_UID] = { .task = TASK_UID, .width = -5 },
	[F_COMM] = { .task = TASK_COMM, .header = "PCOMM" },
	[F_PID] = { .task = TASK_PID },
	[F_PPID] = { "ppid", "PPID", -7 },
	[F_RET] = { "ret", "RET", 3 },
	[F_FILENAME] = { "filename" },
	[F_ARGS] = { "args", "ARGS", 0, .quoted_by = 'q' },
	[F_TRUNCATED] = { "truncated" },
	[F_UNREADABLE] = { "unreadable" },
};

static const struct tool_option options[] = {
	{ "failed", 'x', NULL, "include failed exec() calls" },
	{ "line", 'l', "TEXT", "only commands whose arguments contain TEXT" },
	{ "quote", 'q', NULL, "put each argument in double quotes" },
	{ "max-args", OPT_MAX_ARGS, "N", "print at most N arguments (default 20, at most 128)" },
	{ 0 },
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct opts *o = ctx->opts;

	switch (key) {
	case 'l':
		o->line = arg;
		return 0;
	case OPT_MAX_ARGS:
		return option_u32(ctx, arg, "argument count", 1, EXEC_MAX_ARGS_LIMIT, &o->max_args);
	}
	return OPTION_NOT_MINE;
}

/* -l: a substring of the arguments as printed (joined by spaces). */
static bool line_matches(const struct opts *o, const struct strv *argv)
{
	char joined[EXEC_ARGS_BYTES];
	size_t i;

	if (!o->line)
		return true;
	for (i = 0; i < argv->len; i++)
		joined[i] = argv->buf[i] ? argv->buf[i] : ' ';
	return memmem(joined, argv->len, o->line, strlen(o->line)) != NULL;
}

/* Strings marked unreadable: the file name's flag and the arguments' bits. */
static unsigned int unreadable_count(const struct exec_event *e, const struct strv *argv)
{
	unsigned int n = !!(e->flags & EXEC_FILENAME_UNREADABLE);
	size_t i, shown = strv_count(argv);

	for (i = 0; i < shown; i++)
		n += (e->unreadable[i / 64] >> (i % 64)) & 1;
	return n;
}

static int on_event(void *ctx, void *data, size_t len)
{
	const struct opts *o = ctx;
	const struct exec_event *e = data;
	struct strv argv = { .max = o->max_args,
			     .unreadable = e->unreadable,
			     .unreadable_bits = EXEC_MAX_ARGS_LIMIT };
	size_t argv_off;

	if (len < offsetof(struct exec_event, args) ||
	    e->args_len > len - offsetof(struct exec_event, args))
		return 0;
	argv_off = strnlen(e->args, e->args_len) + 1; /* args: filename, then argv */
	if (argv_off > e->args_len)
		argv_off = e->args_len;
	argv.buf = e->args + argv_off;
	argv.len = e->args_len - argv_off;
	argv.truncated = e->flags & EXEC_TRUNCATED;
	if (!line_matches(o, &argv))
		return 0;
	rec_begin();
	rec_task(&e->task);
	rec_uint(F_PPID, e->ppid);
	rec_int(F_RET, e->ret);
	if (e->flags & EXEC_FILENAME_UNREADABLE)
		rec_null(F_FILENAME);
	else
		rec_str(F_FILENAME, e->args, argv_off);
	rec_strv(F_ARGS, &argv);
	rec_bool(F_TRUNCATED, strv_cut(&argv));
	rec_uint(F_UNREADABLE, unreadable_count(e, &argv));
	rec_end();
	return 0;
}

/* Syscall programs only for -x: a successful exec is seen where the new program starts. */
static const struct probe probes[] = {
	{ "sched_process_exec", { "exec_done" } },
	{ "execve", { "execve_enter,execve_exit" }, .when = 'x' },
	{ "execveat", { "execveat_enter,execveat_exit" }, .when = 'x' },
	{ 0 },
};

SKELETON(execsnoop);

static const struct tool tool = {
	.name = "execsnoop",
	.summary = "Trace new programs: each exec() with its arguments and result.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP | SHARED_PRINT_UID,
	.options = options,
	.parse = parse_option,
	.examples = "  execsnoop               every exec() that succeeds\n"
		    "  execsnoop -x -T         failed ones too, with the time\n"
		    "  execsnoop -l ssh -U     commands mentioning ssh, with their UID\n"
		    "  execsnoop -j -d 10      ten seconds of JSON lines\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &execsnoop_skeleton,
	.probes = probes,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	struct opts opts = { .max_args = EXEC_DEFAULT_MAX_ARGS };

	return run_tool(&tool, &opts, argc, argv);
}
