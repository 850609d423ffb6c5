/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The network family's reads of what a socket call was asked to do: an
 * IPv4 or IPv6 sockaddr in the caller's memory (bind(), connect()), and the
 * socket options bind() honours, read from the struct sock.
 *
 * The sockaddr is UAPI (struct sockaddr_in / sockaddr_in6: fixed layouts),
 * so it is read as plain bytes, no CO-RE. It is read at the syscall's exit:
 * the kernel has just copied it (move_addr_to_kernel()), so it is resident;
 * a caller that rewrites it from another thread meanwhile can make us show
 * what it rewrote, which is why the socket's own view (sock_tuple()) is
 * preferred wherever the call left one.
 */
#ifndef SONDE_SOCKADDR_BPF_H
#define SONDE_SOCKADDR_BPF_H

#include "sonde.bpf.h"
#include "net.bpf.h"

/* sockaddr_in6's layout; sockaddr_in is its first 8 bytes (family, port, address) */
struct sockaddr_abi {
	__u16 family;
	__u16 port; /* network order */
	__u32 v4_or_flowinfo;
	__u8 v6[16];
};

/*
 * The caller's sockaddr at uaddr (len bytes) into t's local end: family,
 * sport and saddr. An IPv4-mapped IPv6 address comes out as IPv4, as
 * sock_tuple() gives it. False if it is neither AF_INET nor AF_INET6 or
 * could not be read.
 */
static __always_inline bool sockaddr_read(const void *uaddr, long len, struct net_tuple *t)
{
	struct sockaddr_abi a = {};

	__builtin_memset(t, 0, sizeof(*t));
	if (!uaddr || len < 8 || bpf_probe_read_user(&a, 8, uaddr))
		return false;
	t->sport = bpf_ntohs(a.port);
	if (a.family == NET_AF_INET) {
		t->family = NET_AF_INET;
		__builtin_memcpy(t->saddr, &a.v4_or_flowinfo, 4);
		return true;
	}
	if (a.family != NET_AF_INET6 || len < 24 || bpf_probe_read_user(&a.v6, 16, uaddr + 8))
		return false;
	t->family = NET_AF_INET6;
	__builtin_memcpy(t->saddr, a.v6, 16);
	if (net_v4_mapped(t->saddr)) {
		t->family = NET_AF_INET;
		net_unmap(t->saddr);
	}
	return true;
}

/* bind()'s options as libbpf-tools' bindsnoop names them (OPTS: "FTNRr") */
enum sock_bind_opts {
	SOCK_OPT_FREEBIND = 1 << 0,    /* F: IP_FREEBIND / IPV6_FREEBIND */
	SOCK_OPT_TRANSPARENT = 1 << 1, /* T: IP_TRANSPARENT */
	SOCK_OPT_NO_PORT = 1 << 2,     /* N: IP_BIND_ADDRESS_NO_PORT */
	SOCK_OPT_REUSEADDR = 1 << 3,   /* R: SO_REUSEADDR */
	SOCK_OPT_REUSEPORT = 1 << 4,   /* r: SO_REUSEPORT */
};

/* Before Linux 6.6 the inet flags were bitfields of struct inet_sock */
struct inet_sock___bits {
	__u8 freebind : 1;
	__u8 transparent : 1;
	__u8 bind_address_no_port : 1;
} __attribute__((preserve_access_index));

/*
 * Linux 6.6 made them bits of inet_flags, numbered by an anonymous enum
 * (INET_FLAGS_*) that CO-RE cannot find by name; new bits are appended, so
 * these have held from 6.6 to 6.18.
 */
#define INET_FLAGS_FREEBIND_BIT		    11
#define INET_FLAGS_TRANSPARENT_BIT	    15
#define INET_FLAGS_BIND_ADDRESS_NO_PORT_BIT 18

struct inet_sock___flags {
	unsigned long inet_flags;
} __attribute__((preserve_access_index));

/* sk's options that bind() honours, as SOCK_OPT_* bits. */
static __always_inline __u32 sock_bind_opts(const struct sock *sk)
{
	__u32 opts = 0;

	if (BPF_CORE_READ_BITFIELD_PROBED(sk, __sk_common.skc_reuse))
		opts |= SOCK_OPT_REUSEADDR;
	if (BPF_CORE_READ_BITFIELD_PROBED(sk, __sk_common.skc_reuseport))
		opts |= SOCK_OPT_REUSEPORT;
	if (bpf_core_field_exists(struct inet_sock___flags, inet_flags)) {
		const struct inet_sock___flags *in = (const void *)sk;
		unsigned long f = BPF_CORE_READ(in, inet_flags);

		if (f & 1UL << INET_FLAGS_FREEBIND_BIT)
			opts |= SOCK_OPT_FREEBIND;
		if (f & 1UL << INET_FLAGS_TRANSPARENT_BIT)
			opts |= SOCK_OPT_TRANSPARENT;
		if (f & 1UL << INET_FLAGS_BIND_ADDRESS_NO_PORT_BIT)
			opts |= SOCK_OPT_NO_PORT;
	} else if (bpf_core_field_exists(struct inet_sock___bits, freebind)) {
		const struct inet_sock___bits *in = (const void *)sk;

		if (BPF_CORE_READ_BITFIELD_PROBED(in, freebind))
			opts |= SOCK_OPT_FREEBIND;
		if (BPF_CORE_READ_BITFIELD_PROBED(in, transparent))
			opts |= SOCK_OPT_TRANSPARENT;
		if (BPF_CORE_READ_BITFIELD_PROBED(in, bind_address_no_port))
			opts |= SOCK_OPT_NO_PORT;
	}
	return opts;
}

#endif
