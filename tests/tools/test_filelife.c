// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * filelife against the shortlived workload, which creates files in a
 * directory of the test's and deletes them after known sleeps (0.2 s and
 * 1.1 s): each deletion once, with its whole path, the workload as the
 * deleter and creator, and an age no shorter than the sleep and at most
 * AGE_SLACK_S longer (this machine is shared and noisy); the file it
 * leaves, and the unlink that fails, not at all; a file renamed, under
 * its new name; a file replaced by a rename over it, as deleted. On tmpfs, which frees a
 * deleted file's dentry at once, and on the root file system (ext4 here),
 * which keeps it as a negative one.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"

#define AGE_SLACK_S 0.5

TestSuite(filelife, .timeout = 60);

static char dir[128];

static void workload(struct workload *w, const char *under)
{
	snprintf(dir, sizeof(dir), "%s/%s-filelife", under, test_marker());
	cr_assert(mkdir(dir, 0700) == 0);
	workload_spawn(w, "shortlived", dir, NULL);
}

static void cleanup(void)
{
	sh(NULL, 0, "rm -rf %s", dir);
}

/* The records of pid for dir/name, the last one in *rec. */
static int named(const struct json *recs, size_t n, pid_t pid, const char *name,
		 const struct json **rec)
{
	char path[256];
	int seen = 0;
	size_t i;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	for (i = 0; i < n; i++)
		if (json_number(&recs[i], "pid") == pid && rec_str_is(&recs[i], "path", path)) {
			*rec = &recs[i];
			seen++;
		}
	return seen;
}

/* Every record of the workload's files: how many. */
static int in_dir(const struct json *recs, size_t n)
{
	int seen = 0;
	size_t i;

	for (i = 0; i < n; i++)
		seen += strstr(json_string(&recs[i], "path"), dir) != NULL;
	return seen;
}

static void assert_died(const struct json *recs, size_t n, pid_t pid, const char *name,
			double slept)
{
	const struct json *r = NULL;
	double age;

	cr_assert_eq(named(recs, n, pid, name, &r), 1, "%s/%s: not once", dir, name);
	age = json_number(r, "age_ns") / 1e9;
	cr_assert(age >= slept && age <= slept + AGE_SLACK_S, "%s: age %.3f s, slept %.1f s", name,
		  age, slept);
	cr_assert_eq(json_number(r, "creator_pid"), pid);
	cr_assert_str_eq(json_string(r, "comm"), "shortlived");
	cr_assert(json_get(r, "path_full") && json_get(r, "path_full")->boolean);
}

static void assert_lives(const struct json *recs, size_t n, pid_t pid)
{
	const struct json *r;

	assert_died(recs, n, pid, "young", 0.2);
	assert_died(recs, n, pid, "b/same", 0.2);
	assert_died(recs, n, pid, "old", 1.1);
	assert_died(recs, n, pid, "a/same", 1.1);
	assert_died(recs, n, pid, "a/moved", 1.1);
	assert_died(recs, n, pid, "victim", 0.2);
	cr_assert_eq(named(recs, n, pid, "kept", &r), 0, "a file not deleted");
	cr_assert_eq(named(recs, n, pid, "b/kept", &r), 0, "a failed unlink");
	cr_assert_eq(named(recs, n, pid, "moving", &r), 0, "a name renamed away");
	cr_assert_eq(named(recs, n, pid, "replacer", &r), 0, "a name renamed away");
	cr_assert_eq(in_dir(recs, n), 6, "not the six deletions");
}

/* -p of the workload sees its files; -p of the test process, none. */
Test(filelife, ages_and_paths_on_tmpfs_with_a_pid_filter)
{
	struct tracer_pair p;
	struct workload w;

	workload(&w, "/dev/shm");
	cr_assert_eq(
		tracer_pair_run(&p, &w, "filelife", NULL, "-p", num_arg(w.pid), num_arg(getpid())),
		0);
	cleanup();
	assert_lives(p.hit_recs, p.hit_n, w.pid);
	assert_fields_documented("filelife", &p.hit_recs[0]);
	cr_assert_eq(in_dir(p.miss_recs, p.miss_n), 0, "-p of another process:\n%s", p.miss.out);
	tracer_pair_free(&p);
}

Test(filelife, ages_and_paths_on_the_root_file_system)
{
	const char *args[TRACE_MAX_ARGS] = { NULL };
	struct workload w;
	struct json *recs;
	size_t n;

	workload(&w, "/tmp");
	recs = trace_workload(&w, &n, "filelife", args);
	cleanup();
	assert_lives(recs, n, w.pid);
	json_lines_free(recs, n);
}

/* bcc's heading and columns: TIME PID COMM AGE(s) FILE, the age in seconds. */
Test(filelife, text_like_bcc)
{
	const char *heading = "TIME     PID     COMM             AGE(s)  FILE\n";
	char comm[32], path[256], old[256];
	struct tool_proc t;
	struct workload w;
	const char *line;
	double age;
	int pid;

	workload(&w, "/dev/shm");
	tool_start(&t, "filelife", "-p", num_arg(w.pid), NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
	cleanup();
	cr_assert(!strncmp(t.out, heading, strlen(heading)), "%s", t.out);
	snprintf(old, sizeof(old), "%s/old\n", dir);
	line = strstr(t.out, old);
	cr_assert(line, "no %s in:\n%s", old, t.out);
	while (line > t.out && line[-1] != '\n')
		line--;
	cr_assert_eq(sscanf(line, "%*8c %d %31s %lf %255s", &pid, comm, &age, path), 4, "%s", line);
	cr_assert_eq(pid, w.pid);
	cr_assert_str_eq(comm, "shortlived");
	cr_assert(age >= 1.1 && age <= 1.1 + AGE_SLACK_S + 0.01, "%s", line);
	cr_assert_eq(line[8], ' ');
	cr_assert_eq(line[16], ' ', "PID not 7 wide: %s", line);
	cr_assert_eq(line[33], ' ', "COMM not 16 wide: %s", line);
	cr_assert_eq(line[41], ' ', "AGE(s) not 7 wide: %s", line);
	cr_assert_eq(line[42], '/', "%s", line);
	tool_free(&t);
}

Test(filelife, bad_usage_exits_2)
{
	const char *bad[][2] = { { "x", NULL }, { "-p", "abc" }, { "-d", "-1" } };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_usage_error("filelife", bad[i][0], bad[i][1]);
}
