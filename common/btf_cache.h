/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Kernel BTF cuts (kernel_btf.h) kept for the rest of the boot in
 * /run/sonde/btf, one file per set of wants, so that a tool started again
 * reads the few hundred bytes it needs instead of scanning the kernel's
 * 5 MB of types again.
 *
 * Why: the cut is the largest single cost of a tool's start-up (about 3 ms of
 * 7-10 on Linux 6.18, and twice that for a tool that also asks for
 * tracepoint prototypes), and its result depends only on the running kernel,
 * the wants and the cut's own code. A file's name is a hash of all three:
 * the boot's ID (a new kernel is a new boot), every want, and the cut's
 * source (a stamp the build passes in), so a cached cut is never used for
 * anything else.
 *
 * Only root's: the directory is made 0700 and used only while it and the file
 * are owned by this user and writable by no one else; a file is written under
 * a temporary name and renamed into place whole. Where /run cannot be used
 * (read-only, not root, SONDE_BTF_CACHE=off), the cut is made in memory as
 * before. What libbpf is given is the same bytes either way.
 * SONDE_BTF_CACHE=/abs/dir keeps the cuts in that directory instead (tests).
 */
#ifndef SONDE_BTF_CACHE_H
#define SONDE_BTF_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "kernel_btf.h"

#define BTF_CACHE_PARENT "/run/sonde"
#define BTF_CACHE_DIR	 BTF_CACHE_PARENT "/btf"

/*
 * A read-only descriptor of the cut for `w` (close-on-exec): the cached file
 * if there is one, else cut now, and cached where it can be. cut->cached
 * says which; the counts in *cut are known only for a cut made now. -errno
 * if there is no cut.
 */
int btf_cache_cut(const struct btf_wants *w, struct kernel_btf_cut *cut);

/* The file name the cut for `w` is cached under on this boot (32 hex digits): 0 or -errno. */
int btf_cache_name(const struct btf_wants *w, char name[33]);

#endif
