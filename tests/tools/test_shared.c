// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The shared command line, checked on every tool from one table: bad usage
 * exits 2 in one prefixed line, each task filter the tool takes lets its
 * workload through and keeps it out (hit/miss pairs, so an empty output
 * cannot pass), -d (or INTERVAL COUNT) ends the tool by itself, and every
 * JSON key it prints is in its page's FIELDS.
 *
 * Which shared options a tool takes is read from its own --help, never
 * restated here: a table entry says only how to make one event the tool
 * sees. A new tool gets these checks by being listed with SHARED_TOOL();
 * its checks run in its own suite, so the kernel matrix's per-tool runs
 * include them.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"

#define MAX_WARGS 4

struct tool_case {
	const char *tool;
	const char *workload;	      /* NULL: no cheap workload (OOM kills, reclaim, disks) */
	const char *wargs[MAX_WARGS]; /* its arguments; "@" is a scratch path of the test's own */
	const char *comm;	      /* the name -n must match (default: the workload's) */
	const char *extra;	      /* an option the tool needs to show the workload */
	const char *pid_key;	      /* the JSON key holding the workload's pid */
	const char *tracepoint;	      /* the tool's only way, which older kernels lack */
};

/* The shared options a tool takes, from its --help. */
struct shared {
	bool pid, tid, uid, cgroup, comm, duration, interval, timestamp, print_uid;
	bool duration_arg;     /* "[DURATION]": seconds as the operand (the stack tools) */
	bool optional_operand; /* "[MIN_MS]": one number after the options is its */
};

static struct shared shared_of(const char *tool)
{
	struct shared s = { 0 };
	char *out, *err;

	cr_assert_eq(tool_run(&out, &err, tool, "--help", NULL), 0, "%s --help: %s", tool, err);
	s.pid = strstr(out, "-p, --pid PID") != NULL;
	s.tid = strstr(out, "-t, --tid TID") != NULL;
	s.uid = strstr(out, "-u, --uid UID") != NULL;
	s.cgroup = strstr(out, "-c, --cgroup PATH") != NULL;
	s.comm = strstr(out, "-n, --name COMM") != NULL;
	s.duration = strstr(out, "-d, --duration SECONDS") != NULL;
	s.interval = strstr(out, "[INTERVAL [COUNT]]") != NULL;
	s.duration_arg = strstr(out, "[DURATION]") != NULL;
	s.timestamp = strstr(out, "-T, --timestamp") != NULL;
	s.print_uid = strstr(out, "-U, --print-uid") != NULL;
	s.optional_operand = strstr(out, "[OPTIONS] [") && !s.interval;
	free(out);
	free(err);
	return s;
}

/* ---- usage errors ---- */

static void check_usage(const struct tool_case *c)
{
	struct shared s = shared_of(c->tool);

	assert_usage_error(c->tool, "--no-such-option", NULL);
	assert_usage_error(c->tool, "-Z", NULL);
	if (s.pid) {
		assert_usage_error(c->tool, "-p", NULL);
		assert_usage_error(c->tool, "-p", "abc");
		assert_usage_error(c->tool, "-p", "0");
		assert_usage_error(c->tool, "-p", " 5");
		assert_usage_error(c->tool, "-p", "+5");
	}
	if (s.tid)
		assert_usage_error(c->tool, "-t", "0");
	if (s.uid)
		assert_usage_error(c->tool, "-u", "x");
	if (s.comm)
		assert_usage_error(c->tool, "-n", "");
	if (s.cgroup)
		assert_usage_error(c->tool, "-c", "/tmp");
	if (s.duration) {
		assert_usage_error(c->tool, "-d", "0");
		assert_usage_error(c->tool, "-d", "0x10");
		assert_usage_error(c->tool, "5", s.optional_operand ? "6" : NULL);
	}
	if (s.interval) {
		assert_usage_error(c->tool, "0", NULL);
		assert_usage_error(c->tool, "1", "0");
		assert_usage_error(c->tool, "1e3", NULL);
	}
}

/* ---- filters ---- */

/* The workload's scratch path: a file or an empty directory, made fresh. */
static const char *scratch(const struct tool_case *c, char *buf, size_t len)
{
	snprintf(buf, len, "/tmp/%s-%s", test_marker(), c->tool);
	if (!strcmp(c->workload, "mounter")) {
		rmdir(buf);
		cr_assert(mkdir(buf, 0700) == 0, "mkdir %s", buf);
	} else {
		close(creat(buf, 0600));
	}
	return buf;
}

static void scratch_remove(const char *path)
{
	if (rmdir(path))
		unlink(path);
}

