// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* sb_text_escaped and sb_json_escaped: untrusted bytes made safe for a terminal or JSON. */
#include "unit.h"

/* Escape `len` bytes for a terminal; the result is malloc'd. */
static char *text_esc(const char *s, size_t len)
{
	struct strbuf sb = { 0 };

	sb_text_escaped(&sb, s, len);
	sb_str(&sb);
	return sb.buf;
}

static char *json_esc(const char *s, size_t len)
{
	struct strbuf sb = { 0 };

	sb_json_escaped(&sb, s, len);
	sb_str(&sb);
	return sb.buf;
}

/* A string literal, embedded NULs included. */
#define LIT(s) s, sizeof(s) - 1

#define assert_text(input, expected)                                               \
	do {                                                                       \
		char *got_ = text_esc(LIT(input));                                 \
		cr_assert_str_eq(got_, expected, "text escape: got \"%s\"", got_); \
		free(got_);                                                        \
	} while (0)

#define assert_json(input, expected)                                               \
	do {                                                                       \
		char *got_ = json_esc(LIT(input));                                 \
		cr_assert_str_eq(got_, expected, "json escape: got \"%s\"", got_); \
		free(got_);                                                        \
	} while (0)

/* ---- text: what passes through ----------------------------------------- */

Test(text_escape, printable_ascii_passes_through)
{
	assert_text("hello, world: 0-9 ~!@#$%^&*()[]{}<>?/|'\"`",
		    "hello, world: 0-9 ~!@#$%^&*()[]{}<>?/|'\"`");
}

Test(text_escape, every_printable_ascii_byte_passes_through)
{
	char in[2] = { 0 }, *got;
	int c;

	for (c = 0x20; c < 0x7f; c++) {
		if (c == '\\')
			continue;
		in[0] = c;
		got = text_esc(in, 1);
		cr_assert_str_eq(got, in, "byte 0x%02x was changed to \"%s\"", c, got);
		free(got);
	}
}

Test(text_escape, valid_multibyte_utf8_passes_through)
{
	/* é (2 bytes), 日本 (3 bytes each), 🎉 (4 bytes), U+00A0 (first after C1) */
	assert_text("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8e\x89 \xc2\xa0",
		    "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8e\x89 \xc2\xa0");
}

Test(text_escape, highest_code_point_passes_through)
{
	assert_text("\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf"); /* U+10FFFF */
}

Test(text_escape, empty_input_gives_empty_output)
{
	assert_text("", "");
}

/* ---- text: what is escaped --------------------------------------------- */

Test(text_escape, esc_is_hex_escaped)
{
	assert_text("\x1b[31mred", "\\x1b[31mred");
}

Test(text_escape, other_c0_controls_are_hex_escaped)
{
	assert_text("\x01", "\\x01");
	assert_text("\x07", "\\x07");
	assert_text("\x08", "\\x08");
	assert_text("\x0b\x0c", "\\x0b\\x0c");
	assert_text("\x1f", "\\x1f");
}

Test(text_escape, nul_byte_inside_the_length_is_escaped)
{
	assert_text("a\0b", "a\\x00b");
}

Test(text_escape, del_is_hex_escaped)
{
	assert_text("a\x7f", "a\\x7f");
}

Test(text_escape, c1_control_in_utf8_is_escaped)
{
	/* U+009B is CSI, one byte shorter than ESC [ on a terminal that takes 8-bit controls */
	assert_text("\xc2\x9b"
		    "31m",
		    "\\xc2\\x9b"
		    "31m");
	assert_text("\xc2\x80", "\\xc2\\x80");
	assert_text("\xc2\x9f", "\\xc2\\x9f");
}

Test(text_escape, bidi_override_is_escaped)
{
	/* U+202E RIGHT-TO-LEFT OVERRIDE: "txt.exe" would read "exe.txt" */
	assert_text("\xe2\x80\xae"
		    "txt.exe",
		    "\\u202etxt.exe");
}

Test(text_escape, other_bidi_controls_are_escaped)
{
	assert_text("\xe2\x80\x8e", "\\u200e"); /* LRM */
	assert_text("\xe2\x80\x8f", "\\u200f"); /* RLM */
	assert_text("\xe2\x80\xaa", "\\u202a"); /* LRE */
	assert_text("\xe2\x81\xa6", "\\u2066"); /* LRI */
	assert_text("\xe2\x81\xa9", "\\u2069"); /* PDI */
}

