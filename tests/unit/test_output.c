// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* output.h: one field table renders text columns and JSON objects. */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <time.h>

#include "unit.h"

enum { F_PID, F_COMM, F_UID, F_RET, F_PATH, NFIELDS };

static const struct field fields[] = {
	[F_PID] = { "pid", "PID", 7 },
	[F_COMM] = { "comm", "COMM", -16 },
	[F_UID] = { "uid", "UID", 6, .hidden = true },
	[F_RET] = { "ret", "RET", 3 },
	[F_PATH] = { "path", "PATH", 0 },
};

static void emit_sample(void)
{
	rec_begin();
	rec_int(&fields[F_PID], 1234);
	rec_str(&fields[F_COMM], "bash", 16);
	rec_uint(&fields[F_UID], 1000);
	rec_int(&fields[F_RET], -2);
	rec_str(&fields[F_PATH], "/etc/passwd", 4096);
	rec_end();
}

/* One field in a record of its own, in text or JSON. */
static char *one_str(bool json, const struct field *f, const char *s, size_t maxlen)
{
	struct capture c;

	capture_begin(&c, json);
	rec_begin();
	rec_str(f, s, maxlen);
	rec_end();
	return capture_end(&c);
}

#define assert_output(got, expected)                                  \
	do {                                                          \
		char *got_ = (got);                                   \
		cr_assert_str_eq(got_, expected, "got \"%s\"", got_); \
		free(got_);                                           \
	} while (0)

/* ---- modes -------------------------------------------------------------- */

Test(output, output_json_reports_the_mode)
{
	output_init(true, stdout);
	cr_assert(output_json());
	output_init(false, stdout);
	cr_assert_not(output_json());
}

/* ---- text columns ------------------------------------------------------- */

Test(output, text_header_aligns_headings_and_skips_hidden)
{
	struct capture c;

	capture_begin(&c, false);
	output_header(fields, NFIELDS);
	assert_output(capture_end(&c), "    PID COMM             RET PATH\n");
}

Test(output, json_header_prints_nothing)
{
	struct capture c;

	capture_begin(&c, true);
	output_header(fields, NFIELDS);
	assert_output(capture_end(&c), "");
}

Test(output, text_record_lines_up_under_header)
{
	struct capture c;

	capture_begin(&c, false);
	output_header(fields, NFIELDS);
	emit_sample();
	assert_output(capture_end(&c), "    PID COMM             RET PATH\n"
				       "   1234 bash              -2 /etc/passwd\n");
}

Test(output, positive_width_right_aligns)
{
	const struct field f = { "n", "N", 5 };
	struct capture c;

	capture_begin(&c, false);
	rec_begin();
	rec_int(&f, 42);
	rec_end();
	assert_output(capture_end(&c), "   42\n");
}

Test(output, negative_width_left_aligns)
{
	const struct field f = { "s", "S", -5 };

	assert_output(one_str(false, &f, "ab", 16), "ab   \n");
}

Test(output, zero_width_is_unpadded)
{
	const struct field f = { "s", "S", 0 };

	assert_output(one_str(false, &f, "ab", 16), "ab\n");
}

Test(output, value_wider_than_column_is_not_cut)
{
	const struct field f = { "s", "S", 3 }, g = { "t", "T", -3 };

	assert_output(one_str(false, &f, "abcdef", 16), "abcdef\n");
	assert_output(one_str(false, &g, "abcdef", 16), "abcdef\n");
}

Test(output, exact_width_value_gets_no_padding)
{
	const struct field f = { "s", "S", 4 };

	assert_output(one_str(false, &f, "abcd", 16), "abcd\n");
}

Test(output, escapes_count_towards_text_width)
{
	const struct field f = { "comm", "COMM", -8 }, g = { "comm", "COMM", 8 };

	assert_output(one_str(false, &f, "\x1b", 16), "\\x1b    \n");
	assert_output(one_str(false, &g, "\x1b", 16), "    \\x1b\n");
}

Test(output, hidden_fields_are_skipped_in_text)
{
	const struct field a = { "a", "A", 0 }, b = { "b", "B", 4, .hidden = true },
			   d = { "d", "D", 0 };
	struct capture c;

	capture_begin(&c, false);
	rec_begin();
	rec_str(&a, "x", 8);
	rec_int(&b, 5);
	rec_str(&d, "y", 8);
	rec_end();
	assert_output(capture_end(&c), "x y\n");
}

