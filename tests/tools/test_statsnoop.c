// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"
#include "snoop.h"

#define FD     40 /* tests/workloads/statter.c's descriptors */
#define BAD_FD 99

static struct {
	char file[128], missing[128];
} p;

static void paths_make(void)
{
	snprintf(p.file, sizeof(p.file), "/tmp/%s-stat", test_marker());
	snprintf(p.missing, sizeof(p.missing), "/tmp/%s-stat-missing", test_marker());
	close(open(p.file, O_CREAT | O_WRONLY | O_CLOEXEC, 0600));
	unlink(p.missing);
}

static void paths_remove(void)
{
	unlink(p.file);
	expect_cleanup();
}

TestSuite(statsnoop, .init = paths_make, .fini = paths_remove, .timeout = 60);

struct want {
	const char *call;
	bool missing; /* on the missing path, else on the file (or an fd) */
	bool no_path; /* an fd call */
	int fd;
	const char *flags;
	int ret;
	const char *error;
};

#define AT_FDCWD_ (-100)

/* What statter does, in order (stat and lstat only where they exist). */
static const struct want script[] = {
#ifdef SYS_stat
	{ "stat", false, false, AT_FDCWD_, "0", 0, "0" },
	{ "lstat", false, false, AT_FDCWD_, "0", 0, "0" },
	{ "stat", true, false, AT_FDCWD_, "0", -1, "ENOENT" },
#endif
	{ "fstat", false, true, FD, "0", 0, "0" },
	{ "newfstatat", false, false, AT_FDCWD_, "AT_SYMLINK_NOFOLLOW", 0, "0" },
	{ "newfstatat", false, true, FD, "AT_EMPTY_PATH", 0, "0" },
	{ "statx", false, false, AT_FDCWD_, "AT_STATX_DONT_SYNC", 0, "0" },
	{ "statfs", false, false, AT_FDCWD_, "0", 0, "0" },
	{ "fstatfs", false, true, FD, "0", 0, "0" },
	{ "statx", true, false, AT_FDCWD_, "0", -1, "ENOENT" },
	{ "fstat", false, true, BAD_FD, "0", -1, "EBADF" },
	{ "statfs", true, false, AT_FDCWD_, "0", -1, "ENOENT" },
};

#define SCRIPT_LEN (sizeof(script) / sizeof(script[0]))

static void spawn(struct workload *w)
{
	workload_spawn(w, "statter", p.file, p.missing, NULL);
}

/* One of the workload's own calls: on its paths or descriptors (not the loader's). */
static bool scripted(const struct json *r)
{
	const char *path = json_string(r, "path");
	double fd = json_number(r, "fd");

	return !strcmp(path, p.file) || !strcmp(path, p.missing) ||
	       (!*path && (fd == FD || fd == BAD_FD));
}

static size_t scripted_calls(const struct json *recs, size_t n, pid_t pid, const struct json **out,
			     size_t max)
{
	const struct json *mine[512];
	size_t i, k = 0, m = snoop_of_pid(recs, n, pid, mine, 512);

	for (i = 0; i < m && k < max; i++)
		if (scripted(mine[i]))
			out[k++] = mine[i];
	return k;
}

static void assert_call(const struct json *r, const struct want *want, pid_t pid)
{
	const char *path = want->no_path ? "" : want->missing ? p.missing : p.file;

	cr_assert_str_eq(json_string(r, "call"), want->call);
	cr_assert_str_eq(json_string(r, "path"), path, "%s: path", want->call);
	cr_assert_eq(json_number(r, "fd"), want->fd, "%s %s: fd", want->call, path);
	cr_assert_str_eq(json_string(r, "flags"), want->flags, "%s %s: flags", want->call, path);
	cr_assert_eq(json_number(r, "ret"), want->ret, "%s %s: ret", want->call, path);
	cr_assert_str_eq(json_string(r, "error"), want->error, "%s %s: error", want->call, path);
	/* every path is resident (even newfstatat's ""): read as the call began */
	if (!strcmp(want->call, "fstat") || !strcmp(want->call, "fstatfs"))
		cr_assert_eq(json_get(r, "path_read")->type, JSON_NULL, "%s: path_read",
			     want->call);
	else
		cr_assert_str_eq(json_string(r, "path_read"), resident_string_read(), "%s %s",
				 want->call, path);
	cr_assert_str_eq(json_string(r, "comm"), "statter");
	cr_assert_eq(json_number(r, "tid"), pid);
	cr_assert_eq(json_number(r, "uid"), getuid());
	cr_assert_gt(json_number(r, "time"), 1.6e9, "time is not epoch seconds");
}

