// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcpbulk FACTS PORT [DELAY_MS]
 *
 * Known byte counts over loopback TCP, both ways, for the traffic tools
 * (tcptop, tcppktlat). A dual-stack listener on [::] port PORT (0: an
 * ephemeral one); then, once over IPv4 (to 127.0.0.1) and once over IPv6
 * (to ::1), one connection between this process's main thread (the
 * client) and a thread of its own (the server):
 *
 *   client -> server  TCPBULK_UP bytes (1,000,000), in 16 KiB writes
 *   server -> client  TCPBULK_DOWN bytes (300,000)
 *   client -> server  TCPBULK_PING bytes (100), which the server finds
 *                     arrived (poll), then reads DELAY_MS (default 200)
 *                     milliseconds later: that data waited at least so long
 *
 * Every read and write is complete and plain (no MSG_PEEK), so the client
 * sends and the server receives TCPBULK_UP + TCPBULK_PING bytes, and the
 * server sends and the client receives TCPBULK_DOWN. FACTS gets "lport P"
 * (the listener's port), and per family ("v4", "v6") the client's port
 * ("v4_cport C"), the client's and the server's thread IDs ("v4_ctid",
 * "v4_stid").
 *
 * With FACTS "-", only BYTES = PORT bytes go one way over IPv4, and it
 * prints the nanoseconds one 16 KiB write and its read took on average:
 * the bench's loop.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>

#include "loopnet.h"

#define TCPBULK_UP   1000000
#define TCPBULK_DOWN 300000
#define TCPBULK_PING 100
#define CHUNK	     16384

static long delay_ms = 200;
static long bench_bytes; /* FACTS "-": bytes up, none down, no ping */

/* "v4_cport C": the family's prefix makes the key. */
static void family_fact(const char *prefix, const char *key, long value)
{
	char k[32];

	snprintf(k, sizeof(k), "%s%s", prefix, key);
	fact(k, value);
}

static void send_all(int fd, long bytes)
{
	static char buf[CHUNK];
	long done = 0;
	ssize_t n;

	while (done < bytes) {
		n = write(fd, buf, bytes - done < CHUNK ? bytes - done : CHUNK);
		if (n <= 0)
			die("write");
		done += n;
	}
}

static void recv_all(int fd, long bytes)
{
	static __thread char buf[CHUNK];
	long done = 0;
	ssize_t n;

	while (done < bytes) {
		n = read(fd, buf, bytes - done < CHUNK ? bytes - done : CHUNK);
		if (n <= 0)
			die("read");
		done += n;
	}
}

struct server {
	int lfd, fd;
	pid_t tid;
};

static void *serve(void *arg)
{
	struct server *s = arg;
	struct pollfd p = { .events = POLLIN };
	struct timespec nap = { delay_ms / 1000, delay_ms % 1000 * 1000000 };

	s->tid = gettid();
	s->fd = p.fd = accept4(s->lfd, NULL, NULL, SOCK_CLOEXEC);
	if (s->fd < 0)
		die("accept");
	if (bench_bytes) {
		recv_all(s->fd, bench_bytes);
		return NULL;
	}
	recv_all(s->fd, TCPBULK_UP);
	send_all(s->fd, TCPBULK_DOWN);
	/* the ping has arrived (tcp_probe has seen it) before the wait begins */
	if (poll(&p, 1, 10000) != 1)
		die("poll");
	nanosleep(&nap, NULL);
	recv_all(s->fd, TCPBULK_PING);
	return NULL;
}

/* One connection over `family` to `addr`: the exchange above; the client's port. */
static int exchange(int lfd, int family, const char *addr, int port, const char *prefix)
{
	struct server s = { .lfd = lfd };
	int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	pthread_t t;

	if (fd < 0)
		die("socket");
	if (pthread_create(&t, NULL, serve, &s))
		die("pthread_create");
	if (connect_addr(fd, family, addr, port))
		die("connect");
	if (bench_bytes) {
		send_all(fd, bench_bytes);
	} else {
		send_all(fd, TCPBULK_UP);
		recv_all(fd, TCPBULK_DOWN);
		send_all(fd, TCPBULK_PING);
	}
	pthread_join(t, NULL);
	family_fact(prefix, "_cport", port_of(fd));
	family_fact(prefix, "_ctid", gettid());
	family_fact(prefix, "_stid", s.tid);
	close(s.fd);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	struct timespec a, b;
	int lfd;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: tcpbulk FACTS PORT [DELAY_MS]\n");
		return 2;
	}
	if (argc == 4)
		delay_ms = atol(argv[3]);
	if (!strcmp(argv[1], "-")) {
		bench_bytes = atol(argv[2]);
		if (bench_bytes <= 0)
			return 2;
		lfd = listener_any(0, 8, 1);
		clock_gettime(CLOCK_MONOTONIC, &a);
		exchange(lfd, AF_INET, "127.0.0.1", port_of(lfd), "v4");
		clock_gettime(CLOCK_MONOTONIC, &b);
		printf("%.1f\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) /
					 ((bench_bytes + CHUNK - 1) / CHUNK));
		return 0;
	}
	facts_open(argv[1]);
	lfd = listener_any(atoi(argv[2]), 8, 1);
	fact("lport", port_of(lfd));
	exchange(lfd, AF_INET, "127.0.0.1", port_of(lfd), "v4");
	exchange(lfd, AF_INET6, "::1", port_of(lfd), "v6");
	return 0;
}
