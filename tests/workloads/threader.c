// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * threader FACTS
 *
 * The main thread creates threads a and b; a creates c. A child process is
 * forked too, which must not count as a thread. Thread IDs go to FACTS as
 * "key value" lines: main, a, b, c.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static int facts_fd = -1;

static void fact(const char *key, long value)
{
	char line[64];
	int n = snprintf(line, sizeof(line), "%s %ld\n", key, value);

	if (write(facts_fd, line, n) != n)
		_exit(120);
}

static void *leaf(void *key)
{
	fact(key, gettid());
	return NULL;
}

static void *parent_of_c(void *arg)
{
	pthread_t c;

	(void)arg;
	fact("a", gettid());
	if (pthread_create(&c, NULL, leaf, "c"))
		_exit(121);
	pthread_join(c, NULL);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t a, b;
	pid_t child;
	int status;

	if (argc != 2) {
		fprintf(stderr, "usage: threader FACTS\n");
		return 2;
	}
	facts_fd = open(argv[1], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (facts_fd < 0)
		return 2;
	fact("main", gettid());
	if (pthread_create(&a, NULL, parent_of_c, NULL) || pthread_create(&b, NULL, leaf, "b"))
		return 1;
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	child = fork();
	if (child == 0)
		_exit(0);
	if (child < 0 || waitpid(child, &status, 0) != child || status)
		return 1;
	return 0;
}