static void spawn(struct workload *w, const struct tool_case *c, char *path, size_t len)
{
	char args[MAX_WARGS][320];
	const char *a[MAX_WARGS] = { 0 }, *at;
	int i;

	scratch(c, path, len);
	for (i = 0; i < MAX_WARGS && c->wargs[i]; i++) {
		at = strchr(c->wargs[i], '@');
		if (at)
			snprintf(args[i], sizeof(args[i]), "%.*s%s%s", (int)(at - c->wargs[i]),
				 c->wargs[i], path, at + 1);
		else
			snprintf(args[i], sizeof(args[i]), "%s", c->wargs[i]);
		a[i] = args[i];
	}
	workload_spawn(w, c->workload, a[0], a[1], a[2], a[3], NULL);
}

static bool saw(const struct tool_case *c, const struct json *recs, size_t n, pid_t pid)
{
	return rec_find(recs, n, c->pid_key, pid, NULL, 0) != NULL;
}

/* `tool opt match` sees the held workload, `tool opt miss` does not. */
static void filter_pair(const struct tool_case *c, const char *opt, const char *match,
			const char *miss, bool in_cgroups)
{
	struct cgroup_pair cg;
	struct tracer_pair p;
	struct workload w;
	char path[256];

	spawn(&w, c, path, sizeof(path));
	if (in_cgroups) {
		expect_cgroups(&cg, w.pid);
		match = cg.inside;
		miss = cg.outside;
	}
	cr_assert_eq(tracer_pair_run(&p, &w, c->tool, c->extra, opt, match, miss), 0,
		     "%s: the workload failed", c->tool);
	cr_assert(saw(c, p.hit_recs, p.hit_n, w.pid), "%s %s %s missed its workload:\n%s", c->tool,
		  opt, match, p.hit.out);
	cr_assert_not(saw(c, p.miss_recs, p.miss_n, w.pid), "%s %s %s let its workload through",
		      c->tool, opt, miss);
	assert_fields_documented(c->tool,
				 rec_find(p.hit_recs, p.hit_n, c->pid_key, w.pid, NULL, 0));
	tracer_pair_free(&p);
	if (in_cgroups)
		expect_cleanup();
	scratch_remove(path);
}

/* Held workloads are numbered by the harness only once spawned: -p and -t name them then. */
static void pid_pair(const struct tool_case *c, const char *opt)
{
	struct tracer_pair p;
	struct workload w;
	char path[256], pid[16];

	spawn(&w, c, path, sizeof(path));
	snprintf(pid, sizeof(pid), "%d", w.pid);
	cr_assert_eq(tracer_pair_run(&p, &w, c->tool, c->extra, opt, pid, "1"), 0);
	cr_assert(saw(c, p.hit_recs, p.hit_n, w.pid), "%s %s %s missed its workload:\n%s", c->tool,
		  opt, pid, p.hit.out);
	cr_assert_not(saw(c, p.miss_recs, p.miss_n, w.pid), "%s %s 1 let its workload through",
		      c->tool, opt);
	tracer_pair_free(&p);
	scratch_remove(path);
}

static void check_filters(const struct tool_case *c)
{
	struct shared s = shared_of(c->tool);

	if (s.pid)
		pid_pair(c, "-p");
	if (s.tid)
		pid_pair(c, "-t"); /* the workload's main thread: its tid is its pid */
	if (s.uid)
		filter_pair(c, "-u", "0", "65534", false);
	if (s.comm)
		filter_pair(c, "-n", c->comm ? c->comm : c->workload, "sonde-nobody", false);
	if (s.cgroup)
		filter_pair(c, "-c", NULL, NULL, true);
}

/* ---- the task head in text ---- */

/* Whether `hms` is the local time of a second from `from` to `to`. */
static bool time_between(const char *hms, time_t from, time_t to)
{
	char want[16];
	time_t t;

	for (t = from; t <= to; t++) {
		strftime(want, sizeof(want), "%H:%M:%S", localtime(&t));
		if (!strncmp(hms, want, 8))
			return true;
	}
	return false;
}

/*
 * The kernel fills a record's time and UID only when the output shows them
 * (task_head_parts): asked for with -T and -U in text, they are the real
 * ones, in the first two columns.
 */
