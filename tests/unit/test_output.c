// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* output.h and columns.h: one field table renders text columns and JSON objects. */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <time.h>

#include "unit.h"
#include "clock.h"
#include "columns.h"
#include "run.h"

enum { F_PID, F_COMM, F_UID, F_RET, F_PATH, NFIELDS };

static const struct field fields[] = {
	[F_PID] = { "pid", "PID", 7 },
	[F_COMM] = { "comm", "COMM", -16 },
	[F_UID] = { "uid", "UID", 6, .shown_by = 'U' },
	[F_RET] = { "ret", "RET", 3 },
	[F_PATH] = { "path", "PATH", 0 },
};

/* Make `table` the one records print by, with the options in `keys` (0-ended) given. */
static void use_keys(const struct field *table, size_t n, const int *keys)
{
	struct options_given given = { 0 };

	while (keys && *keys)
		given.keys[given.n++] = *keys++;
	columns_choose(table, n, &given);
}

#define USE(table, ...) use_keys(table, N_FIELDS(table), (const int[]){ __VA_ARGS__, 0 })

static void emit_sample(void)
{
	rec_begin();
	rec_int(F_PID, 1234);
	rec_str(F_COMM, "bash", 16);
	rec_uint(F_UID, 1000);
	rec_int(F_RET, -2);
	rec_str(F_PATH, "/etc/passwd", 4096);
	rec_end();
}

/* One field in a table and a record of its own, in text or JSON. */
static char *one_str(bool json, const struct field *f, const char *s, size_t maxlen)
{
	struct capture c;

	use_keys(f, 1, NULL);
	capture_begin(&c, json);
	rec_begin();
	rec_str(0, s, maxlen);
	rec_end();
	return capture_end(&c);
}

