// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Return probes with room for many calls in flight (kretprobe.h).
 *
 * A kretprobe keeps one instance per call between the function's entry and
 * its return; when none is free the return is missed, silently for a BPF
 * program (the probe's nmissed only, no counter the program sees). The
 * kernel's default room is max(10, 2 * CPUs), but on kernels built without
 * CONFIG_PREEMPTION, like Debian 11's 5.10, only one per possible CPU: on a
 * one-CPU machine a thread asleep in tcp_recvmsg() held the only instance
 * and every other thread's returns went unseen meanwhile (tcptop lost the
 * 16 KiB reads). The perf kprobe PMU that libbpf 1.1 attaches with takes no
 * maxactive, but tracefs's kprobe_events does ("r<N>:"): the probe is made
 * there, opened as a tracepoint perf event, and removed when the tool stops
 * (kretprobe_cleanup()). Where tracefs is not writable, libbpf's own way.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>

#include "kretprobe.h"

/* tracefs's limit (KRETPROBE_MAXACTIVE_MAX): ~64 bytes each, allocated at attach */
#define KRETPROBE_MAXACTIVE 4096
#define KRETPROBE_MAX_MADE  64

static const char *const tracefs_dirs[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
/* the events made, to remove at the end: their names and tracefs directories */
static char made[KRETPROBE_MAX_MADE][64];
static const char *made_dir[KRETPROBE_MAX_MADE];
static int nmade;

static int append(const char *dir, const char *line)
{
	char path[128];
	int fd, err = 0;
	size_t len = strlen(line);

	snprintf(path, sizeof(path), "%s/kprobe_events", dir);
	fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, line, len) != (ssize_t)len)
		err = -errno;
	close(fd);
	return err;
}

static int event_id(const char *dir, const char *name)
{
	char path[192], buf[32];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/events/kprobes/%s/id", dir, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EINVAL;
	buf[n] = '\0';
	return atoi(buf);
}

static void remove_event(const char *dir, const char *name)
{
	char line[96];

	snprintf(line, sizeof(line), "-:kprobes/%s", name);
	append(dir, line);
}

/*
 * A tool killed outright (SIGKILL, a crash) leaves its events behind: the
 * first tool to make one removes those of sonde processes that are gone.
 * Events in use cannot be removed (EBUSY), so a live tool's stay.
 */
static void remove_stale(const char *dir)
{
	char path[128], line[256], name[64];
	int pid, seq;
	FILE *f;

	snprintf(path, sizeof(path), "%s/kprobe_events", dir);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%*[pr]%*[0-9]:kprobes/sonde_%d_%d", &pid, &seq) == 2 &&
		    kill(pid, 0) && errno == ESRCH) {
			snprintf(name, sizeof(name), "sonde_%d_%d", pid, seq);
			remove_event(dir, name);
		}
	fclose(f);
}

/* The kretprobe made through tracefs, or NULL with errno. */
static struct bpf_link *attach_tracefs(struct bpf_program *prog, const char *func)
{
	struct perf_event_attr attr = { .size = sizeof(attr),
					.type = PERF_TYPE_TRACEPOINT,
					.sample_period = 1,
					.wakeup_events = 1 };
	static int seq;
	struct bpf_link *link;
	const char *dir = NULL;
	char name[64], line[256];
	size_t i;
	int id, pfd, err = -ENOENT;

	if (nmade == KRETPROBE_MAX_MADE)
		return errno = ENOSPC, NULL;
	snprintf(name, sizeof(name), "sonde_%d_%d", getpid(), seq++);
	snprintf(line, sizeof(line), "r%d:kprobes/%s %s", KRETPROBE_MAXACTIVE, name, func);
	for (i = 0; i < sizeof(tracefs_dirs) / sizeof(*tracefs_dirs); i++)
		if (!(err = append(tracefs_dirs[i], line))) {
			dir = tracefs_dirs[i];
			break;
		}
	if (!dir)
		return errno = -err, NULL;
	if (seq == 1)
		remove_stale(dir);
	id = event_id(dir, name);
	if (id < 0) {
		remove_event(dir, name);
		return errno = -id, NULL;
	}
	attr.config = id;
	pfd = syscall(SYS_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
	if (pfd < 0) {
		err = errno;
		remove_event(dir, name);
		return errno = err, NULL;
	}
	link = bpf_program__attach_perf_event(prog, pfd); /* owns pfd from here */
	if (!link) {
		err = errno;
		close(pfd);
		remove_event(dir, name);
		return errno = err, NULL;
	}
	snprintf(made[nmade], sizeof(made[nmade]), "%s", name);
	made_dir[nmade++] = dir;
	return link;
}

struct bpf_link *kretprobe_attach(struct bpf_program *prog, const char *func)
{
	struct bpf_link *link = attach_tracefs(prog, func);

	return link ?: bpf_program__attach_kprobe(prog, true, func);
}

void kretprobe_cleanup(void)
{
	while (nmade > 0) {
		nmade--;
		remove_event(made_dir[nmade], made[nmade]);
	}
}
