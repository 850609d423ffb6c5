// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * sigsnoop: signals as the kernel generates them, or (-k) the kill-family
 * syscalls that send them.
 *
 * signal:signal_generate fires wherever a signal is queued (kill(), a fault,
 * a timer, a child's exit) in the sending context, with the target and the
 * outcome: delivered, ignored, already pending, queue overflow. A kill()
 * that fails its checks (ESRCH, EPERM) generates nothing, so -k traces the
 * syscalls themselves, entry to exit (inflight.bpf.h), for their return
 * value. pidfd_send_signal() names its target by a file descriptor: the pid
 * is taken from the signal_generate that fires inside the call.
 *
 * signal_generate is attached as a raw tracepoint, which is handed the
 * target task itself: its record holds the target's host PID, which a tool
 * in a container must number in its own namespace (task.bpf.h). The
 * target's name and si_code are read as the record would have copied them.
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "filter.bpf.h"
#include "inflight.bpf.h"
#include "syscalls.bpf.h"
#include "task.bpf.h"
#include "sigsnoop.h"

const volatile bool kill_mode = false;
const volatile bool failed_only = false;
const volatile bool sig_filtered = false;
const volatile __u64 sig_mask[2] = {}; /* -s: bit n for signal n */

static __always_inline bool sig_wanted(long sig)
{
	if (!sig_filtered)
		return true;
	if (sig < 0 || sig > SIG_MAX)
		return false;
	return (sig_mask[(sig >> 6) & 1] >> (sig & 63)) & 1;
}

static __always_inline struct sig_event *sig_event_begin(__s32 sig, __u32 call)
{
	struct sig_event *e = events_reserve(sizeof(*e));

	if (!e)
		return NULL;
	task_head_fill(&e->task);
	e->sig = sig;
	e->call = call;
	return e;
}

/* UAPI si_code values, and the two siginfo pointers that stand for them (SEND_SIG_*). */
#define SI_USER		0
#define SI_KERNEL	0x80
#define SEND_SIG_NOINFO 0UL
#define SEND_SIG_PRIV	1UL

/* si_code as the tracepoint's record gives it (TP_STORE_SIGINFO). */
static __always_inline __s32 sig_code(struct kernel_siginfo *info)
{
	if ((unsigned long)info == SEND_SIG_NOINFO)
		return SI_USER;
	if ((unsigned long)info == SEND_SIG_PRIV)
		return SI_KERNEL;
	return BPF_CORE_READ(info, si_code);
}

/* -k: a pidfd_send_signal() in flight in this task learns its target's pid. */
static __always_inline void note_pidfd_target(struct task_struct *target)
{
	struct inflight *in = inflight_current();

	if (in && in->extra == SIG_CALL_PIDFD && (__s32)in->args[0] == -1)
		in->args[0] = task_tid(target);
}

SEC("raw_tp/signal_generate")
int BPF_PROG(sig_generate, int sig, struct kernel_siginfo *info, struct task_struct *task,
	     int group, int result)
{
	struct sig_event *e;

	if (kill_mode) {
		note_pidfd_target(task);
		return TRACE_DONE;
	}
	if ((failed_only && result == SIG_DELIVERED) || !sig_wanted(sig) || !filter_task())
		return TRACE_DONE;
	e = sig_event_begin(sig, SIG_CALL_NONE);
	if (!e)
		return TRACE_DONE;
	e->tpid = task_tid(task);
	e->result = result;
	e->code = sig_code(info);
	BPF_CORE_READ_INTO(&e->tcomm, task, comm);
	events_submit(e);
	return TRACE_DONE;
}

static __always_inline void kill_enter(__u32 call, __s32 tpid, long sig)
{
	struct inflight *in;

	if (!sig_wanted(sig) || !filter_task())
		return;
	in = inflight_begin();
	if (!in)
		return;
	in->args[0] = (__u32)tpid;
	in->args[1] = sig;
	in->extra = call;
}

static __always_inline void kill_exit(long ret)
{
	struct inflight *in = inflight_end();
	struct sig_event *e;

	if (!in || (failed_only && ret >= 0))
		return;
	e = sig_event_begin(in->args[1], in->extra);
	if (!e)
		return;
	e->tpid = (__s32)in->args[0];
	e->result = ret;
	e->code = 0;
	__builtin_memset(e->tcomm, 0, sizeof(e->tcomm));
	events_submit(e);
}

/* Each entry: the target (pid or thread) and the signal, from the syscall's arguments. */
SEC("tracepoint/syscalls/sys_enter_kill")
int kill_in(struct syscall_enter_record *ctx)
{
	kill_enter(SIG_CALL_KILL, ctx->args[0], ctx->args[1]);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_enter_tkill")
int tkill_in(struct syscall_enter_record *ctx)
{
	kill_enter(SIG_CALL_TKILL, ctx->args[0], ctx->args[1]);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_enter_tgkill")
int tgkill_in(struct syscall_enter_record *ctx)
{
	kill_enter(SIG_CALL_TGKILL, ctx->args[1], ctx->args[2]);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_enter_rt_sigqueueinfo")
int sigqueue_in(struct syscall_enter_record *ctx)
{
	kill_enter(SIG_CALL_SIGQUEUE, ctx->args[0], ctx->args[1]);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_enter_rt_tgsigqueueinfo")
int tgsigqueue_in(struct syscall_enter_record *ctx)
{
	kill_enter(SIG_CALL_TGSIGQUEUE, ctx->args[1], ctx->args[2]);
	return TRACE_DONE;
}

/* The target is unknown (-1) until signal_generate names it. */
SEC("tracepoint/syscalls/sys_enter_pidfd_send_signal")
int pidfd_in(struct syscall_enter_record *ctx)
{
	kill_enter(SIG_CALL_PIDFD, -1, ctx->args[1]);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_kill")
int kill_out(struct syscall_exit_record *ctx)
{
	kill_exit(ctx->ret);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_tkill")
int tkill_out(struct syscall_exit_record *ctx)
{
	kill_exit(ctx->ret);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_tgkill")
int tgkill_out(struct syscall_exit_record *ctx)
{
	kill_exit(ctx->ret);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_rt_sigqueueinfo")
int sigqueue_out(struct syscall_exit_record *ctx)
{
	kill_exit(ctx->ret);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_rt_tgsigqueueinfo")
int tgsigqueue_out(struct syscall_exit_record *ctx)
{
	kill_exit(ctx->ret);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_pidfd_send_signal")
int pidfd_out(struct syscall_exit_record *ctx)
{
	kill_exit(ctx->ret);
	return TRACE_DONE;
}
