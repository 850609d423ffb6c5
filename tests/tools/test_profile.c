// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * profile against the stacker workload, whose functions and stacks are
 * known: the chain main -> outer -> middle -> spin must be its top stack
 * (JSON, folded, SVG), the samples must match the CPU time the workload
 * used, a binary only in another mount namespace and code named only by a
 * perf map must still be named.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <criterion/criterion.h>

#include "harness.h"
#include "stacks.h"

TestSuite(profile, .timeout = 60);

#define HZ	"99"
#define SPIN_MS 1500

static const char *const spin_chain[] = { "spin", "middle", "outer", "main", NULL };

/* Run the held workload to its end under `t`; the CPU seconds it used. */
static double finish_timed(struct workload *w)
{
	double before = children_cpu_s();

	cr_assert_eq(workload_finish(w), 0, "the workload failed");
	return children_cpu_s() - before;
}

static struct json *stopped_json(struct tool_proc *t, size_t *n)
{
	cr_assert_eq(tool_stop(t, SIGINT), 0, "profile failed: %s", t->err);
	return json_lines(t->out, n);
}

Test(profile, top_stack_is_the_spinning_chain_and_samples_match_cpu_time)
{
	struct workload w;
	struct tool_proc t;
	const struct json *top;
	struct json *recs;
	double cpu_s, samples;
	size_t n;

	workload_spawn(&w, "stacker", "spin:1500", NULL);
	tool_start(&t, "profile", "-j", "-F", HZ, "-p", num_arg(w.pid), NULL);
	cpu_s = finish_timed(&w);
	recs = stopped_json(&t, &n);
	top = stacks_top(recs, n, w.pid, "count");
	cr_assert(top, "no stacks for %d in:\n%s", w.pid, t.out);
	cr_assert(stack_has_chain(top, "user_stack", spin_chain),
		  "the top stack is not main->outer->middle->spin:\n%s", t.out);
	assert_fields_documented("profile", top);
	/* a sample every 1/99 s of the CPU time it used, give or take the tick's phase */
	samples = stacks_sum(recs, n, w.pid, "count");
	cr_assert(samples >= cpu_s * 99 * 0.75 - 3 && samples <= cpu_s * 99 * 1.25 + 3,
		  "%.0f samples for %.3f s of CPU at " HZ " Hz", samples, cpu_s);
	cr_assert(stacks_sum_chain(recs, n, w.pid, "user_stack", spin_chain, "count") >=
			  0.9 * samples,
		  "under 90%% of the samples in spin():\n%s", t.out);
	json_lines_free(recs, n);
	tool_free(&t);
}

Test(profile, folded_and_svg_hold_the_chain)
{
	const char *const under_main[] = { "stacker", ";main;", NULL };
	char svg[128];
	struct workload w;
	struct tool_proc t;
	double in_spin, all;

	snprintf(svg, sizeof(svg), "/tmp/%s-profile.svg", test_marker());
	workload_spawn(&w, "stacker", "spin:1000", NULL);
	tool_start(&t, "profile", "-f", "--svg", svg, "-F", HZ, "-p", num_arg(w.pid), NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "%s", t.err);
	/*
	 * folded: root first, "comm;...;leaf count". The frame below main() is
	 * libc's local __libc_start_call_main, unnamed where libc.so.6 keeps
	 * no .symtab (Debian 13's). The share is of the samples under main():
	 * the process's start before it (exec, the loader reading libraries)
	 * is sampled too, and took over a tenth of them in a VM on a busy host.
	 */
	in_spin = folded_figure(t.out, ";main;outer;middle;spin");
	all = folded_figure_seq(t.out, under_main);
	cr_assert(in_spin > 0 && in_spin >= 0.9 * all, "folded:\n%s", t.out);
	cr_assert(svg_well_formed(svg), "xmllint refused %s", svg);
	/* each frame one row above its caller's */
	cr_assert_geq(svg_frame_y(svg, "main"), 0, "no main in %s", svg);
	cr_assert_eq(svg_frame_y(svg, "outer"), svg_frame_y(svg, "main") - SVG_ROW);
	cr_assert_eq(svg_frame_y(svg, "middle"), svg_frame_y(svg, "outer") - SVG_ROW);
	cr_assert_eq(svg_frame_y(svg, "spin"), svg_frame_y(svg, "middle") - SVG_ROW);
	unlink(svg);
	tool_free(&t);
}

