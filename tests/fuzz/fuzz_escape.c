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

#include "oracle.h"
#include "strbuf.h"

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
	struct strbuf json = { 0 }, decoded = { 0 };

	escape(&json, sb_json_escaped, data, size);
	assert(test_utf8_valid(json.buf, json.len));
	assert(test_shows_safely(json.buf, json.len));
	assert(test_json_string_decode(json.buf, json.len, &decoded));
	if (test_utf8_valid(data, size))
		assert(decoded.len == size && (!size || !memcmp(decoded.buf, data, size)));
	sb_free(&json);
	sb_free(&decoded);
}

static void check_text(const char *data, size_t size, bool quoted)
{
	struct strbuf text = { 0 }, decoded = { 0 };
	const char *inside;
	size_t len;

	escape(&text, quoted ? sb_text_quoted : sb_text_escaped, data, size);
	assert(test_utf8_valid(text.buf, text.len));
	assert(test_shows_safely(text.buf, text.len));
	inside = text.buf;
	len = text.len;
	if (quoted) {
		assert(len >= 2 && inside[0] == '"' && inside[len - 1] == '"');
		inside++;
		len -= 2;
	}
	assert(test_text_unescape(inside, len, quoted, &decoded));
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