Test(output, hidden_first_field_leaves_no_leading_space)
{
	const struct field a = { "a", "A", 0, .hidden = true }, b = { "b", "B", 0 };
	struct capture c;

	capture_begin(&c, false);
	rec_begin();
	rec_int(&a, 1);
	rec_int(&b, 2);
	rec_end();
	assert_output(capture_end(&c), "2\n");
}

/* ---- JSON objects ------------------------------------------------------- */

Test(output, json_record_has_every_field_in_order)
{
	struct capture c;

	capture_begin(&c, true);
	emit_sample();
	assert_output(
		capture_end(&c),
		"{\"pid\":1234,\"comm\":\"bash\",\"uid\":1000,\"ret\":-2,\"path\":\"/etc/passwd\"}\n");
}

Test(output, json_records_are_one_per_line)
{
	struct capture c;

	capture_begin(&c, true);
	emit_sample();
	emit_sample();
	assert_output(
		capture_end(&c),
		"{\"pid\":1234,\"comm\":\"bash\",\"uid\":1000,\"ret\":-2,\"path\":\"/etc/passwd\"}\n"
		"{\"pid\":1234,\"comm\":\"bash\",\"uid\":1000,\"ret\":-2,\"path\":\"/etc/passwd\"}\n");
}

Test(output, json_strings_are_escaped)
{
	const struct field f = { "comm", "COMM", -16 };

	assert_output(one_str(true, &f, "\"x\"\n\x1b\\", 16),
		      "{\"comm\":\"\\\"x\\\"\\n\\u001b\\\\\"}\n");
}

Test(output, json_strings_are_not_padded)
{
	const struct field f = { "comm", "COMM", -16 };

	assert_output(one_str(true, &f, "ab", 16), "{\"comm\":\"ab\"}\n");
}

Test(output, text_strings_are_escaped)
{
	const struct field f = { "path", "PATH", 0 };

	assert_output(one_str(false, &f, "/tmp/\x1b]0;x\x07\n", 64), "/tmp/\\x1b]0;x\\x07\\n\n");
}

Test(output, rec_str_stops_at_maxlen_without_nul)
{
	const struct field f = { "comm", "COMM", 0 };
	const char comm[4] = { 'a', 'b', 'c', 'd' };

	assert_output(one_str(false, &f, comm, sizeof(comm)), "abcd\n");
	assert_output(one_str(true, &f, comm, sizeof(comm)), "{\"comm\":\"abcd\"}\n");
}

Test(output, rec_str_stops_at_nul_before_maxlen)
{
	const struct field f = { "comm", "COMM", 0 };

	assert_output(one_str(false, &f, "ab\0cd", 5), "ab\n");
}

/* ---- rec_strv ----------------------------------------------------------- */

static char *one_strv(bool json, const char *buf, size_t len, bool truncated)
{
	const struct field f = { "args", "ARGS", 0 };
	struct capture c;

	capture_begin(&c, json);
	rec_begin();
	rec_strv(&f, buf, len, truncated);
	rec_end();
	return capture_end(&c);
}

#define ARGV "ls\0-l\0/tmp dir\0"

Test(strv, text_joins_with_spaces)
{
	assert_output(one_strv(false, ARGV, sizeof(ARGV) - 1, false), "ls -l /tmp dir\n");
}

Test(strv, text_marks_truncation)
{
	assert_output(one_strv(false, ARGV, sizeof(ARGV) - 1, true), "ls -l /tmp dir ...\n");
}

Test(strv, text_empty_truncated_is_just_dots)
{
	assert_output(one_strv(false, "", 0, true), "...\n");
}

Test(strv, text_empty_is_empty)
{
	assert_output(one_strv(false, "", 0, false), "\n");
}

Test(strv, json_is_an_array)
{
	assert_output(one_strv(true, ARGV, sizeof(ARGV) - 1, false),
		      "{\"args\":[\"ls\",\"-l\",\"/tmp dir\"]}\n");
}

Test(strv, json_ignores_truncation_flag)
{
	assert_output(one_strv(true, ARGV, sizeof(ARGV) - 1, true),
		      "{\"args\":[\"ls\",\"-l\",\"/tmp dir\"]}\n");
}

Test(strv, json_empty_is_empty_array)
{
	assert_output(one_strv(true, "", 0, false), "{\"args\":[]}\n");
}

Test(strv, last_string_without_nul_is_kept)
{
	assert_output(one_strv(false, "ls\0-l", 5, false), "ls -l\n");
	assert_output(one_strv(true, "ls\0-l", 5, false), "{\"args\":[\"ls\",\"-l\"]}\n");
}

