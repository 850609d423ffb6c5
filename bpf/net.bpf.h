/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The network family's kernel side: a connection's tuple read from its
 * struct sock (common/net_tuple.h), the socket behind a descriptor, and the
 * -P/-L/-4/-6 filter user space puts in .rodata (`net_filter`).
 *
 * Every read is CO-RE, through struct sock_common, whose fields have had
 * these names since before Linux 4.x: skc_family, skc_rcv_saddr and
 * skc_daddr (IPv4, network order), skc_v6_rcv_saddr and skc_v6_daddr (only
 * with CONFIG_IPV6: checked, an IPv6 socket then shows ::), skc_num (the
 * local port, host order) and skc_dport (the remote port, network order).
 * The same code serves tracepoints, raw tracepoints, fentry and kprobes.
 *
 * As with the task filter (filter.bpf.h), the verifier sees .rodata's final
 * values at load time and drops every test not asked for.
 */
#ifndef SONDE_NET_BPF_H
#define SONDE_NET_BPF_H

#include "sonde.bpf.h"
#include <bpf/bpf_endian.h>
#include "fd.bpf.h"
#include "net_tuple.h"

const volatile struct net_filter net_filter = {};

/* ::ffff:a.b.c.d */
static __always_inline bool net_v4_mapped(const __u8 *a)
{
	const __u32 *w = (const __u32 *)a;

	return w[0] == 0 && w[1] == 0 && w[2] == bpf_htonl(0x0000ffff);
}

/* An IPv4-mapped address's four bytes moved to the front, the rest zeroed. */
static __always_inline void net_unmap(__u8 *a)
{
	__u32 *w = (__u32 *)a;

	w[0] = w[3];
	w[1] = w[2] = w[3] = 0;
}

/*
 * struct sock_common from its start through skc_v6_rcv_saddr: every field
 * sock_tuple() reads lies in its first 88 bytes (x86-64 and arm64 alike),
 * and one read of them costs about what one field's read does, where a
 * read per field made tcpaccept's program 7x an empty one.
 */
#define SOCK_HEAD_MAX 96

/* sock_common's `field` in a head read by sock_head_read(); offsets are CO-RE. */
#define SOCK_HEAD(head, field)                                                                   \
	(*(typeof(((struct sock_common *)0)->field) *)((__u8 *)(head) +                          \
						       bpf_core_field_offset(struct sock_common, \
									     field)))

/* The head up to the end of `last`; false if it is beyond SOCK_HEAD_MAX (never, as laid out). */
#define sock_head_read(head, sk, last)                                         \
	({                                                                     \
		__u32 end = bpf_core_field_offset(struct sock_common, last) +  \
			    bpf_core_field_size(struct sock_common, last);     \
		end <= SOCK_HEAD_MAX && !bpf_probe_read_kernel(head, end, sk); \
	})

/*
 * The tuple of sk as it is now: the local port is 0 until the socket is
 * bound (tcp_v4_connect() binds it after CLOSE->SYN_SENT), the addresses
 * are 0 until set. IPv4-mapped IPv6 connections come out as IPv4.
 * struct sock begins with its sock_common, so sk's address is the head's.
 */
static __always_inline void sock_tuple(const struct sock *sk, struct net_tuple *t)
{
	__u64 head[SOCK_HEAD_MAX / 8];
	bool v6 = bpf_core_field_exists(sk->__sk_common.skc_v6_daddr);

	__builtin_memset(t, 0, sizeof(*t));
	if (v6 ? !sock_head_read(head, sk, skc_v6_rcv_saddr)
	       : !sock_head_read(head, sk, skc_family))
		return;
	t->family = SOCK_HEAD(head, skc_family);
	t->sport = SOCK_HEAD(head, skc_num);
	if (!t->sport)
		t->sport = bpf_ntohs(BPF_CORE_READ((struct inet_sock *)sk, inet_sport));
	t->dport = bpf_ntohs(SOCK_HEAD(head, skc_dport));
	if (t->family == NET_AF_INET) {
		*(__u32 *)t->saddr = SOCK_HEAD(head, skc_rcv_saddr);
		*(__u32 *)t->daddr = SOCK_HEAD(head, skc_daddr);
		return;
	}
	if (t->family != NET_AF_INET6 || !v6)
		return;
	__builtin_memcpy(t->saddr, &SOCK_HEAD(head, skc_v6_rcv_saddr), sizeof(t->saddr));
	__builtin_memcpy(t->daddr, &SOCK_HEAD(head, skc_v6_daddr), sizeof(t->daddr));
	if (!net_v4_mapped(t->daddr))
		return;
	t->family = NET_AF_INET;
	net_unmap(t->daddr);
	/* a local end still unbound (::) stays 0.0.0.0 */
	if (net_v4_mapped(t->saddr))
		net_unmap(t->saddr);
	else
		__builtin_memset(t->saddr, 0, sizeof(t->saddr));
}

