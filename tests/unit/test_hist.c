// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* hist_layout.h bucketing and hist.c printing, in text (bcc's layout) and JSON. */
#include <math.h>
#include <stdlib.h>
#include <time.h>

#include "unit.h"
#include "hist.h"

static const struct hist_spec usecs = { .unit = "usecs" };
static const struct hist_spec linear10 = { .unit = "msecs", .linear = true, .step = 10 };

/* The slot a log2 histogram should use, the slow way. */
static __u32 reference_log2_slot(__u64 v)
{
	__u32 slot = 0;

	while (v > 1) {
		v >>= 1;
		slot++;
	}
	return slot;
}

/* ---- log2 bucketing ----------------------------------------------------- */

Test(hist_layout, log2_zero_and_one_are_slot_0)
{
	cr_assert_eq(hist_log2_slot(0), 0);
	cr_assert_eq(hist_log2_slot(1), 0);
}

Test(hist_layout, log2_small_values)
{
	cr_assert_eq(hist_log2_slot(2), 1);
	cr_assert_eq(hist_log2_slot(3), 1);
	cr_assert_eq(hist_log2_slot(4), 2);
	cr_assert_eq(hist_log2_slot(7), 2);
	cr_assert_eq(hist_log2_slot(8), 3);
	cr_assert_eq(hist_log2_slot(1023), 9);
	cr_assert_eq(hist_log2_slot(1024), 10);
}

Test(hist_layout, log2_top_of_u64_is_slot_63)
{
	cr_assert_eq(hist_log2_slot(UINT64_MAX), 63);
	cr_assert_eq(hist_log2_slot(1ULL << 63), 63);
	cr_assert_eq(hist_log2_slot((1ULL << 63) - 1), 62);
}

Test(hist_layout, log2_matches_reference_around_every_power_of_two)
{
	__u64 p, v;
	int k, d;

	for (k = 0; k < 64; k++) {
		p = 1ULL << k;
		for (d = -1; d <= 1; d++) {
			v = p + d;
			cr_assert_eq(hist_log2_slot(v), reference_log2_slot(v), "value %llu",
				     (unsigned long long)v);
		}
	}
}

Test(hist_layout, log2_slot_always_in_range)
{
	__u64 v = 0x123456789abcdefULL;
	int i;

	for (i = 0; i < 100000; i++) {
		v = v * 6364136223846793005ULL + 1442695040888963407ULL;
		cr_assert_lt(hist_log2_slot(v >> (i % 64)), HIST_SLOTS);
	}
}

/* ---- linear bucketing --------------------------------------------------- */

Test(hist_layout, linear_buckets_by_step)
{
	cr_assert_eq(hist_linear_slot(0, 10), 0);
	cr_assert_eq(hist_linear_slot(9, 10), 0);
	cr_assert_eq(hist_linear_slot(10, 10), 1);
	cr_assert_eq(hist_linear_slot(19, 10), 1);
	cr_assert_eq(hist_linear_slot(629, 10), 62);
}

Test(hist_layout, linear_clamps_to_last_slot)
{
	cr_assert_eq(hist_linear_slot(630, 10), 63);
	cr_assert_eq(hist_linear_slot(100000, 10), 63);
	cr_assert_eq(hist_linear_slot(UINT64_MAX, 10), 63);
	cr_assert_eq(hist_linear_slot(UINT64_MAX, 1), 63);
}

Test(hist_layout, linear_step_0_does_not_divide_by_zero)
{
	cr_assert_eq(hist_linear_slot(5, 0), 5);
	cr_assert_eq(hist_linear_slot(UINT64_MAX, 0), 63);
}

/* ---- slot bounds -------------------------------------------------------- */

Test(hist_bounds, log2_bounds_map_back_to_their_slot)
{
	__u64 low, high;
	int i;

	for (i = 0; i < HIST_SLOTS; i++) {
		hist_slot_bounds(&usecs, i, &low, &high);
		cr_assert_leq(low, high, "slot %d", i);
		cr_assert_eq(hist_log2_slot(low), (__u32)i, "low %llu of slot %d",
			     (unsigned long long)low, i);
		cr_assert_eq(hist_log2_slot(high), (__u32)i, "high %llu of slot %d",
			     (unsigned long long)high, i);
	}
}

