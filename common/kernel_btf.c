// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Cutting the kernel's BTF down to what a set of wants (kernel_btf.h) needs,
 * without holding it: three sequential passes over /sys/kernel/btf/vmlinux
 * and a few reads of single types in between, all through btf_file.h.
 *
 *  1. strings: where the names the wants look for are;
 *  2. types: where each type's record starts, and which types are
 *     candidates (a wanted name, a compatible kind);
 *  then marking, type by type, what libbpf's CO-RE matching will look at;
 *  3. strings again: copy the names of what was marked; write the result.
 *
 * What a candidate keeps mirrors libbpf's relocation rules (relo_core.c):
 * members are matched by name, through anonymous members; a member's type is
 * compared by kind only, through typedefs and qualifiers, element by element
 * for arrays, by name for enums; pointers are followed only by type-based
 * relocations.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <linux/btf.h>
#include <bpf/btf.h>

#include "btf_file.h"
#include "kernel_btf.h"
#include "vec.h"

/* A name some want looks for: a root type's (matched without flavor) or a member's. */
struct name {
	const char *s;
	size_t len;
	bool root, member;
};

struct hit {
	__u32 off;  /* in the kernel's string section */
	__u32 name; /* index into names */
	bool exact; /* the whole string, not "name___flavor" */
};

struct candidate {
	__u32 id;
	__u32 name;
};

struct member_mark {
	__u32 id;
	__u32 index;
};

enum { MARK_USED = 1, MARK_POINTEES = 2 };

struct cutter {
	struct btf_file f; /* the kernel's BTF */
	const struct btf_wants *w;
	struct vec names;	   /* struct name, sorted */
	struct vec hits;	   /* struct hit, by offset */
	struct vec candidates;	   /* struct candidate */
	struct vec members;	   /* struct member_mark */
	struct vec kept;	   /* __u32 type ids marked, ascending */
	struct vec out;		   /* char: the type section written */
	struct vec name_at;	   /* __u32 offsets in out of name_off fields */
	struct vec old_names;	   /* __u32 kernel name offsets they hold, sorted, unique */
	struct vec new_names;	   /* __u32 the same names' offsets in strings */
	struct vec strings;	   /* char: the string section written */
	__u8 *marks;		   /* MARK_* per type id */
	__u8 leads[256 * 256 / 8]; /* the first two bytes of every name: a cheap first test */
	size_t copied;		   /* old_names copied so far (pass 3) */
	int nesting;		   /* mark_nested() calls under way */
};

static int name_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	return c ? c : (alen > blen) - (alen < blen);
}

static int name_sort(const void *a, const void *b)
{
	const struct name *x = a, *y = b;

	return name_cmp(x->s, x->len, y->s, y->len);
}

