// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcpconnect: active TCP connections, one record each (or, with -C, a
 * count per destination kept here, in a hash, and printed at the end).
 *
 * Three ways in, chosen by common/attach.c, the first this kernel runs:
 *
 * - Tracepoints (every kernel sonde supports): sock:inet_sock_set_state
 *   (Linux 4.16) fires CLOSE->SYN_SENT in the connecting task, inside
 *   tcp_v4_connect()/tcp_v6_connect(), but before the source port is
 *   bound. So the socket is kept with the task (inflight.bpf.h: task
 *   storage, a hash by thread before 5.11) and reported at the connect()
 *   syscall's exit, when the port is known, with connect()'s result
 *   (-EINPROGRESS for a non-blocking one, -ECONNREFUSED for a blocking one
 *   refused: each sent its SYN). The SYN is taken only inside a connect()
 *   the entry program saw, so a connect made another way (sendto() with
 *   MSG_FASTOPEN, io_uring's IORING_OP_CONNECT, a kernel socket) is not
 *   shown, rather than shown at the wrong time.
 * - fexit on tcp_v4_connect() and tcp_v6_connect() (fentry: x86-64 since
 *   5.5, BTF): the socket, bound, and the function's result in one
 *   program; sees every connect that sends a SYN, whoever calls.
 * - kprobe and kretprobe on the same functions: the socket kept from entry
 *   to return, as bcc and libbpf-tools do.
 *
 * The kernel functions have had these names and first argument since
 * Linux 2.6. For an IPv4-mapped destination tcp_v6_connect() calls
 * tcp_v4_connect(): the v6 program leaves that one to the v4 one.
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "filter.bpf.h"
#include "inflight.bpf.h"
#include "net.bpf.h"
#include "regs.bpf.h"
#include "syscalls.bpf.h"
#include "task.bpf.h"
#include "tcpconnect.h"

const volatile bool count_mode = false;	  /* -C */
const volatile bool count_source = false; /* -s: -C counts per source port too */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, CONNECT_COUNT_KEYS);
	__type(key, struct net_tuple);
	__type(value, __u64);
} counts SEC(".maps");

