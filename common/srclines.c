// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Addresses to source frames through libdw (srclines.h): which compile
 * unit holds an address, from a table of every unit's address ranges made
 * when the file is opened; which function of the unit, from a table of the
 * unit's functions made at its first lookup; then the line table's row for
 * the address (dwarf_getsrc_die()) and the chain of DIEs whose ranges hold
 * it, walked down from the function: the inlined subroutines nested in it,
 * each naming its function (DW_AT_abstract_origin) and the line it was
 * called from (DW_AT_call_file, DW_AT_call_line).
 *
 * The unit table is ours, not dwarf_addrdie()'s, which knows only the
 * units .debug_aranges names (clang writes none by default). The walk is
 * ours too: dwarf_getscopes() stops at the innermost inlined instance and
 * climbs the scopes of its abstract origin instead, and a second walk
 * (dwarf_getscopes_die()) would read the unit twice.
 *
 * The DWARF may be any binary's: libdw checks what it reads, the walk is
 * bounded in depth and in DIEs visited, and what fails gives fewer frames.
 */
#define _GNU_SOURCE
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dwlib.h"
#include "srclines.h"
#include "vec.h"

/* DIE nesting followed below a unit: real code nests a few dozen deep at most. */
#define MAX_NESTING 64
/* DIEs a lookup may visit inside a function: a malformed unit could be endless. */
#define MAX_STEPS (1 << 20)
/* DIEs a unit's function index may visit: big C++ units have 10^5 at their top level. */
#define MAX_INDEX_STEPS (1 << 23)

/* A function of a unit: [lo, hi) is its code, or one part of it (a cold part, say). */
struct func {
	__u64 lo, hi;
	Dwarf_Die die;
};

/* A compile unit: its DIE, and the DWARF version (call_file 0 means "none" before 5). */
struct unit {
	Dwarf_Die die;
	Dwarf_Half version;
	bool indexed;	    /* funcs was made, at the unit's first lookup */
	struct func *funcs; /* its functions' ranges, sorted by lo */
	size_t nfuncs;
	char **paths; /* its line table's files made absolute, by index, on first use */
	size_t npaths;
};

/* One of a unit's address ranges: [lo, hi) is unit `unit`'s code. */
struct range {
	__u64 lo, hi;
	size_t unit;
};

struct srclines {
	Elf *elf;
	Dwarf *dw;
	struct unit *units;
	struct range *ranges; /* sorted by lo */
	size_t nunits, nranges;
	/* the last lookup, kept: a stack's frames repeat, and callers ask twice */
	bool memo;
	__u64 memo_vaddr;
	size_t memo_n;
	struct srcline memo_out[SRCLINES_MAX];
};

/* libdw's calls, set by the first srclines_open(): every other function runs after one. */
static const struct dwlib *libdw;

