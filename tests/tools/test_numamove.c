// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * numamove against the migrator workload. This machine has one NUMA node,
 * so no NUMA-balancing migration can happen on it; compaction can: the
 * workload writes to /proc/sys/vm/compact_memory, and compaction then
 * migrates pages (reason compaction) in the workload's own context, pages
 * the kernel also counts in /proc/vmstat's pgmigrate_success. Others may
 * migrate pages meanwhile (kcompactd, other tests): the tool's count for
 * the workload must be above zero and within the machine's.
 * move_pages(2) to another node, counted exactly, needs two nodes, as
 * does NUMA balancing moving the pages back to the node the workload runs
 * on (scripts/vm has two: the CPU on node 0, node 1 memory alone).
 */
#include <dirent.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "harness.h"

#define MOVED_PAGES 100

TestSuite(numamove, .timeout = 120);

/* /proc/vmstat's pgmigrate_success: pages migrated since boot, for any reason. */
static double migrated(void)
{
	char buf[64];

	sh(buf, sizeof(buf), "awk '$1 == \"pgmigrate_success\" { print $2 }' /proc/vmstat");
	return atof(buf);
}

/* Whether the kernel has the tracepoint the time is measured from (5.13 has, 5.10 not). */
static bool timed(void)
{
	return !access("/sys/kernel/tracing/events/migrate/mm_migrate_pages_start", F_OK) ||
	       !access("/sys/kernel/debug/tracing/events/migrate/mm_migrate_pages_start", F_OK);
}

static int numa_nodes(void)
{
	DIR *d = opendir("/sys/devices/system/node");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += !strncmp(e->d_name, "node", 4) && e->d_name[4] >= '0' && e->d_name[4] <= '9';
	if (d)
		closedir(d);
	return n;
}

static void balancing_off(void);
static void balancing_restore(void);

/* The workload's compaction: its pages, within what the kernel counted. */
static void assert_compaction(const struct tracer_pair *p, double kernel_counted)
{
	struct report_sum hit, calls, ns;

	hit = reports_sum(p->hit.out, "pages", "reason", "compaction");
	calls = reports_sum(p->hit.out, "calls", "reason", "compaction");
	cr_assert_gt(kernel_counted, 0, "compaction migrated nothing on this machine");
	cr_assert_gt(hit.sum, 0, "no compaction pages:\n%s", p->hit.out);
	cr_assert_leq(hit.sum, kernel_counted, "%.0f pages, the kernel counted %.0f", hit.sum,
		      kernel_counted);
	cr_assert_gt(calls.sum, 0);
	if (timed()) { /* else null */
		ns = reports_sum(p->hit.out, "ns", "reason", "compaction");
		cr_assert_gt(ns.sum, 0, "no time in migration:\n%s", p->hit.out);
	}
}

/*
 * `numamove -a -j OPT` of the workload (-p its pid, -c its cgroup) and of
 * this test's process (an empty cgroup) at once: the first counts the
 * workload's migrations, the second none. The migrations are the cheapest
 * this machine can make: move_pages(2) of MOVED_PAGES pages where there are
 * two nodes, counted exactly; else compaction. (On scripts/vm's two-node
 * guests, after mdflush's tests, the compaction workload's page faults
 * under two tracers stalled the whole guest for minutes, a real-time
 * monitor included: numamove's tests timed out in every CI VM. There
 * compaction is still tested, 16 MiB of it, by all_reasons_text.)
 */
static void filter_pair(const char *opt)
{
	bool moves = numa_nodes() >= 2;
	const char *match, *miss;
	struct report_sum moved, none;
	struct cgroup_pair cg;
	struct tracer_pair p;
	struct workload w;
	double before;

	if (moves)
		workload_spawn(&w, "migrator", "move", num_arg(MOVED_PAGES), NULL);
	else
		workload_spawn(&w, "migrator", "compact", "16", NULL);
	if (!strcmp(opt, "-c")) {
		cgroup_pair_make(&cg, w.pid);
		match = cg.inside;
		miss = cg.outside;
	} else {
		match = num_arg(w.pid);
		miss = num_arg(getpid());
	}
	before = migrated();
	cr_assert_eq(tracer_pair_run(&p, &w, "numamove", "-a", opt, match, miss), 0);
	if (!strcmp(opt, "-c"))
		cgroup_pair_remove(&cg);
	if (moves) {
		moved = reports_sum(p.hit.out, "pages", "reason", "syscall_or_cpuset");
		cr_assert_eq(moved.sum, MOVED_PAGES, "%s", p.hit.out);
	} else {
		assert_compaction(&p, migrated() - before);
	}
	cr_assert_gt(p.hit_n, 0);
	assert_fields_documented("numamove", &p.hit_recs[0]);
	none = reports_sum(p.miss.out, "pages", NULL, NULL);
	cr_assert_eq(none.sum, 0, "%s %s:\n%s", opt, miss, p.miss.out);
	tracer_pair_free(&p);
}

