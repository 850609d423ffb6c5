// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * vfsstat against the vfsops workload, which makes a known number of each
 * operation. Creates, unlinks, mkdirs and fsyncs are the workload's alone;
 * its reads, writes and opens are too, but for the few the dynamic loader
 * makes as it starts (reading the C library, opening ld.so.cache).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "harness.h"

#define ROUNDS	   200
#define LOADER_OPS 10 /* the most reads, writes or opens the loader may add */

TestSuite(vfsstat, .timeout = 60);

static char dir[128];

/*
 * In /dev/shm, a tmpfs: on a stacked file system (the matrix VMs' root is
 * an overlay) each operation reaches the VFS once per layer.
 */
static void workload(struct workload *w)
{
	snprintf(dir, sizeof(dir), "/dev/shm/%s-vfsops", test_marker());
	cr_assert(mkdir(dir, 0700) == 0);
	workload_spawn(w, "vfsops", dir, num_arg(ROUNDS), NULL);
}

/* `key` summed over the records. */
static double total(const struct json *recs, size_t n, const char *key)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		cr_assert_null(json_get(&recs[i], "lost_events"));
		sum += json_number(&recs[i], key);
	}
	return sum;
}

static void assert_near(double got, const char *key)
{
	cr_assert(got >= ROUNDS && got <= ROUNDS + LOADER_OPS, "%.0f %s of %d", got, key, ROUNDS);
}

Test(vfsstat, counts_the_workload_s_operations)
{
	struct tracer_pair p;
	struct workload w;

	workload(&w);
	cr_assert_eq(
		tracer_pair_run(&p, &w, "vfsstat", "100", "-p", num_arg(w.pid), num_arg(getpid())),
		0);
	rmdir(dir);
	cr_assert_gt(p.hit_n, 0, "no report");
	cr_assert_eq(total(p.hit_recs, p.hit_n, "create"), ROUNDS);
	cr_assert_eq(total(p.hit_recs, p.hit_n, "unlink"), ROUNDS, "rmdir is not an unlink");
	cr_assert_eq(total(p.hit_recs, p.hit_n, "mkdir"), ROUNDS);
	cr_assert_eq(total(p.hit_recs, p.hit_n, "fsync"), ROUNDS);
	assert_near(total(p.hit_recs, p.hit_n, "read"), "reads");
	assert_near(total(p.hit_recs, p.hit_n, "write"), "writes");
	assert_near(total(p.hit_recs, p.hit_n, "open"), "opens");
	cr_assert_gt(json_number(&p.hit_recs[0], "seconds"), 0);
	assert_fields_documented("vfsstat", &p.hit_recs[0]);
	cr_assert_eq(total(p.miss_recs, p.miss_n, "create"), 0, "-p of another process:\n%s",
		     p.miss.out);
	cr_assert_eq(total(p.miss_recs, p.miss_n, "mkdir"), 0);
	tracer_pair_free(&p);
}

/* bcc's columns, a line per interval, rates per second. */
Test(vfsstat, text_like_bcc)
{
	const char *heading =
		"TIME       READ/s  WRITE/s  FSYNC/s   OPEN/s CREATE/s UNLINK/s  MKDIR/s\n";
	struct tool_proc t;
	const char *p;
	int lines = 0;

	tool_start(&t, "vfsstat", "0.2", "2", NULL);
	cr_assert_eq(tool_wait(&t, 10), 0, "stderr: %s", t.err);
	cr_assert(!strncmp(t.out, heading, strlen(heading)), "%s", t.out);
	for (p = t.out; (p = strchr(p, '\n')); p++)
		lines++;
	cr_assert_eq(lines, 3, "not the heading and two lines:\n%s", t.out);
	tool_free(&t);
}

Test(vfsstat, bad_usage_exits_2)
{
	const char *bad[][2] = { { "0", NULL }, { "-d", "1" }, { "1", "x" } };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_usage_error("vfsstat", bad[i][0], bad[i][1]);
}
