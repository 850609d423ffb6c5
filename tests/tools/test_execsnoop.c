// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"
#include "pidns.h"

TestSuite(execsnoop, .fini = expect_cleanup);

/*
 * The workload's exec with this result, or NULL. Its failing exec is the
 * only one with ret -2; its successful one is of /bin/true (the harness's own
 * exec of the workload binary comes from the same pid and is skipped).
 */
static const struct json *find_exec(const struct json *recs, size_t n, pid_t pid, int ret)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (json_number(&recs[i], "pid") == pid && json_number(&recs[i], "ret") == ret &&
		    (ret || rec_str_is(&recs[i], "filename", "/bin/true")))
			return &recs[i];
	return NULL;
}

static void assert_args(const struct json *rec, const char *const *want, size_t nwant)
{
	const struct json *args = json_get(rec, "args");
	size_t i;

	cr_assert(args && args->type == JSON_ARRAY, "no args array");
	cr_assert_eq(args->n, nwant, "expected %zu args, got %zu", nwant, args->n);
	for (i = 0; i < nwant; i++)
		cr_assert_str_eq(args->items[i].string, want[i]);
}

Test(execsnoop, json_success_and_failure, .timeout = 60)
{
	const char *marker = test_marker();
	const char *ok_args[] = { "true", marker, "arg two" };
	const char *failed_args[] = { "sonde-missing", marker };
	const struct json *ok, *failed;
	struct tool_proc t;
	struct workload w;
	struct json *recs;
	char missing[128];
	size_t n;

	workload_spawn(&w, "execer", marker, NULL);
	tool_start(&t, "execsnoop", "-j", "-x", NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);

	recs = json_lines(t.out, &n);
	failed = find_exec(recs, n, w.pid, -2);
	ok = find_exec(recs, n, w.pid, 0);
	cr_assert(failed, "no failed exec (ret -2) from pid %d in:\n%s", w.pid, t.out);
	cr_assert(ok, "no successful exec from pid %d in:\n%s", w.pid, t.out);

	snprintf(missing, sizeof(missing), "/nonexistent/sonde-%s", marker);
	cr_assert_str_eq(json_string(failed, "filename"), missing);
	assert_args(failed, failed_args, 2);
	cr_assert_str_eq(json_string(ok, "filename"), "/bin/true");
	cr_assert_str_eq(json_string(ok, "comm"), "true");
	assert_args(ok, ok_args, 3);
	cr_assert_eq(json_number(ok, "ppid"), getpid());
	cr_assert_eq(json_number(ok, "uid"), getuid());
	cr_assert_eq(json_get(ok, "truncated")->boolean, false);
	cr_assert_gt(json_number(ok, "time"), 1.6e9, "time is not epoch seconds");
	assert_fields_documented("execsnoop", ok);
	json_lines_free(recs, n);
	tool_free(&t);
}

Test(execsnoop, failed_execs_hidden_without_x, .timeout = 60)
{
	struct tool_proc t;
	struct workload w;
	struct json *recs;
	size_t n;

	workload_spawn(&w, "execer", test_marker(), NULL);
	tool_start(&t, "execsnoop", "-j", NULL);
	workload_finish(&w);
	cr_assert_eq(tool_stop(&t, SIGTERM), 0);
	recs = json_lines(t.out, &n);
	cr_assert(find_exec(recs, n, w.pid, 0), "the successful exec is missing");
	cr_assert_null(find_exec(recs, n, w.pid, -2), "a failed exec was shown without -x");
	json_lines_free(recs, n);
	tool_free(&t);
}

