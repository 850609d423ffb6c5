// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * sockets N
 *
 * Opens and closes N AF_UNIX datagram sockets, one at a time, and prints
 * the nanoseconds a socket()+close() pair took on average. Each socket()
 * allocates exactly one inode from the slab cache sock_inode_cache
 * (sock_alloc(): new_inode_pseudo(), the socket file system's
 * sock_alloc_inode()), which nothing else this process does allocates
 * from: slabratetop's test counts N there, and the bench times the pairs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>

int main(int argc, char **argv)
{
	struct timespec a, b;
	long n, i;
	int fd;

	if (argc != 2 || (n = atol(argv[1])) < 0) {
		fprintf(stderr, "usage: sockets N\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++) {
		fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			perror("socket");
			return 1;
		}
		close(fd);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.1f\n", n ? ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n : 0.0);
	return 0;
}
