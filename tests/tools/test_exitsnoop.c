// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"

TestSuite(exitsnoop, .fini = expect_cleanup, .timeout = 60);

/* The exiter workload waits AGE_MS before its children end; ex-leader's process lives twice that. */
#define MIN_AGE	     0.14
#define MIN_AGE_LAST 0.29

struct exiter {
	struct workload w;
	char facts[512];
};

static void exiter_spawn(struct exiter *x)
{
	expect_spawn(&x->w, "exiter", x->facts, sizeof(x->facts));
}

static long child(const struct exiter *x, const char *name)
{
	char key[32];

	snprintf(key, sizeof(key), "%s.pid", name);
	return fact(x->facts, key);
}

/* Run exitsnoop -j with `a`, `b` over the exiter; its records. */
static struct json *trace_exiter(struct exiter *x, size_t *n, const char *a, const char *b)
{
	struct tool_proc t;
	struct json *recs;

	exiter_spawn(x);
	tool_start(&t, "exitsnoop", "-j", a, b, NULL);
	cr_assert_eq(workload_finish(&x->w), 0, "exiter saw an unexpected wait() status");
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
	recs = json_lines(t.out, n);
	tool_free(&t);
	return recs;
}

/* The record of process `pid` and thread `tid` (any if -1), checked against what the exiter did. */
static const struct json *assert_exit(const struct json *recs, size_t n, long pid, long tid,
				      const char *comm, const char *exit)
{
	const struct json *r = rec_find(recs, n, "pid", pid, tid < 0 ? NULL : "tid", tid);

	cr_assert(r, "no exit of %s (pid %ld tid %ld)", comm, pid, tid);
	cr_assert_str_eq(json_string(r, "comm"), comm);
	cr_assert_str_eq(json_string(r, "exit"), exit, "%s", comm);
	return r;
}

/*
 * What ex-leader's parent got from wait(): its last thread's code 9 since
 * Linux 6.0, the leader's 0 before (exiter accepts either and says which).
 */
static const char *leader_exit(const struct exiter *x)
{
	return fact(x->facts, "leader.status") == 9 << 8 ? "code 9" : "0";
}

Test(exitsnoop, processes_with_code_signal_and_age, .timeout = 60)
{
	const struct json *r;
	struct exiter x;
	struct json *recs;
	size_t n;
	long pid;

	recs = trace_exiter(&x, &n, NULL, NULL);

	pid = child(&x, "code");
	r = assert_exit(recs, n, pid, pid, "ex-code", "code 3");
	cr_assert_eq(json_number(r, "exit_code"), 3);
	cr_assert_eq(json_number(r, "signal"), 0);
	cr_assert_eq(json_get(r, "core_dumped")->boolean, false);
	cr_assert_eq(json_number(r, "ppid"), x.w.pid);
	cr_assert_geq(json_number(r, "age"), MIN_AGE);
	cr_assert_lt(json_number(r, "age"), 30);
	cr_assert_gt(json_number(r, "time"), 1.6e9, "time is not epoch seconds");
	assert_fields_documented("exitsnoop", r);

	pid = child(&x, "kill");
	r = assert_exit(recs, n, pid, pid, "ex-kill", "signal 9 (KILL)");
	cr_assert_eq(json_number(r, "signal"), SIGKILL);
	cr_assert_eq(json_number(r, "exit_code"), 0);

	/*
	 * The main thread exits last; before Linux 6.16 (no group_dead in the
	 * record) a joined thread still on its way out may see the process end
	 * first and be the one reported.
	 */
	pid = child(&x, "threads");
	r = assert_exit(recs, n, pid, -1, "ex-threads", "0");
	cr_assert(json_number(r, "tid") == pid ||
			  json_number(r, "tid") == fact(x.facts, "threads.tid1") ||
			  json_number(r, "tid") == fact(x.facts, "threads.tid2"),
		  "tid %.0f is not one of the process's", json_number(r, "tid"));
	cr_assert_eq(rec_count(recs, n, "pid", pid), 1, "a thread's exit was reported");

	/* both threads die at once: either can be the last */
	pid = child(&x, "group");
	r = assert_exit(recs, n, pid, -1, "ex-group", "code 7");
	cr_assert(json_number(r, "tid") == pid ||
			  json_number(r, "tid") == fact(x.facts, "group.thread"),
		  "tid %.0f is not one of the process's", json_number(r, "tid"));
	cr_assert_eq(rec_count(recs, n, "pid", pid), 1, "exit_group() reported more than once");

	json_lines_free(recs, n);
}

/* A process ends when its last thread does: here not the leader, and with that thread's code. */
Test(exitsnoop, process_ends_with_its_last_thread, .timeout = 60)
{
	const struct json *r;
	struct exiter x;
	struct json *recs;
	size_t n;
	long pid;

	recs = trace_exiter(&x, &n, NULL, NULL);
	pid = child(&x, "leader");
	r = assert_exit(recs, n, pid, fact(x.facts, "leader.thread"), "ex-leader", leader_exit(&x));
	cr_assert_eq(rec_count(recs, n, "pid", pid), 1);
	cr_assert_geq(json_number(r, "age"), MIN_AGE_LAST, "age is not the process's");
	cr_assert_eq(json_number(r, "ppid"), x.w.pid);

	r = assert_exit(recs, n, x.w.pid, x.w.pid, "exiter", "0");
	cr_assert_eq(json_number(r, "ppid"), getpid());
	json_lines_free(recs, n);
}

