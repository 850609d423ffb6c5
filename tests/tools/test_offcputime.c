// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * offcputime against the stacker workload asleep in a known place (main -> nap ->
 * dozer, in nanosleep()): that stack must hold at least 90% of its
 * off-CPU time, and the time must be the time it slept, within 10%.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "harness.h"
#include "stacks.h"

TestSuite(offcputime, .timeout = 60);

/*
 * 40 naps of 25 ms: a second asleep, and nothing after the exec to give
 * the tool time: the naps' stack is among the last the tool is told of
 * (a note), and it must take what naming their frames needs while the
 * workload lives. On 5.10 under TCG, when the note handler read symbols,
 * notes waited up to 0.25 s behind it, and one run in two left the naps
 * unnamed (common/stacktool.c hold_frames()).
 */
#define NAPS	 "nap:40:25"
#define SLEPT_US 1000000.0

/* The naps, their time by the clock written to a file of the test's (stacks_clock_file()). */
static const char *timed_naps(char *file, size_t len)
{
	static char arg[192];

	snprintf(file, len, "%s", stacks_clock_file());
	snprintf(arg, sizeof(arg), NAPS ":%s", file);
	return arg;
}

static const char *const dozer_chain[] = { "dozer", "nap", "main", NULL };
static const char *const nanosleep_chain[] = { "do_nanosleep", NULL };

/*
 * The naps alone: their user stack and nanosleep's kernel stack. The same
 * user stack also holds waits of the thread preempted while in dozer()
 * (short, but in a slow VM up to milliseconds): filters are tested on the
 * naps, whose length is known.
 */
static double naps(const struct json *recs, size_t n, pid_t pid, const char *key)
{
	return stacks_sum_both(recs, n, pid, dozer_chain, nanosleep_chain, key);
}

/* --pid=PID: the one extra argument a tracer pair takes */
static char *pid_opt(pid_t pid)
{
	static char buf[32];

	snprintf(buf, sizeof(buf), "--pid=%d", pid);
	return buf;
}

/*
 * Its time asleep (--state S): in a one-CPU VM reading its files over 9p,
 * the loader's opens and walks there (killable waits, D) and preemptions
 * (R) took up to a tenth of its time off the CPU (5.10 under TCG: 1,025,131
 * of 1,144,367 us in dozer()). The folded and the filter tests below take
 * every state.
 */
Test(offcputime, attributes_the_sleep_to_its_stack)
{
	const char *args[TRACE_MAX_ARGS] = { "--state", "S", "-p" };
	struct workload w;
	struct json *recs;
	const struct json *top;
	double all, dozing, slept;
	char file[128];
	size_t n;

	workload_spawn(&w, "stacker", timed_naps(file, sizeof(file)), NULL);
	args[3] = num_arg(w.pid);
	recs = trace_workload(&w, &n, "offcputime", args);
	slept = stacks_clock_us(file);
	dozing = stacks_sum_chain(recs, n, w.pid, "user_stack", dozer_chain, "total_us");
	all = stacks_sum(recs, n, w.pid, "total_us");
	cr_assert(dozing >= 0.9 * all && all > 0, "%.0f of %.0f us in dozer()", dozing, all);
	/* the clock's time includes the running between naps: offcputime's cannot exceed it */
	cr_assert(dozing >= 0.9 * slept && dozing <= slept,
		  "%.0f us asleep in dozer(), %.0f slept by the clock", dozing, slept);
	top = stacks_top(recs, n, w.pid, "total_us");
	cr_assert(stack_has_chain(top, "user_stack", dozer_chain));
	cr_assert_geq(stack_find(top, "kernel_stack", "do_nanosleep"), 0,
		      "the kernel stack has no do_nanosleep");
	/*
	 * Each nap a wait (a spurious wakeup makes two), every one: a switch
	 * back the kernel never reported (here about one nap in 800) is
	 * recovered at the next switch-out, not lost.
	 */
	cr_assert(naps(recs, n, w.pid, "count") >= 40 && naps(recs, n, w.pid, "count") <= 44,
		  "40 naps, %.0f waits counted", naps(recs, n, w.pid, "count"));
	cr_assert_eq(json_number(top, "tid"), w.pid);
	assert_fields_documented("offcputime", top);
	json_lines_free(recs, n);
}

