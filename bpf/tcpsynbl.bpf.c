// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcpsynbl: the TCP accept queue's length, as a log2 histogram per
 * listening port and backlog limit, each time the final ACK of a handshake makes a child
 * socket for it; and the connections dropped because it was full.
 *
 * The figures are the listener's sk_ack_backlog (children made and not yet
 * accept()ed) and sk_max_ack_backlog (listen()'s backlog, capped at
 * net.core.somaxconn), read where bcc reads them: as tcp_v4_syn_recv_sock()
 * or tcp_v6_syn_recv_sock() begins. Those functions refuse the child when
 * the queue is full (sk_acceptq_is_full(): more than the limit queued) and
 * the packet is dropped: counted as a drop, not sampled. Ways, the first
 * this kernel runs:
 *
 * - kprobes on both functions. An IPv4 packet on a dual-stack listener
 *   goes through tcp_v6_syn_recv_sock() into tcp_v4_syn_recv_sock(): the
 *   v6 program leaves it (skb->protocol is IP) to the v4 one, so each
 *   child counts once. No fentry way: Debian's 6.1 loads an fentry
 *   program for tcp_v4_syn_recv_sock() and then refuses to attach it
 *   (ENOTSUPP, seen in scripts/vm), where its kprobe works.
 * - the tracepoint sock:inet_sock_set_state, for kernels without kprobes or
 *   fentry (as this 6.18 build is): the child's first change, LISTEN ->
 *   SYN_RECV, fires inside inet_csk_clone_lock(), called from those
 *   functions once the queue was found not full. The child is a copy of
 *   its listener (sk_clone_lock() copies the struct sock whole, and clears
 *   neither backlog field), so its sk_ack_backlog and sk_max_ack_backlog
 *   are the listener's as the function read them: the same sample. A
 *   refused child makes no change, so drops come from skb:kfree_skb where
 *   its record carries the listener (rx_sk, Linux 6.10+) and the kernel
 *   gives the reason SKB_DROP_REASON_TCP_LISTEN_OVERFLOW; else they are
 *   not counted (user space says so).
 */
#include "sonde.bpf.h"
#include <bpf/bpf_endian.h>
#include "hist.bpf.h"
#include "net.bpf.h"
#include "regs.bpf.h"
#include "summary.bpf.h"
#include "tcpsynbl.h"

#define ETH_P_IP_HOST 0x0800

SUMMARY_MAP(hists, BPF_MAP_TYPE_HASH, 0, SYNBL_KEYS, struct synbl_key, struct synbl_value);

/*
 * The histogram of a listener, or of a fresh child (a copy of it, its
 * local port the listener's): by port and limit.
 */
static __always_inline struct synbl_value *synbl_entry(const struct sock *sk)
{
	static const struct synbl_value empty;
	struct synbl_key key = {
		.max = BPF_CORE_READ(sk, sk_max_ack_backlog),
		.port = BPF_CORE_READ(sk, __sk_common.skc_num),
	};

	return summary_entry(hists, &key, &empty);
}

static __always_inline void synbl_sample(const struct sock *sk)
{
	struct synbl_value *v = synbl_entry(sk);

	if (v)
		hist_count(&v->hist, hist_log2_slot(BPF_CORE_READ(sk, sk_ack_backlog)));
}

static __always_inline void synbl_drop(const struct sock *sk)
{
	struct synbl_value *v = synbl_entry(sk);

	if (v)
		__sync_fetch_and_add(&v->drops, 1);
}

/* The listener sk at the top of tcp_v{4,6}_syn_recv_sock(): a child to be made, or a drop. */
static __always_inline void synbl_listener(const struct sock *sk)
{
	/* sk_acceptq_is_full() */
	if (BPF_CORE_READ(sk, sk_ack_backlog) > BPF_CORE_READ(sk, sk_max_ack_backlog))
		synbl_drop(sk);
	else
		synbl_sample(sk);
}

/* Whether tcp_v6_syn_recv_sock() got an IPv4 packet: tcp_v4_syn_recv_sock() takes it. */
static __always_inline bool synbl_v4_in_v6(const struct sk_buff *skb)
{
	return BPF_CORE_READ(skb, protocol) == bpf_htons(ETH_P_IP_HOST);
}

/* ---- kprobes ---- */

SEC("kprobe/tcp_v4_syn_recv_sock")
int synbl_kprobe4(struct pt_regs *ctx)
{
	synbl_listener((const struct sock *)KPROBE_ARG1(ctx));
	return TRACE_DONE;
}

SEC("kprobe/tcp_v6_syn_recv_sock")
int synbl_kprobe6(struct pt_regs *ctx)
{
	if (!synbl_v4_in_v6((const struct sk_buff *)KPROBE_ARG2(ctx)))
		synbl_listener((const struct sock *)KPROBE_ARG1(ctx));
	return TRACE_DONE;
}

/* ---- tracepoints ---- */

SEC("raw_tp/inet_sock_set_state")
int BPF_PROG(synbl_child, const struct sock *sk, int oldstate, int newstate)
{
	if (oldstate != TCPS_LISTEN || newstate != TCPS_SYN_RECV || !sock_changed_is_tcp(sk))
		return TRACE_DONE;
	synbl_sample(sk);
	return TRACE_DONE;
}

/*
 * Its drop reason, named here with a flavour of its own: vmlinux.h from an
 * older kernel (arm64's is 6.12's) has the enum without it. The value is
 * relocated by name, and its existence checked, as before.
 */
enum skb_drop_reason___listen {
	SKB_DROP_REASON_TCP_LISTEN_OVERFLOW___listen = 0,
};

SEC("raw_tp/kfree_skb")
int synbl_overflow(unsigned long long *ctx)
{
	const struct sock *sk = kfree_skb_rx_sk(ctx);

	if (!sk || !bpf_core_enum_value_exists(enum skb_drop_reason___listen,
					       SKB_DROP_REASON_TCP_LISTEN_OVERFLOW___listen))
		return TRACE_DONE;
	if (kfree_skb_reason(ctx, 0) ==
	    bpf_core_enum_value(enum skb_drop_reason___listen,
				SKB_DROP_REASON_TCP_LISTEN_OVERFLOW___listen))
		synbl_drop(sk);
	return TRACE_DONE;
}
