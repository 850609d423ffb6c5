// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * biolatpcts against direct reads on a loop device of the test's own, its
 * percentiles checked against the exact ones of the same requests:
 * biosnoop, traced alongside, gives each request's latency, and the test
 * sorts them. The reads are of 512 KiB, 30 to 100 microseconds each here:
 * the tools' programs run one after the other at each hook, and their
 * clocks differ by the others' run time (a microsecond or two here), so
 * a percentile may be off by that gap beside its slot's 3.1%: 5% and
 * CLOCK_GAP_NS are allowed (a CI run once found p50 148 ns past 5% of a
 * 32 us exact figure).
 */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "harness.h"
#include "loopdev.h"

#define READS	     1000
#define CLOCK_GAP_NS 2000 /* between biosnoop's stamps and biolatpcts' */

static struct loopdev disk;

LOOPDEV_SUITE(biolatpcts, 64, 90);

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The nearest-rank percentile of n sorted values. */
static double exact(const double *sorted, size_t n, double pct)
{
	size_t rank = (size_t)ceil(pct / 100 * n);

	return sorted[(rank ? rank : 1) - 1];
}

/* biosnoop's latencies of the workload's reads (plus queue time with `queued`), sorted. */
static double *latencies(const char *out, pid_t pid, bool queued, size_t *n)
{
	double *v = calloc(READS, sizeof(*v));
	struct json *recs;
	size_t nrecs, i;

	size_t others = 0;

	recs = json_lines(out, &nrecs);
	*n = 0;
	for (i = 0; i < nrecs && *n < READS; i++) {
		if (json_number(&recs[i], "pid") != pid) {
			others++; /* unseen (pid 0) or another's: said below if any is missing */
			continue;
		}
		v[(*n)++] = json_number(&recs[i], "latency_ns") +
			    (queued ? json_number(&recs[i], "queue_ns") : 0);
	}
	json_lines_free(recs, nrecs);
	/*
	 * The exact percentiles need biosnoop's view of nearly every read:
	 * CI once saw 999 of 1000 (cause open: see the stop 24 note). Up to
	 * five in a thousand missing move no percentile checked here past the
	 * half-percentile either way that assert_percentiles() allows.
	 */
	cr_assert_geq(*n, READS - READS / 200,
		      "biosnoop saw %zu of %d reads (and %zu other records)", *n, READS, others);
	if (*n < READS)
		fprintf(stderr,
			"biolatpcts test: biosnoop saw %zu of %d reads, and %zu other records\n",
			*n, READS, others);
	qsort(v, *n, sizeof(*v), compare_doubles);
	return v;
}

/*
 * biolatpcts's one record for reads of our disk: each percentile within 5%
 * of the exact one, the exact one taken half a percentile either way:
 * where requests lie close together, the two tools' clocks, apart by
 * the other programs' run time at each hook, may order a few of them
 * differently (seen in the emulated VMs, where that is tens of
 * microseconds).
 */
/* biosnoop's records of others than pid, as "pid comm rwbs bytes" (a failed count's message). */
static const char *others_said(const char *snooped, pid_t pid)
{
	static char said[1024];
	struct json *recs;
	size_t nrecs, i, at = 0;

	said[0] = 0;
	recs = json_lines(snooped, &nrecs);
	for (i = 0; i < nrecs && at < sizeof(said) - 96; i++)
		if (!json_get(&recs[i], "lost_events") && json_number(&recs[i], "pid") != pid)
			at += snprintf(said + at, sizeof(said) - at, " [%.0f %s %s %.0f]",
				       json_number(&recs[i], "pid"), json_string(&recs[i], "comm"),
				       json_string(&recs[i], "rwbs"),
				       json_number(&recs[i], "bytes"));
	json_lines_free(recs, nrecs);
	return said;
}

/* biosnoop's records of requests on our disk, anyone's (lost-event reports aside). */
static size_t requests_snooped(const char *snooped)
{
	struct json *recs;
	size_t nrecs, i, requests = 0;

	recs = json_lines(snooped, &nrecs);
	for (i = 0; i < nrecs; i++)
		requests += !json_get(&recs[i], "lost_events");
	json_lines_free(recs, nrecs);
	return requests;
}

