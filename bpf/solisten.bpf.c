// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * solisten: every listen() on an IPv4 or IPv6 socket, with its backlog,
 * address and result.
 *
 * One way, on every kernel with bpf_task_pt_regs() (5.15+): the exit of
 * listen() (syscall tracepoint); the descriptor and the backlog asked for
 * are in the registers the entry saved (regs.bpf.h), the socket behind the
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
#include "net.bpf.h"
#include "regs.bpf.h"
#include "syscalls.bpf.h"
#include "task.bpf.h"
#include "solisten.h"

const volatile bool failed_only = false;

#define EBADF_	  9
#define ENOTSOCK_ 88

SEC("tracepoint/syscalls/sys_exit_listen")
int listen_exit(struct syscall_exit_record *ctx)
{
	const struct pt_regs *regs;
	struct listen_event *e;
	struct net_tuple t;
	struct sock *sk;
	long ret = ctx->ret;
	__u16 family;

	if ((failed_only && ret >= 0) || ret == -EBADF_ || ret == -ENOTSOCK_)
		return TRACE_DONE;
	if (!filter_task())
		return TRACE_DONE;
	regs = syscall_exit_regs();
	if (!regs)
		return TRACE_DONE;
	sk = fd_sock((long)SYSCALL_ARG1(regs));
	if (!sk)
		return TRACE_DONE;
	family = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (family != NET_AF_INET && family != NET_AF_INET6)
		return TRACE_DONE;
	sock_tuple(sk, &t);
	/* the listener's port as -P names it too (it has no remote end) */
	t.dport = t.sport;
	if (!net_filter_pass(&t))
		return TRACE_DONE;
	e = events_reserve(sizeof(*e));
	if (!e)
		return TRACE_DONE;
	task_head_fill(&e->task);
	e->tuple = t;
	e->ret = ret;
	e->asked = (__u32)SYSCALL_ARG2(regs);
	e->backlog = BPF_CORE_READ(sk, sk_max_ack_backlog);
	e->protocol = BPF_CORE_READ(sk, sk_protocol);
	events_submit(e);
	return TRACE_DONE;
}
