// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcpstates: every state change of a TCP socket, with the time it spent
 * in the state it leaves.
 *
 * One way in, every kernel sonde supports: sock:inet_sock_set_state
 * (Linux 4.16), which every tcp_set_state() passes, in whichever context
 * makes the change: the owner's syscall (connect, listen, close,
 * shutdown) or softirq (the peer's SYN-ACK, FIN, ACK or RST; on loopback
 * the peer's task is on the CPU then). So the record's task is the
 * socket's owner as tcp_states.bpf.h learnt it (connect, listen, accept),
 * never the current task: pid 0 where it is not known yet, as on a
 * passive socket before its accept(). The exits of accept()/accept4()
 * are traced only to learn that owner.
 *
 * The task filter applies to the owner (a record without one passes
 * only when no task filter is given); -P/-L/-4/-6 to the record's tuple.
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "tcp_states.bpf.h"
#include "tcpstates.h"

SEC("raw_tp/inet_sock_set_state")
int BPF_PROG(states_change, const struct sock *sk, int oldstate, int newstate)
{
	struct tcp_sock_state before, *s;
	struct tcpstates_event *e;
	struct net_tuple t;
	__u64 now;

	if (!sock_changed_is_tcp(sk))
		return TRACE_DONE;
	now = bpf_ktime_get_ns();
	s = tcp_state_change(sk, oldstate, newstate, now, &before);
	if (!tcp_owner_passes(s))
		goto done;
	sock_tuple(sk, &t);
	if (!net_filter_pass(&t))
		goto done;
	e = events_reserve(sizeof(*e));
	if (!e)
		goto done;
	e->owner_known = tcp_owner_task(s, now, &e->task);
	e->tuple = t;
	e->skaddr = (__u64)sk;
	e->oldstate = oldstate;
	e->newstate = newstate;
	e->oldstate_known = before.changed != 0;
	e->oldstate_ns = before.changed ? now - before.changed : 0;
	__builtin_memset(e->pad, 0, sizeof(e->pad));
	events_submit(e);
done:
	if (newstate == TCPS_CLOSE)
		tcp_state_forget(sk);
	return TRACE_DONE;
}

/* accept4(), and accept() where there is one: who owns the socket from now on */
SEC("tracepoint/syscalls/sys_exit_accept4")
int states_accept(struct syscall_exit_record *ctx)
{
	tcp_accepted(ctx->ret);
	return TRACE_DONE;
}