Test(profile, filters_by_pid)
{
	assert_stack_pid_filter("profile", "spin:800");
}

Test(profile, kernel_or_user_stacks_only)
{
	struct tool_proc k, u;
	struct workload w;
	struct json *krecs, *urecs;
	size_t kn, un, i;

	workload_spawn(&w, "stacker", "spin:800", NULL);
	tool_start(&k, "profile", "-j", "-K", "-p", num_arg(w.pid), NULL);
	tool_start(&u, "profile", "-j", "-U", "-p", num_arg(w.pid), NULL);
	cr_assert_eq(workload_finish(&w), 0);
	krecs = stopped_json(&k, &kn);
	urecs = stopped_json(&u, &un);
	cr_assert_gt(stacks_sum(krecs, kn, w.pid, "count"), 0, "-K:\n%s", k.out);
	cr_assert(stacks_top(urecs, un, w.pid, "count"), "-U:\n%s", u.out);
	cr_assert(stack_has_chain(stacks_top(urecs, un, w.pid, "count"), "user_stack", spin_chain));
	for (i = 0; i < kn; i++)
		cr_assert_eq(json_get(&krecs[i], "user_stack")->type, JSON_NULL, "-K:\n%s", k.out);
	for (i = 0; i < un; i++)
		cr_assert_eq(json_get(&urecs[i], "kernel_stack")->type, JSON_NULL, "-U:\n%s",
			     u.out);
	json_lines_free(krecs, kn);
	json_lines_free(urecs, un);
	tool_free(&k);
	tool_free(&u);
}

/* Code a JIT made, named only in /tmp/perf-PID.map: its frames carry those names. */
Test(profile, names_jit_code_from_the_perf_map)
{
	const char *const jit_leaf[] = { "jit_spin_loop", NULL };
	char perf_map[64];
	struct workload w;
	struct tool_proc t;
	struct json *recs;
	double all, jit;
	size_t n;

	workload_spawn(&w, "stacker", "jit:1000", NULL);
	tool_start(&t, "profile", "-j", "-F", HZ, "-p", num_arg(w.pid), NULL);
	cr_assert_eq(workload_finish(&w), 0);
	recs = stopped_json(&t, &n);
	snprintf(perf_map, sizeof(perf_map), "/tmp/perf-%d.map", w.pid);
	unlink(perf_map);
	all = stacks_sum(recs, n, w.pid, "count");
	jit = stacks_sum_chain(recs, n, w.pid, "user_stack", jit_leaf, "count");
	cr_assert(all > 0 && jit >= 0.5 * all, "%.0f of %.0f samples in jit_spin_loop:\n%s", jit,
		  all, t.out);
	json_lines_free(recs, n);
	tool_free(&t);
}

/*
 * A held workload run from a binary that exists only in its own mount
 * namespace: a tmpfs mounted there, over an empty directory of the host's.
 */
static void spawn_in_mount_namespace(struct workload *w, const char *dir, const char *ms)
{
	char src[512], dst[600], arg[32], go;
	int pipefd[2];

	snprintf(src, sizeof(src), "%s/stacker", getenv("SONDE_WORKLOADS"));
	snprintf(dst, sizeof(dst), "%s/stacker-private", dir);
	snprintf(arg, sizeof(arg), "spin:%s", ms);
	cr_assert(pipe2(pipefd, O_CLOEXEC) == 0);
	w->pid = fork();
	cr_assert(w->pid >= 0);
	if (w->pid == 0) {
		char cmd[1200];

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(pipefd[1]);
		if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
		    mount("sonde-test", dir, "tmpfs", 0, NULL))
			_exit(125);
		snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", src, dst);
		if (system(cmd) || read(pipefd[0], &go, 1) != 1)
			_exit(126);
		/* lingering, its frames can be named after it spun, even where the
		 * tool shares one slow CPU with it (the matrix's VMs): the exit
		 * race is not what this test is about */
		execl(dst, "stacker", arg, "linger:1000", (char *)NULL);
		_exit(127);
	}
	close(pipefd[0]);
	w->go_fd = pipefd[1];
}