Test(execsnoop, max_args_truncates_visibly, .timeout = 60)
{
	const char *marker = test_marker();
	const char *first_two[] = { "true", marker };
	const struct json *ok;
	struct tool_proc t;
	struct workload w;
	struct json *recs;
	size_t n;

	workload_spawn(&w, "execer", marker, NULL);
	tool_start(&t, "execsnoop", "-j", "--max-args", "2", NULL);
	workload_finish(&w);
	cr_assert_eq(tool_stop(&t, SIGINT), 0);
	recs = json_lines(t.out, &n);
	ok = find_exec(recs, n, w.pid, 0);
	cr_assert(ok);
	assert_args(ok, first_two, 2);
	cr_assert_eq(json_get(ok, "truncated")->boolean, true);
	json_lines_free(recs, n);
	tool_free(&t);

	/* and in text, the cut is marked with "..." */
	workload_spawn(&w, "execer", marker, NULL);
	tool_start(&t, "execsnoop", "--max-args", "2", NULL);
	workload_finish(&w);
	cr_assert_eq(tool_stop(&t, SIGINT), 0);
	{
		char want[128];

		snprintf(want, sizeof(want), "true %s ...\n", marker);
		cr_assert(strstr(t.out, want), "no truncated line '%s' in:\n%s", want, t.out);
	}
	tool_free(&t);
}

/*
 * Two tracers at once on a held workload: the one whose filter matches must
 * see it, the other must not.
 */
static void filter_pair(struct workload *held, const char *opt, const char *match, const char *miss)
{
	struct tracer_pair p;

	tracer_pair_run(&p, held, "execsnoop", NULL, opt, match, miss);
	cr_assert(find_exec(p.hit_recs, p.hit_n, held->pid, 0), "%s %s missed the workload", opt,
		  match);
	cr_assert_null(find_exec(p.miss_recs, p.miss_n, held->pid, 0),
		       "%s %s let the workload through", opt, miss);
	tracer_pair_free(&p);
}

static void held_execer(struct workload *w)
{
	workload_spawn(w, "execer", test_marker(), NULL);
}

Test(execsnoop, line_filter, .timeout = 60)
{
	struct workload w;

	held_execer(&w);
	filter_pair(&w, "-l", "arg two", "arg three");
}

Test(execsnoop, text_escapes_hostile_comm, .timeout = 60)
{
	struct tool_proc t;
	struct workload w;

	/* the failed exec keeps this name: ESC ] 0 ; title BEL rewrites a terminal's title */
	workload_spawn(&w, "execer", "--comm", "\x1b]0;pwned\x07", test_marker(), NULL);
	tool_start(&t, "execsnoop", "-x", NULL);
	workload_finish(&w);
	cr_assert_eq(tool_stop(&t, SIGINT), 0);
	cr_assert(strstr(t.out, "\\x1b]0;pwned\\x07"), "escaped name missing from:\n%s", t.out);
	cr_assert_null(strchr(t.out, '\x1b'), "a raw ESC reached the terminal");
	cr_assert_null(strchr(t.out, '\x07'), "a raw BEL reached the terminal");
	tool_free(&t);
}

/* -q: an argument with a space stays one argument to the eye */
Test(execsnoop, quote_wraps_each_argument, .timeout = 60)
{
	const char *marker = test_marker();
	struct tool_proc t;
	struct workload w;
	char want[160];

	workload_spawn(&w, "execer", marker, NULL);
	tool_start(&t, "execsnoop", "-q", NULL);
	workload_finish(&w);
	cr_assert_eq(tool_stop(&t, SIGINT), 0);
	snprintf(want, sizeof(want), "\"true\" \"%s\" \"arg two\"\n", marker);
	cr_assert(strstr(t.out, want), "no line ending '%s' in:\n%s", want, t.out);
	tool_free(&t);
}

/* Its own options' bad uses: the shared ones are test_shared.c's. */
Test(execsnoop, bad_usage_exits_2)
{
	assert_usage_error("execsnoop", "--max-args", "0");
	assert_usage_error("execsnoop", "--max-args", "129");
	assert_usage_error("execsnoop", "-l", NULL);
}

