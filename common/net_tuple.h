/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The network family's shared records: a connection's addresses and ports
 * as bpf/net.bpf.h reads them from a struct sock (sock_tuple()), and the
 * address and port filters of -P, -L, -4 and -6 (common/options.c parses
 * them, common/load.c puts them in .rodata as `net_filter`, net.bpf.h
 * tests them in the kernel). common/net.h prints the tuple.
 *
 * The tuple is the socket's own view: "s" is the local end, "d" the
 * remote one, whichever side opened the connection. A tool names them for
 * its users (tcpconnect: SADDR and DADDR; tcpaccept: LADDR and RADDR).
 *
 * Shared with BPF code, so it includes nothing: the includer provides
 * __u8, __u16 and __u32.
 */
#ifndef SONDE_NET_TUPLE_H
#define SONDE_NET_TUPLE_H

/* AF_INET and AF_INET6 as every Linux architecture numbers them */
#define NET_AF_INET  2
#define NET_AF_INET6 10

/*
 * An IPv6 socket talking to an IPv4-mapped address (::ffff:a.b.c.d) is an
 * IPv4 connection on the wire: sock_tuple() gives it family NET_AF_INET
 * and the four address bytes, as an AF_INET socket's.
 */
struct net_tuple {
	__u8 saddr[16]; /* local: IPv4 in the first 4 bytes, network order */
	__u8 daddr[16]; /* remote */
	__u16 sport;	/* local port, host order; 0 until bound */
	__u16 dport;	/* remote port, host order */
	__u16 family;	/* NET_AF_INET or NET_AF_INET6 */
	__u16 pad;
};

#define NET_PORTS_MAX 16 /* ports in one -P or -L list */

enum net_filter_flags {
	NET_BY_RPORT = 1 << 0,	/* -P: the remote port is one of rports */
	NET_BY_LPORT = 1 << 1,	/* -L: the local port is one of lports */
	NET_ONLY_IPV4 = 1 << 2, /* -4 */
	NET_ONLY_IPV6 = 1 << 3, /* -6 */
};

struct net_filter {
	__u32 flags;
	__u16 nrports, nlports;
	__u16 rports[NET_PORTS_MAX]; /* host order */
	__u16 lports[NET_PORTS_MAX];
};

#endif
