/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* A growable byte buffer: records are built in one and written with one call. */
#ifndef SONDE_STRBUF_H
#define SONDE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};

void sb_reset(struct strbuf *sb);
void sb_free(struct strbuf *sb);
/* Room for `more` bytes and a NUL after len (the out-of-line half of the writers below). */
void sb_grow(struct strbuf *sb, size_t more);

/* The writers every record calls, many times: inline, a compare and a copy. */
static inline void sb_putc(struct strbuf *sb, char c)
{
	if (sb->len + 2 > sb->cap)
		sb_grow(sb, 1);
	sb->buf[sb->len++] = c;
}

static inline void sb_append(struct strbuf *sb, const char *s, size_t len)
{
	if (!len)
		return; /* s may be NULL then, which memcpy() does not take */
	if (sb->len + len + 1 > sb->cap)
		sb_grow(sb, len);
	memcpy(sb->buf + sb->len, s, len);
	sb->len += len;
}

static inline void sb_puts(struct strbuf *sb, const char *s)
{
	sb_append(sb, s, strlen(s));
}

/* Decimal digits, as printf's %llu and %lld write them. */
void sb_u64(struct strbuf *sb, unsigned long long v);
void sb_s64(struct strbuf *sb, long long v);
/* printf's "%.*f" of v with `decimals` places, to the byte, mostly without printf. */
void sb_fixed(struct strbuf *sb, double v, int decimals);
void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap);
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_pad(struct strbuf *sb, char c, size_t n);
/* NUL-terminated view of the contents (valid until the next write). */
const char *sb_str(struct strbuf *sb);

/* Untrusted bytes for a terminal: printable UTF-8 as is, the rest as \xNN or \uNNNN. */
void sb_text_escaped(struct strbuf *sb, const char *s, size_t len);
/* The same in double quotes, a quote inside as \" (the shell's reading of it). */
void sb_text_quoted(struct strbuf *sb, const char *s, size_t len);
/* Untrusted bytes as the inside of a JSON string (RFC 8259), always valid UTF-8. */
void sb_json_escaped(struct strbuf *sb, const char *s, size_t len);
/*
 * Untrusted bytes as XML character data or an attribute value: the text
 * escaping's readable form (\xNN, \uNNNN, \\, \n) for what XML may not
 * hold or a reader should not be shown, and & < > " ' as entities. Always
 * well-formed UTF-8 that XML 1.0 accepts.
 */
void sb_xml_escaped(struct strbuf *sb, const char *s, size_t len);

#endif
