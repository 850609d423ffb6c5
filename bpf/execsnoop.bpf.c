// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * execsnoop: execve() and execveat() with their arguments and result.
 *
 * The arguments must be read at syscall entry (a successful exec replaces the
 * memory they live in) and the result is only known at exit, so entry parks
 * the record in `execs` and exit completes and sends it. Only the used part
 * of the argument buffer goes into the ring.
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "filter.bpf.h"
#include "syscalls.bpf.h"
#include "execsnoop.h"

const volatile bool include_failed = false;
const volatile __u32 max_args = EXEC_DEFAULT_MAX_ARGS;

/*
 * Keyed by process, not thread: when a non-leader thread execs, it takes the
 * leader's pid before sys_exit_execve fires. Not preallocated: memory is used
 * by execs in flight only.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u32);
	__type(value, struct exec_event);
} execs SEC(".maps");

static const struct exec_event empty_event;

/* Append one user string to e->args; false once nothing more fits. */
static __always_inline bool append_string(struct exec_event *e, const char *ustr)
{
	__u32 off = e->args_len;
	long n;

	if (off > EXEC_ARGS_BYTES - EXEC_ARG_MAX_BYTES) {
		e->truncated = 1;
		return false;
	}
	n = bpf_probe_read_user_str(&e->args[off], EXEC_ARG_MAX_BYTES, ustr);
	if (n <= 0)
		return false;
	if (n == EXEC_ARG_MAX_BYTES)
		e->truncated = 1;
	e->args_len = off + n;
	return true;
}

static __always_inline void exec_enter(const char *filename, const char *const *argv)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u32 pid = current_tgid(), i;
	const char *arg;
	struct exec_event *e;

	if (!filter_ids())
		return;
	if (bpf_map_update_elem(&execs, &pid, &empty_event, BPF_ANY))
		return;
	e = bpf_map_lookup_elem(&execs, &pid);
	if (!e)
		return;
	e->ts = bpf_ktime_get_ns();
	e->pid = pid;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->uid = (__u32)bpf_get_current_uid_gid();

	if (!append_string(e, filename))
		e->args[e->args_len++ & (EXEC_ARGS_BYTES - 1)] = '\0'; /* unreadable: empty */
	for (i = 0; i < EXEC_MAX_ARGS_LIMIT; i++) {
		if (bpf_probe_read_user(&arg, sizeof(arg), &argv[i]) || !arg)
			return;
		if (i == max_args) {
			e->truncated = 1;
			return;
		}
		if (!append_string(e, arg))
			return;
	}
	e->truncated = 1;
}

static __always_inline void exec_exit(long ret)
{
	__u32 pid = current_tgid();
	struct exec_event *e = bpf_map_lookup_elem(&execs, &pid);
	__u64 size;

	if (!e)
		return;
	if ((ret >= 0 || include_failed) && filter_comm()) {
		e->ret = ret;
		bpf_get_current_comm(e->comm, sizeof(e->comm)); /* the new program's name */
		size = offsetof(struct exec_event, args) + e->args_len;
		if (size <= sizeof(*e))
			events_output(e, size);
	}
	bpf_map_delete_elem(&execs, &pid);
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
