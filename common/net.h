/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The network family's user side: the -P/-L port lists parsed, and a
 * connection's tuple (common/net_tuple.h) printed the way people read it:
 * addresses by inet_ntop() (an IPv4-mapped IPv6 address as IPv4), ports as
 * numbers, the IP version as 4 or 6.
 */
#ifndef SONDE_NET_H
#define SONDE_NET_H

#include <stddef.h>
#include <linux/types.h>

#include "net_tuple.h"
#include "options.h"

/* Longest address net_addr() writes, with its NUL (INET6_ADDRSTRLEN). */
#define NET_ADDR_LEN 46

/*
 * A comma-separated list of ports from 1 to 65535 ("80,443"), at most
 * NET_PORTS_MAX: 0 with ports[] and *n set, or -1 with the error in ctx.
 */
int net_parse_ports(struct option_ctx *ctx, const char *arg, __u16 *ports, __u16 *n);

/* 4 or 6: the IP version of a tuple's family (0 for another). */
unsigned int net_ip_version(const struct net_tuple *t);

/* A tuple's address (t->saddr or t->daddr) as text into buf[NET_ADDR_LEN]; buf. */
const char *net_addr(const struct net_tuple *t, const __u8 *addr, char *buf);

/*
 * The fields of a tool's table (output.h) that show a tuple; -1 for one it
 * has not. s* are the tuple's local end, d* its remote one.
 */
struct net_fields {
	int ip, saddr, daddr, sport, dport;
};

/*
 * The columns bcc's tcplife and tcpstates (and libbpf-tools' tcppktlat) give
 * a connection, as initializers of a tool's field table (output.h), local
 * end first: "ip" in JSON only (bcc shows it with -w), then LADDR LPORT
 * RADDR RPORT. The arguments are the table's indices, the same five that
 * make the tool's struct net_fields { ip, laddr, raddr, lport, rport }.
 */
#define NET_FIELDS_LOCAL_REMOTE(ip, laddr, lport, raddr, rport)                                   \
	[ip] = { "ip" }, [laddr] = { "laddr", "LADDR", -15 }, [lport] = { "lport", "LPORT", -5 }, \
	[raddr] = { "raddr", "RADDR", -15 }, [rport] = { "rport", "RPORT", -5 }

/* Set the tuple's fields of the record being built (between rec_begin() and rec_end()). */
void rec_net(const struct net_fields *f, const struct net_tuple *t);

/*
 * A TCP state (include/net/tcp_states.h: TCP_ESTABLISHED is 1) by bcc's
 * name for it: "ESTABLISHED", "SYN_SENT", ... "NEW_SYN_RECV"; "UNKNOWN"
 * for another number.
 */
const char *tcp_state_name(unsigned int state);

/* An IP protocol's name as ss and bcc print it ("TCP", "UDP", ...); NULL for one unnamed. */
const char *net_proto_name(unsigned int protocol);

#endif
