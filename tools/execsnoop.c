// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* execsnoop: trace new programs, with their arguments and exec() result. */
#define _GNU_SOURCE
#include <stddef.h>
#include <string.h>
#include <linux/types.h>

#include "output.h"
#include "run.h"
#include "execsnoop.h"
#include "execsnoop.skel.h"

enum { OPT_MAX_ARGS = 256 };

static struct {
	bool include_failed;
	const char *line;
	__u32 max_args;
} opts = { .max_args = EXEC_DEFAULT_MAX_ARGS };

enum { F_TIME, F_UID, F_COMM, F_PID, F_PPID, F_RET, F_FILENAME, F_ARGS, F_TRUNCATED };

/* bcc's columns: [TIME] [UID] PCOMM PID PPID RET ARGS */
static struct field fields[] = {
	[F_TIME] = { "time", "TIME", -8, .hidden = true },
	[F_UID] = { "uid", "UID", -5, .hidden = true },
	[F_COMM] = { "comm", "PCOMM", -16 },
	[F_PID] = { "pid", "PID", -7 },
	[F_PPID] = { "ppid", "PPID", -7 },
	[F_RET] = { "ret", "RET", 3 },
	[F_FILENAME] = { "filename", "FILENAME", 0, .hidden = true },
	[F_ARGS] = { "args", "ARGS", 0 },
	[F_TRUNCATED] = { "truncated", "TRUNCATED", 0, .hidden = true },
};

static const struct tool_option options[] = {
	{ "failed", 'x', NULL, "include failed exec() calls" },
	{ "line", 'l', "TEXT", "only commands whose arguments contain TEXT" },
	{ "quote", 'q', NULL, "put each argument in double quotes" },
	{ "max-args", OPT_MAX_ARGS, "N", "print at most N arguments (default 20, at most 128)" },
	{ 0 },
};

static int parse_option(int key, const char *arg)
{
	switch (key) {
	case 'x':
		opts.include_failed = true;
		return 0;
	case 'l':
		opts.line = arg;
		return 0;
	case 'q':
		fields[F_ARGS].quoted = true;
		return 0;
	case OPT_MAX_ARGS:
		opts.max_args = parse_ulong(arg, "argument count", 1, EXEC_MAX_ARGS_LIMIT);
		return 0;
	}
	return -1;
}

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
};

/* -l: a substring of the arguments as printed (joined by spaces). */
static bool line_matches(const struct exec_event *e, size_t argv_off)
{
	char joined[EXEC_ARGS_BYTES];
	size_t i, n = e->args_len - argv_off;

	if (!opts.line)
		return true;
	for (i = 0; i < n; i++)
		joined[i] = e->args[argv_off + i] ? e->args[argv_off + i] : ' ';
	return memmem(joined, n, opts.line, strlen(opts.line)) != NULL;
}

static int on_event(void *ctx, void *data, size_t len)
{
	const struct exec_event *e = data;
	size_t argv_off;

	(void)ctx;
	if (len < offsetof(struct exec_event, args) ||
	    e->args_len > len - offsetof(struct exec_event, args))
		return 0;
	argv_off = strnlen(e->args, e->args_len) + 1; /* args: filename, then argv */
	if (argv_off > e->args_len)
		argv_off = e->args_len;
	if (!line_matches(e, argv_off))
		return 0;
	rec_begin();
	rec_time(&fields[F_TIME], e->ts);
	rec_uint(&fields[F_UID], e->uid);
	rec_str(&fields[F_COMM], e->comm, sizeof(e->comm));
	rec_uint(&fields[F_PID], e->pid);
	rec_uint(&fields[F_PPID], e->ppid);
	rec_int(&fields[F_RET], e->ret);
	rec_str(&fields[F_FILENAME], e->args, argv_off);
	rec_strv(&fields[F_ARGS], e->args + argv_off, e->args_len - argv_off, e->truncated);
	rec_bool(&fields[F_TRUNCATED], e->truncated);
	rec_end();
	return 0;
}

static const struct probe probes[] = {
	{ "sys_enter_execve", { "execve_enter" } },
	{ "sys_exit_execve", { "execve_exit" } },
	{ "sys_enter_execveat", { "execveat_enter" } },
	{ "sys_exit_execveat", { "execveat_exit" } },
	{ 0 },
};

int main(int argc, char **argv)
{
	struct execsnoop_bpf *skel;
	struct run run;

	run_parse(&run, &tool, argc, argv);

	skel = execsnoop_bpf__open_opts(run_open_opts(&run, execsnoop_bpf__elf_bytes));
	if (run_opened(&run, skel)) {
		skel->rodata->filter = run.filter;
		skel->rodata->include_failed = opts.include_failed;
		skel->rodata->max_args = opts.max_args;
		run_snoop(&run, skel->obj, probes, fields, sizeof(fields) / sizeof(fields[0]),
			  on_event);
	}
	run_stop(&run);
	execsnoop_bpf__destroy(skel);
	return run.exit_code;
}
