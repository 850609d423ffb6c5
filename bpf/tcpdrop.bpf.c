// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcpdrop: TCP packets the kernel drops, with the reason and the kernel
 * stack of the drop.
 *
 * skb:kfree_skb fires for every skb freed as a drop, of any protocol (on
 * Linux 5.x and 6.x a packet consumed normally goes through consume_skb and
 * its own tracepoint). Kept here: IPv4 and IPv6 packets (the record's
 * protocol, host order) whose IP header says TCP; the headers are read
 * from skb->head at skb->network_header and skb->transport_header. The
 * record's reason (enum skb_drop_reason) exists since 5.17: before, the
 * reason is sent as unknown. The record's rx_sk (6.10+) or else skb->sk
 * gives the socket's state where there is one.
 */
#include "sonde.bpf.h"
#include <bpf/bpf_endian.h>
#include "events.bpf.h"
#include "net.bpf.h"
#include "stack.bpf.h"
#include "tcpdrop.h"

#define ETH_P_IP_HOST	0x0800
#define ETH_P_IPV6_HOST 0x86DD

/* The packet's socket: the receiving one the kernel names (6.10+), else the skb's own. */
static __always_inline const struct sock *drop_sock(const unsigned long long *ctx,
						    const struct sk_buff *skb)
{
	const struct sock *sk = kfree_skb_rx_sk(ctx);

	return sk ? sk : BPF_CORE_READ(skb, sk);
}

SEC("raw_tp/kfree_skb")
int drop_tp(unsigned long long *ctx)
{
	const struct sk_buff *skb = (const struct sk_buff *)ctx[0];
	__u16 proto = bpf_ntohs(BPF_CORE_READ(skb, protocol));
	const struct sock *sk;
	struct drop_event *e;
	struct net_tuple t = {};
	unsigned char *head;
	__u16 nh, th;
	__u8 ipproto = 0, flags = 0;
	__u16 ports[2];

	if (proto != ETH_P_IP_HOST && proto != ETH_P_IPV6_HOST)
		return TRACE_DONE;
	head = BPF_CORE_READ(skb, head);
	nh = BPF_CORE_READ(skb, network_header);
	th = BPF_CORE_READ(skb, transport_header);
	if (proto == ETH_P_IP_HOST) {
		bpf_probe_read_kernel(&ipproto, 1, head + nh + 9);
		t.family = NET_AF_INET;
		bpf_probe_read_kernel(t.saddr, 4, head + nh + 12);
		bpf_probe_read_kernel(t.daddr, 4, head + nh + 16);
	} else {
		/* the fixed header's next header: TCP right after it (no extension headers) */
		bpf_probe_read_kernel(&ipproto, 1, head + nh + 6);
		t.family = NET_AF_INET6;
		bpf_probe_read_kernel(t.saddr, 16, head + nh + 8);
		bpf_probe_read_kernel(t.daddr, 16, head + nh + 24);
	}
	if (ipproto != IPPROTO_TCP)
		return TRACE_DONE;
	/* a transport header not set yet is 0xffff: then right after a plain IPv4 or IPv6 header */
	if (th == 0xffff || th <= nh)
		th = nh + (proto == ETH_P_IP_HOST ? 20 : 40);
	if (bpf_probe_read_kernel(ports, sizeof(ports), head + th))
		return TRACE_DONE;
	bpf_probe_read_kernel(&flags, 1, head + th + 13);
	t.sport = bpf_ntohs(ports[0]);
	t.dport = bpf_ntohs(ports[1]);
	if (!net_filter_pass(&t))
		return TRACE_DONE;
	e = events_reserve(sizeof(*e));
	if (!e)
		return TRACE_DONE;
	e->ts = bpf_ktime_get_ns();
	e->tuple = t;
	e->flags = flags;
	e->reason = kfree_skb_reason(ctx, DROP_REASON_UNKNOWN);
	sk = drop_sock(ctx, skb);
	e->state = sk ? BPF_CORE_READ(sk, __sk_common.skc_state) : DROP_STATE_UNKNOWN;
	e->pad = 0;
	stack_capture(ctx, &e->stacks);
	events_submit(e);
	return TRACE_DONE;
}
