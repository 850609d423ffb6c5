// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * resolver FACTS [N]
 *
 * Looks up "localhost" N times (default 3) through each of libc's
 * getaddrinfo(), gethostbyname() and gethostbyname2(), for gethostlatency.
 * Every lookup asks for IPv4 only: /etc/hosts here names localhost as
 * 127.0.0.1 alone, and a family it lacks would send glibc on to DNS (the
 * network). Dynamically linked, so the calls go through the libc.so.6 the
 * tool probes. FACTS gets "key value" lines: pid, n, and each function's
 * count of successful lookups (getaddrinfo, gethostbyname, gethostbyname2).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

static int facts_fd = -1;

static void fact(const char *key, long value)
{
	char line[64];
	int n = snprintf(line, sizeof(line), "%s %ld\n", key, value);

	if (write(facts_fd, line, n) != n)
		_exit(120);
}

int main(int argc, char **argv)
{
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res;
	long n = argc > 2 ? atol(argv[2]) : 3, i, gai = 0, ghbn = 0, ghbn2 = 0;

	if (argc < 2 || n < 1) {
		fprintf(stderr, "usage: resolver FACTS [N]\n");
		return 2;
	}
	facts_fd = open(argv[1], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (facts_fd < 0)
		return 2;
	fact("pid", getpid());
	fact("n", n);
	for (i = 0; i < n; i++) {
		if (!getaddrinfo("localhost", NULL, &hints, &res)) {
			gai++;
			freeaddrinfo(res);
		}
		ghbn += gethostbyname("localhost") != NULL;
		ghbn2 += gethostbyname2("localhost", AF_INET) != NULL;
	}
	fact("getaddrinfo", gai);
	fact("gethostbyname", ghbn);
	fact("gethostbyname2", ghbn2);
	return gai == n && ghbn == n && ghbn2 == n ? 0 : 1;
}
