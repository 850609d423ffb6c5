// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"

TestSuite(sigsnoop, .fini = expect_cleanup, .timeout = 60);

struct signaler {
	struct workload w;
	char facts[256];
};

static void signaler_spawn(struct signaler *s)
{
	expect_spawn(&s->w, "signaler", s->facts, sizeof(s->facts));
}

/* Trace the signaler with `tool -j a b`; its records. */
static struct json *trace_signaler(struct signaler *s, size_t *n, const char *tool, const char *a,
				   const char *b)
{
	struct tool_proc t;
	struct json *recs;

	signaler_spawn(s);
	tool_start(&t, tool, "-j", a, b, NULL);
	cr_assert_eq(workload_finish(&s->w), 0, "a signal call did not do what it should");
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
	recs = json_lines(t.out, n);
	tool_free(&t);
	return recs;
}

/* The nth (from 0) record of signal `sig` from pid to tpid. */
static const struct json *find_sig(const struct json *recs, size_t n, long pid, long tpid, int sig,
				   int nth)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (rec_find(&recs[i], 1, "pid", pid, "tpid", tpid) &&
		    rec_find(&recs[i], 1, "sig", sig, NULL, 0) && nth-- == 0)
			return &recs[i];
	return NULL;
}

static const struct json *assert_generated(const struct json *recs, size_t n,
					   const struct signaler *s, int sig, int nth,
					   const char *result, int code)
{
	long child = fact(s->facts, "child");
	const struct json *r = find_sig(recs, n, s->w.pid, child, sig, nth);

	cr_assert(r, "no signal %d (#%d) from %d to %ld", sig, nth, s->w.pid, child);
	cr_assert_str_eq(json_string(r, "result"), result, "signal %d #%d", sig, nth);
	cr_assert_eq(json_number(r, "code"), code, "signal %d #%d: si_code", sig, nth);
	cr_assert_str_eq(json_string(r, "comm"), "signaler");
	cr_assert_str_eq(json_string(r, "tcomm"), "sig-child");
	cr_assert_eq(json_number(r, "tid"), s->w.pid);
	return r;
}

Test(sigsnoop, generated_signals_and_what_became_of_them, .timeout = 60)
{
	const struct json *r;
	struct signaler s;
	struct json *recs;
	size_t n;
	long child;

	recs = trace_signaler(&s, &n, "sigsnoop", NULL, NULL);
	child = fact(s.facts, "child");
	r = assert_generated(recs, n, &s, SIGUSR1, 0, "delivered", SI_USER);
	cr_assert_str_eq(json_string(r, "signal"), "SIGUSR1");
	assert_generated(recs, n, &s, SIGUSR1, 1, "already_pending", SI_USER);
	assert_generated(recs, n, &s, SIGUSR2, 0, "ignored", SI_USER);
	assert_generated(recs, n, &s, SIGRTMIN + 1, 0, "delivered", SI_QUEUE);
	assert_generated(recs, n, &s, SIGRTMIN + 2, 0, "delivered", SI_TKILL);
	assert_generated(recs, n, &s, SIGRTMIN + 3, 0, "delivered", SI_TKILL);
	assert_generated(recs, n, &s, SIGRTMIN + 4, 0, "delivered", SI_QUEUE);
	assert_generated(recs, n, &s, SIGRTMIN + 5, 0, "delivered", SI_USER);
	assert_generated(recs, n, &s, SIGKILL, 0, "delivered", SI_USER);
	cr_assert_null(rec_find(recs, n, "tpid", INT_MAX, NULL, 0), "a failed kill() generated");
	assert_fields_documented("sigsnoop", r);

	/* the kernel's own: the dying child tells its parent, which ignores SIGCHLD */
	r = find_sig(recs, n, child, s.w.pid, SIGCHLD, 0);
	cr_assert(r, "no SIGCHLD from %ld to %d", child, s.w.pid);
	cr_assert_str_eq(json_string(r, "result"), "ignored");
	cr_assert_eq(json_number(r, "code"), CLD_KILLED);
	json_lines_free(recs, n);
}

static const struct json *assert_call(const struct json *recs, size_t n, const struct signaler *s,
				      const char *call, int sig, long tpid, int ret,
				      const char *result)
{
	const struct json *r = find_sig(recs, n, s->w.pid, tpid, sig, 0);

	cr_assert(r, "no %s of signal %d from %d to %ld", call, sig, s->w.pid, tpid);
	cr_assert_str_eq(json_string(r, "syscall"), call, "signal %d", sig);
	cr_assert_eq(json_number(r, "ret"), ret, "%s", call);
	cr_assert_str_eq(json_string(r, "result"), result, "%s", call);
	cr_assert_str_eq(json_string(r, "comm"), "signaler");
	return r;
}

