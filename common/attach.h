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
 * SONDE_ATTACH=<kind> (tracepoint, tp_btf, raw_tp, fentry, kprobe) forces that
 * kind wherever a hook has it, to test an alternative on purpose.
 */
#ifndef SONDE_ATTACH_H
#define SONDE_ATTACH_H

#include <stdbool.h>
#include <bpf/libbpf.h>

#define PROBE_MAX_ALTERNATIVES 4
#define PROBE_MAX_GROUP	       8

struct probe {
	const char *hook; /* for messages: "block_rq_issue" */
	const char
		*progs[PROBE_MAX_ALTERNATIVES]; /* "prog" or "prog,prog,?prog", preferred first */
	const char *hint;			/* added to "cannot attach": "(Linux 6.5+)" */
	bool optional;				/* skip it, rather than fail, if none can run */
	bool unused;				/* not wanted this run (an option is off) */
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
 * Pick one way per hook in `probes` (terminated by an entry with no hook)
 * and disable autoload of every other program of the object, named in the
 * table or not: a tool with two tables for two kinds of kernel leaves the
 * other table's programs out this way. On failure, writes a one-line reason
 * ("needs tracepoint block:block_io_start (Linux 6.5+) or kprobes") into
 * `why` and returns -1. With `verbose`, says on stderr what was chosen.
 */
int probes_choose(struct bpf_object *obj, const struct probe *probes, bool verbose,
		  const char *tool, char *why, size_t whylen);

#endif
