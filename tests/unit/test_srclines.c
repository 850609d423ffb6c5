// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * srclines.h on the fixtures the Makefile builds from
 * fixtures/inline_target.c (INLINE_FIXTURES). What the tests expect comes
 * from outside common/: every byte's frames from binutils' addr2line (an
 * independent DWARF reader), line numbers from the markers in the source,
 * and the sections the corruption tests break from libelf.
 */
#include "srcfacts.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <sys/stat.h>
#include <unistd.h>

#include "srclines.h"

static struct srclines *open_lines(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct srclines *s;

	cr_assert(fd >= 0, "%s: %s", path, strerror(errno));
	s = srclines_open(fd);
	close(fd); /* the handle needs it no longer */
	return s;
}

/* Frame `got` is addr2line's `want`: the same name, file and line. */
static void assert_same_frame(unsigned long long addr, size_t i, const struct srcline *got,
			      const struct a2l_frame *want)
{
	bool known = strcmp(want->name, "??");

	cr_assert(known ? got->name && !strcmp(got->name, want->name) : !got->name,
		  "%#llx frame %zu: %s, addr2line says %s", addr, i, got->name ?: "nothing",
		  want->name);
	cr_assert_eq(got->line, want->line, "%#llx frame %zu (%s): line %u, addr2line says %u",
		     addr, i, want->name, got->line, want->line);
	if (want->line)
		cr_assert(got->file && !strcmp(got->file, want->file),
			  "%#llx frame %zu: %s, addr2line says %s", addr, i, got->file ?: "nothing",
			  want->file);
	else
		cr_assert_null(got->file, "%s with no line", got->file);
}

/*
 * Every byte of the fixture's functions, as addr2line -i -f names it: the
 * same frames in the same order, names, files and lines; deeper than
 * SRCLINES_MAX, the innermost ones and the outermost. The same without
 * .debug_aranges, where the unit is found by its own DIE's ranges.
 */
static void assert_as_addr2line_says(const char *path)
{
	struct srclines *s = open_lines(path);
	struct srcline got[SRCLINES_MAX];
	size_t n, i, j, k, want_n, deepest = 0;
	struct a2l *all = read_a2l(&n);

	cr_assert(s, "no DWARF read from %s", path);
	for (i = 0; i < n; i++) {
		memset(got, 0xa5, sizeof(got));
		k = srclines_lookup(s, all[i].addr, got, SRCLINES_MAX);
		want_n = all[i].n < SRCLINES_MAX ? all[i].n : SRCLINES_MAX;
		cr_assert_eq(k, want_n, "%#llx: %zu frames, addr2line says %zu", all[i].addr, k,
			     all[i].n);
		for (j = 0; j + 1 < k; j++)
			assert_same_frame(all[i].addr, j, &got[j], &all[i].f[j]);
		assert_same_frame(all[i].addr, k - 1, &got[k - 1], &all[i].f[all[i].n - 1]);
		deepest = all[i].n > deepest ? all[i].n : deepest;
	}
	cr_assert_gt(deepest, SRCLINES_MAX, "the fixture inlines only %zu deep", deepest);
	free(all);
	srclines_free(s);
}

Test(srclines, every_byte_as_addr2line_says)
{
	assert_as_addr2line_says(INLINE_FIXTURE("inline_target"));
	assert_as_addr2line_says(INLINE_FIXTURE("inline_target-noaranges"));
}

/* The first address of the fixture's functions whose innermost frame is `name`'s at `line`. */
static unsigned long long find_innermost(struct srclines *s, const char *name, unsigned line,
					 struct srcline *got, size_t *k)
{
	size_t n, i;
	struct a2l *all = read_a2l(&n);
	unsigned long long addr;

	for (i = 0; i < n; i++) {
		*k = srclines_lookup(s, all[i].addr, got, SRCLINES_MAX);
		if (*k && got[0].name && !strcmp(got[0].name, name) && got[0].line == line) {
			addr = all[i].addr;
			free(all);
			return addr;
		}
	}
	cr_assert_fail("no address in %s at line %u", name, line);
	return 0;
}

static void assert_frame(const struct srcline *f, const char *name, const char *marker)
{
	unsigned line = marker_line(marker);

	cr_assert(f->name && !strcmp(f->name, name), "%s, not %s", f->name ?: "nothing", name);
	cr_assert_eq(f->line, line, "%s: line %u, the source's %s is %u", name, f->line, marker,
		     line);
	cr_assert(is_fixture_source(f->file), "%s: %s", name, f->file ?: "no file");
}

