// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcprtt: TCP round-trip times as log2 histograms built here, per local or
 * remote address if asked; nothing per packet crosses to user space.
 *
 * The figure is the kernel's own smoothed RTT (tcp_sock's srtt_us, kept
 * shifted left by 3: srtt_us >> 3 is microseconds), read each time an
 * established socket receives a segment, as bcc and libbpf-tools do at
 * tcp_rcv_established(). Ways, the first this kernel runs:
 * - tcp:tcp_probe (Linux 4.16), fired at the top of
 *   tcp_rcv_established(), as a raw tracepoint on its socket;
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

static __always_inline void rtt_sock(const struct sock *sk)
{
	struct net_tuple t;

	sock_tuple(sk, &t);
	rtt_count(&t, BPF_CORE_READ((const struct tcp_sock *)sk, srtt_us) >> 3);
}

/* Raw, not classic: it runs in softirq, where a classic one is skipped (net.bpf.h). */
SEC("raw_tp/tcp_probe")
int BPF_PROG(rtt_tp, const struct sock *sk)
{
	rtt_sock(sk);
	return TRACE_DONE;
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