Test(text_escape, backslash_is_doubled)
{
	assert_text("C:\\dir\\x41", "C:\\\\dir\\\\x41");
}

Test(text_escape, newline_tab_cr_get_short_escapes)
{
	assert_text("a\nb\tc\rd", "a\\nb\\tc\\rd");
}

/* ---- text: ill-formed UTF-8 -------------------------------------------- */

Test(text_escape, lone_continuation_bytes_are_hex_escaped)
{
	assert_text("\x80", "\\x80");
	assert_text("a\x9b"
		    "b",
		    "a\\x9bb");
	assert_text("\xbf\xbf", "\\xbf\\xbf");
}

Test(text_escape, overlong_encodings_are_hex_escaped)
{
	assert_text("\xc0\xaf", "\\xc0\\xaf");			 /* '/' in two bytes */
	assert_text("\xc1\xbf", "\\xc1\\xbf");			 /* DEL in two bytes */
	assert_text("\xe0\x80\xaf", "\\xe0\\x80\\xaf");		 /* '/' in three */
	assert_text("\xf0\x80\x80\xaf", "\\xf0\\x80\\x80\\xaf"); /* '/' in four */
	assert_text("\xc0\x9b", "\\xc0\\x9b");			 /* ESC-ish in two */
}

Test(text_escape, surrogates_are_hex_escaped)
{
	assert_text("\xed\xa0\x80", "\\xed\\xa0\\x80");
	assert_text("\xed\xbf\xbf", "\\xed\\xbf\\xbf");
}

Test(text_escape, truncated_sequences_are_hex_escaped)
{
	assert_text("\xe2\x82", "\\xe2\\x82");
	assert_text("\xe2\x82"
		    "A",
		    "\\xe2\\x82"
		    "A");
	assert_text("\xf0\x9f\x8e", "\\xf0\\x9f\\x8e");
	assert_text("\xc3", "\\xc3");
}

Test(text_escape, bytes_f5_to_ff_are_hex_escaped)
{
	char in[1], expected[8], *got;
	int c;

	for (c = 0xf5; c <= 0xff; c++) {
		in[0] = (char)c;
		snprintf(expected, sizeof(expected), "\\x%02x", c);
		got = text_esc(in, 1);
		cr_assert_str_eq(got, expected, "byte 0x%02x gave \"%s\"", c, got);
		free(got);
	}
}

Test(text_escape, above_u10ffff_is_hex_escaped)
{
	assert_text("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");
}

Test(text_escape, terminal_title_attack_leaves_no_control_bytes)
{
	static const char attack[] = "\x1b]0;pwned\x07\x1b[2J\x9b"
				     "1;1H\xc2\x9b"
				     "0m";
	char *got = text_esc(attack, sizeof(attack) - 1);
	size_t i;

	for (i = 0; got[i]; i++)
		cr_assert_geq((unsigned char)got[i], 0x20, "raw byte 0x%02x at %zu in \"%s\"",
			      (unsigned char)got[i], i, got);
	cr_assert_null(strchr(got, 0x7f));
	cr_assert_null(strstr(got, "\xc2\x9b"), "C1 CSI survived in \"%s\"", got);
	cr_assert_str_eq(got, "\\x1b]0;pwned\\x07\\x1b[2J\\x9b1;1H\\xc2\\x9b0m");
	free(got);
}

/* ---- properties over many inputs --------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state >> 32;
}

/* Random bytes biased towards what breaks escapers: controls, leads, continuations. */
static size_t random_input(char *buf, size_t max)
{
	static const unsigned char interesting[] = { 0x00, 0x07, 0x0a, 0x1b, 0x22, 0x5c, 0x7f,
						     0x80, 0x9b, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0,
						     0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff };
	size_t len = rng() % (max + 1), i;

	for (i = 0; i < len; i++)
		buf[i] = rng() % 2 ? interesting[rng() % sizeof(interesting)] : (char)rng();
	return len;
}

