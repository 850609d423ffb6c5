// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * kernel_btf.h: cutting a kernel BTF down to what relocations need, on a
 * small made-up "kernel" with the shapes that matter: a member inside an
 * anonymous union, an array, a pointer to a type nobody wants, a flavored
 * duplicate, a typedef'd function pointer, an enum.
 */
#include "unit.h"

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/btf.h>
#include <bpf/btf.h>

#include "kernel_btf.h"

enum {
	K_INT = 1,
	K_ULONG,
	K_CHAR,
	K_PID_T,
	K_ANON_UNION,
	K_COMM_ARRAY,
	K_MM,
	K_MM_PTR,
	K_TASK_PTR,
	K_TASK,
	K_TASK_V2,
	K_UNRELATED,
	K_STATE_ENUM,
	K_PROTO,
	K_PROTO_PTR,
	K_HANDLER_T,
};

/* Field offsets of struct task in bits, as the made-up kernel lays it out. */
#define OFF_PID	   0
#define OFF_ANON   64
#define OFF_COMM   128
#define OFF_MM	   256
#define OFF_PARENT 320
#define OFF_FLAGS  384

static struct btf *made_up_kernel(void)
{
	struct btf *b = btf__new_empty();

	cr_assert(b);
	cr_assert_eq(btf__add_int(b, "int", 4, BTF_INT_SIGNED), K_INT);
	cr_assert_eq(btf__add_int(b, "long unsigned int", 8, 0), K_ULONG);
	cr_assert_eq(btf__add_int(b, "char", 1, BTF_INT_CHAR), K_CHAR);
	cr_assert_eq(btf__add_typedef(b, "pid_t", K_INT), K_PID_T);
	cr_assert_eq(btf__add_union(b, NULL, 8), K_ANON_UNION);
	btf__add_field(b, "state", K_INT, 0, 0);
	btf__add_field(b, "noise", K_ULONG, 0, 0);
	cr_assert_eq(btf__add_array(b, K_INT, K_CHAR, 16), K_COMM_ARRAY);
	cr_assert_eq(btf__add_struct(b, "mm", 8), K_MM);
	btf__add_field(b, "total", K_ULONG, 0, 0);
	cr_assert_eq(btf__add_ptr(b, K_MM), K_MM_PTR);
	cr_assert_eq(btf__add_ptr(b, K_TASK), K_TASK_PTR);
	cr_assert_eq(btf__add_struct(b, "task", 64), K_TASK);
	btf__add_field(b, "pid", K_PID_T, OFF_PID, 0);
	btf__add_field(b, NULL, K_ANON_UNION, OFF_ANON, 0);
	btf__add_field(b, "comm", K_COMM_ARRAY, OFF_COMM, 0);
	btf__add_field(b, "mm", K_MM_PTR, OFF_MM, 0);
	btf__add_field(b, "parent", K_TASK_PTR, OFF_PARENT, 0);
	btf__add_field(b, "flags", K_INT, OFF_FLAGS, 3);
	cr_assert_eq(btf__add_struct(b, "task___v2", 8), K_TASK_V2);
	btf__add_field(b, "pid", K_INT, 32, 0);
	cr_assert_eq(btf__add_struct(b, "unrelated", 4), K_UNRELATED);
	btf__add_field(b, "pid", K_INT, 0, 0);
	cr_assert_eq(btf__add_enum(b, "state", 4), K_STATE_ENUM);
	btf__add_enum_value(b, "RUNNING", 0);
	btf__add_enum_value(b, "SLEEPING", 1);
	cr_assert_eq(btf__add_func_proto(b, K_INT), K_PROTO);
	btf__add_func_param(b, "task", K_TASK_PTR);
	btf__add_func_param(b, "flags", K_INT);
	cr_assert_eq(btf__add_ptr(b, K_PROTO), K_PROTO_PTR);
	cr_assert_eq(btf__add_typedef(b, "handler_t", K_PROTO_PTR), K_HANDLER_T);
	return b;
}