/*
 * Lines the source's markers say: in the code of inline_leaf inlined into
 * inline_middle inlined into inline_outer, the leaf's line, then the line
 * of each call; in inline_plain, its own line alone.
 */
Test(srclines, inlined_frames_and_lines_are_the_source_s)
{
	struct srclines *s = open_lines(INLINE_FIXTURE("inline_target"));
	struct srcline got[SRCLINES_MAX];
	size_t k;

	cr_assert(s);
	find_innermost(s, "inline_leaf", marker_line("leaf"), got, &k);
	cr_assert_eq(k, 3);
	assert_frame(&got[0], "inline_leaf", "leaf");
	assert_frame(&got[1], "inline_middle", "middle_call");
	assert_frame(&got[2], "inline_outer", "outer_call");

	find_innermost(s, "inline_middle", marker_line("middle_after"), got, &k);
	cr_assert_eq(k, 2);
	assert_frame(&got[1], "inline_outer", "outer_call");

	find_innermost(s, "inline_plain", marker_line("plain"), got, &k);
	cr_assert_eq(k, 1);
	assert_frame(&got[0], "inline_plain", "plain");
	srclines_free(s);
}

/*
 * Ten levels inlined: the innermost SRCLINES_MAX - 1 and the function they
 * are in; a shorter buffer keeps the innermost and the outermost too.
 */
Test(srclines, deep_inlining_keeps_the_innermost_and_the_function)
{
	struct srclines *s = open_lines(INLINE_FIXTURE("inline_target"));
	struct srcline got[SRCLINES_MAX], two[2];
	unsigned long long addr;
	char name[32];
	size_t k, i;

	cr_assert(s);
	addr = find_innermost(s, "inline_deep0", marker_line("deep0"), got, &k);
	cr_assert_eq(k, SRCLINES_MAX);
	for (i = 0; i + 1 < SRCLINES_MAX; i++) {
		snprintf(name, sizeof(name), "inline_deep%zu", i);
		cr_assert(got[i].name && !strcmp(got[i].name, name), "frame %zu: %s", i,
			  got[i].name ?: "nothing");
		cr_assert(got[i].line && is_fixture_source(got[i].file));
	}
	assert_frame(&got[SRCLINES_MAX - 1], "inline_deep", "deep_call");

	cr_assert_eq(srclines_lookup(s, addr, two, 2), 2);
	assert_frame(&two[0], "inline_deep0", "deep0");
	assert_frame(&two[1], "inline_deep", "deep_call");
	cr_assert_eq(srclines_lookup(s, addr, two, 0), 0);
	srclines_free(s);
}

/* No DWARF: a copy stripped of it, a stripped library, what is no ELF file. */
Test(srclines, a_file_without_dwarf_has_none)
{
	cr_assert_null(open_lines(INLINE_FIXTURE("inline_target-nodwarf")));
	cr_assert_null(open_lines(INLINE_FIXTURE("inline_target-stripped")));
	cr_assert_null(open_lines(INLINE_FIXTURE("libelfsym-stripped.so")));
	cr_assert_null(open_lines(INLINE_SOURCE));
	cr_assert_null(open_lines("/dev/null"));
}

/* Where section `name` of ELF file `path` is: its header's index, offset and size, by libelf. */
static void find_section(const char *path, const char *name, size_t *index, off_t *offset,
			 size_t *size, off_t *shdr_at)
{
	int fd = open(path, O_RDONLY);
	size_t shstrndx;
	Elf_Scn *scn = NULL;
	GElf_Ehdr eh;
	GElf_Shdr sh;
	Elf *e;

	cr_assert(fd >= 0);
	elf_version(EV_CURRENT);
	cr_assert((e = elf_begin(fd, ELF_C_READ, NULL)) && gelf_getehdr(e, &eh) &&
		  !elf_getshdrstrndx(e, &shstrndx));
	while ((scn = elf_nextscn(e, scn)))
		if (gelf_getshdr(scn, &sh) && !strcmp(elf_strptr(e, shstrndx, sh.sh_name), name))
			break;
	cr_assert(scn, "%s has no %s", path, name);
	*index = elf_ndxscn(scn);
	*offset = sh.sh_offset;
	*size = sh.sh_size;
	*shdr_at = eh.e_shoff + *index * eh.e_shentsize;
	elf_end(e);
	close(fd);
}

