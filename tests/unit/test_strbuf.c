// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * strbuf.h's number writers against printf, their oracle: what they write
 * must be printf's bytes for every value, since they replaced it on the
 * output paths (sb_u64 and sb_s64 for %llu and %lld, sb_fixed for %.*f),
 * and sb_vprintf growing the buffer when a result does not fit.
 */
#include <float.h>
#include <limits.h>
#include <math.h>

#include "unit.h"
#include "clock.h"
#include "columns.h"

/* A fixed seed: a failure is the same failure on the next run. */
static unsigned long long rng = 0x9e3779b97f4a7c15ULL;

static unsigned long long next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void assert_fixed(double v, int decimals)
{
	struct strbuf sb = { 0 };
	char want[512];

	snprintf(want, sizeof(want), "%.*f", decimals, v);
	sb_fixed(&sb, v, decimals);
	cr_assert_str_eq(sb_str(&sb), want, "%a with %d decimals", v, decimals);
	sb_free(&sb);
}

Test(strbuf, u64_and_s64_are_printfs_digits)
{
	static const long long edges[] = { 0, 1, -1, 9, 10, -10, 99, 100, LLONG_MAX, LLONG_MIN };
	struct strbuf sb = { 0 };
	char want[64];
	long long s;
	size_t i;

	for (i = 0; i < 100000 + sizeof(edges) / sizeof(edges[0]); i++) {
		s = i < sizeof(edges) / sizeof(edges[0]) ? edges[i]
							 : (long long)(next_random() >> (i % 64));
		sb_reset(&sb);
		sb_s64(&sb, s);
		snprintf(want, sizeof(want), "%lld", s);
		cr_assert_str_eq(sb_str(&sb), want);
		sb_reset(&sb);
		sb_u64(&sb, (unsigned long long)s);
		snprintf(want, sizeof(want), "%llu", (unsigned long long)s);
		cr_assert_str_eq(sb_str(&sb), want);
	}
	sb_free(&sb);
}

Test(strbuf, fixed_is_printfs_for_values_of_every_size)
{
	unsigned long long bits;
	double v;
	int i, d;

	for (i = 0; i < 300000; i++) {
		/* random bit patterns: every exponent, sign, NaN and infinity alike */
		bits = next_random();
		memcpy(&v, &bits, sizeof(v));
		assert_fixed(v, i % 10);
		/* and values a tool prints: seconds since the epoch, latencies */
		v = (double)(next_random() % 4000000000000000ULL) / 1e6;
		assert_fixed(v, 6);
		v = ldexp((double)(next_random() >> 11), -(int)(next_random() % 80));
		assert_fixed(i & 1 ? v : -v, i % 10);
	}
	for (d = 0; d <= 9; d++) {
		assert_fixed(0.0, d);
		assert_fixed(-0.0, d);
		assert_fixed(DBL_MIN, d);
		assert_fixed(DBL_TRUE_MIN, d);
		assert_fixed(DBL_MAX, d);
		assert_fixed(INFINITY, d);
		assert_fixed(-INFINITY, d);
		assert_fixed(NAN, d);
		assert_fixed(18446744073709551615.0 / 1e9, d);
	}
}

/* Exact halves go to the even digit, as printf takes them. */
Test(strbuf, fixed_rounds_a_tie_to_even)
{
	int m, d;

	/* m / 2^k has a 5 in the place after the last printed one for small k */
	for (d = 0; d <= 9; d++)
		for (m = -4096; m <= 4096; m++) {
			assert_fixed(m / 2.0, d);
			assert_fixed(m / 128.0, d);
			assert_fixed(m / 1024.0, d);
			assert_fixed(1700000000.0 + m / 128.0, d);
		}
	assert_fixed(1.0078125, 6); /* 1007812.5 millionths: 1.007812 */
	assert_fixed(0.5, 0);
	assert_fixed(1.5, 0);
	assert_fixed(2.5, 0);
	assert_fixed(-2.5, 0);
}

Test(strbuf, vprintf_grows_when_the_room_is_too_small)
{
	struct strbuf sb = { 0 };
	char big[1000];
	int i;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (i = 0; i < 5; i++)
		sb_printf(&sb, "%d:%s|", i, big);
	cr_assert_eq(sb.len, 5 * (2 + strlen(big) + 1));
	cr_assert_eq(strspn(sb_str(&sb) + 2, "x"), strlen(big));
	cr_assert(starts_with(sb.buf + 4 * (2 + strlen(big) + 1), "4:x"));
	sb_printf(&sb, "%s", "");
	cr_assert_eq(sb.len, 5 * (2 + strlen(big) + 1));
	sb_free(&sb);
}

/* JSON times are printf's %.6f of the wall-clock seconds, whatever the offset. */
Test(strbuf, json_time_is_printfs_seconds)
{
	static const struct field f[] = { { .task = TASK_TIME } };
	struct capture c;
	char want[128], *got;
	__u64 ktime;
	__s64 offset;
	int i;

	for (i = 0; i < 20000; i++) {
		ktime = next_random() >> (i % 40);
		offset = (__s64)(next_random() >> 2) * (i & 1 ? 1 : -1) >> (i % 30);
		clock_set_epoch_offset_ns(offset);
		columns_choose(f, 1, &(struct options_given){ 0 });
		capture_begin(&c, true);
		rec_begin();
		rec_time(0, ktime);
		rec_end();
		got = capture_end(&c);
		snprintf(want, sizeof(want), "{\"time\":%.6f}\n", ktime / 1e9 + offset / 1e9);
		cr_assert_str_eq(got, want, "ktime %llu offset %lld", (unsigned long long)ktime,
				 (long long)offset);
		free(got);
	}
}
