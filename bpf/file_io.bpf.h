/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Reads and writes of file descriptors at their system calls, for the
 * tools that look at them by file (fileslower, filetop): read, readv,
 * pread64, preadv, preadv2 and their write twins. A program at entry (one
 * for reads, one for writes, attached at all five calls of its kind)
 * keeps the time and the descriptor in the calling task's storage
 * (inflight.bpf.h); one at exit, for all ten, calls the including tool's
 *
 *	static __always_inline void file_io_done(void *ctx, long fd,
 *			enum file_io dir, long ret, __u64 latency, __u64 now);
 *
 * The tool's probe table takes FILE_IO_PROBES (common/file_io.h). The
 * tool's own calls are left out (file_io_self, its process): each line it
 * writes is a write, which a tool that shows writes would show, and so on.
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

static __always_inline void file_io_done(void *ctx, long fd, enum file_io dir, long ret,
					 __u64 latency, __u64 now);

static __always_inline void file_io_enter(long fd, enum file_io dir)
{
	struct inflight *in;

	if (!filter_task() || current_tgid() == file_io_self)
		return;
	in = inflight_begin();
	if (!in)
		return;
	in->args[0] = fd;
	in->extra = dir;
}

SEC("tracepoint/syscalls/sys_enter_read")
int file_read_enter(struct syscall_enter_record *ctx)
{
	file_io_enter(ctx->args[0], FILE_READ);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_enter_write")
int file_write_enter(struct syscall_enter_record *ctx)
{
	file_io_enter(ctx->args[0], FILE_WRITE);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_read")
int file_io_exit(struct syscall_exit_record *ctx)
{
	struct inflight *in;
	__u64 now;

	/* a filtered-out task never began one: skip the storage lookup (no-op unfiltered) */
	if (!filter_task())
		return TRACE_DONE;
	in = inflight_end();
	if (!in)
		return TRACE_DONE;
	now = bpf_ktime_get_ns();
	file_io_done(ctx, in->args[0], in->extra, ctx->ret, now - in->ts, now);
	return TRACE_DONE;
}

#endif
