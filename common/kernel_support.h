/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What this kernel offers a tracer, found by looking, never from its
 * version (distributions backport): tracepoints (in tracefs, or in BTF where
 * tracefs is not mounted), fentry, kprobes, BPF helpers, and the prototype
 * of a tracepoint. common/attach.c asks these questions of each way a probe
 * table offers.
 */
#ifndef SONDE_KERNEL_SUPPORT_H
#define SONDE_KERNEL_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/bpf.h>

#include "btf_wants.h"

enum tracefs_state {
	TRACEFS_OK,
	TRACEFS_MISSING, /* not mounted */
	TRACEFS_DENIED,	 /* mounted, but this user may not read it */
};

/* tracefs as this process sees it, and where: /sys/kernel/tracing or the debugfs one. */
enum tracefs_state tracefs_state(void);
const char *tracefs_root(void);

/* "block/block_rq_issue": the tracepoint exists (false also when tracefs cannot be read). */
bool has_tracepoint(const char *category_name);
/* A tracepoint by its name alone, in any category (raw and BTF tracepoints). */
bool has_raw_tracepoint(const char *name);
bool has_btf(void);
/* fentry on the kernel function: described in BTF, and the kernel lets it load. */
bool has_fentry(const char *func);
/*
 * The kernel functions has_fentry() may be asked about (names copied): looked
 * up together at its first question, in one pass over the kernel's BTF.
 */
void support_functions(const char *const *names, size_t n);
/* kprobes at all: the kprobe PMU or kprobe_events (not built in on some kernels). */
bool has_kprobes(void);
/* A perf_event program may use a hash map without preallocation (6.1+: map_alloc.h). */
bool kernel_allocates_anywhere(void);
/* kprobes, and the function in /proc/kallsyms. */
bool has_kprobe(const char *func);
/*
 * Module `name` ("md_mod") is loaded or built in (/sys/module), or
 * installed where modprobe would find it (modules.dep; "md-mod.ko" there).
 */
bool has_module(const char *name);
/* The BPF helper BPF_FUNC_* for programs of this type. */
bool has_helper(enum bpf_prog_type type, int func);
/* The kernel creates maps of this type. */
bool has_map_type(enum bpf_map_type type);

/*
 * How many arguments tracepoint `name` passes, from its BTF prototype
 * (btf_trace_<name>, whose first parameter is the tracepoint's own data):
 * -1 if unknown. Ask support_prototypes() for every name first: they are
 * cut out of the kernel's BTF in one pass.
 */
int tracepoint_args(const char *name);
/* Whether argument `arg` (from 0) of tracepoint `name` is a pointer to struct `type`. */
bool tracepoint_arg_points_to(const char *name, int arg, const char *type);
void support_prototypes(const char *const *names, size_t n);

#define SUPPORT_MAX_PROTOTYPES 16
#define SUPPORT_TYPEDEF_BYTES  128

/*
 * The same names' prototypes cut with a tool's own kernel types, in its one
 * pass over the kernel's BTF: support_want_prototypes() adds them to the
 * wants (the typedef names are written to `typedefs`, which must outlive the
 * cut); support_prototypes_in() then takes them from that cut, so that
 * support_prototypes() need not cut again. Names must outlive the questions.
 */
int support_want_prototypes(struct btf_wants *w, const char *const *names, size_t n,
			    char (*typedefs)[SUPPORT_TYPEDEF_BYTES]);
void support_prototypes_in(int fd, const char *const *names, size_t n);

/* Whether /proc/kallsyms text names the function `func` (lines "addr type name [module]"). */
bool kallsyms_has(const char *text, size_t len, const char *func);
/* The module kallsyms puts func in ("ext4" for "name\t[ext4]") into module; false if none. */
bool kallsyms_module(const char *text, size_t len, const char *func, char *module, size_t size);

/* A line of modules.dep text ("kernel/drivers/md/md-mod.ko.xz: deps") names module `name`. */
bool modules_dep_has(const char *text, size_t len, const char *name);

/* Forget what was parsed for these questions (kernel BTF): once the probes are chosen. */
void support_release(void);

#endif
