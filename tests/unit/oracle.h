/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Independent readers of what common/strbuf.c writes, for the unit tests
 * and the fuzz targets: UTF-8 well-formedness (the Unicode standard, 3.9
 * table 3-7), JSON strings (RFC 8259), the text escapes and what a terminal
 * acts on, written from the specifications and the output contract and not
 * from common/, so that a fault there does not hide in its check.
 */
#ifndef SONDE_TEST_ORACLE_H
#define SONDE_TEST_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

/*
 * Length of the well-formed UTF-8 sequence at s, 0 if ill-formed. Follows
 * the table of well-formed byte sequences in the Unicode standard (3.9,
 * table 3-7) rather than decoding and range-checking.
 */
static inline size_t test_utf8_len(const unsigned char *s, size_t len, uint32_t *cp)
{
	static const struct {
		unsigned char lead_lo, lead_hi, second_lo, second_hi;
		int n;
	} forms[] = {
		{ 0xc2, 0xdf, 0x80, 0xbf, 2 }, { 0xe0, 0xe0, 0xa0, 0xbf, 3 },
		{ 0xe1, 0xec, 0x80, 0xbf, 3 }, { 0xed, 0xed, 0x80, 0x9f, 3 },
		{ 0xee, 0xef, 0x80, 0xbf, 3 }, { 0xf0, 0xf0, 0x90, 0xbf, 4 },
		{ 0xf1, 0xf3, 0x80, 0xbf, 4 }, { 0xf4, 0xf4, 0x80, 0x8f, 4 },
	};
	size_t f, i;

	if (!len)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	for (f = 0; f < sizeof(forms) / sizeof(forms[0]); f++) {
		if (s[0] < forms[f].lead_lo || s[0] > forms[f].lead_hi)
			continue;
		if (len < (size_t)forms[f].n || s[1] < forms[f].second_lo ||
		    s[1] > forms[f].second_hi)
			return 0;
		for (i = 2; i < (size_t)forms[f].n; i++)
			if (s[i] < 0x80 || s[i] > 0xbf)
				return 0;
		*cp = s[0] & (0xff >> (forms[f].n + 1));
		for (i = 1; i < (size_t)forms[f].n; i++)
			*cp = *cp << 6 | (s[i] & 0x3f);
		return forms[f].n;
	}
	return 0;
}

static inline bool test_utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = test_utf8_len(s + i, len - i, &cp);
		if (!n)
			return false;
		i += n;
	}
	return true;
}

static inline void test_utf8_put(struct strbuf *sb, uint32_t cp)
{
	if (cp < 0x80) {
		sb_putc(sb, cp);
	} else if (cp < 0x800) {
		sb_putc(sb, 0xc0 | cp >> 6);
		sb_putc(sb, 0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		sb_putc(sb, 0xe0 | cp >> 12);
		sb_putc(sb, 0x80 | (cp >> 6 & 0x3f));
		sb_putc(sb, 0x80 | (cp & 0x3f));
	} else {
		sb_putc(sb, 0xf0 | cp >> 18);
		sb_putc(sb, 0x80 | (cp >> 12 & 0x3f));
		sb_putc(sb, 0x80 | (cp >> 6 & 0x3f));
		sb_putc(sb, 0x80 | (cp & 0x3f));
	}
}

static inline int test_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static inline bool test_hex_at(const char *s, size_t len, size_t at, int digits, uint32_t *v)
{
	int i, d;

	if (at + digits > len)
		return false;
	*v = 0;
	for (i = 0; i < digits; i++) {
		d = test_hex(s[at + i]);
		if (d < 0)
			return false;
		*v = *v << 4 | d;
	}
	return true;
}

/*
 * The inside of a JSON string (RFC 8259, section 7) decoded into `out`;
 * false if it is not valid: raw control characters, a bare quote or
 * backslash, an unknown escape, ill-formed UTF-8, unpaired surrogates.
 */
static inline bool test_json_string_decode(const char *s, size_t len, struct strbuf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp, lo;

	while (i < len) {
		if (u[i] < 0x20 || u[i] == '"')
			return false;
		if (u[i] != '\\') {
			n = test_utf8_len(u + i, len - i, &cp);
			if (!n)
				return false;
			sb_append(out, s + i, n);
			i += n;
			continue;
		}
		if (i + 1 >= len)
			return false;
		switch (s[i + 1]) {
		case '"':
		case '\\':
		case '/':
			sb_putc(out, s[i + 1]);
			break;
		case 'b':
			sb_putc(out, '\b');
			break;
		case 'f':
			sb_putc(out, '\f');
			break;
		case 'n':
			sb_putc(out, '\n');
			break;
		case 'r':
			sb_putc(out, '\r');
			break;
		case 't':
			sb_putc(out, '\t');
			break;
		case 'u':
			if (!test_hex_at(s, len, i + 2, 4, &cp))
				return false;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return false;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (i + 12 > len || s[i + 6] != '\\' || s[i + 7] != 'u' ||
				    !test_hex_at(s, len, i + 8, 4, &lo) || lo < 0xdc00 ||
				    lo > 0xdfff)
					return false;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				i += 6;
			}
			test_utf8_put(out, cp);
			i += 4;
			break;
		default:
			return false;
		}
		i += 2;
	}
	return true;
}

/* Whether a whole line is one JSON string "...", for checks on escaped output. */
static inline bool test_json_string_valid(const char *s, size_t len)
{
	struct strbuf out = { 0 };
	bool ok = test_json_string_decode(s, len, &out);

	sb_free(&out);
	return ok;
}

/* What a terminal acts on rather than shows: C0, DEL, C1, bidi marks and overrides. */
static inline bool test_terminal_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Valid UTF-8 (checked before) with no terminal control in it. */
static inline bool test_shows_safely(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	for (; i < len; i += n) {
		n = test_utf8_len((const unsigned char *)s + i, len - i, &cp);
		if (test_terminal_control(cp))
			return false;
	}
	return true;
}

/* The byte that the escape backslash-c stands for, from pairs "cB...", or -1. */
static inline int test_escaped(char c, const char *pairs)
{
	for (; *pairs; pairs += 2)
		if (pairs[0] == c)
			return (unsigned char)pairs[1];
	return -1;
}

/*
 * Undo the text escapes of s[0..len), the inside of the quotes if quoted:
 * \\ \n \t \r \xNN \uNNNN, and \" when quoted; false on any other.
 */
static inline bool test_text_unescape(const char *s, size_t len, bool quoted, struct strbuf *out)
{
	size_t i = 0;
	uint32_t v;
	int c;

	while (i < len) {
		if (quoted && s[i] == '"')
			return false; /* every quote inside is escaped */
		if (s[i] != '\\') {
			sb_putc(out, s[i++]);
			continue;
		}
		if (i + 1 >= len)
			return false;
		if ((c = test_escaped(s[i + 1], quoted ? "\\\\n\nt\tr\r\"\"" : "\\\\n\nt\tr\r")) >=
		    0) {
			sb_putc(out, c);
		} else if (s[i + 1] == 'x') {
			if (!test_hex_at(s, len, i + 2, 2, &v))
				return false;
			sb_putc(out, v);
			i += 2;
		} else if (s[i + 1] == 'u') {
			if (!test_hex_at(s, len, i + 2, 4, &v))
				return false;
			test_utf8_put(out, v);
			i += 4;
		} else {
			return false;
		}
		i += 2;
	}
	return true;
}

#endif