/* Every kill-family call, by sigsnoop -k or by the killsnoop name. */
static void assert_kill_calls(const char *tool, const char *k)
{
	const struct json *r;
	struct signaler s;
	struct json *recs;
	size_t n;
	long child;

	recs = trace_signaler(&s, &n, tool, k, NULL);
	child = fact(s.facts, "child");
	assert_call(recs, n, &s, "kill", SIGUSR1, child, 0, "0");
	cr_assert(find_sig(recs, n, s.w.pid, child, SIGUSR1, 1), "the second kill() is missing");
	assert_call(recs, n, &s, "kill", SIGUSR2, child, 0, "0");
	assert_call(recs, n, &s, "rt_sigqueueinfo", SIGRTMIN + 1, child, 0, "0");
	assert_call(recs, n, &s, "tgkill", SIGRTMIN + 2, child, 0, "0");
	assert_call(recs, n, &s, "tkill", SIGRTMIN + 3, child, 0, "0");
	assert_call(recs, n, &s, "rt_tgsigqueueinfo", SIGRTMIN + 4, child, 0, "0");
	assert_call(recs, n, &s, "pidfd_send_signal", SIGRTMIN + 5, child, 0, "0");
	r = assert_call(recs, n, &s, "kill", SIGTERM, INT_MAX, -3, "ESRCH");
	assert_call(recs, n, &s, "kill", SIGKILL, child, 0, "0");
	cr_assert_null(json_get(r, "tcomm"), "-k cannot know the target's name");
	assert_fields_documented("sigsnoop", r);
	json_lines_free(recs, n);
}

Test(sigsnoop, kill_syscalls_with_their_return, .timeout = 60)
{
	assert_kill_calls("sigsnoop", "-k");
}

Test(sigsnoop, killsnoop_name_is_kill_mode, .timeout = 60)
{
	assert_kill_calls("killsnoop", NULL);
}

Test(sigsnoop, killsnoop_has_bcc_columns, .timeout = 60)
{
	struct tool_proc t;
	struct signaler s;
	char want[128];

	signaler_spawn(&s);
	tool_start(&t, "killsnoop", "-n", "signaler", NULL);
	workload_finish(&s.w);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
	cr_assert(!strncmp(t.out, "TIME     PID     COMM             SIG  TPID    RESULT\n", 53),
		  "header: %s", t.out);
	snprintf(want, sizeof(want), " %-7d signaler         15   2147483647 ESRCH\n", s.w.pid);
	cr_assert(strstr(t.out, want), "no line ending '%s' in:\n%s", want, t.out);
	snprintf(want, sizeof(want), " %-7d signaler         9    %-7ld 0\n", s.w.pid,
		 fact(s.facts, "child"));
	cr_assert(strstr(t.out, want), "no line ending '%s' in:\n%s", want, t.out);
	tool_free(&t);
}

Test(sigsnoop, sigsnoop_text_columns, .timeout = 60)
{
	struct tool_proc t;
	struct signaler s;
	char want[128];

	signaler_spawn(&s);
	tool_start(&t, "sigsnoop", "-n", "signaler", NULL);
	workload_finish(&s.w);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
	cr_assert(!strncmp(t.out,
			   "TIME     PID     COMM             SIG         TPID    TCOMM            "
			   "RESULT\n",
			   77),
		  "header: %s", t.out);
	snprintf(want, sizeof(want),
		 " %-7d signaler         SIGUSR1     %-7ld sig-child        "
		 "already_pending\n",
		 s.w.pid, fact(s.facts, "child"));
	cr_assert(strstr(t.out, want), "no line ending '%s' in:\n%s", want, t.out);
	tool_free(&t);
}

Test(sigsnoop, failed_only, .timeout = 60)
{
	struct signaler s;
	struct json *recs;
	size_t n, i;

	recs = trace_signaler(&s, &n, "sigsnoop", "-x", NULL);
	assert_generated(recs, n, &s, SIGUSR1, 0, "already_pending", SI_USER);
	assert_generated(recs, n, &s, SIGUSR2, 0, "ignored", SI_USER);
	for (i = 0; i < n; i++)
		if (json_get(&recs[i], "result"))
			cr_assert_str_neq(json_string(&recs[i], "result"), "delivered");
	json_lines_free(recs, n);

	recs = trace_signaler(&s, &n, "sigsnoop", "-k", "-x");
	assert_call(recs, n, &s, "kill", SIGTERM, INT_MAX, -3, "ESRCH");
	cr_assert_eq(rec_count(recs, n, "pid", s.w.pid), 1, "-k -x let a success through");
	json_lines_free(recs, n);
}

