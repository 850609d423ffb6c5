// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A raw BTF file read in place (btf_file.h): mapped read-only where the file
 * allows it, else its sections streamed through a 64 KiB buffer with
 * pread(); single type records copied out by their offset.
 *
 * Why map: /sys/kernel/btf/vmlinux can be mapped from Linux 6.15, and the
 * mapping is of the kernel's own pages (they count for nothing in RSS,
 * touched or not). Measured on 6.18, the cut of each tool's object (median
 * of 301, alternated): 2.8-3.4 ms mapped, 3.3-3.9 ms streamed, the
 * difference being the pread() copies; peak RSS the same within noise
 * (3.0 MiB). The choice is made by whether mmap() works, never by kernel
 * version, and both ways refuse the same files: the header is held to the
 * file's size either way, and a string is looked for within 64 KiB either
 * way.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "btf_file.h"

#define READ_PIECE (64 * 1024)

/* One section of the file, read front to back. */
struct reader {
	int fd;
	__u64 pos, end;		/* file offsets: next to read, end of the section */
	const char *buf;	/* the bytes at hand: in the mapping, or the piece */
	size_t at, len;		/* unread bytes are buf[at..len) */
	char piece[READ_PIECE]; /* what was read last, streaming */
};

/*
 * The file's reader, set to the section at `off` in its data (after the
 * header). A mapped file has the section at hand whole (as much of it as
 * the mapping holds: reading on past it streams, and meets the file's end).
 */
static struct reader *reader_at(const struct btf_file *f, __u32 off, __u32 size)
{
	struct reader *r = f->r;
	__u64 pos = (__u64)f->hdr.hdr_len + off; /* past 4 GiB is past the end, not wrapped */
	__u64 mapped = f->map && pos < f->size ? f->size - pos : 0;

	r->fd = f->fd;
	r->end = pos + size;
	r->buf = mapped ? f->map + pos : r->piece;
	r->at = 0;
	r->len = mapped < size ? mapped : size;
	r->pos = pos + r->len;
	return r;
}

static bool reader_done(const struct reader *r)
{
	return r->at == r->len && r->pos == r->end;
}

/* Move the unread bytes to the piece's start and read on after them, as far as it holds. */
static int reader_refill(struct reader *r)
{
	ssize_t got;

	memmove(r->piece, r->buf + r->at, r->len - r->at);
	r->buf = r->piece;
	r->len -= r->at;
	r->at = 0;
	while (r->len < READ_PIECE && r->pos < r->end) {
		got = pread(r->fd, r->piece + r->len,
			    r->end - r->pos < READ_PIECE - r->len ? r->end - r->pos
								  : READ_PIECE - r->len,
			    r->pos);
		if (got <= 0)
			return got < 0 ? -errno : -EPROTO;
		r->len += got;
		r->pos += got;
	}
	return 0;
}

/* Make at least n bytes (or the rest of the section) contiguous at buf + at. */
static inline int reader_fill(struct reader *r, size_t n)
{
	if (r->len - r->at >= n || r->pos == r->end)
		return 0; /* nearly always: they are at hand */
	return reader_refill(r);
}

static const void *reader_take(struct reader *r, size_t n)
{
	const void *p;

	if (n > READ_PIECE || reader_fill(r, n) || r->len - r->at < n)
		return NULL;
	p = r->buf + r->at;
	r->at += n;
	return p;
}

static int reader_skip(struct reader *r, size_t n)
{
	size_t step;

	while (n) {
		if (reader_fill(r, 1) || r->at == r->len)
			return -EPROTO;
		step = r->len - r->at < n ? r->len - r->at : n;
		r->at += step;
		n -= step;
	}
	return 0;
}

/* The NUL that ends the string at hand, if it is within a piece's length. */
static const char *reader_nul(const struct reader *r)
{
	size_t n = r->len - r->at;

	return memchr(r->buf + r->at, '\0', n < READ_PIECE ? n : READ_PIECE);
}

/*
 * The next NUL-terminated string, NULL at the end or if one is unreasonably
 * long (a piece or more, mapped or not).
 */
static const char *reader_string(struct reader *r, size_t *len)
{
	const char *s, *nul = reader_nul(r);

	if (!nul && (reader_fill(r, READ_PIECE) || !(nul = reader_nul(r))))
		return NULL;
	s = r->buf + r->at;
	*len = nul - s;
	r->at += *len + 1;
	return s;
}

/* size bytes at file offset pos: from the mapping where it holds them. 0 or -EPROTO. */
static int read_at(const struct btf_file *f, void *to, size_t size, __u64 pos)
{
	if (f->map && pos <= f->size && size <= f->size - pos) {
		memcpy(to, f->map + pos, size);
		return 0;
	}
	return pread(f->fd, to, size, pos) == (ssize_t)size ? 0 : -EPROTO;
}

/* Map the whole file read-only if it can be, and SONDE_BTF_READ=stream does not say no. */
static void try_map(struct btf_file *f)
{
	const char *how = getenv("SONDE_BTF_READ");
	void *map;

	if ((how && !strcmp(how, "stream")) || !f->size)
		return;
	map = mmap(NULL, f->size, PROT_READ, MAP_PRIVATE, f->fd, 0);
	if (map != MAP_FAILED)
		f->map = map;
}

