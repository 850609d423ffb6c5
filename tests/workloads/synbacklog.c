// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * synbacklog FACTS BACKLOG
 *
 * An accept queue filled past its limit, for tcpsynbl: a listener on
 * [::] with listen(fd, BACKLOG) that accepts nothing, and
 * TCP_DEFER_ACCEPT, so that a handshake's bare ACK leaves the connection
 * waiting as a request and only the client's first byte makes its child
 * (and its sample). The queue takes BACKLOG + 1 children (the kernel
 * refuses one when more than BACKLOG are queued); requests wait in their
 * own queue, which takes cookies instead at BACKLOG, so at most BACKLOG
 * wait at once:
 *
 *   1. BACKLOG clients connect (BACKLOG requests wait);
 *   2. two send a byte: two children (samples 0 and 1);
 *   3. two more clients connect (BACKLOG requests wait again);
 *   4. all of them send a byte: BACKLOG - 1 children fit (samples 2 to
 *      BACKLOG), and the last one is refused: a drop, again at each of its
 *      client's retransmits while this runs.
 *
 * After a pause for those, every client is reset (SO_LINGER 0: no more
 * retransmits, and the waiting request goes), and the kernel's own figures
 * of the listener are read into FACTS: "queued" and "limit", the accept
 * queue's length and limit from TCP_INFO (tcpi_unacked, tcpi_sacked for a
 * listener: BACKLOG + 1 children, nothing accepted, so each of the samples
 * 0 to BACKLOG once, and BACKLOG), "drops" (SO_MEMINFO's sk_drops: every
 * packet dropped at the listener, the bare ACKs TCP_DEFER_ACCEPT ignores
 * among them: a bound on the refusals), with "lport" and "backlog".
 */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/sock_diag.h>

#include "loopnet.h"

#define MAX_CLIENTS 64

static int client(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || connect_addr(fd, AF_INET, "127.0.0.1", port))
		die("connect");
	return fd;
}

static void send_byte(int fd)
{
	if (write(fd, "x", 1) != 1)
		die("write");
}

static void nap_ms(long ms)
{
	struct timespec t = { ms / 1000, ms % 1000 * 1000000 };

	nanosleep(&t, NULL);
}

/* A RST, not a FIN, at close: the client's data is not sent again. */
static void reset(int fd)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };

	if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l)) || close(fd))
		die("reset");
}

/* The kernel's figures of the listener: its queue, its limit, its drops. */
static void listener_facts(int lfd)
{
	__u32 mem[SK_MEMINFO_VARS];
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	if (getsockopt(lfd, IPPROTO_TCP, TCP_INFO, &ti, &len))
		die("TCP_INFO");
	fact("queued", ti.tcpi_unacked);
	fact("limit", ti.tcpi_sacked);
	len = sizeof(mem);
	if (getsockopt(lfd, SOL_SOCKET, SO_MEMINFO, mem, &len))
		die("SO_MEMINFO");
	fact("drops", mem[SK_MEMINFO_DROPS]);
}

int main(int argc, char **argv)
{
	int fds[MAX_CLIENTS], backlog, lfd, port, defer = 30, i, n = 0;

	backlog = argc == 3 ? atoi(argv[2]) : 0;
	if (argc != 3 || backlog < 2 || backlog + 2 > MAX_CLIENTS) {
		fprintf(stderr, "usage: synbacklog FACTS BACKLOG (2 to %d)\n", MAX_CLIENTS - 2);
		return 2;
	}
	facts_open(argv[1]);
	lfd = listener_any(0, backlog, 0);
	if (setsockopt(lfd, IPPROTO_TCP, TCP_DEFER_ACCEPT, &defer, sizeof(defer)))
		die("TCP_DEFER_ACCEPT");
	port = port_of(lfd);
	fact("lport", port);
	fact("backlog", backlog);
	while (n < backlog)
		fds[n++] = client(port);
	send_byte(fds[0]);
	send_byte(fds[1]);
	nap_ms(50);
	fds[n++] = client(port);
	fds[n++] = client(port);
	for (i = 2; i < n; i++)
		send_byte(fds[i]);
	nap_ms(500); /* the refused byte is sent again after some 200 ms: another drop */
	for (i = 0; i < n; i++)
		reset(fds[i]);
	nap_ms(50);
	listener_facts(lfd);
	return 0;
}