static void check_text_time_and_uid(const struct tool_case *c)
{
	struct shared s = shared_of(c->tool);
	char path[256], pid[16], *line;
	struct tool_proc t;
	struct workload w;
	time_t from;

	if (!s.pid || !s.timestamp || !s.duration) /* a summary tool's -T stamps its reports */
		return;
	spawn(&w, c, path, sizeof(path));
	snprintf(pid, sizeof(pid), "%d", w.pid);
	from = time(NULL);
	if (s.print_uid)
		tool_start(&t, c->tool, "-T", "-U", "-p", pid, c->extra, NULL);
	else
		tool_start(&t, c->tool, "-T", "-p", pid, c->extra, NULL);
	cr_assert_eq(workload_finish(&w), 0, "%s: the workload failed", c->tool);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "%s: %s", c->tool, t.err);
	line = strchr(t.out, '\n'); /* past the heading */
	cr_assert(line && line[1], "%s -T -p %s printed no record: %s", c->tool, pid, t.out);
	cr_assert(time_between(line + 1, from, time(NULL)), "%s -T: not the time of the event:\n%s",
		  c->tool, t.out);
	if (s.print_uid)
		cr_assert(!strncmp(line + 1 + 9, "0 ", 2), "%s -U: not the workload's UID 0:\n%s",
			  c->tool, t.out);
	tool_free(&t);
	scratch_remove(path);
}

/* ---- the tool's own end ---- */

static void check_end(const struct tool_case *c)
{
	struct shared s = shared_of(c->tool);
	char *out, *err;
	int status;

	if (c->tracepoint && !kernel_has_tracepoint(c->tracepoint))
		cr_skip_test("no tracepoint %s here", c->tracepoint);
	if (s.duration) /* with what it needs to run (stackcount: its PROBE) */
		status = tool_run(&out, &err, c->tool, "-d", "0.3", c->extra, NULL);
	else if (s.duration_arg)
		status = tool_run(&out, &err, c->tool, "0.3", c->extra, NULL);
	else
		status = tool_run(&out, &err, c->tool, "0.2", "2", NULL);
	skip_if_forced_kind_missing(c->tool, status, err);
	cr_assert_eq(status, 0, "%s did not end by itself with status 0: %s", c->tool, err);
	free(out);
	free(err);
}

