// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * What a BPF object's CO-RE relocations ask of the kernel's types, read from
 * its .BTF and .BTF.ext sections: for each relocation, the root type's name
 * and kind and the names of the members on its access path.
 */
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include <bpf/btf.h>

#include "btf_wants.h"

/* Qualifiers and typedefs looked through before a type is given up as a loop. */
#define MAX_LAYERS 32

/* The .BTF.ext header as LLVM writes it; core_relo_* were added last. */
struct btf_ext_header {
	__u16 magic;
	__u8 version;
	__u8 flags;
	__u32 hdr_len;
	__u32 func_info_off;
	__u32 func_info_len;
	__u32 line_info_off;
	__u32 line_info_len;
	__u32 core_relo_off;
	__u32 core_relo_len;
};

/* A section of the core_relo table: its name, then num_info records. */
struct btf_ext_info_sec {
	__u32 sec_name_off;
	__u32 num_info;
};

/* The object's .BTF and .BTF.ext, NULL where absent; valid until elf_end(e). */
static int elf_btf_sections(Elf *e, Elf_Data **btf, Elf_Data **ext)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	size_t shstrndx;
	const char *name;

	*btf = *ext = NULL;
	if (elf_getshdrstrndx(e, &shstrndx))
		return -EINVAL;
	while ((scn = elf_nextscn(e, scn))) {
		if (!gelf_getshdr(scn, &sh) || !(name = elf_strptr(e, shstrndx, sh.sh_name)))
			return -EINVAL;
		if (!strcmp(name, ".BTF"))
			*btf = elf_getdata(scn, NULL);
		else if (!strcmp(name, ".BTF.ext"))
			*ext = elf_getdata(scn, NULL);
	}
	return 0;
}

static struct btf_want *want_new(struct btf_wants *w)
{
	struct btf_want *v;

	if (w->n == w->cap) {
		v = realloc(w->v, (w->cap * 2 + 16) * sizeof(*v));
		if (!v)
			return NULL;
		w->v = v;
		w->cap = w->cap * 2 + 16;
	}
	v = &w->v[w->n];
	memset(v, 0, sizeof(*v));
	return v;
}

/*
 * The same need, spelled the same: two flavors of one type are kept apart,
 * so dropping one flavor (btf_wants_drop_flavor()) never takes the other's.
 */
static bool want_same(const struct btf_want *a, const struct btf_want *b)
{
	int i;

	if (a->kind != b->kind || a->root_kind != b->root_kind || a->nsteps != b->nsteps ||
	    strcmp(a->root, b->root))
		return false;
	for (i = 0; i < a->nsteps; i++)
		if (!a->steps[i] != !b->steps[i] ||
		    (a->steps[i] && strcmp(a->steps[i], b->steps[i])))
			return false;
	return true;
}

/* Keep the want just filled in at w->v[w->n] unless an equal one is there already. */
static void want_commit(struct btf_wants *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (want_same(&w->v[i], &w->v[w->n]))
			return;
	w->n++;
}

/*
 * The type under any const, volatile and typedef layers of *id; *id becomes
 * its id. NULL past MAX_LAYERS: btf__new() accepts types that refer to
 * themselves, and a compiler writes none (libbpf stops at 32 too).
 */
static const struct btf_type *skip_mods_and_typedefs(const struct btf *btf, __u32 *id)
{
	const struct btf_type *t = btf__type_by_id(btf, *id);
	int layers;

	for (layers = 0; t && (btf_is_mod(t) || btf_is_typedef(t)); layers++)
		t = layers < MAX_LAYERS ? btf__type_by_id(btf, *id = t->type) : NULL;
	return t;
}

/*
 * Walk "0:2:1" over the local types: the first index steps over the root
 * pointer; each next one is a member or an array element. Anonymous members
 * are not steps: libbpf finds a named member through them on its own.
 */
