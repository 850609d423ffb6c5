// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Adding up what a summary tool reported over all its intervals, for the
 * tests that hold the sum to an exact count: a count lost at a report's
 * boundary shows as a sum one short.
 */
#include <string.h>
#include <criterion/criterion.h>

#include "harness.h"

struct report_sum reports_sum(const char *out, const char *key, const char *match_key,
			      const char *match)
{
	struct report_sum s = { 0 };
	struct json *recs;
	size_t n, i;

	recs = json_lines(out, &n);
	for (i = 0; i < n; i++) {
		cr_assert_null(json_get(&recs[i], "lost_events"), "lost events reported:\n%s", out);
		if (match_key && (!json_get(&recs[i], match_key) ||
				  strcmp(json_string(&recs[i], match_key), match)))
			continue;
		s.sum += json_number(&recs[i], key);
		s.records++;
	}
	json_lines_free(recs, n);
	return s;
}
