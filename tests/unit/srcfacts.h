/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What the source-line tests expect of the fixture fixtures/inline_target.c,
 * found apart from common/: a line's number by its marker comment in the
 * source (LINE:name), and what binutils' addr2line -a -i -f said of every
 * byte of the fixture's functions at build time (inline_target.lines).
 */
#ifndef SONDE_TEST_SRCFACTS_H
#define SONDE_TEST_SRCFACTS_H

#include "unit.h"

#include <errno.h>
#include <limits.h>

#define INLINE_FIXTURE(name) ELFSYM_FIXTURES "/" name

/* The number of the one line of the fixture's source marked LINE:name. */
static inline unsigned marker_line(const char *name)
{
	char want[96], line[512];
	unsigned n, found = 0;
	FILE *in = fopen(INLINE_SOURCE, "r");

	cr_assert(in, "%s: %s", INLINE_SOURCE, strerror(errno));
	snprintf(want, sizeof(want), "/* LINE:%s */", name);
	for (n = 1; fgets(line, sizeof(line), in); n++) {
		if (!strstr(line, want))
			continue;
		cr_assert_eq(found, 0, "marker %s twice", name);
		found = n;
	}
	fclose(in);
	cr_assert(found, "no marker %s in %s", name, INLINE_SOURCE);
	return found;
}

/* A frame addr2line printed: "??" and "??:0" where it knew nothing. */
struct a2l_frame {
	char name[64];
	char file[256];
	unsigned line;
};

/* addr2line's frames of one address, innermost first. */
struct a2l {
	unsigned long long addr;
	size_t n;
	struct a2l_frame f[16];
};

/* "file:line", "file:line (discriminator N)" or "??:?" into f. */
static inline void a2l_location(struct a2l_frame *f, char *text)
{
	char *colon, *disc = strstr(text, " (discriminator");

	if (disc)
		*disc = '\0';
	colon = strrchr(text, ':');
	cr_assert(colon, "addr2line said %s", text);
	*colon = '\0';
	cr_assert_lt(strlen(text), sizeof(f->file), "%s: too long", text);
	strcpy(f->file, text);
	if (sscanf(colon + 1, "%u", &f->line) != 1)
		f->line = 0;
}

/* Every address inline_target.lines holds, with its frames; free() it. */
static inline struct a2l *read_a2l(size_t *n)
{
	const char *path = INLINE_FIXTURE("inline_target.lines");
	size_t cap = 0;
	struct a2l *all = NULL, *a = NULL;
	char line[512];
	bool name_next = false;
	FILE *in = fopen(path, "r");

	cr_assert(in, "%s: %s (built with the unit tests)", path, strerror(errno));
	*n = 0;
	while (fgets(line, sizeof(line), in)) {
		line[strcspn(line, "\n")] = '\0';
		if (starts_with(line, "0x")) {
			if (*n == cap) {
				cap = cap ? 2 * cap : 256;
				all = realloc(all, cap * sizeof(*all));
				cr_assert(all);
			}
			a = &all[(*n)++];
			memset(a, 0, sizeof(*a));
			a->addr = strtoull(line, NULL, 16);
			name_next = true;
			continue;
		}
		cr_assert(a, "%s does not start with an address", path);
		if (name_next) {
			cr_assert(a->n < 16, "%#llx: too deep", a->addr);
			cr_assert_lt(strlen(line), sizeof(a->f[a->n].name), "%s: too long", line);
			strcpy(a->f[a->n].name, line);
		} else {
			a2l_location(&a->f[a->n++], line);
		}
		name_next = !name_next;
	}
	fclose(in);
	cr_assert(*n > 100, "%s holds %zu addresses", path, *n);
	return all;
}

/* addr2line's frames of the address, or NULL. */
static inline const struct a2l *a2l_at(const struct a2l *all, size_t n, unsigned long long addr)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (all[i].addr == addr)
			return &all[i];
	return NULL;
}

/* A file name ends in the fixture's source path. */
static inline bool is_fixture_source(const char *file)
{
	const char *tail = "/tests/unit/fixtures/inline_target.c";

	return file && strlen(file) >= strlen(tail) &&
	       !strcmp(file + strlen(file) - strlen(tail), tail);
}

#endif
