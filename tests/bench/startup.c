// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * startup [--log FILE | --asleep | --unasked] TOOL [ARGS...]: start TOOL,
 * time launch to attached, stop it with SIGINT, and print
 * "<ms to attached> <peak RSS KiB> <RSS KiB while tracing> <PSS KiB while tracing>".
 *
 * Attached is, for sonde's tools, their first line on a terminal (a
 * pseudo-terminal for stdout and stderr): the header or the "Tracing..."
 * hint they print once every program is attached, what a user waits for.
 * Not -v's "ready:": -v echoes libbpf's log, some 300 lines written one by
 * one, which took 1 to 5 ms of a start here that no user without -v pays.
 * With --log, TOOL runs with -v and attached is its "ready:" line; what it
 * said on stderr up to it goes to FILE (the bench reads the hooks attached
 * from it). With --unasked (the bench's empty_tracer, the floor) it is the
 * "ready:" it says without -v; with --asleep (the peers in
 * scripts/bench-peers, run without -v) TOOL holds a BPF program and sleeps
 * in its loop. The peers say nothing on stderr once attached:
 * libbpf-tools and bcc print their header after attaching and bpftrace its
 * BEGIN output, but into stdout's buffer when it is not a terminal, where
 * no one sees it before it fills; and bpftrace's "Attaching N probes..."
 * comes before it attaches.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define GIVE_UP_MS 120000 /* bcc compiles its programs at start */

/* The "<key> <kB>" line of /proc/PID/<file>: VmRSS of status, Pss of smaps_rollup. */
static long proc_kib(pid_t pid, const char *file, const char *key)
{
	char path[64], line[256], format[64];
	long kib = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	snprintf(format, sizeof(format), "%s %%ld", key);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, format, &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Asleep in a wait (epoll, poll, a timed sleep), holding a BPF program. */
static int asleep_with_bpf(pid_t pid)
{
	char path[300], target[64], wchan[64] = "";
	int found = 0;
	struct dirent *d;
	FILE *f;
	DIR *dir;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/wchan", pid);
	f = fopen(path, "re");
	if (f) {
		if (!fgets(wchan, sizeof(wchan), f))
			wchan[0] = '\0';
		fclose(f);
	}
	if (fnmatch("*poll*", wchan, 0) && fnmatch("*select*", wchan, 0) &&
	    fnmatch("*sleep*", wchan, 0) && fnmatch("*pause*", wchan, 0))
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	dir = opendir(path);
	while (dir && !found && (d = readdir(dir))) {
		snprintf(path, sizeof(path), "/proc/%d/fd/%s", pid, d->d_name);
		n = readlink(path, target, sizeof(target) - 1);
		found = n > 0 && (target[n] = '\0', !strcmp(target, "anon_inode:bpf-prog"));
	}
	if (dir)
		closedir(dir);
	return found;
}

/* Milliseconds from start until TOOL is asleep with a BPF program; -1 if it exited first. */
static double wait_asleep(pid_t pid, double start, int *exited)
{
	int status;

	while (now_ms() - start < GIVE_UP_MS) {
		if (waitpid(pid, &status, WNOHANG) == pid) {
			*exited = 1;
			return -1;
		}
		if (asleep_with_bpf(pid))
			return now_ms() - start;
		usleep(1000);
	}
	return -1;
}

/*
 * Wait for TOOL to end after a SIGINT, sending it again every 2 s while it
 * stays (bpftrace 0.17 now and then sits in its loop after the first, and
 * a second Ctrl-C ends it), and SIGKILL after 10 s; its resource usage.
 */
static void reap(pid_t pid, const char *tool, struct rusage *ru)
{
	int status, i;

	for (i = 1; wait4(pid, &status, WNOHANG, ru) != pid; i++) {
		if (i % 200 == 0) {
			fprintf(stderr, "startup: %s still there %d s after SIGINT\n", tool,
				i / 100);
			kill(pid, i < 1000 ? SIGINT : SIGKILL);
		}
		if (i > 1000) {
			wait4(pid, &status, 0, ru);
			return;
		}
		usleep(10000);
	}
}

/*
 * A pseudo-terminal: its master, read here, into *master; the path of
 * its slave, which TOOL opens as its stdout and stderr. NULL on failure.
 */
static const char *open_terminal(int *master)
{
	*master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (*master < 0 || grantpt(*master) || unlockpt(*master))
		return NULL;
	return ptsname(*master);
}

/* Milliseconds from start until the first byte on the terminal; -1 if TOOL ended first. */
static double wait_first_line(int master, double start)
{
	struct pollfd p = { .fd = master, .events = POLLIN };
	char byte;

	while (now_ms() - start < GIVE_UP_MS)
		if (poll(&p, 1, 1000) > 0)
			return read(master, &byte, 1) == 1 ? now_ms() - start : -1;
	return -1;
}

/* Read what TOOL writes until it has closed its end (EOF, or EIO on a terminal). */
static void drain(int fd)
{
	char buf[4096];

	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

/* "<name>: ready: " on fd, copied to log (if any) on the way; ms from start, -1 if never. */
static double wait_ready_line(int fd, double start, FILE *log)
{
	FILE *watched = fdopen(dup(fd), "r");
	char line[4096];
	double ready = -1;

	while (watched && fgets(line, sizeof(line), watched) && (!log || fputs(line, log) >= 0))
		if (strstr(line, ": ready: ")) {
			ready = now_ms() - start;
			break;
		}
	if (watched)
		fclose(watched); /* what it read ahead of the line is TOOL's later chatter */
	return ready;
}

int main(int argc, char **argv)
{
	enum { FIRST_LINE, READY_LINE, ASLEEP } mode = FIRST_LINE;
	int exited = 0, i, n = 0, fds[2] = { -1, -1 }, out_fd;
	const char *tool, *log_path = NULL, *terminal = NULL;
	double start, ready = -1;
	long steady, steady_pss;
	struct rusage ru;
	char *args[64];
	FILE *log = NULL;
	pid_t pid;

	if (argc > 2 && !strcmp(argv[1], "--log")) {
		log_path = argv[2], mode = READY_LINE;
		argc -= 2, argv += 2;
	} else if (argc > 1 && !strcmp(argv[1], "--asleep")) {
		mode = ASLEEP;
		argc--, argv++;
	} else if (argc > 1 && !strcmp(argv[1], "--unasked")) {
		mode = READY_LINE;
		argc--, argv++;
	}
	if (argc < 2 || argc > 60) {
		fprintf(stderr,
			"usage: startup [--log FILE | --asleep | --unasked] TOOL [ARGS...]\n");
		return 2;
	}
	tool = argv[1];
	args[n++] = argv[1];
	if (log_path)
		args[n++] = "-v";
	for (i = 2; i < argc; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	if (log_path && !(log = fopen(log_path, "we"))) {
		perror(log_path);
		return 1;
	}
	if (mode == FIRST_LINE ? !(terminal = open_terminal(&fds[0])) : pipe2(fds, O_CLOEXEC)) {
		perror("startup: terminal or pipe");
		return 1;
	}
	start = now_ms();
	pid = fork();
	if (pid == 0) {
		/* FIRST_LINE: both on the terminal; READY_LINE: stderr into the pipe,
		 * stdout away; ASLEEP: both away */
		out_fd = terminal ? open(terminal, O_RDWR | O_NOCTTY) : open("/dev/null", O_WRONLY);
		if (out_fd < 0 || dup2(out_fd, 1) < 0 ||
		    dup2(terminal || mode == ASLEEP ? out_fd : fds[1], 2) < 0)
			_exit(127);
		execv(tool, args);
		_exit(127);
	}
	if (fds[1] >= 0)
		close(fds[1]);
	if (mode == ASLEEP)
		ready = wait_asleep(pid, start, &exited);
	else if (mode == READY_LINE)
		ready = wait_ready_line(fds[0], start, log);
	else
		ready = wait_first_line(fds[0], start);
	usleep(200000); /* settled into its loop */
	steady = proc_kib(pid, "status", "VmRSS:");
	/* its share of pages others map too (libc): what it costs the machine */
	steady_pss = proc_kib(pid, "smaps_rollup", "Pss:");
	kill(pid, SIGINT);
	drain(fds[0]);
	if (!exited)
		reap(pid, tool, &ru);
	if (log)
		fclose(log);
	if (ready < 0) {
		fprintf(stderr, "startup: %s never attached\n", tool);
		return 1;
	}
	printf("%.1f %ld %ld %ld\n", ready, ru.ru_maxrss, steady, steady_pss);
	return 0;
}
