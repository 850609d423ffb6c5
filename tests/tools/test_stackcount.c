// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * stackcount against tests/workloads/stacker, whose `hit:N` calls
 * stack_target() N times from main -> hit: each call fires the USDT probe
 * sonde:hit and makes one getppid() system call of its own, so every kind
 * of probe sees exactly N hits, each with a known user stack. The workload
 * lingers after its hits: its user frames are named from its mappings,
 * read while it runs. Every figure is the workload's own (its pid): other
 * tracers and this suite's other tests may run at the same time.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "harness.h"
#include "stacks.h"

#define HITS	    500
#define HITS_ARG    "hit:500"
#define HITS_FIGURE "500"
#define LINGER	    "linger:500"

/* The workload's file, absolute: a uprobe or USDT probe names it. */
static char stacker[PATH_MAX];

static void find_stacker(void)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/stacker", getenv("SONDE_WORKLOADS"));
	cr_assert(realpath(path, stacker), "no workload %s: %s", path, strerror(errno));
}

TestSuite(stackcount, .init = find_stacker, .timeout = 90);

/* "u:<stacker>:stack_target" and the like. */
static const char *probe(const char *kind, const char *rest)
{
	static char spec[4][PATH_MAX + 64];
	static int next;
	char *s = spec[next++ % 4];

	snprintf(s, sizeof(spec[0]), "%s:%s:%s", kind, stacker, rest);
	return s;
}

static const char *const target_chain[] = { "stack_target", "hit", "main", NULL };

/* pid's hits, every record of it the workload's own. */
static double process_hits(const struct json *recs, size_t n, pid_t pid)
{
	const struct json *top = stacks_top(recs, n, pid, "count");

	if (top)
		cr_assert_str_eq(json_string(top, "comm"), "stacker");
	return stacks_sum(recs, n, pid, "count");
}

static const char *frame_sym(const struct json *stack, size_t i)
{
	const struct json *sym = json_get(&stack->items[i], "sym");

	return sym && sym->type == JSON_STRING ? sym->string : "(null)";
}

/*
 * The user stack, innermost first, begins with main -> hit -> stack_target,
 * after the functions inlined there (the system call's raw_syscall2()).
 */
static void assert_target_chain(const struct json *rec, const char *out)
{
	const struct json *user = json_get(rec, "user_stack"), *inlined;
	int at = stack_find(rec, "user_stack", "stack_target"), i;

	cr_assert(at >= 0 && stack_has_chain(rec, "user_stack", target_chain), "no chain:\n%s",
		  out);
	for (i = 0; i < at; i++) {
		inlined = json_get(&user->items[i], "inlined");
		cr_assert(inlined && inlined->type == JSON_BOOL && inlined->boolean,
			  "user frame %d, before stack_target, is not inlined in it:\n%s", i, out);
	}
}

/* Run stackcount -j ARGS... on a held stacker hit:N; its records. */
static struct json *count_hits(struct workload *w, size_t *n, const char *a, const char *b,
			       const char *c, const char *d)
{
	const char *args[TRACE_MAX_ARGS] = { a, b, c, d };

	workload_spawn(w, "stacker", HITS_ARG, LINGER, NULL);
	return trace_workload(w, n, "stackcount", args);
}

/*
 * The workload's own system call, counted at its tracepoint: every call,
 * one stack (the loop's), its user frames the chain that made it, its
 * kernel frames the system call's entry.
 */
Test(stackcount, tracepoint_counts_every_call_with_its_stacks)
{
	const struct json *top, *kernel;
	struct workload w;
	struct json *recs;
	size_t n, i;
	bool syscall_frame = false;
	char *out;

	workload_spawn(&w, "stacker", HITS_ARG, LINGER, NULL);
	{
		struct tool_proc t;

		tool_start(&t, "stackcount", "-j", "-p", num_arg(w.pid),
			   "t:syscalls:sys_enter_getppid", NULL);
		cr_assert_eq(workload_finish(&w), 0, "stacker failed");
		cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
		out = strdup(t.out);
		tool_free(&t);
	}
	recs = json_lines(out, &n);
	cr_assert_eq(process_hits(recs, n, w.pid), HITS, "not %d hits:\n%s", HITS, out);
	top = stacks_top(recs, n, w.pid, "count");
	cr_assert_eq(json_number(top, "count"), HITS, "the calls' stacks differ:\n%s", out);
	assert_target_chain(top, out);
	/*
	 * some kernels (6.1) hand a syscall tracepoint's program the user's
	 * registers: no kernel stack there, an empty array
	 */
	kernel = json_get(top, "kernel_stack");
	cr_assert(kernel && kernel->type == JSON_ARRAY, "no kernel stack:\n%s", out);
	for (i = 0; i < kernel->n; i++)
		syscall_frame |= strstr(frame_sym(kernel, i), "syscall") != NULL;
	cr_assert(!kernel->n || syscall_frame, "the kernel stack is not a system call's:\n%s", out);
	cr_assert_null(json_get(top, "tid"), "tid without per-thread counts");
	cr_assert_null(json_get(top, "total_us"), "total_us where nothing is timed");
	assert_fields_documented("stackcount", top);
	json_lines_free(recs, n);
	free(out);
}

