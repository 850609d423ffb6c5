// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * opener [--comm NAME] [--cwd DIR] SYSCALL:PATH...
 *
 * Opens each PATH read-only and close-on-exec with the named syscall (open,
 * openat or openat2; "open" is openat where there is no open, as on arm64)
 * and closes it again; a path that cannot be opened is fine (tests want
 * failures too). --comm renames the task first; --cwd changes to DIR first,
 * for relative paths.
 *
 * Two more "syscalls" openat PATH under a seccomp filter installed on first
 * use: "trapped" (SECCOMP_RET_TRAP: the call never runs, SIGSYS comes
 * instead) and "refused" (SECCOMP_RET_ERRNO: it fails with EACCES unrun).
 * The filter tells them apart by an open flag each: O_NOCTTY, O_NOATIME.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>

static void on_sigsys(int sig)
{
	(void)sig; /* the trapped call simply did not happen */
}

static int install_seccomp(void)
{
	static bool installed;
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat, 0, 5),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2])),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, O_NOCTTY, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, O_NOATIME, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EACCES),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };

	if (installed)
		return 0;
	installed = true;
	signal(SIGSYS, on_sigsys);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
		perror("opener: seccomp");
		return -1;
	}
	return 0;
}

static long open_with(const char *how, const char *path)
{
	struct open_how oh = { .flags = O_RDONLY | O_CLOEXEC };

	if (!strcmp(how, "open")) {
#ifdef SYS_open
		return syscall(SYS_open, path, O_RDONLY | O_CLOEXEC);
#else
		/* arm64 and the other asm-generic architectures have openat alone:
		 * the tests' expectations (a path opened, its record) hold for it */
		return syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
#endif
	}
	if (!strcmp(how, "openat"))
		return syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	if (!strcmp(how, "openat2"))
		return syscall(SYS_openat2, AT_FDCWD, path, &oh, sizeof(oh));
	if (!strcmp(how, "trapped") || !strcmp(how, "refused")) {
		if (install_seccomp())
			return -2;
		syscall(SYS_openat, AT_FDCWD, path,
			O_RDONLY | (how[0] == 't' ? O_NOCTTY : O_NOATIME));
		return -1; /* nothing was opened either way */
	}
	fprintf(stderr, "opener: unknown syscall '%s'\n", how);
	return -2;
}

int main(int argc, char **argv)
{
	char how[16];
	const char *colon;
	long fd;
	int i = 1;

	for (; i + 1 < argc && !strncmp(argv[i], "--", 2); i += 2) {
		if (!strcmp(argv[i], "--comm"))
			prctl(PR_SET_NAME, argv[i + 1]);
		else if (strcmp(argv[i], "--cwd") || chdir(argv[i + 1]))
			return 2;
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
