/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What tcpstates, tcplife and tcptracer keep about a TCP socket while it
 * lives, from sock:inet_sock_set_state (Linux 4.16; SCTP and MPTCP share
 * it: sock_changed_is_tcp() tells TCP apart), as a raw tracepoint
 * (net.bpf.h says why), and the exits of accept()/accept4():
 *
 * - when it changed state last, and when it was first seen changing;
 * - its owner: the task that connect()ed it (CLOSE->SYN_SENT runs inside
 *   connect(), in that task), listen()ed on it (CLOSE->LISTEN, inside
 *   listen()), or accept()ed it (the syscall's exit names the new socket,
 *   fd.bpf.h). Every other transition may run in softirq, on whatever task
 *   the CPU was running (the peer's on loopback, swapper elsewhere): the
 *   current task is never taken for the owner there. A passive socket's
 *   first transitions (SYN_RECV, ESTABLISHED) come before its accept(), so
 *   their owner is not known yet;
 * - whether that owner passed the task filter (-p, -t, -u, -c, -n), judged
 *   in the owner's own context, when it was learnt.
 *
 * One hash keyed by the struct sock's address, bounded (TCP_SOCKS_MAX): a
 * socket that finds it full is counted as lost (lost.bpf.h), and its
 * transitions show no time in the previous state. The entry goes at
 * TCP_CLOSE, the last state of a full socket (TIME_WAIT is a separate,
 * smaller socket that the tracepoint does not follow).
 */
#ifndef SONDE_TCP_STATES_BPF_H
#define SONDE_TCP_STATES_BPF_H

#include "sonde.bpf.h"
#include "core_fixes.bpf.h"
#include "filter.bpf.h"
#include "lost.bpf.h"
#include "net.bpf.h"
#include "syscalls.bpf.h"
#include "task.bpf.h"

#define TCP_SOCKS_MAX 16384 /* sockets followed at once (2.3 MB of kernel memory, measured) */

struct tcp_sock_state {
	__u64 changed;		/* bpf_ktime_get_ns() of the last change; 0: not seen */
	__u64 born;		/* of the first change seen */
	struct task_head owner; /* ts unused; valid with TCP_OWNER_KNOWN */
	__u32 flags;		/* enum tcp_owner_flags, and what the tool keeps */
	__u32 acked0;		/* tcp_sock.bytes_acked when it became ESTABLISHED */
	__u32 received0;	/* tcp_sock.bytes_received then */
	__u32 pad;
};

enum tcp_owner_flags {
	TCP_OWNER_KNOWN = 1 << 0,
	TCP_OWNER_PASSES = 1 << 1,     /* it passed the task filter */
	TCP_FIN_SENT = 1 << 2,	       /* it entered FIN_WAIT1 or LAST_ACK: its FIN was queued */
	TCP_ESTABLISHED_SEEN = 1 << 3, /* acked0 and received0 are set */
	TCP_BORN_SEEN = 1 << 4,	       /* first seen leaving CLOSE or LISTEN: born is its start */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, TCP_SOCKS_MAX);
	__type(key, __u64);
	__type(value, struct tcp_sock_state);
} tcp_socks SEC(".maps");

/* The current task becomes the socket's owner: it is in connect(), listen() or accept(). */
static __always_inline void tcp_owner_current(struct tcp_sock_state *s)
{
	task_head_fill_at(&s->owner, 0);
	s->flags |= TCP_OWNER_KNOWN;
	if (filter_task())
		s->flags |= TCP_OWNER_PASSES;
	else
		s->flags &= ~TCP_OWNER_PASSES;
}

/* Whether a record of this socket passes the task filter: an owner not yet known does not. */
static __always_inline bool tcp_owner_passes(const struct tcp_sock_state *s)
{
	/* no filter asked: every record passes, the owner known or not */
	if (!filter.flags)
		return true;
	return s && (s->flags & TCP_OWNER_PASSES);
}

