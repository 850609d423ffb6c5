// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A raw BTF file read in place (btf_file.h): sections streamed through a
 * 64 KiB buffer with pread(), single type records read by their offset.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "btf_file.h"

#define READ_PIECE (64 * 1024)

/* One section of the file, read front to back. */
struct reader {
	int fd;
	__u64 pos, end; /* file offsets: next to read, end of the section */
	size_t at, len; /* unread bytes are buf[at..len) */
	char buf[READ_PIECE];
};

/* The file's reader, set to the section at `off` in its data (after the header). */
static struct reader *reader_at(const struct btf_file *f, __u32 off, __u32 size)
{
	struct reader *r = f->r;

	r->fd = f->fd;
	r->pos = (__u64)f->hdr.hdr_len + off; /* past 4 GiB is past the end, not wrapped */
	r->end = r->pos + size;
	r->at = r->len = 0;
	return r;
}

static bool reader_done(const struct reader *r)
{
	return r->at == r->len && r->pos == r->end;
}

/* Make at least n bytes (or the rest of the section) contiguous at buf + at. */
static int reader_fill(struct reader *r, size_t n)
{
	ssize_t got;

	if (r->len - r->at >= n || r->pos == r->end)
		return 0;
	memmove(r->buf, r->buf + r->at, r->len - r->at);
	r->len -= r->at;
	r->at = 0;
	while (r->len < sizeof(r->buf) && r->pos < r->end) {
		got = pread(r->fd, r->buf + r->len,
			    r->end - r->pos < sizeof(r->buf) - r->len ? r->end - r->pos
								      : sizeof(r->buf) - r->len,
			    r->pos);
		if (got <= 0)
			return got < 0 ? -errno : -EPROTO;
		r->len += got;
		r->pos += got;
	}
	return 0;
}

static const void *reader_take(struct reader *r, size_t n)
{
	const void *p;

	if (n > sizeof(r->buf) || reader_fill(r, n) || r->len - r->at < n)
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

/* The next NUL-terminated string, NULL at the end or if one is unreasonably long. */
static const char *reader_string(struct reader *r, size_t *len)
{
	const char *s = r->buf + r->at, *nul = memchr(s, '\0', r->len - r->at);

	if (!nul) {
		if (reader_fill(r, sizeof(r->buf)))
			return NULL;
		s = r->buf + r->at;
		nul = memchr(s, '\0', r->len - r->at);
		if (!nul)
			return NULL;
	}
	*len = nul - s;
	r->at += *len + 1;
	return s;
}

int btf_file_open(struct btf_file *f, int fd)
{
	struct btf_header *h = &f->hdr;

	memset(f, 0, sizeof(*f));
	f->fd = fd;
	f->type_off.size = sizeof(__u32);
	f->r = malloc(sizeof(*f->r));
	if (!f->r)
		return -ENOMEM;
	if (pread(fd, h, sizeof(*h), 0) != sizeof(*h) || h->magic != BTF_MAGIC ||
	    h->hdr_len < sizeof(*h))
		return -EPROTO;
	return 0;
}

void btf_file_close(struct btf_file *f)
{
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
	if (rec && pread(f->fd, rec, size, (__u64)f->hdr.hdr_len + f->hdr.type_off + off[id]) !=
			   (ssize_t)size) {
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