/* A uprobe on the function, system-wide: every call, and the user stack starts in it. */
Test(stackcount, uprobe_counts_every_call)
{
	const struct json *top, *user, *kernel;
	struct workload w;
	struct json *recs;
	size_t n;

	recs = count_hits(&w, &n, probe("u", "stack_target"), NULL, NULL, NULL);
	cr_assert_eq(process_hits(recs, n, w.pid), HITS, "not %d hits", HITS);
	top = stacks_top(recs, n, w.pid, "count");
	user = json_get(top, "user_stack");
	cr_assert(user && user->type == JSON_ARRAY && user->n >= 2);
	cr_assert_str_eq(frame_sym(user, 0), "stack_target");
	cr_assert_eq(json_number(&user->items[0], "offset"), 0, "not at the function's entry");
	cr_assert_str_eq(json_string(&user->items[0], "module"), stacker);
	/* the registers are the user's: no kernel stack, as an empty array */
	kernel = json_get(top, "kernel_stack");
	cr_assert(kernel && kernel->type == JSON_ARRAY && kernel->n == 0);
	json_lines_free(recs, n);
}

/* A uretprobe: every return, the stack the caller's. */
Test(stackcount, uretprobe_counts_every_return)
{
	const struct json *top, *user;
	struct workload w;
	struct json *recs;
	size_t n;

	recs = count_hits(&w, &n, "-U", probe("ur", "stack_target"), NULL, NULL);
	cr_assert_eq(process_hits(recs, n, w.pid), HITS, "not %d returns", HITS);
	top = stacks_top(recs, n, w.pid, "count");
	user = json_get(top, "user_stack");
	cr_assert(user && user->type == JSON_ARRAY && user->n >= 2);
	cr_assert_str_eq(frame_sym(user, 0), "hit", "the return lands in the caller");
	json_lines_free(recs, n);
}

/* The USDT probe in the function: every hit, the whole chain (the frame is set up there). */
Test(stackcount, usdt_counts_every_hit)
{
	struct workload w;
	struct json *recs;
	size_t n;

	if (!kernel_has_bpf_cookies())
		cr_skip_test("no BPF cookies: libbpf needs -p for a USDT probe in a PIE");
	recs = count_hits(&w, &n, probe("usdt", "sonde:hit"), NULL, NULL, NULL);
	cr_assert_eq(process_hits(recs, n, w.pid), HITS, "not %d hits", HITS);
	assert_target_chain(stacks_top(recs, n, w.pid, "count"), "");
	json_lines_free(recs, n);
}

/* The hits `stackcount -p PID` counts at the probe `kind`:`what` of a held stacker. */
static double hits_with_pid(const char *kind, const char *what)
{
	const char *args[TRACE_MAX_ARGS] = { "-p" };
	struct workload w;
	struct json *recs;
	double hits;
	size_t n;

	workload_spawn(&w, "stacker", HITS_ARG, LINGER, NULL);
	args[1] = num_arg(w.pid);
	args[2] = probe(kind, what);
	recs = trace_workload(&w, &n, "stackcount", args);
	hits = process_hits(recs, n, w.pid);
	json_lines_free(recs, n);
	return hits;
}

/* -p also attaches user-space probes to the process alone (libbpf's pid), before it execs. */
Test(stackcount, usdt_and_uprobe_in_one_process)
{
	cr_assert_eq(hits_with_pid("u", "stack_target"), HITS, "uprobe -p: not %d hits", HITS);
	/* without BPF cookies libbpf finds the probe in the process's mappings: not before exec */
	if (kernel_has_bpf_cookies())
		cr_assert_eq(hits_with_pid("usdt", "sonde:hit"), HITS, "usdt -p: not %d hits",
			     HITS);
}