/*
 * A record's task head at `now`: the socket's owner where it is known (1),
 * else zeros, pid 0 (0): the task running a softirq transition is never
 * the owner, so it is not shown as one.
 */
static __always_inline __u8 tcp_owner_task(const struct tcp_sock_state *s, __u64 now,
					   struct task_head *task)
{
	__u8 known = s && (s->flags & TCP_OWNER_KNOWN);

	if (known)
		*task = s->owner;
	else
		__builtin_memset(task, 0, sizeof(*task));
	task->ts = now;
	return known;
}

/*
 * A state change of sk at `now`: its entry, as it was before (*before), and
 * made up to date (the time, the owner where this transition runs in it);
 * NULL if the hash is full (counted lost). The caller deletes it at CLOSE.
 */
static __always_inline struct tcp_sock_state *tcp_state_change(const struct sock *sk, int oldstate,
							       int newstate, __u64 now,
							       struct tcp_sock_state *before)
{
	__u64 key = (__u64)sk;
	struct tcp_sock_state *s = bpf_map_lookup_elem(&tcp_socks, &key);
	long err;

	if (!s) {
		__builtin_memset(before, 0, sizeof(*before));
		if (newstate == TCPS_CLOSE)
			return NULL; /* nothing to keep */
		before->born = now;
		if (oldstate == TCPS_CLOSE || oldstate == TCPS_LISTEN)
			before->flags = TCP_BORN_SEEN;
		err = bpf_map_update_elem(&tcp_socks, &key, before, BPF_NOEXIST);
		/* -EEXIST: another CPU's transition of it made it meanwhile */
		if (err && map_result(err) != -ERR_EXIST) {
			count_lost(); /* the hash is full */
			return NULL;
		}
		s = bpf_map_lookup_elem(&tcp_socks, &key);
		if (!s)
			return NULL;
		before->born = 0;
		before->flags = 0;
	} else {
		*before = *s;
	}
	s->changed = now;
	/* the transitions that run inside the owner's own syscall */
	if ((oldstate == TCPS_CLOSE && newstate == TCPS_SYN_SENT) ||
	    (oldstate == TCPS_CLOSE && newstate == TCPS_LISTEN))
		tcp_owner_current(s);
	if (newstate == TCPS_FIN_WAIT1 || newstate == TCPS_LAST_ACK)
		s->flags |= TCP_FIN_SENT;
	if (newstate == TCPS_ESTABLISHED && !(s->flags & TCP_ESTABLISHED_SEEN)) {
		const struct tcp_sock *tp = (const struct tcp_sock *)sk;

		/* what the handshake counted (the SYN, on some sides): not data */
		s->acked0 = BPF_CORE_READ(tp, bytes_acked);
		s->received0 = BPF_CORE_READ(tp, bytes_received);
		s->flags |= TCP_ESTABLISHED_SEEN;
	}
	return s;
}

/* At the socket's TCP_CLOSE: forget it. */
static __always_inline void tcp_state_forget(const struct sock *sk)
{
	__u64 key = (__u64)sk;

	bpf_map_delete_elem(&tcp_socks, &key);
}

/*
 * accept() or accept4() returned the descriptor of a TCP socket: the
 * current task owns it from now on. A socket the hash does not hold (it
 * was established before the tool started, or the hash was full) is left
 * out: its times are not known either. The socket, for a caller that
 * reports the accept itself (tcptracer); NULL if fd is no TCP socket.
 */
static __always_inline struct sock *tcp_accepted(long fd)
{
	struct sock *sk;
	struct tcp_sock_state *s;
	__u64 key;

	if (fd < 0)
		return NULL;
	sk = fd_sock(fd);
	if (!sk || !sock_is_tcp(sk))
		return NULL;
	key = (__u64)sk;
	s = bpf_map_lookup_elem(&tcp_socks, &key);
	if (s)
		tcp_owner_current(s);
	return sk;
}

#endif