Test(hist_bounds, log2_slots_tile_u64_without_gaps)
{
	__u64 low, high, prev_high = 0;
	int i;

	for (i = 0; i < HIST_SLOTS; i++) {
		hist_slot_bounds(&usecs, i, &low, &high);
		cr_assert_eq(low, i ? prev_high + 1 : 0, "slot %d starts at %llu", i,
			     (unsigned long long)low);
		prev_high = high;
	}
	cr_assert_eq(prev_high, UINT64_MAX);
}

Test(hist_bounds, log2_first_slots)
{
	__u64 low, high;

	hist_slot_bounds(&usecs, 0, &low, &high);
	cr_assert(low == 0 && high == 1);
	hist_slot_bounds(&usecs, 1, &low, &high);
	cr_assert(low == 2 && high == 3);
	hist_slot_bounds(&usecs, 2, &low, &high);
	cr_assert(low == 4 && high == 7);
}

Test(hist_bounds, linear_bounds_map_back_to_their_slot)
{
	__u64 low, high;
	int i;

	for (i = 0; i < HIST_SLOTS; i++) {
		hist_slot_bounds(&linear10, i, &low, &high);
		cr_assert_eq(low, (__u64)i * 10, "slot %d", i);
		cr_assert_eq(hist_linear_slot(low, 10), (__u32)i, "low of slot %d", i);
		cr_assert_eq(hist_linear_slot(high, 10), (__u32)i, "high of slot %d", i);
	}
	hist_slot_bounds(&linear10, HIST_SLOTS - 1, &low, &high);
	cr_assert_eq(high, UINT64_MAX, "the last linear slot is open-ended");
}

/*
 * Regression (common/hist.c, hist_slot_bounds, fixed): it used to be that hist_linear_slot() defines step 0
 * as a step of 1 (slot = v), but hist_slot_bounds() computes
 * (slot + 1) * 0 - 1 and labels every slot 0 -> 18446744073709551615.
 */
Test(hist_bounds, linear_step_0_bounds_agree_with_slot)
{
	const struct hist_spec step0 = { .unit = "x", .linear = true, .step = 0 };
	__u64 low, high;
	int i;

	for (i = 0; i < HIST_SLOTS - 1; i++) {
		hist_slot_bounds(&step0, i, &low, &high);
		cr_assert_eq(hist_linear_slot(low, 0), (__u32)i, "low of slot %d", i);
		cr_assert_eq(hist_linear_slot(high, 0), (__u32)i, "high %llu of slot %d",
			     (unsigned long long)high, i);
	}
}

/* ---- total -------------------------------------------------------------- */

Test(hist_total, sums_every_slot)
{
	struct hist h = { 0 };

	cr_assert_eq(hist_total(&h), 0);
	h.slots[0] = 3;
	h.slots[17] = 5;
	h.slots[63] = 1ULL << 40;
	cr_assert_eq(hist_total(&h), 8 + (1ULL << 40));
}

/* ---- text output -------------------------------------------------------- */

static char *emit(bool json, const struct hist *h, const struct hist_spec *spec,
		  const struct hist_label *labels, int nlabels)
{
	struct capture c;

	capture_begin(&c, json);
	hist_emit(h, spec, labels, nlabels);
	return capture_end(&c);
}

#define assert_output(got, expected)                                \
	do {                                                        \
		char *got_ = (got);                                 \
		cr_assert_str_eq(got_, expected, "got:\n%s", got_); \
		free(got_);                                         \
	} while (0)

Test(hist_text, bcc_layout_with_bars_scaled_to_40)
{
	struct hist h = { 0 };

	h.slots[0] = 3;
	h.slots[2] = 6;
	assert_output(
		emit(false, &h, &usecs, NULL, 0),
		"     usecs               : count    distribution\n"
		"         0 -> 1          : 3        |********************                    |\n"
		"         2 -> 3          : 0        |                                        |\n"
		"         4 -> 7          : 6        |****************************************|\n");
}

