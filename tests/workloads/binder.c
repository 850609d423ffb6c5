// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * binder FACTS PORT BACKLOG
 *
 * Binds and listens the tests know, on loopback, in this order: an IPv4
 * TCP socket with SO_REUSEADDR bound to 127.0.0.1:PORT (0: one the kernel
 * picks) and listening with BACKLOG; an IPv6 TCP socket bound to [::1]:0,
 * listening with BACKLOG; an IPv6 UDP socket with SO_REUSEPORT bound to
 * [::1]:0; and a second IPv4 TCP socket bound to the first's port, which
 * fails (EADDRINUSE). FACTS ("/dev/null" for none) gets the ports bound,
 * as getsockname() gives them: "v4 P", "v6 P", "udp P", and "backlog B".
 *
 * binder - N BACKLOG: the bench's loop, N times an IPv4 TCP socket bound to
 * 127.0.0.1:0, listening and closed; it prints nothing.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

static FILE *facts;

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static int sock_with(int family, int type, int opt)
{
	int fd = socket(family, type | SOCK_CLOEXEC, 0), one = 1;

	if (fd < 0)
		die("socket");
	if (opt && setsockopt(fd, SOL_SOCKET, opt, &one, sizeof(one)))
		die("setsockopt");
	return fd;
}

static int bind4(int fd, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return bind(fd, (struct sockaddr *)&a, sizeof(a));
}

static int bind6(int fd, int port)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6,
				  .sin6_port = htons(port),
				  .sin6_addr = IN6ADDR_LOOPBACK_INIT };

	return bind(fd, (struct sockaddr *)&a, sizeof(a));
}

static int port_of(int fd)
{
	struct sockaddr_in6 a;
	socklen_t len = sizeof(a);

	if (getsockname(fd, (struct sockaddr *)&a, &len))
		die("getsockname");
	return ntohs(a.sin6_port); /* sin_port lies at the same offset */
}

int main(int argc, char **argv)
{
	int port, backlog, v4, v6, udp, inuse;

	if (argc != 4)
		return 2;
	if (!strcmp(argv[1], "-")) {
		long i, n = atol(argv[2]);

		for (i = 0; i < n; i++) {
			v4 = sock_with(AF_INET, SOCK_STREAM, SO_REUSEADDR);
			if (bind4(v4, 0) || listen(v4, atoi(argv[3])))
				die("loop");
			close(v4);
		}
		return 0;
	}
	facts = fopen(argv[1], "w");
	if (!facts)
		die(argv[1]);
	port = atoi(argv[2]);
	backlog = atoi(argv[3]);
	v4 = sock_with(AF_INET, SOCK_STREAM, SO_REUSEADDR);
	if (bind4(v4, port) || listen(v4, backlog))
		die("v4");
	v6 = sock_with(AF_INET6, SOCK_STREAM, 0);
	port = port_of(v4);
	if (bind6(v6, 0) || listen(v6, backlog))
		die("v6");
	udp = sock_with(AF_INET6, SOCK_DGRAM, SO_REUSEPORT);
	if (bind6(udp, 0))
		die("udp");
	inuse = sock_with(AF_INET, SOCK_STREAM, 0);
	if (bind4(inuse, port) == 0 || errno != EADDRINUSE)
		die("inuse: bind did not fail with EADDRINUSE");
	fprintf(facts, "v4 %d\nv6 %d\nudp %d\nbacklog %d\n", port, port_of(v6), port_of(udp),
		backlog);
	if (fclose(facts))
		die("facts");
	close(v4);
	close(v6);
	close(udp);
	close(inuse);
	return 0;
}
