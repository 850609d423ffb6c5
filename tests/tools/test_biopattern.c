// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * biopattern against the dio workload on a loop device of the test's own:
 * a run of sequential reads, then one of reads at random offsets, split
 * as they were made.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "harness.h"
#include "loopdev.h"

#define SEQUENTIAL 300
#define RANDOM	   200

static struct loopdev disk;

LOOPDEV_SUITE(biopattern, 16, 60);

/*
 * One report at the end. Tolerances: the first read seen on the disk has
 * no previous one to follow and counts as random, and a random offset
 * lands just after the previous read once in 4096 (a 16 MiB disk in 4 KiB
 * blocks): two requests either way.
 */
Test(biopattern, splits_sequential_from_random)
{
	const char *args[TRACE_MAX_ARGS] = { "--disk", disk.name };
	struct workload w[2];
	struct json *recs;
	double before, seq, rnd;
	size_t n;

	workload_spawn(&w[0], "dio", disk.dev, num_arg(SEQUENTIAL), NULL);
	workload_spawn(&w[1], "dio", "-r", disk.dev, num_arg(RANDOM), NULL);
	before = loopdev_stat(&disk, 0);
	recs = trace_workloads(w, 2, &n, "biopattern", args);
	cr_assert_eq(n, 1, "one disk, one report: %zu records", n);
	cr_assert_str_eq(json_string(&recs[0], "disk"), disk.name);
	cr_assert_eq(json_number(&recs[0], "count"), loopdev_stat(&disk, 0) - before);
	cr_assert_eq(json_number(&recs[0], "count"), SEQUENTIAL + RANDOM);
	cr_assert_eq(json_number(&recs[0], "bytes"), (SEQUENTIAL + RANDOM) * 4096.0);
	seq = json_number(&recs[0], "sequential");
	rnd = json_number(&recs[0], "random");
	cr_assert(seq >= SEQUENTIAL - 2 && seq <= SEQUENTIAL, "%.0f sequential", seq);
	cr_assert(rnd >= RANDOM && rnd <= RANDOM + 2, "%.0f random", rnd);
	assert_fields_documented("biopattern", &recs[0]);
	json_lines_free(recs, n);
}

/* bcc's heading once, then a row per disk and interval with whole percents. */
Test(biopattern, text_like_bcc)
{
	struct tool_proc t;
	struct workload w;
	char row[96];

	workload_spawn(&w, "dio", disk.dev, num_arg(SEQUENTIAL), NULL);
	tool_start(&t, "biopattern", "--disk", disk.name, NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
	cr_assert(!strncmp(t.out, "TIME      DISK      %RND  %SEQ    COUNT     KBYTES\n", 51), "%s",
		  t.out);
	snprintf(row, sizeof(row), " %-8s %5d %5d %8d %10d\n", disk.name, 0, 99, 300, 1200);
	cr_assert(strstr(t.out, row), "no row '%s':\n%s", row, t.out);
	tool_free(&t);
}

/* The pattern is a disk's: no task filter applies. */
Test(biopattern, bad_usage_exits_2)
{
	const char *bad[][2] = { { "--disk", "sonde-no-such-disk" }, { "-p", "1" }, { "0", NULL } };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_usage_error("biopattern", bad[i][0], bad[i][1]);
}
