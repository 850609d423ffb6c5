// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * biosnoop against direct I/O the dio workload makes on a loop device of
 * the test's own: every request the kernel counted on that disk is there,
 * in the workload's order, with its size and sector, and named after the
 * workload, not after the loop device's worker that completes it or the
 * kblockd that may issue it.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "harness.h"
#include "loopdev.h"

#define REQUESTS 40

static struct loopdev disk, other; /* other: a second disk, for the disk filter */
static char disk_arg[64];	   /* "--disk=loop3" */

static void disk_make(void)
{
	loopdev_make(&disk, 16);
	snprintf(disk_arg, sizeof(disk_arg), "--disk=%s", disk.name);
}

static void disk_remove(void)
{
	loopdev_remove(&disk);
	loopdev_remove(&other);
}

TestSuite(biosnoop, .init = disk_make, .fini = disk_remove, .timeout = 60);

/* biosnoop -j --disk DISK [a b] while the held workload runs; its records. */
static struct json *traced(struct workload *w, size_t *n, const char *a, const char *b)
{
	const char *args[TRACE_MAX_ARGS] = { disk_arg, a, b };

	return trace_workload(w, n, "biosnoop", args);
}

/*
 * The records of requests of `op` ('R' or 'W'), checked against what dio
 * made: `count` of `bytes` each, one after the other from sector 0, by the
 * workload `pid`, on our disk. Their number is also what the kernel counted.
 */
static void assert_requests(const struct json *recs, size_t n, pid_t pid, char op, long count,
			    long bytes, double kernel_count)
{
	long seen = 0, sector = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct json *r = &recs[i];

		if (json_string(r, "rwbs")[strspn(json_string(r, "rwbs"), "F")] != op)
			continue;
		cr_assert_str_eq(json_string(r, "disk"), disk.name);
		cr_assert_eq(json_number(r, "pid"), pid, "request %ld not the workload's:\n%s",
			     seen, json_string(r, "comm"));
		cr_assert_str_eq(json_string(r, "comm"), "dio");
		cr_assert_eq(json_number(r, "bytes"), bytes);
		cr_assert_eq(json_number(r, "sector"), sector, "request %ld out of order", seen);
		cr_assert_gt(json_number(r, "latency_ns"), 0);
		cr_assert_gt(json_number(r, "queue_ns"), 0, "no submission seen");
		sector += bytes / 512;
		seen++;
	}
	cr_assert_eq(seen, count, "%ld of the workload's %ld requests", seen, count);
	cr_assert_eq(seen, kernel_count, "%ld requests shown, the kernel counted %.0f", seen,
		     kernel_count);
}

Test(biosnoop, every_read_with_the_task_that_submitted_it)
{
	struct workload w;
	struct json *recs;
	double before;
	size_t n;

	loopdev_scheduler(&disk, "none");
	workload_spawn(&w, "dio", disk.dev, num_arg(REQUESTS), NULL);
	before = loopdev_stat(&disk, 0);
	recs = traced(&w, &n, NULL, NULL);
	assert_requests(recs, n, w.pid, 'R', REQUESTS, 4096, loopdev_stat(&disk, 0) - before);
	assert_fields_documented("biosnoop", &recs[0]);
	json_lines_free(recs, n);
}

/* With a scheduler, requests are queued before issue, and may be issued from kblockd. */
Test(biosnoop, writes_through_a_scheduler_keep_their_submitter)
{
	struct workload w;
	struct json *recs;
	double before;
	size_t n;

	loopdev_scheduler(&disk, "mq-deadline");
	workload_spawn(&w, "dio", "-w", "-b", "65536", disk.dev, num_arg(REQUESTS), NULL);
	before = loopdev_stat(&disk, 4);
	recs = traced(&w, &n, "-Q", NULL);
	assert_requests(recs, n, w.pid, 'W', REQUESTS, 65536, loopdev_stat(&disk, 4) - before);
	json_lines_free(recs, n);
}

