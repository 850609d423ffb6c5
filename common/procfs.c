// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Small facts about processes from /proc (procfs.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procfs.h"

void proc_comm_parse(const char *text, size_t len, char comm[SONDE_COMM_LEN])
{
	size_t n = 0;

	while (n < len && n < SONDE_COMM_LEN - 1 && text[n] && text[n] != '\n')
		n++;
	memcpy(comm, text, n);
	memset(comm + n, 0, SONDE_COMM_LEN - n);
}

bool proc_comm(__u32 pid, char comm[SONDE_COMM_LEN])
{
	char path[32], text[SONDE_COMM_LEN + 1];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%u/comm", pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	n = fread(text, 1, sizeof(text), f);
	fclose(f);
	if (!n)
		return false;
	proc_comm_parse(text, n, comm);
	return true;
}

/* Read in growing steps: /proc files have no size, and hand out a page a read. */
ssize_t file_read(const char *path, off_t from, char **text)
{
	size_t len = 0, cap = 0;
	char *buf = NULL, *more;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			if (!(more = realloc(buf, cap))) {
				r = -ENOMEM;
				goto fail;
			}
			buf = more;
		}
		r = pread(fd, buf + len, cap - len, from + (off_t)len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			r = -errno;
			goto fail;
		}
		if (!r)
			break;
		len += r;
	}
	close(fd);
	*text = buf;
	return len;
fail:
	close(fd);
	free(buf);
	return r;
}

long proc_threads_parse(const char *text)
{
	long running, total;
	double a[3];

	if (sscanf(text, "%lf %lf %lf %ld/%ld", &a[0], &a[1], &a[2], &running, &total) != 5 ||
	    total <= 0)
		return -1;
	return total;
}

long proc_threads(void)
{
	char text[128];
	int fd = open("/proc/loadavg", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, text, sizeof(text) - 1);

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	text[n] = '\0';
	return proc_threads_parse(text);
}
