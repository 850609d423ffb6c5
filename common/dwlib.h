/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * elfutils' libdw, opened at the first DWARF read rather than with the
 * program. Only srclines.c reads DWARF, and only when a report names a
 * user frame's source line, long after the tool has started; loaded with
 * the program, libdw and what it pulls in (liblzma, libbz2: some 2,700
 * relocations) took about 0.9 ms of every start of the nine tools that
 * symbolize user stacks (execsnoop --help with libdw preloaded, six rounds
 * of 60 on the 6.18 host: 3.2-4.0 ms without, 4.1-5.4 with). Without
 * libdw.so.1 on the machine, stacks keep their symbols and lose their
 * lines: the first attempt says so on stderr, once.
 *
 * The calls keep libdw's own names and types:
 *	const struct dwlib *dw = dwlib();
 *	if (dw) dw->dwarf_tag(die);
 */
#ifndef SONDE_DWLIB_H
#define SONDE_DWLIB_H

#include <elfutils/libdw.h>

/* The libdw calls srclines.c makes: add one here before making it there. */
#define DWLIB_CALLS(X)          \
	X(dwarf_attr)           \
	X(dwarf_attr_integrate) \
	X(dwarf_begin_elf)      \
	X(dwarf_child)          \
	X(dwarf_diename)        \
	X(dwarf_dieoffset)      \
	X(dwarf_end)            \
	X(dwarf_filesrc)        \
	X(dwarf_formstring)     \
	X(dwarf_formudata)      \
	X(dwarf_get_units)      \
	X(dwarf_getarangeinfo)  \
	X(dwarf_getaranges)     \
	X(dwarf_getsrc_die)     \
	X(dwarf_getsrcdirs)     \
	X(dwarf_getsrcfiles)    \
	X(dwarf_haspc)          \
	X(dwarf_line_file)      \
	X(dwarf_lineno)         \
	X(dwarf_linesrc)        \
	X(dwarf_onearange)      \
	X(dwarf_ranges)         \
	X(dwarf_siblingof)      \
	X(dwarf_tag)

#define DWLIB_POINTER(name) __typeof__(name) *name;
struct dwlib {
	DWLIB_CALLS(DWLIB_POINTER)
};
#undef DWLIB_POINTER

/* libdw's calls, opened once for the process; NULL if libdw.so.1 cannot be loaded. */
const struct dwlib *dwlib(void);

#endif
