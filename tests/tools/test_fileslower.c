// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fileslower against the vfsops workload: with no threshold, each of its
 * writes and reads of its files, with the file's path and size; with one
 * above every call, none; a device file only with -a.
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

#define ROUNDS 50

TestSuite(fileslower, .timeout = 60);

static char dir[128];

static void workload(struct workload *w)
{
	snprintf(dir, sizeof(dir), "/tmp/%s-files", test_marker());
	cr_assert(mkdir(dir, 0700) == 0);
	workload_spawn(w, "vfsops", dir, num_arg(ROUNDS), NULL);
}

/* The records of the workload `pid` in `dir` of direction `d`, each checked. */
static int file_records(const struct json *recs, size_t n, pid_t pid, const char *d)
{
	char path[256];
	int seen = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct json *r = &recs[i];

		if (json_number(r, "pid") != pid ||
		    strncmp(json_string(r, "path"), dir, strlen(dir)))
			continue;
		if (strcmp(json_string(r, "dir"), d))
			continue;
		snprintf(path, sizeof(path), "%s/file-%d", dir, seen);
		cr_assert_str_eq(json_string(r, "path"), path);
		cr_assert_eq(json_number(r, "bytes"), 64);
		cr_assert_str_eq(json_string(r, "error"), "0");
		cr_assert_geq(json_number(r, "latency_ns"), 0);
		seen++;
	}
	return seen;
}

/* How many records of pid name this path. */
static int path_records(const struct json *recs, size_t n, pid_t pid, const char *path)
{
	int seen = 0;
	size_t i;

	for (i = 0; i < n; i++)
		seen += json_number(&recs[i], "pid") == pid && rec_str_is(&recs[i], "path", path);
	return seen;
}

/* Threshold 0: every call; 10 s: none of the workload's. */
Test(fileslower, every_call_of_the_workload_with_its_file)
{
	struct tracer_pair p;
	struct workload w;
	char all[64];

	workload(&w);
	snprintf(all, sizeof(all), "--pid=%d", w.pid);
	cr_assert_eq(tracer_pair_run(&p, &w, "fileslower", all, "--", "0", "10000"), 0);
	cr_assert_eq(file_records(p.hit_recs, p.hit_n, w.pid, "W"), ROUNDS);
	cr_assert_eq(file_records(p.hit_recs, p.hit_n, w.pid, "R"), ROUNDS);
	cr_assert_eq(path_records(p.hit_recs, p.hit_n, w.pid, "/dev/null"), 0,
		     "a device file without -a");
	assert_fields_documented("fileslower", &p.hit_recs[0]);
	cr_assert_eq(p.miss_n, 0, "over 10 s:\n%s", p.miss.out);
	tracer_pair_free(&p);
	sh(NULL, 0, "rm -rf %s", dir);
}

Test(fileslower, all_files_shows_a_device_file)
{
	const char *args[TRACE_MAX_ARGS] = { "-a", "0" };
	struct workload w;
	struct json *recs;
	size_t n;

	workload(&w);
	recs = trace_workload(&w, &n, "fileslower", args);
	cr_assert_eq(path_records(recs, n, w.pid, "/dev/null"), 1);
	json_lines_free(recs, n);
	sh(NULL, 0, "rm -rf %s", dir);
}

Test(fileslower, bad_usage_exits_2)
{
	const char *bad[][2] = { { "-1", NULL }, { "ms", NULL }, { "1", "2" } };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_usage_error("fileslower", bad[i][0], bad[i][1]);
}