static int range_cmp(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static int func_cmp(const void *a, const void *b)
{
	const struct func *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/*
 * unit's ranges onto `ranges`. A range at 0 is code the linker discarded
 * (what GNU ld leaves of a removed COMDAT function), an empty or wrapping
 * one is lld's tombstone or garbage: neither holds code a process runs.
 */
static int add_ranges(struct vec *ranges, Dwarf_Die *die, size_t unit)
{
	Dwarf_Addr base, lo, hi;
	struct range *r;
	ptrdiff_t at = 0;

	while ((at = libdw->dwarf_ranges(die, at, &base, &lo, &hi)) > 0) {
		if (!lo || lo >= hi)
			continue;
		if (!(r = vec_push(ranges)))
			return -ENOMEM;
		*r = (struct range){ lo, hi, unit };
	}
	return 0;
}

/* The unit whose DIE is at offset `off`, by binary search (units are in offset order). */
static size_t unit_by_offset(struct unit *units, size_t n, Dwarf_Off off)
{
	size_t lo = 0, hi = n, mid;
	Dwarf_Off at;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		at = libdw->dwarf_dieoffset(&units[mid].die);
		if (at == off)
			return mid;
		if (at < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return n;
}

/*
 * The ranges .debug_aranges gives the units, each unit it names marked
 * covered. GCC writes it; clang does not by default, and a binary may mix
 * both, so a unit it does not name is not taken for one without code.
 */
static int add_aranges(Dwarf *dw, struct unit *units, size_t nunits, struct vec *ranges,
		       bool *covered)
{
	Dwarf_Aranges *aranges;
	Dwarf_Addr lo;
	Dwarf_Word len;
	Dwarf_Off off;
	struct range *r;
	size_t n, i, u;

	if (libdw->dwarf_getaranges(dw, &aranges, &n))
		return 0; /* none, or malformed: every unit's DIE says */
	for (i = 0; i < n; i++) {
		if (libdw->dwarf_getarangeinfo(libdw->dwarf_onearange(aranges, i), &lo, &len, &off) ||
		    (u = unit_by_offset(units, nunits, off)) == nunits)
			continue;
		covered[u] = true;
		if (!lo || lo + len <= lo)
			continue; /* as in add_ranges() */
		if (!(r = vec_push(ranges)))
			return -ENOMEM;
		*r = (struct range){ lo, lo + len, u };
	}
	return 0;
}

/*
 * The table of every compile unit's ranges: from .debug_aranges where it
 * names the unit, else from the unit's DIE. Reading a unit's DIE parses its
 * abbreviations: for libc's 1,500 units that is megabytes, which aranges
 * spare until a unit is looked up. Type units hold no code; skeleton units
 * (split DWARF) keep their lines in a .dwo file we do not look for. A unit
 * that cannot be read ends the table where it is.
 */
static int read_units(struct srclines *s)
{
	struct vec units = { .size = sizeof(struct unit) },
		   ranges = { .size = sizeof(struct range) };
	Dwarf_CU *cu = NULL, *next;
	Dwarf_Half version;
	bool *covered = NULL;
	uint8_t type;
	Dwarf_Die die;
	struct unit *u;
	size_t i;

	/* the units' headers alone: their DIEs are not read here */
	while (libdw->dwarf_get_units(s->dw, cu, &next, &version, &type, &die, NULL) == 0) {
		cu = next;
		if (type != DW_UT_compile && type != DW_UT_partial)
			continue;
		if (!(u = vec_push(&units)))
			goto nomem;
		*u = (struct unit){ die, version };
	}
	if (units.n && (!(covered = calloc(units.n, sizeof(*covered))) ||
			add_aranges(s->dw, units.v, units.n, &ranges, covered)))
		goto nomem;
	for (i = 0; i < units.n; i++)
		if (!covered[i] && add_ranges(&ranges, &((struct unit *)units.v)[i].die, i))
			goto nomem;
	free(covered);
	vec_sort(&ranges, range_cmp);
	s->units = units.v;
	s->nunits = units.n;
	s->ranges = ranges.v;
	s->nranges = ranges.n;
	return 0;
nomem:
	free(covered);
	free(units.v);
	free(ranges.v);
	return -ENOMEM;
}

/*
 * Whether every string section libdw reads names from ends in a NUL.
 * libdw before elfutils 0.189 (Debian 12 has 0.188) returns a string at
 * any offset inside the section and strlen()s it, running off the end of
 * one that does not (found by fuzz_srclines: a heap over-read in
 * read_srclines). The sections as libdw sees them, decompressed by
 * dwarf_begin_elf(), are checked after it; with a final NUL, a string at
 * any offset ends inside.
 */
static bool strings_terminated(Elf *elf)
{
	static const char *const names[] = { ".debug_str", ".debug_line_str", ".zdebug_str",
					     ".zdebug_line_str" };
	Elf_Scn *scn = NULL;
	const char *name;
	Elf_Data *data;
	GElf_Shdr shdr;
	size_t shstrndx, i;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return false;
	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &shdr) || !(name = elf_strptr(elf, shstrndx, shdr.sh_name)))
			continue;
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			if (strcmp(name, names[i]))
				continue;
			data = elf_getdata(scn, NULL);
			if (data && data->d_size &&
			    (!data->d_buf || ((const char *)data->d_buf)[data->d_size - 1]))
				return false;
		}
	}
	return true;
}

struct srclines *srclines_open(int fd)
{
	struct srclines *s;

	if (!(libdw = dwlib()) || !(s = calloc(1, sizeof(*s))))
		return NULL;
	elf_version(EV_CURRENT);
	s->elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!s->elf || elf_kind(s->elf) != ELF_K_ELF)
		goto fail;
	/* libdw notes the file's directory through the fd: a dwz file is looked for there */
	s->dw = libdw->dwarf_begin_elf(s->elf, DWARF_C_READ, NULL);
	/* mapped, so the fd may go: libelf reads through the mapping from now on */
	if (!s->dw || !strings_terminated(s->elf) || elf_cntl(s->elf, ELF_C_FDDONE) ||
	    read_units(s) || !s->nranges)
		goto fail;
	return s;
fail:
	srclines_free(s);
	return NULL;
}

void srclines_free(struct srclines *s)
{
	size_t i, j;

	if (!s)
		return;
	if (s->dw)
		libdw->dwarf_end(s->dw);
	if (s->elf)
		elf_end(s->elf);
	for (i = 0; i < s->nunits; i++) {
		for (j = 0; j < s->units[i].npaths; j++)
			free(s->units[i].paths[j]);
		free(s->units[i].paths);
		free(s->units[i].funcs);
	}
	free(s->units);
	free(s->ranges);
	free(s);
}

