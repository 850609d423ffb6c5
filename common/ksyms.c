// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * /proc/kallsyms as a sorted table (ksyms.h). Each line is
 *
 *	ffffffff81000000 T _stext
 *	ffffffffc0a01000 t ext4_fill_super	[ext4]
 *	ffffffffc0205a1c t bpf_prog_6deef7357e7b4530_exit_tp	[bpf]
 *
 * Text symbols (t, T, w, W) are kept; data symbols, which kernels built with
 * CONFIG_KALLSYMS_ALL also list, cannot be where a stack points, and are
 * read only into a table of their own (ksyms_load_data(): a static lock's
 * name, for klockstat). A module's
 * lines come together, so its name is stored once per run of lines.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksyms.h"
#include "scan.h"

struct ksym {
	__u64 addr;
	__u32 name;   /* offset in names */
	__u32 module; /* offset in names; 0: the kernel itself */
};

static bool is_text(char type)
{
	return type == 't' || type == 'T' || type == 'w' || type == 'W';
}

/* Initialized and zeroed data, and read-only data. */
static bool is_data(char type)
{
	return type == 'd' || type == 'D' || type == 'b' || type == 'B' || type == 'r' ||
	       type == 'R';
}

/* What a parse carries from one piece of the file to the next. */
struct parse_state {
	__u32 last_module;
	bool nonzero; /* some address is not 0 */
	bool data;    /* keep data symbols, not text */
};

/* Append s[0..len) and a NUL to the names; its offset. */
static __u32 name_add(struct ksyms *k, const char *s, size_t len)
{
	__u32 at = (__u32)k->names.len;

	sb_append(&k->names, s, len);
	sb_putc(&k->names, '\0');
	return at;
}

/* The module of a line ("\t[ext4]" after the name), interned against the previous line's. */
static __u32 module_of(struct ksyms *k, const char *p, const char *end, __u32 last)
{
	const char *open = memchr(p, '[', end - p), *close;
	size_t len;

	if (!open || !(close = memchr(open, ']', end - open)))
		return 0;
	len = close - open - 1;
	if (!len || memchr(open + 1, '\0', len))
		return 0;
	if (last && strlen(k->names.buf + last) == len &&
	    !memcmp(k->names.buf + last, open + 1, len))
		return last;
	return name_add(k, open + 1, len);
}

/* The length of the word at p, up to a blank or end. */
static size_t word_len(const char *p, const char *end)
{
	size_t n = 0;

	while (p + n < end && p[n] != ' ' && p[n] != '\t' && p[n] != '\0')
		n++;
	return n;
}

/* One line, [line, end): false if it is not a symbol of the kind kept ("ADDR TYPE NAME[\t[MODULE]]"). */
static bool parse_line(struct ksyms *k, struct parse_state *st, const char *line, const char *end)
{
	const char *after, *name;
	struct ksym *s;
	size_t len;
	__u64 addr;

	after = scan_hex(line, end, &addr);
	if (!after || end - after < 4 || after[0] != ' ' || after[2] != ' ' ||
	    !(st->data ? is_data(after[1]) : is_text(after[1])))
		return false;
	name = after + 3;
	len = word_len(name, end);
	if (!len || !(s = vec_push(&k->syms)))
		return false;
	s->addr = addr;
	s->name = name_add(k, name, len);
	st->last_module = s->module = module_of(k, name + len, end, st->last_module);
	st->nonzero |= addr != 0;
	return true;
}

static int by_address(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->name < y->name ? -1 : x->name > y->name; /* aliases: the first listed first */
}

static void parse_begin(struct ksyms *k, struct parse_state *st)
{
	memset(k, 0, sizeof(*k));
	memset(st, 0, sizeof(*st));
	k->syms.size = sizeof(struct ksym);
	name_add(k, "", 0); /* offset 0: no module */
}

/* The whole lines of text[0..len) (and the last one too if `all`); the bytes used. */
static size_t parse_lines(struct ksyms *k, struct parse_state *st, const char *text, size_t len,
			  bool all)
{
	const char *line = text, *end = text + len, *nl;

	for (; line < end; line = nl + 1) {
		nl = memchr(line, '\n', end - line);
		if (!nl && !all)
			break;
		if (!nl)
			nl = end;
		parse_line(k, st, line, nl);
	}
	return line < end ? (size_t)(line - text) : len;
}

static int parse_end(struct ksyms *k, const struct parse_state *st)
{
	int err = !k->syms.n ? -ENOENT : !st->nonzero ? -EPERM : 0;

	if (err)
		ksyms_free(k);
	else
		vec_sort(&k->syms, by_address);
	return err;
}

int ksyms_parse(struct ksyms *k, const char *text, size_t len)
{
	struct parse_state st;

	parse_begin(k, &st);
	parse_lines(k, &st, text, len, true);
	return parse_end(k, &st);
}

/* Read in pieces: the file is several MB of text, the table half that. */
static int load(struct ksyms *k, bool data)
{
	FILE *f = fopen("/proc/kallsyms", "re");
	struct parse_state st;
	char buf[64 * 1024];
	size_t have = 0, n, used;

	if (!f)
		return -errno;
	parse_begin(k, &st);
	st.data = data;
	while ((n = fread(buf + have, 1, sizeof(buf) - have, f)) > 0) {
		have += n;
		used = parse_lines(k, &st, buf, have, false);
		if (!used && have == sizeof(buf))
			used = have; /* a line longer than the buffer: no symbol's */
		memmove(buf, buf + used, have - used);
		have -= used;
	}
	parse_lines(k, &st, buf, have, true);
	if (ferror(f)) {
		fclose(f);
		ksyms_free(k);
		return -EIO;
	}
	fclose(f);
	return parse_end(k, &st);
}

int ksyms_load(struct ksyms *k)
{
	return load(k, false);
}

int ksyms_load_data(struct ksyms *k)
{
	return load(k, true);
}

bool ksyms_find(const struct ksyms *k, __u64 addr, struct ksym_match *m)
{
	const struct ksym *syms = k->syms.v;
	size_t lo = sorted_at_or_below(syms, k->syms.n, sizeof(*syms), offsetof(struct ksym, addr),
				       addr);

	if (!lo)
		return false;
	while (lo > 1 && syms[lo - 2].addr == syms[lo - 1].addr)
		lo--; /* of aliases, the first listed */
	m->name = k->names.buf + syms[lo - 1].name;
	m->module = syms[lo - 1].module ? k->names.buf + syms[lo - 1].module : NULL;
	m->offset = addr - syms[lo - 1].addr;
	return true;
}

bool ksyms_addr(const struct ksyms *k, const char *name, __u64 *addr)
{
	const struct ksym *syms = k->syms.v;
	size_t i;

	for (i = 0; i < k->syms.n; i++) {
		if (!strcmp(k->names.buf + syms[i].name, name)) {
			*addr = syms[i].addr;
			return true;
		}
	}
	return false;
}

void ksyms_free(struct ksyms *k)
{
	free(k->syms.v);
	sb_free(&k->names);
	memset(k, 0, sizeof(*k));
}