/* Patterns: every matching function of the binary, every matching tracepoint. */
Test(stackcount, patterns_expand_to_what_they_match)
{
	struct workload w;
	struct json *recs;
	size_t n;

	recs = count_hits(&w, &n, "-U", probe("u", "stack_targ*"), NULL, NULL);
	cr_assert_eq(process_hits(recs, n, w.pid), HITS, "u: pattern: not %d hits", HITS);
	json_lines_free(recs, n);
	recs = count_hits(&w, &n, "-U", "t:syscalls:sys_enter_getpp?d", NULL, NULL);
	cr_assert_eq(process_hits(recs, n, w.pid), HITS, "t: pattern: not %d hits", HITS);
	json_lines_free(recs, n);
}

/* -p and -n in hit/miss pairs: the miss sees nothing of the workload. */
static void assert_pair(const char *opt, const char *match, const char *miss, pid_t pid,
			struct tracer_pair *p)
{
	cr_assert_eq(process_hits(p->hit_recs, p->hit_n, pid), HITS, "%s %s:\n%s", opt, match,
		     p->hit.out);
	cr_assert_eq(process_hits(p->miss_recs, p->miss_n, pid), 0, "%s %s:\n%s", opt, miss,
		     p->miss.out);
}

Test(stackcount, pid_and_name_filters)
{
	struct tracer_pair p;
	struct workload w;

	workload_spawn(&w, "stacker", HITS_ARG, LINGER, NULL);
	cr_assert_eq(tracer_pair_run(&p, &w, "stackcount", "t:syscalls:sys_enter_getppid", "-p",
				     num_arg(w.pid), num_arg(getpid())),
		     0);
	assert_pair("-p", num_arg(w.pid), num_arg(getpid()), w.pid, &p);
	tracer_pair_free(&p);

	workload_spawn(&w, "stacker", HITS_ARG, LINGER, NULL);
	cr_assert_eq(tracer_pair_run(&p, &w, "stackcount", probe("u", "stack_target"), "-n",
				     "stacker", "stackerx"),
		     0);
	assert_pair("-n", "stacker", "stackerx", w.pid, &p);
	tracer_pair_free(&p);
}