Test(exitsnoop, per_thread_reports_every_thread, .timeout = 60)
{
	const struct json *r;
	struct exiter x;
	struct json *recs;
	size_t n;
	long pid;

	recs = trace_exiter(&x, &n, "--per-thread", NULL);

	pid = child(&x, "threads");
	cr_assert_eq(rec_count(recs, n, "pid", pid), 3);
	assert_exit(recs, n, pid, pid, "ex-threads", "0");
	r = assert_exit(recs, n, pid, fact(x.facts, "threads.tid1"), "ex-threads", "0");
	cr_assert_geq(json_number(r, "age"), MIN_AGE);
	cr_assert_eq(json_number(r, "ppid"), x.w.pid);
	assert_exit(recs, n, pid, fact(x.facts, "threads.tid2"), "ex-threads", "0");

	pid = child(&x, "group");
	cr_assert_eq(rec_count(recs, n, "pid", pid), 2);
	assert_exit(recs, n, pid, pid, "ex-group", "code 7");
	assert_exit(recs, n, pid, fact(x.facts, "group.thread"), "ex-group", "code 7");

	pid = child(&x, "leader");
	assert_exit(recs, n, pid, pid, "ex-leader", "0");
	assert_exit(recs, n, pid, fact(x.facts, "leader.thread"), "ex-last", "code 9");
	json_lines_free(recs, n);
}

Test(exitsnoop, failed_only, .timeout = 60)
{
	struct exiter x;
	struct json *recs;
	size_t n, i;

	recs = trace_exiter(&x, &n, "-x", NULL);
	cr_assert(rec_find(recs, n, "pid", child(&x, "code"), NULL, 0), "exit(3) missing");
	cr_assert(rec_find(recs, n, "pid", child(&x, "kill"), NULL, 0), "SIGKILL missing");
	cr_assert(rec_find(recs, n, "pid", child(&x, "group"), NULL, 0), "exit_group(7) missing");
	cr_assert_null(rec_find(recs, n, "pid", child(&x, "threads"), NULL, 0), "exit(0) shown");
	cr_assert_null(rec_find(recs, n, "pid", x.w.pid, NULL, 0), "the exiter's exit(0) shown");
	for (i = 0; i < n; i++)
		if (json_get(&recs[i], "exit"))
			cr_assert_str_neq(json_string(&recs[i], "exit"), "0",
					  "-x let exit 0 through");
	json_lines_free(recs, n);
}

/* -n is the process's name (its leader's), not its last thread's. */
Test(exitsnoop, name_filter_is_the_process_name, .timeout = 60)
{
	struct tracer_pair p;
	struct exiter x;
	long pid;

	exiter_spawn(&x);
	cr_assert_eq(tracer_pair_run(&p, &x.w, "exitsnoop", NULL, "-n", "ex-leader", "ex-last"), 0);
	pid = child(&x, "leader");
	cr_assert(rec_find(p.hit_recs, p.hit_n, "pid", pid, NULL, 0), "-n ex-leader missed it");
	cr_assert_null(rec_find(p.miss_recs, p.miss_n, "pid", pid, NULL, 0),
		       "-n matched the last thread's name");
	tracer_pair_free(&p);
}

Test(exitsnoop, text_columns, .timeout = 60)
{
	char prefix[128], *line;
	struct tool_proc t;
	struct exiter x;
	long pid;

	exiter_spawn(&x);
	tool_start(&t, "exitsnoop", "-n", "ex-kill", NULL);
	workload_finish(&x.w);
	cr_assert_eq(tool_stop(&t, SIGINT), 0);
	cr_assert(
		!strncmp(t.out, "PCOMM            PID     PPID    TID     AGE(s)  EXIT_CODE\n", 58),
		"header: %s", t.out);
	pid = child(&x, "kill");
	snprintf(prefix, sizeof(prefix), "\nex-kill          %-7ld %-7d %-7ld 0.", pid, x.w.pid,
		 pid);
	line = strstr(t.out, prefix);
	cr_assert(line, "no line starting '%s' in:\n%s", prefix + 1, t.out);
	line = strchr(line + 1, '\n');
	cr_assert(line && !strncmp(line - 15, "signal 9 (KILL)", 15), "no EXIT_CODE in:\n%s",
		  t.out);
	tool_free(&t);
}

/* Its own options' bad uses: the shared ones are test_shared.c's. */
Test(exitsnoop, bad_usage_exits_2)
{
	assert_usage_error("exitsnoop", "--per-thread=1", NULL);
	assert_usage_error("exitsnoop", "-x", "5");
}

/*
 * Inside a PID namespace, as in a container, every PID is as it numbers
 * them: the children's and their threads' (as the exiter learned them), their
 * parent's (the exiter's own getpid()), and 0 for the exiter's parent, this
 * test on the host (its getppid()).
 */
Test(exitsnoop, pid_namespace_numbers, .timeout = 60)
{
	const char *const args[TRACE_MAX_ARGS] = { NULL };
	const struct json *r;
	struct json *recs;
	struct exiter x;
	long pid;
	size_t n;

	recs = expect_trace_inside(&x.w, x.facts, sizeof(x.facts), "exiter", &n, "exitsnoop", args);
	pid = fact(x.facts, "pid");
	r = assert_exit(recs, n, child(&x, "code"), child(&x, "code"), "ex-code", "code 3");
	cr_assert_eq(json_number(r, "ppid"), pid);
	r = assert_exit(recs, n, child(&x, "leader"), fact(x.facts, "leader.thread"), "ex-leader",
			leader_exit(&x));
	cr_assert_eq(json_number(r, "ppid"), pid);
	r = assert_exit(recs, n, pid, pid, "exiter", "0");
	cr_assert_eq(fact(x.facts, "ppid"), 0, "its parent outside is not 0 inside");
	cr_assert_eq(json_number(r, "ppid"), 0, "the parent outside shown as %.0f",
		     json_number(r, "ppid"));
	json_lines_free(recs, n);
}
