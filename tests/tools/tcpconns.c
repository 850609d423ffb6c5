// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The network family's tests' workload and lookups (tcpconns.h). */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "tcpconns.h"

/* A port free on [::] (and so on 127.0.0.1 too) as the kernel hands out. */
static long free_port(void)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_ANY_INIT };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0), off = 0;

	cr_assert_geq(fd, 0);
	cr_assert_eq(setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)), 0);
	cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	close(fd);
	return ntohs(a.sin6_port);
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

long tcpconns_free_port(void)
{
	return free_port();
}
