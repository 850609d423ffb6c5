// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * slabratetop against the sockets workload: SOCKETS socket()+close()
 * pairs, each allocating exactly one object from sock_inode_cache and
 * nothing else the workload does allocating from it (its exec, the
 * loader, its output). That cache has a constructor, so the kernel never
 * merges another cache into it (a merged cache shows under the name of
 * the cache it was merged into): under -p of the workload, or -c of a
 * cgroup it alone is in, the row is exactly SOCKETS allocations of the
 * cache's object size, and under -p or -c of something else it is absent.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"

#define SOCKETS 1000
#define CACHE	"sock_inode_cache"

TestSuite(slabratetop, .timeout = 60);

static const struct json *find_cache(const struct json *recs, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		cr_assert_null(json_get(&recs[i], "lost_events"), "lost events");
		if (rec_str_is(&recs[i], "cache", name))
			return &recs[i];
	}
	return NULL;
}

/* The cache's object size as the kernel shows it; the test's premise, that it is not merged. */
static double slab_size(void)
{
	struct stat st;
	double size = 0;
	FILE *f;

	cr_assert_eq(lstat("/sys/kernel/slab/" CACHE, &st), 0);
	cr_assert(S_ISDIR(st.st_mode), CACHE " is merged into another cache here");
	f = fopen("/sys/kernel/slab/" CACHE "/slab_size", "r");
	cr_assert(f && fscanf(f, "%lf", &size) == 1);
	fclose(f);
	return size;
}

/* The workload's row, every one of its sockets and no more, in the tracer that must see it. */
static void assert_sockets(const struct json *recs, size_t n, const char *out)
{
	const struct json *r = find_cache(recs, n, CACHE);
	double size = slab_size();

	cr_assert(r, "no " CACHE " row:\n%s", out);
	cr_assert_eq(json_number(r, "allocs"), SOCKETS, "%.0f allocations for %d sockets:\n%s",
		     json_number(r, "allocs"), SOCKETS, out);
	cr_assert_eq(json_number(r, "object_size"), size);
	cr_assert_eq(json_number(r, "bytes"), SOCKETS * size);
	cr_assert_gt(json_number(r, "time"), 1.6e9, "time is not epoch seconds");
}

/* -p of the workload: its sockets, exactly; -p of a held, idle workload: none. */
Test(slabratetop, counts_the_workload_s_sockets_under_pid)
{
	struct tracer_pair p;
	struct workload w, idle;

	workload_spawn(&w, "sockets", num_arg(SOCKETS), NULL);
	workload_spawn(&idle, "sockets", num_arg(SOCKETS), NULL);
	cr_assert_eq(tracer_pair_run(&p, &w, "slabratetop", "100", "-p", num_arg(w.pid),
				     num_arg(idle.pid)),
		     0);
	kill(idle.pid, SIGKILL);
	waitpid(idle.pid, NULL, 0);
	assert_sockets(p.hit_recs, p.hit_n, p.hit.out);
	assert_fields_documented("slabratetop", find_cache(p.hit_recs, p.hit_n, CACHE));
	cr_assert_null(find_cache(p.miss_recs, p.miss_n, CACHE), "-p of another process:\n%s",
		       p.miss.out);
	tracer_pair_free(&p);
}

/* -c: allocations made in the cgroup's tasks; another cgroup's tracer sees none of them. */
Test(slabratetop, cgroup_filter)
{
	struct cgroup_pair cg;
	struct tracer_pair p;
	struct workload w;

	workload_spawn(&w, "sockets", num_arg(SOCKETS), NULL);
	cgroup_pair_make(&cg, w.pid);
	cr_assert_eq(tracer_pair_run(&p, &w, "slabratetop", "100", "-c", cg.inside, cg.outside), 0);
	cgroup_pair_remove(&cg);
	assert_sockets(p.hit_recs, p.hit_n, p.hit.out);
	cr_assert_eq(p.miss_n, 0, "-c of an empty cgroup printed:\n%s", p.miss.out);
	tracer_pair_free(&p);
}

/* -t of the workload's thread, -n of its name: its sockets; -t 1, -n of another name: none. */
Test(slabratetop, tid_and_name_filters)
{
	struct tracer_pair p;
	struct workload w;

	workload_spawn(&w, "sockets", num_arg(SOCKETS), NULL);
	cr_assert_eq(tracer_pair_run(&p, &w, "slabratetop", "100", "-t", num_arg(w.pid), "1"), 0);
	assert_sockets(p.hit_recs, p.hit_n, p.hit.out);
	cr_assert_null(find_cache(p.miss_recs, p.miss_n, CACHE), "-t 1:\n%s", p.miss.out);
	tracer_pair_free(&p);

	workload_spawn(&w, "sockets", num_arg(SOCKETS), NULL);
	cr_assert_eq(tracer_pair_run(&p, &w, "slabratetop", "100", "-n", "sockets", "sonde-nobody"),
		     0);
	/* another test's sockets workload may run beside: at least this one's */
	cr_assert_geq(json_number(find_cache(p.hit_recs, p.hit_n, CACHE), "allocs"), SOCKETS, "%s",
		      p.hit.out);
	cr_assert_null(find_cache(p.miss_recs, p.miss_n, CACHE), "-n sonde-nobody:\n%s",
		       p.miss.out);
	tracer_pair_free(&p);
}

