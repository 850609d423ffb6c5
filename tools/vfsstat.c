// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* vfsstat: file-system operations per second: reads, writes, fsyncs, opens, creates, ... */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>
#include <bpf/libbpf.h>

#include "clock.h"
#include "maps.h"
#include "run.h"
#include "vfsstat.h"
#include "vfsstat.skel.h"

/* Its context: what a report needs. */
struct vfsstat {
	struct summary counts;
	__u64 since_ns; /* CLOCK_MONOTONIC at the start of the interval */
};

enum { F_TIME, F_SECONDS, F_OPS };

/* bcc's columns: TIME READ/s WRITE/s FSYNC/s OPEN/s CREATE/s, then UNLINK/s MKDIR/s. */
static const struct field fields[] = {
	[F_TIME] = { "time", "TIME", -8 },
	[F_SECONDS] = { "seconds" },
	[F_OPS + VFS_READ] = { "read", "READ/s", 8 },
	[F_OPS + VFS_WRITE] = { "write", "WRITE/s", 8 },
	[F_OPS + VFS_FSYNC] = { "fsync", "FSYNC/s", 8 },
	[F_OPS + VFS_OPEN] = { "open", "OPEN/s", 8 },
	[F_OPS + VFS_CREATE] = { "create", "CREATE/s", 8 },
	[F_OPS + VFS_UNLINK] = { "unlink", "UNLINK/s", 8 },
	[F_OPS + VFS_MKDIR] = { "mkdir", "MKDIR/s", 8 },
};

/* Start the next interval from zero, then print this one: counts in JSON, rates in text. */
static int report(void *ctx)
{
	struct vfsstat *v = ctx;
	struct vfs_counts sum;
	__u64 now = monotonic_ns();
	double seconds = (now - v->since_ns) / 1e9;
	int op;

	if (summary_sum_counters(&v->counts, sum.n, VFS_OPS))
		return -1;
	v->since_ns = now;
	rec_begin();
	rec_time(F_TIME, now);
	rec_double(F_SECONDS, seconds, 6);
	for (op = 0; op < VFS_OPS; op++)
		rec_uint(F_OPS + op,
			 output_json() ? sum.n[op] : (__u64)(sum.n[op] / seconds + 0.5));
	rec_end();
	return 0;
}

/*
 * Each operation at the VFS function (fentry, else kprobe), else at its
 * system calls (the first program of each way named plainly, the same one
 * at the other calls of its kind; "?": a call this architecture may lack).
 */
static const struct probe probes[] = {
	{ "vfs_read",
	  { "read_fentry", "read_kprobe",
	    "reads,reads@syscalls/sys_enter_readv,reads@syscalls/sys_enter_pread64,"
	    "reads@syscalls/sys_enter_preadv,reads@syscalls/sys_enter_preadv2" } },
	{ "vfs_write",
	  { "write_fentry", "write_kprobe",
	    "writes,writes@syscalls/sys_enter_writev,writes@syscalls/sys_enter_pwrite64,"
	    "writes@syscalls/sys_enter_pwritev,writes@syscalls/sys_enter_pwritev2" } },
	{ "vfs_fsync_range",
	  { "fsync_fentry", "fsync_kprobe", "fsyncs,fsyncs@syscalls/sys_enter_fdatasync" } },
	{ "vfs_open",
	  { "open_fentry", "open_kprobe",
	    "opens,?opens@syscalls/sys_exit_open,opens@syscalls/sys_exit_openat2,"
	    "?opens@syscalls/sys_exit_creat,opens@syscalls/sys_exit_open_by_handle_at" } },
	{ "vfs_unlink", { "unlink_fentry", "unlink_kprobe", "unlinkats,?unlinks" } },
	{ "vfs_mkdir",
	  { "mkdir_fentry", "mkdir_kprobe", "mkdirs,?mkdirs@syscalls/sys_enter_mkdir" } },
	{ 0 },
};

/* A report every second unless told otherwise, as bcc's. */
static int setup(struct run *r, void *ctx)
{
	(void)ctx;
	if (!r->interval)
		r->interval = 1;
	return 0;
}

/* The first interval starts now. */
static int prepare(void *skel, struct run *r, void *ctx)
{
	struct vfsstat *v = ctx;

	(void)skel;
	(void)r;
	v->since_ns = monotonic_ns();
	output_header();
	return 0;
}

SKELETON(vfsstat);

static const struct tool tool = {
	.name = "vfsstat",
	.summary = "Count file-system operations per second: reads, writes, opens, creates, ...",
	.shared = SHARED_TASK_FILTERS | SHARED_INTERVAL,
	.examples = "  vfsstat                 a line every second until Ctrl-C\n"
		    "  vfsstat 5 12            a minute in five-second lines\n"
		    "  vfsstat -p 181 -j       process 181's operations, as JSON lines\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &vfsstat_skeleton,
	.probes = probes,
	.setup = setup,
	.prepare = prepare,
	.summary_map = "counts",
	.summary_at = offsetof(struct vfsstat, counts),
	.summary_entry = sizeof(struct vfs_counts),
	.report = report,
};

int main(int argc, char **argv)
{
	struct vfsstat v = { 0 };

	return run_tool(&tool, &v, argc, argv);
}
