// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * solisten: every listen() on an IPv4 or IPv6 socket, with its backlog,
 * address and result.
 *
 * Two ways, both on listen()'s syscall tracepoints: from Linux 5.15
 * (bpf_task_pt_regs()) the exit alone, which finds the descriptor and the
 * backlog asked for in the registers the entry saved (regs.bpf.h); before
 * it, the entry remembers them for the exit (inflight.bpf.h). The socket behind the
 * descriptor (net.bpf.h fd_sock()) gives the address and port it listens
 * on, its protocol, and sk_max_ack_backlog as listen() left it (the asked
 * backlog capped by net.core.somaxconn). A listen() that fails before the
 * socket takes it (EBADF, ENOTSOCK) has no socket to read and is left out;
 * one refused by the socket (EINVAL on a connected one, EOPNOTSUPP on UDP)
 * is shown with its errno.
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "filter.bpf.h"
#include "callevent.bpf.h"
#include "net.bpf.h"
#include "regs.bpf.h"
#include "syscalls.bpf.h"
#include "task.bpf.h"
#include "solisten.h"

#define EBADF_	  9
#define ENOTSOCK_ 88

/* The current task (filtered already) called listen(fd, backlog) and got ret. */
static __always_inline void listen_report(long fd, __u32 asked, long ret)
{
	struct listen_event *e;
	struct net_tuple t;
	struct sock *sk;
	__u16 family;

	sk = fd_sock(fd);
	if (!sk)
		return;
	family = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (family != NET_AF_INET && family != NET_AF_INET6)
		return;
	sock_tuple(sk, &t);
	/* the listener's port as -P names it too (it has no remote end) */
	t.dport = t.sport;
	if (!net_filter_pass(&t))
		return;
	e = events_reserve(sizeof(*e));
	if (!e)
		return;
	task_head_fill(&e->task);
	e->tuple = t;
	e->ret = ret;
	e->asked = asked;
	e->backlog = BPF_CORE_READ(sk, sk_max_ack_backlog);
	e->protocol = BPF_CORE_READ(sk, sk_protocol);
	events_submit(e);
}

/* Whether a listen() with this result is one to report (filters aside). */
static __always_inline bool listen_wanted(long ret)
{
	return !(failed_only && ret >= 0) && ret != -EBADF_ && ret != -ENOTSOCK_;
}

/* Linux 5.15 and later: the exit alone */
SEC("tracepoint/syscalls/sys_exit_listen")
int listen_regs(struct syscall_exit_record *ctx)
{
	const struct pt_regs *regs;

	if (!listen_wanted(ctx->ret) || !filter_task())
		return TRACE_DONE;
	regs = syscall_exit_regs();
	if (regs)
		listen_report((long)SYSCALL_ARG1(regs), (__u32)SYSCALL_ARG2(regs), ctx->ret);
	return TRACE_DONE;
}

/* Before: the entry remembers the arguments... */
SEC("tracepoint/syscalls/sys_enter_listen")
int listen_enter(struct syscall_enter_record *ctx)
{
	call_enter(ctx, 2);
	return TRACE_DONE;
}

/* ...for the exit */
SEC("tracepoint/syscalls/sys_exit_listen")
int listen_exit(struct syscall_exit_record *ctx)
{
	struct inflight *in = call_exit(ctx->ret);

	if (in && listen_wanted(ctx->ret))
		listen_report((long)in->args[0], (__u32)in->args[1], ctx->ret);
	return TRACE_DONE;
}
