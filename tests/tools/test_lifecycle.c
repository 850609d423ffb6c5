// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * What every tool shares around its tracing, tested on real tools: it stops
 * as soon as the reader of its output goes, its wall-clock times are right
 * inside a time namespace, and a user who may not read tracefs is told so,
 * not that the tracepoint is missing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "harness.h"

#define SECONDS_TO_STOP 3.0 /* a reader gone is seen in one poll period (0.1 s) */

/* Start the tool with stdout a pipe whose reader closes once it has attached. */
static pid_t start_into_closed_pipe(const char *tool, const char *const *args)
{
	char path[512], report[64];
	const char *argv[12] = { tool };
	int pipefd[2], i;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/%s", getenv("SONDE_BIN"), tool);
	snprintf(report, sizeof(report), "/tmp/sonde-test-%d-pipe.attach", getpid());
	unlink(report);
	for (i = 0; args[i] && i < 10; i++)
		argv[i + 1] = args[i];
	cr_assert(pipe(pipefd) == 0);
	pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		setenv("SONDE_ATTACH_REPORT", report, 1);
		dup2(pipefd[1], STDOUT_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		execv(path, (char **)argv);
		_exit(127);
	}
	close(pipefd[1]);
	for (i = 0; i < 2000 && access(report, F_OK); i++)
		usleep(10000);
	unlink(report);
	close(pipefd[0]); /* `tool | head -1` once head has had enough */
	return pid;
}

/* It exits 0 within SECONDS_TO_STOP, though its own end (-d 60, 60 s intervals) is far. */
static void assert_stops_at_once(const char *tool, const char *const *args)
{
	double start;
	int status;
	pid_t pid = start_into_closed_pipe(tool, args);

	start = now_s();
	while (waitpid(pid, &status, WNOHANG) == 0 && now_s() - start < SECONDS_TO_STOP)
		usleep(20000);
	if (now_s() - start >= SECONDS_TO_STOP) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		cr_assert_fail("%s kept tracing after its reader had gone", tool);
	}
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: status %#x", tool, status);
}

/*
 * Regression (common/loop.c, fixed): a tool noticed its reader had gone only
 * when it next wrote, so `oomkill | head -1` stayed attached for as long as
 * no OOM kill came, and `execsnoop -n nosuchname | head -1` ran to -d.
 */
Test(lifecycle, an_event_tool_with_nothing_to_print_stops_when_its_reader_goes, .timeout = 30)
{
	assert_stops_at_once("execsnoop",
			     (const char *const[]){ "-n", "nosuchname", "-d", "60", NULL });
	assert_stops_at_once("oomkill", (const char *const[]){ "-d", "60", NULL });
}

Test(lifecycle, a_summary_tool_stops_when_its_reader_goes, .timeout = 30)
{
	assert_stops_at_once("syscount", (const char *const[]){ "60", NULL });
}

/*
 * Regression (common/output.c, fixed): BPF stamps events with the host's
 * monotonic clock, and the conversion to wall-clock time used the reader's,
 * which a time namespace offsets: `unshare -T --monotonic 3600 opensnoop -T`
 * was an hour behind.
 */
Test(lifecycle, times_are_right_inside_a_time_namespace, .timeout = 60)
{
	char cmd[1024], out[4096];
	const char *line;
	double t;

	if (access("/proc/self/timens_offsets", F_OK))
		cr_skip_test("this kernel has no time namespaces");
	snprintf(cmd, sizeof(cmd),
		 "unshare --time --fork --monotonic 3600 --boottime 3600 sh -c '"
		 "%s/execsnoop -j -n true -d 2 & sleep 1; /bin/true; wait'",
		 getenv("SONDE_BIN"));
	sh(out, sizeof(out), "%s", cmd);
	line = strstr(out, "\"time\":");
	cr_assert(line, "no record from inside the time namespace: %s", out);
	t = strtod(line + 7, NULL);
	cr_assert_float_eq(t, (double)time(NULL), 10.0, "time %.0f is not now (%ld): %s", t,
			   (long)time(NULL), out);
}

/* Run a tool as nobody with CAP_BPF and CAP_PERFMON: enough for BPF, not for tracefs. */
static int run_as_nobody(const char *tool, char *err, size_t len)
{
	char cmd[512];
	FILE *p;
	size_t n;

	snprintf(cmd, sizeof(cmd),
		 "setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=+bpf,+perfmon "
		 "--ambient-caps=+bpf,+perfmon %s/%s -d 0.1 2>&1 >/dev/null",
		 getenv("SONDE_BIN"), tool);
	p = popen(cmd, "r");
	cr_assert(p);
	n = fread(err, 1, len - 1, p);
	err[n] = '\0';
	return WEXITSTATUS(pclose(p));
}

/*
 * Regression (common/attach.c, fixed): for a user with CAP_BPF and
 * CAP_PERFMON but no read access to tracefs, the line said tracefs was not
 * mounted (or that the tracepoint was missing): the trouble is permission.
 */
Test(lifecycle, no_permission_on_tracefs_is_said_in_one_line, .timeout = 30)
{
	struct stat st;
	char err[1024];

	if (stat("/sys/kernel/tracing", &st) || (st.st_mode & 0005))
		cr_skip_test("tracefs is readable by others here");
	cr_assert_eq(run_as_nobody("execsnoop", err, sizeof(err)), 1, "%s", err);
	cr_assert(!strncmp(err, "execsnoop: cannot attach: no permission to read ",
			   strlen("execsnoop: cannot attach: no permission to read ")),
		  "%s", err);
	cr_assert_null(strstr(err, "not mounted"), "%s", err);
	cr_assert_null(strstr(err, "needs tracepoint"), "%s", err);
	cr_assert_eq(strchr(err, '\n'), err + strlen(err) - 1, "not one line: %s", err);
}
