// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The PID and time namespaces the tool runs in (namespaces.h). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "namespaces.h"

#define NSEC_PER_SEC 1000000000LL

bool pidns_of_self(struct filter_pidns *ns)
{
	struct stat st;

	*ns = (struct filter_pidns){ 0 };
	if (stat("/proc/self/ns/pid", &st))
		return false;
	if (st.st_ino == PIDNS_INIT_INO)
		return true;
	ns->dev = (__u64)major(st.st_dev) << 20 | minor(st.st_dev);
	ns->ino = st.st_ino;
	return true;
}

/* A decimal integer at *s with optional sign, then blanks; false if there is none. */
static bool read_integer(const char **s, long long *v)
{
	char *end;

	errno = 0;
	*v = strtoll(*s, &end, 10);
	if (end == *s || errno)
		return false;
	*s = end;
	return true;
}

/* Lines "<clock> <seconds> <nanoseconds>", as the kernel writes them. */
int timens_parse_monotonic(const char *text, __s64 *ns)
{
	const char *line = text, *p;
	long long sec, nsec;

	for (; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		if (strncmp(line, "monotonic ", 10))
			continue;
		p = line + 10;
		if (!read_integer(&p, &sec) || !read_integer(&p, &nsec))
			return -1;
		if (nsec < 0 || nsec >= NSEC_PER_SEC || sec > INT64_MAX / NSEC_PER_SEC - 1 ||
		    sec < INT64_MIN / NSEC_PER_SEC + 1)
			return -1;
		*ns = sec * NSEC_PER_SEC + nsec;
		return 0;
	}
	return -1;
}

__s64 timens_monotonic_offset(void)
{
	FILE *f = fopen("/proc/self/timens_offsets", "re");
	char text[256];
	size_t n;
	__s64 ns = 0;

	if (!f)
		return 0;
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	if (timens_parse_monotonic(text, &ns))
		return 0;
	return ns;
}