/* The checks every tool gets. */
#define SHARED_CHECKS(name)                                               \
	Test(name, shared_usage_errors_exit_2_in_one_line, .timeout = 60) \
	{                                                                 \
		check_usage(&name##_case);                                \
	}                                                                 \
	Test(name, shared_end_by_itself, .timeout = 30)                   \
	{                                                                 \
		check_end(&name##_case);                                  \
	}

/* A tool with a cheap workload: its filters are checked here too. */
#define SHARED_TOOL(name, ...)                                              \
	static const struct tool_case name##_case = { #name, __VA_ARGS__ }; \
	SHARED_CHECKS(name)                                                 \
	Test(name, shared_filters_hit_and_miss, .timeout = 240)             \
	{                                                                   \
		check_filters(&name##_case);                                \
	}                                                                   \
	Test(name, shared_text_time_and_uid, .timeout = 60)                 \
	{                                                                   \
		check_text_time_and_uid(&name##_case);                      \
	}

/*
 * A tool whose events need a costly workload (an OOM kill, reclaim, a disk
 * of its own): its filters are checked by its own tests, with that workload.
 */
#define SHARED_TOOL_FILTERED_BY_ITS_TESTS(name)                      \
	static const struct tool_case name##_case = { #name, NULL }; \
	SHARED_CHECKS(name)

/* The same, for a tool that needs tracepoint `tp` ("category/name"), new in some kernel. */
#define SHARED_TOOL_FILTERED_BY_ITS_TESTS_WITH(name, tp)                                 \
	static const struct tool_case name##_case = { #name, NULL, .tracepoint = (tp) }; \
	SHARED_CHECKS(name)

/* clang-format off */
SHARED_TOOL(execsnoop, "execer", { "marker" }, .comm = "true", .pid_key = "pid")
SHARED_TOOL(opensnoop, "opener", { "openat:@" }, .pid_key = "pid")
SHARED_TOOL(statsnoop, "statter", { "@", "/nonexistent/sonde-shared" }, .pid_key = "pid")
SHARED_TOOL(syncsnoop, "syncer", { "@" }, .pid_key = "pid")
SHARED_TOOL(mountsnoop, "mounter", { "@" }, .pid_key = "pid")
SHARED_TOOL(exitsnoop, "exiter", { "/dev/null" }, .pid_key = "pid")
SHARED_TOOL(threadsnoop, "threader", { "/dev/null" }, .pid_key = "pid")
SHARED_TOOL(sigsnoop, "signaler", { "/dev/null" }, .pid_key = "pid")
SHARED_TOOL(killsnoop, "signaler", { "/dev/null" }, .pid_key = "pid")
SHARED_TOOL(capable, "capper", { "chown:@" }, .pid_key = "pid")
/* -N0: every process, since on a busy machine others fill the top 10 */
SHARED_TOOL(syscount, "syscaller", { "getppid:100" }, .extra = "-PN0", .pid_key = "pid")
SHARED_TOOL(futexctn, "futexer", { "timeout:1:5" }, .pid_key = "pid")
/* renames across two directories beside the scratch file ("@.a", "@.b") */
SHARED_TOOL(klockstat, "renamer", { "@", "4", "1" }, .pid_key = "pid")
/* its operand as the extra: a probe the workload fires */
SHARED_TOOL(stackcount, "stacker", { "hit:100" }, .extra = "t:syscalls:sys_enter_getppid",
	    .pid_key = "pid")
SHARED_TOOL(gethostlatency, "resolver", { "@" }, .pid_key = "pid")
/* an empty scratch file: one page appended, a miss and a dirtied page */
SHARED_TOOL(cachetop, "cacher", { "@", "0", "1" }, .extra = "-r0", .pid_key = "pid")
/* one connect of each kind, accepted by the workload itself, and one refused */
SHARED_TOOL(tcpconnect, "tcpconns", { "/dev/null", "1" }, .pid_key = "pid")
SHARED_TOOL(tcpaccept, "tcpconns", { "/dev/null", "1" }, .pid_key = "pid")
/* its two threads move bytes both ways over IPv4 and IPv6; every row, as others may be busier */
SHARED_TOOL(tcptop, "tcpbulk", { "/dev/null", "0", "0" }, .extra = "-r0", .pid_key = "pid")
SHARED_TOOL(tcppktlat, "tcpbulk", { "/dev/null", "0", "0" }, .pid_key = "pid")
SHARED_TOOL(tcpstates, "tcpxfer", { "/dev/null", "0", "1" }, .pid_key = "pid")
SHARED_TOOL(tcplife, "tcpxfer", { "/dev/null", "0", "1" }, .pid_key = "pid")
SHARED_TOOL(tcptracer, "tcpconns", { "/dev/null", "1" }, .pid_key = "pid")
SHARED_TOOL_FILTERED_BY_ITS_TESTS(tcpretrans)
SHARED_TOOL_FILTERED_BY_ITS_TESTS(tcpdrop)
SHARED_TOOL_FILTERED_BY_ITS_TESTS(cachestat)
/* rows of caches, not of processes: its tests pair each filter on its workload */
SHARED_TOOL_FILTERED_BY_ITS_TESTS(slabratetop)
SHARED_TOOL_FILTERED_BY_ITS_TESTS(oomkill)
SHARED_TOOL_FILTERED_BY_ITS_TESTS(drsnoop)
/* migrations need compaction (root, costly): its tests pair -p on the workload */
SHARED_TOOL_FILTERED_BY_ITS_TESTS(numamove)
SHARED_TOOL_FILTERED_BY_ITS_TESTS(biolatency)
SHARED_TOOL_FILTERED_BY_ITS_TESTS_WITH(readahead, "readahead/page_cache_ra_unbounded")
/* -P: a histogram per process, its records keyed by pid */
SHARED_TOOL(cpudist, "spinner", { "20", "10", "3" }, .extra = "-P", .pid_key = "pid")
/* the workload's connects, each latency reported with the pid kept at its SYN */
SHARED_TOOL(tcpconnlat, "tcpconns", { "/dev/null", "1" }, .pid_key = "pid")
/* the waiting task, not the current one: its tests pair -p on the ping-pong */
SHARED_TOOL_FILTERED_BY_ITS_TESTS(runqlat)
/* the sleeper's waits behind its hog on CPU 0; MIN_US 1 lets every one through */
SHARED_TOOL(runqslower, "pingpong", { "/dev/null", "hog", "300", "1000" }, .extra = "1",
	    .pid_key = "pid")
/* binds and listens to ports the kernel picks, one bind refused */
SHARED_TOOL(bindsnoop, "binder", { "/dev/null", "0", "5" }, .pid_key = "pid")
SHARED_TOOL(solisten, "binder", { "/dev/null", "0", "5" }, .pid_key = "pid")
/* samples CPUs, not tasks: it takes no filters */
SHARED_TOOL_FILTERED_BY_ITS_TESTS(runqlen)
/* the main thread's waits, each ended by its thread rouser's wakeup */
SHARED_TOOL(wakeuptime, "stacker", { "wake:20:10" }, .pid_key = "pid")
/*
 * -K: -u 0 and -n follow every root task of a busy machine for seconds,
 * and naming each one's user stacks twice over (DWARF lines in JSON) took
 * past the 10 s a stopped tracer is given here
 */
SHARED_TOOL(offwaketime, "stacker", { "wake:20:10" }, .extra = "-K", .pid_key = "pid")
/* clang-format on */
