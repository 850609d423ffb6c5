// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcptracer: TCP connections made, accepted and closed, with their owner
 * and network namespace.
 *
 * One way in, every kernel sonde supports, on what tcpstates and tcplife
 * already keep (tcp_states.bpf.h): sock:inet_sock_set_state (Linux 4.16)
 * and the exits of accept4()/accept().
 *
 * - connect: SYN_SENT -> ESTABLISHED, which runs in softirq (the peer's
 *   SYN-ACK), so the task is the owner learnt at CLOSE -> SYN_SENT inside
 *   connect(), never the current one. A connect refused or timed out never
 *   gets there, as bcc's tcptracer (at tcp_v4_connect()'s return and the
 *   state change) does not report one either.
 * - accept: the syscall's exit, in the accepting task: the descriptor
 *   names the socket (fd.bpf.h), which also becomes its owner for the
 *   close.
 * - close: the change to CLOSE of a socket whose ESTABLISHED was seen (so
 *   not a refused connect, a listener or a connection older than the
 *   tool), from any state, attributed to the owner (pid 0 if it was never
 *   accepted).
 *
 * Filters: the task filter on the owner, as the other TCP tools do (a
 * record with no owner known passes only when none is given); -P/-L/-4/-6
 * on the tuple; -N on the socket's network namespace, all before a record
 * is reserved.
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "tcp_states.bpf.h"
#include "tcptracer.h"

const volatile __u32 netns_only = 0; /* -N: the inode of the one namespace shown; 0 for all */

/* The inode number of sk's network namespace (skc_net is a plain pointer without CONFIG_NET_NS). */
static __always_inline __u32 sock_netns(const struct sock *sk)
{
	return BPF_CORE_READ(sk, __sk_common.skc_net.net, ns.inum);
}

static __always_inline bool netns_pass(__u32 netns)
{
	return !netns_only || netns == netns_only;
}

SEC("raw_tp/inet_sock_set_state")
int BPF_PROG(tracer_change, const struct sock *sk, int oldstate, int newstate)
{
	struct tcp_sock_state before, *s;
	struct tracer_event *e;
	struct net_tuple t;
	__u64 now;
	__u32 netns;
	__u8 type = 0;

	if (!sock_changed_is_tcp(sk))
		return TRACE_DONE;
	now = bpf_ktime_get_ns();
	s = tcp_state_change(sk, oldstate, newstate, now, &before);
	if (oldstate == TCPS_SYN_SENT && newstate == TCPS_ESTABLISHED)
		type = TRACER_CONNECT;
	else if (newstate == TCPS_CLOSE && (before.flags & TCP_ESTABLISHED_SEEN))
		type = TRACER_CLOSE;
	if (!type || !tcp_owner_passes(s))
		goto done;
	netns = sock_netns(sk);
	if (!netns_pass(netns))
		goto done;
	sock_tuple(sk, &t);
	if (!net_filter_pass(&t))
		goto done;
	e = events_reserve(sizeof(*e));
	if (!e)
		goto done;
	e->owner_known = tcp_owner_task(s, now, &e->task);
	e->tuple = t;
	e->netns = netns;
	e->type = type;
	e->pad[0] = e->pad[1] = 0;
	events_submit(e);
done:
	if (newstate == TCPS_CLOSE)
		tcp_state_forget(sk);
	return TRACE_DONE;
}

/* accept4(), and accept() where there is one: the accept, and the owner of its socket */
SEC("tracepoint/syscalls/sys_exit_accept4")
int tracer_accept(struct syscall_exit_record *ctx)
{
	struct sock *sk = tcp_accepted(ctx->ret);
	struct tracer_event *e;
	struct net_tuple t;
	__u32 netns;

	if (!sk || !filter_task())
		return TRACE_DONE;
	netns = sock_netns(sk);
	if (!netns_pass(netns))
		return TRACE_DONE;
	sock_tuple(sk, &t);
	if (!net_filter_pass(&t))
		return TRACE_DONE;
	e = events_reserve(sizeof(*e));
	if (!e)
		return TRACE_DONE;
	task_head_fill(&e->task);
	e->owner_known = 1;
	e->tuple = t;
	e->netns = netns;
	e->type = TRACER_ACCEPT;
	e->pad[0] = e->pad[1] = 0;
	events_submit(e);
	return TRACE_DONE;
}
