/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Attaching where a probe named on the command line says (probespec.h),
 * for the tools that take one (stackcount; trace and funccount later). A
 * probe table cannot name such a probe, so these tools carry one program
 * per kind of probe, told apart by section, and keep the one the probe
 * needs (spec_program()):
 *
 *	SEC("tracepoint")	t:	attached by category and name
 *	SEC("kprobe")		k: kr:	a kretprobe is the same program at the return
 *	SEC("uprobe")		u: ur:	likewise
 *	SEC("usdt")		usdt:	with <bpf/usdt.bpf.h>
 *
 * Before anything is loaded, spec_resolve() finds every place the probe
 * goes and what it needs: the binary's file (binpath.h), the tracepoints
 * (tracefs) or functions (the binary's symbols, elfsyms.h; the kernel's
 * traceable functions) a pattern matches, kprobes in the kernel. What is
 * missing is said in one line and the tool exits 1 before the cost of a
 * load. spec_attach() then attaches the loaded program to each place; what
 * only attaching can tell (a function or USDT probe the binary lacks) is
 * said in one line too.
 */
#ifndef SONDE_SPECATTACH_H
#define SONDE_SPECATTACH_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>
#include <bpf/libbpf.h>

#include "probespec.h"

struct run;

/* One place a probe goes. */
struct probe_site {
	const char *group; /* a tracepoint's category, a USDT probe's provider */
	const char *name;  /* the tracepoint, function or USDT probe */
	/*
	 * u:, ur: matched by a pattern: the function's file offset (name only
	 * says which); otherwise the spec's +OFFSET into the named function
	 */
	__u64 offset;
};

struct probe_sites {
	const struct probe_spec *spec;
	char binary[PATH_MAX]; /* u, ur, usdt: the file, resolved */
	pid_t pid;	       /* > 0: uprobes and USDT probes in this process only */
	struct probe_site *sites;
	size_t n;
	char **owned; /* the names a pattern matched, to free */
	size_t nowned;
};

/* Patterns match at most this many places: a typo ("*") must not attach everywhere. */
#define SPEC_MAX_SITES 4096

/*
 * Every place spec goes (pid > 0: that process's user-space probes only).
 * 0, or -1 with a one-line reason in why ("no tracepoint sched:sched_swich").
 */
int spec_resolve(struct probe_sites *ps, const struct probe_spec *spec, pid_t pid, char *why,
		 size_t whylen);
void probe_sites_free(struct probe_sites *ps);

/*
 * The program of obj that serves spec's kind, by its section, every other
 * program left out of the load; NULL if obj has none.
 */
struct bpf_program *spec_program(struct bpf_object *obj, const struct probe_spec *spec);

/*
 * Attach prog (loaded) to every site, the links handed to run_add_link().
 * A pattern's sites that the kernel refuses are skipped and counted in a
 * warning, as long as one attaches. 0, or -1 after run_fail().
 */
int spec_attach(struct run *r, struct bpf_program *prog, const struct probe_sites *ps);

#endif