/* root.member, or root.member[i] with `element` */
static void want_field(struct btf_wants *w, const char *root, const char *member, bool element)
{
	struct btf_want *v = &w->v[w->n++];

	*v = (struct btf_want){ .kind = WANT_FIELD,
				.root_kind = BTF_KIND_STRUCT,
				.root = root,
				.root_len = strlen(root) };
	v->steps[v->nsteps++] = member;
	if (element)
		v->steps[v->nsteps++] = NULL;
}

/* Cut `kernel` (freed) for `w`: kernel_btf_cut()'s result; the cut, parsed, in *out. */
static int cut_from(struct btf *kernel, const struct btf_wants *w, struct kernel_btf_cut *kc,
		    struct btf **out)
{
	__u32 size;
	const void *raw = btf__raw_data(kernel, &size);
	int in = memfd_create("kernel", 0), fd = memfd_create("cut", 0), err;
	static char buf[65536];
	ssize_t n;

	cr_assert(in >= 0 && fd >= 0 && write(in, raw, size) == (ssize_t)size);
	err = kernel_btf_cut(in, w, fd, kc);
	if (!err) {
		n = pread(fd, buf, sizeof(buf), 0);
		cr_assert_eq((size_t)n, kc->bytes);
		*out = btf__new(buf, n);
		cr_assert(*out, "the cut does not parse as BTF");
	}
	btf__free(kernel);
	close(in);
	close(fd);
	return err;
}

/* Cut the made-up kernel for `w`; the result, parsed. */
static struct btf *cut(const struct btf_wants *w, struct kernel_btf_cut *kc)
{
	struct btf *out = NULL;

	cr_assert_eq(cut_from(made_up_kernel(), w, kc, &out), 0);
	return out;
}

static const struct btf_type *find(const struct btf *b, const char *name, __u32 kind)
{
	int id = btf__find_by_name_kind(b, name, kind);

	return id > 0 ? btf__type_by_id(b, id) : NULL;
}

static const struct btf_member *member(const struct btf_type *t, int i)
{
	cr_assert_lt(i, btf_vlen(t));
	return btf_members(t) + i;
}

static const char *member_name(const struct btf *b, const struct btf_type *t, int i)
{
	return btf__name_by_offset(b, member(t, i)->name_off);
}

static struct btf_want fields[8];
static struct btf_wants task_fields = { .v = fields };

static void want_task_fields(void)
{
	task_fields.n = 0;
	want_field(&task_fields, "task", "pid", false);
	want_field(&task_fields, "task", "state", false); /* inside the anonymous union */
	want_field(&task_fields, "task", "comm", true);
	want_field(&task_fields, "task", "mm", false);
	want_field(&task_fields, "task", "parent", false);
	want_field(&task_fields, "task", "missing", false); /* not in this kernel */
}

Test(kernel_btf_cut, keeps_the_members_asked_for_at_their_offsets, .init = want_task_fields)
{
	struct kernel_btf_cut kc;
	struct btf *b = cut(&task_fields, &kc);
	const struct btf_type *t = find(b, "task", BTF_KIND_STRUCT);

	cr_assert(t);
	cr_assert_eq(t->size, 64);
	cr_assert_eq(btf_vlen(t), 5, "pid, the union, comm, mm, parent: not flags");
	cr_assert_str_eq(member_name(b, t, 0), "pid");
	cr_assert_eq(btf_member_bit_offset(t, 0), OFF_PID);
	cr_assert_str_eq(member_name(b, t, 1), "");
	cr_assert_eq(btf_member_bit_offset(t, 1), OFF_ANON);
	cr_assert_str_eq(member_name(b, t, 2), "comm");
	cr_assert_eq(btf_member_bit_offset(t, 2), OFF_COMM);
	cr_assert_str_eq(member_name(b, t, 3), "mm");
	cr_assert_eq(btf_member_bit_offset(t, 3), OFF_MM);
	cr_assert_str_eq(member_name(b, t, 4), "parent");
	cr_assert_eq(btf_member_bit_offset(t, 4), OFF_PARENT);
	cr_assert_eq(kc.kernel_types, K_HANDLER_T);
	btf__free(b);
}

