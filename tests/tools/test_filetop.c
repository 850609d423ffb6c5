// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * filetop against the vfsops workload, whose every file is written once
 * and read once (64 bytes each way), and which writes once to /dev/null:
 * a row per file with those counts and its whole path, the device only
 * with -a.
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

#define ROUNDS 40

TestSuite(filetop, .timeout = 60);

static char dir[128];

static struct json *traced(size_t *n, pid_t *pid, const char *extra)
{
	const char *args[TRACE_MAX_ARGS] = { "-r", "0", "100", extra };
	struct workload w;
	struct json *recs;

	snprintf(dir, sizeof(dir), "/dev/shm/%s-filetop", test_marker());
	cr_assert(mkdir(dir, 0700) == 0);
	workload_spawn(&w, "vfsops", dir, num_arg(ROUNDS), NULL);
	recs = trace_workload(&w, n, "filetop", args);
	rmdir(dir);
	*pid = w.pid;
	return recs;
}

/* The workload's row of `path`, or NULL. */
static const struct json *row_of(const struct json *recs, size_t n, pid_t pid, const char *path)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (json_number(&recs[i], "pid") == pid && rec_str_is(&recs[i], "path", path))
			return &recs[i];
	return NULL;
}

Test(filetop, a_row_per_file_with_its_reads_writes_and_path)
{
	const struct json *row;
	struct json *recs;
	char path[256];
	pid_t pid;
	size_t n;
	int i;

	recs = traced(&n, &pid, NULL);
	for (i = 0; i < ROUNDS; i++) {
		snprintf(path, sizeof(path), "%s/file-%d", dir, i);
		row = row_of(recs, n, pid, path);
		cr_assert(row, "no row for %s", path);
		cr_assert_str_eq(json_string(row, "comm"), "vfsops");
		cr_assert_eq(json_number(row, "reads"), 1);
		cr_assert_eq(json_number(row, "writes"), 1);
		cr_assert_eq(json_number(row, "read_bytes"), 64);
		cr_assert_eq(json_number(row, "write_bytes"), 64);
		cr_assert_str_eq(json_string(row, "type"), "regular");
	}
	cr_assert_null(row_of(recs, n, pid, "/dev/null"), "a device file without -a");
	assert_fields_documented("filetop", &recs[0]);
	json_lines_free(recs, n);
}

Test(filetop, all_files_shows_a_device_file)
{
	const struct json *row;
	struct json *recs;
	pid_t pid;
	size_t n;

	recs = traced(&n, &pid, "-a");
	row = row_of(recs, n, pid, "/dev/null");
	cr_assert(row, "no row for /dev/null with -a");
	cr_assert_eq(json_number(row, "write_bytes"), 6);
	cr_assert_str_eq(json_string(row, "type"), "other");
	json_lines_free(recs, n);
}

/* bcc's layout; the screen is not cleared when the output is not a terminal. */
Test(filetop, text_like_bcc)
{
	struct tool_proc t;

	tool_start(&t, "filetop", "0.2", "1", NULL);
	cr_assert_eq(tool_wait(&t, 10), 0, "stderr: %s", t.err);
	cr_assert(strstr(t.out, " loadavg: "), "%s", t.out);
	cr_assert(strstr(t.out,
			 "\n\nPID     COMM              READS WRITES    R_Kb    W_Kb T FILE\n"),
		  "%s", t.out);
	cr_assert_null(strchr(t.out, '\033'), "a terminal escape into a pipe");
	tool_free(&t);
}

Test(filetop, bad_usage_exits_2)
{
	const char *bad[][2] = { { "-s", "size" }, { "-r", "x" }, { "0", NULL } };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_usage_error("filetop", bad[i][0], bad[i][1]);
}
