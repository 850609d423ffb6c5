// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cachestat and cachetop against the cacher workload on an ext4 file
 * system of the test's own (a loop device): a file of FILE_PAGES pages,
 * written back, is dropped from the cache (the workload checks with
 * mincore() that none is left), read whole twice, its first DIRTY_PAGES
 * pages overwritten while cached, and APPEND_PAGES pages appended a page
 * at a time. So the workload's own figures are known:
 *
 * - misses of reads: every page of the cold read, FILE_PAGES, and no more
 *   than METADATA_PAGES besides: the file system's metadata blocks it
 *   reads through the block device's cache (cached already: the test just
 *   wrote the file). Readahead stops at the end of the file.
 * - write misses: the appended pages, each a new folio of one page (a
 *   4 KiB write asks for no larger one).
 * - hits: at least the warm read's FILE_PAGES; at most the pages looked
 *   up (the reads', plus the faults of the dynamic loader).
 * - dirtied pages: a write dirties its whole folio, and readahead may
 *   make folios of up to 2 MiB (512 pages); DIRTY_PAGES (64) pages from
 *   offset 0 fill every folio of up to 64 pages they touch, so exactly 64
 *   unless a folio is larger, and never more than 512.
 *   Plus the APPEND_PAGES appended ones, each new.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"
#include "loopdev.h"

#define FILE_PAGES     2048 /* 8 MiB */
#define DIRTY_PAGES    64
#define METADATA_PAGES 64
#define MAX_FOLIO      512
#define APPEND_PAGES   32

static struct loopdev disk;
static char file[256];

LOOPDEV_SUITE(cachestat, 64, 90);
LOOPDEV_SUITE(cachetop, 64, 90);

/* The file on a fresh ext4, written back so that its pages can be dropped; the workload held. */
static void workload(struct workload *w)
{
	loopdev_written_file(&disk, "cached", FILE_PAGES, 'c', file, sizeof(file));
	cr_assert_eq(sysconf(_SC_PAGESIZE), 4096, "the figures assume 4 KiB pages");
	workload_spawn(w, "cacher", file, num_arg(DIRTY_PAGES), num_arg(APPEND_PAGES), NULL);
}

/* `key` summed over the records (those of `pid` if not 0); fails on lost events. */
static double total(const struct json *recs, size_t n, pid_t pid, const char *key)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		cr_assert_null(json_get(&recs[i], "lost_events"));
		if (!pid || json_number(&recs[i], "pid") == pid)
			sum += json_number(&recs[i], key);
	}
	return sum;
}

/* The workload's figures, as the header comment says they must be. */
static void assert_workload_figures(const struct json *recs, size_t n, pid_t pid, const char *out)
{
	double misses = total(recs, n, pid, "misses"), hits = total(recs, n, pid, "hits");
	double accessed = total(recs, n, pid, "accessed"), dirties = total(recs, n, pid, "dirties");
	double write_misses = total(recs, n, pid, "write_misses");

	cr_assert_eq(write_misses, APPEND_PAGES, "%.0f write misses for %d pages appended:\n%s",
		     write_misses, APPEND_PAGES, out);
	misses -= write_misses;
	cr_assert(misses >= FILE_PAGES && misses <= FILE_PAGES + METADATA_PAGES,
		  "%.0f read misses for a cold read of %d pages:\n%s", misses, FILE_PAGES, out);
	cr_assert(hits >= FILE_PAGES && hits <= accessed,
		  "%.0f hits (%.0f pages looked up) for a warm read of %d pages:\n%s", hits,
		  accessed, FILE_PAGES, out);
	cr_assert(accessed >= 2 * FILE_PAGES, "%.0f pages looked up by two reads of %d:\n%s",
		  accessed, FILE_PAGES, out);
	dirties -= APPEND_PAGES;
	cr_assert(dirties >= DIRTY_PAGES && dirties <= MAX_FOLIO,
		  "%.0f pages dirtied by overwriting %d:\n%s", dirties, DIRTY_PAGES, out);
}

/*
 * -p keeps the workload's figures, -p of an idle process none (a workload
 * held before its exec, never released: the test process itself writes
 * its tools' output to files); unfiltered, at least the workload's.
 */