Test(text_escape, random_input_never_yields_a_terminal_control)
{
	char in[24];
	uint32_t cp;
	size_t len, i, n;
	int round;

	for (round = 0; round < 20000; round++) {
		struct strbuf sb = { 0 };

		len = random_input(in, sizeof(in));
		sb_text_escaped(&sb, in, len);
		for (i = 0; i < sb.len; i += n) {
			n = test_utf8_len((unsigned char *)sb.buf + i, sb.len - i, &cp);
			cr_assert(n, "round %d: ill-formed UTF-8 at %zu", round, i);
			cr_assert(!test_terminal_control(cp), "round %d: U+%04X passed through",
				  round, cp);
		}
		sb_free(&sb);
	}
}

Test(text_escape, random_input_is_recovered_by_unescaping)
{
	char in[24];
	size_t len;
	int round;

	for (round = 0; round < 20000; round++) {
		struct strbuf sb = { 0 }, back = { 0 };

		len = random_input(in, sizeof(in));
		sb_text_escaped(&sb, in, len);
		cr_assert(test_text_unescape(sb.buf, sb.len, false, &back), "round %d: bad escape",
			  round);
		cr_assert_eq(back.len, len, "round %d: %zu bytes came back, not %zu", round,
			     back.len, len);
		if (len)
			cr_assert_arr_eq(back.buf, in, len, "round %d: escaping lost information",
					 round);
		sb_free(&sb);
		sb_free(&back);
	}
}

/* ---- JSON --------------------------------------------------------------- */

Test(json_escape, quote_and_backslash_are_escaped)
{
	assert_json("say \"hi\"", "say \\\"hi\\\"");
	assert_json("a\\b", "a\\\\b");
}

Test(json_escape, newline_tab_cr_get_short_escapes)
{
	assert_json("a\nb\tc\rd", "a\\nb\\tc\\rd");
}

Test(json_escape, control_characters_become_u00xx)
{
	assert_json("\x01", "\\u0001");
	assert_json("\x1b[0m", "\\u001b[0m");
	assert_json("\x1f", "\\u001f");
	assert_json("a\0b", "a\\u0000b");
}

Test(json_escape, every_c0_control_is_escaped)
{
	char in[1];
	int c;

	for (c = 0; c < 0x20; c++) {
		char *got;

		in[0] = (char)c;
		got = json_esc(in, 1);
		cr_assert_eq(got[0], '\\', "0x%02x not escaped: \"%s\"", c, got);
		cr_assert(test_json_string_valid(got, strlen(got)), "0x%02x: \"%s\"", c, got);
		free(got);
	}
}

Test(json_escape, del_and_c1_are_not_raw)
{
	char *got = json_esc(LIT("\x7f\xc2\x9b"));

	cr_assert_null(strchr(got, 0x7f));
	cr_assert_null(strstr(got, "\xc2\x9b"));
	cr_assert(test_json_string_valid(got, strlen(got)), "\"%s\"", got);
	free(got);
}

Test(json_escape, bidi_override_is_escaped)
{
	assert_json("\xe2\x80\xae"
		    "abc",
		    "\\u202eabc");
}

Test(json_escape, invalid_utf8_becomes_replacement_characters)
{
	assert_json("\xff", "\\ufffd");
	assert_json("a\xc0\xaf"
		    "b",
		    "a\\ufffd\\ufffdb");
	assert_json("\xed\xa0\x80", "\\ufffd\\ufffd\\ufffd");
	assert_json("\xe2\x82", "\\ufffd\\ufffd");
	assert_json("\x80", "\\ufffd");
	assert_json("\xf5\xfe", "\\ufffd\\ufffd");
}

Test(json_escape, valid_utf8_passes_through)
{
	assert_json("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8e\x89",
		    "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8e\x89");
}

Test(json_escape, slash_and_printables_pass_through)
{
	assert_json("/etc/passwd <a href='x'>", "/etc/passwd <a href='x'>");
}

