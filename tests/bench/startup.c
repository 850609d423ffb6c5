// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * startup [--log FILE] [--asleep | --unasked] TOOL [ARGS...]: start TOOL, time
 * launch to attached, stop it with SIGINT, and print
 * "<ms to attached> <peak RSS KiB> <RSS KiB while tracing> <PSS KiB while tracing>";
 * with --log, what TOOL said on stderr up to attached goes to FILE.
 *
 * Attached is "ready:" on the stderr of TOOL -v (sonde's tools), of TOOL
 * with --unasked (the bench's empty_tracer, the floor: it says so without -v), or with
 * --asleep (the peers in scripts/bench-peers, run without -v): TOOL holds a
 * BPF program and sleeps in its loop. The peers say nothing on stderr once
 * attached: libbpf-tools and bcc print their header after attaching and
 * bpftrace its BEGIN output, but into stdout's buffer when it is not a
 * terminal, where no one sees it before it fills; and bpftrace's
 * "Attaching N probes..." comes before it attaches.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdio.h>
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

int main(int argc, char **argv)
{
	char line[4096], *args[64];
	int asleep_mode = 0, unasked = 0, fds[2], exited = 0, i, n = 0;
	double start, ready = -1;
	const char *tool, *log_path = NULL;
	FILE *watched, *log = NULL;
	long steady, steady_pss;
	struct rusage ru;
	pid_t pid;

	if (argc > 2 && !strcmp(argv[1], "--log")) {
		log_path = argv[2];
		argc -= 2, argv += 2;
	}
	if (argc > 1 && !strcmp(argv[1], "--asleep")) {
		asleep_mode = 1;
		argc--, argv++;
	} else if (argc > 1 && !strcmp(argv[1], "--unasked")) {
		unasked = 1;
		argc--, argv++;
	}
	if (argc < 2 || argc > 60) {
		fprintf(stderr,
			"usage: startup [--log FILE] [--asleep | --unasked] TOOL [ARGS...]\n");
		return 2;
	}
	tool = argv[1];
	args[n++] = argv[1];
	if (!asleep_mode && !unasked)
		args[n++] = "-v";
	for (i = 2; i < argc; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	if (log_path && !(log = fopen(log_path, "we"))) {
		perror(log_path);
		return 1;
	}
	if (pipe(fds))
		return 1;
	start = now_ms();
	pid = fork();
	if (pid == 0) {
		/* stderr into the pipe (or away too when asleep says attached), stdout away */
		dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		if (asleep_mode && !freopen("/dev/null", "w", stderr))
			_exit(127);
		execv(tool, args);
		_exit(127);
	}
	close(fds[1]);
	watched = fdopen(fds[0], "r");
	if (asleep_mode) {
		ready = wait_asleep(pid, start, &exited);
	} else {
		while (fgets(line, sizeof(line), watched) && (!log || fputs(line, log) >= 0))
			if (strstr(line, ": ready: ")) {
				ready = now_ms() - start;
				break;
			}
	}
	usleep(200000); /* settled into its loop */
	steady = proc_kib(pid, "status", "VmRSS:");
	/* its share of pages others map too (libc): what it costs the machine */
	steady_pss = proc_kib(pid, "smaps_rollup", "Pss:");
	kill(pid, SIGINT);
	while (fgets(line, sizeof(line), watched))
		;
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