/* Names and numbers, in the kernel: the matching tracer sees SIGUSR2, the other nothing. */
Test(sigsnoop, signal_filter, .timeout = 60)
{
	struct tracer_pair p;
	struct signaler s;
	long child;

	signaler_spawn(&s);
	tracer_pair_run(&p, &s.w, "sigsnoop", NULL, "-s", "usr2,9", "SIGPIPE,13");
	child = fact(s.facts, "child");
	cr_assert(find_sig(p.hit_recs, p.hit_n, s.w.pid, child, SIGUSR2, 0), "-s usr2 missed it");
	cr_assert(find_sig(p.hit_recs, p.hit_n, s.w.pid, child, SIGKILL, 0), "-s 9 missed it");
	cr_assert_null(find_sig(p.hit_recs, p.hit_n, s.w.pid, child, SIGUSR1, 0),
		       "-s let SIGUSR1 through");
	cr_assert_null(rec_find(p.miss_recs, p.miss_n, "pid", s.w.pid, NULL, 0),
		       "-s SIGPIPE let the signaler through");
	tracer_pair_free(&p);
}

/* Its own options' bad uses: the shared ones are test_shared.c's. */
Test(sigsnoop, bad_usage_exits_2)
{
	assert_usage_error("sigsnoop", "-s", "BOGUS");
	assert_usage_error("sigsnoop", "-s", "65");
	assert_usage_error("sigsnoop", "-s", "-1");
	assert_usage_error("sigsnoop", "-s", "0"); /* never generated: only -k sees it */
	assert_usage_error("sigsnoop", "-s", ",");
	assert_usage_error("killsnoop", "-k", NULL);
	assert_usage_error("killsnoop", "-s", NULL);
}

Test(sigsnoop, killsnoop_help_is_its_own)
{
	char *out, *err;

	cr_assert_eq(tool_run(&out, &err, "killsnoop", "--help", NULL), 0);
	cr_assert(!strncmp(out, "Usage: killsnoop ", 17), "%s", out);
	cr_assert(strstr(out, "killsnoop(8)"), "%s", out);
	cr_assert_null(strstr(out, "--kill"), "killsnoop offers -k: %s", out);
	free(out);
	free(err);
	cr_assert_eq(tool_run(&out, &err, "killsnoop", "-s", "0", "-d", "0.1", NULL), 0,
		     "killsnoop -s 0: %s", err);
	free(out);
	free(err);
}

/* ---- inside a PID namespace, as in a container ---- */

/* Trace the signaler, inside a namespace of its own, with `sigsnoop -j [a]`; its records. */
static struct json *trace_signaler_inside(struct signaler *s, size_t *n, const char *a)
{
	const char *const args[TRACE_MAX_ARGS] = { a };

	return expect_trace_inside(&s->w, s->facts, sizeof(s->facts), "signaler", n, "sigsnoop",
				   args);
}

/*
 * The targets are numbered as the namespace numbers them: the child by the
 * PID fork() gave the signaler there, the signaler by its getpid() when its
 * child's death tells it, and the signaler's parent, this test on the host,
 * as 0 when its own death does.
 */
Test(sigsnoop, pid_namespace_targets, .timeout = 60)
{
	struct signaler s;
	struct json *recs;
	long pid, child;
	size_t n;

	recs = trace_signaler_inside(&s, &n, NULL);
	pid = fact(s.facts, "pid");
	child = fact(s.facts, "child");
	cr_assert(find_sig(recs, n, pid, child, SIGUSR1, 0), "no SIGUSR1 from %ld to %ld", pid,
		  child);
	cr_assert(find_sig(recs, n, pid, child, SIGKILL, 0), "no SIGKILL from %ld to %ld", pid,
		  child);
	cr_assert(find_sig(recs, n, child, pid, SIGCHLD, 0), "no SIGCHLD from %ld to %ld", child,
		  pid);
	cr_assert_eq(fact(s.facts, "ppid"), 0, "its parent outside is not 0 inside");
	cr_assert(find_sig(recs, n, pid, 0, SIGCHLD, 0), "no SIGCHLD from %ld to its parent as 0",
		  pid);
	json_lines_free(recs, n);
}

/* -k: pidfd_send_signal()'s target comes from the generated signal, numbered the same way. */
Test(sigsnoop, pid_namespace_pidfd_target, .timeout = 60)
{
	const struct json *r;
	struct signaler s;
	struct json *recs;
	long pid, child;
	size_t n;

	recs = trace_signaler_inside(&s, &n, "-k");
	pid = fact(s.facts, "pid");
	child = fact(s.facts, "child");
	r = find_sig(recs, n, pid, child, SIGRTMIN + 5, 0);
	cr_assert(r, "no signal %d from %ld to %ld", SIGRTMIN + 5, pid, child);
	cr_assert_str_eq(json_string(r, "syscall"), "pidfd_send_signal");
	cr_assert(find_sig(recs, n, pid, child, SIGUSR1, 0), "kill()'s own argument");
	json_lines_free(recs, n);
}
