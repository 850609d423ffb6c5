// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * opensnoop: open(), openat() and openat2() with their path and result.
 *
 * Three ways in, chosen by common/attach.c: the syscall tracepoints (the
 * stable default), fexit on do_sys_openat2 (arguments and result in one
 * program), or a kprobe/kretprobe pair on it. The exit tracepoints alone
 * serve where bpf_task_pt_regs() exists (Linux 5.15): they find the
 * arguments in the registers the syscall saved (regs.bpf.h), so no program
 * runs at entry, whose hook costs about as much as the exit's. Before it,
 * and with kprobes, a pair does: entry remembers the arguments
 * (inflight.bpf.h) and exit reports.
 *
 * Every way reports at the call's end, and the same way: a successful open
 * shows the path of the file the new descriptor holds, built from the
 * kernel's dentries (paths.bpf.h), so no thread of the caller can make it
 * show another by rewriting the string it passed. Only a failed open, which
 * has no file, or a file whose path cannot be built (a pipe reopened through
 * /proc) shows the caller's string, read then: the kernel has copied it, so
 * its page is resident, whereas at entry a path in a page not yet touched
 * (a fresh string literal) cannot be read from BPF. The record says which
 * it holds, and is sized to its path.
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "filter.bpf.h"
#include "inflight.bpf.h"
#include "paths.bpf.h"
#include "regs.bpf.h"
#include "syscalls.bpf.h"
#include "task.bpf.h"
#include "opensnoop.h"

const volatile bool failed_only = false;

/* openat2's argument, UAPI <linux/openat2.h>: fixed layout, so no CO-RE */
struct open_how_abi {
	__u64 flags;
	__u64 mode;
	__u64 resolve;
};

/* Build area for the record: too big for the BPF stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct open_event);
} scratch SEC(".maps");

static __always_inline void open_enter(const char *path, __u64 flags, __u32 mode)
{
	struct inflight *in;

	if (!filter_task())
		return;
	in = inflight_begin();
	if (!in)
		return;
	in->args[0] = (__u64)path;
	in->args[1] = flags;
	in->args[2] = mode;
}

/*
 * On 64-bit kernels open() and openat() add O_LARGEFILE before
 * do_sys_openat2() sees the flags (force_o_largefile()); it is taken out
 * again so every path reports the flags the caller passed.
 */
#if defined(__TARGET_ARCH_arm64)
#define KERNEL_O_LARGEFILE 0400000
#else
#define KERNEL_O_LARGEFILE 0100000
#endif

/* do_sys_openat2()'s kernel copy of the flags and mode (struct open_how: a fixed layout). */
static __always_inline void read_open_how(const void *how, __u64 *flags, __u32 *mode)
{
	struct open_how_abi h = {};

	bpf_probe_read_kernel(&h, sizeof(h), how);
	*flags = h.flags & ~(__u64)KERNEL_O_LARGEFILE;
	*mode = h.mode;
}

static __always_inline void open_report(const char *path, __u64 flags, __u32 mode, long ret)
{
	struct open_event *e;
	__u32 zero = 0;
	long len;

	if (failed_only && ret >= 0)
		return;
	e = bpf_map_lookup_elem(&scratch, &zero);
	if (!e)
		return;
	task_head_fill(&e->task);
	e->ret = ret;
	e->flags = flags;
	e->mode = flags & OPEN_FLAGS_WITH_MODE ? mode : 0; /* else it is register noise */
	len = ret >= 0 ? file_path(fd_file(ret), e->path) : 0;
	e->path_source = len ? PATH_FROM_FILE : PATH_FROM_CALLER;
	if (!len)
		len = bpf_probe_read_user_str(e->path, sizeof(e->path), path);
	if (len <= 0) {
		e->path[0] = '\0';
		len = 1;
	}
	barrier_var(len); /* clang drops the check the verifier needs, knowing file_path()'s */
	if (len <= (long)sizeof(e->path))
		events_output(e, offsetof(struct open_event, path) + len);
}