/* The first record whose second argument starts with `prefix`. */
static const struct json *exec_with_arg1(const struct json *recs, size_t n, const char *prefix)
{
	const struct json *args;
	size_t i;

	for (i = 0; i < n; i++) {
		args = json_get(&recs[i], "args");
		if (args && args->n >= 2 && args->items[1].type == JSON_STRING &&
		    !strncmp(args->items[1].string, prefix, strlen(prefix)))
			return &recs[i];
	}
	return NULL;
}

static struct json *trace_execargs(size_t *n, const char *mode, const char *const *more,
				   const char *const args[TRACE_MAX_ARGS])
{
	const char *argv[16] = { mode, test_marker() };
	struct workload w;
	size_t i;

	for (i = 0; more && more[i] && i < 12; i++)
		argv[i + 2] = more[i];
	workload_spawn(&w, "execargs", argv[0], argv[1], argv[2], argv[3], argv[4], argv[5], NULL);
	return trace_workload(&w, n, "execsnoop", args);
}

/*
 * Regression (bpf/execsnoop.bpf.c, fixed): arguments in a page the caller
 * had not touched could not be read at syscall entry and were dropped
 * silently (["true"], "truncated":false). They are read where the kernel
 * copied them for the new program.
 */
Test(execsnoop, arguments_in_an_untouched_page_are_shown, .timeout = 60)
{
	char one[96], two[96];
	const char *want[] = { "true", one, two };
	const struct json *ok;
	struct json *recs;
	size_t n;

	snprintf(one, sizeof(one), "%s-hidden-1", test_marker());
	snprintf(two, sizeof(two), "%s-hidden-2", test_marker());
	recs = trace_execargs(&n, "hidden", NULL,
			      (const char *const[TRACE_MAX_ARGS]){ "-n", "true" });
	ok = exec_with_arg1(recs, n, test_marker());
	cr_assert(ok, "no exec with the hidden arguments");
	assert_args(ok, want, 3);
	cr_assert_eq(json_get(ok, "truncated")->boolean, false);
	cr_assert_eq(json_number(ok, "unreadable"), 0);
	json_lines_free(recs, n);
}

/*
 * A failed exec's argument no one can read is shown as unreadable, never
 * left out; an empty one beside it is read as empty (before Linux 6.5 the
 * helper returns 0 for it, which once read as a failure).
 */
Test(execsnoop, an_unreadable_argument_of_a_failed_exec_is_marked, .timeout = 60)
{
	const struct json *failed = NULL, *args;
	struct tool_proc t;
	struct workload w;
	struct json *recs;
	char want[128];
	size_t n, i;

	workload_spawn(&w, "execargs", "unreadable", test_marker(), NULL);
	tool_start(&t, "execsnoop", "-j", "-x", NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0);
	recs = json_lines(t.out, &n);
	for (i = 0; i < n && !failed; i++)
		if (json_get(&recs[i], "ret") && json_number(&recs[i], "ret") == -EFAULT &&
		    json_number(&recs[i], "pid") == w.pid)
			failed = &recs[i];
	cr_assert(failed, "no failed exec from %d in:\n%s", w.pid, t.out);
	args = json_get(failed, "args");
	cr_assert_eq(args->n, 4, "the list was shortened");
	cr_assert_str_eq(args->items[0].string, "sonde-missing");
	cr_assert_eq(args->items[1].type, JSON_STRING, "the empty argument is not a string");
	cr_assert_str_eq(args->items[1].string, "");
	cr_assert_eq(args->items[2].type, JSON_NULL, "the unreadable argument is not null");
	cr_assert_str_eq(args->items[3].string, test_marker());
	cr_assert_eq(json_number(failed, "unreadable"), 1);
	json_lines_free(recs, n);
	tool_free(&t);

	/* in text, a mark no real argument can print */
	workload_spawn(&w, "execargs", "unreadable", test_marker(), NULL);
	tool_start(&t, "execsnoop", "-x", NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0);
	snprintf(want, sizeof(want), "sonde-missing  \\(unreadable) %s\n", test_marker());
	cr_assert(strstr(t.out, want), "no line ending '%s' in:\n%s", want, t.out);
	tool_free(&t);
}

