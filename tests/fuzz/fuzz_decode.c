// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * libFuzzer target: common/decode.c and common/names.c on the numbers a
 * traced process chooses (flag words, commands, results, signal and syscall
 * numbers), against tables made from the input.
 *
 * Input: an 8-byte value, a byte for block_flags_name()'s buffer size, then
 * up to 8 table rows of 16 bytes (mask, value), named F0..F7.
 * Checks, from the contract in the headers:
 *  - sb_flags: the names (in table order, each once) and the hex remainder
 *    add up to the value, without sharing a bit; "0" for 0 alone.
 *  - sb_enum: the first row with that value, else the number.
 *  - sb_result: the number if not negative, else "-" and the errno's name.
 *  - errno_name, signal_name, syscall_name: never NULL or empty, plain ASCII;
 *    a syscall's name gives its number back.
 *  - block_flags_name: NUL-terminated within any buffer size, and a prefix of
 *    what a large buffer gets.
 */
#undef NDEBUG /* the checks are the point */
#include <assert.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "names.h"

#define MAX_ROWS 8

static const char *const row_names[MAX_ROWS] = { "F0", "F1", "F2", "F3", "F4", "F5", "F6", "F7" };

static __u64 take_u64(const uint8_t **data, size_t *size)
{
	__u64 v = 0;
	size_t n = *size < 8 ? *size : 8;

	memcpy(&v, *data, n);
	*data += n;
	*size -= n;
	return v;
}

static int rows_in(const struct flag_name *rows)
{
	int n = 0;

	while (rows[n].name)
		n++;
	return n;
}

/* The row named name[0..len), -1 if none is. */
static int row_of(const struct flag_name *rows, int nrows, const char *name, size_t len)
{
	int i;

	for (i = 0; i < nrows; i++)
		if (strlen(rows[i].name) == len && !memcmp(rows[i].name, name, len))
			return i;
	return -1;
}

static void check_flags(const struct flag_name *rows, int nrows, __u64 v)
{
	struct strbuf sb = { 0 };
	const char *s, *bar;
	__u64 seen = 0;
	int last = -1, row;

	sb_flags(&sb, rows, v);
	s = sb_str(&sb);
	if (!strcmp(s, "0")) {
		assert(v == 0);
		goto out;
	}
	for (;; s = bar + 1) {
		bar = strchr(s, '|');
		row = row_of(rows, nrows, s, bar ? (size_t)(bar - s) : strlen(s));
		if (row < 0) { /* the remainder: last, in hex, never 0 */
			char *end;
			__u64 rest;

			assert(!bar && !strncmp(s, "0x", 2));
			rest = strtoull(s, &end, 16);
			assert(*end == '\0' && rest && !(rest & seen));
			seen |= rest;
			break;
		}
		assert(row > last); /* table order, each once */
		assert(rows[row].value && !(rows[row].value & seen));
		seen |= rows[row].value;
		last = row;
		if (!bar)
			break;
	}
	assert(seen == v);
out:
	sb_free(&sb);
}

static void check_enum(const struct flag_name *rows, int nrows, __u64 v)
{
	struct strbuf sb = { 0 };
	char number[24];
	int i, first = -1;

	for (i = nrows - 1; i >= 0; i--)
		if (rows[i].value == v)
			first = i;
	sb_enum(&sb, rows, v);
	snprintf(number, sizeof(number), "%" PRIu64, (uint64_t)v);
	assert(!strcmp(sb_str(&sb), first >= 0 ? row_names[first] : number));
	sb_free(&sb);
}

static void assert_plain_name(const char *name)
{
	assert(name && *name);
	for (; *name; name++)
		assert(*name > ' ' && *name < 0x7f);
}

static void check_result(long ret)
{
	struct strbuf sb = { 0 };
	char want[32];

	sb_result(&sb, ret);
	if (ret >= 0) {
		snprintf(want, sizeof(want), "%ld", ret);
		assert(!strcmp(sb_str(&sb), want));
	} else {
		assert(sb_str(&sb)[0] == '-');
		assert_plain_name(sb_str(&sb) + 1);
		if (ret >= -4095) /* the kernel's errno range */
			assert(!strcmp(sb_str(&sb) + 1, errno_name(-ret)));
	}
	sb_free(&sb);
}

static void check_names(int n)
{
	const char *name = syscall_name(n);

	assert_plain_name(errno_name(n));
	assert_plain_name(signal_name(n));
	assert_plain_name(name);
	if (strncmp(name, "syscall_", 8))
		assert(syscall_number(name) == n);
}

static void check_block_flags(__u32 flags, size_t len)
{
	char full[512], buf[256];

	memset(buf, 'X', sizeof(buf));
	block_flags_name(flags, full, sizeof(full));
	assert(strlen(full) < sizeof(full) - 1); /* the large buffer held it all */
	assert_plain_name(full);
	block_flags_name(flags, buf, len);
	assert(memchr(buf, '\0', len));
	assert(!strncmp(full, buf, strlen(buf)));
	assert(len == sizeof(buf) || buf[len] == 'X'); /* nothing past len */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct flag_name rows[MAX_ROWS + 1] = { 0 };
	size_t len;
	int nrows;
	__u64 v;

	v = take_u64(&data, &size);
	len = size ? 1 + *data : 1; /* buffer sizes 1 to 256 */
	data += size ? 1 : 0;
	size -= size ? 1 : 0;
	for (nrows = 0; nrows < MAX_ROWS && size >= 16; nrows++) {
		rows[nrows].mask = take_u64(&data, &size);
		rows[nrows].value = take_u64(&data, &size);
		rows[nrows].name = row_names[nrows];
	}

	check_flags(rows, nrows, v);
	check_flags(at_flag_names, rows_in(at_flag_names), v);
	check_enum(rows, nrows, v);
	check_result((long)v);
	check_result((int)v);
	check_names((int)v);
	check_names((int)(v & 0x3ff)); /* where the names are */
	check_block_flags((__u32)v, len);
	return 0;
}
