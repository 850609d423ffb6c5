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
 */
#ifndef SONDE_BINSYMS_H
#define SONDE_BINSYMS_H

#include <sys/types.h>
#include <linux/types.h>

#include "procmaps.h"

struct binsyms;

struct binsyms *binsyms_new(void);
void binsyms_free(struct binsyms *c);

/*
 * The function at addr, which lies in mapping m of process pid (a file's,
 * or [vdso]), and addr's offset into it; NULL if the file cannot be read or
 * no function holds addr. The name lives as long as the cache.
 */
const char *binsyms_lookup(struct binsyms *c, pid_t pid, const struct proc_map *m, __u64 addr,
			   __u64 *offset);

#endif
