// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Numbers a syscall was given or returned, as names (decode.h). */
#include <linux/types.h>

#include "callevent.h"
#include "decode.h"
#include "names.h"
#include "output.h"

const struct flag_name at_flag_names[] = {
	AT_FLAG_NAMES,
	{ 0 },
};

void sb_flags(struct strbuf *sb, const struct flag_name *names, __u64 flags)
{
	__u64 left = flags;
	size_t start = sb->len;

	for (; names->name; names++) {
		if (!names->value || (left & names->mask) != names->value)
			continue;
		if (sb->len > start)
			sb_putc(sb, '|');
		sb_puts(sb, names->name);
		left &= ~names->mask;
	}
	if (left)
		sb_printf(sb, "%s%#llx", sb->len > start ? "|" : "", (unsigned long long)left);
	else if (sb->len == start)
		sb_putc(sb, '0');
}

void sb_enum(struct strbuf *sb, const struct flag_name *names, __u64 v)
{
	for (; names->name; names++) {
		if (names->value == v) {
			sb_puts(sb, names->name);
			return;
		}
	}
	sb_printf(sb, "%llu", (unsigned long long)v);
}

void sb_result(struct strbuf *sb, long ret)
{
	if (ret >= 0 || ret < -4095) /* errors are -4095..-1 (MAX_ERRNO); -LONG_MIN overflows */
		sb_printf(sb, "%ld", ret);
	else
		sb_printf(sb, "-%s", errno_name((int)-ret));
}

void rec_result(int value_field, int error_field, long ret)
{
	rec_int(value_field, ret >= 0 ? ret : -1);
	rec_str(error_field, ret >= 0 ? "0" : errno_name((int)-ret), 32);
}

const char *str_read_name(unsigned int how)
{
	static const char *const names[] = {
		[STR_AT_ENTRY] = "entry",
		[STR_AT_EXIT] = "exit",
		[STR_UNREADABLE] = "unreadable",
	};

	return how < sizeof(names) / sizeof(names[0]) ? names[how] : NULL;
}

void rec_str_read(int field, unsigned int how)
{
	const char *name = str_read_name(how);

	if (name)
		rec_str(field, name, 16);
	else
		rec_null(field);
}