Test(kernel_btf_cut, anonymous_union_keeps_only_the_wanted_member, .init = want_task_fields)
{
	struct kernel_btf_cut kc;
	struct btf *b = cut(&task_fields, &kc);
	const struct btf_type *t = find(b, "task", BTF_KIND_STRUCT);
	const struct btf_type *u = btf__type_by_id(b, member(t, 1)->type);

	cr_assert(btf_is_union(u));
	cr_assert_eq(u->size, 8);
	cr_assert_eq(btf_vlen(u), 1);
	cr_assert_str_eq(member_name(b, u, 0), "state");
	btf__free(b);
}

Test(kernel_btf_cut, member_types_keep_their_shape, .init = want_task_fields)
{
	struct kernel_btf_cut kc;
	struct btf *b = cut(&task_fields, &kc);
	const struct btf_type *t = find(b, "task", BTF_KIND_STRUCT), *x;

	/* pid: the typedef, then a signed 4-byte int */
	x = btf__type_by_id(b, member(t, 0)->type);
	cr_assert(btf_is_typedef(x));
	cr_assert_str_eq(btf__name_by_offset(b, x->name_off), "pid_t");
	x = btf__type_by_id(b, x->type);
	cr_assert(btf_is_int(x) && x->size == 4 && (btf_int_encoding(x) & BTF_INT_SIGNED));
	/* comm: 16 chars */
	x = btf__type_by_id(b, member(t, 2)->type);
	cr_assert(btf_is_array(x));
	cr_assert_eq(btf_array(x)->nelems, 16);
	cr_assert_eq(btf__resolve_size(b, btf_array(x)->type), 1);
	/* mm: a pointer nobody follows points to void, and struct mm is left out */
	x = btf__type_by_id(b, member(t, 3)->type);
	cr_assert(btf_is_ptr(x));
	cr_assert_eq(x->type, 0);
	cr_assert_null(find(b, "mm", BTF_KIND_STRUCT));
	/* parent: its target is kept anyway (it is the root), so it points there */
	x = btf__type_by_id(b, member(t, 4)->type);
	cr_assert(btf_is_ptr(x));
	cr_assert_eq(btf__type_by_id(b, x->type), t);
	btf__free(b);
}

Test(kernel_btf_cut, flavored_kernel_type_is_a_candidate_and_others_are_not,
     .init = want_task_fields)
{
	struct kernel_btf_cut kc;
	struct btf *b = cut(&task_fields, &kc);
	const struct btf_type *v2 = find(b, "task___v2", BTF_KIND_STRUCT);

	cr_assert(v2, "libbpf matches task___v2 to task: it must be there");
	cr_assert_eq(btf_vlen(v2), 1);
	cr_assert_str_eq(member_name(b, v2, 0), "pid");
	cr_assert_eq(btf_member_bit_offset(v2, 0), 32);
	cr_assert_null(find(b, "unrelated", BTF_KIND_STRUCT));
	cr_assert_null(find(b, "state", BTF_KIND_ENUM));
	cr_assert_eq(kc.kept_types, (__u32)btf__type_cnt(b) - 1);
	btf__free(b);
}

/* A list of one want, for `name`. */
static struct btf_wants *one_want(enum btf_want_kind kind, __u32 root_kind, const char *name)
{
	static struct btf_want v;
	static struct btf_wants w = { .v = &v, .n = 1 };

	v = (struct btf_want){
		.kind = kind, .root_kind = root_kind, .root = name, .root_len = strlen(name)
	};
	return &w;
}

Test(kernel_btf_cut, type_want_follows_pointers_to_the_prototype)
{
	struct btf_wants *w = one_want(WANT_TYPE, BTF_KIND_TYPEDEF, "handler_t");
	struct kernel_btf_cut kc;
	struct btf *b = cut(w, &kc);
	const struct btf_type *t = find(b, "handler_t", BTF_KIND_TYPEDEF), *task;

	cr_assert(t);
	t = btf__type_by_id(b, t->type);
	cr_assert(btf_is_ptr(t));
	t = btf__type_by_id(b, t->type);
	cr_assert(btf_is_func_proto(t));
	cr_assert_eq(btf_vlen(t), 2);
	cr_assert_str_eq(btf__name_by_offset(b, btf_params(t)[0].name_off), "task");
	task = btf__type_by_id(b, btf__type_by_id(b, btf_params(t)[0].type)->type);
	cr_assert(btf_is_struct(task));
	cr_assert_eq(btf_vlen(task), 0, "a struct behind a pointer: its size, no members");
	cr_assert_eq(task->size, 64);
	btf__free(b);
}

