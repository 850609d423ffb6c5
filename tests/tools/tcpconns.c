// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The network family's tests' workload and lookups (tcpconns.h). */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "tcpconns.h"

/*
 * The lowest port the kernel hands out by itself (connect() without a bind,
 * bind() to port 0): net.ipv4.ip_local_port_range's first figure.
 */
static long ephemeral_low(void)
{
	FILE *f = fopen("/proc/sys/net/ipv4/ip_local_port_range", "r");
	long low = 32768;

	if (f) {
		if (fscanf(f, "%ld", &low) != 1)
			low = 32768;
		fclose(f);
	}
	return low;
}

static int binds_on_any(long port)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6,
				  .sin6_addr = IN6ADDR_ANY_INIT,
				  .sin6_port = htons(port) };
	int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0), off = 0, ok;

	cr_assert_geq(fd, 0);
	cr_assert_eq(setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)), 0);
	ok = bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
	close(fd);
	return ok;
}

/*
 * A port free on [::] (and so on 127.0.0.1 too), below the ephemeral range:
 * a port the kernel handed out and took back can be any connection's source
 * port a moment later, and a -L or -P filter on it would then see that
 * connection too. Below the range only an explicit bind() takes it.
 */
long free_port(void)
{
	static long calls; /* two calls before either port is bound differ */
	long low = 10000, high = ephemeral_low(), span, port;
	int tries;

	cr_assert_gt(high, low + 1000, "ip_local_port_range starts at %ld", high);
	span = high - low;
	port = low + (getpid() * 7919L + time(NULL) + 101 * calls++) % span;
	for (tries = 0; tries < 1000; tries++, port = low + (port - low + 1) % span)
		if (binds_on_any(port))
			return port;
	cr_assert_fail("no free port in %ld-%ld", low, high - 1);
	return -1;
}

void tcpconns_spawn(struct tcpconns *t)
{
	t->lport = free_port();
	expect_facts(t->facts, sizeof(t->facts), "tcpconns");
	workload_spawn(&t->w, "tcpconns", t->facts, num_arg(TCPCONNS_V4), num_arg(t->lport), NULL);
	expect_workload(&t->w);
	snprintf(t->pid, sizeof(t->pid), "%d", t->w.pid);
}

const struct json *tcpconns_rec(const struct json *recs, size_t n, long pid, const char *key,
				long value)
{
	const struct json *r = rec_find(recs, n, "pid", pid, key, value);
	size_t i, seen = 0;

	cr_assert(r, "no record of pid %ld with %s %ld", pid, key, value);
	for (i = 0; i < n; i++)
		if (json_get(&recs[i], key) && json_number(&recs[i], key) == value &&
		    json_number(&recs[i], "pid") == pid)
			seen++;
	cr_assert_eq(seen, 1, "%zu records of pid %ld with %s %ld", seen, pid, key, value);
	return r;
}

void assert_str_key(const struct json *r, const char *key, const char *want)
{
	cr_assert_str_eq(json_string(r, key), want, "%s", key);
}

void tcpxfer_spawn(struct tcpxfer *x)
{
	x->lport = free_port();
	snprintf(x->port, sizeof(x->port), "%ld", x->lport);
	expect_facts(x->facts, sizeof(x->facts), "tcpxfer");
	workload_spawn(&x->w, "tcpxfer", x->facts, x->port, num_arg(TCPXFER_SLEEP_MS), NULL);
	expect_workload(&x->w);
	snprintf(x->pid, sizeof(x->pid), "%d", x->w.pid);
}