Test(profile, names_a_binary_seen_only_in_its_mount_namespace)
{
	char dir[128];
	struct workload w;
	struct tool_proc t;
	const struct json *top, *frames;
	struct json *recs;
	size_t n;

	snprintf(dir, sizeof(dir), "/tmp/%s-mntns", test_marker());
	cr_assert(mkdir(dir, 0700) == 0);
	spawn_in_mount_namespace(&w, dir, "1000");
	tool_start(&t, "profile", "-j", "-F", HZ, "-p", num_arg(w.pid), NULL);
	cr_assert_eq(workload_finish(&w), 0, "the workload failed in its namespace");
	recs = stopped_json(&t, &n);
	rmdir(dir); /* empty on the host: the binary never was there */
	top = stacks_top(recs, n, w.pid, "count");
	cr_assert(top && stack_has_chain(top, "user_stack", spin_chain),
		  "frames of a binary only in a mount namespace not named:\n%s", t.out);
	frames = json_get(top, "user_stack");
	cr_assert(strstr(json_string(&frames->items[0], "module"), "stacker-private"), "module %s",
		  json_string(&frames->items[0], "module"));
	json_lines_free(recs, n);
	tool_free(&t);
}

/* More distinct stacks than the storage holds: the loss is counted, not silent. */
Test(profile, reports_stacks_it_could_not_keep)
{
	struct workload w;
	struct tool_proc t;
	const struct json *lost = NULL;
	struct json *recs;
	size_t n, i;

	workload_spawn(&w, "stacker", "fan:1000", NULL);
	tool_start(&t, "profile", "-j", "-F", "499", "--stack-storage-size", "64", "-p",
		   num_arg(w.pid), NULL);
	cr_assert_eq(workload_finish(&w), 0);
	recs = stopped_json(&t, &n);
	for (i = 0; i < n && !lost; i++)
		lost = json_get(&recs[i], "stacks_lost");
	cr_assert(lost, "no stacks_lost record with 64 slots for 100 stacks:\n%s", t.out);
	cr_assert_gt(json_number(lost, "storage_full"), 0);
	/* a full store is told from an allocation that failed (E2BIG, not ENOMEM) */
	cr_assert_eq(json_number(lost, "no_memory"), 0, "%s", t.out);
	assert_fields_documented("profile", &recs[i - 1]);
	json_lines_free(recs, n);
	tool_free(&t);
}

Test(profile, ends_after_its_duration)
{
	char *out, *err;

	cr_assert_eq(tool_run(&out, &err, "profile", "-j", "0.3", NULL), 0, "%s", err);
	free(out);
	free(err);
}

Test(profile, refuses_bad_input)
{
	char *out, *err;
	int status;

	assert_usage_error("profile", "-F", "0");
	assert_usage_error("profile", "-K", "-U");
	assert_usage_error("profile", "-f", "-j");
	assert_usage_error("profile", "--clock", "bogus");
	assert_usage_error("profile", "--cpu", "x");
	assert_usage_error("profile", "1", "2");
	status = tool_run(&out, &err, "profile", "--cpu", "4095", "0.1", NULL);
	cr_assert_eq(status, 1, "--cpu 4095: %d %s", status, err);
	cr_assert(strstr(err, "cannot sample CPU 4095") && !strchr(strchr(err, '\n') + 1, '\n'),
		  "%s", err);
	free(out);
	free(err);
	/* cycles need a hardware PMU: where there is none, one line saying so */
	status = tool_run(&out, &err, "profile", "--clock", "cycles", "0.1", NULL);
	cr_assert(status == 0 || (status == 1 && strstr(err, "PMU")), "%d %s", status, err);
	free(out);
	free(err);
}
