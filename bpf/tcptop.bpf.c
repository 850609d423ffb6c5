// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcptop: the bytes each process sends and receives on each TCP
 * connection, added up here, in a hash keyed by process and socket (a
 * SUMMARY_MAP, swapped and read once an interval): no record per call or
 * per packet goes to user space.
 *
 * Bytes are counted where the process hands them over or takes them, in
 * its own context, so the pid is always the one that made the call:
 *
 * - Tracepoints sock:sock_send_length and sock:sock_recv_length (Linux
 *   6.3): fired by sock_sendmsg() and sock_recvmsg() after the protocol's
 *   call, with the socket, its family and protocol, and the call's result
 *   (bytes, or -errno). A MSG_PEEK read moves no data and is not counted.
 *   Every send and receive through the socket layer is seen (read and write,
 *   the send and recv calls, splice to a socket, io_uring); sendfile() before 6.5
 *   (tcp_sendpage) and zero-copy receive are not.
 * - kprobes on tcp_sendmsg() and tcp_recvmsg() and their returns (every
 *   kernel with kprobes; their first argument has been the socket since
 *   Linux 4.x): the result, the bytes moved, at the return. bcc's tcptop
 *   probes tcp_cleanup_rbuf() for receives, which tcp_recvmsg() may call
 *   several times a call with a growing count (bcc issue 5352): not here.
 *   A MSG_PEEK read is counted by this way (its flags argument moved in
 *   Linux 5.19).
 */
#include "sonde.bpf.h"
#include "filter.bpf.h"
#include "inflight.bpf.h"
#include "net.bpf.h"
#include "regs.bpf.h"
#include "summary.bpf.h"
#include "task.bpf.h"
#include "tcptop.h"

#define MSG_PEEK_FLAG 2 /* UAPI <linux/socket.h> MSG_PEEK */

/*
 * Allocated as rows appear, not preallocated: a row is made once an
 * interval, from the send and receive calls' process context, where the
 * allocator may run on every kernel; preallocated, the two maps' 10,240
 * rows took 2 to 3 ms each of the start to create on the 6.18 host.
 */
SUMMARY_MAP(tops, BPF_MAP_TYPE_HASH, BPF_F_NO_PREALLOC, TCPTOP_KEYS, struct tcptop_key,
	    struct tcptop_value);

/*
 * Add `bytes` to the current process's row of the TCP socket sk (the task
 * filter passed). A call reads the socket's port pair and looks its row
 * up; the whole tuple is read only to make a row, or to test -P, -L, -4
 * and -6 (an IPv4-mapped IPv6 connection is IPv4: the addresses decide).
 */
static __always_inline void count_bytes(const struct sock *sk, long bytes, bool sent)
{
	static const struct tcptop_value zero;
	struct tcptop_key key = {};
	struct tcptop_value *v;
	struct net_tuple t;

	if (bytes <= 0)
		return;
	if (net_filter.flags) {
		sock_tuple(sk, &t);
		if (!net_filter_pass(&t))
			return;
	}
	key.sock = (__u64)sk;
	key.ports = BPF_CORE_READ(sk, __sk_common.skc_portpair);
	key.pid = current_tgid();
	v = summary_entry(tops, &key, &zero);
	if (!v)
		return;
	if (!v->tuple.family) { /* a new row (two CPUs making it fill it alike) */
		sock_tuple(sk, &v->tuple);
		bpf_get_current_comm(v->comm, sizeof(v->comm));
	}
	if (sent)
		__sync_fetch_and_add(&v->tx_bytes, bytes);
	else
		__sync_fetch_and_add(&v->rx_bytes, bytes);
}

/* ---- tracepoints ---- */

static __always_inline bool tp_is_tcp(const struct trace_event_raw_sock_msg_length *ctx)
{
	return ctx->protocol == IPPROTO_TCP &&
	       (ctx->family == NET_AF_INET || ctx->family == NET_AF_INET6);
}

SEC("tracepoint/sock/sock_send_length")
int send_tp(struct trace_event_raw_sock_msg_length *ctx)
{
	if (ctx->ret > 0 && tp_is_tcp(ctx) && filter_task())
		count_bytes(ctx->sk, ctx->ret, true);
	return TRACE_DONE;
}

SEC("tracepoint/sock/sock_recv_length")
int recv_tp(struct trace_event_raw_sock_msg_length *ctx)
{
	if (ctx->ret > 0 && !(ctx->flags & MSG_PEEK_FLAG) && tp_is_tcp(ctx) && filter_task())
		count_bytes(ctx->sk, ctx->ret, false);
	return TRACE_DONE;
}

/* ---- kprobes ---- */

/* The socket, kept with the task from the call's entry to its return. */
static __always_inline void call_begin(const void *sk)
{
	struct inflight *in;

	if (!filter_task())
		return;
	in = inflight_begin();
	if (in)
		in->args[0] = (__u64)sk;
}

static __always_inline void call_end(long ret, bool sent)
{
	struct inflight *in;

	if (!filter_task())
		return;
	in = inflight_end();
	if (in)
		count_bytes((const struct sock *)in->args[0], ret, sent);
}

SEC("kprobe/tcp_sendmsg")
int send_kprobe(struct pt_regs *ctx)
{
	call_begin((const void *)KPROBE_ARG1(ctx));
	return TRACE_DONE;
}

SEC("kretprobe/tcp_sendmsg")
int send_kretprobe(struct pt_regs *ctx)
{
	call_end((int)KPROBE_RET(ctx), true);
	return TRACE_DONE;
}

SEC("kprobe/tcp_recvmsg")
int recv_kprobe(struct pt_regs *ctx)
{
	call_begin((const void *)KPROBE_ARG1(ctx));
	return TRACE_DONE;
}

SEC("kretprobe/tcp_recvmsg")
int recv_kretprobe(struct pt_regs *ctx)
{
	call_end((int)KPROBE_RET(ctx), false);
	return TRACE_DONE;
}
