/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Source lines and inlined functions of one ELF file's code, from its DWARF
 * (read through elfutils' libdw), for the user-space symbolizer: "virtual
 * address A of this file" -> the file:line it was compiled from, and the
 * functions the compiler inlined there. The address is the one binsyms.c
 * looks symbols up at: the file's own virtual address, after the mapping's
 * file offset went through the PT_LOAD that holds it (elfsyms_vaddr()).
 *
 * Why: a symbol says which function a sample is in, and with -O2 half of
 * what ran there was inlined from elsewhere (an accessor, a hash, a lock):
 * the symbol alone names the caller and hides the callee. The DWARF says
 * both, and the line.
 *
 * A source frame: a function and the line reached in it. At an address in
 * code inlined into function F, the frames are, innermost first, each
 * inlined function with its line (the innermost's is the address's own
 * line, the others' the call into the next one), then F with the line of
 * its call into the outermost inlined one. Without inlining there is one
 * frame: F and the address's line.
 *
 * Nothing in the file is trusted: malformed DWARF gives no frames, never a
 * crash. The file is mapped (not read) for as long as it is open; its
 * compressed sections are inflated into memory when it is opened.
 * Header name: <dwarf.h> is elfutils' own, which this file's code includes.
 */
#ifndef SONDE_SRCLINES_H
#define SONDE_SRCLINES_H

#include <stddef.h>
#include <linux/types.h>

/* Source frames returned at most: deeper inlining keeps the innermost. */
#define SRCLINES_MAX 8

struct srcline {
	/*
	 * The function: DW_AT_linkage_name where there is one (the name the
	 * ELF symbols have, mangled), else DW_AT_name; NULL if the DWARF has
	 * neither. For the outermost frame the caller has the ELF symbol's.
	 */
	const char *name;
	const char *file; /* as the line table says it (usually absolute); NULL: unknown */
	unsigned line;	  /* 0: unknown (then file is NULL too) */
};

struct srclines;

/*
 * The DWARF of the ELF file open at fd (the fd stays the caller's and may be
 * closed at once: the file stays mapped). NULL where the file has no DWARF
 * that says where code is (no .debug_info, or none that can be read), or
 * without memory.
 */
struct srclines *srclines_open(int fd);
void srclines_free(struct srclines *s);

/*
 * The source frames at vaddr, innermost first, into out[max]: how many (0
 * where the DWARF says nothing of vaddr). The outermost is the function
 * that holds vaddr (out[n - 1]); those before it were inlined into it. When
 * there are more than max, the innermost max - 1 and the outermost are
 * kept. Strings stay valid until srclines_free(). The last lookup is kept:
 * asking again for the same address costs a copy.
 */
size_t srclines_lookup(struct srclines *s, __u64 vaddr, struct srcline *out, size_t max);

#endif
