/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Kernel addresses to function names, from /proc/kallsyms: the kernel's own
 * functions, its modules' (with the module's name) and BPF programs (module
 * "bpf"). Read once, sorted, then looked up by binary search; the parser
 * takes the file's text so it can be tested and fuzzed on its own.
 */
#ifndef SONDE_KSYMS_H
#define SONDE_KSYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "strbuf.h"
#include "vec.h"

struct ksyms {
	struct vec syms;     /* struct ksym (ksyms.c), by address */
	struct strbuf names; /* every name and module name, NUL-terminated */
};

/* The function at or before each address. */
struct ksym_match {
	const char *name;
	const char *module; /* NULL for the kernel itself */
	__u64 offset;	    /* addr - the function's start */
};

/*
 * Read /proc/kallsyms into k. 0; -EPERM if it shows every address as 0
 * (kptr_restrict, or not root); -ENOENT if it holds no function; another
 * negative errno if it cannot be read.
 */
int ksyms_load(struct ksyms *k);
/*
 * The data symbols instead (static variables: a global lock), where the
 * kernel lists them (CONFIG_KALLSYMS_ALL); -ENOENT where it does not.
 */
int ksyms_load_data(struct ksyms *k);
/* The same as ksyms_load() from the text of a kallsyms file. */
int ksyms_parse(struct ksyms *k, const char *text, size_t len);
/* The function addr falls in (the last one starting at or before it); false if none does. */
bool ksyms_find(const struct ksyms *k, __u64 addr, struct ksym_match *m);
/* The address of the symbol named `name` (the lowest, if several are): false if none is. */
bool ksyms_addr(const struct ksyms *k, const char *name, __u64 *addr);
void ksyms_free(struct ksyms *k);

#endif
