/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Choosing how each hook is attached. A tool lists, for every hook it needs,
 * the ways to serve it in order of preference (say tp_btf, then raw_tp, then
 * kprobe); before load, the first one this kernel supports is kept and the
 * others are not loaded. A way is one BPF program or several attached
 * together ("enter,exit"); a name marked "?" is attached where it can run and
 * skipped where it cannot ("?sys_enter_open": no open() on arm64). The kind
 * of a way comes from its first program's SEC() name.
 *
 * A way may need more than its hooks: a helper (bpf_task_pt_regs), or a
 * tracepoint whose prototype takes a given number of arguments (changed
 * prototypes are backported, so never a kernel version). Each is checked on
 * this kernel before the way is chosen, and a hook may be attached only
 * when an option asks for it.
 *
 * One tracepoint program may serve several tracepoints whose records have
 * the same layout (the exits of open, openat and openat2): "prog" attaches
 * it at its section, and "prog@category/name" again at another tracepoint
 * ("?prog@..." where that one may be missing). It is verified once, not
 * once per tracepoint: start-up is mostly the verifier's time. It may read
 * only fields every one of those records has: the kernel refuses to attach
 * a program that reads past a record's end (EACCES, "Permission denied").
 *
 * An fentry or kprobe program whose section names no function (SEC("fentry"),
 * SEC("kretprobe")) is attached at the function a table names, once:
 * "prog@ext4_sync_file", for a table a tool fills at run time (fsslower:
 * the functions of the file system asked for). fentry needs the function
 * in the kernel's BTF (vmlinux or its module's), kprobes in kallsyms.
 *
 * SONDE_ATTACH=<kind> (tracepoint, tp_btf, raw_tp, fentry, kprobe) forces that
 * kind wherever a hook has it, to test an alternative on purpose.
 */
#ifndef SONDE_ATTACH_H
#define SONDE_ATTACH_H

#include <stdbool.h>
#include <bpf/libbpf.h>

#include "options.h"

#define PROBE_MAX_ALTERNATIVES 4
#define PROBE_MAX_GROUP	       16 /* fileslower: one exit program at ten syscalls */
#define PROBE_TARGET_MAX       64 /* "category/name" of a tracepoint, or a function */

enum probe_need_kind {
	NEED_NOTHING,
	NEED_HELPER,	      /* the BPF helper `helper` (BPF_FUNC_*), named `name` */
	NEED_TRACEPOINT_ARGS, /* tracepoint `name` passes `nargs` arguments (its BTF prototype) */
	NEED_TRACEPOINT_ARG_TYPE, /* tracepoint `name`'s argument `arg` points to struct `type` */
};

struct probe_need {
	enum probe_need_kind kind;
	const char *name;
	int helper;
	int nargs;
	int arg; /* from 0, the tracepoint's own data pointer left out */
	const char *type;
};

#define NEED_HELPER(func, fname)                                       \
	{                                                              \
		.kind = NEED_HELPER, .helper = (func), .name = (fname) \
	}
#define NEED_TRACEPOINT_ARGS(tp, n)                                      \
	{                                                                \
		.kind = NEED_TRACEPOINT_ARGS, .name = (tp), .nargs = (n) \
	}
/*
 * Where a prototype changed its arguments' types, not their number
 * (kmem_cache_alloc: sizes before Linux 6.1, the cache since).
 */
#define NEED_TRACEPOINT_ARG_TYPE(tp, i, t)                                              \
	{                                                                               \
		.kind = NEED_TRACEPOINT_ARG_TYPE, .name = (tp), .arg = (i), .type = (t) \
	}

struct probe {
	const char *hook; /* for messages: "block_rq_issue" */
	const char
		*progs[PROBE_MAX_ALTERNATIVES]; /* "prog" or "prog,prog,?prog", preferred first */
	struct probe_need needs[PROBE_MAX_ALTERNATIVES]; /* what way i needs beyond its hooks */
	const char *hint; /* added to "cannot attach": "(Linux 6.5+)" */
	bool optional;	  /* skip it, rather than fail, if none can run */
	int when;	  /* only when the option with this key was given (0: always) */
};

enum probe_kind {
	PROBE_TRACEPOINT,
	PROBE_TP_BTF,
	PROBE_RAW_TP,
	PROBE_FENTRY,
	PROBE_KPROBE,
	PROBE_OTHER,
};

enum probe_kind probe_kind_of(const struct bpf_program *prog);
const char *probe_kind_name(enum probe_kind kind);
/* Whether this kernel can run the program, judged from its section before load. */
bool probe_supported(const struct bpf_program *prog);

/*
 * The tracepoints whose prototypes the wanted hooks of `probes` ask about
 * (NEED_TRACEPOINT_ARGS), at most max into names: how many. The tool's own
 * cut of the kernel's types takes them along (kernel_support.h).
 */
size_t probes_prototypes(const struct probe *probes, const struct options_given *given,
			 const char **names, size_t max);

/*
 * Pick one way per hook in `probes` (terminated by an entry with no hook)
 * and disable autoload of every other program of the object, named in the
 * table or not. A hook whose `when` option is not in `given` is left out
 * (`given` NULL: every hook is wanted). On failure, writes a one-line
 * reason ("needs tracepoint block:block_io_start (Linux 6.5+) or kprobes")
 * into `why` and returns -1. With `verbose`, says on stderr what was chosen.
 */
int probes_choose(struct bpf_object *obj, const struct probe *probes,
		  const struct options_given *given, bool verbose, const char *tool, char *why,
		  size_t whylen);

/*
 * Attach a loaded program at the tracepoint "category/name" or, an fentry or
 * kprobe program of probe_needs_function(), at the function "name". NULL
 * with errno on failure.
 */
struct bpf_link *probe_attach_at(struct bpf_program *prog, const char *target);
/* Whether prog is attached only where a probe table names its function (see above). */
bool probe_needs_function(const struct bpf_program *prog);

/*
 * After probes_choose(): each(prog, "category/name", arg) for every other
 * tracepoint ("prog@category/name") of the chosen ways that this kernel
 * has, for the caller to attach the loaded program there too. 0, or the
 * first non-zero each() returned.
 */
int probes_each_target(struct bpf_object *obj, const struct probe *probes,
		       const struct options_given *given,
		       int (*each)(struct bpf_program *prog, const char *target, void *arg),
		       void *arg);

#endif
