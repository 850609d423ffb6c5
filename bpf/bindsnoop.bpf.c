// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bindsnoop: every bind() of an IPv4 or IPv6 socket, its options and its
 * result.
 *
 * One way, on every kernel with bpf_task_pt_regs() (5.15+): the exit of
 * bind() (syscall tracepoint), which finds the call's arguments in the
 * registers its entry saved (regs.bpf.h), so it needs no entry program and
 * no map to pair the two. The address and port are the caller's sockaddr
 * (sockaddr.bpf.h: user memory the kernel has just copied); the protocol,
 * options and bound device come from the socket behind the descriptor
 * (net.bpf.h fd_sock()). A successful bind to port 0 shows the port the
 * kernel chose, as the socket has it now (0 still with
 * IP_BIND_ADDRESS_NO_PORT). libbpf-tools' kprobes on inet_bind() and
 * inet6_bind() see also the binds the kernel makes for itself (no task's);
 * the syscall sees the failures the kernel returns before those functions
 * (EBADF, ENOTSOCK, EFAULT, an address too short), which they do not.
 *
 * A failure's descriptor may not be a socket (EBADF, ENOTSOCK): its file is
 * then not read as one.
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "filter.bpf.h"
#include "net.bpf.h"
#include "regs.bpf.h"
#include "sockaddr.bpf.h"
#include "syscalls.bpf.h"
#include "task.bpf.h"
#include "bindsnoop.h"

const volatile bool failed_only = false;

#define EBADF_	  9
#define ENOTSOCK_ 88

SEC("tracepoint/syscalls/sys_exit_bind")
int bind_exit(struct syscall_exit_record *ctx)
{
	const struct pt_regs *regs;
	struct bind_event *e;
	struct sock *sk = NULL;
	struct net_tuple t, f;
	long ret = ctx->ret;
	__u16 family = 0;

	if (failed_only && ret >= 0)
		return TRACE_DONE;
	if (!filter_task())
		return TRACE_DONE;
	regs = syscall_exit_regs();
	if (!regs)
		return TRACE_DONE;
	if (!sockaddr_read((const void *)SYSCALL_ARG2(regs), (long)SYSCALL_ARG3(regs), &t))
		return TRACE_DONE;
	if (ret != -EBADF_ && ret != -ENOTSOCK_)
		sk = fd_sock((long)SYSCALL_ARG1(regs));
	if (sk) {
		family = BPF_CORE_READ(sk, __sk_common.skc_family);
		if (family != NET_AF_INET && family != NET_AF_INET6)
			return TRACE_DONE; /* a Unix, netlink, packet... socket's bind */
		if (ret == 0 && !t.sport)
			t.sport = BPF_CORE_READ(sk, __sk_common.skc_num);
	}
	/* -P and -L both name the bound port: a bind has no remote end */
	f = t;
	f.dport = t.sport;
	if (!net_filter_pass(&f))
		return TRACE_DONE;
	e = events_reserve(sizeof(*e));
	if (!e)
		return TRACE_DONE;
	task_head_fill(&e->task);
	e->tuple = t;
	e->ret = ret;
	e->ifindex = sk ? BPF_CORE_READ(sk, __sk_common.skc_bound_dev_if) : 0;
	e->protocol = sk ? BPF_CORE_READ(sk, sk_protocol) : 0;
	e->opts = sk ? sock_bind_opts(sk) : 0;
	events_submit(e);
	return TRACE_DONE;
}