/* The unit holding vaddr, or NULL. Ranges of units do not overlap but in odd files. */
static struct unit *unit_at(const struct srclines *s, __u64 vaddr)
{
	size_t i = sorted_at_or_below(s->ranges, s->nranges, sizeof(*s->ranges),
				      offsetof(struct range, lo), vaddr),
	       tries;

	for (tries = 0; i > 0 && tries < 8; i--, tries++)
		if (vaddr < s->ranges[i - 1].hi)
			return &s->units[s->ranges[i - 1].unit];
	return NULL;
}

/*
 * The functions below parent (a unit, a namespace) with code, into funcs:
 * the subprograms, through namespaces (C++, Fortran modules), not into
 * the functions themselves (what they hold, the walk finds).
 */
static void index_functions(struct vec *funcs, Dwarf_Die *parent, int depth, size_t *steps)
{
	Dwarf_Addr base, lo, hi;
	struct func *f;
	ptrdiff_t at;
	Dwarf_Die die;

	if (depth >= MAX_NESTING || libdw->dwarf_child(parent, &die) != 0)
		return;
	do {
		if (++*steps > MAX_INDEX_STEPS)
			return;
		switch (libdw->dwarf_tag(&die)) {
		case DW_TAG_namespace:
		case DW_TAG_module:
			index_functions(funcs, &die, depth + 1, steps);
			break;
		case DW_TAG_subprogram:
			for (at = 0; (at = libdw->dwarf_ranges(&die, at, &base, &lo, &hi)) > 0;) {
				if (!lo || lo >= hi)
					continue; /* discarded, or garbage: as in add_ranges() */
				if (!(f = vec_push(funcs)))
					return;
				*f = (struct func){ lo, hi, die };
			}
			break;
		default:
			break;
		}
	} while (libdw->dwarf_siblingof(&die, &die) == 0);
}

/*
 * The function of unit u holding vaddr into *die, by the unit's index,
 * made on its first lookup: walking a unit's top level for each lookup
 * was most of a lookup's cost (10 us in libc's malloc.c).
 */
static bool function_at(struct unit *u, __u64 vaddr, Dwarf_Die *die)
{
	struct vec funcs = { .size = sizeof(struct func) };
	size_t steps = 0, i, tries;

	if (!u->indexed) {
		index_functions(&funcs, &u->die, 0, &steps);
		vec_sort(&funcs, func_cmp);
		u->funcs = funcs.v;
		u->nfuncs = funcs.n;
		u->indexed = true;
	}
	i = sorted_at_or_below(u->funcs, u->nfuncs, sizeof(*u->funcs), offsetof(struct func, lo),
			       vaddr);
	for (tries = 0; i > 0 && tries < 8; i--, tries++)
		if (vaddr < u->funcs[i - 1].hi) {
			*die = u->funcs[i - 1].die;
			return true;
		}
	return false;
}

/* The DIEs on the way down to an address: a function, then what was inlined into it. */
struct walk {
	__u64 addr;
	Dwarf_Die chain[MAX_NESTING]; /* outermost first */
	size_t n;
	size_t steps; /* DIEs visited */
};

/*
 * Down from parent (a function) to the innermost DIE whose ranges hold
 * w->addr, recording the functions on the way: true once the DIE holding
 * it was found (its children were then searched, and no sibling can hold
 * it). A nested function (GNU C) starts the chain again: its caller is no
 * frame of the code it holds.
 */
static bool walk_down(struct walk *w, Dwarf_Die *parent, int depth)
{
	Dwarf_Die die;
	int tag;

	if (depth >= MAX_NESTING || libdw->dwarf_child(parent, &die) != 0)
		return false;
	do {
		if (++w->steps > MAX_STEPS)
			return false;
		tag = libdw->dwarf_tag(&die);
		switch (tag) {
		case DW_TAG_subprogram:
		case DW_TAG_inlined_subroutine:
		case DW_TAG_lexical_block:
			if (libdw->dwarf_haspc(&die, w->addr) <= 0)
				continue;
			if (tag == DW_TAG_subprogram)
				w->n = 0;
			if (tag != DW_TAG_lexical_block)
				w->chain[w->n++] = die;
			walk_down(w, &die, depth + 1);
			return true;
		default:
			continue;
		}
	} while (libdw->dwarf_siblingof(&die, &die) == 0);
	return false;
}

/* A function's name: the linkage name the symbols have, else its plain name. */
static const char *die_name(Dwarf_Die *die)
{
	Dwarf_Attribute attr;
	const char *name;

	/* _integrate: an inlined instance's names are its abstract origin's */
	name = libdw->dwarf_formstring(libdw->dwarf_attr_integrate(die, DW_AT_linkage_name, &attr));
	if (!name)
		name = libdw->dwarf_formstring(libdw->dwarf_attr_integrate(die, DW_AT_MIPS_linkage_name, &attr));
	return name ?: libdw->dwarf_diename(die);
}

