// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcpdropper FACTS 4|6 SERVER_PORT CLIENT_PORT
 *
 * TCP retransmits and drops for certain, on loopback: a connection from
 * CLIENT_PORT to SERVER_PORT on 127.0.0.1 (4) or ::1 (6); the accepted
 * socket gets a classic socket filter that accepts nothing (BPF_RET 0),
 * so every data segment that reaches it is dropped by sk_filter() (drop
 * reason SOCKET_FILTER) and the sender retransmits it on its RTO (200 ms
 * at least). After DROP_MS the filter goes (SO_DETACH_FILTER), the next
 * retransmit is taken, and the bytes are read to the end.
 *
 * FACTS gets "lport" (the client's port: the retransmitting end), "rport"
 * (the server's), and "bytes" (what the client sent).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>

#define DROP_MS 1100 /* long enough for the first retransmits (~200 ms, ~600 ms) */
#define BYTES	1000

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static socklen_t addr_of(int family, int port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;

		a->sin_family = AF_INET;
		a->sin_port = htons(port);
		a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		return sizeof(*a);
	}
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

	a6->sin6_family = AF_INET6;
	a6->sin6_port = htons(port);
	a6->sin6_addr = in6addr_loopback;
	return sizeof(*a6);
}

static int bound(int family, int port)
{
	struct sockaddr_storage ss;
	socklen_t len = addr_of(family, port, &ss);
	int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0), on = 1;

	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) ||
	    bind(fd, (struct sockaddr *)&ss, len))
		die("bind");
	return fd;
}

int main(int argc, char **argv)
{
	struct sock_filter drop_all[] = { BPF_STMT(BPF_RET | BPF_K, 0) };
	struct sock_fprog prog = { .len = 1, .filter = drop_all };
	struct timespec wait = { DROP_MS / 1000, (DROP_MS % 1000) * 1000000L };
	struct sockaddr_storage ss;
	char buf[BYTES];
	int family, sport, cport, lfd, cfd, sfd, got = 0, zero = 0;
	socklen_t len;
	FILE *facts;

	if (argc != 5)
		die("usage: tcpdropper FACTS 4|6 SERVER_PORT CLIENT_PORT");
	family = atoi(argv[2]) == 6 ? AF_INET6 : AF_INET;
	sport = atoi(argv[3]);
	cport = atoi(argv[4]);
	lfd = bound(family, sport);
	if (listen(lfd, 1))
		die("listen");
	cfd = bound(family, cport);
	len = addr_of(family, sport, &ss);
	if (connect(cfd, (struct sockaddr *)&ss, len))
		die("connect");
	sfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (sfd < 0)
		die("accept");
	if (setsockopt(sfd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)))
		die("SO_ATTACH_FILTER");
	memset(buf, 'x', sizeof(buf));
	if (write(cfd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
		die("write");
	nanosleep(&wait, NULL);
	if (setsockopt(sfd, SOL_SOCKET, SO_DETACH_FILTER, &zero, sizeof(zero)))
		die("SO_DETACH_FILTER");
	while (got < BYTES) {
		ssize_t n = read(sfd, buf, sizeof(buf));

		if (n <= 0)
			die("read");
		got += n;
	}
	facts = fopen(argv[1], "w");
	if (!facts)
		die(argv[1]);
	fprintf(facts, "lport %d\nrport %d\nbytes %d\n", cport, sport, got);
	fclose(facts);
	close(cfd);
	close(sfd);
	close(lfd);
	return 0;
}