Test(offcputime, folded_holds_the_sleep)
{
	struct workload w;
	struct tool_proc t;
	double us, slept;
	char file[128];

	workload_spawn(&w, "stacker", timed_naps(file, sizeof(file)), NULL);
	tool_start(&t, "offcputime", "-f", "-p", num_arg(w.pid), NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "%s", t.err);
	slept = stacks_clock_us(file);
	us = folded_figure(t.out, ";main;nap;dozer;");
	cr_assert(us >= 0.9 * slept && us <= slept, "%.0f us of %.0f slept:\n%s", us, slept, t.out);
	tool_free(&t);
}

/*
 * A filter option with a value that keeps the naps (`keep`) and one that
 * drops them all (`drop`), by two tracers of the same naps: the naps' waits
 * counted by the first must be at least `at_least` of `key`.
 */
static void assert_nap_filter(const char *opt, const char *keep, const char *drop, const char *key,
			      double at_least)
{
	struct tracer_pair p;
	struct workload w;

	workload_spawn(&w, "stacker", NAPS, NULL);
	cr_assert_eq(tracer_pair_run(&p, &w, "offcputime", pid_opt(w.pid), opt, keep, drop), 0);
	cr_assert_geq(naps(p.hit_recs, p.hit_n, w.pid, key), at_least, "%s %s: %.0f\n%s", opt, keep,
		      naps(p.hit_recs, p.hit_n, w.pid, key), p.hit.out);
	cr_assert_eq(naps(p.miss_recs, p.miss_n, w.pid, key), 0, "%s %s: %.0f\n%s", opt, drop,
		     naps(p.miss_recs, p.miss_n, w.pid, key), p.miss.out);
	tracer_pair_free(&p);
}

/*
 * -m and -M bound a spell off the CPU: 40 naps of 25 ms pass 10 ms, not
 * 1 s. The bound on the other side is far: a nap's spell is its sleep
 * and its wait in the run queue, seen past 100 ms on a loaded machine.
 */
Test(offcputime, filters_by_block_time)
{
	assert_nap_filter("-m", "10000", "1000000", "total_us", 0.9 * SLEPT_US);
}

/*
 * -M 10000 may still count a nap's spell: a wakeup that leaves the timer
 * pending (CI once saw one of 22 us) splits the nap, and nanosleep sleeps
 * again. Each spell counted must be under the bound, and only a few may be.
 */
Test(offcputime, filters_by_max_block_time)
{
	struct tracer_pair p;
	struct workload w;
	double spells, us;

	workload_spawn(&w, "stacker", NAPS, NULL);
	cr_assert_eq(
		tracer_pair_run(&p, &w, "offcputime", pid_opt(w.pid), "-M", "1000000", "10000"), 0);
	cr_assert_geq(naps(p.hit_recs, p.hit_n, w.pid, "count"), 40, "%s", p.hit.out);
	spells = naps(p.miss_recs, p.miss_n, w.pid, "count");
	us = naps(p.miss_recs, p.miss_n, w.pid, "total_us");
	cr_assert(spells <= 4 && us <= spells * 10000, "-M 10000: %.0f spells, %.0f us\n%s", spells,
		  us, p.miss.out);
	tracer_pair_free(&p);
}

/* nanosleep() sleeps interruptibly (S), never uninterruptibly (D) */
Test(offcputime, filters_by_state)
{
	assert_nap_filter("--state", "S", "D", "count", 40);
}

Test(offcputime, filters_by_pid)
{
	assert_stack_pid_filter("offcputime", "nap:10:10");
}

Test(offcputime, refuses_bad_input)
{
	assert_usage_error("offcputime", "--state", "X");
	assert_usage_error("offcputime", "-m", "-1");
	assert_usage_error("offcputime", "-M", "0");
	assert_usage_error("offcputime", "-K", "-U");
	assert_usage_error("offcputime", "x", NULL);
}

/*
 * Every stack kept from each CPU's first switch on: there offcputime stores
 * a kernel and a user stack in one run with interrupts off, which a stack
 * store allocated as used cannot, unless each CPU's allocator cache is
 * filled first (common/map_alloc.c map_alloc_prime(): without it, two stacks
 * lost in every run on Linux 6.18). Every process's switches count, so the
 * first switches are surely taken.
 */
Test(offcputime, keeps_every_stack_from_the_first_switch)
{
	struct workload w;
	struct tool_proc t;

	tool_start(&t, "offcputime", "-f", NULL);
	workload_spawn(&w, "stacker", "nap:10:10", NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "%s", t.err);
	/* its stacks, named or not (naming is the tests' above) */
	cr_assert(strstr(t.out, "\nstacker;"), "no stack of the workload:\n%s", t.out);
	cr_assert_null(strstr(t.err, "not kept"), "%s", t.err);
	tool_free(&t);
}
