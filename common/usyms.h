/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * User-space addresses to frames, for the stack tools (profile, offcputime,
 * stackcount): "address A in process P" -> function, offset, module. The
 * kernel hands a tool raw return addresses; which function one is depends
 * on what the process had mapped there, in which file, at which offset.
 *
 * Per process: its executable mappings, read when the tool first sees it
 * (usyms_note_process(): it may exit before its stacks are printed) and
 * kept after it is gone. Per file: its symbols, shared by every process
 * (binsyms.h). Code a JIT generated is named by the process's perf map
 * (perfmap.h); what nothing names is a frame of kind USYM_UNKNOWN that
 * still says where it was, never a number posing as a name.
 *
 * Where a file (or its debug file) has DWARF, a frame also has its source
 * line, and the functions the compiler inlined at the address are frames
 * of their own (usyms_inlined()): the symbol names only the function they
 * were inlined into.
 */
#ifndef SONDE_USYMS_H
#define SONDE_USYMS_H

#include <stdbool.h>
#include <sys/types.h>
#include <linux/types.h>

enum usym_kind {
	USYM_UNKNOWN, /* name NULL: print "[unknown]" and the module */
	USYM_USER,    /* from an ELF file's symbols (or its debug file's, or the vdso's) */
	USYM_JIT,     /* from the process's /tmp/perf-PID.map */
};

struct usym {
	const char *name; /* NULL for USYM_UNKNOWN */
	__u64 offset;	  /* the address minus the function's start */
	/*
	 * The mapping's file as the process named it, "[vdso]", "[anon]" for
	 * anonymous memory (a JIT's, "[anon:NAME]" if named so), "[unknown]"
	 * where no mapping holds the address. Escape it before printing.
	 */
	const char *module;
	enum usym_kind kind;
	/*
	 * With USYMS_LINE, the source line in the function `name` names, from
	 * DWARF: of the address, or, where code was inlined there, of the call
	 * into the outermost inlined function. The file as the DWARF has it
	 * (usually absolute); NULL and 0 where unknown or not asked for.
	 */
	const char *file;
	unsigned line;
};

/* What usyms_lookup() reads beyond the name. */
enum usyms_flags {
	/*
	 * The source line, from the DWARF of the file or of its debug file,
	 * read at the file's first lookup that asks: megabytes for a large
	 * library, which a caller that prints names alone never pays.
	 */
	USYMS_LINE = 1 << 0,
	/*
	 * addr is a return address, as every frame of a stack but the
	 * innermost holds: the name and offset are addr's (as bcc prints
	 * them), but the line is the call's, the instruction before addr; the
	 * one after a call may be on the next line, or in the next function.
	 * If addr - 1 is in another function (a call that does not return,
	 * last in its function), the frame has no line.
	 */
	USYMS_RETURN = 1 << 1,
};

/* Inlined functions usyms_inlined() returns at most (srclines.h's SRCLINES_MAX - 1). */
#define USYMS_INLINED_MAX 7

/* A function inlined at an address: a frame of the source, with no symbol of its own. */
struct usym_inline {
	const char *name; /* DW_AT_linkage_name, else DW_AT_name; NULL if the DWARF has neither */
	const char *file; /* the line reached in it: NULL and 0 where unknown */
	unsigned line;
};

struct usyms;

struct usyms *usyms_new(void);
void usyms_free(struct usyms *u);

/*
 * Debug files looked for under dir in place of /usr/lib/debug (see
 * binsyms_set_debug_dir()): for tests, and for a tool that is told where
 * they are. 0, or -EINVAL, -ENOMEM. Call it before the first lookup.
 */
int usyms_set_debug_dir(struct usyms *u, const char *dir);

/*
 * Read process pid's mappings now, while it runs: a tool calls this when
 * it first sees a pid, so that its stacks resolve after it exits. 0, or
 * -ESRCH if it is gone, another -errno if its maps cannot be read (then
 * its frames are unknown). Noting a process again reads nothing.
 */
int usyms_note_process(struct usyms *u, pid_t pid);

/*
 * Process pid exec'd a new program: its mappings read again now, whether
 * or not they were before. 0, or as usyms_note_process().
 */
int usyms_note_exec(struct usyms *u, pid_t pid);

/*
 * What naming addr in process pid needs of the living process, taken now,
 * the names left for a later lookup: its maps (read if it was not noted,
 * and again, as usyms_resolve() would, if none holds addr), the mapped
 * file held open (binsyms_hold()), or its perf map read for JIT code.
 * Cheap where reading a file's symbols is not, for a tool to call as it
 * learns of a stack, before the process exits. false if no mapping (nor
 * perf map) holds addr, or the process was never read and is gone.
 */
bool usyms_hold(struct usyms *u, pid_t pid, __u64 addr);

/*
 * The frame at addr in process pid (reading its maps first if it was not
 * noted). An address outside every mapping read makes a live process's
 * maps be read again (it may have dlopen'ed since), at once the first
 * time, then at most once a second. false only if the process was never
 * read and is gone; otherwise *out holds at least an unknown frame. Strings
 * stay valid until usyms_free(). The name alone: no line, no DWARF read.
 */
bool usyms_resolve(struct usyms *u, pid_t pid, __u64 addr, struct usym *out);

/*
 * usyms_resolve(), and what `flags` (enum usyms_flags) ask for: the line
 * (of the instruction at addr, right for where a sample stopped; or with
 * USYMS_RETURN of the call before it).
 */
bool usyms_lookup(struct usyms *u, pid_t pid, __u64 addr, unsigned flags, struct usym *out);

/*
 * The functions inlined at addr in process pid, innermost first, into
 * out[max]: how many (0 without DWARF, or where nothing was inlined). Each
 * has the line reached in it: the innermost the address's own, the others
 * that of their call into the next; the function they were all inlined
 * into is the usym's, whose line is that of its call into the last one.
 * For a return address pass addr - 1, where USYMS_RETURN looks its line
 * up. Reads the file's DWARF as USYMS_LINE does. Past USYMS_INLINED_MAX
 * levels, the innermost ones are kept. Strings stay valid until
 * usyms_free().
 */
size_t usyms_inlined(struct usyms *u, pid_t pid, __u64 addr, struct usym_inline *out, size_t max);

#endif
