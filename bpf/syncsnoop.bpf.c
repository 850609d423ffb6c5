// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * syncsnoop: sync(), syncfs(), fsync(), fdatasync(), sync_file_range() and
 * msync(), with their descriptor, range, result and the time spent in them.
 *
 * Syscall tracepoints only, as plain records: no kernel types, so libbpf
 * never parses kernel BTF. Records are fixed-size and small.
 */
#include "callevent.bpf.h"
#include "syncsnoop.h"

#define NONE (-1) /* the call has no such argument */

/*
 * Report the call; *_arg say which kept argument is the descriptor, the
 * start of the range, its length and the flags.
 */
static __always_inline void sync_exit(__u32 call, long ret, int fd_arg, int off_arg, int len_arg,
				      int flags_arg)
{
	struct inflight *in = call_exit(ret);
	struct sync_event *e;

	if (!in)
		return;
	e = events_reserve(sizeof(*e));
	if (!e)
		return;
	call_head_fill(&e->h, in, call, ret);
	e->fd = fd_arg == NONE ? -1 : (__s32)in->args[fd_arg];
	e->offset = off_arg == NONE ? 0 : in->args[off_arg];
	e->len = len_arg == NONE ? 0 : in->args[len_arg];
	e->flags = flags_arg == NONE ? 0 : (__u32)in->args[flags_arg];
	events_submit(e);
}

CALL_ENTER(sync, 0)
CALL_ENTER(syncfs, 1)
CALL_ENTER(fsync, 1)
CALL_ENTER(fdatasync, 1)
/* sync_file_range(fd, offset, nbytes, flags), msync(start, len, flags) */
CALL_ENTER(sync_file_range, 4)
CALL_ENTER(msync, 3)

SEC("tracepoint/syscalls/sys_exit_sync")
int exit_sync(struct syscall_exit_record *ctx)
{
	sync_exit(SYNC_SYNC, ctx->ret, NONE, NONE, NONE, NONE);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_syncfs")
int exit_syncfs(struct syscall_exit_record *ctx)
{
	sync_exit(SYNC_SYNCFS, ctx->ret, 0, NONE, NONE, NONE);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_fsync")
int exit_fsync(struct syscall_exit_record *ctx)
{
	sync_exit(SYNC_FSYNC, ctx->ret, 0, NONE, NONE, NONE);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_fdatasync")
int exit_fdatasync(struct syscall_exit_record *ctx)
{
	sync_exit(SYNC_FDATASYNC, ctx->ret, 0, NONE, NONE, NONE);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_sync_file_range")
int exit_sync_file_range(struct syscall_exit_record *ctx)
{
	sync_exit(SYNC_SYNC_FILE_RANGE, ctx->ret, 0, 1, 2, 3);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_msync")
int exit_msync(struct syscall_exit_record *ctx)
{
	sync_exit(SYNC_MSYNC, ctx->ret, NONE, 0, 1, 2);
	return TRACE_DONE;
}