Test(statsnoop, every_call_exactly_in_order)
{
	const char *args[TRACE_MAX_ARGS + 1] = { NULL };
	const struct json *calls[64];
	struct workload w;
	struct json *recs;
	size_t n, k, i;

	spawn(&w);
	recs = trace_workload(&w, &n, "statsnoop", args);
	k = scripted_calls(recs, n, w.pid, calls, 64);
	cr_assert_eq(k, SCRIPT_LEN, "%zu of the workload's calls seen, %zu made", k, SCRIPT_LEN);
	for (i = 0; i < k; i++)
		assert_call(calls[i], &script[i], w.pid);
	assert_fields_documented("statsnoop", calls[0]);
	json_lines_free(recs, n);
}

Test(statsnoop, failed_only_and_pid_filter)
{
	const char *args[TRACE_MAX_ARGS + 1] = { "-x", "-p", NULL };
	const struct json *calls[64];
	struct workload w;
	struct json *recs;
	size_t n, k, i, s = 0;

	spawn(&w);
	args[2] = num_arg(w.pid);
	recs = trace_workload(&w, &n, "statsnoop", args);
	for (i = 0; i < n; i++) {
		if (json_get(&recs[i], "lost_events"))
			continue;
		cr_assert_eq(json_number(&recs[i], "pid"), w.pid, "-p let another process through");
		cr_assert_eq(json_number(&recs[i], "ret"), -1, "-x let a successful call through");
	}
	k = scripted_calls(recs, n, w.pid, calls, 64);
	for (i = 0; i < SCRIPT_LEN; i++) {
		if (script[i].ret == 0)
			continue;
		cr_assert(s < k, "failed call %s missing", script[i].call);
		assert_call(calls[s++], &script[i], w.pid);
	}
	cr_assert_eq(s, k, "more failed calls than the workload made");
	json_lines_free(recs, n);
}

Test(statsnoop, extended_text_columns)
{
	const char *header =
		"PID     COMM              RET ERR     CALL         FD FLAGS         PATH\n";
	struct tool_proc t;
	struct workload w;
	char want[256];

	spawn(&w);
	tool_start(&t, "statsnoop", "-e", "-n", "statter", NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0);
	cr_assert(!strncmp(t.out, header, strlen(header)), "header: %s", t.out);
	snprintf(want, sizeof(want),
		 "%-7d statter            -1 ENOENT  statx      -100 0             %s\n", w.pid,
		 p.missing);
	cr_assert(strstr(t.out, want), "no line '%s' in:\n%s", want, t.out);
	snprintf(want, sizeof(want),
		 "%-7d statter             0 0       newfstatat   %d AT_EMPTY_PATH \n", w.pid, FD);
	cr_assert(strstr(t.out, want), "no line '%s' in:\n%s", want, t.out);
	tool_free(&t);
}

/* A path in a page the caller never touched cannot be read as the call begins: it is read at its end. */
Test(statsnoop, path_in_an_untouched_page_read_at_exit)
{
	struct rewriter_run run = { .call = "newfstatat", .key = "fd", .value = AT_FDCWD_ };

	snoop_rewriter(&run, "statsnoop", "stat-untouched", p.file, NULL, NULL);
	cr_assert_str_eq(json_string(run.rec, "path"), p.file);
	cr_assert_str_eq(json_string(run.rec, "path_read"), "exit");
	cr_assert_eq(json_number(run.rec, "ret"), 0);
	snoop_rewriter_free(&run);
}

/*
 * The caller rewrites the path while the call waits for a page, after the
 * kernel copied it: the path the call began with is shown (the kernel
 * stat'ed it: the decoy names no file). Without task storage the path is
 * read at exit, after the rewrite, and says so.
 */
Test(statsnoop, path_rewritten_while_the_call_blocks)
{
	struct rewriter_run run = { .call = "newfstatat", .key = "fd", .value = AT_FDCWD_ };

	snoop_rewriter(&run, "statsnoop", "stat-rewrite", p.file, p.missing, NULL);
	cr_assert_eq(fact(run.facts, "rewritten"), 1, "the path was not rewritten during the call");
	cr_assert_str_eq(json_string(run.rec, "path"),
			 kernel_has_task_storage() ? p.file : p.missing);
	cr_assert_str_eq(json_string(run.rec, "path_read"), resident_string_read());
	cr_assert_eq(json_number(run.rec, "ret"), 0);
	snoop_rewriter_free(&run);
}

/* Its own options' bad uses: the shared ones are test_shared.c's. */
Test(statsnoop, bad_usage_exits_2)
{
	assert_usage_error("statsnoop", "--extended=1", NULL);
}