/* -f: one folded line, the process's name at the root, main -> hit -> stack_target, N. */
Test(stackcount, folded_output_holds_the_chain)
{
	struct tool_proc t;
	struct workload w;

	workload_spawn(&w, "stacker", HITS_ARG, LINGER, NULL);
	tool_start(&t, "stackcount", "-f", "-U", "-p", num_arg(w.pid),
		   "t:syscalls:sys_enter_getppid", NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
	cr_assert(!strncmp(t.out, "stacker;", 8), "not the workload's line:\n%s", t.out);
	/* -U: the line ends in the innermost user frame */
	cr_assert_eq(folded_figure(t.out, ";main;hit;stack_target"), HITS, "%s", t.out);
	cr_assert(strstr(t.out, ";main;hit;stack_target " HITS_FIGURE "\n"), "%s", t.out);
	tool_free(&t);
}

/*
 * Text: the stacks of two processes of one name are one without -P, two
 * with it. The two workloads share a cgroup of their own (-c), so that no
 * other stacker of this suite joins them.
 */
Test(stackcount, per_pid_splits_what_the_name_merges)
{
	struct tool_proc merged, apart;
	struct workload w[2];
	struct cgroup_pair cg;
	char want[128], procs[400];
	FILE *f;
	int i;

	workload_spawn(&w[0], "stacker", "hit:200", LINGER, NULL);
	workload_spawn(&w[1], "stacker", "hit:200", LINGER, NULL);
	cgroup_pair_make(&cg, w[0].pid);
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", cg.inside);
	f = fopen(procs, "we");
	cr_assert(f && fprintf(f, "%d\n", w[1].pid) > 0 && !fclose(f), "cannot move %d", w[1].pid);
	tool_start(&merged, "stackcount", "-U", "-c", cg.inside, "t:syscalls:sys_enter_getppid",
		   NULL);
	tool_start(&apart, "stackcount", "-U", "-P", "-c", cg.inside,
		   "t:syscalls:sys_enter_getppid", NULL);
	for (i = 0; i < 2; i++)
		cr_assert_eq(workload_finish(&w[i]), 0);
	cr_assert_eq(tool_stop(&merged, SIGINT), 0, "stderr: %s", merged.err);
	cr_assert_eq(tool_stop(&apart, SIGINT), 0, "stderr: %s", apart.err);
	cgroup_pair_remove(&cg);

	cr_assert(strstr(merged.out, "    stack_target\n    hit\n    main\n"), "no chain:\n%s",
		  merged.out);
	cr_assert(strstr(merged.out, "    -                stacker\n        400\n"),
		  "not one stack of 400:\n%s", merged.out);
	for (i = 0; i < 2; i++) {
		snprintf(want, sizeof(want), "    -                stacker (%d)\n        200\n",
			 w[i].pid);
		cr_assert(strstr(apart.out, want), "-P: no '%s' in:\n%s", want, apart.out);
	}
	tool_free(&merged);
	tool_free(&apart);
}

/* A runtime failure: exit 1 and one line, prefixed, saying `what`. */
static void assert_fails(const char *what, const char *a, const char *b)
{
	char *out, *err;

	cr_assert_eq(tool_run(&out, &err, "stackcount", a, b, NULL), 1, "%s %s: %s", a, b ? b : "",
		     err);
	cr_assert(!strncmp(err, "stackcount: ", 12), "not prefixed: %s", err);
	cr_assert_eq(strchr(err, '\n'), err + strlen(err) - 1, "not one line: %s", err);
	cr_assert(strstr(err, what), "'%s' not said: %s", what, err);
	cr_assert_str_eq(out, "");
	free(out);
	free(err);
}

Test(stackcount, bad_probes_fail_in_one_line)
{
	char missing[PATH_MAX + 64];

	/* the spelling: usage errors */
	assert_usage_error("stackcount", "t:sched", NULL);
	assert_usage_error("stackcount", "x:vfs_read", NULL);
	assert_usage_error("stackcount", "-j", NULL); /* no PROBE */
	assert_usage_error("stackcount", "-K", probe("u", "stack_target"));
	assert_usage_error("stackcount", "t:sched:sched_switch", "extra");
	/* what is not there */
	assert_fails("no tracepoint sched:sonde_nonexistent", "t:sched:sonde_nonexistent", NULL);
	assert_fails("no tracepoint matches", "t:sched:sonde_nonexistent*", NULL);
	assert_fails("no file /nonexistent/stacker", "u:/nonexistent/stacker:main", NULL);
	assert_fails("no library or program 'libsonde_nonexistent'", "u:libsonde_nonexistent:main",
		     NULL);
	snprintf(missing, sizeof(missing), "no function sonde_nonexistent in %s", stacker);
	assert_fails(missing, probe("u", "sonde_nonexistent"), NULL);
	assert_fails("no function matches 'sonde_nonexistent*'", probe("u", "sonde_nonexistent*"),
		     NULL);
	snprintf(missing, sizeof(missing), "no USDT probe sonde:nonexistent in %s", stacker);
	assert_fails(missing, probe("usdt", "sonde:nonexistent"), NULL);
	if (!kernel_has_kprobes())
		assert_fails("this kernel has no kprobes", "k:vfs_read", NULL);
	else
		assert_fails("no kernel function sonde_nonexistent", "k:sonde_nonexistent", NULL);
}

/* Where the kernel has kprobes, the system call's function counts every call. */
Test(stackcount, kprobe_counts_every_call_where_the_kernel_has_kprobes)
{
	const char *func = "k:" SYSCALL_FUNC("getppid");
	struct workload w;
	struct json *recs;
	size_t n;

	if (!kernel_has_kprobes())
		cr_skip_test(
			"no kprobes in this kernel (bad_probes_fail_in_one_line checks the refusal)");
	workload_spawn(&w, "stacker", HITS_ARG, LINGER, NULL);
	{
		const char *args[TRACE_MAX_ARGS] = { "-K", "-p", num_arg(w.pid), func };

		recs = trace_workload(&w, &n, "stackcount", args);
	}
	cr_assert_eq(process_hits(recs, n, w.pid), HITS, "not %d calls", HITS);
	json_lines_free(recs, n);
}

/*
 * Reported once, at the end, a summary's standby map never takes over: it
 * is made one entry (common/maps.h summary_fit_once(), about 1 ms of a
 * stack tool's start). Reported at intervals, it takes turns with the live
 * one and keeps its size. The kernel says what it made.
 */
Test(stackcount, standby_counts_only_where_reports_take_turns)
{
	const char *probe = "t:syscalls:sys_enter_getppid";
	long once[2], turns[2];
	struct tool_proc t;

	tool_start(&t, "stackcount", "-U", probe, NULL);
	once[0] = tool_map_entries(&t, "stack_counts_0");
	once[1] = tool_map_entries(&t, "stack_counts_1");
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
	tool_free(&t);
	tool_start(&t, "stackcount", "-U", "-i", "1", probe, NULL);
	turns[0] = tool_map_entries(&t, "stack_counts_0");
	turns[1] = tool_map_entries(&t, "stack_counts_1");
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
	tool_free(&t);
	cr_assert(once[0] > 1 && once[1] == 1, "reported once: %ld and %ld entries", once[0],
		  once[1]);
	cr_assert(turns[0] == once[0] && turns[1] == once[0], "at intervals: %ld and %ld entries",
		  turns[0], turns[1]);
}
