// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * readahead against the cacher workload on an ext4 file system of the
 * test's own (a loop device): a file of FILE_PAGES pages, written back,
 * is dropped from the cache (the workload checks with mincore() that none
 * is left) and read whole twice, a MiB at a time, from its start. So:
 *
 * - every page of the file comes in by readahead (a sequential read that
 *   misses reads ahead; readahead stops at the end of the file), and none
 *   was cached before: FILE_PAGES at least, and no more than the device's
 *   readahead window besides;
 * - sync readahead at the first miss, async readahead as the read reaches
 *   the pages marked for it;
 * - each of those pages is read after it came in (by the first read, else
 *   the second): all used, none evicted unused, none left unused, and one
 *   age at first use per folio used, none older than the test.
 *
 * The same figures whichever way it attached: the readahead tracepoints
 * (Linux 6.18+), else kprobes (bpf/readahead.bpf.c). Forced to kprobes it
 * uses them, or says in one line that it cannot and exits 1 (this 6.18
 * host has none).
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <criterion/criterion.h>

#include "harness.h"
#include "loopdev.h"

#define FILE_PAGES 2048 /* 8 MiB */

static struct loopdev disk;
static char file[256];

LOOPDEV_SUITE(readahead, 64, 90);

static void need_a_way(void)
{
	if (!kernel_has_tracepoint("readahead/page_cache_ra_unbounded") && !kernel_has_kprobes())
		cr_skip_test("neither readahead tracepoints (Linux 6.18+) nor kprobes");
}

/* The file on a fresh ext4, written back so that its pages can be dropped; the workload held. */
static void workload(struct workload *w)
{
	loopdev_written_file(&disk, "ahead", FILE_PAGES, 'r', file, sizeof(file));
	cr_assert_eq(sysconf(_SC_PAGESIZE), 4096, "the figures assume 4 KiB pages");
	workload_spawn(w, "cacher", file, "0", "0", NULL);
}

/* The device's readahead window, in pages (its queue's read_ahead_kb). */
static double window_pages(void)
{
	char path[128], buf[32] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/sys/block/%s/queue/read_ahead_kb", disk.name);
	f = fopen(path, "r");
	cr_assert_not_null(f, "%s", path);
	cr_assert_not_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	return atof(buf) / 4;
}

/* The sum of the counts of the histogram's buckets. */
static double buckets_total(const struct json *rec, double *oldest_ms)
{
	const struct json *b = json_get(rec, "buckets");
	double sum = 0;
	size_t i;

	cr_assert_not_null(b, "no buckets");
	*oldest_ms = 0;
	for (i = 0; i < b->n; i++) {
		sum += json_number(&b->items[i], "count");
		*oldest_ms = json_number(&b->items[i], "low");
	}
	return sum;
}

/* The workload's figures, as the header comment says they must be. */
static void assert_workload_figures(const struct json *rec, const char *out)
{
	double pages = json_number(rec, "pages"), used = json_number(rec, "used");
	double window = window_pages(), ages, oldest_ms;

	cr_assert_null(json_get(rec, "lost_events"));
	cr_assert(pages >= FILE_PAGES && pages <= FILE_PAGES + window,
		  "%.0f readahead pages for a cold read of %d (window %.0f):\n%s", pages,
		  FILE_PAGES, window, out);
	/*
	 * Every page of the file is read. Pages beyond it are the workload's own
	 * binary and libraries, read in with readahead when their cache was
	 * dropped (seen: 2056 pages, 6 unused): they may go unused.
	 */
	cr_assert(used >= FILE_PAGES && used <= pages,
		  "%.0f of %.0f readahead pages used, the file's %d all read:\n%s", used, pages,
		  FILE_PAGES, out);
	cr_assert_eq(json_number(rec, "unused"), pages - used, "%s", out);
	cr_assert_eq(json_number(rec, "evicted_unused"), 0, "%s", out);
	cr_assert_geq(json_number(rec, "sync_requests"), 1, "%s", out);
	cr_assert_geq(json_number(rec, "sync_request_pages"), 1, "%s", out);
	cr_assert_geq(json_number(rec, "async_requests"), 1, "%s", out);
	cr_assert_str_eq(json_string(rec, "unit"), "msecs");
	ages = buckets_total(rec, &oldest_ms);
	cr_assert(ages >= 1 && ages <= used, "%.0f ages for %.0f pages used:\n%s", ages, used, out);
	cr_assert_lt(oldest_ms, 90000, "an age older than the test:\n%s", out);
}