Test(kernel_btf_cut, enum_want_keeps_every_value)
{
	struct btf_wants *w = one_want(WANT_ENUM, BTF_KIND_ENUM, "state");
	struct kernel_btf_cut kc;
	struct btf *b = cut(w, &kc);
	const struct btf_type *t = find(b, "state", BTF_KIND_ENUM);

	cr_assert(t);
	cr_assert_eq(btf_vlen(t), 2);
	cr_assert_str_eq(btf__name_by_offset(b, btf_enum(t)[1].name_off), "SLEEPING");
	cr_assert_eq(btf_enum(t)[1].val, 1);
	cr_assert_eq(kc.kept_types, 1);
	btf__free(b);
}

Test(kernel_btf_cut, garbage_is_refused)
{
	struct btf_wants *w = one_want(WANT_ENUM, BTF_KIND_ENUM, "state");
	int in = memfd_create("kernel", 0), fd = memfd_create("cut", 0);

	cr_assert(write(in, "not BTF at all, not even close", 30) == 30);
	cr_assert_eq(kernel_btf_cut(in, w, fd, NULL), -EPROTO);
	close(in);
	close(fd);
}

Test(btf_essential_name_len, strips_one_flavor)
{
	cr_assert_eq(btf_essential_name_len("task_struct___old"), strlen("task_struct"));
	cr_assert_eq(btf_essential_name_len("request___x___y"), strlen("request___x"));
	cr_assert_eq(btf_essential_name_len("task_struct"), strlen("task_struct"));
	cr_assert_eq(btf_essential_name_len("a____b"), strlen("a____b"), "four underscores");
	cr_assert_eq(btf_essential_name_len("___b"), strlen("___b"), "nothing before");
}

/*
 * struct odd { int foo___x; int foo; int tail[0]; int after; }: a member
 * named like a flavor of a wanted root, and a zero-length array that is not
 * last (libbpf lets an index run past such an array only when it is last).
 */
static struct btf *odd_kernel(void)
{
	struct btf *b = btf__new_empty();

	cr_assert_eq(btf__add_int(b, "int", 4, BTF_INT_SIGNED), 1);
	cr_assert_eq(btf__add_struct(b, "foo", 4), 2);
	btf__add_field(b, "a", 1, 0, 0);
	cr_assert_eq(btf__add_array(b, 1, 1, 0), 3);
	cr_assert_eq(btf__add_struct(b, "odd", 12), 4);
	btf__add_field(b, "foo___x", 1, 0, 0);
	btf__add_field(b, "foo", 1, 32, 0);
	btf__add_field(b, "tail", 3, 64, 0);
	btf__add_field(b, "after", 1, 64, 0);
	return b;
}

Test(kernel_btf_cut, members_match_exactly_and_an_empty_array_stays_in_the_middle)
{
	struct btf_want v[3];
	struct btf_wants w = { .v = v };
	struct kernel_btf_cut kc;
	struct btf *b = NULL;
	const struct btf_type *t;

	want_field(&w, "odd", "foo", false);
	want_field(&w, "odd", "tail", true);
	want_field(&w, "foo", "a", false); /* "foo" is a root name too */
	cr_assert_eq(cut_from(odd_kernel(), &w, &kc, &b), 0);
	t = find(b, "odd", BTF_KIND_STRUCT);
	cr_assert(t);
	cr_assert_eq(btf_vlen(t), 3, "foo, tail and the real last member");
	cr_assert_str_eq(member_name(b, t, 0), "foo", "foo___x is another member");
	cr_assert_eq(btf_member_bit_offset(t, 0), 32);
	cr_assert_str_eq(member_name(b, t, 1), "tail");
	cr_assert_str_eq(member_name(b, t, 2), "after");
	btf__free(b);
}