/* -p of the workload: its migrations' pages; -p of this test: none. */
Test(numamove, pid_filter, .init = balancing_off, .fini = balancing_restore)
{
	filter_pair("-p");
}

/* -c of the workload's cgroup: its migrations' pages; -c of an empty one: none. */
Test(numamove, cgroup_filter, .init = balancing_off, .fini = balancing_restore)
{
	filter_pair("-c");
}

/* move_pages(2) of MOVED_PAGES pages to another node: every one counted, as its reason's. */
Test(numamove, counts_move_pages_exactly)
{
	struct report_sum pages, failed, other;
	struct workload w;
	struct tool_proc t;

	if (numa_nodes() < 2)
		cr_skip_test("one NUMA node: move_pages(2) has nowhere to move to");
	workload_spawn(&w, "migrator", "move", num_arg(MOVED_PAGES), NULL);
	tool_start(&t, "numamove", "-j", "-a", "-p", num_arg(w.pid), NULL);
	cr_assert_eq(workload_finish(&w), 0, "the workload did not move every page");
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "%s", t.err);
	pages = reports_sum(t.out, "pages", "reason", "syscall_or_cpuset");
	failed = reports_sum(t.out, "failed", "reason", "syscall_or_cpuset");
	cr_assert_eq(pages.sum, MOVED_PAGES, "%s", t.out);
	cr_assert_eq(failed.sum, 0, "%s", t.out);
	other = reports_sum(t.out, "pages", "reason", "numa_misplaced");
	cr_assert_eq(other.sum, 0, "%s", t.out);
	tool_free(&t);
}

/*
 * NUMA balancing's knobs, set for the test and put back after it, pass or
 * fail: on, and scanning a task's memory at once and often (debugfs from
 * 5.13, /proc/sys before), so that misplaced pages move back in well under
 * a second rather than after a scan delay.
 */
static const char *const balancing_knobs[][2] = {
	{ "/proc/sys/kernel/numa_balancing", "1" },
	{ "/sys/kernel/debug/sched/numa_balancing/scan_delay_ms", "0" },
	{ "/sys/kernel/debug/sched/numa_balancing/scan_period_min_ms", "100" },
	{ "/proc/sys/kernel/numa_balancing_scan_delay_ms", "0" },
	{ "/proc/sys/kernel/numa_balancing_scan_period_min_ms", "100" },
};
#define N_KNOBS (sizeof(balancing_knobs) / sizeof(balancing_knobs[0]))
static char knobs_were[N_KNOBS][32];

static void knob_write(const char *path, const char *value)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(value, f);
		fclose(f);
	}
}

/* Each knob as it was, then set to its value in the table, or NUMA balancing alone off. */
static void balancing_set(bool on)
{
	size_t i;
	FILE *f;

	for (i = 0; i < N_KNOBS; i++) {
		f = fopen(balancing_knobs[i][0], "r");
		knobs_were[i][0] = '\0';
		if (f && !fgets(knobs_were[i], sizeof(knobs_were[i]), f))
			knobs_were[i][0] = '\0';
		if (f)
			fclose(f);
		if (knobs_were[i][0] && (on || i == 0))
			knob_write(balancing_knobs[i][0], on ? balancing_knobs[i][1] : "0");
	}
}

static void balancing_on(void)
{
	balancing_set(true);
}

/*
 * Off for compaction: Debian's kernels turn NUMA balancing on by default
 * where there are two nodes (scripts/vm), and its hinting faults would
 * add NUMA migrations of the workload's pages to the compaction the
 * tests count.
 */
