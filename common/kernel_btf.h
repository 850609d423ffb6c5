/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The kernel types a BPF object's CO-RE relocations need, cut out of the
 * kernel's BTF into a BTF of a few hundred bytes for libbpf to relocate
 * against (bpf_object_open_opts.btf_custom_path).
 *
 * Why: without one, libbpf 1.1 reads all of /sys/kernel/btf/vmlinux (5.5 MB
 * on Linux 6.18) and copies it again while parsing it, so a tool that reads
 * four fields of struct task_struct peaks at 13 MB and spends 10 ms at
 * start-up. Here the kernel BTF is read in place (mapped read-only where
 * the kernel allows it, streamed in small pieces where it does not:
 * btf_file.h) and only the types on the relocations' access paths are kept,
 * the way `bpftool gen min_core_btf` cuts them: members nobody accesses are
 * left out, and pointers nobody follows point to void. libbpf then finds
 * the same candidates and computes the same offsets
 * (tests/tools/test_kernel_btf.c compares the relocated instructions of
 * every tool both ways).
 *
 * Only vmlinux's types are cut: given a BTF of its own, libbpf no longer
 * looks in kernel modules' BTF, so a tool that relocates against a type a
 * module defines must open its object without this.
 */
#ifndef SONDE_KERNEL_BTF_H
#define SONDE_KERNEL_BTF_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "btf_wants.h" /* what the cut is asked for */

struct btf;

#define KERNEL_BTF_PATH "/sys/kernel/btf/vmlinux"

struct kernel_btf_cut {
	__u32 kernel_types; /* types in the kernel's BTF */
	__u32 kept_types;   /* types written */
	size_t bytes;	    /* size of the BTF written */
	bool cached;	    /* read from the boot's cache (btf_cache.h): no counts */
};

/*
 * Write to out_fd a BTF holding what `w` needs of the raw kernel BTF readable
 * at kernel_fd (/sys/kernel/btf/vmlinux), which must not shrink meanwhile.
 * 0, or -errno: -EPROTO for BTF it cannot read. Wanting nothing gives a BTF
 * without types, and kernel_fd is not read.
 */
int kernel_btf_cut(int kernel_fd, const struct btf_wants *w, int out_fd,
		   struct kernel_btf_cut *cut);

/* The same from KERNEL_BTF_PATH (not opened when wanting nothing): 0, or -errno. */
int kernel_btf_cut_to(const struct btf_wants *w, int out_fd, struct kernel_btf_cut *cut);

/* The same into a new memfd (close-on-exec): its fd, or -errno. */
int kernel_btf_cut_memfd(const struct btf_wants *w, struct kernel_btf_cut *cut);

#endif