/* A member whose type id is past the last type: refused, not read out of bounds. */
Test(kernel_btf_cut, type_id_out_of_range_is_refused)
{
	struct btf *k = btf__new_empty(), *b = NULL;
	struct btf_want v[1];
	struct btf_wants w = { .v = v };
	struct kernel_btf_cut kc;

	btf__add_int(k, "int", 4, BTF_INT_SIGNED);
	btf__add_struct(k, "bad", 8);
	btf__add_field(k, "x", 100000, 0, 0);
	want_field(&w, "bad", "x", false);
	cr_assert_eq(cut_from(k, &w, &kc, &b), -EPROTO);
}

/* Variables and sections are not cut (their records are not copied): refused. */
Test(kernel_btf_cut, a_variable_is_refused)
{
	struct btf *k = btf__new_empty(), *b = NULL;
	struct kernel_btf_cut kc;

	btf__add_int(k, "int", 4, BTF_INT_SIGNED);
	btf__add_var(k, "counter", BTF_VAR_GLOBAL_ALLOCATED, 1);
	cr_assert_eq(cut_from(k, one_want(WANT_TYPE, BTF_KIND_VAR, "counter"), &kc, &b),
		     -EOPNOTSUPP);
}

/* Cut raw BTF bytes (not necessarily valid) for `w`: kernel_btf_cut()'s result. */
static int cut_raw(const void *raw, size_t size, const struct btf_wants *w)
{
	int in = memfd_create("kernel", 0), fd = memfd_create("cut", 0), err;

	cr_assert(in >= 0 && fd >= 0 && write(in, raw, size) == (ssize_t)size);
	err = kernel_btf_cut(in, w, fd, NULL);
	close(in);
	close(fd);
	return err;
}

/* The made-up kernel's raw BTF, malloc()ed: for tests that break it on purpose. */
static struct btf_header *made_up_raw(__u32 *size)
{
	struct btf *k = made_up_kernel();
	const void *raw = btf__raw_data(k, size);
	struct btf_header *h = malloc(*size);

	cr_assert(h);
	memcpy(h, raw, *size);
	btf__free(k);
	return h;
}

/*
 * Section offsets past 4 GiB, chosen so that 32-bit sums wrap around to the
 * real sections: the file is not that long, so it is refused, not misread.
 */
Test(kernel_btf_cut, section_offsets_do_not_wrap_around, .init = want_task_fields)
{
	__u32 size;
	struct btf_header *h = made_up_raw(&size);

	cr_assert_eq(cut_raw(h, size, &task_fields), 0, "the unbroken bytes cut");
	h->type_off += h->hdr_len + 0x80000000u;
	h->str_off += h->hdr_len + 0x80000000u;
	h->hdr_len = 0x80000000u;
	cr_assert_eq(cut_raw(h, size, &task_fields), -EPROTO);
	free(h);
}

/* The cut of raw for `w` read the way named (SONDE_BTF_READ), into buf: its size. */
static size_t cut_way(const void *raw, size_t size, const struct btf_wants *w, const char *way,
		      char *buf, size_t cap)
{
	int in = memfd_create("kernel", 0), fd = memfd_create("cut", 0);
	ssize_t n;

	cr_assert(in >= 0 && fd >= 0 && write(in, raw, size) == (ssize_t)size);
	setenv("SONDE_BTF_READ", way, 1);
	cr_assert_eq(kernel_btf_cut(in, w, fd, NULL), 0, "%s", way);
	n = pread(fd, buf, cap, 0);
	cr_assert_gt(n, 0);
	close(in);
	close(fd);
	return n;
}

/* Mapped (a memfd can be) or streamed (as before Linux 6.15), the same bytes come out. */
Test(kernel_btf_cut, mapped_and_streamed_cuts_are_the_same, .init = want_task_fields)
{
	static char mapped[65536], streamed[65536];
	struct btf_wants *wants[] = { &task_fields,
				      one_want(WANT_TYPE, BTF_KIND_TYPEDEF, "handler_t") };
	__u32 size;
	struct btf_header *h = made_up_raw(&size);
	size_t i, n;

	for (i = 0; i < sizeof(wants) / sizeof(wants[0]); i++) {
		n = cut_way(h, size, wants[i], "map", mapped, sizeof(mapped));
		cr_assert_eq(cut_way(h, size, wants[i], "stream", streamed, sizeof(streamed)), n);
		cr_assert_eq(memcmp(mapped, streamed, n), 0);
	}
	free(h);
}

