// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcpconnlat: TCP connect latency, from the SYN sent to the connection
 * established, one record each (or, with -H, a log2 histogram kept here).
 *
 * One way, on every kernel sonde supports: sock:inet_sock_set_state
 * (Linux 4.16), as a raw tracepoint (net.bpf.h says why).
 * - CLOSE->SYN_SENT fires in the connecting task, inside connect()
 *   (tcp_v4_connect()/tcp_v6_connect()): the task filter is applied there,
 *   and the socket's start kept in a hash by its address, with the task
 *   as it was then (pid, comm, uid).
 * - SYN_SENT->ESTABLISHED fires where the SYN-ACK is processed: softirq
 *   mostly, on whatever task the CPU was running. The latency is reported
 *   with the task kept at the SYN (the socket's owner), never the current
 *   one. The source port is bound by then, so the tuple is read here and
 *   the -P/-L/-4/-6 filter tested on it.
 * - SYN_SENT->CLOSE (refused, timed out, closed while connecting) forgets
 *   the socket: no record.
 * bcc and libbpf-tools hook tcp_v4_connect() and tcp_rcv_state_process()
 * with kprobes or fentry, which this tracepoint serves on every kernel.
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "filter.bpf.h"
#include "hist.bpf.h"
#include "lost.bpf.h"
#include "net.bpf.h"
#include "summary.bpf.h"
#include "task.bpf.h"
#include "tcpconnlat.h"

const volatile bool hist_mode = false;	  /* -H */
const volatile bool milliseconds = false; /* -m: -H's histogram in msecs */
const volatile __u64 min_ns = 0;	  /* --min, MIN_MS */

struct syn_start {
	__u64 ts; /* the SYN's bpf_ktime_get_ns() */
	struct task_head task;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, CONNLAT_PENDING);
	__type(key, __u64); /* the struct sock's address */
	__type(value, struct syn_start);
} pending SEC(".maps");

SUMMARY_MAP(hists, BPF_MAP_TYPE_HASH, 0, 1, __u32, struct hist);

/* In the connecting task: remember the socket's start and its owner. */
static __always_inline void syn_sent(__u64 sk)
{
	struct syn_start s;
	long err;

	if (!filter_task())
		return;
	s.ts = bpf_ktime_get_ns();
	task_head_fill_at(&s.task, 0);
	err = bpf_map_update_elem(&pending, &sk, &s, BPF_ANY);
	if (err)
		count_lost(); /* the hash is full: this connect goes unmeasured */
}

/* Anywhere (softirq mostly): the connect done; its latency to the owner kept at the SYN. */
static __always_inline void established(__u64 sk)
{
	struct syn_start *s = bpf_map_lookup_elem(&pending, &sk);
	struct connlat_event *e;
	struct net_tuple t;
	__u64 now, delta;
	__u32 zero = 0;

	if (!s)
		return;
	now = bpf_ktime_get_ns();
	delta = now - s->ts;
	if ((__s64)delta < 0 || delta < min_ns)
		goto done;
	sock_tuple((const struct sock *)sk, &t);
	if (!net_filter_pass(&t))
		goto done;
	if (hist_mode) {
		hist_add(hists, &zero, hist_log2_slot(delta / (milliseconds ? 1000000 : 1000)));
		goto done;
	}
	e = events_reserve(sizeof(*e));
	if (!e)
		goto done;
	e->task = s->task;
	e->task.ts = task_head_parts & TASK_HEAD_TIME ? now : 0;
	e->tuple = t;
	e->latency_ns = delta;
	events_submit(e);
done:
	bpf_map_delete_elem(&pending, &sk);
}

SEC("raw_tp/inet_sock_set_state")
int BPF_PROG(connlat_state, const struct sock *sk, int oldstate, int newstate)
{
	__u64 key = (__u64)sk;

	if (oldstate != TCPS_CLOSE && oldstate != TCPS_SYN_SENT)
		return TRACE_DONE;
	if (!sock_changed_is_tcp(sk))
		return TRACE_DONE;
	if (oldstate == TCPS_CLOSE && newstate == TCPS_SYN_SENT)
		syn_sent(key);
	else if (oldstate == TCPS_SYN_SENT && newstate == TCPS_ESTABLISHED)
		established(key);
	else if (oldstate == TCPS_SYN_SENT)
		bpf_map_delete_elem(&pending, &key); /* refused or given up: no latency */
	return TRACE_DONE;
}
