// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

void sb_grow(struct strbuf *sb, size_t more)
{
	size_t need = sb->len + more + 1; /* room for sb_str()'s NUL */
	size_t cap = sb->cap ? sb->cap : 256;

	if (need <= sb->cap)
		return;
	while (cap < need)
		cap *= 2;
	sb->buf = realloc(sb->buf, cap);
	if (!sb->buf) {
		fputs("out of memory\n", stderr);
		exit(1);
	}
	sb->cap = cap;
}

void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
}

void sb_free(struct strbuf *sb)
{
	free(sb->buf);
	*sb = (struct strbuf){ 0 };
}

void sb_u64(struct strbuf *sb, unsigned long long v)
{
	char digits[20], *d = digits + sizeof(digits);

	do
		*--d = '0' + v % 10;
	while (v /= 10);
	sb_append(sb, d, digits + sizeof(digits) - d);
}

void sb_s64(struct strbuf *sb, long long v)
{
	if (v < 0)
		sb_putc(sb, '-');
	sb_u64(sb, v < 0 ? -(unsigned long long)v : (unsigned long long)v);
}

/*
 * printf's "%.*f" is exact: the binary value rounded to the nearest
 * 10^-decimals, a tie to the even digit (glibc, in the default rounding
 * mode), with a '-' for any negative value, -0 included. So is this, done
 * in integers: |v| is m * 2^-shift with m under 2^53, so |v| * 10^d is the
 * quotient of m * 10^d (under 2^83) shifted right by shift bits, and the
 * bits shifted out decide the rounding. For up to 9 decimals and results
 * under 2^64 (|v| under 1.8e13 with 6 decimals); printf does the rest
 * (infinities, NaN, subnormals, huge values).
 */
void sb_fixed(struct strbuf *sb, double v, int decimals)
{
	static const unsigned long long pow10[] = {
		1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000
	};
	unsigned long long bits, mant, scaled_int, frac;
	unsigned __int128 scaled, q, rem, half;
	unsigned int exp;
	char digits[9];
	int shift, i;

	memcpy(&bits, &v, sizeof(bits));
	exp = bits >> 52 & 0x7ff;
	mant = bits & ((1ULL << 52) - 1);
	shift = 1075 - (int)exp;
	if (decimals < 0 || decimals > 9 || exp == 0x7ff || (exp == 0 && mant) ||
	    (exp && (shift < 1 || shift > 127))) {
		sb_printf(sb, "%.*f", decimals, v);
		return;
	}
	if (exp)
		mant |= 1ULL << 52;
	else
		shift = 1; /* zero: any shift gives 0 */
	scaled = (unsigned __int128)mant * pow10[decimals];
	q = scaled >> shift;
	rem = scaled - (q << shift);
	half = (unsigned __int128)1 << (shift - 1);
	if (rem > half || (rem == half && (q & 1)))
		q++;
	if (q >> 64) {
		sb_printf(sb, "%.*f", decimals, v);
		return;
	}
	if (bits >> 63)
		sb_putc(sb, '-');
	scaled_int = (unsigned long long)q;
	sb_u64(sb, scaled_int / pow10[decimals]);
	if (!decimals)
		return;
	frac = scaled_int % pow10[decimals];
	for (i = decimals - 1; i >= 0; i--, frac /= 10)
		digits[i] = '0' + frac % 10;
	sb_putc(sb, '.');
	sb_append(sb, digits, decimals);
}

/* Formatted straight into the room there is, and again only if it did not fit. */
void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	if (sb->cap - sb->len < 2)
		sb_grow(sb, 1);
	va_copy(again, ap);
	n = vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
	if (n > 0 && (size_t)n >= sb->cap - sb->len) {
		sb_grow(sb, n);
		vsnprintf(sb->buf + sb->len, n + 1, fmt, again);
	}
	if (n > 0)
		sb->len += n;
	va_end(again);
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(sb, fmt, ap);
	va_end(ap);
}

void sb_pad(struct strbuf *sb, char c, size_t n)
{
	sb_grow(sb, n);
	memset(sb->buf + sb->len, c, n);
	sb->len += n;
}

const char *sb_str(struct strbuf *sb)
{
	sb_grow(sb, 0);
	sb->buf[sb->len] = '\0';
	return sb->buf;
}

/*
 * Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF), its code point in *cp; 0 if ill-formed.
 */
