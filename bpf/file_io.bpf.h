/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * File system calls at their system call tracepoints, for the tools that
 * look at them by file (fileslower, filetop, fsslower): the reads (read,
 * readv, pread64, preadv, preadv2), the writes (their twins) and, for the
 * tools that take FILE_OPEN_FSYNC_PROBES too, the opens (open, openat,
 * openat2, creat) and fsyncs (fsync, fdatasync). A program at entry (one
 * per kind of call, attached at every call of its kind) keeps the time
 * and the descriptor in the calling task's storage (inflight.bpf.h); one
 * at exit calls the including tool's
 *
 *	static __always_inline void file_io_done(void *ctx, long fd,
 *			enum file_io op, long ret, __u64 latency, __u64 now);
 *
 * with the descriptor an open returned, for an open, and the position a
 * positional call (pread64, preadv, preadv2 and the writes' twins) named,
 * or -1 (file_io_offset() makes the offset of a read or write of either
 * kind). The tool's probe
 * table takes the ways FILE_READ_SYSCALLS and its kin (common/file_io.h)
 * make of these programs, or FILE_IO_PROBES. The
 * tool's own calls are left out (file_io_by_tool(): its process): each line
 * it writes is a write, which a tool that shows writes would show, and so
 * on. The tool asks where it keeps or shows a call, after its cheaper
 * tests: a call a threshold drops never pays for the helper call.
 * The descriptor is looked up, if the tool wants its file, at exit: a
 * thread that closes or replaces it during the call makes it show the
 * file then held, or none.
 */
#ifndef SONDE_FILE_IO_BPF_H
#define SONDE_FILE_IO_BPF_H

#include "sonde.bpf.h"
#include "filter.bpf.h"
#include "inflight.bpf.h"
#include "syscalls.bpf.h"
#include "task.bpf.h"
#include "file_io.h"

/* the tool's own process, as its PID namespace numbers it */
const volatile __u32 file_io_self = 0;

static __always_inline void file_io_done(void *ctx, long fd, enum file_io op, long ret,
					 __u64 latency, __u64 now, __s64 pos);

/* Whether the current call is the tool's own, to be left out. */
static __always_inline bool file_io_by_tool(void)
{
	return current_tgid() == file_io_self;
}

/*
 * A call of kind op begins, on `on` (a descriptor here, a struct file for
 * fs_functions.bpf.h), at pos (where a read or write is, -1 if it is the
 * file's position): kept in the task's storage, unless the task filters
 * refuse it.
 */
static __always_inline void file_call_begin(__u64 on, enum file_io op, __s64 pos)
{
	struct inflight *in;

	if (!filter_task())
		return;
	in = inflight_begin();
	if (!in)
		return;
	in->args[0] = on;
	in->args[1] = pos;
	in->extra = op;
}

/* The call ends: what file_call_begin() kept, and the time into now; NULL if it kept none. */
static __always_inline struct inflight *file_call_end(__u64 *now)
{
	struct inflight *in;

	/* a filtered-out task never began one: skip the storage lookup (no-op unfiltered) */
	if (!filter_task())
		return NULL;
	in = inflight_end();
	if (in)
		*now = bpf_ktime_get_ns();
	return in;
}

SEC("tracepoint/syscalls/sys_enter_read")
int file_read_enter(struct syscall_enter_record *ctx)
{
	file_call_begin(ctx->args[0], FILE_READ, -1);
	return TRACE_DONE;
}

/*
 * pread64 (fd, buf, count, pos), preadv and preadv2 (fd, vec, vlen, pos_l,
 * pos_h[, flags]): on a 64-bit kernel pos_l is the whole position, and
 * preadv2's -1 is the file's own. The writes' twins alike.
 */
SEC("tracepoint/syscalls/sys_enter_pread64")
int file_pread_enter(struct syscall_enter_record *ctx)
{
	file_call_begin(ctx->args[0], FILE_READ, ctx->args[3]);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_enter_write")
int file_write_enter(struct syscall_enter_record *ctx)
{
	file_call_begin(ctx->args[0], FILE_WRITE, -1);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_enter_pwrite64")
int file_pwrite_enter(struct syscall_enter_record *ctx)
{
	file_call_begin(ctx->args[0], FILE_WRITE, ctx->args[3]);
	return TRACE_DONE;
}

/*
 * Where in the file a read or write began: the position a positional call
 * named, else the file's position at the end, less the bytes it moved (a
 * thread moving the same file's position meanwhile makes it wrong).
 */
static __always_inline __s64 file_io_offset(struct file *file, __s64 pos, long ret)
{
	if (pos >= 0)
		return pos;
	return BPF_CORE_READ(file, f_pos) - (ret > 0 ? ret : 0);
}

/* The call ended: the tool is told, with the descriptor the call used or, an open, made. */
static __always_inline void file_io_exit_with(void *ctx, long ret)
{
	struct inflight *in;
	__u64 now;
	long fd;

	in = file_call_end(&now);
	if (!in)
		return;
	fd = in->extra == FILE_OPEN ? ret : (long)in->args[0];
	file_io_done(ctx, fd, in->extra, ret, now - in->ts, now, in->args[1]);
}

/*
 * Every call's exit, whatever its kind (the op its entry kept): one program,
 * attached at every exit the chosen ways name. Each kind's way lists it
 * plainly too (a probe table's rule), so that it is loaded whichever ways
 * are chosen, and attached at its own section, sys_exit_read, even where
 * the reads took another way (a file system function): there it finds no
 * call begun and does nothing. One program where there were four alike:
 * fsslower's and fsdist's starts loaded and verified the same code four
 * times (about 1.1 and 0.6 ms each on the 6.18 host).
 */
SEC("tracepoint/syscalls/sys_exit_read")
int file_call_exit(struct syscall_exit_record *ctx)
{
	file_io_exit_with(ctx, ctx->ret);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_enter_openat")
int file_open_enter(void *ctx)
{
	file_call_begin(-1, FILE_OPEN, -1);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_enter_fsync")
int file_fsync_enter(struct syscall_enter_record *ctx)
{
	file_call_begin(ctx->args[0], FILE_FSYNC, -1);
	return TRACE_DONE;
}

#endif
