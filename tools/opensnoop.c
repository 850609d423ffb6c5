// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* opensnoop: trace open(), openat() and openat2() with their path and result. */
#include <stddef.h>
#include <linux/types.h>

#include "names.h"
#include "output.h"
#include "run.h"
#include "opensnoop.h"
#include "opensnoop.skel.h"

enum { F_TIME, F_UID, F_PID, F_TID, F_COMM, F_FD, F_ERR, F_FLAGS, F_MODE, F_PATH };

/* bcc's columns: [TIME] [UID] PID COMM FD ERR [FLAGS] PATH; ERR names the errno. */
static struct field fields[] = {
	[F_TIME] = { "time", "TIME", -8, .hidden = true },
	[F_UID] = { "uid", "UID", -6, .hidden = true },
	[F_PID] = { "pid", "PID", -7 },
	[F_TID] = { "tid", "TID", -7, .hidden = true },
	[F_COMM] = { "comm", "COMM", -16 },
	[F_FD] = { "fd", "FD", 4 },
	[F_ERR] = { "error", "ERR", -6 },
	[F_FLAGS] = { "flags", "FLAGS", -8, .hidden = true, .format = "%08llo" },
	[F_MODE] = { "mode", "MODE", -5, .hidden = true, .format = "%04llo" },
	[F_PATH] = { "path", "PATH", 0 },
};

static const struct tool_option options[] = {
	{ "extended", 'e', NULL, "print the open flags and mode (octal)" },
	{ 0 },
};

static int parse_option(int key, const char *arg)
{
	(void)arg;
	switch (key) {
	case 'e':
		fields[F_FLAGS].hidden = fields[F_MODE].hidden = false;
		return 0;
	}
	return -1;
}

static const struct tool tool = {
	.name = "opensnoop",
	.summary = "Trace open(), openat() and openat2(): path, file descriptor or error.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP | SHARED_FAILED |
		  SHARED_PRINT_UID | SHARED_PRINT_TID,
	.options = options,
	.parse = parse_option,
	.examples = "  opensnoop               every open\n"
		    "  opensnoop -x            failed opens only\n"
		    "  opensnoop -p 181 -e     process 181's opens, with flags\n"
		    "  opensnoop -n nginx -j   JSON lines for tasks named nginx\n",
};

static int on_event(void *ctx, void *data, size_t len)
{
	const struct open_event *e = data;

	(void)ctx;
	if (len < offsetof(struct open_event, path))
		return 0;
	rec_begin();
	rec_time(&fields[F_TIME], e->ts);
	rec_uint(&fields[F_UID], e->uid);
	rec_uint(&fields[F_PID], e->pid);
	rec_uint(&fields[F_TID], e->tid);
	rec_str(&fields[F_COMM], e->comm, sizeof(e->comm));
	rec_int(&fields[F_FD], e->ret >= 0 ? e->ret : -1);
	rec_str(&fields[F_ERR], e->ret >= 0 ? "0" : errno_name(-e->ret), 32);
	rec_uint(&fields[F_FLAGS], e->flags);
	rec_uint(&fields[F_MODE], e->mode);
	rec_str(&fields[F_PATH], e->path, len - offsetof(struct open_event, path));
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
	  { "open_regs_openat,?open_regs_open,?open_regs_openat2", OPEN_FEXIT, OPEN_KPROBE } },
	{ 0 },
};

/* Before it, entry programs remember the arguments for the exit ones. */
static const struct probe probes_paired[] = {
	{ "open",
	  { "open_enter_openat,open_exit_openat,?open_enter_open,?open_exit_open,"
	    "?open_enter_openat2,?open_exit_openat2",
	    OPEN_FEXIT, OPEN_KPROBE } },
	{ 0 },
};

static const struct probe *opensnoop_probes(void)
{
	bool regs =
		libbpf_probe_bpf_helper(BPF_PROG_TYPE_TRACEPOINT, BPF_FUNC_task_pt_regs, NULL) > 0;

	return regs ? probes : probes_paired;
}

int main(int argc, char **argv)
{
	struct opensnoop_bpf *skel;
	struct run run;

	run_parse(&run, &tool, argc, argv);

	skel = opensnoop_bpf__open_opts(run_open_opts(&run, opensnoop_bpf__elf_bytes));
	if (run_opened(&run, skel)) {
		skel->rodata->filter = run.filter;
		skel->rodata->failed_only = run.failed_only;
		run_snoop(&run, skel->obj, opensnoop_probes(), fields,
			  sizeof(fields) / sizeof(fields[0]), on_event);
	}
	run_stop(&run);
	opensnoop_bpf__destroy(skel);
	return run.exit_code;
}
