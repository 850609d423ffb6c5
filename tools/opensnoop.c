// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* opensnoop: trace open(), openat() and openat2() with their path and result. */
#include <stddef.h>
#include <sys/syscall.h>
#include <linux/types.h>

#include "decode.h"
#include "run.h"
#include "opensnoop.h"
#include "opensnoop.skel.h"

enum { F_TIME, F_UID, F_PID, F_TID, F_COMM, F_FD, F_ERR, F_FLAGS, F_MODE, F_PATH, F_PATH_SOURCE };

/* bcc's columns: [TIME] [UID] PID COMM FD ERR [FLAGS] PATH; ERR names the errno. */
static const struct field fields[] = {
	[F_TIME] = { .task = TASK_TIME },
	[F_UID] = { .task = TASK_UID },
	[F_PID] = { .task = TASK_PID },
	[F_TID] = { .task = TASK_TID },
	[F_COMM] = { .task = TASK_COMM },
	[F_FD] = { "fd", "FD", 4 },
	[F_ERR] = { "error", "ERR", -6 },
	[F_FLAGS] = { "flags", "FLAGS", -8, .format = "%08llo", .shown_by = 'e' },
	[F_MODE] = { "mode", "MODE", -5, .format = "%04llo", .shown_by = 'e' },
	[F_PATH] = { "path", "PATH", 0 },
	[F_PATH_SOURCE] = { "path_source" }, /* JSON only: text keeps bcc's columns */
};

static const char *const path_sources[] = {
	[PATH_FROM_CALLER] = "caller",
	[PATH_FROM_FILE] = "file",
};

static const struct tool_option options[] = {
	{ "extended", 'e', NULL, "print the open flags and mode (octal)" },
	{ 0 },
};

static int on_event(void *ctx, void *data, size_t len)
{
	const struct open_event *e = data;

	(void)ctx;
	if (len < offsetof(struct open_event, path))
		return 0;
	rec_begin();
	rec_task(&e->task);
	rec_result(F_FD, F_ERR, e->ret);
	rec_uint(F_FLAGS, e->flags);
	rec_uint(F_MODE, e->mode);
	rec_str(F_PATH, e->path, len - offsetof(struct open_event, path));
	rec_str(F_PATH_SOURCE, path_sources[e->path_source == PATH_FROM_FILE], 8);
	rec_end();
	return 0;
}

/*
 * open() is missing on arm64 and openat2() before Linux 5.6: where they are,
 * they are traced. From Linux 5.15 (bpf_task_pt_regs()) the exit tracepoints
 * alone serve: they find the arguments in the registers the syscall saved.
 */
#define OPEN_FEXIT  "open_fexit"
#define OPEN_KPROBE "open_kprobe,open_kretprobe"

static const struct probe probes[] = {
	{ "open",
	  { "open_regs,?open_regs@syscalls/sys_exit_open,?open_regs@syscalls/sys_exit_openat2",
	    /* before it, an entry program remembers the arguments for the exit one */
	    "open_enter_call,open_exit_call,?open_enter_open,?open_exit_call@syscalls/sys_exit_open,"
	    "?open_enter_call@syscalls/sys_enter_openat2,?open_exit_call@syscalls/sys_exit_openat2",
	    OPEN_FEXIT, OPEN_KPROBE },
	  { NEED_HELPER(BPF_FUNC_task_pt_regs, "bpf_task_pt_regs") } },
	{ 0 },
};

/* The programs of the three calls' tracepoints tell them apart by this architecture's numbers. */
static void configure(void *skel, const struct run *r, void *ctx)
{
	struct opensnoop_bpf *s = skel;

	(void)r;
	(void)ctx;
#ifdef SYS_open
	s->rodata->nr_open = SYS_open;
#endif
	s->rodata->nr_openat2 = SYS_openat2;
}

SKELETON(opensnoop);

static const struct tool tool = {
	.name = "opensnoop",
	.summary = "Trace open(), openat() and openat2(): path, file descriptor or error.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP | SHARED_FAILED |
		  SHARED_PRINT_UID | SHARED_PRINT_TID,
	.options = options,
	.examples = "  opensnoop               every open\n"
		    "  opensnoop -x            failed opens only\n"
		    "  opensnoop -p 181 -e     process 181's opens, with flags\n"
		    "  opensnoop -n nginx -j   JSON lines for tasks named nginx\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &opensnoop_skeleton,
	.probes = probes,
	.configure = configure,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	return run_tool(&tool, NULL, argc, argv);
}
