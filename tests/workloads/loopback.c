// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * loopback MBYTES
 *
 * Sends MBYTES megabytes over one TCP connection on 127.0.0.1, from this
 * process to a child that reads them all: loopback traffic, whose receive
 * side runs in NET_RX softirqs (softirqs' tests count them).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHUNK 65536

int main(int argc, char **argv)
{
	struct sockaddr_in addr = { .sin_family = AF_INET,
				    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(addr);
	static char buf[CHUNK];
	long mbytes, left;
	int lfd, cfd, sfd, status;
	pid_t child;
	ssize_t n = 0;

	if (argc != 2 || (mbytes = atol(argv[1])) <= 0) {
		fprintf(stderr, "usage: loopback MBYTES\n");
		return 2;
	}
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) || listen(lfd, 1) ||
	    getsockname(lfd, (struct sockaddr *)&addr, &len))
		return 1;
	child = fork();
	if (child < 0)
		return 1;
	if (child == 0) { /* the reader: everything, to the sender's close */
		sfd = accept(lfd, NULL, NULL);
		while (sfd >= 0 && (n = read(sfd, buf, sizeof(buf))) > 0)
			;
		_exit(sfd < 0 || n < 0);
	}
	close(lfd);
	cfd = socket(AF_INET, SOCK_STREAM, 0);
	if (cfd < 0 || connect(cfd, (struct sockaddr *)&addr, sizeof(addr)))
		return 1;
	memset(buf, 'x', sizeof(buf));
	for (left = mbytes << 20; left > 0; left -= n) {
		n = write(cfd, buf, left < CHUNK ? left : CHUNK);
		if (n <= 0)
			return 1;
	}
	close(cfd);
	if (waitpid(child, &status, 0) != child || !WIFEXITED(status))
		return 1;
	return WEXITSTATUS(status);
}
