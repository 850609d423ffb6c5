// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A strict little JSON reader for the tests: RFC 8259 syntax, no raw control
 * characters in strings, every escape decoded. Strict on purpose, so a tool
 * that prints malformed JSON fails its tests rather than slipping by.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>

#include "harness.h"

struct parser {
	const char *p;
	const char *end;
	const char *error;
};

static bool parse_value(struct parser *ps, struct json *out, int depth);

static void skip_space(struct parser *ps)
{
	while (ps->p < ps->end && strchr(" \t\r\n", *ps->p) && *ps->p)
		ps->p++;
}

static bool fail(struct parser *ps, const char *why)
{
	if (!ps->error)
		ps->error = why;
	return false;
}

static bool expect(struct parser *ps, char c)
{
	skip_space(ps);
	if (ps->p >= ps->end || *ps->p != c)
		return fail(ps, "unexpected character");
	ps->p++;
	return true;
}

static void put_utf8(char *buf, size_t *n, uint32_t cp)
{
	if (cp < 0x80) {
		buf[(*n)++] = cp;
	} else if (cp < 0x800) {
		buf[(*n)++] = 0xc0 | cp >> 6;
		buf[(*n)++] = 0x80 | (cp & 0x3f);
	} else if (cp < 0x10000) {
		buf[(*n)++] = 0xe0 | cp >> 12;
		buf[(*n)++] = 0x80 | ((cp >> 6) & 0x3f);
		buf[(*n)++] = 0x80 | (cp & 0x3f);
	} else {
		buf[(*n)++] = 0xf0 | cp >> 18;
		buf[(*n)++] = 0x80 | ((cp >> 12) & 0x3f);
		buf[(*n)++] = 0x80 | ((cp >> 6) & 0x3f);
		buf[(*n)++] = 0x80 | (cp & 0x3f);
	}
}

static bool hex4(struct parser *ps, uint32_t *v)
{
	char digits[5];
	char *end;

	if (ps->end - ps->p < 4)
		return fail(ps, "short \\u escape");
	memcpy(digits, ps->p, 4);
	digits[4] = '\0';
	*v = strtoul(digits, &end, 16);
	if (*end)
		return fail(ps, "bad \\u escape");
	ps->p += 4;
	return true;
}

static bool parse_escape(struct parser *ps, char *buf, size_t *n)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *hit;
	uint32_t cp, low;

	if (ps->p >= ps->end)
		return fail(ps, "unterminated escape");
	hit = *ps->p ? strchr(from, *ps->p) : NULL;
	if (hit) {
		buf[(*n)++] = to[hit - from];
		ps->p++;
		return true;
	}
	if (*ps->p++ != 'u' || !hex4(ps, &cp))
		return fail(ps, "bad escape");
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u')
			return fail(ps, "lone high surrogate");
		ps->p += 2;
		if (!hex4(ps, &low) || low < 0xdc00 || low > 0xdfff)
			return fail(ps, "bad low surrogate");
		cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
	} else if (cp >= 0xdc00 && cp <= 0xdfff) {
		return fail(ps, "lone low surrogate");
	}
	put_utf8(buf, n, cp);
	return true;
}

static bool parse_string(struct parser *ps, char **str, size_t *len)
{
	char *buf;
	size_t n = 0;

	if (!expect(ps, '"'))
		return false;
	buf = malloc(ps->end - ps->p + 1);
	while (ps->p < ps->end && *ps->p != '"') {
		unsigned char c = *ps->p;

		if (c < 0x20) {
			free(buf);
			return fail(ps, "raw control character in string");
		}
		if (c == '\\') {
			ps->p++;
			if (!parse_escape(ps, buf, &n)) {
				free(buf);
				return false;
			}
			continue;
		}
		buf[n++] = c;
		ps->p++;
	}
	if (ps->p >= ps->end) {
		free(buf);
		return fail(ps, "unterminated string");
	}
	ps->p++;
	buf[n] = '\0';
	*str = buf;
	*len = n;
	return true;
}

static bool parse_number(struct parser *ps, struct json *out)
{
	const char *start = ps->p;
	char *end;

	if (*ps->p == '-')
		ps->p++;
	if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
		return fail(ps, "bad number");
	if (*ps->p == '0' && ps->p + 1 < ps->end && ps->p[1] >= '0' && ps->p[1] <= '9')
		return fail(ps, "leading zero");
	out->type = JSON_NUMBER;
	out->number = strtod(start, &end);
	if (end > ps->end)
		return fail(ps, "bad number");
	ps->p = end;
	return true;
}