static struct name *name_find(const struct cutter *c, const char *s, size_t len)
{
	size_t lo = 0, hi = c->names.n, mid;
	struct name *names = c->names.v;
	int d;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		d = name_cmp(s, len, names[mid].s, names[mid].len);
		if (!d)
			return &names[mid];
		if (d < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static int name_add(struct cutter *c, const char *s, size_t len, bool root)
{
	struct name *n;
	size_t i;

	for (i = 0; i < c->names.n; i++) {
		n = (struct name *)c->names.v + i;
		if (!name_cmp(s, len, n->s, n->len))
			goto found;
	}
	n = vec_push(&c->names);
	if (!n)
		return -ENOMEM;
	n->s = s;
	n->len = len;
found:
	n->root |= root;
	n->member |= !root;
	return 0;
}

/* The pair of bytes a string starts with (the second is its NUL if it has one byte). */
static unsigned int lead(const char *s)
{
	return (unsigned char)s[0] << 8 | (unsigned char)(s[0] ? s[1] : 0);
}

static void set_lead(struct cutter *c, unsigned int pair)
{
	c->leads[pair / 8] |= 1 << pair % 8;
}

static bool may_be_a_name(const struct cutter *c, const char *s)
{
	unsigned int pair = lead(s);

	return c->leads[pair / 8] & 1 << pair % 8;
}

static int collect_names(struct cutter *c)
{
	const struct btf_want *w;
	struct name *n;
	size_t j;
	int i, err = 0;

	for (j = 0; !err && j < c->w->n; j++) {
		w = &c->w->v[j];
		err = name_add(c, w->root, w->root_len, true);
		for (i = 0; !err && i < w->nsteps; i++)
			if (w->steps[i])
				err = name_add(c, w->steps[i], strlen(w->steps[i]), false);
	}
	vec_sort(&c->names, name_sort);
	for (j = 0; j < c->names.n; j++) {
		n = (struct name *)c->names.v + j;
		set_lead(c,
			 (unsigned char)n->s[0] << 8 | (n->len > 1 ? (unsigned char)n->s[1] : 0));
		if (n->root && n->len == 1)
			set_lead(c, (unsigned char)n->s[0] << 8 | '_'); /* "x___flavor" */
	}
	return err;
}

static int add_hit(struct cutter *c, __u32 off, const struct name *n, bool exact)
{
	struct hit *h = vec_push(&c->hits);

	if (!h)
		return -ENOMEM;
	h->off = off;
	h->name = n - (const struct name *)c->names.v;
	h->exact = exact;
	return 0;
}

/* Pass 1, one string: note it if it is a name the wants look for. */
static int find_name(void *ctx, __u32 off, const char *s, size_t len)
{
	struct cutter *c = ctx;
	struct name *n;
	size_t ess;
	int err = 0;

	if (!may_be_a_name(c, s))
		return 0; /* nearly every string: no need for a closer look */
	n = name_find(c, s, len);
	if (n)
		err = add_hit(c, off, n, true);
	ess = btf_essential_name_len(s);
	if (!err && ess != len && (n = name_find(c, s, ess)) && n->root)
		err = add_hit(c, off, n, false);
	return err;
}

/* Pass 1: the offsets of the strings the wants name (increasing, as read). */
static int find_names(struct cutter *c)
{
	return btf_file_strings(&c->f, find_name, c);
}

/* The hits for the kernel string at off: *n of them (several only with flavors). */
static const struct hit *hits_at(const struct cutter *c, __u32 off, size_t *n)
{
	const struct hit *h = c->hits.v;
	size_t lo = 0, hi = c->hits.n, mid;

	*n = 0;
	if (!hi)
		return NULL; /* no hits, no array */
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (h[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (*n = 0; lo + *n < c->hits.n && h[lo + *n].off == off; ++*n)
		;
	return h + lo;
}

/* Whether the kernel string at off is names[name] exactly (as members are matched). */
static bool string_is(const struct cutter *c, __u32 off, __u32 name)
{
	size_t n, i;
	const struct hit *h = hits_at(c, off, &n);

	for (i = 0; i < n; i++)
		if (h[i].name == name && h[i].exact)
			return true;
	return false;
}

/* libbpf's candidates: the same kind, except that enum and enum64 stand for each other. */
static bool kinds_compatible(__u32 a, __u32 b)
{
	bool enum_a = a == BTF_KIND_ENUM || a == BTF_KIND_ENUM64;
	bool enum_b = b == BTF_KIND_ENUM || b == BTF_KIND_ENUM64;

	return a == b || (enum_a && enum_b);
}

static bool some_want_roots(const struct cutter *c, __u32 name, __u32 kind)
{
	const struct name *n = (const struct name *)c->names.v + name;
	const struct btf_want *w;
	size_t i;

	for (i = 0; i < c->w->n; i++) {
		w = &c->w->v[i];
		if (!name_cmp(w->root, w->root_len, n->s, n->len) &&
		    kinds_compatible(w->root_kind, kind))
			return true;
	}
	return false;
}

static int note_candidate(struct cutter *c, __u32 id, const struct btf_type *t)
{
	struct candidate *cand;
	size_t i, n;
	const struct hit *h = hits_at(c, t->name_off, &n);

	for (i = 0; i < n; i++) {
		if (!some_want_roots(c, h[i].name, btf_kind(t)))
			continue;
		cand = vec_push(&c->candidates);
		if (!cand)
			return -ENOMEM;
		cand->id = id;
		cand->name = h[i].name;
	}
	return 0;
}

/*
 * Pass 2, one type: note it if it is a candidate. BTF may point a name into
 * the middle of a string (its tail); the kernel's never does, and names are
 * matched here only by where they start, so such a BTF is refused.
 */
static int note_type(void *ctx, __u32 id, const struct btf_type *t)
{
	struct cutter *c = ctx;

	if (t->name_off && !btf_file_string_start(&c->f, t->name_off))
		return -EPROTO;
	return t->name_off ? note_candidate(c, id, t) : 0;
}

/* Pass 2: where every type starts; which are candidates. */
static int scan_types(struct cutter *c)
{
	return btf_file_index_types(&c->f, note_type, c);
}

static int mark_type(struct cutter *c, __u32 id, bool pointees);

/* The kinds written whole by out_whole(), type ids renumbered. */
static bool kept_whole(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_PTR:
	case BTF_KIND_ARRAY:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FWD:
	case BTF_KIND_FUNC_PROTO:
	case BTF_KIND_FLOAT:
		return true;
	default:
		return btf_is_mod_or_typedef(t);
	}
}

/*
 * mark_type() for a type inside another's record (an array's index, a
 * prototype's return and parameters): as deep as libbpf compares types, 32
 * levels, rather than as deep as the stack goes.
 */
static int mark_nested(struct cutter *c, __u32 id, bool pointees)
{
	int err;

	if (c->nesting == BTF_FILE_MAX_DEPTH)
		return -EPROTO;
	c->nesting++;
	err = mark_type(c, id, pointees);
	c->nesting--;
	return err;
}

static int mark_params(struct cutter *c, const struct btf_type *t, bool pointees)
{
	const struct btf_param *p = btf_params(t);
	int i, err = mark_nested(c, t->type, pointees);

	for (i = 0; !err && i < btf_vlen(t); i++)
		err = mark_nested(c, p[i].type, pointees);
	return err;
}

/*
 * Keep a type and what libbpf compares of it: the chain of qualifiers and
 * typedefs, an array's element and index types, a prototype's; a pointer's
 * target only if `pointees`. Structs and unions keep only the members marked
 * on their own (mark_member()).
 */
static int mark_type(struct cutter *c, __u32 id, bool pointees)
{
	struct btf_type *t;
	int err = 0;

	for (; id && !err; free(t)) {
		if (id > btf_file_type_count(&c->f))
			return -EPROTO;
		if (c->marks[id] & (pointees ? MARK_POINTEES : MARK_USED))
			return 0;
		c->marks[id] |= MARK_USED | (pointees ? MARK_POINTEES : 0);
		t = btf_file_type(&c->f, id);
		if (!t)
			return -EPROTO;
		if (!kept_whole(t) && !btf_is_composite(t)) {
			free(t);
			return -EOPNOTSUPP; /* a variable, section, function or tag */
		}
		id = 0;
		if (btf_is_mod_or_typedef(t) || (btf_is_ptr(t) && pointees)) {
			id = t->type;
		} else if (btf_is_array(t)) {
			err = mark_nested(c, btf_array(t)->index_type, pointees);
			id = btf_array(t)->type;
		} else if (btf_is_func_proto(t)) {
			err = mark_params(c, t, pointees);
		}
	}
	return err;
}

static int mark_member(struct cutter *c, __u32 id, __u32 index, __u32 type)
{
	struct member_mark *m = vec_push(&c->members);

	if (!m)
		return -ENOMEM;
	m->id = id;
	m->index = index;
	return mark_type(c, type, false);
}

static int find_member(struct cutter *c, __u32 id, __u32 name, __u32 *type, int depth);

/*
 * libbpf lets an index run past a zero-length array only where the array is
 * the last member of its struct: keep the struct's real last member too, so
 * that the cut does not make an array in the middle the last one.
 */
static int keep_array_place(struct cutter *c, __u32 id, const struct btf_type *t, int i)
{
	const struct btf_member *last = btf_members(t) + btf_vlen(t) - 1;
	__u32 type = btf_members(t)[i].type;
	struct btf_type *mt;
	bool empty_array;

	if (i == btf_vlen(t) - 1)
		return 0;
	mt = btf_file_resolve(&c->f, &type);
	if (!mt)
		return -EPROTO;
	empty_array = btf_is_array(mt) && !btf_array(mt)->nelems;
	free(mt);
	return empty_array ? mark_member(c, id, btf_vlen(t) - 1, last->type) : 0;
}

/* An anonymous member's composite, searched for the name as libbpf does. */
static int find_inside(struct cutter *c, __u32 id, __u32 name, __u32 *type, int depth)
{
	struct btf_type *inner = btf_file_resolve(&c->f, &id);
	int found = inner && btf_is_composite(inner) ? find_member(c, id, name, type, depth + 1)
						     : (inner ? 0 : -EPROTO);

	free(inner);
	return found;
}

/*
 * Find the member named names[name] in composite `id`, looking inside
 * anonymous members the way libbpf does; mark the way to it. 1 and its type
 * in *type when found, 0 when not, -errno.
 */
static int find_member(struct cutter *c, __u32 id, __u32 name, __u32 *type, int depth)
{
	struct btf_type *t = depth < BTF_FILE_MAX_DEPTH ? btf_file_type(&c->f, id) : NULL;
	const struct btf_member *m;
	int i, found = 0;

	if (!t)
		return -EPROTO;
	m = btf_members(t);
	for (i = 0; !found && i < btf_vlen(t); i++, m++) {
		if (!m->name_off) {
			found = find_inside(c, m->type, name, type, depth);
			if (found > 0)
				found = mark_member(c, id, i, m->type) ?: 1;
		} else if (!btf_file_string_start(&c->f, m->name_off)) {
			found = -EPROTO;
		} else if (string_is(c, m->name_off, name)) {
			*type = m->type;
			found = mark_member(c, id, i, m->type) ?: keep_array_place(c, id, t, i) ?: 1;
		}
	}
	free(t);
	return found;
}

static __u32 name_index(const struct cutter *c, const char *s)
{
	return name_find(c, s, strlen(s)) - (struct name *)c->names.v;
}

/* A field relocation's path from one candidate: what libbpf walks to the field. */
static int mark_field_path(struct cutter *c, __u32 id, const struct btf_want *w)
{
	struct btf_type *t;
	int i, found = 1, err = mark_type(c, id, false);

	for (i = 0; !err && found > 0 && i < w->nsteps; i++) {
		t = btf_file_resolve(&c->f, &id);
		if (!t)
			return -EPROTO;
		if (!w->steps[i]) /* an array element: marked with the array */
			found = btf_is_array(t) ? (id = btf_array(t)->type, 1) : 0;
		else
			found = btf_is_composite(t)
					? find_member(c, id, name_index(c, w->steps[i]), &id, 0)
					: 0;
		free(t);
		err = found < 0 ? found : 0;
	}
	return err;
}

static int mark_want(struct cutter *c, const struct btf_want *w)
{
	const struct candidate *cand = c->candidates.v;
	const struct name *n;
	struct btf_type *t;
	size_t i;
	int err = 0;

	for (i = 0; !err && i < c->candidates.n; i++) {
		n = (const struct name *)c->names.v + cand[i].name;
		if (name_cmp(w->root, w->root_len, n->s, n->len))
			continue;
		t = btf_file_type(&c->f, cand[i].id);
		if (!t)
			return -EPROTO;
		if (kinds_compatible(w->root_kind, btf_kind(t)))
			err = w->kind == WANT_FIELD
				      ? mark_field_path(c, cand[i].id, w)
				      : mark_type(c, cand[i].id, w->kind == WANT_TYPE);
		free(t);
	}
	return err;
}

static int u32_cmp(const void *a, const void *b)
{
	__u32 x = *(const __u32 *)a, y = *(const __u32 *)b;

	return (x > y) - (x < y);
}

static int member_cmp(const void *a, const void *b)
{
	const struct member_mark *x = a, *y = b;

	return x->id != y->id ? (x->id > y->id) - (x->id < y->id)
			      : (x->index > y->index) - (x->index < y->index);
}

/* Index of key in a sorted __u32 array, or -1. */
static long u32_find(const struct vec *a, __u32 key)
{
	const __u32 *v = a->v, *p = a->n ? bsearch(&key, v, a->n, sizeof(*v), u32_cmp) : NULL;

	return p ? p - v : -1;
}

/* The output's id for a kernel type id: 0 (void) for one not kept. */
static __u32 new_id(const struct cutter *c, __u32 id)
{
	long i = id ? u32_find(&c->kept, id) : -1;

	return i < 0 ? 0 : i + 1;
}

/* The kept members of composite `id`, as a range of the sorted marks (NULL if none). */
static const struct member_mark *members_of(const struct cutter *c, __u32 id, size_t *n)
{
	const struct member_mark *m = c->members.v;
	size_t i = 0;

	while (i < c->members.n && m[i].id < id)
		i++;
	for (*n = 0; i + *n < c->members.n && m[i + *n].id == id; ++*n)
		;
	return *n ? m + i : NULL;
}

/* Dedupe the member marks, and list the kept type ids in order. */
static int list_kept(struct cutter *c)
{
	struct member_mark *m = c->members.v;
	size_t i, j;
	__u32 id;
	int err = 0;

	vec_sort(&c->members, member_cmp);
	for (i = j = 0; i < c->members.n; i++)
		if (!j || member_cmp(&m[j - 1], &m[i]))
			m[j++] = m[i];
	c->members.n = j;
	for (id = 1; !err && id <= btf_file_type_count(&c->f); id++)
		if (c->marks[id] & MARK_USED)
			err = vec_append(&c->kept, &id, 1);
	return err;
}

static int out_u32(struct cutter *c, __u32 v)
{
	return vec_append(&c->out, &v, sizeof(v));
}

/* A name_off field: written as the kernel's offset, renumbered once names are copied. */
static int out_name(struct cutter *c, __u32 off)
{
	__u32 at = c->out.n;

	return vec_append(&c->name_at, &at, 1) ?: out_u32(c, off);
}

/* t's info word with another member count. */
static __u32 type_info(const struct btf_type *t, size_t vlen)
{
	return (t->info & ~0xffffU) | vlen;
}

static int out_members(struct cutter *c, __u32 id, const struct btf_type *t)
{
	const struct member_mark *keep;
	const struct btf_member *m;
	size_t i, n;
	int err;

	keep = members_of(c, id, &n);
	err = out_name(c, t->name_off) ?: out_u32(c, type_info(t, n)) ?: out_u32(c, t->size);
	for (i = 0; !err && i < n; i++) {
		m = btf_members(t) + keep[i].index;
		err = out_name(c, m->name_off) ?: out_u32(c, new_id(c, m->type)) ?:
			out_u32(c, m->offset);
	}
	return err;
}

/* Everything else is copied whole, type ids renumbered. */
static int out_whole(struct cutter *c, const struct btf_type *t)
{
	const struct btf_array *a = btf_array(t);
	const struct btf_param *p = btf_params(t);
	const __u32 *v = (const __u32 *)(t + 1);
	bool refers = !btf_is_int(t) && !btf_is_any_enum(t) && !btf_is_float(t) && !btf_is_fwd(t);
	int i, err;

	err = out_name(c, t->name_off) ?: out_u32(c, t->info) ?:
		out_u32(c, refers ? new_id(c, t->type) : t->size);
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		return err ?: out_u32(c, v[0]);
	case BTF_KIND_ARRAY:
		return err ?: out_u32(c, new_id(c, a->type)) ?: out_u32(c, new_id(c, a->index_type)) ?:
			out_u32(c, a->nelems);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64: /* name, value (and its high half) */
		for (i = 0; !err && i < btf_vlen(t); i++, v += btf_is_enum(t) ? 2 : 3)
			err = out_name(c, v[0])
				      ?: vec_append(&c->out, v + 1, btf_is_enum(t) ? 4 : 8);
		return err;
	case BTF_KIND_FUNC_PROTO:
		for (i = 0; !err && i < btf_vlen(t); i++)
			err = out_name(c, p[i].name_off) ?: out_u32(c, new_id(c, p[i].type));
		return err;
	default:
		return err;
	}
}

static int emit_types(struct cutter *c)
{
	const __u32 *id = c->kept.v;
	struct btf_type *t;
	size_t i;
	int err = 0;

	for (i = 0; !err && i < c->kept.n; i++) {
		t = btf_file_type(&c->f, id[i]);
		if (!t)
			return -EPROTO;
		err = btf_is_composite(t) ? out_members(c, id[i], t) : out_whole(c, t);
		free(t);
	}
	return err;
}

/*
 * Pass 3, one string: copy the names the written types use that lie in it
 * (a name may start inside a longer string: it is that string's tail).
 */
static int copy_name(void *ctx, __u32 off, const char *s, size_t len)
{
	struct cutter *c = ctx;
	const __u32 *old = c->old_names.v;
	__u32 *fresh;

	for (; c->copied < c->old_names.n && old[c->copied] <= off + len; c->copied++) {
		fresh = vec_push(&c->new_names);
		if (!fresh)
			return -ENOMEM;
		*fresh = old[c->copied] ? c->strings.n : 0;
		if (old[c->copied] && vec_append(&c->strings, s + (old[c->copied] - off),
						 len - (old[c->copied] - off) + 1))
			return -ENOMEM;
	}
	return c->copied == c->old_names.n; /* all there: stop reading */
}

/* The kernel name offsets the written types hold, sorted, once each. */
static int list_old_names(struct cutter *c)
{
	__u32 *at = c->name_at.v, *old;
	size_t i, j;
	int err = 0;

	for (i = 0; !err && i < c->name_at.n; i++)
		err = vec_append(&c->old_names, (char *)c->out.v + at[i], 1);
	vec_sort(&c->old_names, u32_cmp);
	old = c->old_names.v;
	for (i = j = 0; i < c->old_names.n; i++)
		if (!j || old[j - 1] != old[i])
			old[j++] = old[i];
	c->old_names.n = j;
	return err;
}

/* Pass 3: copy the names the written types use; point their name_off fields at the copies. */
static int copy_names(struct cutter *c)
{
	__u32 *at = c->name_at.v, field;
	size_t i;
	int err = list_old_names(c) ?: vec_append(&c->strings, "", 1); /* offset 0: no name */

	err = err ?: btf_file_strings(&c->f, copy_name, c);
	if (err || c->copied < c->old_names.n)
		return err ?: -EPROTO;
	for (i = 0; i < c->name_at.n; i++) {
		memcpy(&field, (char *)c->out.v + at[i], sizeof(field));
		field = ((__u32 *)c->new_names.v)[u32_find(&c->old_names, field)];
		memcpy((char *)c->out.v + at[i], &field, sizeof(field));
	}
	return 0;
}

static int write_all(int fd, const void *p, size_t n)
{
	ssize_t done;

	for (; n; n -= done, p = (const char *)p + done) {
		done = write(fd, p, n);
		if (done < 0 && errno != EINTR)
			return -errno;
		if (done < 0)
			done = 0;
	}
	return 0;
}

static int write_btf(struct cutter *c, int out_fd, struct kernel_btf_cut *cut)
{
	struct btf_header h = {
		.magic = BTF_MAGIC,
		.version = BTF_VERSION,
		.hdr_len = sizeof(h),
		.type_len = c->out.n,
		.str_off = c->out.n,
		.str_len = c->strings.n,
	};

	if (cut) {
		cut->kernel_types = btf_file_type_count(&c->f);
		cut->kept_types = c->kept.n;
		cut->bytes = sizeof(h) + c->out.n + c->strings.n;
	}
	return write_all(out_fd, &h, sizeof(h)) ?: write_all(out_fd, c->out.v, c->out.n) ?:
		write_all(out_fd, c->strings.v, c->strings.n);
}

/* The cut of nothing: a header and the empty name, as libbpf wants every BTF to start. */
static int write_empty(int out_fd, struct kernel_btf_cut *cut)
{
	struct btf_header h = {
		.magic = BTF_MAGIC,
		.version = BTF_VERSION,
		.hdr_len = sizeof(h),
		.str_len = 1,
	};

	if (cut)
		*cut = (struct kernel_btf_cut){ .bytes = sizeof(h) + 1 };
	return write_all(out_fd, &h, sizeof(h)) ?: write_all(out_fd, "", 1);
}

static int cut_marked(struct cutter *c)
{
	size_t i;
	int err = 0;

	c->marks = calloc(btf_file_type_count(&c->f) + 1, 1);
	if (!c->marks)
		return -ENOMEM;
	for (i = 0; !err && i < c->w->n; i++)
		err = mark_want(c, &c->w->v[i]);
	return err ?: list_kept(c) ?: emit_types(c) ?: copy_names(c);
}

static void cutter_free(struct cutter *c)
{
	struct vec *all[] = { &c->names, &c->hits,    &c->candidates, &c->members,   &c->kept,
			      &c->out,	 &c->name_at, &c->old_names,  &c->new_names, &c->strings };
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		free(all[i]->v);
	free(c->marks);
	btf_file_close(&c->f);
	free(c);
}

int kernel_btf_cut(int kernel_fd, const struct btf_wants *w, int out_fd, struct kernel_btf_cut *cut)
{
	struct cutter *c;
	int err;

	if (!w->n)
		return write_empty(out_fd, cut);
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->w = w;
	c->names.size = sizeof(struct name);
	c->hits.size = sizeof(struct hit);
	c->kept.size = c->name_at.size = sizeof(__u32);
	c->old_names.size = c->new_names.size = sizeof(__u32);
	c->candidates.size = sizeof(struct candidate);
	c->members.size = sizeof(struct member_mark);
	c->out.size = c->strings.size = 1;
	err = btf_file_open(&c->f, kernel_fd) ?: collect_names(c) ?: find_names(c) ?: scan_types(c) ?:
		cut_marked(c) ?: write_btf(c, out_fd, cut);
	cutter_free(c);
	return err;
}

int kernel_btf_cut_to(const struct btf_wants *w, int out_fd, struct kernel_btf_cut *cut)
{
	/* wanting nothing needs no kernel BTF, not even its presence */
	int kernel = w->n ? open(KERNEL_BTF_PATH, O_RDONLY | O_CLOEXEC) : -1, err;

	if (w->n && kernel < 0)
		return -errno;
	err = kernel_btf_cut(kernel, w, out_fd, cut);
	if (kernel >= 0)
		close(kernel);
	return err;
}

int kernel_btf_cut_memfd(const struct btf_wants *w, struct kernel_btf_cut *cut)
{
	int fd = memfd_create("sonde-kernel-types", MFD_CLOEXEC), err;

	err = fd < 0 ? -errno : kernel_btf_cut_to(w, fd, cut);
	if (err && fd >= 0)
		close(fd);
	return err ?: fd;
}
