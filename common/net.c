// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The network family's port lists and address printing (net.h). */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "net.h"
#include "output.h"

int net_parse_ports(struct option_ctx *ctx, const char *arg, __u16 *ports, __u16 *n)
{
	char word[16];
	const char *p = arg;
	unsigned long port;
	size_t len;

	*n = 0;
	for (;;) {
		len = strcspn(p, ",");
		if (len >= sizeof(word) || *n == NET_PORTS_MAX)
			return option_error(ctx,
					    "invalid port list '%s': at most %d ports, 1 to 65535",
					    arg, NET_PORTS_MAX);
		memcpy(word, p, len);
		word[len] = '\0';
		if (option_ulong(ctx, word, "port", 1, 65535, &port))
			return -1;
		ports[(*n)++] = port;
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

unsigned int net_ip_version(const struct net_tuple *t)
{
	return t->family == NET_AF_INET ? 4 : t->family == NET_AF_INET6 ? 6 : 0;
}

const char *net_addr(const struct net_tuple *t, const __u8 *addr, char *buf)
{
	struct in6_addr a6;

	if (t->family == NET_AF_INET)
		return inet_ntop(AF_INET, addr, buf, NET_ADDR_LEN) ?: strcpy(buf, "?");
	memcpy(&a6, addr, sizeof(a6));
	/* the kernel side unmaps these already (net.bpf.h): kept for any record that did not */
	if (IN6_IS_ADDR_V4MAPPED(&a6))
		return inet_ntop(AF_INET, addr + 12, buf, NET_ADDR_LEN) ?: strcpy(buf, "?");
	return inet_ntop(AF_INET6, addr, buf, NET_ADDR_LEN) ?: strcpy(buf, "?");
}

void rec_net(const struct net_fields *f, const struct net_tuple *t)
{
	char buf[NET_ADDR_LEN];

	if (f->ip >= 0)
		rec_uint(f->ip, net_ip_version(t));
	if (f->saddr >= 0)
		rec_str(f->saddr, net_addr(t, t->saddr, buf), NET_ADDR_LEN);
	if (f->daddr >= 0)
		rec_str(f->daddr, net_addr(t, t->daddr, buf), NET_ADDR_LEN);
	if (f->sport >= 0)
		rec_uint(f->sport, t->sport);
	if (f->dport >= 0)
		rec_uint(f->dport, t->dport);
}

const char *tcp_state_name(unsigned int state)
{
	static const char *const names[] = {
		[1] = "ESTABLISHED", [2] = "SYN_SENT",	[3] = "SYN_RECV", [4] = "FIN_WAIT1",
		[5] = "FIN_WAIT2",   [6] = "TIME_WAIT", [7] = "CLOSE",	  [8] = "CLOSE_WAIT",
		[9] = "LAST_ACK",    [10] = "LISTEN",	[11] = "CLOSING", [12] = "NEW_SYN_RECV",
	};

	return state < sizeof(names) / sizeof(names[0]) && names[state] ? names[state] : "UNKNOWN";
}

const char *net_proto_name(unsigned int protocol)
{
	switch (protocol) {
	case IPPROTO_ICMP:
		return "ICMP";
	case IPPROTO_TCP:
		return "TCP";
	case IPPROTO_UDP:
		return "UDP";
	case IPPROTO_ICMPV6:
		return "ICMPv6";
	case IPPROTO_SCTP:
		return "SCTP";
	case IPPROTO_UDPLITE:
		return "UDPLITE";
	case 262: /* IPPROTO_MPTCP, newer than some libcs' headers */
		return "MPTCP";
	default:
		return NULL;
	}
}
