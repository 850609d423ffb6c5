// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * execsnoop: programs started (execve, execveat), with their arguments.
 *
 * A successful exec is reported from sched:sched_process_exec, which fires
 * once the new program is in place: the file name comes from the
 * tracepoint's record (the kernel's copy) and the arguments from the new
 * program's argument area (mm->arg_start..arg_end), where the kernel has
 * just copied them. Both are the kernel's own copies, resident, and no
 * longer in reach of the caller, so a process can neither hide arguments
 * from execsnoop (a string in a page not yet touched cannot be read at
 * syscall entry) nor change them after the kernel read them.
 *
 * A failed exec (-x) has no new program: its syscall's entry keeps the
 * pointers (inflight.bpf.h) and its exit reads the strings from the caller,
 * marking any that cannot be read. Without -x no syscall program runs.
 */
#include "sonde.bpf.h"
#include "core_fixes.bpf.h"
#include "events.bpf.h"
#include "filter.bpf.h"
#include "inflight.bpf.h"
#include "syscalls.bpf.h"
#include "task.bpf.h"
#include "execsnoop.h"

/*
 * The record is built here: its reads may run past args[] into spill (the
 * verifier bounds each part, not their sum), but only args_len bytes of
 * args[] are ever sent.
 */
struct exec_build {
	struct exec_event e;
	char spill[EXEC_ARGS_BYTES];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct exec_build);
} scratch SEC(".maps");

static __always_inline struct exec_event *exec_begin(long ret)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u32 zero = 0;
	struct exec_event *e = bpf_map_lookup_elem(&scratch, &zero);

	if (!e)
		return NULL;
	task_head_fill(&e->task);
	e->ppid = task_tgid(BPF_CORE_READ(task, real_parent));
	e->ret = ret;
	e->args_len = 0;
	e->flags = 0;
	e->unreadable[0] = e->unreadable[1] = 0;
	return e;
}

/*
 * The bound is checked on the register that carries the size: clang checked
 * a zero-extended copy of it, and Linux 6.1's verifier does not carry what
 * it learns from a copy back to the original ("R3 unbounded memory access").
 */
static __always_inline void exec_send(struct exec_event *e)
{
	__u64 len = e->args_len;

	barrier_var(len);
	if (len <= EXEC_ARGS_BYTES)
		events_output(e, offsetof(struct exec_event, args) + len);
}

/* The kernel's copy of the file name, from the tracepoint's __data_loc field. */
static __always_inline __u32 copy_filename(struct exec_event *e,
					   struct trace_event_raw_sched_process_exec *ctx)
{
	__u32 loc = ctx->__data_loc_filename;
	long n = bpf_probe_read_kernel_str(e->args, EXEC_FILENAME_BYTES,
					   (void *)ctx + (loc & 0xffff));

	if (n <= 0) {
		e->args[0] = '\0';
		n = 1;
	}
	return n;
}

/* The new program's argument area, as much of it as fits after `off`. */
static __always_inline void copy_arg_area(struct exec_event *e, __u32 off)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	unsigned long start = BPF_CORE_READ(task, mm, arg_start);
	unsigned long end = BPF_CORE_READ(task, mm, arg_end);
	__u32 room = EXEC_ARGS_BYTES - off;
	__u64 len = end > start ? end - start : 0;

	if (len > room) {
		len = room;
		e->flags |= EXEC_TRUNCATED;
	}
	off &= EXEC_ARGS_BYTES - 1;
	if (len > EXEC_ARGS_BYTES) /* always false; tells the verifier the bound */
		return;
	if (bpf_probe_read_user(&e->args[off], len, (const void *)start))
		len = 0; /* cannot happen for pages the kernel just filled; shows as no argument */
	e->args_len = off + len;
}

SEC("tracepoint/sched/sched_process_exec")
int exec_done(struct trace_event_raw_sched_process_exec *ctx)
{
	struct exec_event *e;

	if (!filter_task()) /* -n: the new program's name */
		return TRACE_DONE;
	e = exec_begin(0);
	if (!e)
		return TRACE_DONE;
	copy_arg_area(e, copy_filename(e, ctx));
	exec_send(e);
	return TRACE_DONE;
}

/* ---- failed execs (-x): the strings from the caller's memory ---- */

static __always_inline void mark_unreadable(struct exec_event *e, __u32 i)
{
	e->unreadable[(i / 64) & 1] |= 1ULL << (i % 64);
}

/*
 * Append the caller's string at ustr (stored empty, *read false, if it
 * cannot be read); false once nothing more fits. A string that ends exactly
 * at the end of the room is told from one cut there by the byte after it.
 */
static __always_inline bool append_user_string(struct exec_event *e, const char *ustr, bool *read)
{
	__u32 off = e->args_len & (EXEC_ARGS_BYTES - 1), room = EXEC_ARGS_BYTES - off;
	long n = read_user_str(&e->args[off], room, ustr);
	char next = 0;

	*read = n > 0;
	if (n <= 0) {
		e->args[off] = '\0';
		n = 1;
	}
	e->args_len = off + n;
	if (n < room)
		return true;
	bpf_probe_read_user(&next, 1, ustr + room - 1);
	if (next)
		e->flags |= EXEC_TRUNCATED;
	return false;
}

static __always_inline void append_argv(struct exec_event *e, const char *const *argv)
{
	const char *arg;
	bool read;
	__u32 i;

	for (i = 0; i < EXEC_MAX_ARGS_LIMIT; i++) {
		if (bpf_probe_read_user(&arg, sizeof(arg), &argv[i])) {
			mark_unreadable(e, i); /* the rest of the list: one unreadable entry */
			append_user_string(e, NULL, &read);
			return;
		}
		if (!arg)
			return;
		if (!append_user_string(e, arg, &read))
			return;
		if (!read)
			mark_unreadable(e, i);
	}
	e->flags |= EXEC_TRUNCATED;
}

static __always_inline void exec_enter(const char *filename, const char *const *argv)
{
	struct inflight *in;

	if (!filter_ids())
		return;
	in = inflight_begin();
	if (in) {
		in->args[0] = (__u64)filename;
		in->args[1] = (__u64)argv;
	}
}

/* At the exit of a failed exec the caller's memory is as it was: read it now. */
static __always_inline void exec_exit(long ret)
{
	struct inflight *in;
	struct exec_event *e;
	bool read;

	if (!filter_ids())
		return;
	in = inflight_end();
	if (!in || ret >= 0 || !filter_comm())
		return;
	e = exec_begin(ret);
	if (!e)
		return;
	append_user_string(e, (const char *)in->args[0], &read);
	if (!read)
		e->flags |= EXEC_FILENAME_UNREADABLE;
	append_argv(e, (const char *const *)in->args[1]);
	exec_send(e);
}

SEC("tracepoint/syscalls/sys_enter_execve")
int execve_enter(struct syscall_enter_record *ctx)
{
	exec_enter((const char *)ctx->args[0], (const char *const *)ctx->args[1]);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_enter_execveat")
int execveat_enter(struct syscall_enter_record *ctx)
{
	exec_enter((const char *)ctx->args[1], (const char *const *)ctx->args[2]);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_execve")
int execve_exit(struct syscall_exit_record *ctx)
{
	exec_exit(ctx->ret);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_execveat")
int execveat_exit(struct syscall_exit_record *ctx)
{
	exec_exit(ctx->ret);
	return TRACE_DONE;
}