Test(cachestat, counts_the_workload_s_misses_hits_and_dirties)
{
	struct tracer_pair p;
	struct tool_proc all;
	struct json *recs;
	struct workload w, idle;
	size_t n;

	workload(&w);
	workload_spawn(&idle, "cacher", NULL);
	tool_start(&all, "cachestat", "-j", "100", NULL);
	cr_assert_eq(tracer_pair_run(&p, &w, "cachestat", "100", "-p", num_arg(w.pid),
				     num_arg(idle.pid)),
		     0, "cacher failed (3: pages stayed cached)");
	kill(idle.pid, SIGKILL);
	waitpid(idle.pid, NULL, 0);
	cr_assert_eq(tool_stop(&all, SIGINT), 0, "%s", all.err);
	cr_assert_gt(p.hit_n, 0, "no report");
	assert_workload_figures(p.hit_recs, p.hit_n, 0, p.hit.out);
	assert_fields_documented("cachestat", &p.hit_recs[0]);
	cr_assert_eq(total(p.miss_recs, p.miss_n, 0, "misses"), 0, "-p of another process:\n%s",
		     p.miss.out);
	cr_assert_eq(total(p.miss_recs, p.miss_n, 0, "dirties"), 0);
	cr_assert_gt(p.miss_n, 0, "no report");

	recs = json_lines(all.out, &n);
	cr_assert_gt(n, 0, "no report");
	cr_assert_geq(total(recs, n, 0, "misses"), total(p.hit_recs, p.hit_n, 0, "misses"));
	cr_assert_geq(total(recs, n, 0, "accessed"), total(p.hit_recs, p.hit_n, 0, "accessed"));
	cr_assert_geq(total(recs, n, 0, "dirties"), total(p.hit_recs, p.hit_n, 0, "dirties"));
	json_lines_free(recs, n);
	tracer_pair_free(&p);
	tool_free(&all);
}

/* bcc's columns, a line per interval; -T puts the time first. */
Test(cachestat, text_like_bcc)
{
	const char *heading =
		"TIME         HITS   MISSES  DIRTIES HITRATIO   BUFFERS_MB  CACHED_MB\n";
	struct tool_proc t;
	const char *p;
	int lines = 0;

	tool_start(&t, "cachestat", "-T", "0.2", "2", NULL);
	cr_assert_eq(tool_wait(&t, 10), 0, "stderr: %s", t.err);
	cr_assert(!strncmp(t.out, heading, strlen(heading)), "%s", t.out);
	for (p = t.out; (p = strchr(p, '\n')); p++)
		lines++;
	cr_assert_eq(lines, 3, "not the heading and two lines:\n%s", t.out);
	cr_assert(strchr(t.out + strlen(heading), '%'), "no hit ratio:\n%s", t.out);
	tool_free(&t);
}

Test(cachestat, bad_usage_exits_2)
{
	const char *bad[][2] = { { "0", NULL }, { "-d", "1" }, { "1", "x" } };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_usage_error("cachestat", bad[i][0], bad[i][1]);
}

/* One report at the end: the workload's rows add up to its figures. */
Test(cachetop, a_row_per_process_with_its_figures)
{
	const char *args[TRACE_MAX_ARGS] = { "-r", "0", "100" };
	struct workload w;
	struct json *recs;
	size_t n, i, rows = 0;

	workload(&w);
	recs = trace_workload(&w, &n, "cachetop", args);
	for (i = 0; i < n; i++)
		if (json_number(&recs[i], "pid") == w.pid &&
		    rec_str_is(&recs[i], "comm", "cacher")) {
			cr_assert_eq(json_number(&recs[i], "uid"), getuid());
			cr_assert(json_number(&recs[i], "read_hit_ratio") > 0.4 &&
					  json_number(&recs[i], "read_hit_ratio") < 0.6,
				  "one read of two missed");
			cr_assert(json_number(&recs[i], "write_hit_ratio") > 0 &&
					  json_number(&recs[i], "write_hit_ratio") < 1,
				  "some dirtied pages were cached, the appended ones not");
			rows++;
		}
	cr_assert_eq(rows, 1, "not one row for cacher");
	assert_workload_figures(recs, n, w.pid, "(cachetop rows)");
	assert_fields_documented("cachetop", &recs[0]);
	json_lines_free(recs, n);
}