static __always_inline void count(struct net_tuple *t)
{
	__u64 one = 1, *n;

	if (!count_source)
		t->sport = 0;
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

/* A connect of the current task (filtered already) that sent its SYN. */
static __always_inline void connect_report(struct net_tuple *t, long ret, bool ret_known)
{
	struct connect_event *e;

	if (!net_filter_pass(t))
		return;
	if (count_mode) {
		count(t);
		return;
	}
	e = events_reserve(sizeof(*e));
	if (!e)
		return;
	task_head_fill(&e->task);
	e->tuple = *t;
	e->ret = ret;
	e->ret_known = ret_known;
	events_submit(e);
}

/* A connect of the current task (filtered already) that sent its SYN, from its socket. */
static __always_inline void connect_report_sock(const struct sock *sk)
{
	struct net_tuple t;

	sock_tuple(sk, &t);
	connect_report(&t, 0, false);
}

/* ---- tracepoints ---- */

SEC("tracepoint/syscalls/sys_enter_connect")
int conn_enter(struct syscall_enter_record *ctx)
{
	struct inflight *in;

	if (!filter_task())
		return TRACE_DONE;
	in = inflight_begin();
	if (in)
		in->args[0] = 0; /* no SYN yet */
	return TRACE_DONE;
}

/*
 * A connect() refused in its own call (loopback, or a blocking one) has its
 * socket torn down by the exit: tcp_disconnect() clears the destination
 * port and the source address (the destination address and inet_sport
 * stay). The tracepoint's record holds both as they were when the SYN
 * went: kept in the call's inflight for the exit.
 */
struct syn_sent {
	__u8 saddr_v6[16]; /* args[1..2] */
	__u32 saddr;	   /* args[3] */
	__u32 pad;
};

/*
 * The classic tracepoint, not the raw one the other TCP tools take
 * (net.bpf.h): CLOSE->SYN_SENT runs in connect(), never in an interrupt,
 * and its record has the source addresses ready.
 */
SEC("tracepoint/sock/inet_sock_set_state")
int conn_syn_sent(struct trace_event_raw_inet_sock_set_state *ctx)
{
	struct syn_sent *keep;
	struct inflight *in;

	if (ctx->oldstate != TCPS_CLOSE || ctx->newstate != TCPS_SYN_SENT)
		return TRACE_DONE;
	/* SCTP shares the tracepoint since it has the field (Linux 4.20); TCP alone before */
	if (bpf_core_field_exists(ctx->protocol) && ctx->protocol != IPPROTO_TCP)
		return TRACE_DONE;
	in = inflight_current(); /* in a connect() of a traced task, or none */
	if (!in)
		return TRACE_DONE;
	in->args[0] = (__u64)ctx->skaddr;
	in->extra = ctx->dport; /* host order in the record */
	keep = (struct syn_sent *)&in->args[1];
	/* one read: the two fields are not loads at a constant offset of the record */
	bpf_core_read(keep->saddr_v6, sizeof(keep->saddr_v6), &ctx->saddr_v6);
	bpf_core_read(&keep->saddr, sizeof(keep->saddr), &ctx->saddr);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_connect")
int conn_exit(struct syscall_exit_record *ctx)
{
	const struct syn_sent *keep;
	struct inflight *in;
	struct net_tuple t;

	/* a filtered-out task never began one: skip the storage lookup (no-op unfiltered) */
	if (!filter_task())
		return TRACE_DONE;
	in = inflight_end();
	if (!in || !in->args[0])
		return TRACE_DONE;
	sock_tuple((const struct sock *)in->args[0], &t);
	if (!t.dport) { /* torn down: as it was at the SYN */
		keep = (const struct syn_sent *)&in->args[1];
		t.dport = in->extra;
		if (t.family == NET_AF_INET)
			__builtin_memcpy(t.saddr, &keep->saddr, sizeof(keep->saddr));
		else
			__builtin_memcpy(t.saddr, keep->saddr_v6, sizeof(t.saddr));
	}
	connect_report(&t, ctx->ret, true);
	return TRACE_DONE;
}

/* ---- fexit ---- */

SEC("fexit/tcp_v4_connect")
int BPF_PROG(conn_fexit4, struct sock *sk, struct sockaddr *uaddr, int addr_len, int ret)
{
	if (ret == 0 && filter_task())
		connect_report_sock(sk);
	return TRACE_DONE;
}

/* An IPv4-mapped destination went through tcp_v4_connect(), which reported it. */
SEC("fexit/tcp_v6_connect")
int BPF_PROG(conn_fexit6, struct sock *sk, struct sockaddr *uaddr, int addr_len, int ret)
{
	struct net_tuple t;

	if (ret || !filter_task())
		return TRACE_DONE;
	sock_tuple(sk, &t);
	if (t.family == NET_AF_INET6)
		connect_report(&t, 0, false);
	return TRACE_DONE;
}

/* ---- kprobes ---- */

static __always_inline void conn_kprobe(const void *sk)
{
	struct inflight *in;

	if (!filter_task())
		return;
	in = inflight_begin();
	if (in)
		in->args[0] = (__u64)sk;
}

/*
 * A mapped IPv6 connect enters tcp_v6_connect() then tcp_v4_connect() on
 * the same socket: the second entry takes the call over and its return
 * reports it; the first return then finds nothing pending.
 */
static __always_inline void conn_kretprobe(long ret)
{
	struct inflight *in;

	if (!filter_task())
		return;
	in = inflight_end();
	if (in && ret == 0)
		connect_report_sock((const struct sock *)in->args[0]);
}

SEC("kprobe/tcp_v4_connect")
int conn_kprobe4(struct pt_regs *ctx)
{
	conn_kprobe((const void *)KPROBE_ARG1(ctx));
	return TRACE_DONE;
}

SEC("kretprobe/tcp_v4_connect")
int conn_kretprobe4(struct pt_regs *ctx)
{
	conn_kretprobe((int)KPROBE_RET(ctx));
	return TRACE_DONE;
}

SEC("kprobe/tcp_v6_connect")
int conn_kprobe6(struct pt_regs *ctx)
{
	conn_kprobe((const void *)KPROBE_ARG1(ctx));
	return TRACE_DONE;
}

SEC("kretprobe/tcp_v6_connect")
int conn_kretprobe6(struct pt_regs *ctx)
{
	conn_kretprobe((int)KPROBE_RET(ctx));
	return TRACE_DONE;
}
