/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What the loopback TCP workloads (tcpconns, tcpbulk, tcpxfer, tcpstream)
 * share: die(), the FACTS file they write for their tests, the port a
 * socket got, a dual-stack listener and a connect by address string.
 * Static inline in a header, not a library: each workload stays one .c the
 * Makefile builds alone (gcc's -MMD rebuilds it when this file changes).
 */
#ifndef SONDE_WORKLOADS_LOOPNET_H
#define SONDE_WORKLOADS_LOOPNET_H

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>

/* The FACTS file, or -1 when the workload runs for the bench ("-"): no facts. */
static int facts_fd = -1;

static inline void die(const char *what)
{
	perror(what);
	exit(1);
}

/* Appends, as the tests may hand several workloads one file. */
static inline void facts_open(const char *path)
{
	facts_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (facts_fd < 0)
		die(path);
}

/* One "KEY VALUE" line: a single write, so the test never reads half a line. */
static inline void fact(const char *key, long value)
{
	char line[64];
	int n = snprintf(line, sizeof(line), "%s %ld\n", key, value);

	if (facts_fd >= 0 && write(facts_fd, line, n) != n)
		die("facts");
}

/* The local port getsockname() gives: what the tool must report as the source. */
static inline int port_of(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len))
		die("getsockname");
	return ntohs(ss.ss_family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
					     : ((struct sockaddr_in6 *)&ss)->sin6_port);
}

/*
 * A listener on [::] port (0: an ephemeral one) that also takes IPv4
 * (IPV6_V6ONLY off), so one socket serves 127.0.0.1, ::1 and the mapped
 * ::ffff:127.0.0.1. reuseaddr lets a test rerun on a fixed port at once.
 */
static inline int listener_any(int port, int backlog, int reuseaddr)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6,
				  .sin6_addr = IN6ADDR_ANY_INIT,
				  .sin6_port = htons(port) };
	int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0), off = 0, on = 1;

	if (fd < 0 || setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) ||
	    (reuseaddr && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on))) ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, backlog))
		die("listener");
	return fd;
}

/*
 * connect(2) fd, a socket of family, to addr (a numeric address of that
 * family) and port: connect's result, -1 if addr does not parse.
 */
static inline int connect_addr(int fd, int family, const char *addr, int port)
{
	struct sockaddr_in a4 = { .sin_family = AF_INET, .sin_port = htons(port) };
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_port = htons(port) };

	if (family == AF_INET)
		return inet_pton(AF_INET, addr, &a4.sin_addr) == 1
			       ? connect(fd, (struct sockaddr *)&a4, sizeof(a4))
			       : -1;
	return inet_pton(AF_INET6, addr, &a6.sin6_addr) == 1
		       ? connect(fd, (struct sockaddr *)&a6, sizeof(a6))
		       : -1;
}

#endif /* SONDE_WORKLOADS_LOOPNET_H */
