// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tcpstream FACTS ADDR BYTES [PORT]
 *
 * One TCP connection on loopback carrying data, for tcprtt: a listener on
 * ADDR (127.0.0.1 or ::1) at PORT (or an ephemeral one), a connect to it, BYTES
 * sent in 64 KiB writes and read to the end by a child process on the
 * accepted socket, each received segment an RTT sample on both ends (data
 * on the server, ACKs on the client). FACTS gets "lport P" (the listener's
 * port), "sport S" (the client's, from getsockname()) and "bytes N" read.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "loopnet.h"

int main(int argc, char **argv)
{
	struct sockaddr_storage ss = { 0 };
	struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
	static char buf[65536];
	long total, done = 0;
	int lfd, cfd, sfd, status, pipefd[2];
	socklen_t len;
	pid_t child;

	if (argc < 4 || argc > 5 || (total = atol(argv[3])) <= 0) {
		fprintf(stderr, "usage: tcpstream FACTS ADDR BYTES [PORT]\n");
		return 2;
	}
	facts_open(argv[1]);
	if (inet_pton(AF_INET, argv[2], &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons(argc == 5 ? atoi(argv[4]) : 0);
		len = sizeof(*a4);
	} else if (inet_pton(AF_INET6, argv[2], &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons(argc == 5 ? atoi(argv[4]) : 0);
		len = sizeof(*a6);
	} else {
		fprintf(stderr, "tcpstream: bad address %s\n", argv[2]);
		return 2;
	}
	lfd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&ss, len) || listen(lfd, 1) ||
	    getsockname(lfd, (struct sockaddr *)&ss, &len))
		die("listener");
	fact("lport", port_of(lfd));
	cfd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (cfd < 0 || connect(cfd, (struct sockaddr *)&ss, len))
		die("connect");
	fact("sport", port_of(cfd));
	sfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (sfd < 0 || pipe(pipefd))
		die("accept");
	child = fork();
	if (child < 0)
		die("fork");
	if (!child) { /* the reader: counts what arrives until the writer closes */
		long got = 0;
		ssize_t n;

		close(cfd);
		while ((n = read(sfd, buf, sizeof(buf))) > 0)
			got += n;
		if (write(pipefd[1], &got, sizeof(got)) != sizeof(got))
			_exit(1);
		_exit(n < 0);
	}
	close(sfd);
	while (done < total) {
		long want = total - done < (long)sizeof(buf) ? total - done : (long)sizeof(buf);
		ssize_t n = write(cfd, buf, want);

		if (n <= 0)
			die("write");
		done += n;
	}
	close(cfd);
	if (read(pipefd[0], &done, sizeof(done)) != sizeof(done) ||
	    waitpid(child, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		die("reader");
	fact("bytes", done);
	close(lfd);
	return done == total ? 0 : 1;
}