/*
 * biolatpcts counts the very requests biosnoop saw on the disk: both trace
 * the same ones. Not READS: a sanitized run under load once had both tools
 * see 999 requests for the 1000 reads, alike (cause open); latencies()
 * bounds how many may be missing.
 */
static void assert_percentiles(const char *out, const double *sorted, size_t n, const char *snooped,
			       pid_t pid)
{
	const struct json *pcts;
	struct json *recs;
	size_t nrecs, i;
	double pct, low, high, got;

	recs = json_lines(out, &nrecs);
	cr_assert_eq(nrecs, 1, "one disk, reads only: %zu records\n%s", nrecs, out);
	cr_assert_str_eq(json_string(&recs[0], "disk"), disk.name);
	cr_assert_str_eq(json_string(&recs[0], "op"), "read");
	cr_assert_eq(json_number(&recs[0], "count"), requests_snooped(snooped),
		     "biolatpcts counted %g reads, biosnoop %zu of the workload's; others:%s",
		     json_number(&recs[0], "count"), n, others_said(snooped, pid));
	pcts = json_get(&recs[0], "percentiles");
	cr_assert(pcts && pcts->type == JSON_ARRAY && pcts->n == 3);
	for (i = 0; i < pcts->n; i++) {
		pct = json_number(&pcts->items[i], "percentile");
		low = exact(sorted, n, pct > 0.5 ? pct - 0.5 : 0) * 0.95 - CLOCK_GAP_NS;
		high = exact(sorted, n, pct < 99.5 ? pct + 0.5 : 100) * 1.05 + CLOCK_GAP_NS;
		got = json_number(&pcts->items[i], "latency_ns");
		cr_assert(got >= low && got <= high, "p%g: %.0f ns, exact %.0f ns (%.0f to %.0f)",
			  pct, got, exact(sorted, n, pct), low, high);
	}
	assert_fields_documented("biolatpcts", &recs[0]);
	json_lines_free(recs, nrecs);
}

Test(biolatpcts, percentiles_within_5_percent_of_exact)
{
	struct tool_proc snoop, pcts, queued;
	struct workload w;
	double *plain, *with_queue;
	size_t n;

	workload_spawn(&w, "dio", "-b", "524288", disk.dev, num_arg(READS), NULL);
	tool_start(&snoop, "biosnoop", "-j", "--disk", disk.name, NULL);
	tool_start(&pcts, "biolatpcts", "-j", "--disk", disk.name, "--pcts", "50,90,99", NULL);
	tool_start(&queued, "biolatpcts", "-j", "-Q", "--disk", disk.name, "--pcts", "50,90,99",
		   NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&snoop, SIGINT), 0, "%s", snoop.err);
	cr_assert_eq(tool_stop(&pcts, SIGINT), 0, "%s", pcts.err);
	cr_assert_eq(tool_stop(&queued, SIGINT), 0, "%s", queued.err);
	plain = latencies(snoop.out, w.pid, false, &n);
	assert_percentiles(pcts.out, plain, n, snoop.out, w.pid);
	with_queue = latencies(snoop.out, w.pid, true, &n);
	assert_percentiles(queued.out, with_queue, n, snoop.out, w.pid);
	free(plain);
	free(with_queue);
	tool_free(&snoop);
	tool_free(&pcts);
	tool_free(&queued);
}

Test(biolatpcts, text_columns_per_percentile)
{
	struct tool_proc t;
	struct workload w;

	workload_spawn(&w, "dio", disk.dev, "10", NULL);
	tool_start(&t, "biolatpcts", "-m", "--pcts", "50,99.9", "--disk", disk.name, NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "%s", t.err);
	cr_assert(strstr(t.out, "DISK     OP         COUNT    p50(ms)  p99.9(ms)\n"), "%s", t.out);
	cr_assert(strstr(t.out, "read          10 "), "%s", t.out);
	tool_free(&t);
}

Test(biolatpcts, bad_usage_exits_2)
{
	const char *bad[][2] = { { "--pcts", "" },
				 { "--pcts", "101" },
				 { "--pcts", "50,x" },
				 { "--pcts", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17" },
				 { "--disk", "sonde-no-such-disk" } };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_usage_error("biolatpcts", bad[i][0], bad[i][1]);
}
