// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcplife: TCP connections as they close, with their lifespan, the data
 * bytes each way and their owner.
 *
 * One way in, every kernel sonde supports: sock:inet_sock_set_state
 * (Linux 4.16). tcp_states.bpf.h keeps, per socket, when it was born (its
 * first change seen, out of CLOSE: SYN_SENT in connect(), or SYN_RECV
 * for a passive one) and its owner (the task in connect(), or the one
 * whose accept() returned it: the exits of accept()/accept4() are traced
 * for that alone). The record goes at the change to TCP_CLOSE, which may
 * run in softirq (the peer's last ACK, a RST): the current task there is
 * not the owner and is not used. A connection born before the tool
 * started is left out, as is a listening socket.
 *
 * Bytes are struct tcp_sock's counters (RFC 4898's, Linux 4.1), read with
 * CO-RE at the close: bytes_acked (sent and acknowledged) and
 * bytes_received (in sequence). Both count sequence space, which the SYN
 * and FIN use too: what they held at ESTABLISHED (the SYN, where the
 * kernel counts it) is taken off, and so are our FIN once acknowledged
 * (snd_una reached write_seq after it was queued) and the peer's once
 * received (SOCK_DONE): what is left is data, exactly.
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "tcp_states.bpf.h"
#include "tcplife.h"

/* n less what the counter held at establishment and a FIN's one, never below 0 */
static __always_inline __u64 data_bytes(__u64 n, __u32 at_start, bool fin)
{
	__u64 off = (__u64)at_start + fin;

	return n > off ? n - off : 0;
}

SEC("raw_tp/inet_sock_set_state")
int BPF_PROG(life_change, const struct sock *sk, int oldstate, int newstate)
{
	struct tcp_sock_state before, *s;
	struct tcplife_event *e;
	struct tcp_sock *tp;
	struct net_tuple t;
	bool fin_acked, fin_received;
	__u64 now;

	if (!sock_changed_is_tcp(sk))
		return TRACE_DONE;
	now = bpf_ktime_get_ns();
	s = tcp_state_change(sk, oldstate, newstate, now, &before);
	if (newstate != TCPS_CLOSE || !s)
		return TRACE_DONE;
	/* a connection whose birth was seen; a listener is none */
	if (!(s->flags & TCP_BORN_SEEN) || oldstate == TCPS_LISTEN)
		goto done;
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
	e->duration_ns = now - s->born;
	e->tx_bytes = e->rx_bytes = 0;
	e->pad = 0;
	if (s->flags & TCP_ESTABLISHED_SEEN) {
		tp = (struct tcp_sock *)sk;
		fin_acked = (s->flags & TCP_FIN_SENT) &&
			    BPF_CORE_READ(tp, snd_una) == BPF_CORE_READ(tp, write_seq);
		fin_received = sock_flags_of((const struct sock *)tp) &
			       (1UL << bpf_core_enum_value(enum sock_flags, SOCK_DONE));
		e->tx_bytes = data_bytes(BPF_CORE_READ(tp, bytes_acked), s->acked0, fin_acked);
		e->rx_bytes =
			data_bytes(BPF_CORE_READ(tp, bytes_received), s->received0, fin_received);
	}
	events_submit(e);
done:
	tcp_state_forget(sk);
	return TRACE_DONE;
}

/* accept4(), and accept() where there is one: who owns the socket from now on */
SEC("tracepoint/syscalls/sys_exit_accept4")
int life_accept(struct syscall_exit_record *ctx)
{
	tcp_accepted(ctx->ret);
	return TRACE_DONE;
}
