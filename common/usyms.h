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
};

struct usyms;

struct usyms *usyms_new(void);
void usyms_free(struct usyms *u);

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
 * The frame at addr in process pid (reading its maps first if it was not
 * noted). An address outside every mapping read makes a live process's
 * maps be read again (it may have dlopen'ed since), at once the first
 * time, then at most once a second. false only if the process was never
 * read and is gone; otherwise *out holds at least an unknown frame. Strings
 * stay valid until usyms_free().
 */
bool usyms_resolve(struct usyms *u, pid_t pid, __u64 addr, struct usym *out);

#endif
