// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * gethostlatency against tests/workloads/resolver: each of its lookups of
 * "localhost" (from /etc/hosts, no network) through getaddrinfo(),
 * gethostbyname() and gethostbyname2() is one record, with its function,
 * the name and a latency the call really took.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"

TestSuite(gethostlatency, .fini = expect_cleanup, .timeout = 60);

#define LOOKUPS 3 /* per function: the resolver's default */

struct resolver {
	struct workload w;
	char facts[256];
};

static void resolver_spawn(struct resolver *r)
{
	expect_spawn(&r->w, "resolver", r->facts, sizeof(r->facts));
}

/* The records of r's process, each checked; how many of each function. */
static void assert_lookups(const struct json *recs, size_t n, const struct resolver *r,
			   const char *out)
{
	static const char *const funcs[] = { "getaddrinfo", "gethostbyname", "gethostbyname2" };
	size_t i, f, by_func[3] = { 0 }, mine = 0;

	for (i = 0; i < n; i++) {
		const struct json *rec = &recs[i];
		const char *func;
		double lat;

		if (json_number(rec, "pid") != r->w.pid)
			continue;
		mine++;
		cr_assert_str_eq(json_string(rec, "comm"), "resolver");
		cr_assert_str_eq(json_string(rec, "host"), "localhost", "in:\n%s", out);
		lat = json_number(rec, "latency");
		cr_assert(lat > 0 && lat < 1e9, "latency %.0f ns is not in (0, 1 s)", lat);
		func = json_string(rec, "func");
		for (f = 0; f < 3 && strcmp(func, funcs[f]); f++)
			;
		cr_assert_lt(f, 3, "func '%s' is none of the three", func);
		by_func[f]++;
	}
	for (f = 0; f < 3; f++)
		cr_assert_eq((long)by_func[f], fact(r->facts, funcs[f]),
			     "%s: %zu records, the workload made %ld calls:\n%s", funcs[f],
			     by_func[f], fact(r->facts, funcs[f]), out);
	cr_assert_eq(mine, 3 * LOOKUPS, "in:\n%s", out);
}

Test(gethostlatency, every_lookup_with_its_function_name_and_latency)
{
	struct tool_proc tool;
	struct resolver r;
	struct json *recs;
	size_t n;

	resolver_spawn(&r);
	tool_start(&tool, "gethostlatency", "-j", NULL);
	cr_assert_eq(workload_finish(&r.w), 0, "the resolver failed: facts %s", r.facts);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	recs = json_lines(tool.out, &n);
	assert_lookups(recs, n, &r, tool.out);
	assert_fields_documented("gethostlatency", rec_find(recs, n, "pid", r.w.pid, NULL, 0));
	json_lines_free(recs, n);
	tool_free(&tool);
}

/* -p probes that process's libc only: the resolver's calls, and none in another process. */
Test(gethostlatency, pid_filter_hit_and_miss)
{
	struct tracer_pair p;
	struct resolver r;
	char pid[16];

	resolver_spawn(&r);
	snprintf(pid, sizeof(pid), "%d", r.w.pid);
	cr_assert_eq(tracer_pair_run(&p, &r.w, "gethostlatency", NULL, "-p", pid, "1"), 0);
	assert_lookups(p.hit_recs, p.hit_n, &r, p.hit.out);
	cr_assert_eq(p.hit_n, 3 * LOOKUPS, "-p %s saw others:\n%s", pid, p.hit.out);
	cr_assert_null(rec_find(p.miss_recs, p.miss_n, "pid", r.w.pid, NULL, 0),
		       "-p 1 let the resolver through:\n%s", p.miss.out);
	tracer_pair_free(&p);
}

Test(gethostlatency, text_columns_as_bcc)
{
	struct tool_proc tool;
	struct resolver r;
	char want[64], pid[16], *line;
	size_t lines = 0;

	resolver_spawn(&r);
	snprintf(pid, sizeof(pid), "%d", r.w.pid);
	tool_start(&tool, "gethostlatency", "-p", pid, NULL);
	cr_assert_eq(workload_finish(&r.w), 0);
	cr_assert_eq(tool_stop(&tool, SIGINT), 0, "stderr: %s", tool.err);
	cr_assert(!strncmp(tool.out, "TIME      PID     COMM                  LATms HOST\n", 51),
		  "header: %s", tool.out);
	/* "HH:MM:SS  PID     resolver         %10.2f localhost" */
	snprintf(want, sizeof(want), "  %-7d resolver         ", r.w.pid);
	for (line = strchr(tool.out, '\n') + 1; *line; line = strchr(line, '\n') + 1) {
		double ms;
		char host[32];

		cr_assert(!strncmp(line + 8, want, strlen(want)), "line: %.80s", line);
		cr_assert_eq(sscanf(line + 8 + strlen(want), "%lf %31s", &ms, host), 2);
		cr_assert(ms >= 0 && ms < 1000, "LATms %.2f", ms);
		cr_assert_str_eq(host, "localhost");
		cr_assert_eq(line[8 + strlen(want) + 7], '.', "LATms not %%10.2f: %.80s", line);
		lines++;
	}
	cr_assert_eq(lines, 3 * LOOKUPS, "in:\n%s", tool.out);
	tool_free(&tool);
}

/* A library with none of the three functions is refused in one line, before any load. */
Test(gethostlatency, libc_without_the_functions_exits_1)
{
	char *out, *err;

	cr_assert_eq(tool_run(&out, &err, "gethostlatency", "-l", "/proc/self/exe", NULL), 1);
	cr_assert(!strncmp(err, "gethostlatency: cannot attach: ", 31), "stderr: %s", err);
	cr_assert_eq(strchr(err, '\n'), err + strlen(err) - 1, "not one line: %s", err);
	free(out);
	free(err);
}

Test(gethostlatency, bad_usage_exits_2)
{
	assert_usage_error("gethostlatency", "-T", NULL);
	assert_usage_error("gethostlatency", "-l", NULL);
}