Test(strv, elements_are_escaped)
{
	static const char argv[] = "echo\0\x1b[2J\0a\"b\0";

	assert_output(one_strv(false, argv, sizeof(argv) - 1, false), "echo \\x1b[2J a\"b\n");
	assert_output(one_strv(true, argv, sizeof(argv) - 1, false),
		      "{\"args\":[\"echo\",\"\\u001b[2J\",\"a\\\"b\"]}\n");
}

Test(strv, text_quoted_wraps_each_string_and_escapes_quotes)
{
	static const char argv[] = "sh\0-c\0echo \"hi\"\0\0\x1b[2J\0";
	const struct field f = { "args", "ARGS", 0, .quoted = true };
	struct capture c;

	capture_begin(&c, false);
	rec_begin();
	rec_strv(&f, argv, sizeof(argv) - 1, true);
	rec_end();
	assert_output(capture_end(&c), "\"sh\" \"-c\" \"echo \\\"hi\\\"\" \"\" \"\\x1b[2J\" ...\n");
	/* JSON has its own quoting: unchanged */
	capture_begin(&c, true);
	rec_begin();
	rec_strv(&f, "a\"b", 3, false);
	rec_end();
	assert_output(capture_end(&c), "{\"args\":[\"a\\\"b\"]}\n");
}

Test(strv, text_is_padded_to_width)
{
	const struct field f = { "args", "ARGS", -10 };
	struct capture c;

	capture_begin(&c, false);
	rec_begin();
	rec_strv(&f, "a\0b", 3, false);
	rec_end();
	assert_output(capture_end(&c), "a b       \n");
}

/* ---- scalars ------------------------------------------------------------ */

static char *one_scalar(bool json, void (*emit)(const struct field *))
{
	const struct field f = { "v", "V", 0 };
	struct capture c;

	capture_begin(&c, json);
	rec_begin();
	emit(&f);
	rec_end();
	return capture_end(&c);
}

static void emit_int_min(const struct field *f)
{
	rec_int(f, LLONG_MIN);
}

static void emit_uint_max(const struct field *f)
{
	rec_uint(f, ULLONG_MAX);
}

static void emit_true(const struct field *f)
{
	rec_bool(f, true);
}

static void emit_false(const struct field *f)
{
	rec_bool(f, false);
}

static void emit_pi_2(const struct field *f)
{
	rec_double(f, 3.14159, 2);
}

static void emit_pi_0(const struct field *f)
{
	rec_double(f, 3.14159, 0);
}

static void emit_nan(const struct field *f)
{
	rec_double(f, NAN, 3);
}

static void emit_inf(const struct field *f)
{
	rec_double(f, INFINITY, 3);
}

Test(scalars, int_extremes)
{
	assert_output(one_scalar(false, emit_int_min), "-9223372036854775808\n");
	assert_output(one_scalar(true, emit_int_min), "{\"v\":-9223372036854775808}\n");
}

Test(scalars, uint_extremes)
{
	assert_output(one_scalar(false, emit_uint_max), "18446744073709551615\n");
	assert_output(one_scalar(true, emit_uint_max), "{\"v\":18446744073709551615}\n");
}

Test(scalars, bool_is_unquoted)
{
	assert_output(one_scalar(false, emit_true), "true\n");
	assert_output(one_scalar(false, emit_false), "false\n");
	assert_output(one_scalar(true, emit_true), "{\"v\":true}\n");
	assert_output(one_scalar(true, emit_false), "{\"v\":false}\n");
}

Test(scalars, bool_is_padded)
{
	const struct field f = { "ok", "OK", 6 };
	struct capture c;

	capture_begin(&c, false);
	rec_begin();
	rec_bool(&f, true);
	rec_end();
	assert_output(capture_end(&c), "  true\n");
}

Test(scalars, double_has_requested_decimals)
{
	assert_output(one_scalar(false, emit_pi_2), "3.14\n");
	assert_output(one_scalar(true, emit_pi_2), "{\"v\":3.14}\n");
	assert_output(one_scalar(false, emit_pi_0), "3\n");
	assert_output(one_scalar(true, emit_pi_0), "{\"v\":3}\n");
}

Test(scalars, double_is_right_aligned)
{
	const struct field f = { "lat", "LAT(ms)", 8 };
	struct capture c;

	capture_begin(&c, false);
	rec_begin();
	rec_double(&f, 1.5, 2);
	rec_end();
	assert_output(capture_end(&c), "    1.50\n");
}

