// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcpretrans: TCP retransmits, one record each (or, with -C, a count per
 * connection kept here, in a hash, and printed at the end).
 *
 * Retransmits come from tcp:tcp_retransmit_skb (Linux 4.15, every kernel
 * sonde supports): its record carries skaddr, and the tuple is read from
 * the socket by net.bpf.h's sock_tuple(), the family's one way of reading
 * it (IPv4-mapped connections come out as IPv4, as the other tools show
 * them). The state is the record's own: the socket's at the retransmit.
 *
 * Tail loss probes (-l) have no tracepoint: tcp_send_loss_probe(sk) is
 * taken by fentry or a kprobe where the kernel has them; where it has
 * neither, -l fails to attach and says so (common/attach.c).
 *
 * The retransmit timer and the receive softirq send most retransmits: the
 * current task is whoever ran there, so no task is recorded and the task
 * filters are not offered.
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "lost.bpf.h"
#include "net.bpf.h"
#include "regs.bpf.h"
#include "tcpretrans.h"

const volatile bool count_mode = false; /* -C */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, RETRANS_COUNT_KEYS);
	__type(key, struct net_tuple);
	__type(value, __u64);
} counts SEC(".maps");

static __always_inline void count(const struct net_tuple *t)
{
	__u64 one = 1, *n;

	n = bpf_map_lookup_elem(&counts, t);
	if (n) {
		__sync_fetch_and_add(n, 1);
		return;
	}
	/* another CPU may have made it meanwhile: then add to its */
	if (bpf_map_update_elem(&counts, t, &one, BPF_NOEXIST) == 0)
		return;
	n = bpf_map_lookup_elem(&counts, t);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		count_lost(); /* the hash is full */
}

static __always_inline void retrans_report(const struct sock *sk, __u32 state, __u32 type)
{
	struct retrans_event *e;
	struct net_tuple t;

	if (!sk)
		return;
	sock_tuple(sk, &t);
	if (!net_filter_pass(&t))
		return;
	if (count_mode) {
		if (type == RETRANS_RETRANSMIT)
			count(&t);
		return;
	}
	e = events_reserve(sizeof(*e));
	if (!e)
		return;
	e->ts = bpf_ktime_get_ns();
	e->tuple = t;
	e->state = state;
	e->type = type;
	events_submit(e);
}

/*
 * The record's head, read as a plain struct: its type is
 * trace_event_raw_tcp_event_sk_skb up to 6.1 and
 * trace_event_raw_tcp_retransmit_skb since, with these first fields at
 * the same offsets in both (the format file in tracefs shows them).
 */
struct retransmit_record {
	__u64 common;
	const void *skbaddr;
	const void *skaddr;
	int state;
};

SEC("tracepoint/tcp/tcp_retransmit_skb")
int retrans_tp(struct retransmit_record *ctx)
{
	retrans_report(ctx->skaddr, ctx->state, RETRANS_RETRANSMIT);
	return TRACE_DONE;
}

/* ---- tail loss probes (-l) ---- */

static __always_inline void loss_probe(const struct sock *sk)
{
	retrans_report(sk, BPF_CORE_READ(sk, __sk_common.skc_state), RETRANS_LOSS_PROBE);
}

SEC("fentry/tcp_send_loss_probe")
int BPF_PROG(tlp_fentry, struct sock *sk)
{
	loss_probe(sk);
	return TRACE_DONE;
}

SEC("kprobe/tcp_send_loss_probe")
int tlp_kprobe(struct pt_regs *ctx)
{
	loss_probe((const struct sock *)KPROBE_ARG1(ctx));
	return TRACE_DONE;
}
