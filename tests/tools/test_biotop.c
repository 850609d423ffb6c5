// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * biotop and bitesize against direct I/O the dio workload makes on a loop
 * device of the test's own: a reader's and a writer's requests, counted
 * and sized, each on the row or in the histogram of the process that
 * submitted them.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"
#include "loopdev.h"

#define READS	     300
#define WRITES	     50
#define WRITE_BYTES  65536
#define WRITE_BYTES_ "65536"

static struct loopdev disk;

LOOPDEV_SUITE(biotop, 16, 60);
LOOPDEV_SUITE(bitesize, 16, 60);

/* A reader (w[0]) and a writer (w[1]) of the disk, held. */
static void spawn_reader_and_writer(struct workload w[2])
{
	workload_spawn(&w[0], "dio", disk.dev, num_arg(READS), NULL);
	workload_spawn(&w[1], "dio", "-w", "-b", WRITE_BYTES_, disk.dev, num_arg(WRITES), NULL);
}

/* The sum of `key` over the rows of process `pid`; fails on a row of another disk. */
static double rows_sum(const struct json *recs, size_t n, pid_t pid, const char *rw,
		       const char *key)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		cr_assert_null(json_get(&recs[i], "lost_events"));
		cr_assert_str_eq(json_string(&recs[i], "disk"), disk.name);
		if (json_number(&recs[i], "pid") != pid)
			continue;
		cr_assert_str_eq(json_string(&recs[i], "comm"), "dio");
		cr_assert_str_eq(json_string(&recs[i], "rw"), rw);
		cr_assert_gt(json_number(&recs[i], "avg_latency_ns"), 0);
		sum += json_number(&recs[i], key);
	}
	return sum;
}

/* Every row as "pid rw io", for a failed sum's message (which process had the missing ones). */
static const char *rows_said(const struct json *recs, size_t n)
{
	static char said[4096];
	size_t i, at = 0;

	said[0] = 0;
	for (i = 0; i < n && at < sizeof(said) - 64; i++)
		at += snprintf(said + at, sizeof(said) - at, " %.0f%s%.0f",
			       json_number(&recs[i], "pid"), json_string(&recs[i], "rw"),
			       json_number(&recs[i], "io"));
	return said;
}

/* Reports every 0.1 s: the rows of every interval add up to what each process did. */
Test(biotop, rows_add_up_to_each_process_s_io)
{
	const char *args[TRACE_MAX_ARGS] = { "--disk", disk.name, "0.1" };
	struct workload w[2];
	struct json *recs;
	size_t n;

	spawn_reader_and_writer(w);
	recs = trace_workloads(w, 2, &n, "biotop", args);
	cr_assert_eq(rows_sum(recs, n, w[0].pid, "R", "io"), READS, "reader %d, rows:%s", w[0].pid,
		     rows_said(recs, n));
	cr_assert_eq(rows_sum(recs, n, w[0].pid, "R", "bytes"), READS * 4096.0);
	cr_assert_eq(rows_sum(recs, n, w[1].pid, "W", "io"), WRITES, "writer %d, rows:%s", w[1].pid,
		     rows_said(recs, n));
	cr_assert_eq(rows_sum(recs, n, w[1].pid, "W", "bytes"), WRITES * (double)WRITE_BYTES);
	assert_fields_documented("biotop", &recs[0]);
	json_lines_free(recs, n);
}

/* One report at the end with -r 1: the writer moved more bytes, the reader made more requests. */
static pid_t top_row(const char *sort)
{
	char disk_arg[64];
	const char *args[TRACE_MAX_ARGS] = { disk_arg, "-r", "1", "-s", sort, "100" };
	struct workload w[2];
	struct json *recs;
	pid_t pid;
	size_t n;

	snprintf(disk_arg, sizeof(disk_arg), "--disk=%s", disk.name);
	spawn_reader_and_writer(w);
	recs = trace_workloads(w, 2, &n, "biotop", args);
	cr_assert_eq(n, 1, "-r 1 and one interval: %zu rows", n);
	pid = json_number(&recs[0], "pid");
	cr_assert(pid == w[0].pid || pid == w[1].pid, "top row of pid %d", pid);
	json_lines_free(recs, n);
	return pid == w[0].pid ? 0 : 1;
}

Test(biotop, sorts_and_cuts_the_rows)
{
	cr_assert_eq(top_row("bytes"), 1, "the reader had more bytes");
	cr_assert_eq(top_row("io"), 0, "the writer had more requests");
}