/* -u: the workload's uid (0) keeps its sockets, and any root process's; 65534 none of them. */
Test(slabratetop, uid_filter)
{
	struct tracer_pair p;
	struct workload w;
	const struct json *r;

	workload_spawn(&w, "sockets", num_arg(SOCKETS), NULL);
	cr_assert_eq(
		tracer_pair_run(&p, &w, "slabratetop", "100", "-u", num_arg(getuid()), "65534"), 0);
	r = find_cache(p.hit_recs, p.hit_n, CACHE);
	cr_assert(r && json_number(r, "allocs") >= SOCKETS &&
			  json_number(r, "allocs") < 3 * SOCKETS + 50,
		  "not about %d sockets:\n%s", SOCKETS, p.hit.out);
	r = find_cache(p.miss_recs, p.miss_n, CACHE);
	cr_assert(!r || json_number(r, "allocs") < SOCKETS, "-u 65534:\n%s", p.miss.out);
	tracer_pair_free(&p);
}

/* Unfiltered: at least the workload's; rows by bytes, most first, at most -r of them. */
Test(slabratetop, sorted_rows_of_every_task)
{
	const char *args[TRACE_MAX_ARGS] = { "-r", "5", "100" };
	const struct json *r;
	struct workload w;
	struct json *recs;
	size_t n, i;

	workload_spawn(&w, "sockets", num_arg(SOCKETS), NULL);
	recs = trace_workload(&w, &n, "slabratetop", args);
	cr_assert(n > 0 && n <= 5, "%zu rows under -r 5", n);
	for (i = 1; i < n; i++)
		cr_assert_geq(json_number(&recs[i - 1], "bytes"), json_number(&recs[i], "bytes"),
			      "not by bytes, most first");
	json_lines_free(recs, n);

	workload_spawn(&w, "sockets", num_arg(SOCKETS), NULL);
	args[0] = "-s";
	args[1] = "allocs";
	args[2] = "-r";
	args[3] = "0";
	args[4] = "100";
	recs = trace_workload(&w, &n, "slabratetop", args);
	r = find_cache(recs, n, CACHE);
	cr_assert(r && json_number(r, "allocs") >= SOCKETS, "no " CACHE " row of %d", SOCKETS);
	for (i = 1; i < n; i++)
		cr_assert_geq(json_number(&recs[i - 1], "allocs"), json_number(&recs[i], "allocs"),
			      "not by allocs, most first");
	json_lines_free(recs, n);
}

/* bcc's heading and columns, a report per interval; no escape into a pipe. */
Test(slabratetop, text_like_bcc)
{
	const char *columns = "\n\nCACHE                            ALLOCS      BYTES\n";
	struct tool_proc t;
	const char *p;
	int reports = 0;

	tool_start(&t, "slabratetop", "0.2", "3", NULL);
	cr_assert_eq(tool_wait(&t, 10), 0, "stderr: %s", t.err);
	for (p = t.out; (p = strstr(p, columns)); p++)
		reports++;
	cr_assert_eq(reports, 3, "not three reports:\n%s", t.out);
	cr_assert(strstr(t.out, " loadavg: "), "%s", t.out);
	cr_assert_null(strchr(t.out, '\033'), "a terminal escape into a pipe");
	tool_free(&t);
}

/*
 * Whether kmem:kmem_cache_alloc is the one of Linux 6.1+, which passes the
 * cache: the one that replaced kmem_cache_alloc_node's, so its record has
 * the node (the older one's has not), an independent sign of the change.
 */
static bool tracepoint_passes_the_cache(void)
{
	char *format = NULL;
	size_t len = 0;
	bool has_node;
	FILE *f = fopen("/sys/kernel/tracing/events/kmem/kmem_cache_alloc/format", "r");

	if (!f)
		return false;
	has_node = getdelim(&format, &len, '\0', f) > 0 && strstr(format, " node;");
	fclose(f);
	free(format);
	return has_node;
}

/* The raw tracepoint where it passes the cache, else kprobes. */
Test(slabratetop, tracepoint_where_it_passes_the_cache_else_kprobes)
{
	char *out, *err, kinds[64];

	if (getenv("SONDE_ATTACH") && *getenv("SONDE_ATTACH"))
		cr_skip_test("SONDE_ATTACH is set");
	cr_assert_eq(
		tool_run_kinds(&out, &err, kinds, sizeof(kinds), "slabratetop", "0.2", "1", NULL),
		0, "%s", err);
	cr_assert_str_eq(kinds, tracepoint_passes_the_cache() ? "raw_tp" : "kprobe");
	free(out);
	free(err);
}

/* Forced to kprobes: attached by them, or refused in one line (no kmem_cache_alloc since 6.10). */
Test(slabratetop, forced_kprobes_are_used_or_refused_in_one_line)
{
	char *out, *err, kinds[64];
	const char *line;
	int status;

	setenv("SONDE_ATTACH", "kprobe", 1);
	status = tool_run_kinds(&out, &err, kinds, sizeof(kinds), "slabratetop", "0.2", "1", NULL);
	unsetenv("SONDE_ATTACH");
	if (status == 0) {
		cr_assert_str_eq(kinds, "kprobe");
	} else {
		line = strstr(err, "slabratetop: cannot attach: needs kprobes on kmem_cache_alloc");
		cr_assert_eq(status, 1, "exit %d: %s", status, err);
		cr_assert(line && strstr(line, "(SONDE_ATTACH=kprobe)\n") &&
				  strchr(line, '\n') == line + strlen(line) - 1,
			  "no one-line reason: %s", err);
	}
	free(out);
	free(err);
}

Test(slabratetop, bad_usage_exits_2)
{
	const char *bad[][2] = { { "-s", "name" }, { "-r", "x" }, { "0", NULL }, { "1", "x" } };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_usage_error("slabratetop", bad[i][0], bad[i][1]);
}
