/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What a BPF object's CO-RE relocations ask of the kernel's types: for each
 * relocation, the root type's name and kind and the member names on its
 * access path, read from the object's .BTF and .BTF.ext (btf_wants.c).
 *
 * Why a list of its own: it is all the kernel BTF cut (kernel_btf.h) needs
 * to know of the object, and it can be read, tested and fuzzed without a
 * kernel.
 */
#ifndef SONDE_BTF_WANTS_H
#define SONDE_BTF_WANTS_H

#include <stddef.h>
#include <string.h>
#include <linux/types.h>

struct btf;

#define BTF_WANT_MAX_STEPS 32

enum btf_want_kind {
	WANT_FIELD, /* a member reached from the root: offset, size, existence, sign */
	WANT_TYPE,  /* the root itself: existence, size, id; pointers followed */
	WANT_ENUM,  /* an enum's values */
};

/* What one relocation needs of the kernel's types. */
struct btf_want {
	enum btf_want_kind kind;
	__u32 root_kind;  /* BTF_KIND_* of the object's root type */
	const char *root; /* its name without a ___flavor suffix: root_len bytes */
	size_t root_len;
	int nsteps;
	const char *steps[BTF_WANT_MAX_STEPS]; /* member names; NULL for an array element */
};

struct btf_wants {
	struct btf_want *v;
	size_t n, cap;
	struct btf *local; /* the object's own BTF: the names above point into it */
};

/*
 * Read what the CO-RE relocations of the BPF ELF object in elf[0..size) need.
 * 0 (w->n is 0 for an object without relocations), -EOPNOTSUPP for a
 * relocation kind not cut here (type matches), or another -errno.
 */
int btf_wants_from_object(struct btf_wants *w, const void *elf, size_t size);

/*
 * The tracepoints the object's raw_tp/, raw_tracepoint/ and tp_btf/ programs
 * name in their sections, into names[0..max) (each at most `len` bytes):
 * how many. Their prototypes, cut with the object's types, answer whether
 * they exist without a scan of tracefs's every category.
 */
size_t btf_wants_raw_tracepoints(const void *elf, size_t size, char *names, size_t len, size_t max);
/* Add a need of its own: a type by name and BTF_KIND_*, pointers followed. */
int btf_wants_add_type(struct btf_wants *w, const char *name, __u32 kind);
/*
 * Forget the wants of every relocation whose root type is spelled
 * "name___<flavor>": types a program reads only on a path that is dead this
 * run (a .rodata branch). Without them in the cut libbpf finds no candidate,
 * and poisons those instructions, which the verifier then never reaches.
 * How many were dropped.
 */
size_t btf_wants_drop_flavor(struct btf_wants *w, const char *flavor);
void btf_wants_free(struct btf_wants *w);

/*
 * libbpf's rule: "task_struct___old" names task_struct; the length of that
 * part. "name___flavor" is how a BPF program spells a second local
 * definition of a kernel type; libbpf matches it by the part before the last
 * "___" that sits between two characters other than '_'. Both sides use it:
 * the wants to strip a local root's flavor, the cut to find flavored kernel
 * types; inline here so that neither depends on the other's object file.
 */
static inline size_t btf_essential_name_len(const char *name)
{
	size_t n = strlen(name), end;
	const char *s;

	if (!strstr(name, "___"))
		return n; /* nearly every kernel name: no need to look closer */
	for (end = n; end >= 5; end--) {
		s = name + end - 5; /* "X___Y" */
		if (s[0] != '_' && !strncmp(s + 1, "___", 3) && s[4] != '_')
			return end - 4;
	}
	return n;
}

#endif
