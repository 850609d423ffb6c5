// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcpaccept: TCP connections accepted, with the accepting task.
 *
 * Two ways in, chosen by common/attach.c:
 *
 * - The exits of accept4() and accept() (syscall tracepoints, every
 *   kernel; arm64 has no accept()): the descriptor returned names the new
 *   socket, found through the task's file table (fd.bpf.h): file ->
 *   private_data (struct socket) -> sk. No entry program. Accepts made
 *   otherwise are not seen: io_uring's IORING_OP_ACCEPT, kernel sockets
 *   (kernel_accept(): NFS, SMB servers). MPTCP's accepted socket is MPTCP's
 *   own, not TCP, and is left out.
 * - A kretprobe on inet_csk_accept() (the function every TCP accept goes
 *   through since Linux 2.6; its arguments changed in 6.10, its result,
 *   the new socket, did not), as bcc does: sees those too, in the task
 *   that accepts (an io_uring worker for io_uring).
 *
 * The handshake itself completes in softirq (SYN_RECV->ESTABLISHED in
 * sock:inet_sock_set_state), on whatever task the CPU was running: no
 * way here reports from there, so the pid is always the accepting one.
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "filter.bpf.h"
#include "net.bpf.h"
#include "regs.bpf.h"
#include "syscalls.bpf.h"
#include "task.bpf.h"
#include "tcpaccept.h"

/* The current task (filtered already) accepted sk. */
static __always_inline void accept_report(const struct sock *sk)
{
	struct accept_event *e;
	struct net_tuple t;

	if (!sk || !sock_tcp_tuple(sk, &t) || !net_filter_pass(&t))
		return;
	e = events_reserve(sizeof(*e));
	if (!e)
		return;
	task_head_fill(&e->task);
	e->tuple = t;
	events_submit(e);
}

/* accept4(), and accept() where there is one: one layout, one program */
SEC("tracepoint/syscalls/sys_exit_accept4")
int acc_exit(struct syscall_exit_record *ctx)
{
	if (ctx->ret >= 0 && filter_task())
		accept_report(fd_sock(ctx->ret));
	return TRACE_DONE;
}

SEC("kretprobe/inet_csk_accept")
int acc_kretprobe(struct pt_regs *ctx)
{
	if (filter_task())
		accept_report((const struct sock *)KPROBE_RET(ctx));
	return TRACE_DONE;
}
