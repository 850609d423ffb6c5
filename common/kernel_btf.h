/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The kernel types a BPF object's CO-RE relocations need, cut out of the
 * kernel's BTF into a BTF of a few hundred bytes for libbpf to relocate
 * against (bpf_object_open_opts.btf_custom_path).
 *
 * Why: without one, libbpf 1.1 reads all of /sys/kernel/btf/vmlinux (5.5 MB
 * on Linux 6.18) and copies it again while parsing it, so a tool that reads
 * four fields of struct task_struct peaks at 13 MB and spends 10 ms at
 * start-up. Here the kernel BTF is streamed in small pieces and only the
 * types on the relocations' access paths are kept, the way
 * `bpftool gen min_core_btf` cuts them: members nobody accesses are left
 * out, and pointers nobody follows point to void. libbpf then finds the same
 * candidates and computes the same offsets (tests/tools/test_kernel_btf.c
 * compares the relocated instructions of every tool both ways).
 *
 * Only vmlinux's types are cut: given a BTF of its own, libbpf no longer
 * looks in kernel modules' BTF, so a tool that relocates against a type a
 * module defines must open its object without this.
 */
#ifndef SONDE_KERNEL_BTF_H
#define SONDE_KERNEL_BTF_H

#include <stddef.h>
#include <linux/types.h>

struct btf;

#define KERNEL_BTF_PATH	   "/sys/kernel/btf/vmlinux"
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

/* libbpf's rule: "task_struct___old" names task_struct; the length of that part. */
size_t btf_essential_name_len(const char *name);

struct kernel_btf_cut {
	__u32 kernel_types; /* types in the kernel's BTF */
	__u32 kept_types;   /* types written */
	size_t bytes;	    /* size of the BTF written */
};

/*
 * Write to out_fd a BTF holding what `w` needs of the raw kernel BTF readable
 * at kernel_fd (/sys/kernel/btf/vmlinux). 0, or -errno: -EPROTO for BTF it
 * cannot read. Wanting nothing gives a BTF without types, and kernel_fd is
 * not read.
 */
int kernel_btf_cut(int kernel_fd, const struct btf_wants *w, int out_fd,
		   struct kernel_btf_cut *cut);

/* The same, from KERNEL_BTF_PATH into a new memfd (close-on-exec): its fd, or -errno. */
int kernel_btf_cut_memfd(const struct btf_wants *w, struct kernel_btf_cut *cut);

/*
 * One kernel type by name and BTF_KIND_*, with what it refers to, as a BTF
 * of its own (btf__free() it): for a question about one prototype, say,
 * without parsing all of the kernel's. NULL if it cannot be read.
 */
struct btf *kernel_btf_type(const char *name, __u32 kind);

#endif