/*
 * Whether the sections the header claims lie in the file: checked before
 * anything is allocated by their sizes. A file of no size (a pseudo-file)
 * is taken at its word until reading meets its end.
 */
static bool sections_fit(const struct btf_file *f)
{
	const struct btf_header *h = &f->hdr;
	__u64 data = f->size - h->hdr_len;

	return !f->size || (h->hdr_len <= f->size && (__u64)h->type_off + h->type_len <= data &&
			    (__u64)h->str_off + h->str_len <= data);
}

/*
 * Type records are 4-byte words read where they lie in a mapping: their
 * section must start on a 4-byte boundary of the file (libbpf and the
 * kernel refuse a type_off that does not; the kernel's hdr_len is 24).
 */
static bool types_aligned(const struct btf_header *h)
{
	return ((__u64)h->hdr_len + h->type_off) % 4 == 0;
}

int btf_file_open(struct btf_file *f, int fd)
{
	struct btf_header *h = &f->hdr;
	struct stat st;

	memset(f, 0, sizeof(*f));
	f->fd = fd;
	f->type_off.size = sizeof(__u32);
	f->r = malloc(sizeof(*f->r));
	if (!f->r)
		return -ENOMEM;
	if (fstat(fd, &st))
		return -errno;
	f->size = st.st_size > 0 && (size_t)st.st_size == (__u64)st.st_size ? st.st_size : 0;
	try_map(f);
	if (read_at(f, h, sizeof(*h), 0) || h->magic != BTF_MAGIC || h->hdr_len < sizeof(*h) ||
	    !sections_fit(f) || !types_aligned(h))
		return -EPROTO;
	return 0;
}

void btf_file_close(struct btf_file *f)
{
	if (f->map)
		munmap((void *)f->map, f->size);
	free(f->type_off.v);
	free(f->starts);
	free(f->r);
	memset(f, 0, sizeof(*f));
}

static int each_string(struct btf_file *f, struct reader *r, btf_string_fn each, void *ctx)
{
	const char *s;
	size_t len;
	__u32 off;
	int stop = 0;

	for (off = 0; !stop && !reader_done(r); off += len + 1) {
		s = reader_string(r, &len);
		if (!s)
			return -EPROTO;
		f->starts[off / 8] |= 1 << off % 8;
		stop = each(ctx, off, s, len);
	}
	return stop < 0 ? stop : 0;
}

int btf_file_strings(struct btf_file *f, btf_string_fn each, void *ctx)
{
	if (!f->starts)
		f->starts = calloc(f->hdr.str_len / 8 + 1, 1);
	if (!f->starts)
		return -ENOMEM;
	return each_string(f, reader_at(f, f->hdr.str_off, f->hdr.str_len), each, ctx);
}

/* Bytes after struct btf_type in a record of this kind; -1 for a kind not known here. */
static long type_extra(const struct btf_type *t)
{
	__u16 vlen = btf_vlen(t);

	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return 4;
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return vlen * sizeof(struct btf_enum);
	case BTF_KIND_ENUM64:
		return vlen * sizeof(struct btf_enum64);
	case BTF_KIND_FUNC_PROTO:
		return vlen * sizeof(struct btf_param);
	case BTF_KIND_DATASEC:
		return vlen * sizeof(struct btf_var_secinfo);
	case BTF_KIND_PTR:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return 0;
	default:
		return -1;
	}
}

static int each_type(struct btf_file *f, struct reader *r, btf_type_fn each, void *ctx)
{
	const struct btf_type *t;
	__u32 id, off = 0, *slot;
	long extra;
	int err;

	if (!vec_push(&f->type_off)) /* id 0 is void */
		return -ENOMEM;
	for (id = 1; !reader_done(r); id++) {
		t = reader_take(r, sizeof(*t));
		extra = t ? type_extra(t) : -1;
		slot = vec_push(&f->type_off);
		if (extra < 0 || !slot)
			return extra < 0 ? -EPROTO : -ENOMEM;
		*slot = off;
		err = each(ctx, id, t);
		if (err || (err = reader_skip(r, extra)))
			return err;
		off += sizeof(*t) + extra;
	}
	slot = vec_push(&f->type_off);
	if (!slot)
		return -ENOMEM;
	*slot = off;
	return 0;
}

int btf_file_index_types(struct btf_file *f, btf_type_fn each, void *ctx)
{
	return each_type(f, reader_at(f, f->hdr.type_off, f->hdr.type_len), each, ctx);
}

struct btf_type *btf_file_type(const struct btf_file *f, __u32 id)
{
	const __u32 *off = f->type_off.v;
	size_t size;
	void *rec;

	if (!id || id > btf_file_type_count(f))
		return NULL;
	size = off[id + 1] - off[id];
	rec = malloc(size);
	if (rec && read_at(f, rec, size, (__u64)f->hdr.hdr_len + f->hdr.type_off + off[id])) {
		free(rec);
		return NULL;
	}
	return rec;
}

struct btf_type *btf_file_resolve(const struct btf_file *f, __u32 *id)
{
	struct btf_type *t = btf_file_type(f, *id);
	int depth;

	for (depth = 0; t && btf_is_mod_or_typedef(t); depth++) {
		*id = t->type;
		free(t);
		t = depth < BTF_FILE_MAX_DEPTH ? btf_file_type(f, *id) : NULL;
	}
	return t;
}