static bool all_a(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != 'a')
			return false;
	return s[len] == '\0';
}

/*
 * Regression (bpf/execsnoop.bpf.c, fixed): a 255-byte argument was marked
 * truncated ("..." with nothing cut). Arguments of 255 and 256 bytes are
 * both shown whole now, and only the record's 8 KiB bound cuts, told
 * exactly: the largest argument that fits is whole, one byte more is cut;
 * an empty argument is shown as one.
 */
Test(execsnoop, argument_sizes_are_told_apart_exactly, .timeout = 60)
{
	/* "/bin/true\0" + "true\0" + N + 1 bytes fill the 8192-byte record at N = 8176 */
	static const char *const sizes[][4] = { { "255", "0", "256", NULL },
						{ "8176", NULL },
						{ "8177", NULL } };
	static const bool cut[] = { false, false, true };
	const struct json *ok, *args;
	struct json *recs;
	size_t n, i, j;

	for (i = 0; i < 3; i++) {
		recs = trace_execargs(&n, "sizes", sizes[i],
				      (const char *const[TRACE_MAX_ARGS]){ "-n", "true" });
		ok = exec_with_arg1(recs, n, "aaaa");
		cr_assert(ok, "no exec for sizes %s", sizes[i][0]);
		args = json_get(ok, "args");
		cr_assert_eq(json_get(ok, "truncated")->boolean, cut[i], "sizes %s: truncated",
			     sizes[i][0]);
		for (j = 0; !cut[i] && sizes[i][j]; j++)
			cr_assert(args->items[j + 1].type == JSON_STRING &&
					  all_a(args->items[j + 1].string, atoi(sizes[i][j])),
				  "argument %zu of sizes %s", j + 1, sizes[i][0]);
		cr_assert_eq(json_number(ok, "unreadable"), 0, "sizes %s", sizes[i][0]);
		json_lines_free(recs, n);
	}
}

/* ---- inside a PID namespace, as in a container ---- */

/* The exec of /bin/true by the process the facts name: PID and PPID as it sees them. */
static void assert_exec_as_seen(const struct json *recs, size_t n, const char *facts)
{
	long pid = fact(facts, "pid"), ppid = fact(facts, "ppid");
	const struct json *ok = find_exec(recs, n, pid, 0);

	cr_assert(ok, "no exec by %ld", pid);
	cr_assert_eq(json_number(ok, "ppid"), ppid, "exec by %ld: PPID %.0f, its getppid() %ld",
		     pid, json_number(ok, "ppid"), ppid);
}

/*
 * Inside a namespace the parent is numbered as the namespace numbers it: a
 * parent in it by its PID there, one outside it (this test, on the host) as
 * 0, as getppid() says in the child.
 */
Test(execsnoop, pid_namespace_parents, .timeout = 60)
{
	const char *const args[TRACE_MAX_ARGS] = { NULL };
	char outside[256], inside[256];
	struct workload w[2];
	struct json *recs;
	struct pidns ns;
	size_t n;

	pidns_make(&ns);
	pidns_enter(&ns);
	expect_spawn_ids(&w[0], false, outside, sizeof(outside), "execer", test_marker());
	expect_spawn_ids(&w[1], true, inside, sizeof(inside), "execer", test_marker());
	recs = trace_workloads(w, 2, &n, "execsnoop", args);
	pidns_leave();
	cr_assert_eq(fact(outside, "ppid"), 0, "the parent outside is not 0 inside");
	cr_assert_neq(fact(inside, "ppid"), 0, "ids --fork: a parent inside");
	assert_exec_as_seen(recs, n, outside);
	assert_exec_as_seen(recs, n, inside);
	json_lines_free(recs, n);
	pidns_remove(&ns);
}
