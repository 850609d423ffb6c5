/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A bpftool skeleton seen through one interface, so that the life of every
 * tool (open, set .rodata, load, attach, run, destroy) is written once, in
 * run_tool(), whatever its skeleton's type. A tool declares its own with
 *
 *	SKELETON(opensnoop);
 *
 * and reaches its typed .rodata in its configure() callback, where the
 * skeleton is handed back as the void pointer it is.
 */
#ifndef SONDE_SKELETON_H
#define SONDE_SKELETON_H

#include <stddef.h>
#include <bpf/libbpf.h>

struct skeleton {
	const void *(*elf_bytes)(size_t *size); /* the BPF object it embeds */
	void *(*open)(const struct bpf_object_open_opts *opts);
	void (*destroy)(void *skel);
	struct bpf_object *(*object)(void *skel);
};

/* The skeleton of bpf/<name>.bpf.c, as `<name>_skeleton`. */
#define SKELETON(name)                                                         \
	static void *name##_skel_open(const struct bpf_object_open_opts *opts) \
	{                                                                      \
		return name##_bpf__open_opts(opts);                            \
	}                                                                      \
	static void name##_skel_destroy(void *skel)                            \
	{                                                                      \
		name##_bpf__destroy(skel);                                     \
	}                                                                      \
	static struct bpf_object *name##_skel_object(void *skel)               \
	{                                                                      \
		return ((struct name##_bpf *)skel)->obj;                       \
	}                                                                      \
	static const struct skeleton name##_skeleton = {                       \
		name##_bpf__elf_bytes,                                         \
		name##_skel_open,                                              \
		name##_skel_destroy,                                           \
		name##_skel_object,                                            \
	}

#endif