/* Whether sk is a TCP socket of the Internet families (not MPTCP's own, not SCTP, not UDP). */
static __always_inline bool sock_is_tcp(const struct sock *sk)
{
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);

	/* sk_protocol is a u16 of its own since Linux 5.6 (a bitfield before, below our floor) */
	return (family == NET_AF_INET || family == NET_AF_INET6) &&
	       BPF_CORE_READ(sk, sk_protocol) == IPPROTO_TCP;
}

/* sock_is_tcp() and sock_tuple() in one: the family comes with the tuple's read. */
static __always_inline bool sock_tcp_tuple(const struct sock *sk, struct net_tuple *t)
{
	sock_tuple(sk, t);
	return (t->family == NET_AF_INET || t->family == NET_AF_INET6) &&
	       BPF_CORE_READ(sk, sk_protocol) == IPPROTO_TCP;
}

/*
 * TCP's states as sock:inet_sock_set_state passes them (include/net/
 * tcp_states.h, a stable ABI: the tracepoint's print format names them;
 * vmlinux.h's enum has the plain names).
 */
#define TCPS_ESTABLISHED 1
#define TCPS_SYN_SENT	 2
#define TCPS_SYN_RECV	 3
#define TCPS_FIN_WAIT1	 4
#define TCPS_CLOSE	 7
#define TCPS_LAST_ACK	 9
#define TCPS_LISTEN	 10

/*
 * A program on sock:inet_sock_set_state is a raw tracepoint on the
 * kernel's own arguments (the socket, its old and new state), read with
 * sock_tuple() and sock_changed_is_tcp(), not a classic tracepoint on its
 * record: most changes run in softirq, and the kernel skips a classic
 * tracepoint's program (a miss, which the tool reports as lost) whenever
 * that softirq interrupted any other kprobe or classic tracepoint program
 * on the CPU, another tool's as well. A raw tracepoint's is skipped only
 * when it interrupted itself. Measured here: 20,000 loopback connections
 * with another program taking 2 us at every close(): a classic program on
 * this hook missed 896 and 60 changes in two runs, a raw one on it none.
 */

/*
 * Whether the socket of an inet_sock_set_state is TCP's: only Internet
 * sockets pass it (TCP, SCTP, MPTCP's own), so its protocol, one read,
 * says, where sock_is_tcp() reads the family as well.
 */
static __always_inline bool sock_changed_is_tcp(const struct sock *sk)
{
	return BPF_CORE_READ(sk, sk_protocol) == IPPROTO_TCP;
}

/*
 * skb:kfree_skb, raw (a drop runs in softirq mostly, as above): its
 * arguments are (skb, location), then the drop reason since Linux 5.17 and
 * the receiving socket since 6.10. The record's fields of the same names
 * came in the same commits, so their existence in the kernel's BTF says
 * whether the program's context holds the argument: it is read only then,
 * since a program reading past a raw tracepoint's arguments cannot attach.
 */
struct trace_event_raw_kfree_skb___later {
	enum skb_drop_reason reason;
	void *rx_sk;
} __attribute__((preserve_access_index));

/* The drop's reason (enum skb_drop_reason), or `none` before Linux 5.17. */
static __always_inline __u32 kfree_skb_reason(const unsigned long long *ctx, __u32 none)
{
	if (!bpf_core_field_exists(((struct trace_event_raw_kfree_skb___later *)0)->reason))
		return none;
	return ctx[2];
}

/* The socket that received the dropped packet (Linux 6.10+), or NULL. */
static __always_inline const struct sock *kfree_skb_rx_sk(const unsigned long long *ctx)
{
	if (!bpf_core_field_exists(((struct trace_event_raw_kfree_skb___later *)0)->rx_sk))
		return NULL;
	return (const struct sock *)ctx[3];
}

/* The current task's socket `fd`'s struct sock; NULL if it is none. Only a socket's fd! */
static __always_inline struct sock *fd_sock(long fd)
{
	struct file *file = fd_file(fd);
	struct socket *sock;

	if (!file)
		return NULL;
	sock = BPF_CORE_READ(file, private_data);
	return sock ? BPF_CORE_READ(sock, sk) : NULL;
}

static __always_inline bool net_port_in(__u16 port, const volatile __u16 *list, __u32 n)
{
	int i;

	for (i = 0; i < NET_PORTS_MAX; i++) {
		if (i >= n)
			break;
		if (list[i] == port)
			return true;
	}
	return false;
}

/* Whether the tuple passes -P, -L, -4 and -6. */
static __always_inline bool net_filter_pass(const struct net_tuple *t)
{
	__u32 flags = net_filter.flags;

	if ((flags & NET_ONLY_IPV4) && t->family != NET_AF_INET)
		return false;
	if ((flags & NET_ONLY_IPV6) && t->family != NET_AF_INET6)
		return false;
	if ((flags & NET_BY_RPORT) && !net_port_in(t->dport, net_filter.rports, net_filter.nrports))
		return false;
	if ((flags & NET_BY_LPORT) && !net_port_in(t->sport, net_filter.lports, net_filter.nlports))
		return false;
	return true;
}

#endif
