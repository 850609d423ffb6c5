// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* statsnoop: trace the stat family of calls with their path and result. */
#include <stddef.h>
#include <linux/types.h>

#include "decode.h"
#include "names.h"
#include "run.h"
#include "statsnoop.h"
#include "statsnoop.skel.h"

/* The kernel's newstat, newlstat and newfstat are the stat, lstat and fstat programs call. */
/* clang-format off */
static const char *const call_names[STAT_CALLS] = {
	[STAT_STAT] = "stat",
	[STAT_LSTAT] = "lstat",
	[STAT_FSTAT] = "fstat",
	[STAT_NEWFSTATAT] = "newfstatat",
	[STAT_STATX] = "statx",
	[STAT_STATFS] = "statfs",
	[STAT_FSTATFS] = "fstatfs",
};
/* clang-format on */

enum {
	F_TIME,
	F_UID,
	F_PID,
	F_TID,
	F_COMM,
	F_RET,
	F_ERR,
	F_CALL,
	F_FD,
	F_FLAGS,
	F_PATH,
	F_PATH_READ
};

/* bcc's columns: [TIME] PID COMM RET ERR PATH; ERR names the errno. */
static const struct field fields[] = {
	[F_TIME] = { .task = TASK_TIME },
	[F_UID] = { .task = TASK_UID },
	[F_PID] = { .task = TASK_PID },
	[F_TID] = { .task = TASK_TID },
	[F_COMM] = { .task = TASK_COMM },
	[F_RET] = { "ret", "RET", 4 },
	[F_ERR] = { "error", "ERR", -7 },
	[F_CALL] = { "call", "CALL", -10, .shown_by = 'e' },
	[F_FD] = { "fd", "FD", 4, .shown_by = 'e' },
	[F_FLAGS] = { "flags", "FLAGS", -13, .shown_by = 'e' },
	[F_PATH] = { "path", "PATH", 0 },
	[F_PATH_READ] = { "path_read" }, /* JSON only: text keeps bcc's columns */
};

static const struct tool_option options[] = {
	{ "extended", 'e', NULL, "print the call, descriptor and AT_* flags" },
	{ 0 },
};

static int on_event(void *ctx, void *data, size_t len)
{
	const struct stat_event *e = data;
	struct strbuf flags = { 0 };

	(void)ctx;
	if (len < offsetof(struct stat_event, path) || e->h.call >= STAT_CALLS)
		return 0;
	sb_flags(&flags, at_flag_names, e->flags);
	rec_begin();
	rec_task(&e->h.task);
	rec_result(F_RET, F_ERR, e->h.ret);
	rec_str(F_CALL, call_names[e->h.call], 16);
	rec_int(F_FD, e->fd);
	rec_str(F_FLAGS, sb_str(&flags), flags.len);
	rec_str(F_PATH, e->path, len - offsetof(struct stat_event, path));
	rec_str_read(F_PATH_READ, e->path_read);
	rec_end();
	sb_free(&flags);
	return 0;
}

/* stat and lstat do not exist on arm64 and newer architectures: traced where they are. */
static const struct probe probes[] = {
	{ "stat", { "enter_newstat,exit_newstat" }, .optional = true },
	{ "lstat", { "enter_newlstat,exit_newlstat" }, .optional = true },
	{ "fstat", { "enter_newfstat,exit_newfstat" } },
	{ "newfstatat", { "enter_newfstatat,exit_newfstatat" } },
	{ "statx", { "enter_statx,exit_statx" } },
	{ "statfs", { "enter_statfs,exit_statfs" } },
	{ "fstatfs", { "enter_fstatfs,exit_fstatfs" } },
	{ 0 },
};

SKELETON(statsnoop);

static const struct tool tool = {
	.name = "statsnoop",
	.summary = "Trace stat(), lstat(), fstat(), newfstatat(), statx(), statfs() and fstatfs().",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP | SHARED_FAILED |
		  SHARED_PRINT_UID | SHARED_PRINT_TID,
	.options = options,
	.examples = "  statsnoop               every stat-family call\n"
		    "  statsnoop -x            failed calls only\n"
		    "  statsnoop -p 181 -e     process 181's calls, with call name, fd and flags\n"
		    "  statsnoop -n nginx -j   JSON lines for tasks named nginx\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &statsnoop_skeleton,
	.probes = probes,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	return run_tool(&tool, NULL, argc, argv);
}
