// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * klockstat against the renamer workload: threads renaming files across two
 * directories queue on the superblock's s_vfs_rename_mutex and the
 * directories' i_rwsem, from do_renameat2. The tests look for those waits
 * in the workload's own records, by its pid and the rename path in the
 * caller's stack.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "harness.h"

#define THREADS "4"
#define SECONDS "2"

TestSuite(klockstat, .timeout = 120);

/* The kernel functions a rename's lock is taken under (lock_rename() may be inlined). */
static const char *const rename_path[] = {
	"lock_rename", "lock_two_directories", "do_renameat2",
	"vfs_rename",  SYSCALL_FUNC("rename"), "__do_sys_rename"
};

static bool on_rename_path(const struct json *rec)
{
	const struct json *stack = json_get(rec, "stack");
	size_t i, j;

	for (i = 0; stack && stack->type == JSON_ARRAY && i < stack->n; i++) {
		const struct json *sym = json_get(&stack->items[i], "sym");

		for (j = 0; sym && sym->type == JSON_STRING &&
			    j < sizeof(rename_path) / sizeof(rename_path[0]);
		     j++)
			if (!strcmp(sym->string, rename_path[j]))
				return true;
	}
	return false;
}

/* The workload's rename-path records: how many, and the first. */
static size_t rename_waits(const struct json *recs, size_t n, pid_t pid, const struct json **first)
{
	size_t i, found = 0;

	*first = NULL;
	for (i = 0; i < n; i++) {
		if (!json_get(&recs[i], "pid") || json_number(&recs[i], "pid") != pid ||
		    !on_rename_path(&recs[i]))
			continue;
		if (!found++)
			*first = &recs[i];
	}
	return found;
}

/* The hold times of the workload's rename-path records, in all (fentry only). */
static double rename_holds(const struct json *recs, size_t n, pid_t pid)
{
	double held = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (json_get(&recs[i], "pid") && json_number(&recs[i], "pid") == pid &&
		    on_rename_path(&recs[i])) {
			cr_assert_leq(json_number(&recs[i], "hold_max_ns"),
				      json_number(&recs[i], "hold_total_ns"));
			held += json_number(&recs[i], "hold_count") > 0
					? json_number(&recs[i], "hold_total_ns")
					: 0;
		}
	}
	return held;
}

static void spawn_renamer(struct workload *w, char *prefix, size_t len)
{
	snprintf(prefix, len, "/tmp/%s-klockstat", test_marker());
	workload_spawn(w, "renamer", prefix, THREADS, SECONDS, NULL);
}

/* A contention record's figures hold together: waits, a total, a max within it. */
static void assert_wait_figures(const struct json *r)
{
	double count = json_number(r, "wait_count"), total = json_number(r, "wait_total_ns");
	double max = json_number(r, "wait_max_ns"), avg = json_number(r, "wait_avg_ns");

	cr_assert_gt(count, 0, "no waits counted");
	cr_assert_gt(total, 0, "no wait time");
	cr_assert_gt(max, 0);
	cr_assert_leq(max, total, "a wait longer than all of them");
	cr_assert_leq(avg, max);
	cr_assert_geq(avg * count, total - count, "avg x count is not the total");
	cr_assert_str_eq(json_string(r, "comm"), "renamer");
	cr_assert(json_string(r, "lock")[0] == '0' && json_string(r, "lock")[1] == 'x');
}