Test(json_escape, random_input_is_valid_json_and_decodes_back)
{
	char in[24];
	size_t len;
	int round;

	for (round = 0; round < 20000; round++) {
		struct strbuf sb = { 0 }, back = { 0 };

		len = random_input(in, sizeof(in));
		sb_json_escaped(&sb, in, len);
		cr_assert(test_json_string_decode(sb.buf, sb.len, &back),
			  "round %d: not a valid JSON string", round);
		if (test_utf8_valid(in, len)) {
			cr_assert_eq(back.len, len, "round %d: length changed", round);
			if (len)
				cr_assert_arr_eq(back.buf, in, len, "round %d: content changed",
						 round);
		}
		sb_free(&sb);
		sb_free(&back);
	}
}

/* ---- XML: entities for the specials, the text escapes for the rest ------ */

static char *xml_esc(const char *s, size_t len)
{
	struct strbuf sb = { 0 };

	sb_xml_escaped(&sb, s, len);
	sb_str(&sb);
	return sb.buf;
}

#define assert_xml(input, expected)                                               \
	do {                                                                      \
		char *got_ = xml_esc(LIT(input));                                 \
		cr_assert_str_eq(got_, expected, "xml escape: got \"%s\"", got_); \
		free(got_);                                                       \
	} while (0)

/* A code point XML 1.0 allows in a document (its Char production). */
static bool xml_char(uint32_t cp)
{
	return cp == 0x9 || cp == 0xa || cp == 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
	       (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/* The five entities undone; false on any other '&' or a raw '<' '>' '"' '''. */
static bool xml_unentity(const char *s, size_t len, struct strbuf *out)
{
	static const char *const names[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&apos;" };
	static const char chars[] = "&<>\"'";
	size_t i = 0, k;

	while (i < len) {
		if (strchr("<>\"'", s[i]) && s[i])
			return false;
		if (s[i] != '&') {
			sb_putc(out, s[i++]);
			continue;
		}
		for (k = 0; k < 5; k++)
			if (!strncmp(s + i, names[k], strlen(names[k])))
				break;
		if (k == 5)
			return false;
		sb_putc(out, chars[k]);
		i += strlen(names[k]);
	}
	return true;
}

Test(xml_escape, specials_become_entities)
{
	assert_xml("a<b>&c\"d'e", "a&lt;b&gt;&amp;c&quot;d&apos;e");
}

Test(xml_escape, controls_and_backslash_use_the_text_escapes)
{
	assert_xml("\x01\n\t\r\\\x7f", "\\x01\\n\\t\\r\\\\\\x7f");
	assert_xml("\xc2\x85", "\\xc2\\x85");			  /* C1 NEL */
	assert_xml("\xe2\x80\xae", "\\u202e");			  /* bidi override */
	assert_xml("\xef\xbf\xbe\xef\xbf\xbf", "\\ufffe\\uffff"); /* not XML characters */
}

Test(xml_escape, invalid_utf8_is_shown_byte_by_byte)
{
	assert_xml("\xff\xc0\x80 ok \xed\xa0\x80", "\\xff\\xc0\\x80 ok \\xed\\xa0\\x80");
}

Test(xml_escape, valid_utf8_passes_through)
{
	assert_xml("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\xa5",
		   "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\xa5");
}

Test(xml_escape, random_input_is_xml_text_and_decodes_back)
{
	char in[24];
	size_t len, i, n;
	uint32_t cp = 0;
	int round;

	for (round = 0; round < 20000; round++) {
		struct strbuf sb = { 0 }, text = { 0 }, back = { 0 };

		len = random_input(in, sizeof(in));
		sb_xml_escaped(&sb, in, len);
		cr_assert(test_utf8_valid(sb.buf, sb.len), "round %d: not UTF-8", round);
		for (i = 0; i < sb.len; i += n) {
			n = test_utf8_len((const unsigned char *)sb.buf + i, sb.len - i, &cp);
			cr_assert(xml_char(cp) && !test_terminal_control(cp),
				  "round %d: U+%04x in the output", round, cp);
		}
		cr_assert(xml_unentity(sb.buf, sb.len, &text), "round %d: a raw special", round);
		cr_assert(test_text_unescape(text.buf, text.len, false, &back),
			  "round %d: not the text escapes", round);
		cr_assert_eq(back.len, len, "round %d: length changed", round);
		if (len)
			cr_assert_arr_eq(back.buf, in, len, "round %d: content changed", round);
		sb_free(&sb);
		sb_free(&text);
		sb_free(&back);
	}
}