static int access_steps(const struct btf *btf, __u32 id, const char *access, struct btf_want *v)
{
	const struct btf_type *t;
	const struct btf_member *m;
	const char *name;
	char *end;
	long idx;

	strtol(access, &end, 10);
	while (*end == ':') {
		idx = strtol(end + 1, &end, 10);
		t = skip_mods_and_typedefs(btf, &id);
		if (!t || idx < 0 || v->nsteps == BTF_WANT_MAX_STEPS)
			return -EINVAL;
		if (btf_is_array(t)) {
			v->steps[v->nsteps++] = NULL;
			id = btf_array(t)->type;
			continue;
		}
		if (!btf_is_composite(t) || idx >= btf_vlen(t))
			return -EINVAL;
		m = btf_members(t) + idx;
		name = btf__name_by_offset(btf, m->name_off);
		if (name && *name)
			v->steps[v->nsteps++] = name;
		id = m->type;
	}
	return *end ? -EINVAL : 0;
}

static int want_from_relo(struct btf_wants *w, const struct bpf_core_relo *r)
{
	const struct btf_type *root = btf__type_by_id(w->local, r->type_id);
	const char *name = root ? btf__name_by_offset(w->local, root->name_off) : NULL;
	struct btf_want *v;

	if (r->kind == BPF_CORE_TYPE_ID_LOCAL)
		return 0; /* answered by the object's own BTF */
	if (r->kind == BPF_CORE_TYPE_MATCHES || r->kind == BPF_CORE_TYPE_ID_TARGET)
		return -EOPNOTSUPP; /* deep matching; an id that the cut renumbers */
	if (!name || !*name)
		return -EINVAL; /* libbpf refuses an anonymous root too */
	v = want_new(w);
	if (!v)
		return -ENOMEM;
	v->root = name;
	v->root_len = btf_essential_name_len(name);
	v->root_kind = btf_kind(root);
	switch (r->kind) {
	case BPF_CORE_TYPE_ID_TARGET:
	case BPF_CORE_TYPE_EXISTS:
	case BPF_CORE_TYPE_SIZE:
		v->kind = WANT_TYPE;
		break;
	case BPF_CORE_ENUMVAL_EXISTS:
	case BPF_CORE_ENUMVAL_VALUE:
		v->kind = WANT_ENUM;
		break;
	default:
		v->kind = WANT_FIELD;
		if (access_steps(w->local, r->type_id,
				 btf__name_by_offset(w->local, r->access_str_off) ?: "", v))
			return -EINVAL;
	}
	want_commit(w);
	return 0;
}

/* The core_relo table: sections of records, each rec_size bytes (a bpf_core_relo first). */
static int wants_from_relos(struct btf_wants *w, const __u8 *p, size_t len)
{
	const struct btf_ext_info_sec *sec;
	__u32 rec_size, i;
	int err;

	if (len < sizeof(__u32))
		return len ? -EINVAL : 0;
	rec_size = *(const __u32 *)p;
	if (rec_size < sizeof(struct bpf_core_relo) || rec_size % 4)
		return -EINVAL; /* records of whole words, as libbpf requires */
	for (p += 4, len -= 4; len >= sizeof(*sec); len -= sec->num_info * rec_size) {
		sec = (const void *)p;
		p += sizeof(*sec);
		len -= sizeof(*sec);
		if (sec->num_info > len / rec_size)
			return -EINVAL;
		for (i = 0; i < sec->num_info; i++, p += rec_size) {
			err = want_from_relo(w, (const struct bpf_core_relo *)p);
			if (err)
				return err;
		}
	}
	return len ? -EINVAL : 0;
}

/* The .BTF.ext in ext[0..size), aligned for its 4-byte words. */
static int wants_from_ext(struct btf_wants *w, const Elf_Data *btf, const void *ext, size_t size)
{
	const struct btf_ext_header *h = ext;

	if (size < sizeof(*h) || h->magic != 0xeb9f || h->hdr_len > size)
		return -EINVAL;
	if (h->hdr_len < sizeof(*h) || !h->core_relo_len)
		return 0; /* no CO-RE relocations */
	if ((size_t)h->core_relo_off + h->core_relo_len > size - h->hdr_len ||
	    ((size_t)h->hdr_len + h->core_relo_off) % 4)
		return -EINVAL; /* past the end, or off a word boundary (libbpf refuses it too) */
	w->local = btf__new(btf->d_buf, btf->d_size); /* a copy: outlives the ELF */
	if (!w->local)
		return -errno;
	return wants_from_relos(w, (const __u8 *)ext + h->hdr_len + h->core_relo_off,
				h->core_relo_len);
}

