// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * statsnoop: the stat family (stat, lstat, fstat, newfstatat, statx, statfs,
 * fstatfs) with the path or descriptor and the result.
 *
 * Syscall tracepoints only, as plain records. The path is read as the call
 * begins (callstr.bpf.h), so a thread of the caller that rewrites it while
 * the call runs does not change what is shown. x86_64 names the classic
 * calls newstat, newlstat and newfstat; arm64 has no stat or lstat at all,
 * so those two are optional.
 */
#include "callevent.bpf.h"
#include "statsnoop.h"

#define CALL_STR_SLOTS 1 /* the path */
#define CALL_STR_BYTES STAT_PATH_BYTES
#include "callstr.bpf.h"

#define NONE (-1) /* the call has no such argument */

/* Build area for the record: too big for the BPF stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct stat_event);
} scratch SEC(".maps");

/* Report the call; *_arg say which argument is the path, the descriptor and the flags. */
static __always_inline void stat_exit(__u32 call, long ret, int path_arg, int fd_arg, int flags_arg)
{
	struct inflight *in = call_exit(ret);
	struct stat_event *e;
	__u32 zero = 0, len;

	if (!in)
		return;
	e = bpf_map_lookup_elem(&scratch, &zero);
	if (!e)
		return;
	call_head_fill(&e->h, in, call, ret);
	e->fd = fd_arg == NONE ? STAT_AT_FDCWD : (__s32)in->args[fd_arg];
	e->flags = flags_arg == NONE ? 0 : (__u32)in->args[flags_arg];
	e->path_read = STR_NONE;
	len = path_arg == NONE ? 0
			       : call_str_copy(call_strs_exit(), 0, 0, STAT_PATH_BYTES,
					       (const void *)in->args[path_arg], e->path, 0,
					       sizeof(e->path), &e->path_read);
	if (!len)
		e->path[len++] = '\0';
	events_output(e, offsetof(struct stat_event, path) + len);
}

/* stat(path, buf), lstat(path, buf), fstat(fd, buf) */
CALL_ENTER_STR(newstat, 1, 0)
CALL_ENTER_STR(newlstat, 1, 0)
CALL_ENTER(newfstat, 1)
/* newfstatat(dfd, path, buf, flags), statx(dfd, path, flags, mask, buf) */
CALL_ENTER_STR(newfstatat, 4, 1)
CALL_ENTER_STR(statx, 3, 1)
/* statfs(path, buf), fstatfs(fd, buf) */
CALL_ENTER_STR(statfs, 1, 0)
CALL_ENTER(fstatfs, 1)

SEC("tracepoint/syscalls/sys_exit_newstat")
int exit_newstat(struct syscall_exit_record *ctx)
{
	stat_exit(STAT_STAT, ctx->ret, 0, NONE, NONE);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_newlstat")
int exit_newlstat(struct syscall_exit_record *ctx)
{
	stat_exit(STAT_LSTAT, ctx->ret, 0, NONE, NONE);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_newfstat")
int exit_newfstat(struct syscall_exit_record *ctx)
{
	stat_exit(STAT_FSTAT, ctx->ret, NONE, 0, NONE);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_newfstatat")
int exit_newfstatat(struct syscall_exit_record *ctx)
{
	stat_exit(STAT_NEWFSTATAT, ctx->ret, 1, 0, 3);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_statx")
int exit_statx(struct syscall_exit_record *ctx)
{
	stat_exit(STAT_STATX, ctx->ret, 1, 0, 2);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_statfs")
int exit_statfs(struct syscall_exit_record *ctx)
{
	stat_exit(STAT_STATFS, ctx->ret, 0, NONE, NONE);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_fstatfs")
int exit_fstatfs(struct syscall_exit_record *ctx)
{
	stat_exit(STAT_FSTATFS, ctx->ret, NONE, 0, NONE);
	return TRACE_DONE;
}
