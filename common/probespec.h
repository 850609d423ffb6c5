/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Probes named on the command line, one grammar for every tool that takes
 * them (stackcount now; trace, funccount, funclatency, argdist later):
 *
 *	t:CATEGORY:NAME            a tracepoint          (tracepoint:)
 *	k:FUNCTION[+OFFSET]        a kprobe              (kprobe:)
 *	kr:FUNCTION                a kretprobe           (kretprobe:)
 *	u:BINARY:FUNCTION[+OFFSET] a uprobe              (uprobe:)
 *	ur:BINARY:FUNCTION         a uretprobe           (uretprobe:)
 *	usdt:BINARY:PROVIDER:NAME  a USDT probe
 *
 * BINARY is a path or a library's name ("libc"); function names and a
 * tracepoint's category and name may hold glob characters (* ? [) for the
 * tools that expand them. Parsing checks the spelling only: whether the
 * kernel or the binary has the probe is the attach code's question.
 */
#ifndef SONDE_PROBESPEC_H
#define SONDE_PROBESPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

enum spec_kind {
	SPEC_TRACEPOINT,
	SPEC_KPROBE,
	SPEC_KRETPROBE,
	SPEC_UPROBE,
	SPEC_URETPROBE,
	SPEC_USDT,
};

struct probe_spec {
	enum spec_kind kind;
	const char *binary; /* u, ur, usdt; NULL otherwise */
	const char *group;  /* a tracepoint's category, a USDT probe's provider; else NULL */
	const char *name;   /* the tracepoint, function or USDT probe */
	__u64 offset;	    /* +OFFSET into the function (k, u) */
	bool glob;	    /* name (or a tracepoint's group) holds * ? or [ */
	char *storage;	    /* the pieces above point into it */
};

/* Parse spec; 0, or -1 with a one-line reason in why (spec holds nothing to free then). */
int probe_spec_parse(const char *text, struct probe_spec *spec, char *why, size_t why_len);
void probe_spec_free(struct probe_spec *spec);
/* "tracepoint", "kprobe", ...: as a page or a message names the kind. */
const char *spec_kind_name(enum spec_kind kind);

#endif
