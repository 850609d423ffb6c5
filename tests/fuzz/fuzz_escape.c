// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * libFuzzer target: common/strbuf.c's escapers on arbitrary bytes, as a traced
 * process hands them over (comm, paths, argv, payloads).
 *
 * The checks are written from the contract, not from the code, so that a
 * wrong table or an off-by-one in the UTF-8 reader shows as a failure:
 *  - JSON (sb_json_escaped): valid UTF-8; in double quotes, a valid JSON
 *    string (RFC 8259) that decodes back to the input wherever the input was
 *    valid UTF-8; no raw code point a terminal acts on.
 *  - text (sb_text_escaped, sb_text_quoted): valid UTF-8 with no C0 control,
 *    no DEL, no C1 control and no bidirectional mark or override; and the
 *    escapes (\\ \n \t \r \xNN \uNNNN, and \" in the quoted form) undo to
 *    exactly the input bytes, so nothing is lost or made up.
 * Each is also written after existing content, which must stay as it was.
 */
#undef NDEBUG /* the checks are the point */
#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

/* Length of the well-formed UTF-8 sequence at s (RFC 3629 table 3-7), 0 if none. */
static size_t utf8_len(const unsigned char *s, size_t len, uint32_t *cp)
{
	size_t n, i;
	uint32_t c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0)
		n = 2, c = s[0] & 0x1f, min = 0x80;
	else if ((s[0] & 0xf0) == 0xe0)
		n = 3, c = s[0] & 0x0f, min = 0x800;
	else if ((s[0] & 0xf8) == 0xf0)
		n = 4, c = s[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

static bool valid_utf8(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	for (; i < len; i += n)
		if (!(n = utf8_len((const unsigned char *)s + i, len - i, &cp)))
			return false;
	return true;
}

/* What a terminal acts on rather than shows: C0, DEL, C1, bidi marks and overrides. */
static bool terminal_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Valid UTF-8 (checked before) with no terminal control in it. */
static bool shows_safely(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	for (; i < len; i += n) {
		n = utf8_len((const unsigned char *)s + i, len - i, &cp);
		if (terminal_control(cp))
			return false;
	}
	return true;
}

static void put_utf8(struct strbuf *sb, uint32_t cp)
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

/* n hex digits at s as a number; -1 if any is not a hex digit. */
static long hex(const char *s, size_t n)
{
	long v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9'   ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10
					       : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* The byte that the escape backslash-c stands for, from pairs "cB...", or -1. */
static int escaped(char c, const char *pairs)
{
	for (; *pairs; pairs += 2)
		if (pairs[0] == c)
			return (unsigned char)pairs[1];
	return -1;
}

/*
 * The JSON string s[0..len) (quotes included) decoded into out, as a strict
 * RFC 8259 reader would; false if it is not one. Surrogate pairs are
 * combined; a lone surrogate cannot become UTF-8 and counts as invalid.
 */
static bool json_string_decode(const char *s, size_t len, struct strbuf *out)
{
	size_t i = 1;
	long cp, lo;

	if (len < 2 || s[0] != '"' || s[len - 1] != '"')
		return false;
	len--; /* the closing quote */
	while (i < len) {
		int c = (unsigned char)s[i];

		if (c < 0x20 || c == '"')
			return false;
		if (c != '\\') {
			sb_putc(out, c);
			i++;
			continue;
		}
		if (i + 1 >= len)
			return false;
		if ((c = escaped(s[i + 1], "\"\"\\\\//b\bf\fn\nr\rt\t")) >= 0) {
			sb_putc(out, c);
		} else if (s[i + 1] == 'u') {
			if (i + 6 > len || (cp = hex(s + i + 2, 4)) < 0)
				return false;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return false;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (i + 12 > len || s[i + 6] != '\\' || s[i + 7] != 'u' ||
				    (lo = hex(s + i + 8, 4)) < 0xdc00 || lo > 0xdfff)
					return false;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				i += 6;
			}
			put_utf8(out, cp);
			i += 4;
		} else {
			return false;
		}
		i += 2;
	}
	return true;
}

/* Undo the text escapes of s[0..len) into out; false on a malformed escape. */
static bool text_unescape(const char *s, size_t len, bool quoted, struct strbuf *out)
{
	size_t i = 0;
	long v;
	int c;

	while (i < len) {
		if (quoted)
			assert(s[i] != '"'); /* every quote inside is escaped */
		if (s[i] != '\\') {
			sb_putc(out, s[i++]);
			continue;
		}
		if (i + 1 >= len)
			return false;
		if ((c = escaped(s[i + 1], quoted ? "\\\\n\nt\tr\r\"\"" : "\\\\n\nt\tr\r")) >= 0) {
			sb_putc(out, c);
		} else if (s[i + 1] == 'x') {
			if (i + 4 > len || (v = hex(s + i + 2, 2)) < 0)
				return false;
			sb_putc(out, v);
			i += 2;
		} else if (s[i + 1] == 'u') {
			if (i + 6 > len || (v = hex(s + i + 2, 4)) < 0)
				return false;
			put_utf8(out, v);
			i += 4;
		} else {
			return false;
		}
		i += 2;
	}
	return true;
}

typedef void escaper(struct strbuf *sb, const char *s, size_t len);

/* Escape into a fresh buffer, and again after a prefix, which must be kept. */
static void escape(struct strbuf *sb, escaper *fn, const char *data, size_t size)
{
	static const char prefix[] = "prefix\\\"";
	struct strbuf after = { 0 };

	fn(sb, data, size);
	sb_str(sb); /* a buffer even for empty output: memcmp() takes no NULL */
	sb_puts(&after, prefix);
	fn(&after, data, size);
	assert(after.len == strlen(prefix) + sb->len);
	assert(!memcmp(after.buf, prefix, strlen(prefix)));
	assert(!memcmp(after.buf + strlen(prefix), sb->buf, sb->len));
	sb_free(&after);
}

static void check_json(const char *data, size_t size)
{
	struct strbuf json = { 0 }, quoted = { 0 }, decoded = { 0 };

	escape(&json, sb_json_escaped, data, size);
	assert(valid_utf8(json.buf, json.len));
	assert(shows_safely(json.buf, json.len));
	sb_putc(&quoted, '"');
	sb_append(&quoted, json.buf, json.len); /* escape() made json.buf */
	sb_putc(&quoted, '"');
	assert(json_string_decode(quoted.buf, quoted.len, &decoded));
	if (valid_utf8(data, size))
		assert(decoded.len == size && (!size || !memcmp(decoded.buf, data, size)));
	sb_free(&json);
	sb_free(&quoted);
	sb_free(&decoded);
}

static void check_text(const char *data, size_t size, bool quoted)
{
	struct strbuf text = { 0 }, decoded = { 0 };
	const char *inside;
	size_t len;

	escape(&text, quoted ? sb_text_quoted : sb_text_escaped, data, size);
	assert(valid_utf8(text.buf, text.len));
	assert(shows_safely(text.buf, text.len));
	inside = text.buf;
	len = text.len;
	if (quoted) {
		assert(len >= 2 && inside[0] == '"' && inside[len - 1] == '"');
		inside++;
		len -= 2;
	}
	assert(text_unescape(inside, len, quoted, &decoded));
	assert(decoded.len == size && (!size || !memcmp(decoded.buf, data, size)));
	sb_free(&text);
	sb_free(&decoded);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_json((const char *)data, size);
	check_text((const char *)data, size, false);
	check_text((const char *)data, size, true);
	return 0;
}