static bool parse_members(struct parser *ps, struct json *out, bool object, int depth)
{
	char close = object ? '}' : ']';

	out->type = object ? JSON_OBJECT : JSON_ARRAY;
	skip_space(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		return true;
	}
	for (;;) {
		out->items = realloc(out->items, (out->n + 1) * sizeof(*out->items));
		out->keys = realloc(out->keys, (out->n + 1) * sizeof(*out->keys));
		memset(&out->items[out->n], 0, sizeof(out->items[0]));
		out->keys[out->n] = NULL;
		if (object) {
			size_t len;

			if (!parse_string(ps, &out->keys[out->n], &len) || !expect(ps, ':'))
				return false;
		}
		if (!parse_value(ps, &out->items[out->n++], depth + 1))
			return false;
		skip_space(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		return expect(ps, close);
	}
}

static bool parse_literal(struct parser *ps, const char *word)
{
	size_t len = strlen(word);

	if ((size_t)(ps->end - ps->p) < len || strncmp(ps->p, word, len))
		return fail(ps, "bad literal");
	ps->p += len;
	return true;
}

static bool parse_value(struct parser *ps, struct json *out, int depth)
{
	if (depth > 32)
		return fail(ps, "too deep");
	skip_space(ps);
	if (ps->p >= ps->end)
		return fail(ps, "unexpected end");
	switch (*ps->p) {
	case '{':
	case '[':
		return parse_members(ps, out, *ps->p++ == '{', depth);
	case '"':
		out->type = JSON_STRING;
		return parse_string(ps, &out->string, &out->len);
	case 't':
		out->type = JSON_BOOL;
		out->boolean = true;
		return parse_literal(ps, "true");
	case 'f':
		out->type = JSON_BOOL;
		return parse_literal(ps, "false");
	case 'n':
		out->type = JSON_NULL;
		return parse_literal(ps, "null");
	default:
		return parse_number(ps, out);
	}
}

static void json_free(struct json *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		json_free(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->string);
}

struct json *json_lines(const char *text, size_t *count)
{
	struct json *lines = NULL;
	const char *line = text, *nl;
	size_t n = 0;

	for (; *line; line = nl + 1) {
		struct parser ps;

		nl = strchrnul(line, '\n');
		lines = realloc(lines, (n + 1) * sizeof(*lines));
		memset(&lines[n], 0, sizeof(lines[0]));
		ps = (struct parser){ .p = line, .end = nl };
		if (!parse_value(&ps, &lines[n], 0) || (skip_space(&ps), ps.p != nl) ||
		    lines[n].type != JSON_OBJECT)
			cr_assert_fail("not a JSON object line (%s): %.*s",
				       ps.error ? ps.error : "trailing text", (int)(nl - line),
				       line);
		n++;
		if (!*nl)
			break;
	}
	*count = n;
	return lines;
}

void json_lines_free(struct json *lines, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		json_free(&lines[i]);
	free(lines);
}

const struct json *json_get(const struct json *obj, const char *key)
{
	size_t i;

	for (i = 0; obj->type == JSON_OBJECT && i < obj->n; i++)
		if (!strcmp(obj->keys[i], key))
			return &obj->items[i];
	return NULL;
}

double json_number(const struct json *obj, const char *key)
{
	const struct json *v = json_get(obj, key);

	cr_assert(v && v->type == JSON_NUMBER, "record has no number \"%s\"", key);
	return v->number;
}

const char *json_string(const struct json *obj, const char *key)
{
	const struct json *v = json_get(obj, key);

	cr_assert(v && v->type == JSON_STRING, "record has no string \"%s\"", key);
	return v->string;
}

/* A tool's man page, following a ".so man8/other.8" alias page to the page it names. */
static char *man_page(const char *tool)
{
	char path[512], *page = NULL;
	const char *dir = getenv("SONDE_MAN") ? getenv("SONDE_MAN") : "man/man8";
	size_t len = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.8", dir, tool);
	f = fopen(path, "re");
	cr_assert(f, "no man page %s", path);
	cr_assert(getdelim(&page, &len, '\0', f) > 0);
	fclose(f);
	if (!strncmp(page, ".so man8/", 9)) {
		char other[128];

		snprintf(other, sizeof(other), "%.*s", (int)strcspn(page + 9, ".\n"), page + 9);
		free(page);
		return man_page(other);
	}
	return page;
}

void assert_fields_documented(const char *tool, const struct json *record)
{
	char *page = man_page(tool), *fields, *next;
	size_t i;

	fields = strstr(page, "\n.SH FIELDS");
	cr_assert(fields, "%s(8) has no FIELDS section", tool);
	next = strstr(fields + 1, "\n.SH ");
	if (next)
		*next = '\0';
	for (i = 0; i < record->n; i++) {
		char want[128];

		snprintf(want, sizeof(want), "\n.B %s\n", record->keys[i]);
		cr_expect(strstr(fields, want), "%s(8) FIELDS does not document \"%s\" (as .B %s)",
			  tool, record->keys[i], record->keys[i]);
	}
	free(page);
}
