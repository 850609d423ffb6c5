// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* decode.h: flag words, enumerations and results by name. */
#include "unit.h"
#include "callevent.h"
#include "decode.h"

static const struct flag_name demo[] = {
	FLAG_IN("MAGIC", 0xffff0000, 0xc0ed0000),
	FLAG("A", 0x1),
	FLAG("B", 0x2),
	FLAG_IN("MODE_ONE", 0x70, 0x10),
	FLAG_IN("MODE_TWO", 0x70, 0x20),
	{ 0 },
};

static const struct flag_name cmds[] = {
	VALUE("ZERO", 0),
	VALUE("ONE", 1),
	{ 0 },
};

/* Run one decoder into a fresh buffer and compare. */
#define ASSERT_DECODES(call, want)                   \
	do {                                         \
		struct strbuf sb = { 0 };            \
		call;                                \
		cr_assert_str_eq(sb_str(&sb), want); \
		sb_free(&sb);                        \
	} while (0)

Test(sb_flags, bits_by_name_in_table_order)
{
	ASSERT_DECODES(sb_flags(&sb, demo, 0x3), "A|B");
	ASSERT_DECODES(sb_flags(&sb, demo, 0x2), "B");
}

Test(sb_flags, none_is_zero)
{
	ASSERT_DECODES(sb_flags(&sb, demo, 0), "0");
}

Test(sb_flags, unknown_bits_as_one_hex_number)
{
	ASSERT_DECODES(sb_flags(&sb, demo, 0x1 | 0x100 | 0x800), "A|0x900");
	ASSERT_DECODES(sb_flags(&sb, demo, 0x8), "0x8");
}

Test(sb_flags, multi_bit_fields_match_their_value)
{
	ASSERT_DECODES(sb_flags(&sb, demo, 0x20 | 0x1), "A|MODE_TWO");
	/* 0x30 is no value of the field: left as bits, not misnamed */
	ASSERT_DECODES(sb_flags(&sb, demo, 0x30), "0x30");
	ASSERT_DECODES(sb_flags(&sb, demo, 0xc0ed0002), "MAGIC|B");
}

Test(sb_flags, at_flags)
{
	ASSERT_DECODES(sb_flags(&sb, at_flag_names, 0x1000 | 0x100),
		       "AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH");
	ASSERT_DECODES(sb_flags(&sb, at_flag_names, 0x4000), "AT_STATX_DONT_SYNC");
}

Test(sb_enum, names_values_and_falls_back_to_the_number)
{
	ASSERT_DECODES(sb_enum(&sb, cmds, 0), "ZERO");
	ASSERT_DECODES(sb_enum(&sb, cmds, 1), "ONE");
	ASSERT_DECODES(sb_enum(&sb, cmds, 7), "7");
}

Test(sb_result, values_and_named_errors)
{
	ASSERT_DECODES(sb_result(&sb, 0), "0");
	ASSERT_DECODES(sb_result(&sb, 5), "5");
	ASSERT_DECODES(sb_result(&sb, -2), "-ENOENT");
	ASSERT_DECODES(sb_result(&sb, -4095), "-E4095");
}

/* What a record says of a string the caller passed: an unknown value is no name, not a crash. */
Test(str_read_name, each_way_and_none)
{
	cr_assert_null(str_read_name(STR_NONE));
	cr_assert_str_eq(str_read_name(STR_AT_ENTRY), "entry");
	cr_assert_str_eq(str_read_name(STR_AT_EXIT), "exit");
	cr_assert_str_eq(str_read_name(STR_UNREADABLE), "unreadable");
	cr_assert_null(str_read_name(STR_UNREADABLE + 1));
	cr_assert_null(str_read_name(255));
}