static __always_inline void open_exit(long ret)
{
	struct inflight *in;

	/* a filtered-out task never began one: skip the storage lookup (no-op unfiltered) */
	if (!filter_task())
		return;
	in = inflight_end();
	if (in)
		open_report((const char *)in->args[0], in->args[1], in->args[2], ret);
}

/*
 * One program for the three calls' tracepoints (attach.h's
 * "prog@category/name"): their records have one layout, and the call's
 * number tells where its arguments are. Verified once, not three times:
 * most of a start-up is the verifier's. User space sets the numbers of
 * this architecture's open() and openat2() (-1 where it has none).
 */
const volatile long nr_open = -1;
const volatile long nr_openat2 = -1;

/* open(path, flags, mode), openat(dfd, path, flags, mode), openat2(dfd, path, how, size) */
struct open_args {
	__u64 path, flags, mode;
};

static __always_inline void args_of(long nr, const __u64 *arg, struct open_args *a)
{
	struct open_how_abi how = {};

	if (nr == nr_open) {
		*a = (struct open_args){ arg[0], arg[1], arg[2] };
	} else if (nr == nr_openat2) {
		/* the kernel has copied the open_how by now: read at exit, it is resident */
		bpf_probe_read_user(&how, sizeof(how), (const void *)arg[2]);
		*a = (struct open_args){ arg[1], how.flags, how.mode };
	} else {
		*a = (struct open_args){ arg[1], arg[2], arg[3] };
	}
}

SEC("tracepoint/syscalls/sys_exit_openat")
int open_regs(struct syscall_exit_record *ctx)
{
	const struct pt_regs *regs = filter_task() ? syscall_exit_regs() : NULL;
	struct open_args a;
	__u64 arg[4];

	if (!regs)
		return TRACE_DONE;
	arg[0] = SYSCALL_ARG1(regs);
	arg[1] = SYSCALL_ARG2(regs);
	arg[2] = SYSCALL_ARG3(regs);
	arg[3] = SYSCALL_ARG4(regs);
	args_of(ctx->nr, arg, &a);
	open_report((const char *)a.path, a.flags, a.mode, ctx->ret);
	return TRACE_DONE;
}

/*
 * Before Linux 5.15: entry remembers the arguments, exit reports. open()
 * has an entry program of its own: its record holds three arguments, and
 * the kernel refuses to attach a program that reads past a record's end
 * (Permission denied), as one reading openat()'s fourth would.
 */
SEC("tracepoint/syscalls/sys_enter_open")
int open_enter_open(struct syscall_enter_record *ctx)
{
	open_enter((const char *)ctx->args[0], ctx->args[1], ctx->args[2]);
	return TRACE_DONE;
}

/* openat() and openat2() */
SEC("tracepoint/syscalls/sys_enter_openat")
int open_enter_call(struct syscall_enter_record *ctx)
{
	/* copied first: the verifier allows the record's fields read in place only */
	__u64 arg[4] = { ctx->args[0], ctx->args[1], ctx->args[2], ctx->args[3] };
	struct open_args a;

	args_of(ctx->nr, arg, &a);
	open_enter((const char *)a.path, a.flags, a.mode);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_openat")
int open_exit_call(struct syscall_exit_record *ctx)
{
	open_exit(ctx->ret);
	return TRACE_DONE;
}

/* open(), openat() and openat2() all come through do_sys_openat2(). */
SEC("fexit/do_sys_openat2")
int BPF_PROG(open_fexit, int dfd, const char *path, const void *how, long ret)
{
	__u64 flags;
	__u32 mode;

	if (!filter_task())
		return TRACE_DONE;
	read_open_how(how, &flags, &mode);
	open_report(path, flags, mode, ret);
	return TRACE_DONE;
}

SEC("kprobe/do_sys_openat2")
int open_kprobe(struct pt_regs *ctx)
{
	__u64 flags;
	__u32 mode;

	read_open_how((const void *)KPROBE_ARG3(ctx), &flags, &mode);
	open_enter((const char *)KPROBE_ARG2(ctx), flags, mode);
	return TRACE_DONE;
}

SEC("kretprobe/do_sys_openat2")
int open_kretprobe(struct pt_regs *ctx)
{
	open_exit(KPROBE_RET(ctx));
	return TRACE_DONE;
}
