// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * opener [--comm NAME] SYSCALL:PATH...
 *
 * Opens each PATH read-only and close-on-exec with the named syscall (open,
 * openat or openat2) and closes it again; a path that cannot be opened is
 * fine (tests want failures too). --comm renames the task first.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/openat2.h>

static long open_with(const char *how, const char *path)
{
	struct open_how oh = { .flags = O_RDONLY | O_CLOEXEC };

	if (!strcmp(how, "open"))
		return syscall(SYS_open, path, O_RDONLY | O_CLOEXEC);
	if (!strcmp(how, "openat"))
		return syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	if (!strcmp(how, "openat2"))
		return syscall(SYS_openat2, AT_FDCWD, path, &oh, sizeof(oh));
	fprintf(stderr, "opener: unknown syscall '%s'\n", how);
	return -2;
}

int main(int argc, char **argv)
{
	char how[16];
	const char *colon;
	long fd;
	int i = 1;

	if (argc > 2 && !strcmp(argv[1], "--comm")) {
		prctl(PR_SET_NAME, argv[2]);
		i = 3;
	}
	for (; i < argc; i++) {
		colon = strchr(argv[i], ':');
		if (!colon || colon - argv[i] >= (long)sizeof(how))
			return 2;
		snprintf(how, sizeof(how), "%.*s", (int)(colon - argv[i]), argv[i]);
		fd = open_with(how, colon + 1);
		if (fd == -2)
			return 2;
		if (fd >= 0)
			close(fd);
	}
	return 0;
}