/* The same, followed by a "|" column: how a padded column ends shows before it. */
static char *str_then_bar(const struct field *f, const char *s)
{
	const struct field t[] = { *f, { "bar", "BAR", 0 } };
	struct capture c;

	use_keys(t, 2, NULL);
	capture_begin(&c, false);
	rec_begin();
	rec_str(0, s, 64);
	rec_str(1, "|", 2);
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

Test(output, text_header_aligns_headings_and_skips_columns_not_asked_for)
{
	struct capture c;

	USE(fields, 'x');
	capture_begin(&c, false);
	output_header();
	assert_output(capture_end(&c), "    PID COMM             RET PATH\n");
}

Test(output, json_header_prints_nothing)
{
	struct capture c;

	USE(fields, 'x');
	capture_begin(&c, true);
	output_header();
	assert_output(capture_end(&c), "");
}

Test(output, header_of_a_table_without_columns_prints_nothing)
{
	const struct field json_only[] = { { "a" }, { "b" } };
	struct capture c;

	USE(json_only, 'x');
	capture_begin(&c, false);
	output_header();
	assert_output(capture_end(&c), "");
}

Test(output, text_record_lines_up_under_header)
{
	struct capture c;

	USE(fields, 'x');
	capture_begin(&c, false);
	output_header();
	emit_sample();
	assert_output(capture_end(&c), "    PID COMM             RET PATH\n"
				       "   1234 bash              -2 /etc/passwd\n");
}

Test(output, shown_by_option_adds_the_column)
{
	struct capture c;

	USE(fields, 'U');
	capture_begin(&c, false);
	output_header();
	emit_sample();
	assert_output(capture_end(&c), "    PID COMM                UID RET PATH\n"
				       "   1234 bash               1000  -2 /etc/passwd\n");
}

Test(output, hidden_by_option_removes_the_column)
{
	const struct field t[] = { { "a", "A", 0 }, { "b", "B", 0, .hidden_by = 'P' } };
	struct capture c;

	USE(t, 'P');
	capture_begin(&c, false);
	rec_begin();
	rec_int(0, 1);
	rec_int(1, 2);
	rec_end();
	assert_output(capture_end(&c), "1\n");
	USE(t, 'x');
	capture_begin(&c, false);
	rec_begin();
	rec_int(0, 1);
	rec_int(1, 2);
	rec_end();
	assert_output(capture_end(&c), "1 2\n");
}

Test(output, option_always_and_never)
{
	const struct field t[] = { { .task = TASK_TIME, .shown_by = OPTION_NEVER },
				   { "a", "A", 0, .shown_by = OPTION_ALWAYS } };
	struct capture c;

	USE(t, 'T');
	capture_begin(&c, false);
	output_header();
	assert_output(capture_end(&c), "A\n");
}

Test(output, fields_are_printed_in_table_order_whatever_the_call_order)
{
	struct capture c;

	USE(fields, 'U');
	capture_begin(&c, true);
	rec_begin();
	rec_str(F_PATH, "/p", 8);
	rec_int(F_RET, 0);
	rec_int(F_PID, 7);
	rec_end();
	assert_output(capture_end(&c), "{\"pid\":7,\"ret\":0,\"path\":\"/p\"}\n");
}

Test(output, a_column_not_set_prints_empty_in_text_and_nothing_in_json)
{
	const struct field t[] = { { "a", "A", 3 }, { "b", "B", -3 }, { "c", "C", 0 } };
	struct capture c;

	USE(t, 'x');
	capture_begin(&c, false);
	rec_begin();
	rec_int(0, 1);
	rec_int(2, 3);
	rec_end();
	assert_output(capture_end(&c), "  1     3\n");
	capture_begin(&c, true);
	rec_begin();
	rec_int(0, 1);
	rec_int(2, 3);
	rec_end();
	assert_output(capture_end(&c), "{\"a\":1,\"c\":3}\n");
}

Test(output, a_field_out_of_the_table_is_ignored)
{
	struct capture c;

	USE(fields, 'x');
	capture_begin(&c, true);
	rec_begin();
	rec_int(-1, 1);
	rec_int(NFIELDS, 1);
	rec_int(F_PID, 2);
	rec_end();
	assert_output(capture_end(&c), "{\"pid\":2}\n");
}

Test(output, positive_width_right_aligns)
{
	const struct field f = { "n", "N", 5 };
	struct capture c;

	use_keys(&f, 1, NULL);
	capture_begin(&c, false);
	rec_begin();
	rec_int(0, 42);
	rec_end();
	assert_output(capture_end(&c), "   42\n");
}

Test(output, negative_width_left_aligns)
{
	const struct field f = { "s", "S", -5 };

	assert_output(str_then_bar(&f, "ab"), "ab    |\n");
}

Test(output, last_column_is_not_padded_on_the_right)
{
	const struct field f = { "s", "S", -5 };

	assert_output(one_str(false, &f, "ab", 16), "ab\n");
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

	assert_output(str_then_bar(&f, "\x1b"), "\\x1b     |\n");
	assert_output(one_str(false, &g, "\x1b", 16), "    \\x1b\n");
}

Test(output, utf8_characters_count_once_towards_width)
{
	const struct field f = { "s", "S", -4 };

	assert_output(str_then_bar(&f, "\xc3\xa9"), "\xc3\xa9    |\n");
}

Test(output, first_column_not_shown_leaves_no_leading_space)
{
	const struct field t[] = { { "a", "A", 0, .shown_by = 'Z' }, { "b", "B", 0 } };
	struct capture c;

	USE(t, 'x');
	capture_begin(&c, false);
	rec_begin();
	rec_int(0, 1);
	rec_int(1, 2);
	rec_end();
	assert_output(capture_end(&c), "2\n");
}

/* ---- JSON objects ------------------------------------------------------- */

Test(output, json_record_has_every_field_set_in_order)
{
	struct capture c;

	USE(fields, 'x');
	capture_begin(&c, true);
	emit_sample();
	assert_output(
		capture_end(&c),
		"{\"pid\":1234,\"comm\":\"bash\",\"uid\":1000,\"ret\":-2,\"path\":\"/etc/passwd\"}\n");
}

Test(output, json_records_are_one_per_line)
{
	struct capture c;

	USE(fields, 'x');
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

Test(output, json_only_field_has_no_column)
{
	const struct field t[] = { { "a", "A", 0 }, { "b" } };
	struct capture c;

	USE(t, 'x');
	capture_begin(&c, false);
	output_header();
	rec_begin();
	rec_int(0, 1);
	rec_int(1, 2);
	rec_end();
	assert_output(capture_end(&c), "A\n1\n");
}

/* ---- the task head ------------------------------------------------------ */

static const struct task_head head = {
	.ts = 1, .pid = 41, .tid = 42, .uid = 1000, .comm = "worker"
};

static char *task_record(bool json, const struct field *t, size_t n, const int *keys)
{
	struct capture c;

	use_keys(t, n, keys);
	capture_begin(&c, json);
	output_header();
	rec_begin();
	rec_task(&head);
	rec_end();
	return capture_end(&c);
}

static const struct field task_table[] = {
	{ .task = TASK_UID },  { .task = TASK_PID }, { .task = TASK_TID },
	{ .task = TASK_COMM }, { "x", "X", 0 },
};

Test(task, standard_columns_and_their_options)
{
	assert_output(task_record(false, task_table, N_FIELDS(task_table), NULL),
		      "PID     COMM             X\n"
		      "41      worker           \n");
	assert_output(task_record(false, task_table, N_FIELDS(task_table),
				  (const int[]){ 'U', OPT_PRINT_TID, 0 }),
		      "UID    PID     TID     COMM             X\n"
		      "1000   41      42      worker           \n");
}

Test(task, json_has_every_task_column_of_the_table)
{
	assert_output(task_record(true, task_table, N_FIELDS(task_table), NULL),
		      "{\"uid\":1000,\"pid\":41,\"tid\":42,\"comm\":\"worker\"}\n");
}

Test(task, a_table_overrides_key_heading_width_and_option)
{
	const struct field t[] = {
		{ .task = TASK_COMM, .header = "PCOMM", .width = -8 },
		{ .task = TASK_PID, .key = "trigger_pid" },
		{ .task = TASK_TID, .shown_by = OPTION_ALWAYS },
	};

	assert_output(task_record(false, t, N_FIELDS(t), NULL), "PCOMM    PID     TID\n"
								"worker   41      42\n");
	assert_output(task_record(true, t, N_FIELDS(t), NULL),
		      "{\"comm\":\"worker\",\"trigger_pid\":41,\"tid\":42}\n");
}

Test(task, time_column_is_the_wall_clock_and_shown_by_T)
{
	const struct field t[] = { { .task = TASK_TIME }, { .task = TASK_PID } };
	char *got;

	assert_output(task_record(false, t, N_FIELDS(t), NULL), "PID\n41\n");
	got = task_record(false, t, N_FIELDS(t), (const int[]){ 'T', 0 });
	cr_assert(starts_with(got, "TIME     PID\n"), "got \"%s\"", got);
	cr_assert_eq(strlen(got), strlen("TIME     PID\n") + strlen("HH:MM:SS 41\n"), "got \"%s\"",
		     got);
	free(got);
}

/* The kernel fills the time and UID only for records that show them. */
Test(task, parts_the_kernel_fills_are_those_shown)
{
	const struct field t[] = { { .task = TASK_TIME },
				   { .task = TASK_UID },
				   { .task = TASK_PID } };
	struct capture c;

	USE(t, 'x');
	cr_assert_eq(output_task_parts(), 0);
	USE(t, 'T');
	cr_assert_eq(output_task_parts(), TASK_HEAD_TIME);
	USE(t, 'U');
	cr_assert_eq(output_task_parts(), TASK_HEAD_UID);
	capture_begin(&c, true); /* JSON carries every field */
	USE(t, 'x');
	cr_assert_eq(output_task_parts(), TASK_HEAD_ALL);
	free(capture_end(&c));
	USE(task_table, 'U');
	cr_assert_eq(output_task_parts(), TASK_HEAD_UID, "a table without a time column");
}

/* ---- rec_strv ----------------------------------------------------------- */

static char *strv_out(bool json, const struct strv *v, int quoted_by, int width)
{
	const struct field f = { "args", "ARGS", width, .quoted_by = quoted_by };
	struct capture c;

	use_keys(&f, 1, (const int[]){ 'q', 0 });
	capture_begin(&c, json);
	rec_begin();
	rec_strv(0, v);
	rec_end();
	return capture_end(&c);
}

static char *one_strv(bool json, const char *buf, size_t len, bool truncated)
{
	const struct strv v = { .buf = buf, .len = len, .truncated = truncated };

	return strv_out(json, &v, 0, 0);
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
	const struct strv v = { .buf = argv, .len = sizeof(argv) - 1, .truncated = true };
	const struct strv w = { .buf = "a\"b", .len = 3 };

	assert_output(strv_out(false, &v, 'q', 0),
		      "\"sh\" \"-c\" \"echo \\\"hi\\\"\" \"\" \"\\x1b[2J\" ...\n");
	/* JSON has its own quoting: unchanged */
	assert_output(strv_out(true, &w, 'q', 0), "{\"args\":[\"a\\\"b\"]}\n");
	/* without its option, no quotes */
	assert_output(strv_out(false, &w, 'Z', 0), "a\"b\n");
}

Test(strv, text_is_padded_to_width)
{
	const struct strv v = { .buf = "a\0b", .len = 3 };

	assert_output(strv_out(false, &v, 0, 10), "       a b\n");
}

Test(strv, max_shows_the_first_strings_and_marks_the_cut)
{
	const struct strv v = { .buf = ARGV, .len = sizeof(ARGV) - 1, .max = 2 };
	const struct strv all = { .buf = ARGV, .len = sizeof(ARGV) - 1, .max = 3 };

	assert_output(strv_out(false, &v, 0, 0), "ls -l ...\n");
	assert_output(strv_out(true, &v, 0, 0), "{\"args\":[\"ls\",\"-l\"]}\n");
	cr_assert_eq(strv_count(&v), 2);
	cr_assert(strv_cut(&v));
	cr_assert_eq(strv_count(&all), 3);
	cr_assert_not(strv_cut(&all));
}

Test(strv, unreadable_strings_are_null_in_json_and_marked_in_text)
{
	static const __u64 bits[2] = { 1ULL << 1, 0 };
	const struct strv v = {
		.buf = "echo\0\0x", .len = 7, .unreadable = bits, .unreadable_bits = 128
	};

	assert_output(strv_out(true, &v, 0, 0), "{\"args\":[\"echo\",null,\"x\"]}\n");
	assert_output(strv_out(false, &v, 0, 0), "echo \\(unreadable) x\n");
}

/* A real argument that reads like the mark is escaped, so the mark cannot be faked. */
Test(strv, a_real_argument_cannot_fake_the_unreadable_mark)
{
	const struct strv v = { .buf = "\\(unreadable)", .len = 13 };

	assert_output(strv_out(false, &v, 0, 0), "\\\\(unreadable)\n");
}

/* ---- scalars ------------------------------------------------------------ */

static char *one_scalar(bool json, void (*emit)(int f))
{
	const struct field f = { "v", "V", 0 };
	struct capture c;

	use_keys(&f, 1, NULL);
	capture_begin(&c, json);
	rec_begin();
	emit(0);
	rec_end();
	return capture_end(&c);
}

static void emit_int_min(int f)
{
	rec_int(f, LLONG_MIN);
}

static void emit_uint_max(int f)
{
	rec_uint(f, ULLONG_MAX);
}

static void emit_true(int f)
{
	rec_bool(f, true);
}

static void emit_false(int f)
{
	rec_bool(f, false);
}

static void emit_pi_2(int f)
{
	rec_double(f, 3.14159, 2);
}

static void emit_pi_0(int f)
{
	rec_double(f, 3.14159, 0);
}

static void emit_nan(int f)
{
	rec_double(f, NAN, 3);
}

static void emit_inf(int f)
{
	rec_double(f, INFINITY, 3);
}

static void emit_null(int f)
{
	rec_null(f);
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

Test(scalars, null_is_a_dash_in_text)
{
	assert_output(one_scalar(false, emit_null), "-\n");
	assert_output(one_scalar(true, emit_null), "{\"v\":null}\n");
}

Test(scalars, bool_is_padded)
{
	const struct field f = { "ok", "OK", 6 };
	struct capture c;

	use_keys(&f, 1, NULL);
	capture_begin(&c, false);
	rec_begin();
	rec_bool(0, true);
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

	use_keys(&f, 1, NULL);
	capture_begin(&c, false);
	rec_begin();
	rec_double(0, 1.5, 2);
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

Test(scalars, uint_format_applies_to_text_only)
{
	const struct field f = { "mode", "MODE", 5, .format = "%04llo" };
	struct capture c;

	use_keys(&f, 1, NULL);
	capture_begin(&c, false);
	rec_begin();
	rec_uint(0, 0644);
	rec_end();
	assert_output(capture_end(&c), " 0644\n");
	capture_begin(&c, true);
	rec_begin();
	rec_uint(0, 0644);
	rec_end();
	assert_output(capture_end(&c), "{\"mode\":420}\n");
}

/* ---- JSON-only and text-only pieces ------------------------------------- */

Test(output, rec_json_adds_a_nested_value_in_json_only)
{
	const struct field t[] = { { "n", "N", 0 }, { "list" } };
	struct capture c;

	USE(t, 'x');
	capture_begin(&c, true);
	rec_begin();
	rec_int(0, 1);
	rec_json(1, "[1,2]", 5);
	rec_end();
	assert_output(capture_end(&c), "{\"n\":1,\"list\":[1,2]}\n");
	capture_begin(&c, false);
	rec_begin();
	rec_int(0, 1);
	rec_json(1, "[1,2]", 5);
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

Test(output, output_line_in_both_modes)
{
	struct capture c;

	capture_begin(&c, true);
	output_line("{\"a\":1}", 7);
	assert_output(capture_end(&c), "{\"a\":1}\n");
}

/* ---- time --------------------------------------------------------------- */

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

	use_keys(&f, 1, NULL);
	capture_begin(&c, true);
	rec_begin();
	rec_time(0, monotonic_ns());
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

	use_keys(&f, 1, NULL);
	capture_begin(&c, false);
	rec_begin();
	rec_time(0, monotonic_ns());
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