static size_t utf8_sequence(const unsigned char *s, size_t len, uint32_t *cp)
{
	size_t n, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/*
 * Code points a terminal acts on rather than shows: C0 and C1 controls, DEL,
 * and the bidirectional overrides that reorder what the operator reads.
 */
static int is_terminal_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/*
 * The bytes both escapings keep as they are, but for one each: printable
 * ASCII. A run of them is copied at once; everything else, one sequence
 * at a time below.
 */
static inline bool is_plain(unsigned char c, unsigned char special)
{
	return c >= 0x20 && c < 0x7f && c != '\\' && c != special;
}

/* The length of the run of plain bytes at s. */
static size_t plain_run(const unsigned char *s, size_t len, unsigned char special)
{
	size_t i = 0;

	while (i < len && is_plain(s[i], special))
		i++;
	return i;
}

void sb_text_escaped(struct strbuf *sb, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n, k;
	uint32_t cp;

	while (i < len) {
		n = plain_run(s + i, len - i, '\\');
		sb_append(sb, str + i, n);
		i += n;
		if (i == len)
			break;
		n = utf8_sequence(s + i, len - i, &cp);
		if (n && !is_terminal_control(cp) && cp != '\\') {
			sb_append(sb, str + i, n);
		} else if (n && cp == '\\') {
			sb_puts(sb, "\\\\");
		} else if (n == 1 && cp == '\n') {
			sb_puts(sb, "\\n");
		} else if (n == 1 && cp == '\t') {
			sb_puts(sb, "\\t");
		} else if (n == 1 && cp == '\r') {
			sb_puts(sb, "\\r");
		} else if (n > 2) {
			sb_printf(sb, "\\u%04x", cp);
		} else {
			/* a C0/C1 control or ill-formed bytes: each byte in hex */
			for (k = 0; k < (n ? n : 1); k++)
				sb_printf(sb, "\\x%02x", s[i + k]);
		}
		i += n ? n : 1;
	}
}

void sb_text_quoted(struct strbuf *sb, const char *s, size_t len)
{
	const char *quote;

	sb_putc(sb, '"');
	while ((quote = memchr(s, '"', len))) {
		sb_text_escaped(sb, s, quote - s);
		sb_puts(sb, "\\\"");
		len -= quote + 1 - s;
		s = quote + 1;
	}
	sb_text_escaped(sb, s, len);
	sb_putc(sb, '"');
}

void sb_json_escaped(struct strbuf *sb, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = plain_run(s + i, len - i, '"');
		sb_append(sb, str + i, n);
		i += n;
		if (i == len)
			break;
		n = utf8_sequence(s + i, len - i, &cp);
		if (!n) {
			sb_puts(sb, "\\ufffd"); /* JSON text must be UTF-8 */
			i++;
			continue;
		}
		if (cp == '"')
			sb_puts(sb, "\\\"");
		else if (cp == '\\')
			sb_puts(sb, "\\\\");
		else if (cp == '\n')
			sb_puts(sb, "\\n");
		else if (cp == '\t')
			sb_puts(sb, "\\t");
		else if (cp == '\r')
			sb_puts(sb, "\\r");
		else if (is_terminal_control(cp))
			sb_printf(sb, "\\u%04x", cp);
		else
			sb_append(sb, str + i, n);
		i += n;
	}
}

/* The entity for an XML special character, or NULL for any other byte. */
static const char *xml_entity(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&apos;";
	}
	return NULL;
}

/* Printable ASCII that needs no entity and no backslash escape. */
static size_t xml_plain_run(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len && is_plain(s[i], '\\') && !xml_entity(s[i]))
		i++;
	return i;
}

/*
 * XML 1.0 has no way to carry most C0 controls, U+FFFE or U+FFFF, not even
 * as character references; the text form (\xNN) shows them instead, as it
 * shows the controls and bidi overrides a reader would be misled by.
 */
static bool xml_shown_escaped(uint32_t cp)
{
	return is_terminal_control(cp) || cp == 0xfffe || cp == 0xffff;
}

void sb_xml_escaped(struct strbuf *sb, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n, k;
	uint32_t cp;

	while (i < len) {
		n = xml_plain_run(s + i, len - i);
		sb_append(sb, str + i, n);
		i += n;
		if (i == len)
			break;
		n = utf8_sequence(s + i, len - i, &cp);
		if (n == 1 && xml_entity(s[i]))
			sb_puts(sb, xml_entity(s[i]));
		else if (n == 1 && cp == '\\')
			sb_puts(sb, "\\\\");
		else if (n == 1 && cp == '\n')
			sb_puts(sb, "\\n");
		else if (n == 1 && cp == '\t')
			sb_puts(sb, "\\t");
		else if (n == 1 && cp == '\r')
			sb_puts(sb, "\\r");
		else if (n > 2 && xml_shown_escaped(cp))
			sb_printf(sb, "\\u%04x", cp);
		else if (n && !xml_shown_escaped(cp))
			sb_append(sb, str + i, n);
		else /* a C0/C1 control or ill-formed bytes: each byte in hex, as text does */
			for (k = 0; k < (n ? n : 1); k++)
				sb_printf(sb, "\\x%02x", s[i + k]);
		i += n ? n : 1;
	}
}
