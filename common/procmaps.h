/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A process's mappings from /proc/PID/maps: the first step of turning a user
 * stack address into a symbol. The mapping that holds an address names the
 * file (an executable, a shared object, [vdso]) and, through its file offset,
 * where in that file the code is, whatever address the loader put it at
 * (PIE and shared objects move on every run). The ELF reader then turns that
 * file offset into a symbol.
 *
 * The parser takes the text, so it can be unit-tested and fuzzed; the
 * reader hands it the whole file.
 *
 * Memory: a mapping is 48 bytes (64-bit) and one allocation holds them all with
 * their paths, each path once for a run of mappings of the same file. A
 * stack symbolizer needs only the executable mappings (PROCMAPS_EXEC_ONLY:
 * code of files, [vdso], JIT regions), one line in four or five.
 */
#ifndef SONDE_PROCMAPS_H
#define SONDE_PROCMAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>

/* A mapping's permissions (its "rwxp" column). */
enum procmap_perm {
	PROCMAP_READ = 1 << 0,
	PROCMAP_WRITE = 1 << 1,
	PROCMAP_EXEC = 1 << 2,
	PROCMAP_SHARED = 1 << 3, /* 's', not 'p' */
};

/* One line of /proc/PID/maps. */
struct proc_map {
	__u64 start, end; /* [start, end): end is the first byte past it */
	__u64 pgoff;	  /* the file offset start maps (0 for anonymous memory) */
	__u64 inode;
	/*
	 * "" for anonymous memory; the kernel's names ("[vdso]", "[heap]",
	 * "[stack]", "[anon:NAME]") as they are; a file's path as the process
	 * sees it (relative to its root), without " (deleted)". The kernel
	 * writes a newline in a name as "\012"; anything else is the file's
	 * bytes: escape it before printing. Owned by the struct proc_maps.
	 */
	const char *path;
	__u32 dev;    /* major << 20 | minor: the kernel's dev_t, as BPF reads s_dev */
	__u8 perms;   /* enum procmap_perm */
	bool deleted; /* the file was unlinked (or is a memfd): the kernel said "(deleted)" */
};

/* A process's mappings, sorted by address and not overlapping. */
struct proc_maps {
	struct proc_map *maps;
	size_t n;
};

/* Keep only executable mappings: all a stack symbolizer looks up. */
#define PROCMAPS_EXEC_ONLY (1U << 0)

/*
 * The mappings in the text of a maps file (len bytes, no NUL needed; never
 * read past). 0, or -EINVAL at a malformed line, -ENOMEM; on error *out is
 * empty and holds nothing to free. Mappings stay in the text's order, which
 * is the kernel's: by address. A line that starts before the one kept
 * before it ends is a newer view of the same addresses (a file read in
 * pieces while the process maps and unmaps): it replaces the mappings it
 * overlaps, so the result is always sorted and disjoint.
 */
int procmaps_parse(const char *text, size_t len, unsigned int flags, struct proc_maps *out);

/*
 * The mappings of a live process (flags as above): 0, -ESRCH if it is
 * gone, or another -errno (-EACCES without the right to trace it). A
 * zombie or a kernel thread has none.
 */
int procmaps_read(pid_t pid, unsigned int flags, struct proc_maps *out);

/* The mapping that holds addr, or NULL (a gap, or a mapping not kept). */
const struct proc_map *procmaps_find(const struct proc_maps *maps, __u64 addr);

/* Frees what the parser built and leaves *maps empty (safe to call twice). */
void procmaps_free(struct proc_maps *maps);

/* Backed by a file (its path is absolute), rather than anonymous or the kernel's. */
static inline bool procmap_is_file(const struct proc_map *m)
{
	return m->path[0] == '/';
}

/*
 * Where in the mapped file addr is: what the ELF reader looks up (through
 * the program header that loads that offset). Meaningful for an address in
 * a file mapping, and in [vdso] as an offset into its image.
 */
static inline __u64 procmap_file_offset(const struct proc_map *m, __u64 addr)
{
	return addr - m->start + m->pgoff;
}

#endif
