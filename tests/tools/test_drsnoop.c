// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "harness.h"
#include "memcg.h"

#define LIMIT_MIB 64
#define READ_MIB  192 /* three times the limit: the reader must reclaim its own cache */

/*
 * A loop device of the test's own to read through the page cache: unlike a
 * file in /tmp (a RAM overlay in scripts/vm), its cache is always
 * reclaimable, and a sparse backing file costs no disk.
 */
static char image[64], loopdev[64];

static void loop_setup(void)
{
	snprintf(image, sizeof(image), "/tmp/sonde-test-%d-dr.img", getpid());
	sh(NULL, 0, "truncate -s %dM %s", READ_MIB, image);
	sh(loopdev, sizeof(loopdev), "losetup --find --show %s", image);
}

static void teardown(void)
{
	char cmd[160];

	memcg_cleanup();
	snprintf(cmd, sizeof(cmd), "losetup -d %s 2>/dev/null; rm -f %s", loopdev, image);
	if (system(cmd))
		fprintf(stderr, "cleanup failed: %s\n", cmd);
}

TestSuite(drsnoop, .init = loop_setup, .fini = teardown, .timeout = 60);

/* cachefill, held, inside a fresh memory cgroup of LIMIT_MIB. */
static void held_reader(struct workload *w, struct memcg *m)
{
	char mib[16];

	snprintf(mib, sizeof(mib), "%d", READ_MIB);
	memcg_make(m, LIMIT_MIB << 20);
	workload_spawn(w, "cachefill", loopdev, mib, NULL);
	memcg_enter(m, w->pid);
}

static void reader_done(struct workload *w, struct memcg *m)
{
	cr_assert_eq(workload_finish(w), 0, "cachefill failed");
	memcg_remove(m);
}

static bool is_pid(const struct json *r, pid_t pid)
{
	return !json_get(r, "lost_events") && json_number(r, "pid") == pid;
}

Test(drsnoop, memcg_reclaim_of_the_reader)
{
	double pages = 0, nonzero = 0;
	size_t n, i, mine = 0;
	const struct json *r;
	struct tool_proc t;
	struct workload w;
	struct json *recs;
	struct memcg m;

	held_reader(&w, &m);
	tool_start(&t, "drsnoop", "-j", NULL);
	reader_done(&w, &m);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
	recs = json_lines(t.out, &n);
	for (i = 0; i < n; i++) {
		r = &recs[i];
		if (!is_pid(r, w.pid))
			continue;
		if (!mine++)
			assert_fields_documented("drsnoop", r);
		cr_assert_str_eq(json_string(r, "kind"), "memcg");
		cr_assert_str_eq(json_string(r, "comm"), "cachefill");
		cr_assert_eq(json_number(r, "tid"), w.pid);
		cr_assert_eq(json_number(r, "uid"), 0);
		cr_assert_gt(json_number(r, "latency_ns"), 0);
		cr_assert_lt(json_number(r, "latency_ns"), 10e9, "10 s in one reclaim?");
		pages += json_number(r, "pages");
		nonzero += json_number(r, "pages") > 0;
	}
	cr_assert_gt(mine, 0, "no reclaim by %d in:\n%s", w.pid, t.out);
	cr_assert_gt(nonzero, 0, "no reclaim freed a page");
	/* 192 MiB went through a 64 MiB group: at least half the difference was reclaimed here */
	cr_assert_geq(pages * sysconf(_SC_PAGESIZE), (READ_MIB - LIMIT_MIB) / 2 * (1 << 20),
		      "only %.0f pages reclaimed", pages);
	json_lines_free(recs, n);
	tool_free(&t);
}

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* A line of the reader's: its columns, then a latency and pages that are numbers. */
static void assert_reader_line(const char *out, const char *prefix)
{
	const char *line = strstr(out, prefix);
	double ms;
	long pages;
	char kind[8];

	cr_assert(line, "no line starting '%s' in:\n%s", prefix, out);
	cr_assert_eq(sscanf(line + strlen(prefix), "%lf %ld %7s", &ms, &pages, kind), 3, "%s",
		     line);
	cr_assert_str_eq(kind, "memcg");
}

Test(drsnoop, text_columns)
{
	struct tool_proc plain, wide;
	struct workload w;
	struct memcg m;
	char want[64], pid[16];

	held_reader(&w, &m);
	snprintf(pid, sizeof(pid), "%d", w.pid);
	tool_start(&plain, "drsnoop", "-p", pid, NULL);
	tool_start(&wide, "drsnoop", "-T", "-U", "-p", pid, NULL);
	reader_done(&w, &m);
	cr_assert_eq(tool_stop(&plain, SIGINT), 0);
	cr_assert_eq(tool_stop(&wide, SIGINT), 0);
	cr_assert(starts_with(plain.out, "COMM           PID     LAT(ms) PAGES KIND\n"),
		  "header: %s", plain.out);
	snprintf(want, sizeof(want), "\ncachefill      %-6d ", w.pid);
	assert_reader_line(plain.out, want);
	cr_assert(starts_with(wide.out,
			      "TIME      UID    COMM           PID     LAT(ms) PAGES KIND\n"),
		  "-T -U header: %s", wide.out);
	snprintf(want, sizeof(want), " 0      cachefill      %-6d ", w.pid);
	assert_reader_line(wide.out, want);
	tool_free(&plain);
	tool_free(&wide);
}

/* One tracer must see the reader's reclaim, the other must not. */
static void filter_pair(const char *opt, const char *match, const char *miss)
{
	struct tool_proc hit, skip;
	struct workload w;
	struct json *recs;
	struct memcg m;
	char pid[16];
	size_t n, i, seen;

	held_reader(&w, &m);
	snprintf(pid, sizeof(pid), "%d", w.pid);
	tool_start(&hit, "drsnoop", "-j", opt, match ? match : pid, NULL);
	tool_start(&skip, "drsnoop", "-j", opt, miss, NULL);
	reader_done(&w, &m);
	cr_assert_eq(tool_stop(&hit, SIGINT), 0);
	cr_assert_eq(tool_stop(&skip, SIGINT), 0);
	recs = json_lines(hit.out, &n);
	for (i = seen = 0; i < n; i++)
		seen += is_pid(&recs[i], w.pid);
	cr_assert_gt(seen, 0, "%s %s missed the reader", opt, match ? match : pid);
	json_lines_free(recs, n);
	recs = json_lines(skip.out, &n);
	for (i = 0; i < n; i++)
		cr_assert(!is_pid(&recs[i], w.pid), "%s %s let the reader through", opt, miss);
	json_lines_free(recs, n);
	tool_free(&hit);
	tool_free(&skip);
}

Test(drsnoop, pid_filter)
{
	filter_pair("-p", NULL, "1"); /* NULL: the reader's own pid */
}

Test(drsnoop, name_filter)
{
	filter_pair("-n", "cachefill", "cachefillX");
}

Test(drsnoop, uid_filter)
{
	filter_pair("-u", "0", "65534");
}

Test(drsnoop, bad_usage_exits_2)
{
	const char *bad[][2] = { { "--nope", NULL }, { "-p", "x" }, { "-t", "0" }, { "-n", "" },
				 { "-d", "abc" },    { "5", NULL }, { "-x", NULL } };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_usage_error("drsnoop", bad[i][0], bad[i][1]);
}
