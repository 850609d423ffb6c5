// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcpconns FACTS [N [PORT]]
 *
 * TCP connections on loopback with ports the tests know: a dual-stack
 * listener on [::] (port PORT, or an ephemeral one), then N connects from IPv4 sockets
 * to 127.0.0.1, one from an IPv6 socket to ::1, one from an IPv6 socket to
 * ::ffff:127.0.0.1 (IPv4-mapped), each accepted and closed (the accepted
 * end at once, the connecting end at exit), and one
 * blocking connect to a closed port of 127.0.0.1 (refused: ECONNREFUSED).
 * FACTS gets "lport P" (the listener's port), "closed C" (the refused
 * port), and for each connect its source port as getsockname() gives it:
 * "v4 S" (N lines), "v6 S", "mapped S", "refused S".
 *
 * With FACTS "-" it writes nothing and prints the nanoseconds one IPv4
 * connect+accept+close cycle took on average: the bench's loop.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>

#include "loopnet.h"

static void accept_one(int lfd)
{
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		die("accept");
	close(fd);
}

/*
 * The connecting ends, closed when the workload ends (facts mode): a
 * connecting end closed at once may see its ephemeral port given again to
 * a later connect to the same listener, reusing the tuple's TIME_WAIT
 * (tcp_tw_reuse, on for loopback), and the tests find records by port.
 * The bench loop closes each at once, so as not to run out of ports.
 */
static bool hold_clients;

/*
 * Connect to addr (127.0.0.1, ::1 or ::ffff:127.0.0.1) port, accept it on
 * lfd unless it is -1, close the accepted end first (its TIME_WAIT then
 * holds no ephemeral port: a long bench loop never runs out), then the
 * connecting one unless held. The connect's source port; its errno into err.
 */
static int connect_to(int lfd, int family, const char *addr, int port, int *err)
{
	int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0), sport, r;

	if (fd < 0)
		die("socket");
	r = connect_addr(fd, family, addr, port);
	*err = r ? errno : 0;
	sport = port_of(fd);
	if (!r && lfd >= 0)
		accept_one(lfd);
	if (!hold_clients)
		close(fd);
	return sport;
}

/* A port of 127.0.0.1 nothing listens on: bound, not listening, then freed. */
static int closed_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), port;

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)))
		die("bind");
	port = port_of(fd);
	close(fd);
	return port;
}

int main(int argc, char **argv)
{
	long n = argc >= 3 ? atol(argv[2]) : 3, i;
	int lfd, lport, err;
	struct timespec a, b;

	if (argc < 2 || argc > 4 || n < 0) {
		fprintf(stderr, "usage: tcpconns FACTS [N [PORT]]\n");
		return 2;
	}
	if (strcmp(argv[1], "-")) {
		facts_open(argv[1]);
		hold_clients = true;
	}
	lfd = listener_any(argc == 4 ? atoi(argv[3]) : 0, 64, 0);
	lport = port_of(lfd);
	fact("lport", lport);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++) {
		fact("v4", connect_to(lfd, AF_INET, "127.0.0.1", lport, &err));
		if (err)
			die("connect 127.0.0.1");
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (facts_fd < 0) {
		printf("%.1f\n",
		       n ? ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n : 0.0);
		return 0;
	}
	fact("v6", connect_to(lfd, AF_INET6, "::1", lport, &err));
	if (err)
		die("connect ::1");
	fact("mapped", connect_to(lfd, AF_INET6, "::ffff:127.0.0.1", lport, &err));
	if (err)
		die("connect ::ffff:127.0.0.1");
	i = closed_port();
	fact("closed", i);
	fact("refused", connect_to(-1, AF_INET, "127.0.0.1", i, &err));
	if (err != ECONNREFUSED) {
		fprintf(stderr, "connect to closed port %ld: %s\n", i, strerror(err));
		return 1;
	}
	return 0;
}
