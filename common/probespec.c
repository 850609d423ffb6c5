// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The probe grammar of probespec.h. The text is copied once and cut at its
 * colons; each kind says how many pieces it has and what each may hold, so
 * a mistake is named in one line with the form the kind expects.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probespec.h"

/* What a piece may hold: EVENT is an IDENT that may be a pattern (tracepoints). */
enum piece { IDENT, EVENT, FUNCTION, BINARY };

struct kind_form {
	const char *prefix, *long_prefix; /* "t", "tracepoint" */
	enum spec_kind kind;
	const char *usage;  /* the form, for messages */
	int pieces;	    /* after the prefix */
	enum piece what[3]; /* of each piece */
	bool offset;	    /* FUNCTION may end in +OFFSET */
};

static const struct kind_form forms[] = {
	{ "t", "tracepoint", SPEC_TRACEPOINT, "t:CATEGORY:NAME", 2, { EVENT, EVENT }, false },
	{ "k", "kprobe", SPEC_KPROBE, "k:FUNCTION[+OFFSET]", 1, { FUNCTION }, true },
	{ "kr", "kretprobe", SPEC_KRETPROBE, "kr:FUNCTION", 1, { FUNCTION }, false },
	{ "u", "uprobe", SPEC_UPROBE, "u:BINARY:FUNCTION[+OFFSET]", 2, { BINARY, FUNCTION }, true },
	{ "ur", "uretprobe", SPEC_URETPROBE, "ur:BINARY:FUNCTION", 2, { BINARY, FUNCTION }, false },
	{ "usdt",
	  NULL,
	  SPEC_USDT,
	  "usdt:BINARY:PROVIDER:NAME",
	  3,
	  { BINARY, IDENT, IDENT },
	  false },
};

#define MAX_PIECES 4

const char *spec_kind_name(enum spec_kind kind)
{
	static const char *const names[] = { "tracepoint", "kprobe",	"kretprobe",
					     "uprobe",	   "uretprobe", "usdt" };

	return kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "probe";
}

static const struct kind_form *form_of(const char *prefix)
{
	size_t i;

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		if (!strcmp(prefix, forms[i].prefix) ||
		    (forms[i].long_prefix && !strcmp(prefix, forms[i].long_prefix)))
			return &forms[i];
	return NULL;
}

static bool is_ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

static bool is_glob_char(char c)
{
	return c == '*' || c == '?' || c == '[' || c == ']';
}

/* An identifier (a USDT provider or probe); a tracepoint's category or name if `glob`. */
static bool valid_ident(const char *s, bool *glob)
{
	for (; *s; s++) {
		if (glob && is_glob_char(*s))
			*glob = true;
		else if (!is_ident_char(*s))
			return false;
	}
	return true;
}

/* A function: identifier characters, '.' (foo.isra.0) and glob characters. */
static bool valid_function(const char *s, bool *glob)
{
	for (; *s; s++) {
		if (is_glob_char(*s))
			*glob = true;
		else if (!is_ident_char(*s) && *s != '.')
			return false;
	}
	return true;
}

/* A path or a library's name: printable, no blanks. */
static bool valid_binary(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f)
			return false;
	return true;
}

/* "+OFFSET" at the end of a function: cut off, its value into *offset; false if malformed. */
static bool take_offset(char *function, __u64 *offset)
{
	char *plus = strchr(function, '+'), *end;

	if (!plus)
		return true;
	*plus = '\0';
	if (plus[1] < '0' || plus[1] > '9')
		return false;
	errno = 0;
	*offset = strtoull(plus + 1, &end, 0);
	return !errno && !*end;
}

static int fail(char *why, size_t len, const char *text, const char *fmt, const char *arg)
{
	char reason[160];

	snprintf(reason, sizeof(reason), fmt, arg);
	snprintf(why, len, "probe '%s': %s", text, reason);
	return -1;
}

/* Check piece i of the form and place it in spec; 0 or -1 with why written. */
static int take_piece(const struct kind_form *form, int i, char *piece, struct probe_spec *spec,
		      const char *text, char *why, size_t len)
{
	const bool last = i == form->pieces - 1;

	if (!*piece)
		return fail(why, len, text, "an empty part (the form is %s)", form->usage);
	switch (form->what[i]) {
	case BINARY:
		if (!valid_binary(piece))
			return fail(why, len, text, "'%s' is not a file or library name", piece);
		spec->binary = piece;
		return 0;
	case FUNCTION:
		if (form->offset && !take_offset(piece, &spec->offset))
			return fail(why, len, text, "a bad offset (the form is %s)", form->usage);
		if (!*piece || !valid_function(piece, &spec->glob))
			return fail(why, len, text, "'%s' is not a function name", piece);
		if (spec->glob && spec->offset)
			return fail(why, len, text, "%s", "an offset into a pattern");
		spec->name = piece;
		return 0;
	case IDENT:
	case EVENT:
		if (!valid_ident(piece, form->what[i] == EVENT ? &spec->glob : NULL))
			return fail(why, len, text, "'%s' is not a name (letters, digits, _)",
				    piece);
		*(last ? &spec->name : &spec->group) = piece;
		return 0;
	}
	return -1;
}

int probe_spec_parse(const char *text, struct probe_spec *spec, char *why, size_t why_len)
{
	char *piece[MAX_PIECES + 1], *p;
	const struct kind_form *form;
	int n = 0, i;

	memset(spec, 0, sizeof(*spec));
	for (p = (char *)text; *p; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f) {
			/* not echoed: the reason is one line on a terminal */
			snprintf(why, why_len, "probe: holds a control character");
			return -1;
		}
	if (!*text)
		return fail(why, why_len, text, "%s", "empty (t:, k:, kr:, u:, ur: or usdt:)");
	spec->storage = strdup(text);
	if (!spec->storage)
		return fail(why, why_len, text, "%s", strerror(ENOMEM));
	for (p = spec->storage, piece[n++] = p; (p = strchr(p, ':')) && n <= MAX_PIECES; p++) {
		*p = '\0';
		piece[n++] = p + 1;
	}
	form = form_of(piece[0]);
	if (!form || n == 1) {
		fail(why, why_len, text, "%s", "no probe type (t:, k:, kr:, u:, ur: or usdt:)");
	} else if (p || n - 1 != form->pieces) {
		fail(why, why_len, text, "the form is %s", form->usage);
	} else {
		spec->kind = form->kind;
		for (i = 0; i < form->pieces; i++)
			if (take_piece(form, i, piece[i + 1], spec, text, why, why_len))
				break;
		if (i == form->pieces)
			return 0;
	}
	probe_spec_free(spec);
	return -1;
}

void probe_spec_free(struct probe_spec *spec)
{
	free(spec->storage);
	memset(spec, 0, sizeof(*spec));
}
