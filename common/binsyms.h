/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The symbols of the files processes run code from, for the user-space
 * symbolizer (usyms.h): one entry per file, keyed by the (device, inode)
 * its mappings name, shared by every process that maps it (each runs the
 * same libc), read on the first lookup and kept until the cache is freed.
 *
 * A file is opened the way its process sees it: through
 * /proc/PID/map_files (which works for a deleted or replaced binary, and
 * one only in the process's mount namespace), then /proc/PID/root/PATH,
 * then PATH on the host if it is still the same file (the process may be
 * gone). A stripped file's symbols come from its debug file, found by
 * build-id or .gnu_debuglink. The kernel's [vdso] is read from our own.
 *
 * Source lines and inlined functions (srclines.h) come from the file's
 * DWARF, or its debug file's when it has none (a binary may keep its
 * .symtab and still have its DWARF split out): opened at the file's first
 * line lookup (binsyms_source()), so that a caller that asks for names
 * alone pays nothing for it, and kept as long as its symbols.
 */
#ifndef SONDE_BINSYMS_H
#define SONDE_BINSYMS_H

#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>

#include "procmaps.h"
#include "srclines.h"

struct binsyms;

struct binsyms *binsyms_new(void);
void binsyms_free(struct binsyms *c);

/*
 * The directory debug files are installed under, in place of
 * /usr/lib/debug (gdb's debug-file-directory): its .build-id/xx/yyyy.debug
 * files, and the debuglink's copy of a binary's directory under it. It is
 * looked for in a process's root, then on the host, as /usr/lib/debug is.
 * For files read from now on; NULL is /usr/lib/debug again. 0, -EINVAL for
 * a relative path, -ENOMEM.
 */
int binsyms_set_debug_dir(struct binsyms *c, const char *dir);

/*
 * Open the file of mapping m (a file's) of process pid now, while pid
 * lives, for its symbols and DWARF to be read later: through map_files or
 * pid's root, as a lookup would, which are gone once pid exits (a deleted
 * binary, one in another mount namespace). Opening costs microseconds
 * where reading a large binary's symbols took 20-125 ms in a slow VM, time
 * in which a stack tool read none of the kernel's later notes. The file
 * stays open until its symbols and DWARF are read, or binsyms_free(); one
 * that cannot be opened is looked up as if never held. Past a few hundred
 * files held at once, the symbols are read now instead.
 */
void binsyms_hold(struct binsyms *c, pid_t pid, const struct proc_map *m);

/*
 * The function at addr, which lies in mapping m of process pid (a file's,
 * or [vdso]), and addr's offset into it; NULL if the file cannot be read or
 * no function holds addr. The name lives as long as the cache.
 */
const char *binsyms_lookup(struct binsyms *c, pid_t pid, const struct proc_map *m, __u64 addr,
			   __u64 *offset);

/*
 * The source frames at addr (in mapping m of process pid, as for
 * binsyms_lookup()), innermost first, at most max: srclines_lookup()'s.
 * The file's DWARF is read at its first call. 0 where the file has no
 * DWARF, or its DWARF says nothing of addr. Strings live as long as the
 * cache.
 */
size_t binsyms_source(struct binsyms *c, pid_t pid, const struct proc_map *m, __u64 addr,
		      struct srcline *out, size_t max);

#endif
