// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcpxfer FACTS PORT SLEEP_MS
 *
 * Two TCP connections on loopback that carry a known number of bytes, for
 * tcplife and tcpstates: a dual-stack listener on [::] port PORT, then one
 * connection from an IPv4 socket to 127.0.0.1 and one from an IPv6 socket
 * to ::1. On each, the client sends XFER_UP bytes and the server (the
 * accepted end, in this same process) XFER_DOWN back; after SLEEP_MS the
 * client closes first (FIN_WAIT1, FIN_WAIT2, then TIME_WAIT), the server
 * reads its end of file and closes (CLOSE_WAIT, LAST_ACK). One process,
 * no threads: both ends are non-blocking and pumped in turn, so every
 * socket is owned by this pid.
 *
 * FACTS gets "lport P", the clients' source ports "v4 S" and "v6 S", and
 * "up N", "down N".
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>

#include "loopnet.h"

#define XFER_UP	  100000
#define XFER_DOWN 50000

static void nonblocking(int fd)
{
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK))
		die("fcntl");
}

/* Write n bytes on `from` while reading them on `to`: neither end's buffer ever fills. */
static void pump(int from, int to, size_t n)
{
	static char buf[16384];
	size_t sent = 0, got = 0;
	struct pollfd p[2];
	ssize_t r;

	while (got < n) {
		if (sent < n) {
			r = write(from, buf, n - sent < sizeof(buf) ? n - sent : sizeof(buf));
			if (r > 0)
				sent += r;
			else if (errno != EAGAIN)
				die("write");
		}
		r = read(to, buf, sizeof(buf));
		if (r > 0)
			got += r;
		else if (r == 0)
			die("early end of file");
		else if (errno != EAGAIN)
			die("read");
		else {
			p[0] = (struct pollfd){ .fd = from, .events = sent < n ? POLLOUT : 0 };
			p[1] = (struct pollfd){ .fd = to, .events = POLLIN };
			poll(p, 2, 100);
		}
	}
	if (sent != n)
		die("pump");
}

/* The end of file of a non-blocking socket. */
static void wait_eof(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char c;
	ssize_t r;

	for (;;) {
		r = read(fd, &c, 1);
		if (r == 0)
			return;
		if (r > 0 || errno != EAGAIN)
			die("read at end");
		poll(&p, 1, 100);
	}
}

static void xfer(int lfd, int family, const char *addr, int port, long sleep_ms, const char *key)
{
	struct timespec nap = { sleep_ms / 1000, sleep_ms % 1000 * 1000000 };
	int c = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0), s;

	if (c < 0)
		die("socket");
	if (connect_addr(c, family, addr, port))
		die(addr);
	fact(key, port_of(c));
	s = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (s < 0)
		die("accept");
	nonblocking(c);
	pump(c, s, XFER_UP);
	pump(s, c, XFER_DOWN);
	nanosleep(&nap, NULL);
	close(c);
	wait_eof(s);
	close(s);
}

int main(int argc, char **argv)
{
	int lfd;
	long sleep_ms;

	if (argc != 4) {
		fprintf(stderr, "usage: tcpxfer FACTS PORT SLEEP_MS\n");
		return 2;
	}
	facts_open(argv[1]);
	sleep_ms = atol(argv[3]);
	lfd = listener_any(atoi(argv[2]), 8, 0);
	fact("lport", port_of(lfd));
	fact("up", XFER_UP);
	fact("down", XFER_DOWN);
	xfer(lfd, AF_INET, "127.0.0.1", port_of(lfd), sleep_ms, "v4");
	xfer(lfd, AF_INET6, "::1", port_of(lfd), sleep_ms, "v6");
	close(lfd);
	return 0;
}
