// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bindsnoop: every bind() of an IPv4 or IPv6 socket, its options and its
 * result.
 *
 * Two ways, both on bind()'s syscall tracepoints: from Linux 5.15
 * (bpf_task_pt_regs()) the exit alone, which finds the call's arguments in
 * the registers its entry saved (regs.bpf.h), with no entry program and no
 * pairing; before it, the entry remembers them for the exit (inflight.bpf.h). The address and port are the caller's sockaddr
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
#include "callevent.bpf.h"
#include "net.bpf.h"
#include "regs.bpf.h"
#include "sockaddr.bpf.h"
#include "syscalls.bpf.h"
#include "task.bpf.h"
#include "bindsnoop.h"

#define EBADF_	  9
#define ENOTSOCK_ 88

/* The current task (filtered already) called bind(fd, uaddr, len) and got ret. */
static __always_inline void bind_report(long fd, const void *uaddr, long len, long ret)
{
	struct bind_event *e;
	struct sock *sk = NULL;
	struct net_tuple t, f;
	__u16 family;

	if (!sockaddr_read(uaddr, len, &t))
		return;
	if (ret != -EBADF_ && ret != -ENOTSOCK_)
		sk = fd_sock(fd);
	if (sk) {
		family = BPF_CORE_READ(sk, __sk_common.skc_family);
		if (family != NET_AF_INET && family != NET_AF_INET6)
			return; /* a Unix, netlink, packet... socket's bind */
		if (ret == 0 && !t.sport)
			t.sport = BPF_CORE_READ(sk, __sk_common.skc_num);
	}
	/* -P and -L both name the bound port: a bind has no remote end */
	f = t;
	f.dport = t.sport;
	if (!net_filter_pass(&f))
		return;
	e = events_reserve(sizeof(*e));
	if (!e)
		return;
	task_head_fill(&e->task);
	e->tuple = t;
	e->ret = ret;
	e->ifindex = sk ? BPF_CORE_READ(sk, __sk_common.skc_bound_dev_if) : 0;
	e->protocol = sk ? BPF_CORE_READ(sk, sk_protocol) : 0;
	e->opts = sk ? sock_bind_opts(sk) : 0;
	events_submit(e);
}

/* Linux 5.15 and later: the exit alone */
SEC("tracepoint/syscalls/sys_exit_bind")
int bind_regs(struct syscall_exit_record *ctx)
{
	const struct pt_regs *regs;

	if ((failed_only && ctx->ret >= 0) || !filter_task())
		return TRACE_DONE;
	regs = syscall_exit_regs();
	if (regs)
		bind_report((long)SYSCALL_ARG1(regs), (const void *)SYSCALL_ARG2(regs),
			    (long)SYSCALL_ARG3(regs), ctx->ret);
	return TRACE_DONE;
}

/* Before: the entry remembers the arguments... */
SEC("tracepoint/syscalls/sys_enter_bind")
int bind_enter(struct syscall_enter_record *ctx)
{
	call_enter(ctx, 3);
	return TRACE_DONE;
}

/* ...for the exit */
SEC("tracepoint/syscalls/sys_exit_bind")
int bind_exit(struct syscall_exit_record *ctx)
{
	struct inflight *in = call_exit(ctx->ret);

	if (in)
		bind_report((long)in->args[0], (const void *)in->args[1], (long)in->args[2],
			    ctx->ret);
	return TRACE_DONE;
}
