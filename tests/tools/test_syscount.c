// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"
#include "pidns.h"

/* What the syscaller workload is told to do: exact counts of calls nothing else here makes. */
#define GETPPIDS     1000
#define FCHDIRS	     500 /* fchdir(-1): each fails with EBADF */
#define SLEEPS	     10
#define SLEEP_MS     5
#define SPEC_GETPPID "getppid:1000"
#define SPEC_FCHDIR  "fchdir:500"
#define SPEC_SLEEP   "nanosleep:10:5"
/*
 * getppid() calls for this long, as many as the machine makes (about four
 * million here), to straddle many reports at the shortest interval.
 */
#define MANY_GETPPIDS_MS "1000"

TestSuite(syscount, .fini = expect_cleanup, .timeout = 60);

static void spawn(struct workload *w)
{
	workload_spawn(w, "syscaller", SPEC_GETPPID, SPEC_FCHDIR, NULL);
}

static struct json *traced(struct workload *w, size_t *n, const char *const args[6])
{
	return trace_workload(w, n, "syscount", args);
}

static const struct json *find_syscall(const struct json *recs, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (json_get(&recs[i], "syscall") && rec_str_is(&recs[i], "syscall", name))
			return &recs[i];
	return NULL;
}

static const struct json *find_pid(const struct json *recs, size_t n, pid_t pid)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (json_get(&recs[i], "pid") && json_number(&recs[i], "pid") == pid)
			return &recs[i];
	return NULL;
}

static void assert_count(const struct json *recs, size_t n, const char *name, double want)
{
	const struct json *r = find_syscall(recs, n, name);

	cr_assert(r, "no %s row", name);
	cr_assert_eq(json_number(r, "count"), want, "%s: count %.0f, expected %.0f", name,
		     json_number(r, "count"), want);
}

Test(syscount, exact_counts_per_syscall_for_its_pid)
{
	struct workload w;
	struct json *recs;
	size_t n;

	spawn(&w);
	recs = traced(&w, &n, (const char *[6]){ "-N", "0", "-p", num_arg(w.pid) });
	assert_count(recs, n, "getppid", GETPPIDS);
	assert_count(recs, n, "fchdir", FCHDIRS);
	cr_assert_eq(json_number(find_syscall(recs, n, "getppid"), "nr"), SYS_getppid);
	cr_assert_gt(json_number(find_syscall(recs, n, "getppid"), "time"), 1.6e9,
		     "time is not epoch seconds");
	cr_assert_null(json_get(find_syscall(recs, n, "getppid"), "total_time"),
		       "a time without -L");
	assert_fields_documented("syscount", find_syscall(recs, n, "getppid"));
	json_lines_free(recs, n);
}

Test(syscount, per_process_row_with_its_name)
{
	const struct json *r;
	struct workload w;
	struct json *recs;
	size_t n;

	spawn(&w);
	recs = traced(&w, &n, (const char *[6]){ "-P", "-N", "0" });
	r = find_pid(recs, n, w.pid);
	cr_assert(r, "no row for pid %d", w.pid);
	cr_assert_str_eq(json_string(r, "comm"), "syscaller");
	cr_assert_geq(json_number(r, "count"), GETPPIDS + FCHDIRS);
	cr_assert_null(json_get(r, "syscall"), "a syscall column in -P mode");
	assert_fields_documented("syscount", r);
	json_lines_free(recs, n);
}

Test(syscount, failed_only)
{
	struct workload w;
	struct json *recs;
	size_t n;

	spawn(&w);
	recs = traced(&w, &n, (const char *[6]){ "-x", "-N", "0", "-p", num_arg(w.pid) });
	assert_count(recs, n, "fchdir", FCHDIRS);
	cr_assert_null(find_syscall(recs, n, "getppid"), "getppid never fails, yet it was counted");
	json_lines_free(recs, n);
}

/* Two tracers at once on one held workload: the matching filter sees its calls, the other not. */
static void filter_pair(struct workload *held, const char *const hit_args[6],
			const char *const miss_args[6], const char *name, double want)
{
	struct workload w = *held;
	struct tool_proc hit, miss;
	struct json *recs;
	size_t n;

	tool_start(&hit, "syscount", "-j", hit_args[0], hit_args[1], hit_args[2], hit_args[3],
		   hit_args[4], hit_args[5], NULL);
	tool_start(&miss, "syscount", "-j", miss_args[0], miss_args[1], miss_args[2], miss_args[3],
		   miss_args[4], miss_args[5], NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&hit, SIGINT), 0, "stderr: %s", hit.err);
	cr_assert_eq(tool_stop(&miss, SIGINT), 0, "stderr: %s", miss.err);

	recs = json_lines(hit.out, &n);
	assert_count(recs, n, name, want);
	json_lines_free(recs, n);
	recs = json_lines(miss.out, &n);
	cr_assert_null(find_syscall(recs, n, name),
		       "%s was counted by the tracer that must miss it", name);
	json_lines_free(recs, n);
	tool_free(&hit);
	tool_free(&miss);
}

