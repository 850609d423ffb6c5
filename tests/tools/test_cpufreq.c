// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cpufreq. Our machines have no cpufreq driver (no
 * /sys/devices/system/cpu/cpu*\/cpufreq): there it must refuse, exactly.
 * The working path is still run, in a mount namespace of the test's own
 * where /sys/devices/system/cpu is a made-up directory whose cpufreq
 * files give each CPU a known frequency: the tool's start-up seed. No
 * frequency change event comes there (that needs a driver), but the
 * sampling, the per-CPU frequencies and the per-process histograms are
 * the tool's real ones: a workload pinned to a CPU must show that CPU's
 * frequency in every sample.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <glob.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <criterion/criterion.h>
#include <bpf/libbpf.h>

#include "harness.h"

TestSuite(cpufreq, .timeout = 60);

#define REFUSAL                                                          \
	"cpufreq: cannot sample CPU frequencies: no cpufreq driver (no " \
	"/sys/devices/system/cpu/cpu*/cpufreq)"
#define HZ 99

static const char *const programs[] = { "cpufreq_", NULL };

static bool has_cpufreq_driver(void)
{
	glob_t g;
	bool found = glob("/sys/devices/system/cpu/cpu[0-9]*/cpufreq", GLOB_NOSORT, NULL, &g) == 0;

	globfree(&g);
	return found;
}

Test(cpufreq, refuses_in_one_line_without_a_cpufreq_driver)
{
	if (has_cpufreq_driver())
		cr_skip_test("this machine has a cpufreq driver");
	assert_refused_exactly(REFUSAL, programs, "cpufreq", "0.5", NULL);
	assert_refused_exactly(REFUSAL, programs, "cpufreq", "-j", "-P", "0.5", NULL);
	/* refused before loading: with -v, libbpf's log would be on stderr too */
	assert_refused_exactly(REFUSAL, programs, "cpufreq", "-v", "0.5", NULL);
}

Test(cpufreq, bad_input_is_a_usage_error)
{
	assert_usage_error("cpufreq", "-f", "0");
	assert_usage_error("cpufreq", "-f", "fast");
	assert_usage_error("cpufreq", "1", "2");
	assert_usage_error("cpufreq", "-x", NULL);
}

/* The frequency the made-up directory gives CPU i, in MHz: each in a bucket of its own. */
static unsigned int made_up_mhz(int cpu)
{
	return 1000 + 1000 * (unsigned int)cpu;
}

/* A copy of /sys/devices/system/cpu's CPU lists, and a cpufreq directory per CPU. */
static void make_cpu_dir(const char *dir, int ncpus)
{
	char path[256];
	int cpu;

	sh(NULL, 0,
	   "mkdir -p %s && cp /sys/devices/system/cpu/possible "
	   "/sys/devices/system/cpu/online %s/",
	   dir, dir);
	for (cpu = 0; cpu < ncpus; cpu++) {
		snprintf(path, sizeof(path), "%s/cpu%d/cpufreq", dir, cpu);
		sh(NULL, 0, "mkdir -p %s && echo %u > %s/scaling_cur_freq", path,
		   made_up_mhz(cpu) * 1000, path);
	}
}

/*
 * cpufreq with `args`, in a mount namespace whose /sys/devices/system/cpu
 * is `dir`; its output into t's files, its attach report into t's report
 * (named by `tag`, for two at once).
 */
