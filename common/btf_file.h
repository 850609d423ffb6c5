/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A raw BTF file read where it lies, never whole: its header, its string
 * section walked front to back, its type section indexed (where each
 * record starts) and then single records read by type id.
 *
 * Why not libbpf's btf__parse(): it reads the whole file into memory and
 * copies it again while parsing, 13 MB for the kernel's 5.5 MB BTF, when
 * the kernel BTF cut (kernel_btf.c) needs a few hundred of its 150,000
 * types. Here the file is mapped read-only where it can be (the kernel's
 * BTF from Linux 6.15), and its sections streamed in 64 KiB pieces where
 * it cannot; SONDE_BTF_READ=stream streams it anyway, to test that way.
 *
 * Nothing here trusts the file: a record of a kind not known, a string
 * without its NUL or longer than 64 KiB, a section past the end of the
 * file are -EPROTO. A mapped file must not shrink while it is read.
 */
#ifndef SONDE_BTF_FILE_H
#define SONDE_BTF_FILE_H

#include <stdbool.h>
#include <linux/btf.h>
#include <bpf/btf.h>

#include "vec.h"

/* Kernel BTF has no cycles; a file that does is refused after this many steps (as libbpf). */
#define BTF_FILE_MAX_DEPTH 32

struct btf_file {
	int fd;
	struct btf_header hdr;
	struct vec type_off; /* __u32 per type id (0 unused), one past the end last */
	__u8 *starts;	     /* a bit per string-section byte where a string starts */
	struct reader *r;    /* the sections' read buffer */
	size_t size;	     /* of the file; 0 if it does not say (a pseudo-file) */
	const char *map;     /* the whole file mapped read-only, or NULL: streamed */
};

/*
 * Read the header of the BTF at fd (not owned): 0, or -EPROTO if it is not
 * BTF or claims sections the file does not hold, -errno. btf_file_close()
 * it either way.
 */
int btf_file_open(struct btf_file *f, int fd);
void btf_file_close(struct btf_file *f);

/*
 * Call each() for every string, in order, with its offset in the string
 * section, until it returns nonzero: a negative return is the error
 * returned, a positive one stops the walk early with 0. Notes where strings
 * start for btf_file_string_start().
 */
typedef int (*btf_string_fn)(void *ctx, __u32 off, const char *s, size_t len);
int btf_file_strings(struct btf_file *f, btf_string_fn each, void *ctx);

/* Whether a string starts at off, as seen by btf_file_strings(). Inline: asked per member. */
static inline bool btf_file_string_start(const struct btf_file *f, __u32 off)
{
	return f->starts && off < f->hdr.str_len && f->starts[off / 8] & 1 << off % 8;
}

/*
 * Note where every type's record starts, calling each() with its id and
 * its first 12 bytes (struct btf_type, no kind-specific data after them);
 * a nonzero return is the error returned.
 */
typedef int (*btf_type_fn)(void *ctx, __u32 id, const struct btf_type *t);
int btf_file_index_types(struct btf_file *f, btf_type_fn each, void *ctx);

/* The number of types btf_file_index_types() found. Inline: asked per type. */
static inline __u32 btf_file_type_count(const struct btf_file *f)
{
	return f->type_off.n - 2;
}

/* One type's whole record, read on its own; free() it. NULL for void or a bad id. */
struct btf_type *btf_file_type(const struct btf_file *f, __u32 id);

/* What btf_file_resolve() looks through: qualifiers and typedefs. */
static inline bool btf_is_mod_or_typedef(const struct btf_type *t)
{
	return btf_is_mod(t) || btf_is_typedef(t);
}

/* The type under *id's qualifiers and typedefs; *id becomes its id. free() it. */
struct btf_type *btf_file_resolve(const struct btf_file *f, __u32 *id);

#endif