Test(hist_text, stops_at_last_non_empty_slot)
{
	struct hist h = { 0 };
	char *got;

	h.slots[3] = 1;
	got = emit(false, &h, &usecs, NULL, 0);
	cr_assert_not_null(strstr(got, "         8 -> 15         : 1        |"
				       "****************************************|\n"),
			   "got:\n%s", got);
	cr_assert_null(strstr(got, "16 -> 31"), "got:\n%s", got);
	free(got);
}

Test(hist_text, small_count_still_gets_a_star)
{
	struct hist h = { 0 };
	char *got;

	h.slots[0] = 1000;
	h.slots[1] = 1;
	got = emit(false, &h, &usecs, NULL, 0);
	cr_assert_not_null(strstr(got, "         2 -> 3          : 1        |*                "
				       "                       |\n"),
			   "got:\n%s", got);
	free(got);
}

Test(hist_text, every_bar_is_40_wide)
{
	struct hist h = { 0 };
	char *got, *line, *bar, *end;
	int i;

	for (i = 0; i < 20; i++)
		h.slots[i] = i * 7 + 1;
	got = emit(false, &h, &usecs, NULL, 0);
	for (line = strchr(got, '\n') + 1; *line; line = end + 1) {
		bar = strchr(line, '|');
		end = strchr(line, '\n');
		cr_assert_not_null(bar);
		cr_assert_eq(end - bar, 42, "line: %.*s", (int)(end - line), line);
	}
	free(got);
}

Test(hist_text, empty_histogram_prints_nothing)
{
	struct hist h = { 0 };

	assert_output(emit(false, &h, &usecs, NULL, 0), "");
}

/*
 * Regression (common/hist.c, hist_emit, fixed): it used to be that an empty histogram prints nothing, but its
 * labels are printed before that is known, so a per-disk report with a disk
 * that saw no I/O shows a bare "disk = vda" heading. bcc prints neither.
 */
Test(hist_text, empty_histogram_with_labels_prints_nothing)
{
	const struct hist_label labels[] = { { "disk", "vda" } };
	struct hist h = { 0 };

	assert_output(emit(false, &h, &usecs, labels, 1), "");
}

Test(hist_text, labels_come_before_the_histogram)
{
	const struct hist_label labels[] = { { "disk", "vda" } };
	struct hist h = { 0 };

	h.slots[1] = 2;
	assert_output(
		emit(false, &h, &usecs, labels, 1),
		"\ndisk = vda\n"
		"     usecs               : count    distribution\n"
		"         0 -> 1          : 0        |                                        |\n"
		"         2 -> 3          : 2        |****************************************|\n");
}

Test(hist_text, label_values_are_escaped)
{
	const struct hist_label labels[] = { { "comm", "\x1b[2Jx" } };
	struct hist h = { 0 };
	char *got;

	h.slots[0] = 1;
	got = emit(false, &h, &usecs, labels, 1);
	cr_assert(starts_with(got, "\ncomm = \\x1b[2Jx\n"), "got:\n%s", got);
	free(got);
}

Test(hist_text, linear_buckets_use_step)
{
	struct hist h = { 0 };

	h.slots[0] = 1;
	h.slots[1] = 2;
	assert_output(
		emit(false, &h, &linear10, NULL, 0),
		"     msecs               : count    distribution\n"
		"         0 -> 9          : 1        |********************                    |\n"
		"        10 -> 19         : 2        |****************************************|\n");
}

/* One value a bucket: bcc's print_linear_hist() rows (runqlen), zeros below the top shown. */
Test(hist_text, one_value_buckets_like_bcc_linear)
{
	static const struct hist_spec runqlen = { .unit = "runqlen", .linear = true, .step = 1 };
	struct hist h = { 0 };

	h.slots[0] = 4;
	h.slots[2] = 2;
	assert_output(emit(false, &h, &runqlen, NULL, 0),
		      "     runqlen       : count     distribution\n"
		      "        0          : 4        |****************************************|\n"
		      "        1          : 0        |                                        |\n"
		      "        2          : 2        |********************                    |\n");
}