Test(klockstat, rename_storm_waits_on_the_rename_path)
{
	const struct json *r;
	struct tool_proc t;
	struct workload w;
	struct json *recs;
	char prefix[256];
	size_t n, found;

	spawn_renamer(&w, prefix, sizeof(prefix));
	tool_start(&t, "klockstat", "-j", "-s", "16", "-p", num_arg(w.pid), NULL);
	log_attach("klockstat", t.kinds);
	cr_assert_eq(workload_finish(&w), 0, "renamer failed");
	/* the fentry way detaches 16 trampolines, each an RCU-tasks wait: seconds in an emulated VM */
	kill(t.pid, SIGINT);
	cr_assert_eq(tool_wait(&t, 60.0), 0, "klockstat: %s", t.err);
	recs = json_lines(t.out, &n);
	found = rename_waits(recs, n, w.pid, &r);
	if (!found && sysconf(_SC_NPROCESSORS_ONLN) == 1 && !strstr(t.kinds, "fentry")) {
		/* contention needs a holder off the CPU: tmpfs renames never sleep holding */
		json_lines_free(recs, n);
		tool_free(&t);
		cr_skip_test("one CPU: no rename lock was contended (%zu records)", n);
	}
	cr_assert_gt(found, 0, "no wait on the rename path in %zu records:\n%s", n, t.out);
	assert_wait_figures(r);
	cr_assert_str_neq(json_string(r, "kind"), "unknown");
	if (strstr(t.kinds, "fentry")) /* every acquisition is seen, and its release */
		cr_assert_gt(rename_holds(recs, n, w.pid), 0, "fentry: no hold times");
	else
		cr_assert_null(json_get(r, "hold_count"), "hold times from the tracepoints");
	assert_fields_documented("klockstat", r);
	json_lines_free(recs, n);
	tool_free(&t);
}

/* -p of the workload sees its waits, -p of another process none of them. */
static void check_pair(const char *opt, const char *hit, const char *miss)
{
	struct tracer_pair p;
	struct workload w;
	const struct json *r;
	char prefix[256];

	spawn_renamer(&w, prefix, sizeof(prefix));
	cr_assert_eq(
		tracer_pair_run(&p, &w, "klockstat", "-s16", opt, hit ? hit : num_arg(w.pid), miss),
		0);
	if (!rename_waits(p.hit_recs, p.hit_n, w.pid, &r) && sysconf(_SC_NPROCESSORS_ONLN) == 1 &&
	    !strstr(p.hit.kinds, "fentry")) {
		tracer_pair_free(&p);
		cr_skip_test("one CPU: no rename lock was contended");
	}
	cr_assert_gt(rename_waits(p.hit_recs, p.hit_n, w.pid, &r), 0,
		     "%s: no rename-path wait of the workload:\n%s", opt, p.hit.out);
	cr_assert_eq(rename_waits(p.miss_recs, p.miss_n, w.pid, &r), 0,
		     "%s %s: the workload's waits shown", opt, miss);
	tracer_pair_free(&p);
}

Test(klockstat, pid_filter_hit_and_miss)
{
	check_pair("-p", NULL, num_arg(getpid()));
}

/* --caller: the rename path's function keeps its waits, a function never on it drops them. */
Test(klockstat, caller_filter_hit_and_miss)
{
	struct tracer_pair p;
	struct workload w;
	const struct json *r;
	char prefix[256];
	size_t hits;

	spawn_renamer(&w, prefix, sizeof(prefix));
	cr_assert_eq(tracer_pair_run(&p, &w, "klockstat", "-s16", "--caller", "do_renameat2",
				     "vfs_fsync_range"),
		     0);
	hits = rename_waits(p.hit_recs, p.hit_n, w.pid, &r);
	if (!hits && sysconf(_SC_NPROCESSORS_ONLN) == 1 && !strstr(p.hit.kinds, "fentry")) {
		tracer_pair_free(&p);
		cr_skip_test("one CPU: no rename lock was contended");
	}
	cr_assert_gt(hits, 0, "--caller do_renameat2 dropped the rename waits:\n%s\n%s", p.hit.out,
		     p.hit.err);
	cr_assert_eq(rename_waits(p.miss_recs, p.miss_n, w.pid, &r), 0,
		     "--caller vfs_fsync_range kept rename waits");
	tracer_pair_free(&p);
}

Test(klockstat, bad_input)
{
	assert_usage_error("klockstat", "-S", "nope");
	assert_usage_error("klockstat", "-s", "0");
	assert_usage_error("klockstat", "-s", "x");
	assert_usage_error("klockstat", "--lock", "xyz");
	assert_usage_error("klockstat", "--lock", "0");
	assert_usage_error("klockstat", "-N", "-1");
	assert_usage_error("klockstat", "--caller", "");
}
