// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>

#include "snoop.h"

void snoop_filter_pair(struct workload *w, const char *tool, const char *opt, const char *match,
		       const char *miss, snoop_seen_fn seen)
{
	struct tracer_pair p;

	cr_assert_eq(tracer_pair_run(&p, w, tool, NULL, opt, match, miss), 0,
		     "the workload failed");
	cr_assert(seen(p.hit_recs, p.hit_n, w->pid), "%s %s %s missed the workload:\n%s", tool, opt,
		  match, p.hit.out);
	cr_assert(!seen(p.miss_recs, p.miss_n, w->pid), "%s %s %s let the workload through", tool,
		  opt, miss);
	tracer_pair_free(&p);
}

size_t snoop_of_pid(const struct json *recs, size_t n, pid_t pid, const struct json **out,
		    size_t max)
{
	size_t i, k = 0;

	for (i = 0; i < n && k < max; i++)
		if (json_get(&recs[i], "pid") && json_number(&recs[i], "pid") == pid)
			out[k++] = &recs[i];
	return k;
}

const char *snoop_itoa(long n)
{
	static char buf[4][24];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%ld", n);
	return buf[i];
}