Test(hist_text, wide_bounds_widen_the_columns)
{
	struct hist h = { 0 };
	char *got;

	h.slots[40] = 1; /* 2^40 .. 2^41-1: more than bcc's 10 columns */
	got = emit(false, &h, &usecs, NULL, 0);
	cr_assert(starts_with(
			  got,
			  "               usecs                         : count    distribution\n"),
		  "got:\n%s", got);
	cr_assert_not_null(strstr(got, "       1099511627776 -> 2199023255551        : 1        |"),
			   "got:\n%s", got);
	cr_assert_not_null(strstr(got, "                   0 -> 1                    : 0        |"),
			   "got:\n%s", got);
	free(got);
}

Test(hist_text, prints_nothing_in_json_text_stream)
{
	struct hist h = { 0 };
	char *got;

	h.slots[0] = 1;
	got = emit(true, &h, &usecs, NULL, 0);
	cr_assert_null(strstr(got, "distribution"), "got:\n%s", got);
	free(got);
}

/* ---- JSON output -------------------------------------------------------- */

/* The JSON line after its leading "time" field, which changes every run. */
static char *without_time(char *line)
{
	char *comma;
	double t;

	cr_assert_eq(sscanf(line, "{\"time\":%lf,", &t), 1, "got: %s", line);
	cr_assert_float_eq(t, (double)time(NULL), 2.0, "time %f", t);
	comma = strchr(line, ',');
	cr_assert_not_null(comma, "got: %s", line);
	return comma + 1;
}

Test(hist_json, one_line_with_unit_total_labels_and_non_empty_buckets)
{
	const struct hist_label labels[] = { { "disk", "vda" } };
	struct hist h = { 0 };
	char *got;

	h.slots[0] = 3;
	h.slots[2] = 6;
	got = emit(true, &h, &usecs, labels, 1);
	cr_assert_str_eq(
		without_time(got),
		"\"disk\":\"vda\",\"unit\":\"usecs\",\"total\":9,\"buckets\":["
		"{\"low\":0,\"high\":1,\"count\":3},{\"low\":4,\"high\":7,\"count\":6}]}\n",
		"got: %s", got);
	free(got);
}

Test(hist_json, top_slot_reaches_u64_max)
{
	struct hist h = { 0 };
	char *got;

	h.slots[63] = 1;
	got = emit(true, &h, &usecs, NULL, 0);
	cr_assert_str_eq(without_time(got),
			 "\"unit\":\"usecs\",\"total\":1,\"buckets\":[{\"low\":9223372036854775808,"
			 "\"high\":18446744073709551615,\"count\":1}]}\n",
			 "got: %s", got);
	free(got);
}

Test(hist_json, linear_buckets)
{
	struct hist h = { 0 };
	char *got;

	h.slots[5] = 4;
	got = emit(true, &h, &linear10, NULL, 0);
	cr_assert_str_eq(without_time(got),
			 "\"unit\":\"msecs\",\"total\":4,\"buckets\":[{\"low\":50,\"high\":59,"
			 "\"count\":4}]}\n",
			 "got: %s", got);
	free(got);
}

Test(hist_json, label_values_are_json_escaped)
{
	const struct hist_label labels[] = { { "comm", "a\"b\x1b" } };
	struct hist h = { 0 };
	char *got;

	h.slots[0] = 1;
	got = emit(true, &h, &usecs, labels, 1);
	cr_assert_not_null(strstr(got, ",\"comm\":\"a\\\"b\\u001b\","), "got: %s", got);
	free(got);
}

Test(hist_json, empty_histogram_has_no_buckets)
{
	struct hist h = { 0 };
	char *got;

	got = emit(true, &h, &usecs, NULL, 0);
	cr_assert_str_eq(without_time(got), "\"unit\":\"usecs\",\"total\":0,\"buckets\":[]}\n",
			 "got: %s", got);
	free(got);
}