static void start_over(struct tool_proc *t, const char *dir, const char *tag,
		       const char *const *args)
{
	char path[512];
	const char *argv[8] = { "cpufreq" };
	int i, out, err;

	snprintf(path, sizeof(path), "%s/cpufreq", getenv("SONDE_BIN"));
	snprintf(t->out_path, sizeof(t->out_path), "/tmp/%s-cpufreq-%s.out", test_marker(), tag);
	snprintf(t->err_path, sizeof(t->err_path), "/tmp/%s-cpufreq-%s.err", test_marker(), tag);
	snprintf(t->report_path, sizeof(t->report_path), "/tmp/%s-cpufreq-%s.attach", test_marker(),
		 tag);
	for (i = 0; args[i] && i < 6; i++)
		argv[i + 1] = args[i];
	t->pid = fork();
	cr_assert(t->pid >= 0);
	if (t->pid)
		return;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	out = open(t->out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	err = open(t->err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		_exit(125);
	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount(dir, "/sys/devices/system/cpu", NULL, MS_BIND, NULL))
		_exit(126);
	setenv("SONDE_ATTACH_REPORT", t->report_path, 1);
	execv(path, (char **)argv);
	_exit(127);
}

static void wait_attached(const struct tool_proc *t)
{
	char err[512];
	int i;

	for (i = 0; i < 3000 && access(t->report_path, F_OK); i++) {
		if (waitpid(t->pid, NULL, WNOHANG)) {
			sh(err, sizeof(err), "cat %s", t->err_path);
			cr_assert_fail("cpufreq ended before attaching: %s", err);
		}
		usleep(10000);
	}
	cr_assert_eq(access(t->report_path, F_OK), 0, "cpufreq never attached");
}

static struct json *stopped_records(struct tool_proc *t, size_t *n)
{
	cr_assert_eq(tool_stop(t, SIGINT), 0, "cpufreq failed: %s", t->err);
	unlink(t->report_path);
	return json_lines(t->out, n);
}

/* Every bucket of `rec` is the one holding `mhz`; their count. */
static double count_in_bucket_of(const struct json *rec, unsigned int mhz)
{
	const struct json *buckets = json_get(rec, "buckets");
	double low, high, n = 0;
	size_t i;

	for (i = 0; i < buckets->n; i++) {
		low = json_number(&buckets->items[i], "low");
		high = json_number(&buckets->items[i], "high");
		cr_assert(low <= mhz && mhz <= high, "samples at %.0f-%.0f MHz, not %u", low, high,
			  mhz);
		n += json_number(&buckets->items[i], "count");
	}
	return n;
}

/* The record of process `pid`, or the system-wide one (pid < 0); NULL if none. */
static const struct json *record_of(const struct json *recs, size_t n, long pid)
{
	const struct json *p;
	size_t i;

	for (i = 0; i < n; i++) {
		p = json_get(&recs[i], "pid");
		if ((pid < 0 && !p) || (pid >= 0 && p && json_number(&recs[i], "pid") == pid))
			return &recs[i];
	}
	return NULL;
}

Test(cpufreq, samples_a_pinned_process_at_its_cpus_frequency)
{
	const char *const args[] = { "-j", "-P", "-f", "99", NULL };
	int ncpus = libbpf_num_possible_cpus(), last = ncpus - 1;
	char dir[128];
	struct tool_proc t = { 0 };
	struct workload w;
	struct json *recs;
	const struct json *mine, *all;
	cpu_set_t set, ours;
	double samples, cpu_s;
	size_t n;

	snprintf(dir, sizeof(dir), "/tmp/%s-cpu", test_marker());
	make_cpu_dir(dir, ncpus);
	start_over(&t, dir, "all", args);
	wait_attached(&t);
	/*
	 * Pinned from its fork on (ours, inherited): pinned after it, the
	 * child's first steps could run, and be sampled, on another CPU.
	 */
	CPU_ZERO(&set);
	CPU_SET(last, &set);
	cr_assert_eq(sched_getaffinity(0, sizeof(ours), &ours), 0);
	cr_assert_eq(sched_setaffinity(0, sizeof(set), &set), 0);
	workload_spawn(&w, "stacker", "spin:1000", NULL);
	cr_assert_eq(sched_setaffinity(0, sizeof(ours), &ours), 0);
	cpu_s = children_cpu_s();
	cr_assert_eq(workload_finish(&w), 0);
	cpu_s = children_cpu_s() - cpu_s;
	recs = stopped_records(&t, &n);
	sh(NULL, 0, "rm -rf %s", dir);
	mine = record_of(recs, n, w.pid);
	all = record_of(recs, n, -1);
	cr_assert(mine && all, "no histogram of %d or of the system:\n%s", w.pid, t.out);
	assert_fields_documented("cpufreq", mine);
	assert_fields_documented("cpufreq", all);
	/* its CPU time, all on CPU `last`, sampled at HZ: all at that CPU's frequency */
	samples = count_in_bucket_of(mine, made_up_mhz(last));
	cr_assert(samples >= cpu_s * HZ * 0.75 - 3 && samples <= cpu_s * HZ * 1.25 + 3,
		  "%.0f samples for %.3f s of CPU at %d Hz", samples, cpu_s, HZ);
	cr_assert_eq(json_number(mine, "total"), samples);
	cr_assert_str_eq(json_string(mine, "unit"), "MHz");
	cr_assert_geq(json_number(all, "total"), samples, "system-wide holds fewer:\n%s", t.out);
	json_lines_free(recs, n);
	tool_free(&t);
}

/* -p lets the workload through into every histogram (hit), and keeps it out (miss). */
Test(cpufreq, pid_filter_hit_and_miss)
{
	int ncpus = libbpf_num_possible_cpus();
	char dir[128], pid[16], other[16];
	struct tool_proc hit = { 0 }, miss = { 0 };
	struct json *hits, *misses;
	const struct json *mine, *all;
	struct workload w;
	size_t nh, nm;

	snprintf(dir, sizeof(dir), "/tmp/%s-cpu", test_marker());
	make_cpu_dir(dir, ncpus);
	workload_spawn(&w, "stacker", "spin:500", NULL);
	snprintf(pid, sizeof(pid), "%d", w.pid);
	snprintf(other, sizeof(other), "%d", getpid());
	start_over(&hit, dir, "hit", (const char *const[]){ "-j", "-P", "-p", pid, NULL });
	start_over(&miss, dir, "miss", (const char *const[]){ "-j", "-P", "-p", other, NULL });
	wait_attached(&hit);
	wait_attached(&miss);
	cr_assert_eq(workload_finish(&w), 0);
	hits = stopped_records(&hit, &nh);
	misses = stopped_records(&miss, &nm);
	sh(NULL, 0, "rm -rf %s", dir);
	mine = record_of(hits, nh, w.pid);
	all = record_of(hits, nh, -1);
	cr_assert(mine && all, "-p %d: no histogram of it or of the system:\n%s", w.pid, hit.out);
	cr_assert_gt(json_number(mine, "total"), 0);
	/* the system-wide histogram holds what the filter let through: the workload alone */
	cr_assert_eq(json_number(all, "total"), json_number(mine, "total"), "-p %d:\n%s", w.pid,
		     hit.out);
	cr_assert_null(record_of(misses, nm, w.pid), "-p %s showed %d:\n%s", other, w.pid,
		       miss.out);
	json_lines_free(hits, nh);
	json_lines_free(misses, nm);
	tool_free(&hit);
	tool_free(&miss);
}