/* An attribute's unsigned value, or 0. */
static Dwarf_Word udata(Dwarf_Die *die, unsigned int name)
{
	Dwarf_Attribute attr;
	Dwarf_Word v;

	return libdw->dwarf_formudata(libdw->dwarf_attr(die, name, &attr), &v) ? 0 : v;
}

/*
 * File idx of u's line table as a path. libdw joins a name to its
 * directory, but DWARF 5 directories may be relative to the compile
 * directory (GCC writes "src" for a file compiled as src/x.c): those are
 * joined to it here, once a file, as addr2line does. NULL if there is no
 * such file.
 */
static const char *unit_path(struct unit *u, size_t idx)
{
	const char *const *dirs;
	const char *name;
	Dwarf_Files *files;
	size_t nfiles, ndirs;
	char *path;

	if (libdw->dwarf_getsrcfiles(&u->die, &files, &nfiles) || idx >= nfiles ||
	    !(name = libdw->dwarf_filesrc(files, idx, NULL, NULL)))
		return NULL;
	if (idx < u->npaths && u->paths[idx])
		return u->paths[idx];
	if (name[0] == '/' || libdw->dwarf_getsrcdirs(files, &dirs, &ndirs) || !ndirs || !dirs[0])
		return name; /* absolute, or nothing to join it to */
	if (!u->paths) {
		if (!(u->paths = calloc(nfiles, sizeof(*u->paths))))
			return name;
		u->npaths = nfiles;
	}
	if (asprintf(&path, "%s/%s", dirs[0], name) < 0)
		return name;
	return u->paths[idx] = path;
}

/* Where inlined instance `die` was called from, into f's file and line. */
static void call_site(struct unit *u, Dwarf_Die *die, struct srcline *f)
{
	Dwarf_Word file = udata(die, DW_AT_call_file), line = udata(die, DW_AT_call_line);

	/* before DWARF 5, file 0 is "no file" */
	if (!line || line > UINT32_MAX || (!file && u->version < 5) ||
	    !(f->file = unit_path(u, file)))
		return;
	f->line = line;
}

/* The line table's row for vaddr into f: line 0 is code that no line made. */
static void line_at(struct unit *u, __u64 vaddr, struct srcline *f)
{
	Dwarf_Line *row = libdw->dwarf_getsrc_die(&u->die, vaddr);
	Dwarf_Files *files, *row_files;
	size_t nfiles, idx;
	int line;

	if (!row || libdw->dwarf_lineno(row, &line) || line <= 0 || libdw->dwarf_line_file(row, &row_files, &idx))
		return;
	/* the unit's table, whose paths are kept; else libdw's name as it is */
	if (!libdw->dwarf_getsrcfiles(&u->die, &files, &nfiles) && files == row_files)
		f->file = unit_path(u, idx);
	else
		f->file = libdw->dwarf_linesrc(row, NULL, NULL);
	if (f->file)
		f->line = line;
}

/* The source frames of vaddr, innermost first, at most SRCLINES_MAX. */
static size_t lookup(struct srclines *s, __u64 vaddr, struct srcline *out)
{
	struct unit *u = unit_at(s, vaddr);
	struct walk w = { .addr = vaddr };
	size_t i, n = 0, k;

	if (!u)
		return 0;
	if (function_at(u, vaddr, &w.chain[0])) {
		w.n = 1;
		walk_down(&w, &w.chain[0], 1);
	}
	if (!w.n) {
		/* no function DIE holds it (assembly, say): the line alone, if there is one */
		line_at(u, vaddr, &out[0]);
		return out[0].file ? 1 : 0;
	}
	/* the innermost SRCLINES_MAX - 1 frames, and the outermost */
	for (i = w.n; i-- > 0 && n < SRCLINES_MAX;) {
		k = n == SRCLINES_MAX - 1 ? 0 : i;
		out[n].name = die_name(&w.chain[k]);
		if (k == w.n - 1)
			line_at(u, vaddr, &out[n]);
		else
			call_site(u, &w.chain[k + 1], &out[n]);
		n++;
		if (!k)
			break;
	}
	return n;
}

size_t srclines_lookup(struct srclines *s, __u64 vaddr, struct srcline *out, size_t max)
{
	size_t n;

	if (!s || !max)
		return 0;
	if (!s->memo || s->memo_vaddr != vaddr) {
		memset(s->memo_out, 0, sizeof(s->memo_out));
		s->memo_n = lookup(s, vaddr, s->memo_out);
		s->memo_vaddr = vaddr;
		s->memo = true;
	}
	n = s->memo_n < max ? s->memo_n : max;
	memcpy(out, s->memo_out, n * sizeof(*out));
	if (n < s->memo_n)
		out[n - 1] = s->memo_out[s->memo_n - 1]; /* the outermost stays */
	return n;
}