/* bcc's layout; the screen is not cleared when the output is not a terminal. */
Test(biotop, text_like_bcc_and_no_clearing_into_a_pipe)
{
	struct tool_proc t;
	struct workload w;
	char row[96];

	workload_spawn(&w, "dio", disk.dev, num_arg(READS), NULL);
	tool_start(&t, "biotop", "--disk", disk.name, "100", NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
	cr_assert(strstr(t.out, " loadavg: "), "%s", t.out);
	cr_assert(strstr(t.out,
			 "\n\nPID    COMM             D MAJ MIN DISK       I/O  Kbytes   AVGms\n"),
		  "%s", t.out);
	snprintf(row, sizeof(row), "%-6d dio              R ", w.pid);
	cr_assert(strstr(t.out, row), "no row for the reader:\n%s", t.out);
	cr_assert_null(strchr(t.out, '\033'), "a terminal escape into a pipe:\n%s", t.out);
	tool_free(&t);
}

Test(biotop, bad_usage_exits_2)
{
	const char *bad[][2] = {
		{ "-s", "name" }, { "-r", "-1" }, { "--disk", "sonde-no-such-disk" }, { "0", NULL }
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_usage_error("biotop", bad[i][0], bad[i][1]);
}

/* The count in the histogram slot of `low` Kbytes. */
static double slot_count(const struct json *rec, double low)
{
	const struct json *buckets = json_get(rec, "buckets");
	size_t i;

	cr_assert(buckets && buckets->type == JSON_ARRAY);
	for (i = 0; i < buckets->n; i++)
		if (json_number(&buckets->items[i], "low") == low)
			return json_number(&buckets->items[i], "count");
	return 0;
}

/* 4 KiB reads in the 4 -> 7 slot, 64 KiB writes in the 64 -> 127 one, under the name. */
Test(bitesize, sizes_in_their_slots_by_name)
{
	const char *args[TRACE_MAX_ARGS] = { "--disk", disk.name, "-n", "dio" };
	const struct json *dio = NULL;
	struct workload w[2];
	struct json *recs;
	size_t n, i;

	spawn_reader_and_writer(w);
	recs = trace_workloads(w, 2, &n, "bitesize", args);
	for (i = 0; i < n; i++)
		if (rec_str_is(&recs[i], "comm", "dio"))
			dio = &recs[i];
		else
			cr_assert_fail("-n dio printed %s", json_string(&recs[i], "comm"));
	cr_assert(dio, "no histogram for dio");
	cr_assert_str_eq(json_string(dio, "unit"), "Kbytes");
	/* the kernel's own count of what completed on the disk, if it ever differs from the workload's */
	cr_assert_eq(json_number(dio, "total"), READS + WRITES,
		     "total %g; 4 KiB %g, 64 KiB %g; the disk completed %g reads, %g writes",
		     json_number(dio, "total"), slot_count(dio, 4), slot_count(dio, 64),
		     loopdev_stat(&disk, 0), loopdev_stat(&disk, 4));
	cr_assert_eq(slot_count(dio, 4), READS);
	cr_assert_eq(slot_count(dio, 64), WRITES);
	assert_fields_documented("bitesize", dio);
	json_lines_free(recs, n);
}

/* bcc's heading per name. */
Test(bitesize, text_like_bcc)
{
	struct tool_proc t;
	struct workload w;

	workload_spawn(&w, "dio", disk.dev, num_arg(READS), NULL);
	tool_start(&t, "bitesize", "--disk", disk.name, NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
	cr_assert(strstr(t.out, "\nProcess Name = dio\n     Kbytes              : count    "
				"distribution\n"),
		  "%s", t.out);
	cr_assert(strstr(t.out, "         4 -> 7          : 300      |*****"), "%s", t.out);
	tool_free(&t);
}

/*
 * Where block_io_start serves (Linux 6.5+), nothing fills the submissions
 * kept by bio: their LRU, preallocated whole, is made one entry
 * (common/blockio.h block_requests_fit(): 3-7 ms of each block tool's
 * start); elsewhere it keeps its 10,240. The kernel says what it made.
 */
Test(bitesize, bio_submissions_kept_only_where_used)
{
	struct tool_proc t;
	long entries;

	tool_start(&t, "bitesize", "--disk", disk.name, NULL);
	entries = tool_map_entries(&t, "block_bio_submitters");
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
	tool_free(&t);
	cr_assert_eq(entries, kernel_has_tracepoint("block/block_io_start") ? 1 : 10240,
		     "block_bio_submitters: %ld entries", entries);
}