static void balancing_off(void)
{
	balancing_set(false);
}

static void balancing_restore(void)
{
	size_t i;

	for (i = 0; i < N_KNOBS; i++)
		if (knobs_were[i][0])
			knob_write(balancing_knobs[i][0], knobs_were[i]);
}

/*
 * MOVED_PAGES pages moved to node 1 (move_pages), then read from node 0's
 * CPU until NUMA balancing has moved every one back: bcc's default count,
 * NUMA balancing's alone, is exactly those pages.
 */
Test(numamove, counts_numa_balancing_s_moves_exactly, .fini = balancing_restore)
{
	struct report_sum pages;
	struct workload w;
	struct tool_proc t;

	if (numa_nodes() < 2)
		cr_skip_test("one NUMA node: no page is ever misplaced");
	if (access(balancing_knobs[0][0], F_OK))
		cr_skip_test("no NUMA balancing in this kernel (CONFIG_NUMA_BALANCING)");
	balancing_on();
	workload_spawn(&w, "migrator", "misplace", num_arg(MOVED_PAGES), "20", NULL);
	tool_start(&t, "numamove", "-j", "-p", num_arg(w.pid), NULL);
	cr_assert_eq(workload_finish(&w), 0, "NUMA balancing did not move every page back");
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "%s", t.err);
	pages = reports_sum(t.out, "pages", "reason", "numa_misplaced");
	cr_assert_eq(pages.sum, MOVED_PAGES, "%s", t.out);
	tool_free(&t);
}

/* bcc's columns, a line per interval: NUMA balancing's, zeros included. */
Test(numamove, text_like_bcc)
{
	const char *heading = "TIME          NUMA_migrations NUMA_migrations_ms\n";
	struct tool_proc t;
	const char *p;
	int lines = 0;

	tool_start(&t, "numamove", "0.2", "2", NULL);
	cr_assert_eq(tool_wait(&t, 10), 0, "stderr: %s", t.err);
	cr_assert(!strncmp(t.out, heading, strlen(heading)), "%s", t.out);
	for (p = t.out; (p = strchr(p, '\n')); p++)
		lines++;
	cr_assert_eq(lines, 3, "not the heading and two lines:\n%s", t.out);
	p = strchr(t.out, '\n') + 1;
	cr_assert(strlen(p) > 10 && p[2] == ':' && p[5] == ':' && p[10] == ' ', "%s", t.out);
	tool_free(&t);
}

/* -a: a row per reason under its own heading, the workload's compaction among them. */
Test(numamove, all_reasons_text, .init = balancing_off, .fini = balancing_restore)
{
	const char *heading = "TIME       REASON             "
			      "             PAGES   FAILED    CALLS                 MS\n";
	struct tool_proc t;
	struct workload w;

	workload_spawn(&w, "migrator", "compact", "16", NULL);
	tool_start(&t, "numamove", "-a", "-p", num_arg(w.pid), "100", NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "%s", t.err);
	cr_assert(!strncmp(t.out, heading, strlen(heading)), "%s", t.out);
	cr_assert(strstr(t.out, "   compaction "), "no compaction row:\n%s", t.out);
	tool_free(&t);
}

/* Every interval's JSON has NUMA balancing's counts, keys as the man page lists them. */
Test(numamove, json_every_interval)
{
	struct json *recs;
	char *out, *err;
	size_t n, i;

	cr_assert_eq(tool_run(&out, &err, "numamove", "-j", "0.2", "2", NULL), 0, "%s", err);
	recs = json_lines(out, &n);
	cr_assert_eq(n, 2, "%s", out);
	for (i = 0; i < n; i++) {
		cr_assert_str_eq(json_string(&recs[i], "reason"), "numa_misplaced");
		assert_fields_documented("numamove", &recs[i]);
	}
	json_lines_free(recs, n);
	free(out);
	free(err);
}

Test(numamove, bad_usage_exits_2)
{
	const char *bad[][2] = { { "0", NULL }, { "-d", "1" }, { "1", "x" }, { "-a", "x" } };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_usage_error("numamove", bad[i][0], bad[i][1]);
}