/* ---- log-linear histograms ---------------------------------------------- */

/* Slots tile u64 in order, without gaps, each slot's bounds holding what lands there. */
Test(hist_fine, slots_tile_u64_in_order)
{
	__u64 low, high, next = 0;
	__u32 slot;

	for (slot = 0; slot < HIST_FINE_SLOTS; slot++) {
		hist_fine_bounds(slot, &low, &high);
		cr_assert_eq(low, next, "slot %u starts at %llu, not %llu", slot,
			     (unsigned long long)low, (unsigned long long)next);
		cr_assert_geq(high, low);
		cr_assert_eq(hist_fine_slot(low), slot);
		cr_assert_eq(hist_fine_slot(high), slot);
		next = high + 1;
	}
	cr_assert_eq(next, 0, "the last slot ends at the top of u64");
}

/* Every slot is at most 1/16 as wide as its smallest value (exact below 16). */
Test(hist_fine, slots_are_a_sixteenth_of_their_values_wide)
{
	__u64 low, high;
	__u32 slot;

	for (slot = 0; slot < HIST_FINE_SLOTS; slot++) {
		hist_fine_bounds(slot, &low, &high);
		if (low < HIST_FINE_SUB)
			cr_assert_eq(low, high);
		else
			cr_assert_leq((high - low + 1) * 16, low, "slot %u", slot);
	}
}

/* The exact nearest-rank percentile of sorted values. */
static __u64 exact_percentile(const __u64 *sorted, size_t n, double pct)
{
	size_t rank = (size_t)ceil(pct / 100 * n);

	return sorted[(rank ? rank : 1) - 1];
}

static int compare_u64(const void *a, const void *b)
{
	__u64 x = *(const __u64 *)a, y = *(const __u64 *)b;

	return x < y ? -1 : x > y;
}

/* 100,000 latencies spread over four decades: each percentile within 1/32 of the exact one. */
Test(hist_fine, percentiles_within_a_32nd_of_exact)
{
	static const double pcts[] = { 0, 1, 50, 90, 99, 99.9, 99.99, 100 };
	static __u64 values[100000];
	static struct hist_fine h;
	unsigned long long seed = 7;
	__u64 exact, got;
	size_t i;

	for (i = 0; i < 100000; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		values[i] = 1000 + (__u64)pow(10, 4.0 * (seed >> 11) / (1ULL << 53));
		h.slots[hist_fine_slot(values[i])]++;
	}
	qsort(values, 100000, sizeof(values[0]), compare_u64);
	cr_assert_eq(hist_fine_total(&h), 100000);
	for (i = 0; i < sizeof(pcts) / sizeof(pcts[0]); i++) {
		exact = exact_percentile(values, 100000, pcts[i]);
		got = hist_fine_percentile(&h, 100000, pcts[i]);
		cr_assert_leq(fabs((double)got - (double)exact) * 32, (double)exact,
			      "p%g: %llu, exact %llu", pcts[i], (unsigned long long)got,
			      (unsigned long long)exact);
	}
	cr_assert_eq(hist_fine_percentile(&h, 0, 50), 0, "an empty histogram has none");
}

/* BPF's branch-free slot (hist_layout.h) is the same slot, everywhere. */
Test(hist_layout, log2_flat_matches_log2)
{
	__u64 v = 0x123456789abcdefULL;
	int i, k, d;

	for (k = 0; k < 64; k++)
		for (d = -1; d <= 1; d++)
			cr_assert_eq(hist_log2_slot_flat((1ULL << k) + d),
				     hist_log2_slot((1ULL << k) + d), "value 2^%d%+d", k, d);
	cr_assert_eq(hist_log2_slot_flat(0), 0);
	cr_assert_eq(hist_log2_slot_flat(~0ULL), 63);
	for (i = 0; i < 100000; i++) {
		v = v * 6364136223846793005ULL + 1442695040888963407ULL;
		cr_assert_eq(hist_log2_slot_flat(v >> (i % 64)), hist_log2_slot(v >> (i % 64)));
	}
}