/*
 * Regression (common/output.c, rec_double, fixed): it used to be that a NaN or infinite value (an average
 * over zero samples, say) is printed in JSON as the bare word nan or inf,
 * which no JSON parser accepts.
 */
Test(scalars, json_double_nan_or_inf_is_valid_json)
{
	assert_output(one_scalar(true, emit_nan), "{\"v\":null}\n");
	assert_output(one_scalar(true, emit_inf), "{\"v\":null}\n");
}

/* ---- JSON-only and text-only pieces ------------------------------------- */

Test(output, json_key_and_raw_append_a_nested_value)
{
	const struct field f = { "n", "N", 0 };
	struct capture c;

	capture_begin(&c, true);
	rec_begin();
	rec_int(&f, 1);
	rec_json_key("list");
	rec_json_raw("[1,2]");
	rec_end();
	assert_output(capture_end(&c), "{\"n\":1,\"list\":[1,2]}\n");
}

Test(output, json_key_first_in_record_has_no_comma)
{
	struct capture c;

	capture_begin(&c, true);
	rec_begin();
	rec_json_key("list");
	rec_json_raw("[]");
	rec_end();
	assert_output(capture_end(&c), "{\"list\":[]}\n");
}

Test(output, json_key_and_raw_are_nothing_in_text)
{
	const struct field f = { "n", "N", 0 };
	struct capture c;

	capture_begin(&c, false);
	rec_begin();
	rec_int(&f, 1);
	rec_json_key("list");
	rec_json_raw("[1,2]");
	rec_end();
	assert_output(capture_end(&c), "1\n");
}

Test(output, output_text_only_in_text_mode)
{
	struct capture c;

	capture_begin(&c, false);
	output_text("bars\n", 5);
	assert_output(capture_end(&c), "bars\n");
	capture_begin(&c, true);
	output_text("bars\n", 5);
	assert_output(capture_end(&c), "");
}

/* ---- time --------------------------------------------------------------- */

static __u64 monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

Test(time, ktime_to_epoch_matches_wall_clock)
{
	double epoch = ktime_to_epoch(monotonic_ns());

	cr_assert_float_eq(epoch, (double)time(NULL), 2.0, "epoch %f vs now %ld", epoch,
			   (long)time(NULL));
}

Test(time, rec_time_json_is_epoch_seconds)
{
	const struct field f = { "time", "TIME", -8 };
	struct capture c;
	double v;
	char *got;

	capture_begin(&c, true);
	rec_begin();
	rec_time(&f, monotonic_ns());
	rec_end();
	got = capture_end(&c);
	cr_assert_eq(sscanf(got, "{\"time\":%lf}", &v), 1, "got \"%s\"", got);
	cr_assert_float_eq(v, (double)time(NULL), 2.0);
	cr_assert_not_null(strchr(got, '.'), "no fraction: \"%s\"", got);
	free(got);
}

Test(time, rec_time_text_is_hh_mm_ss)
{
	const struct field f = { "time", "TIME", -8 };
	struct capture c;
	char *got;
	int i;

	capture_begin(&c, false);
	rec_begin();
	rec_time(&f, monotonic_ns());
	rec_end();
	got = capture_end(&c);
	cr_assert_eq(strlen(got), 9, "got \"%s\"", got);
	for (i = 0; i < 8; i++)
		cr_assert(i % 3 == 2 ? got[i] == ':' : isdigit((unsigned char)got[i]), "got \"%s\"",
			  got);
	free(got);
}

Test(time, local_hms_is_hh_mm_ss)
{
	char buf[9];
	int h, m, s;

	local_hms(buf);
	cr_assert_eq(strlen(buf), 8);
	cr_assert_eq(sscanf(buf, "%2d:%2d:%2d", &h, &m, &s), 3, "got \"%s\"", buf);
	cr_assert(h >= 0 && h < 24 && m >= 0 && m < 60 && s >= 0 && s <= 60);
}

/* ---- per-field text format ---------------------------------------------- */

Test(scalars, uint_format_applies_to_text_only)
{
	const struct field f = { "mode", "MODE", -5, .format = "%04llo" };
	struct capture c;

	capture_begin(&c, false);
	rec_begin();
	rec_uint(&f, 0644);
	rec_end();
	assert_output(capture_end(&c), "0644 \n");
	capture_begin(&c, true);
	rec_begin();
	rec_uint(&f, 0644);
	rec_end();
	assert_output(capture_end(&c), "{\"mode\":420}\n");
}
