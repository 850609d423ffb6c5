// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* filelife: trace files created and deleted while it runs, with their age and path. */
#include <stddef.h>
#include <linux/types.h>

#include "run.h"
#include "filelife.h"
#include "filelife.skel.h"

enum { F_TIME, F_UID, F_PID, F_TID, F_COMM, F_AGE, F_CREATOR, F_PATH, F_PATH_FULL };

/* bcc's columns: TIME PID COMM AGE(s) FILE, TIME always (the deletion's), FILE its path. */
static const struct field fields[] = {
	[F_TIME] = { .task = TASK_TIME, .shown_by = OPTION_ALWAYS },
	[F_UID] = { .task = TASK_UID },
	[F_PID] = { .task = TASK_PID },
	[F_TID] = { .task = TASK_TID },
	[F_COMM] = { .task = TASK_COMM },
	[F_AGE] = { "age_ns", "AGE(s)", -7 },
	[F_CREATOR] = { "creator_pid" },
	[F_PATH] = { "path", "FILE", 0 },
	[F_PATH_FULL] = { "path_full" },
};

static const struct tool_option options[] = {
	{ "path", 'P', NULL, "accepted for bcc's sake: the path is always shown" },
	{ 0 },
};

static int on_event(void *ctx, void *data, size_t len)
{
	const struct filelife_event *e = data;

	(void)ctx;
	if (len < offsetof(struct filelife_event, path))
		return 0;
	rec_begin();
	rec_task(&e->task);
	if (output_json())
		rec_uint(F_AGE, e->age_ns);
	else
		rec_double(F_AGE, e->age_ns / 1e9, 2);
	rec_uint(F_CREATOR, e->creator_pid);
	rec_str(F_PATH, e->path, len - offsetof(struct filelife_event, path));
	rec_bool(F_PATH_FULL, e->path_full);
	rec_end();
	return 0;
}

/*
 * Creation at vfs_open(), deletion at vfs_unlink()'s return (fentry/fexit,
 * else kprobes); else at the system calls: the exits of the opens (those
 * of open and openat skip a call without O_CREAT by its saved registers
 * where bpf_task_pt_regs() is), the entries and exits of unlinkat() and
 * unlink() ("?": missing on arm64).
 */
static const struct probe probes[] = {
	{ "vfs_open",
	  { "open_fentry", "open_kprobe",
	    "opened_openat,?opened_openat@syscalls/sys_exit_open,"
	    "opened_openat@syscalls/sys_exit_openat2,?opened_openat@syscalls/sys_exit_creat",
	    "opened_all,?opened_all@syscalls/sys_exit_open,opened_all@syscalls/sys_exit_openat2,"
	    "?opened_all@syscalls/sys_exit_creat" },
	  { {}, {}, NEED_HELPER(BPF_FUNC_task_pt_regs, "bpf_task_pt_regs") } },
	{ "vfs_unlink",
	  { "unlink_kprobe,unlink_kretprobe",
	    "unlinkat_enter,?unlink_enter,unlink_exit,?unlink_exit@syscalls/sys_exit_unlink" } },
	{ "rename",
	  { "renameat_enter,?renameat_enter@syscalls/sys_enter_renameat,?rename_enter,rename_exit,"
	    "?rename_exit@syscalls/sys_exit_renameat,?rename_exit@syscalls/sys_exit_rename" } },
	{ 0 },
};

SKELETON(filelife);

static const struct tool tool = {
	.name = "filelife",
	.summary =
		"Trace files created and deleted while tracing: who deleted them, their age and path.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP | SHARED_PRINT_UID |
		  SHARED_PRINT_TID,
	.options = options,
	.examples = "  filelife                every file created and deleted\n"
		    "  filelife -p 181         files process 181 created and deleted\n"
		    "  filelife -n make -j     those of tasks named make, as JSON lines\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &filelife_skeleton,
	.probes = probes,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	return run_tool(&tool, NULL, argc, argv);
}
