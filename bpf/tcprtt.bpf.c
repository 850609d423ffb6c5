// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcprtt: TCP round-trip times as log2 histograms built here, per local or
 * remote address if asked; nothing per packet crosses to user space.
 *
 * The figure is the kernel's own smoothed RTT (tcp_sock's srtt_us, kept
 * shifted left by 3: srtt_us >> 3 is microseconds), read each time an
 * established socket receives a segment, as bcc and libbpf-tools do at
 * tcp_rcv_established(). Ways, the first this kernel runs:
 * - tracepoint tcp:tcp_probe (Linux 4.16), fired at the top of
 *   tcp_rcv_established(): its record carries the ports (host order), the
 *   addresses as a struct sockaddr_in or sockaddr_in6 (whose family comes
 *   first: the record's own `family` field is not in every kernel's) and srtt, already
 *   shifted down to microseconds. Read through CO-RE, as its fields moved.
 * - fentry, then kprobe, on tcp_rcv_established(), reading the socket.
 */
#include "sonde.bpf.h"
#include "hist.bpf.h"
#include "net.bpf.h"
#include "regs.bpf.h"
#include "summary.bpf.h"
#include "tcprtt.h"

const volatile bool by_laddr = false;	  /* -b */
const volatile bool by_raddr = false;	  /* -B */
const volatile bool extended = false;	  /* -e: sums for the average */
const volatile bool milliseconds = false; /* -m */
const volatile __u16 laddr_family = 0;	  /* -a: 0 for any local address */
const volatile __u8 laddr[16] = {};
const volatile __u16 raddr_family = 0; /* -A */
const volatile __u8 raddr[16] = {};

SUMMARY_MAP(hists, BPF_MAP_TYPE_HASH, 0, RTT_KEYS, struct rtt_key, struct rtt_value);

static __always_inline bool addr_is(const __u8 *a, const volatile __u8 *want, __u16 family)
{
	int i, n = family == NET_AF_INET ? 4 : 16;

	for (i = 0; i < 16; i++) {
		if (i >= n)
			break;
		if (a[i] != want[i])
			return false;
	}
	return true;
}

/* One RTT sample of the connection t, in microseconds. */
static __always_inline void rtt_count(const struct net_tuple *t, __u64 srtt_us)
{
	static const struct rtt_value empty;
	struct rtt_key key = {};
	struct rtt_value *v;
	__u64 value;

	if (!net_filter_pass(t))
		return;
	if (laddr_family && (t->family != laddr_family || !addr_is(t->saddr, laddr, laddr_family)))
		return;
	if (raddr_family && (t->family != raddr_family || !addr_is(t->daddr, raddr, raddr_family)))
		return;
	if (by_laddr || by_raddr) {
		key.family = t->family;
		__builtin_memcpy(key.addr, by_laddr ? t->saddr : t->daddr, sizeof(key.addr));
	}
	v = summary_entry(hists, &key, &empty);
	if (!v)
		return;
	value = milliseconds ? srtt_us / 1000 : srtt_us;
	hist_count(&v->hist, hist_log2_slot(value));
	if (extended) {
		__sync_fetch_and_add(&v->sum_us, srtt_us);
		__sync_fetch_and_add(&v->count, 1);
	}
}

/* A struct sockaddr_in or sockaddr_in6, as TP_STORE_ADDR_PORTS leaves it in the record. */
static __always_inline void sockaddr_addr(const __u8 *sa, __u16 family, __u8 *addr)
{
	if (family == NET_AF_INET)
		__builtin_memcpy(addr, sa + 4, 4); /* sin_addr */
	else
		__builtin_memcpy(addr, sa + 8, 16); /* sin6_addr, after sin6_flowinfo */
}

/* Whether anything asked for needs the addresses (or the family): else they are not read. */
static __always_inline bool addrs_needed(void)
{
	return by_laddr || by_raddr || laddr_family || raddr_family ||
	       (net_filter.flags & (NET_ONLY_IPV4 | NET_ONLY_IPV6));
}

SEC("tracepoint/tcp/tcp_probe")
int rtt_tp(struct trace_event_raw_tcp_probe *ctx)
{
	__u8 sa[28], da[28];
	struct net_tuple t = {};
	__u16 family;

	/* plain loads of the record at offsets CO-RE relocates: no probe read */
	t.sport = ctx->sport;
	t.dport = ctx->dport;
	if (addrs_needed()) {
		bpf_core_read(sa, sizeof(sa), &ctx->saddr);
		bpf_core_read(da, sizeof(da), &ctx->daddr);
		family = *(__u16 *)sa;
		if (family != NET_AF_INET && family != NET_AF_INET6)
			return TRACE_DONE;
		t.family = family;
		sockaddr_addr(sa, family, t.saddr);
		sockaddr_addr(da, family, t.daddr);
		if (family == NET_AF_INET6 && net_v4_mapped(t.daddr)) {
			t.family = NET_AF_INET;
			net_unmap(t.daddr);
			net_unmap(t.saddr);
		}
	}
	rtt_count(&t, ctx->srtt);
	return TRACE_DONE;
}

static __always_inline void rtt_sock(const struct sock *sk)
{
	struct net_tuple t;

	sock_tuple(sk, &t);
	rtt_count(&t, BPF_CORE_READ((const struct tcp_sock *)sk, srtt_us) >> 3);
}

SEC("fentry/tcp_rcv_established")
int BPF_PROG(rtt_fentry, struct sock *sk)
{
	rtt_sock(sk);
	return TRACE_DONE;
}

SEC("kprobe/tcp_rcv_established")
int rtt_kprobe(struct pt_regs *ctx)
{
	rtt_sock((const struct sock *)KPROBE_ARG1(ctx));
	return TRACE_DONE;
}
