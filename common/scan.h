/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Numbers in the text of /proc files (maps, kallsyms), read between a
 * position and the end of the text, never past it: the text may be any
 * bytes, not NUL-terminated. Each reader takes the position and returns the
 * one after what it read, or NULL if the number is not there or does not
 * fit 64 bits; a NULL position is passed on, so that a line reads as one
 * chain of them with one check at the end.
 */
#ifndef SONDE_SCAN_H
#define SONDE_SCAN_H

#include <stdint.h>
#include <linux/types.h>

static inline int scan_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Hex digits, as many as there are. */
static inline const char *scan_hex(const char *p, const char *end, __u64 *v)
{
	const char *first = p;
	int d;

	*v = 0;
	if (!p)
		return NULL;
	for (; p < end && (d = scan_hex_digit(*p)) >= 0; p++) {
		if (*v >> 60)
			return NULL;
		*v = *v << 4 | d;
	}
	return p == first ? NULL : p;
}

/* Decimal digits, as many as there are. */
static inline const char *scan_dec(const char *p, const char *end, __u64 *v)
{
	const char *first = p;

	*v = 0;
	if (!p)
		return NULL;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (*v > (UINT64_MAX - (*p - '0')) / 10)
			return NULL;
		*v = *v * 10 + (*p - '0');
	}
	return p == first ? NULL : p;
}

#endif