Test(syscount, errno_filter_by_name_and_number)
{
	struct workload w;

	spawn(&w);
	filter_pair(&w, (const char *[6]){ "-e", "EBADF", "-p", num_arg(w.pid) },
		    (const char *[6]){ "-e", "25" /* ENOTTY */, "-p", num_arg(w.pid) }, "fchdir",
		    FCHDIRS);
}

Test(syscount, syscall_filter_in_the_kernel)
{
	struct workload w;
	struct json *recs;
	size_t n;

	spawn(&w);
	recs = traced(&w, &n, (const char *[6]){ "--syscall", "getppid", "-p", num_arg(w.pid) });
	cr_assert_eq(n, 1, "--syscall getppid should leave one row, got %zu", n);
	assert_count(recs, n, "getppid", GETPPIDS);
	json_lines_free(recs, n);
}

Test(syscount, latency_covers_the_sleeps)
{
	const struct json *r;
	struct workload w;
	struct json *recs;
	size_t n;

	workload_spawn(&w, "syscaller", SPEC_SLEEP, SPEC_GETPPID, NULL);
	recs = traced(&w, &n, (const char *[6]){ "-L", "-N", "0", "-p", num_arg(w.pid) });
	assert_count(recs, n, "nanosleep", SLEEPS);
	r = find_syscall(recs, n, "nanosleep");
	cr_assert_str_eq(json_string(r, "unit"), "usecs");
	cr_assert_geq(json_number(r, "total_time"), SLEEPS * SLEEP_MS * 1000.0);
	cr_assert_geq(json_number(r, "avg_time"), SLEEP_MS * 1000.0);
	cr_assert_lt(json_number(r, "avg_time"), 1e6, "a 5 ms sleep took a second?");
	/* sorted by time: the sleeps come before the thousand quick calls */
	cr_assert_str_eq(json_string(&recs[0], "syscall"), "nanosleep");
	assert_count(recs, n, "getppid", GETPPIDS);
	assert_fields_documented("syscount", r);
	json_lines_free(recs, n);
}

Test(syscount, latency_per_process_in_milliseconds)
{
	const struct json *r;
	struct workload w;
	struct json *recs;
	size_t n;

	workload_spawn(&w, "syscaller", SPEC_SLEEP, NULL);
	recs = traced(&w, &n, (const char *[6]){ "-L", "-P", "-m", "-p", num_arg(w.pid) });
	r = find_pid(recs, n, w.pid);
	cr_assert(r, "no row for pid %d", w.pid);
	cr_assert_str_eq(json_string(r, "unit"), "msecs");
	cr_assert_geq(json_number(r, "total_time"), SLEEPS * SLEEP_MS);
	cr_assert_gt(json_number(r, "count"), SLEEPS);
	json_lines_free(recs, n);
}

Test(syscount, text_columns_like_bcc)
{
	struct tool_proc t;
	struct workload w;
	char want[128];

	spawn(&w);
	tool_start(&t, "syscount", "-p", num_arg(w.pid), NULL);
	workload_finish(&w);
	cr_assert_eq(tool_stop(&t, SIGINT), 0);
	cr_assert(!strncmp(t.out, "SYSCALL                   COUNT\n", 32), "%s", t.out);
	snprintf(want, sizeof(want), "\n%-22s %8d\n", "getppid", GETPPIDS);
	cr_assert(strstr(t.out, want), "no row '%s' in:\n%s", want, t.out);
	tool_free(&t);

	spawn(&w);
	tool_start(&t, "syscount", "-P", "-L", "-p", num_arg(w.pid), NULL);
	workload_finish(&w);
	cr_assert_eq(tool_stop(&t, SIGINT), 0);
	cr_assert(!strncmp(t.out, "PID    COMM               COUNT        TIME (us)     AVG (us)\n",
			   60),
		  "%s", t.out);
	snprintf(want, sizeof(want), "\n%-6d %-15s ", w.pid, "syscaller");
	cr_assert(strstr(t.out, want), "no row '%s' in:\n%s", want, t.out);
	tool_free(&t);

	/* -m: the headings name the unit */
	spawn(&w);
	tool_start(&t, "syscount", "-L", "-m", "-p", num_arg(w.pid), NULL);
	workload_finish(&w);
	cr_assert_eq(tool_stop(&t, SIGINT), 0);
	cr_assert(!strncmp(t.out, "SYSCALL                   COUNT        TIME (ms)     AVG (ms)\n",
			   61),
		  "%s", t.out);
	tool_free(&t);
}

Test(syscount, text_escapes_hostile_comm)
{
	struct tool_proc t;
	struct workload w;

	workload_spawn(&w, "syscaller", "--comm", "\x1b]0;pwned\x07", SPEC_GETPPID, NULL);
	tool_start(&t, "syscount", "-P", "-p", num_arg(w.pid), NULL);
	workload_finish(&w);
	cr_assert_eq(tool_stop(&t, SIGINT), 0);
	cr_assert(strstr(t.out, "\\x1b]0;pwned\\x07"), "escaped name missing from:\n%s", t.out);
	cr_assert_null(strchr(t.out, '\x1b'), "a raw ESC reached the terminal");
	tool_free(&t);
}

