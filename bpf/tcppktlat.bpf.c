// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcppktlat: how long received TCP data waits in the socket before the
 * application reads it, one record per read that takes waiting data.
 *
 * Three raw tracepoints (Linux 4.16 and later, their prototypes unchanged
 * since; the reads through the socket are CO-RE):
 *
 * - tcp:tcp_probe (sk, skb), at the start of tcp_rcv_established(): a
 *   segment arrives on an established socket, in softirq context (or in
 *   the reader's, from the socket's backlog). A segment that carries data
 *   stamps the socket, unless it is stamped already: the stamp is the
 *   arrival of the oldest data not yet read.
 * - tcp:tcp_rcv_space_adjust (sk), in tcp_recvmsg() after data was copied
 *   to the application, in the reader's own context: the stamp is taken
 *   and the wait reported with the reader's pid and tid (the task filter
 *   applies here, to the reader).
 * - tcp:tcp_destroy_sock (sk): a stamp never read is dropped.
 *
 * Stamps live in a bounded hash keyed by the socket; a stamp that finds it
 * full is a lost event. A read that takes part of the waiting data takes
 * the stamp: the rest is timed from the next segment's arrival.
 */
#include "sonde.bpf.h"
#include "core_fixes.bpf.h"
#include "events.bpf.h"
#include "filter.bpf.h"
#include "lost.bpf.h"
#include "net.bpf.h"
#include "task.bpf.h"
#include "tcppktlat.h"

#define EEXIST_ERRNO 17 /* EEXIST, asm-generic/errno-base.h */

const volatile __u64 min_ns = 0; /* --min */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, TCPPKTLAT_SOCKETS);
	__type(key, __u64);   /* the struct sock */
	__type(value, __u64); /* bpf_ktime_get_ns() at the oldest unread data's arrival */
} arrivals SEC(".maps");

SEC("raw_tp/tcp_probe")
int BPF_PROG(pktlat_arrive, struct sock *sk, struct sk_buff *skb)
{
	__u64 key = (__u64)sk, now;
	unsigned char off;
	void *th;
	int err;

	/* under load most segments find the stamp of data still unread: nothing to read then */
	if (bpf_map_lookup_elem(&arrivals, &key))
		return TRACE_DONE;
	/* skb->data is the TCP header here; its data offset, in words, is byte 12's high nibble */
	th = BPF_CORE_READ(skb, data);
	if (bpf_probe_read_kernel(&off, sizeof(off), th + 12))
		return TRACE_DONE;
	if (BPF_CORE_READ(skb, len) <= (off >> 4) * 4u)
		return TRACE_DONE; /* no data: an ACK */
	if (net_filter.flags) {
		struct net_tuple t;

		sock_tuple(sk, &t);
		if (!net_filter_pass(&t))
			return TRACE_DONE;
	}
	now = bpf_ktime_get_ns();
	err = map_result(bpf_map_update_elem(&arrivals, &key, &now, BPF_NOEXIST));
	if (err && err != -EEXIST_ERRNO)
		count_lost(); /* the hash is full */
	return TRACE_DONE;
}

SEC("raw_tp/tcp_rcv_space_adjust")
int BPF_PROG(pktlat_read, struct sock *sk)
{
	__u64 key = (__u64)sk, now, *arrived, waited;
	struct tcppktlat_event *e;

	if (!filter_task())
		return TRACE_DONE;
	arrived = bpf_map_lookup_elem(&arrivals, &key);
	if (!arrived)
		return TRACE_DONE;
	now = bpf_ktime_get_ns();
	waited = now > *arrived ? now - *arrived : 0;
	bpf_map_delete_elem(&arrivals, &key);
	if (waited < min_ns)
		return TRACE_DONE;
	e = events_reserve(sizeof(*e));
	if (!e)
		return TRACE_DONE;
	task_head_fill_at(&e->task, now);
	sock_tuple(sk, &e->tuple);
	e->latency_ns = waited;
	events_submit(e);
	return TRACE_DONE;
}

SEC("raw_tp/tcp_destroy_sock")
int BPF_PROG(pktlat_destroy, struct sock *sk)
{
	__u64 key = (__u64)sk;

	bpf_map_delete_elem(&arrivals, &key);
	return TRACE_DONE;
}
