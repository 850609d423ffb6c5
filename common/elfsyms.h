/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The function symbols of one ELF file, for the user-space symbolizer: read
 * once through libelf, then looked up by address with the file closed. A
 * sampled address becomes a name in three steps, only the last two of which
 * are here: runtime address -> file offset (the mapping's line in
 * /proc/PID/maps), file offset -> ELF virtual address (the PT_LOAD that holds
 * the offset: elfsyms_vaddr()), virtual address -> symbol (elfsyms_lookup()).
 * A PIE or shared library loads anywhere, so no load base is ever assumed.
 *
 * A file without .symtab (stripped) is read from its .dynsym; its GNU
 * build-id and .gnu_debuglink say where its debug file, with the full
 * .symtab, may be found (that search is the caller's).
 */
#ifndef SONDE_ELFSYMS_H
#define SONDE_ELFSYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "strbuf.h"

/* Longer build-ids are ignored: linkers write 16 (md5, uuid) or 20 (sha1) bytes. */
#define ELFSYMS_BUILD_ID_MAX 64

/* A function: [addr, end), named at `name` in the pool. One per address. */
struct elfsym {
	__u64 addr, end;
	__u32 name;
};

/* A PT_LOAD segment's file bytes: [offset, offset + filesz) is at vaddr. */
struct elfsyms_load {
	__u64 offset, vaddr, filesz;
};

struct elfsyms {
	struct elfsym *syms; /* sorted by addr */
	size_t nsyms;
	struct strbuf names; /* the symbols' names and the debuglink, NUL-terminated */
	struct elfsyms_load *loads;
	size_t nloads;
	bool dynsym;	     /* the symbols are .dynsym's: the file has no .symtab */
	size_t build_id_len; /* 0: no NT_GNU_BUILD_ID note */
	__u8 build_id[ELFSYMS_BUILD_ID_MAX];
	char build_id_hex[2 * ELFSYMS_BUILD_ID_MAX + 1]; /* lowercase, "" without one */
	bool has_debuglink;
	__u32 debuglink_crc; /* zlib's crc32 of the whole debug file */
	size_t debuglink;    /* the debug file's name, an offset in names */
};

/*
 * Read the ELF file open at fd (which stays the caller's: it may come from
 * /proc/PID/root or /proc/PID/map_files). 0, or -ENOEXEC for what is not an
 * ELF file, -EINVAL for a malformed one (truncated, headers out of bounds);
 * s holds nothing to free then. A file with no symbol table at all is not
 * an error: its build-id and debuglink may still lead to one.
 */
int elfsyms_open(struct elfsyms *s, int fd);
/*
 * The same, keeping only the functions one of whose names matches the
 * shell pattern (fnmatch(3)), each named by the first alias that does:
 * where a probe on "mall*" goes, malloc among them although the name of
 * its address is __libc_malloc.
 */
int elfsyms_open_matching(struct elfsyms *s, int fd, const char *pattern);
void elfsyms_free(struct elfsyms *s);

/*
 * The function holding vaddr and vaddr's offset into it, or NULL. A sized
 * function holds [addr, addr + size); one without a size, the rest of its
 * section up to the next function. Aliases at one address are one function
 * named by the global before the weak before the local, then the first name
 * in strcmp() order.
 */
const char *elfsyms_lookup(const struct elfsyms *s, __u64 vaddr, __u64 *offset);

/* The virtual address of file offset `offset`: 0, or -ENOENT if no PT_LOAD holds it. */
int elfsyms_vaddr(const struct elfsyms *s, __u64 offset, __u64 *vaddr);

/*
 * The other way: the file offset of virtual address vaddr (where a uprobe
 * on the function there goes). 0, or -ENOENT if no PT_LOAD's file bytes hold it.
 */
int elfsyms_offset(const struct elfsyms *s, __u64 vaddr, __u64 *offset);

/* The debuglink file name (no directory) and its CRC, or NULL without one. */
const char *elfsyms_debuglink(const struct elfsyms *s, __u32 *crc);

/*
 * Where distributions install the debug file of build-id `hex`:
 * /usr/lib/debug/.build-id/<first two digits>/<the rest>.debug. Its length,
 * or -EINVAL for what is not a build-id in lowercase hex (at least 3 digits),
 * -ENAMETOOLONG if it does not fit in size bytes with its NUL.
 */
int build_id_debug_path(const char *hex, char *buf, size_t size);

#endif
