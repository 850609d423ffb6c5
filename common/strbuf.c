// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

static void sb_reserve(struct strbuf *sb, size_t more)
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

void sb_putc(struct strbuf *sb, char c)
{
	sb_reserve(sb, 1);
	sb->buf[sb->len++] = c;
}

void sb_append(struct strbuf *sb, const char *s, size_t len)
{
	if (!len)
		return; /* s may be NULL then, which memcpy() does not take */
	sb_reserve(sb, len);
	memcpy(sb->buf + sb->len, s, len);
	sb->len += len;
}

void sb_puts(struct strbuf *sb, const char *s)
{
	sb_append(sb, s, strlen(s));
}

void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	if (n > 0) {
		sb_reserve(sb, n);
		vsnprintf(sb->buf + sb->len, n + 1, fmt, again);
		sb->len += n;
	}
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
	sb_reserve(sb, n);
	memset(sb->buf + sb->len, c, n);
	sb->len += n;
}

const char *sb_str(struct strbuf *sb)
{
	sb_reserve(sb, 0);
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

void sb_text_escaped(struct strbuf *sb, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n, k;
	uint32_t cp;

	while (i < len) {
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