/* The threshold is applied in the kernel: one above every request shows none of them. */
Test(biosnoop, min_latency_filters_in_the_kernel)
{
	struct tracer_pair p;
	struct workload w;

	workload_spawn(&w, "dio", disk.dev, num_arg(REQUESTS), NULL);
	cr_assert_eq(tracer_pair_run(&p, &w, "biosnoop", disk_arg, "--min", "0", "60000"), 0);
	assert_requests(p.hit_recs, p.hit_n, w.pid, 'R', REQUESTS, 4096, REQUESTS);
	cr_assert_eq(p.miss_n, 0, "--min 60000 printed:\n%s", p.miss.out);
	tracer_pair_free(&p);
}

Test(biosnoop, pid_filter)
{
	struct tracer_pair p;
	struct workload w;

	workload_spawn(&w, "dio", disk.dev, num_arg(REQUESTS), NULL);
	cr_assert_eq(tracer_pair_run(&p, &w, "biosnoop", disk_arg, "-p", num_arg(w.pid),
				     num_arg(getpid())),
		     0);
	assert_requests(p.hit_recs, p.hit_n, w.pid, 'R', REQUESTS, 4096, REQUESTS);
	cr_assert_eq(p.miss_n, 0, "-p of another process printed:\n%s", p.miss.out);
	tracer_pair_free(&p);
}

Test(biosnoop, cgroup_filter)
{
	struct cgroup_pair cg;
	struct tracer_pair p;
	struct workload w;

	workload_spawn(&w, "dio", disk.dev, num_arg(REQUESTS), NULL);
	cgroup_pair_make(&cg, w.pid);
	cr_assert_eq(tracer_pair_run(&p, &w, "biosnoop", disk_arg, "-c", cg.inside, cg.outside), 0);
	cgroup_pair_remove(&cg);
	assert_requests(p.hit_recs, p.hit_n, w.pid, 'R', REQUESTS, 4096, REQUESTS);
	cr_assert_eq(p.miss_n, 0, "-c of another cgroup printed:\n%s", p.miss.out);
	tracer_pair_free(&p);
}

/* Another disk's reads are not shown; --disk takes the /dev path as well. */
Test(biosnoop, disk_filter)
{
	struct tracer_pair p;
	struct workload w;

	loopdev_make(&other, 8);
	workload_spawn(&w, "dio", disk.dev, num_arg(REQUESTS), NULL);
	cr_assert_eq(tracer_pair_run(&p, &w, "biosnoop", NULL, "--disk", disk.dev, other.dev), 0);
	assert_requests(p.hit_recs, p.hit_n, w.pid, 'R', REQUESTS, 4096, REQUESTS);
	cr_assert_eq(p.miss_n, 0, "--disk of another disk printed:\n%s", p.miss.out);
	tracer_pair_free(&p);
}

/* bcc's columns, the queue time with -Q, latency in milliseconds. */
Test(biosnoop, text_columns_like_bcc)
{
	struct tool_proc t;
	struct workload w;
	char line[160];

	workload_spawn(&w, "dio", disk.dev, "1", NULL);
	tool_start(&t, "biosnoop", "-Q", "--disk", disk.name, NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
	const char *heading =
		"TIME(s)     COMM           PID     DISK      T    SECTOR     BYTES   "
		"QUE(ms) LAT(ms)\n";

	cr_assert(!strncmp(t.out, heading, strlen(heading)), "heading:\n%s", t.out);
	snprintf(line, sizeof(line), "dio            %-7d %-9s R", w.pid, disk.name);
	cr_assert(strstr(t.out, line), "no line for the read:\n%s", t.out);
	tool_free(&t);
}

Test(biosnoop, bad_usage_exits_2)
{
	const char *bad[][2] = { { "--disk", "sonde-no-such-disk" },
				 { "--min", "-1" },
				 { "--min", "1ms" },
				 { "--min", "" },
				 { "1", NULL } };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_usage_error("biosnoop", bad[i][0], bad[i][1]);
}