/* The task filters are the kernel's: -n keeps the workload, -n of another name nothing of it. */
Test(cachetop, name_filter)
{
	struct tracer_pair p;
	struct workload w;

	workload(&w);
	cr_assert_eq(tracer_pair_run(&p, &w, "cachetop", "100", "-n", "cacher", "nocacher"), 0);
	assert_workload_figures(p.hit_recs, p.hit_n, w.pid, p.hit.out);
	cr_assert_eq(total(p.miss_recs, p.miss_n, w.pid, "misses"), 0, "%s", p.miss.out);
	/* other tests' cacher workloads may run beside: every row is one of a cacher */
	for (size_t i = 0; i < p.hit_n; i++)
		cr_assert_str_eq(json_string(&p.hit_recs[i], "comm"), "cacher",
				 "another name under -n cacher:\n%s", p.hit.out);
	tracer_pair_free(&p);
}

/* bcc's heading line and columns; the screen is not cleared when the output is not a terminal. */
Test(cachetop, text_like_bcc)
{
	struct tool_proc t;

	tool_start(&t, "cachetop", "0.2", "1", NULL);
	cr_assert_eq(tool_wait(&t, 10), 0, "stderr: %s", t.err);
	cr_assert(strstr(t.out, " Buffers MB: "), "%s", t.out);
	cr_assert(strstr(t.out, " / Sort: HITS / Order: descending\n"
				"     PID UID      CMD                  HITS   MISSES  DIRTIES  "
				"READ_HIT% WRITE_HIT%\n"),
		  "%s", t.out);
	cr_assert_null(strchr(t.out, '\033'), "a terminal escape into a pipe");
	tool_free(&t);
}

Test(cachetop, bad_usage_exits_2)
{
	const char *bad[][2] = { { "-s", "size" }, { "-r", "x" }, { "0", NULL } };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_usage_error("cachetop", bad[i][0], bad[i][1]);
}

/*
 * The lookups at the filemap tracepoints where the kernel has them (Linux
 * 6.12+), else at the functions (fentry first); misses and dirties at
 * tracepoints everywhere.
 */
Test(cachestat, lookups_by_tracepoint_else_functions)
{
	char *out, *err, kinds[64];

	if (getenv("SONDE_ATTACH") && *getenv("SONDE_ATTACH"))
		cr_skip_test("SONDE_ATTACH is set");
	cr_assert_eq(
		tool_run_kinds(&out, &err, kinds, sizeof(kinds), "cachestat", "0.2", "1", NULL), 0,
		"%s", err);
	if (kernel_has_tracepoint("filemap/mm_filemap_get_pages"))
		cr_assert_str_eq(kinds, "raw_tp");
	else
		cr_assert(strstr(kinds, "raw_tp") && strstr(kinds, "fentry"), "attached by %s",
			  kinds);
	free(out);
	free(err);
}

/* Forced to functions: the lookups are counted by them, or the tool says in one line it cannot. */
static void assert_forced_honestly(const char *kind)
{
	char *out, *err, kinds[64], want[64];
	const char *line;
	int status;

	setenv("SONDE_ATTACH", kind, 1);
	status = tool_run_kinds(&out, &err, kinds, sizeof(kinds), "cachestat", "0.2", "1", NULL);
	unsetenv("SONDE_ATTACH");
	if (status == 0) {
		cr_assert(strstr(kinds, kind), "forced to %s, attached by %s", kind, kinds);
	} else {
		line = strstr(err, "cachestat: cannot attach: needs ");
		snprintf(want, sizeof(want), "(SONDE_ATTACH=%s)\n", kind);
		cr_assert_eq(status, 1, "exit %d: %s", status, err);
		cr_assert(line && strstr(line, want) &&
				  strchr(line, '\n') == line + strlen(line) - 1,
			  "no one-line reason naming SONDE_ATTACH=%s: %s", kind, err);
	}
	free(out);
	free(err);
}

Test(cachestat, forced_functions_are_used_or_refused_in_one_line)
{
	assert_forced_honestly("fentry");
	assert_forced_honestly("kprobe");
}