/* -p keeps the workload's readahead; -p of an idle process none of it. */
Test(readahead, counts_the_workload_s_readahead_pages_and_their_use)
{
	struct tracer_pair p;
	struct workload w, idle;

	need_a_way();
	workload(&w);
	workload_spawn(&idle, "cacher", NULL);
	cr_assert_eq(
		tracer_pair_run(&p, &w, "readahead", NULL, "-p", num_arg(w.pid), num_arg(idle.pid)),
		0, "cacher failed (3: pages stayed cached)");
	kill(idle.pid, SIGKILL);
	waitpid(idle.pid, NULL, 0);
	cr_assert_eq(p.hit_n, 1, "not one report:\n%s", p.hit.out);
	assert_workload_figures(&p.hit_recs[0], p.hit.out);
	assert_fields_documented("readahead", &p.hit_recs[0]);
	cr_assert_eq(p.miss_n, 1, "not one report:\n%s", p.miss.out);
	cr_assert_eq(json_number(&p.miss_recs[0], "pages"), 0, "-p of another process:\n%s",
		     p.miss.out);
	cr_assert_eq(json_number(&p.miss_recs[0], "sync_requests"), 0, "%s", p.miss.out);
	tracer_pair_free(&p);
}

/* -n filters the same way, in the kernel. */
Test(readahead, name_filter)
{
	struct tracer_pair p;
	struct workload w;

	need_a_way();
	workload(&w);
	cr_assert_eq(tracer_pair_run(&p, &w, "readahead", NULL, "-n", "cacher", "nocacher"), 0);
	cr_assert_eq(p.hit_n, 1, "not one report:\n%s", p.hit.out);
	/* other tests' cacher workloads may run beside: at least this one's pages */
	cr_assert_geq(json_number(&p.hit_recs[0], "pages"), FILE_PAGES, "%s", p.hit.out);
	cr_assert_eq(json_number(&p.miss_recs[0], "pages"), 0, "%s", p.miss.out);
	tracer_pair_free(&p);
}

/* bcc's lines, after this kernel's own two; the histogram once a readahead page was used. */
Test(readahead, text_like_bcc)
{
	struct tool_proc t;
	struct workload w;
	const char *p;

	need_a_way();
	workload(&w);
	tool_start(&t, "readahead", "-p", num_arg(w.pid), NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "%s", t.err);
	cr_assert(!strncmp(t.out, "Read-ahead requests: ", strlen("Read-ahead requests: ")), "%s",
		  t.out);
	p = strstr(t.out, "\nRead-ahead pages: ");
	cr_assert(p && strstr(p, " (evicted unused: 0)\n"), "%s", t.out);
	cr_assert(strstr(t.out, "\nRead-ahead unused pages: 0\n"
				"Read-ahead used pages: "),
		  "%s", t.out);
	p = strstr(t.out, "Histogram of read-ahead used page age (ms):\n"
			  "     msecs               : count    distribution\n");
	cr_assert(p, "%s", t.out);
	cr_assert_null(strchr(t.out, '\033'));
	tool_free(&t);
}

/* Forced to kprobes: the windows, requests and uses are kprobes, or one line says they cannot be. */
Test(readahead, forced_kprobes_are_used_or_refused_in_one_line)
{
	const char *want = "readahead: cannot attach: needs kprobes on page_cache_ra_unbounded "
			   "(tracepoint readahead:page_cache_ra_unbounded, Linux 6.18+) "
			   "(SONDE_ATTACH=kprobe)\n";
	char *out, *err, kinds[64];
	int status;

	setenv("SONDE_ATTACH", "kprobe", 1);
	status = tool_run_kinds(&out, &err, kinds, sizeof(kinds), "readahead", "-d", "0.2", NULL);
	unsetenv("SONDE_ATTACH");
	if (kernel_has_kprobes()) {
		cr_assert_eq(status, 0, "%s", err);
		/* insertions and removals are tracepoints on every kernel */
		cr_assert(!strcmp(kinds, "kprobe+raw_tp") || !strcmp(kinds, "raw_tp+kprobe"),
			  "forced to kprobe, attached by %s", kinds);
	} else {
		cr_assert_eq(status, 1, "%s", err);
		cr_assert_str_eq(err, want);
	}
	free(out);
	free(err);
}

Test(readahead, bad_usage_exits_2)
{
	const char *bad[][2] = { { "1", NULL }, { "-d", "x" }, { "-d", "-1" }, { "-m", NULL } };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_usage_error("readahead", bad[i][0], bad[i][1]);
}
