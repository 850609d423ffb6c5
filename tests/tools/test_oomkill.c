// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "harness.h"
#include "memcg.h"

#define LIMIT_MIB 64
#define HOG_MIB	  "512" /* far past the limit: killed well before the end */
#define KILLED	  (128 + SIGKILL)

TestSuite(oomkill, .fini = memcg_cleanup, .timeout = 60);

/* memhog, held, inside a fresh memory cgroup of LIMIT_MIB. */
static void held_hog(struct workload *w, struct memcg *m)
{
	memcg_make(m, LIMIT_MIB << 20);
	workload_spawn(w, "memhog", HOG_MIB, NULL);
	memcg_enter(m, w->pid);
}

/* Release the hog and expect its OOM kill. */
static void hog_killed(struct workload *w, struct memcg *m)
{
	cr_assert_eq(workload_finish(w), KILLED, "memhog was not OOM killed");
	memcg_remove(m);
}

static const struct json *find_kill(const struct json *recs, size_t n, pid_t victim)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!json_get(&recs[i], "lost_events") &&
		    json_number(&recs[i], "victim_pid") == victim)
			return &recs[i];
	return NULL;
}

static void assert_figures(const struct json *r)
{
	double page_kb = sysconf(_SC_PAGESIZE) / 1024.0;
	double anon = json_number(r, "anon_rss_kb");
	double rss = anon + json_number(r, "file_rss_kb") + json_number(r, "shmem_rss_kb");

	/* killed near the limit; the binary's and libc's file pages may be charged elsewhere */
	cr_assert_geq(anon, LIMIT_MIB * 1024 / 2, "anon_rss_kb %.0f", anon);
	cr_assert_leq(anon, LIMIT_MIB * 1024, "anon_rss_kb %.0f above the limit", anon);
	cr_assert_geq(json_number(r, "total_vm_kb"), rss);
	cr_assert_gt(json_number(r, "pgtables_kb"), 0);
	cr_assert_eq(json_number(r, "pages") * page_kb, rss, "pages is not the resident total");
	cr_assert_eq(json_number(r, "oom_score_adj"), 0);
	cr_assert_eq(json_number(r, "victim_uid"), 0);
}

static void assert_loadavg(const char *loadavg)
{
	double one, five, fifteen;
	int running, total, last;

	cr_assert_eq(sscanf(loadavg, "%lf %lf %lf %d/%d %d", &one, &five, &fifteen, &running,
			    &total, &last),
		     6, "loadavg '%s'", loadavg);
}

Test(oomkill, victim_trigger_memory_and_memcg)
{
	const struct json *r;
	struct tool_proc t;
	struct workload w;
	struct json *recs;
	struct memcg m;
	size_t n;

	held_hog(&w, &m);
	tool_start(&t, "oomkill", "-j", NULL);
	hog_killed(&w, &m);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
	recs = json_lines(t.out, &n);
	r = find_kill(recs, n, w.pid);
	cr_assert(r, "no OOM kill of %d in:\n%s", w.pid, t.out);
	cr_assert_eq(json_number(r, "victim_tid"), w.pid);
	cr_assert_str_eq(json_string(r, "victim_comm"), "memhog");
	/* the hog's own allocation failed: the kill runs in its context */
	cr_assert_eq(json_number(r, "trigger_pid"), w.pid);
	cr_assert_eq(json_number(r, "trigger_tid"), w.pid);
	cr_assert_str_eq(json_string(r, "trigger_comm"), "memhog");
	cr_assert_str_eq(json_string(r, "memcg"), m.path);
	assert_figures(r);
	assert_loadavg(json_string(r, "loadavg"));
	assert_fields_documented("oomkill", r);
	json_lines_free(recs, n);
	tool_free(&t);
}

Test(oomkill, bcc_text_line)
{
	struct tool_proc t;
	struct workload w;
	struct memcg m;
	char want[160];
	const char *line;

	held_hog(&w, &m);
	tool_start(&t, "oomkill", NULL);
	hog_killed(&w, &m);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
	snprintf(want, sizeof(want),
		 " Triggered by PID %d (\"memhog\"), OOM kill of PID %d (\"memhog\"), ", w.pid,
		 w.pid);
	line = strstr(t.out, want);
	cr_assert(line, "no '%s' in:\n%s", want, t.out);
	cr_assert(line - t.out >= 8 && line[-6] == ':' && line[-3] == ':', "no HH:MM:SS before it");
	line += strlen(want);
	cr_assert(strspn(line, "0123456789") > 0 && strstr(line, " pages, loadavg: "),
		  "no pages and loadavg: %s", line);
	assert_loadavg(strstr(line, "loadavg: ") + strlen("loadavg: "));
	tool_free(&t);
}

/* Filters select kills by their victim: one tracer must see this one, the other must not. */
static void filter_pair(const char *opt, const char *match, const char *miss)
{
	struct tool_proc hit, skip;
	struct workload w;
	struct json *recs;
	struct memcg m;
	char pid[16];
	size_t n;

	held_hog(&w, &m);
	snprintf(pid, sizeof(pid), "%d", w.pid);
	tool_start(&hit, "oomkill", "-j", opt, match ? match : pid, NULL);
	tool_start(&skip, "oomkill", "-j", opt, miss, NULL);
	hog_killed(&w, &m);
	cr_assert_eq(tool_stop(&hit, SIGINT), 0);
	cr_assert_eq(tool_stop(&skip, SIGINT), 0);
	recs = json_lines(hit.out, &n);
	cr_assert(find_kill(recs, n, w.pid), "%s %s missed the kill", opt, match ? match : pid);
	json_lines_free(recs, n);
	recs = json_lines(skip.out, &n);
	cr_assert_null(find_kill(recs, n, w.pid), "%s %s let the kill through", opt, miss);
	json_lines_free(recs, n);
	tool_free(&hit);
	tool_free(&skip);
}

Test(oomkill, pid_filter)
{
	filter_pair("-p", NULL, "1"); /* NULL: the hog's own pid */
}

Test(oomkill, name_filter)
{
	filter_pair("-n", "memhog", "memhogX");
}

Test(oomkill, uid_filter)
{
	filter_pair("-u", "0", "65534");
}

Test(oomkill, bad_usage_exits_2)
{
	const char *bad[][2] = { { "--nope", NULL }, { "-p", "x" }, { "-n", "" },  { "-d", "abc" },
				 { "5", NULL },	     { "-t", "5" }, { "-c", "/" }, { "-T", NULL } };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_usage_error("oomkill", bad[i][0], bad[i][1]);
}
