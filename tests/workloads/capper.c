// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * capper ACTION...
 *
 * Makes capability checks whose outcome is known, in order:
 *   chown:PATH  chown PATH to uid 65534: CAP_CHOWN, audited, allowed (as root)
 *   nice        drop CAP_SYS_NICE from the effective set, then ask for nice -1:
 *               CAP_SYS_NICE, audited, denied (the call must fail with EACCES)
 *   peek        read /proc/CHILD/stat of a child that made itself non-dumpable:
 *               the kernel asks for CAP_SYS_PTRACE without auditing (whether
 *               to show the child's wait channel), allowed (as root)
 *   linger:MS   stay MS milliseconds more (so a tracer can still read this
 *               process's mappings when it names its user stacks)
 * Exits 0 when every action behaved as described, 1 otherwise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/capability.h>

static int drop_effective(int cap)
{
	struct __user_cap_header_struct head = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &head, data))
		return -1;
	data[cap / 32].effective &= ~(1U << (cap % 32));
	return syscall(SYS_capset, &head, data);
}

/* A different process with the same credentials, but not dumpable: access to it needs a capability. */
static int peek(void)
{
	char path[64], buf[512], ready;
	int fds[2], fd, ok;
	pid_t child;

	if (pipe(fds))
		return -1;
	child = fork();
	if (child == 0) {
		prctl(PR_SET_DUMPABLE, 0);
		if (write(fds[1], "r", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	ok = child > 0 && read(fds[0], &ready, 1) == 1;
	snprintf(path, sizeof(path), "/proc/%d/stat", child);
	fd = ok ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	ok = fd >= 0 && read(fd, buf, sizeof(buf)) > 0;
	if (fd >= 0)
		close(fd);
	if (child > 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
	}
	close(fds[0]);
	close(fds[1]);
	return ok ? 0 : -1;
}

static int act(const char *action)
{
	if (!strncmp(action, "chown:", 6))
		return chown(action + 6, 65534, -1);
	if (!strcmp(action, "nice")) {
		if (drop_effective(CAP_SYS_NICE))
			return -1;
		/* denied is the success case here (EACCES is setpriority's way to say so) */
		return setpriority(PRIO_PROCESS, 0, -1) == -1 && errno == EACCES ? 0 : -1;
	}
	if (!strcmp(action, "peek"))
		return peek();
	if (!strncmp(action, "linger:", 7))
		return usleep(atoi(action + 7) * 1000);
	fprintf(stderr, "capper: unknown action '%s'\n", action);
	return -1;
}

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (act(argv[i])) {
			fprintf(stderr, "capper: %s: %s\n", argv[i], strerror(errno));
			return 1;
		}
	return 0;
}
