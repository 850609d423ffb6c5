// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The wakeup tools' shared test checks (wakes.h). */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "harness.h"
#include "stacks.h"
#include "wakes.h"

static const char *const rouse_chain[] = { "rouse", "rouser", NULL };
static const char *const futex_wake[] = { "futex_wake", NULL };

const char *wake_action(void)
{
	static char arg[192];

	snprintf(arg, sizeof(arg), "wake:%d:%d:%s", WAKES, WAKE_MS, stacks_clock_file());
	return arg;
}

static int num_is(const struct json *rec, const char *key, double want)
{
	const struct json *v = json_get(rec, key);

	return v && v->type == JSON_NUMBER && v->number == want;
}

static int str_is(const struct json *rec, const char *key, const char *want)
{
	const char *s = json_string(rec, key);

	return s && !strcmp(s, want);
}

double wakes_sum(const struct json *recs, size_t n, pid_t pid, const char *key)
{
	const struct json *r;
	double sum = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		r = &recs[i];
		if (num_is(r, "pid", pid) && num_is(r, "tid", pid) && num_is(r, "waker_pid", pid) &&
		    str_is(r, "comm", "stacker") && str_is(r, "waker_comm", "rouser") &&
		    stack_has_chain(r, "waker_user_stack", rouse_chain) &&
		    stack_has_chain(r, "waker_kernel_stack", futex_wake))
			sum += json_number(r, key);
	}
	return sum;
}

/* What the workload wrote: the time its woken waits took, and how many there were. */
static void woken_waits(double *us, double *woken)
{
	double figures[2] = { 0, 0 };

	cr_assert_eq(stacks_clock_read(stacks_clock_file(), figures, 2), 2,
		     "the workload wrote no count of its waits");
	*us = figures[0];
	*woken = figures[1];
	cr_assert(*woken >= WAKES / 2, "only %.0f of %d waits slept", *woken, WAKES);
}

struct json *assert_woken_waits(const char *tool, pid_t *pid, size_t *n)
{
	const char *args[TRACE_MAX_ARGS] = { "-p" };
	struct workload w;
	struct json *recs;
	double us, slept, count, woken;

	workload_spawn(&w, "stacker", WAKE_SETTLE, wake_action(), NULL);
	args[1] = num_arg(w.pid);
	recs = trace_workload(&w, n, tool, args);
	woken_waits(&slept, &woken);
	count = wakes_sum(recs, *n, w.pid, "count");
	us = wakes_sum(recs, *n, w.pid, "total_us");
	cr_assert_eq(count, woken, "%.0f waits woken by rouse(), %.0f counted", woken, count);
	/*
	 * Each wait is off the CPU inside the system call the workload timed,
	 * its entry and exit around it taking microseconds of 25 ms.
	 */
	cr_assert(us >= 0.9 * slept && us <= slept, "%.0f us woken by rouse(), %.0f in FUTEX_WAIT",
		  us, slept);
	*pid = w.pid;
	return recs;
}

void assert_wake_filter(const char *tool, const char *opt, const char *keep, const char *drop)
{
	char pid_opt[32];
	double slept, woken;
	struct tracer_pair p;
	struct workload w;

	workload_spawn(&w, "stacker", WAKE_SETTLE, wake_action(), NULL);
	snprintf(pid_opt, sizeof(pid_opt), "--pid=%d", w.pid);
	cr_assert_eq(tracer_pair_run(&p, &w, tool, pid_opt, opt, keep, drop), 0);
	woken_waits(&slept, &woken);
	cr_assert_eq(wakes_sum(p.hit_recs, p.hit_n, w.pid, "count"), woken, "%s %s:\n%s", opt, keep,
		     p.hit.out);
	cr_assert_eq(wakes_sum(p.miss_recs, p.miss_n, w.pid, "count"), 0, "%s %s:\n%s", opt, drop,
		     p.miss.out);
	tracer_pair_free(&p);
}

void assert_wake_max_filter(const char *tool)
{
	char pid_opt[32];
	double slept, woken, spells, us;
	struct tracer_pair p;
	struct workload w;

	workload_spawn(&w, "stacker", WAKE_SETTLE, wake_action(), NULL);
	snprintf(pid_opt, sizeof(pid_opt), "--pid=%d", w.pid);
	cr_assert_eq(tracer_pair_run(&p, &w, tool, pid_opt, "-M", "1000000", "10000"), 0);
	woken_waits(&slept, &woken);
	cr_assert_eq(wakes_sum(p.hit_recs, p.hit_n, w.pid, "count"), woken, "-M 1000000:\n%s",
		     p.hit.out);
	/*
	 * A wait is rouser's 25 ms nap less the main thread's run from its last
	 * wakeup to its next wait: on a loaded machine that run may take most
	 * of the nap. Each wait counted must be under the bound, and only a few may be.
	 */
	spells = wakes_sum(p.miss_recs, p.miss_n, w.pid, "count");
	us = wakes_sum(p.miss_recs, p.miss_n, w.pid, "total_us");
	cr_assert(spells <= 4 && us <= spells * 10000, "-M 10000: %.0f waits, %.0f us\n%s", spells,
		  us, p.miss.out);
	tracer_pair_free(&p);
}

void assert_folded_and_svg(const char *tool, const char *const *parts, const char *const *frames)
{
	struct workload w;
	struct tool_proc t;
	double us, slept, woken;
	char svg[128];

	snprintf(svg, sizeof(svg), "/tmp/%s-%s.svg", test_marker(), tool);
	workload_spawn(&w, "stacker", WAKE_SETTLE, wake_action(), NULL);
	tool_start(&t, tool, "-f", "--svg", svg, "-p", num_arg(w.pid), NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "%s", t.err);
	woken_waits(&slept, &woken);
	us = folded_figure_seq(t.out, parts);
	cr_assert(us >= 0.9 * slept && us <= slept, "%.0f us of %.0f slept:\n%s", us, slept, t.out);
	cr_assert(svg_well_formed(svg), "xmllint refused %s", svg);
	for (; *frames; frames++)
		cr_assert_geq(svg_frame_y(svg, *frames), 0, "no %s in %s", *frames, svg);
	unlink(svg);
	tool_free(&t);
}

void assert_wake_usage_errors(const char *tool)
{
	assert_usage_error(tool, "-m", "-1");
	assert_usage_error(tool, "-M", "0");
	assert_usage_error(tool, "-m100", "-M10");
	assert_usage_error(tool, "-K", "-U");
	assert_usage_error(tool, "-f", "-j");
	assert_usage_error(tool, "x", NULL);
}
