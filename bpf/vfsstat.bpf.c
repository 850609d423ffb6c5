// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * vfsstat: counts of reads, writes, fsyncs, opens, creates, unlinks and
 * mkdirs, per CPU in the kernel, read once per interval.
 *
 * Two ways, chosen per operation by the probe table. Where the kernel lets
 * BPF into its functions (fentry, else kprobes), the VFS's own entry
 * points are counted, as bcc does: what any caller asks of a file system
 * (io_uring, nfsd, a loop device's backing file), and only calls that got
 * past the system call's checks. A create is an open that created its
 * file, seen at vfs_open() by the mark the kernel put on it: bcc counts
 * vfs_create(), which open(O_CREAT) does not call (lookup_open() calls the
 * file system's create itself), so its CREATE/s misses nearly every one. Where it does not (this project's build
 * machine), the system calls are: one program per operation attached at
 * every call of its kind (read, readv, pread64, ...); a successful open is
 * counted at its exit, and a create where the kernel marked the opened
 * file as created by it. Calls that fail before reaching a file system
 * count there too, and I/O that enters no system call of its own
 * (io_uring, mmap, sendfile, splice) does not.
 */
#include "sonde.bpf.h"
#include "filter.bpf.h"
#include "paths.bpf.h"
#include "regs.bpf.h"
#include "summary.bpf.h"
#include "syscalls.bpf.h"
#include "vfsstat.h"

/* include/linux/fs.h: set on a file that an open created (Linux 4.19+; bit 20 since) */
#define FMODE_CREATED 0x100000
/* include/uapi/linux/fcntl.h: unlinkat() removing a directory, an rmdir */
#define AT_REMOVEDIR 0x200

SUMMARY_MAP(counts, BPF_MAP_TYPE_PERCPU_ARRAY, 0, 1, __u32, struct vfs_counts);

static __always_inline void count(enum vfs_op op)
{
	static const struct vfs_counts none;
	struct vfs_counts *c;
	__u32 zero = 0;

	if (!filter_task())
		return;
	c = summary_entry(counts, &zero, &none);
	if (c && op < VFS_OPS)
		c->n[op]++; /* this CPU's own: no atomic needed */
}

/* ---- the VFS's functions ---- */

#define VFS_FUNCTION(name, func, op)         \
	SEC("fentry/" #func)                 \
	int name##_fentry(void *ctx)         \
	{                                    \
		count(op);                   \
		return TRACE_DONE;           \
	}                                    \
	SEC("kprobe/" #func)                 \
	int name##_kprobe(struct pt_regs *r) \
	{                                    \
		count(op);                   \
		return TRACE_DONE;           \
	}

VFS_FUNCTION(read, vfs_read, VFS_READ)
VFS_FUNCTION(write, vfs_write, VFS_WRITE)
/* not vfs_fsync(), as bcc: do_fsync() has it inlined on 6.1 and 5.10, and never calls it */
VFS_FUNCTION(fsync, vfs_fsync_range, VFS_FSYNC)
VFS_FUNCTION(unlink, vfs_unlink, VFS_UNLINK)
VFS_FUNCTION(mkdir, vfs_mkdir, VFS_MKDIR)

/* An open, and a create if it made its file: vfs_open(path, file) comes after the mark. */
static __always_inline void opened(struct file *file)
{
	count(VFS_OPEN);
	if (file && (BPF_CORE_READ(file, f_mode) & FMODE_CREATED))
		count(VFS_CREATE);
}

SEC("fentry/vfs_open")
int BPF_PROG(open_fentry, const struct path *path, struct file *file)
{
	opened(file);
	return TRACE_DONE;
}

SEC("kprobe/vfs_open")
int open_kprobe(struct pt_regs *ctx)
{
	opened((struct file *)KPROBE_ARG2(ctx));
	return TRACE_DONE;
}

/* ---- the system calls: each program attached at every call of its kind ---- */

SEC("tracepoint/syscalls/sys_enter_read")
int reads(void *ctx)
{
	count(VFS_READ);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_enter_write")
int writes(void *ctx)
{
	count(VFS_WRITE);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_enter_fsync")
int fsyncs(void *ctx)
{
	count(VFS_FSYNC);
	return TRACE_DONE;
}

/* At exit: an open that succeeded, and whether it created its file. */
SEC("tracepoint/syscalls/sys_exit_openat")
int opens(struct syscall_exit_record *ctx)
{
	if (ctx->ret >= 0)
		opened(fd_file(ctx->ret));
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_enter_unlink")
int unlinks(void *ctx)
{
	count(VFS_UNLINK);
	return TRACE_DONE;
}

/* unlinkat() unlinks, or with AT_REMOVEDIR removes a directory. */
SEC("tracepoint/syscalls/sys_enter_unlinkat")
int unlinkats(struct syscall_enter_record *ctx)
{
	if (!(ctx->args[2] & AT_REMOVEDIR))
		count(VFS_UNLINK);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_enter_mkdirat")
int mkdirs(void *ctx)
{
	count(VFS_MKDIR);
	return TRACE_DONE;
}