/*
 * libelf hands out a section's bytes where they lie in the object, and a
 * skeleton embeds its object as a string literal, at any address: the
 * .BTF.ext tables are read from an aligned copy (as libbpf reads them).
 */
static int wants_from_sections(struct btf_wants *w, const Elf_Data *btf, const Elf_Data *ext)
{
	void *copy = malloc(ext->d_size ?: 1);
	int err;

	if (!copy)
		return -ENOMEM;
	if (ext->d_size)
		memcpy(copy, ext->d_buf, ext->d_size);
	err = wants_from_ext(w, btf, copy, ext->d_size);
	free(copy);
	return err;
}

int btf_wants_from_object(struct btf_wants *w, const void *elf, size_t size)
{
	Elf_Data *btf, *ext;
	Elf *e;
	int err;

	memset(w, 0, sizeof(*w));
	elf_version(EV_CURRENT);
	e = elf_memory((char *)elf, size);
	if (!e)
		return -EINVAL;
	err = elf_btf_sections(e, &btf, &ext);
	if (!err && btf && ext && (!btf->d_buf || !ext->d_buf))
		err = -EINVAL; /* a NOBITS section: named, but holding no bytes */
	else if (!err && btf && ext)
		err = wants_from_sections(w, btf, ext);
	elf_end(e);
	return err;
}

size_t btf_wants_raw_tracepoints(const void *elf, size_t size, char *names, size_t len, size_t max)
{
	static const char *const kinds[] = { "raw_tp/", "raw_tracepoint/", "tp_btf/" };
	const char *name, *target;
	size_t shstrndx, i, n = 0;
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	Elf *e;

	elf_version(EV_CURRENT);
	e = elf_memory((char *)elf, size);
	if (!e)
		return 0;
	if (elf_getshdrstrndx(e, &shstrndx))
		scn = NULL, max = 0;
	while (n < max && (scn = elf_nextscn(e, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS ||
		    !(name = elf_strptr(e, shstrndx, sh.sh_name)))
			continue;
		for (i = 0, target = NULL; !target && i < sizeof(kinds) / sizeof(kinds[0]); i++)
			if (!strncmp(name, kinds[i], strlen(kinds[i])))
				target = name + strlen(kinds[i]);
		if (target && *target && strlen(target) < len)
			strcpy(names + len * n++, target);
	}
	elf_end(e);
	return n;
}

int btf_wants_add_type(struct btf_wants *w, const char *name, __u32 kind)
{
	struct btf_want *v = want_new(w);

	if (!v)
		return -ENOMEM;
	v->kind = WANT_TYPE;
	v->root = name;
	v->root_len = strlen(name);
	v->root_kind = kind;
	want_commit(w);
	return 0;
}

/* "name___flavor" exactly: the root's whole name is its essential part, "___" and flavor. */
static bool root_has_flavor(const struct btf_want *v, const char *flavor)
{
	const char *rest = v->root + btf_essential_name_len(v->root);

	return !strncmp(rest, "___", 3) && !strcmp(rest + 3, flavor);
}

size_t btf_wants_drop_flavor(struct btf_wants *w, const char *flavor)
{
	size_t i, kept = 0, dropped;

	for (i = 0; i < w->n; i++)
		if (!root_has_flavor(&w->v[i], flavor))
			w->v[kept++] = w->v[i];
	dropped = w->n - kept;
	w->n = kept;
	return dropped;
}

void btf_wants_free(struct btf_wants *w)
{
	free(w->v);
	btf__free(w->local);
	memset(w, 0, sizeof(*w));
}