Test(syscount, interval_count_and_timestamps)
{
	struct tool_proc t;
	const char *p;
	int reports = 0;

	tool_start(&t, "syscount", "-T", "0.2", "3", NULL);
	cr_assert_eq(tool_wait(&t, 10), 0, "stderr: %s", t.err);
	for (p = t.out; (p = strstr(p, "SYSCALL ")); p++)
		reports++;
	cr_assert_eq(reports, 3, "expected 3 reports:\n%s", t.out);
	cr_assert(t.out[0] == '\n' && t.out[3] == ':' && t.out[6] == ':',
		  "no HH:MM:SS before the report:\n%s", t.out);
	tool_free(&t);
}

/*
 * Reports every millisecond (or as often as the tool manages) while
 * getppid() is called over and over for a second (about four million calls
 * here): the reports' counts add up to every call the workload counted,
 * none lost at a boundary. Before the counts were double-buffered
 * (bpf/summary.bpf.h), tens of calls went missing in 8 runs of 10 here.
 * Bounded by time, not by a count: four million calls took 10 s in an
 * emulated x86 VM and 43 s in an arm64 one.
 */
Test(syscount, intervals_add_up_to_every_call)
{
	struct report_sum got;
	struct tool_proc t;
	struct workload w;
	char facts[256];
	long calls;

	expect_facts(facts, sizeof(facts), "syscaller");
	workload_spawn(&w, "syscaller", "--for", MANY_GETPPIDS_MS, facts, "getppid", NULL);
	expect_workload(&w);
	tool_start(&t, "syscount", "-j", "--syscall", "getppid", "-p", num_arg(w.pid),
		   SHORTEST_INTERVAL, NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
	calls = fact(facts, "calls");
	cr_assert_gt(calls, 0, "the workload made no calls");
	got = reports_sum(t.out, "count", "syscall", "getppid");
	cr_assert_gt(got.records, 1, "the calls fit one report: no boundary was crossed");
	cr_assert_eq(got.sum, calls, "%.0f calls over %zu reports, not %ld", got.sum, got.records,
		     calls);
	tool_free(&t);
}

Test(syscount, list_names_syscalls)
{
	char *out, *err;

	cr_assert_eq(tool_run(&out, &err, "syscount", "--list", NULL), 0, "%s", err);
	cr_assert(strstr(out, "\ngetppid\n"), "getppid is not listed");
	free(out);
	free(err);
}

/* Its own options' bad uses: the shared ones are test_shared.c's. */
Test(syscount, bad_usage_exits_2)
{
	assert_usage_error("syscount", "--syscall", "sonde-no-such-call");
	assert_usage_error("syscount", "-e", "ENOSUCHERR");
	assert_usage_error("syscount", "-e", "0");
	assert_usage_error("syscount", "-N", "-1");
	assert_usage_error("syscount", "-N", "ten");
	assert_usage_error("syscount", "-d", "1");
}

/*
 * -P inside a PID namespace, as in a container: a process in it has its row
 * under the PID it has there; one in a namespace nested below under the PID
 * it has in the tool's; one on the host is counted with every task the
 * namespace cannot see, as PID 0.
 */
Test(syscount, pid_namespace_rows)
{
	const char *const args[TRACE_MAX_ARGS] = { "-P", "-N", "0" };
	struct workload w[3]; /* in the namespace, nested below it, on the host */
	struct pidns ns, nested;
	const struct json *r;
	struct json *recs;
	pid_t nested_pid;
	char facts[256];
	size_t n;

	pidns_make(&ns);
	pidns_enter(&ns);
	expect_spawn_ids(&w[0], false, facts, sizeof(facts), "syscaller", SPEC_GETPPID);
	pidns_make(&nested);
	pidns_enter(&nested);
	workload_spawn(&w[1], "syscaller", SPEC_GETPPID, NULL);
	nested_pid = pidns_pid(w[1].pid, 1);
	pidns_leave();
	spawn(&w[2]);
	pidns_enter(&ns);
	recs = trace_workloads(w, 3, &n, "syscount", args);
	pidns_leave();
	r = find_pid(recs, n, fact(facts, "pid"));
	cr_assert(r, "no row for %ld", fact(facts, "pid"));
	cr_assert_str_eq(json_string(r, "comm"), "syscaller");
	cr_assert_geq(json_number(r, "count"), GETPPIDS);
	r = find_pid(recs, n, nested_pid);
	cr_assert(r, "no row for %d, nested", nested_pid);
	cr_assert_geq(json_number(r, "count"), GETPPIDS);
	cr_assert_null(find_pid(recs, n, w[2].pid), "a host PID inside");
	r = find_pid(recs, n, 0);
	cr_assert(r, "no row for the tasks outside");
	cr_assert_geq(json_number(r, "count"), GETPPIDS + FCHDIRS);
	json_lines_free(recs, n);
	pidns_remove(&nested);
	pidns_remove(&ns);
}