/*
 * No wants, or none this kernel has: an empty BTF, a header and one empty
 * string. (Empty lists have no arrays: under -fsanitize=undefined this
 * once sorted and searched NULL.)
 */
Test(kernel_btf_cut, nothing_wanted_cuts_an_empty_btf)
{
	struct btf_wants none = { 0 };
	struct kernel_btf_cut kc;
	struct btf *b = NULL;

	cr_assert_eq(cut_from(made_up_kernel(), &none, &kc, &b), 0);
	cr_assert_eq(btf__type_cnt(b), 1);
	cr_assert_eq(kc.kept_types, 0);
	btf__free(b);
	cr_assert_eq(cut_from(made_up_kernel(), one_want(WANT_TYPE, BTF_KIND_STRUCT, "nowhere"),
			      &kc, &b),
		     0);
	cr_assert_eq(btf__type_cnt(b), 1);
	btf__free(b);
}

/*
 * A prototype taking a pointer to a prototype taking a pointer to ... a
 * hundred thousand deep: refused (libbpf compares prototypes 32 levels
 * deep at most), not followed until the stack runs out.
 */
Test(kernel_btf_cut, prototypes_nested_past_libbpf_s_depth_are_refused)
{
	struct btf *k = btf__new_empty(), *b = NULL;
	struct kernel_btf_cut kc;
	int i, id = btf__add_int(k, "int", 4, BTF_INT_SIGNED);

	for (i = 0; i < 100000; i++) {
		id = btf__add_func_proto(k, 1);
		btf__add_func_param(k, "next", id - 1); /* the pointer before it, or int */
		id = btf__add_ptr(k, id);
	}
	btf__add_typedef(k, "deep_t", id);
	cr_assert_eq(cut_from(k, one_want(WANT_TYPE, BTF_KIND_TYPEDEF, "deep_t"), &kc, &b),
		     -EPROTO);
}

/* Wanting nothing: a BTF without types that libbpf parses, and the kernel's is never read. */
Test(kernel_btf_cut, nothing_wanted_is_an_empty_btf_without_reading_the_kernel)
{
	struct btf_wants w = { 0 };
	struct kernel_btf_cut kc;
	int fd = memfd_create("cut", 0);
	static char buf[256];
	struct btf *b;
	ssize_t n;

	cr_assert_eq(kernel_btf_cut(-1, &w, fd, &kc), 0, "it read the kernel's BTF");
	n = pread(fd, buf, sizeof(buf), 0);
	cr_assert_eq((size_t)n, kc.bytes);
	b = btf__new(buf, n);
	cr_assert(b, "the empty cut does not parse as BTF");
	cr_assert_eq(btf__type_cnt(b), 1, "only void");
	cr_assert_eq(kc.kept_types, 0);
	btf__free(b);
	close(fd);
}

/* The ___pidns wants go; the same need of the plain type, kept apart from them, stays. */
Test(btf_wants, dropping_a_flavor_keeps_its_unflavored_twin)
{
	struct btf_wants w = { 0 };

	cr_assert_eq(btf_wants_add_type(&w, "task___pidns", BTF_KIND_STRUCT), 0);
	cr_assert_eq(btf_wants_add_type(&w, "task", BTF_KIND_STRUCT), 0);
	cr_assert_eq(btf_wants_add_type(&w, "task___pidnsx", BTF_KIND_STRUCT), 0);
	cr_assert_eq(btf_wants_add_type(&w, "pid___pidns", BTF_KIND_STRUCT), 0);
	cr_assert_eq(w.n, 4, "two flavors of one type are two wants");
	cr_assert_eq(btf_wants_drop_flavor(&w, "pidns"), 2);
	cr_assert_eq(w.n, 2);
	cr_assert_str_eq(w.v[0].root, "task");
	cr_assert_str_eq(w.v[1].root, "task___pidnsx", "another flavor, not this one");
	btf_wants_free(&w);
}