/* A copy of the fixture in a temporary file, its path in tmp. */
static int fixture_copy(char *tmp)
{
	char cmd[PATH_MAX * 2];
	int fd;

	strcpy(tmp, "/tmp/srclines-XXXXXX");
	fd = mkstemp(tmp);
	cr_assert(fd >= 0);
	snprintf(cmd, sizeof(cmd), "cp %s %s", INLINE_FIXTURE("inline_target"), tmp);
	cr_assert_eq(system(cmd), 0);
	return fd;
}

enum damage { FILL, TRUNCATE, NOISE };

/* The copy's section `name` filled with 0xff, cut to half its size, or random bytes. */
static void damage(int fd, const char *path, const char *name, enum damage how)
{
	size_t index, size, i;
	off_t offset, shdr_at;
	Elf64_Xword half;
	char *junk;

	find_section(path, name, &index, &offset, &size, &shdr_at);
	if (how == TRUNCATE) {
		half = size / 2;
		cr_assert_eq(
			pwrite(fd, &half, sizeof(half), shdr_at + offsetof(Elf64_Shdr, sh_size)),
			(ssize_t)sizeof(half));
		return;
	}
	cr_assert((junk = malloc(size)));
	srandom(index);
	for (i = 0; i < size; i++)
		junk[i] = how == FILL ? (char)0xff : (char)random();
	cr_assert_eq(pwrite(fd, junk, size, offset), (ssize_t)size);
	free(junk);
}

/*
 * Broken DWARF, and no crash: a line table of 0xff bytes or cut to half its
 * size (its program runs past the end) gives no lines, though the functions
 * in .debug_info are still named; .debug_info of 0xff bytes gives nothing at
 * all; .debug_info cut in half leaves the unit's first DIE, and so its
 * intact line table: the lines still given must be addr2line's. Noise in the
 * abbreviations, the units, the line table or the address ranges must only
 * not crash (the sanitizer build checks our side of it). The lookups run
 * over every byte of the fixture's functions.
 */
Test(srclines, broken_dwarf_gives_no_lines_and_no_crash)
{
	static const struct {
		const char *section;
		enum damage how;
		bool lines_gone;  /* no frame may have a line */
		bool lines_right; /* a line given is addr2line's for the intact file */
		bool all_gone;	  /* it must not open at all */
	} cases[] = {
		{ ".debug_line", FILL, true, true, false },
		{ ".debug_line", TRUNCATE, true, true, false },
		{ ".debug_info", FILL, true, true, true },
		{ ".debug_info", TRUNCATE, false, true, false },
		{ ".debug_line", NOISE, false, false, false },
		{ ".debug_info", NOISE, false, false, false },
		{ ".debug_abbrev", NOISE, false, false, false },
		{ ".debug_aranges", NOISE, false, false, false },
	};
	struct srcline got[SRCLINES_MAX];
	struct srclines *s;
	struct a2l *all;
	size_t n, c, i, j, k, lines;
	char tmp[PATH_MAX];
	int fd;

	all = read_a2l(&n);
	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		fd = fixture_copy(tmp);
		damage(fd, tmp, cases[c].section, cases[c].how);
		close(fd);
		s = open_lines(tmp);
		unlink(tmp);
		if (cases[c].all_gone)
			cr_assert_null(s, "%s damaged (%d): still opens", cases[c].section,
				       cases[c].how);
		for (i = lines = 0; s && i < n; i++) {
			k = srclines_lookup(s, all[i].addr, got, SRCLINES_MAX);
			cr_assert_leq(k, SRCLINES_MAX);
			for (j = 0; j < k; j++) {
				cr_assert(!got[j].line == !got[j].file);
				lines += got[j].line != 0;
			}
			if (cases[c].lines_right && k && got[0].line)
				cr_assert(got[0].line == all[i].f[0].line &&
						  !strcmp(got[0].file, all[i].f[0].file),
					  "%s damaged (%d): %#llx at %s:%u, not %s:%u",
					  cases[c].section, cases[c].how, all[i].addr, got[0].file,
					  got[0].line, all[i].f[0].file, all[i].f[0].line);
		}
		if (cases[c].lines_gone)
			cr_assert_eq(lines, 0, "%s damaged (%d): %zu lines", cases[c].section,
				     cases[c].how, lines);
		srclines_free(s);
	}
	free(all);
}
