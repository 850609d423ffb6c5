// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcpretrans: TCP retransmits, one record each (or, with -C, a count per
 * connection kept here, in a hash, and printed at the end).
 *
 * Retransmits come from tcp:tcp_retransmit_skb (Linux 4.15, every kernel
 * sonde supports), a raw tracepoint whose first argument is the socket:
 * the tuple is read from it by net.bpf.h's sock_tuple(), the family's one
 * way of reading it (IPv4-mapped connections come out as IPv4, as the
 * other tools show them), and the state is the socket's at the retransmit,
 * as the classic tracepoint's record has it.
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

/* A retransmit or a loss probe of sk, with the state the socket is in as it is sent. */
static __always_inline void sock_report(const struct sock *sk, __u32 type)
{
	retrans_report(sk, BPF_CORE_READ(sk, __sk_common.skc_state), type);
}

/* Raw, not classic: it runs in softirq and timers, where a classic one is skipped (net.bpf.h). */
SEC("raw_tp/tcp_retransmit_skb")
int BPF_PROG(retrans_tp, const struct sock *sk)
{
	sock_report(sk, RETRANS_RETRANSMIT);
	return TRACE_DONE;
}

/* ---- tail loss probes (-l) ---- */

SEC("fentry/tcp_send_loss_probe")
int BPF_PROG(tlp_fentry, struct sock *sk)
{
	sock_report(sk, RETRANS_LOSS_PROBE);
	return TRACE_DONE;
}

SEC("kprobe/tcp_send_loss_probe")
int tlp_kprobe(struct pt_regs *ctx)
{
	sock_report((const struct sock *)KPROBE_ARG1(ctx), RETRANS_LOSS_PROBE);
	return TRACE_DONE;
}
