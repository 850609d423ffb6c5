// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * srclines.h on arbitrary bytes, read as a file (a memfd) the way a traced
 * process's binary or its debug file is. Why: the DWARF may be any
 * binary's, and what libdw and our walk make of it must be fewer frames,
 * never a crash. Whatever the bytes, srclines_open() gives a handle or
 * NULL (the fd closed at once, as the header allows), and a handle's
 * lookups hold together: no more frames than asked for nor than
 * SRCLINES_MAX, nothing written past them; no file without a line; names
 * and files are C strings; the same address asked again gives the same
 * frames, at once (the kept lookup) or after another address; fewer asked
 * for, the innermost ones and the outermost are kept.
 *
 * The addresses: both ends of the address space, words from the end of the
 * input (where an ELF file keeps its section headers, whose addresses are
 * code's), and each function symbol's first, middle and last byte, read by
 * elfsyms.h: where the seeds' DWARF has frames to give.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "elfsyms.h"
#include "srclines.h"

/* Room for more frames than a lookup may give, to catch one that gives more. */
#define ROOM (SRCLINES_MAX + 2)
/* Function symbols whose addresses are looked up: each costs a few lookups. */
#define MAX_SYMS 32
/* Words from the input's end taken as addresses. */
#define INPUT_WORDS 4
/* What a frame the lookup did not write still holds. */
#define POISON 0xa5

static void check_frame(const struct srcline *f)
{
	/* strlen: ASan stops a string that is not one */
	if (f->name)
		(void)strlen(f->name);
	if (f->file)
		(void)strlen(f->file);
	if (!f->line && f->file)
		abort();
}

static bool same_string(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool same_frame(const struct srcline *a, const struct srcline *b)
{
	return a->line == b->line && same_string(a->name, b->name) && same_string(a->file, b->file);
}

/* out[from, to) as the lookup found it: not written. */
static void check_untouched(const struct srcline *out, size_t from, size_t to)
{
	const unsigned char *p = (const unsigned char *)&out[from];
	size_t i;

	for (i = 0; i < (to - from) * sizeof(*out); i++)
		if (p[i] != POISON)
			abort();
}

/* Up to max frames of addr into out (ROOM long, poisoned first), checked. */
static size_t lookup(struct srclines *s, __u64 addr, struct srcline *out, size_t max)
{
	size_t n, i;

	memset(out, POISON, ROOM * sizeof(*out));
	n = srclines_lookup(s, addr, out, max);
	if (n > max || n > SRCLINES_MAX)
		abort();
	check_untouched(out, n, ROOM);
	for (i = 0; i < n; i++)
		check_frame(&out[i]);
	return n;
}

static void check_address(struct srclines *s, __u64 addr)
{
	struct srcline all[ROOM], again[ROOM];
	size_t n, m, k, i;

	n = lookup(s, addr, all, ROOM);
	/* the kept lookup: the same frames, the same strings */
	m = lookup(s, addr, again, ROOM);
	if (m != n)
		abort();
	for (i = 0; i < n; i++)
		if (!same_frame(&again[i], &all[i]) || again[i].name != all[i].name ||
		    again[i].file != all[i].file)
			abort();
	/* fewer asked for: the innermost k - 1, then the outermost */
	for (k = 1; k <= n; k++) {
		if (lookup(s, addr, again, k) != k || !same_frame(&again[k - 1], &all[n - 1]))
			abort();
		for (i = 0; i + 1 < k; i++)
			if (!same_frame(&again[i], &all[i]))
				abort();
	}
	if (lookup(s, addr, again, 0))
		abort();
	/* another address in between: the lookup is made again, to the same frames */
	lookup(s, addr + 1, again, ROOM);
	m = lookup(s, addr, again, ROOM);
	if (m != n)
		abort();
	for (i = 0; i < n; i++)
		if (!same_frame(&again[i], &all[i]))
			abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* libdw may ask debuginfod for a file the input names: no network here */
	unsetenv("DEBUGINFOD_URLS");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct srclines *s;
	struct elfsyms syms;
	bool have_syms;
	__u64 word, mid;
	size_t i;
	int fd;

	/* a file of its own each time: the handle keeps it mapped after close() */
	if ((fd = memfd_create("fuzz_srclines", MFD_CLOEXEC)) < 0)
		abort();
	if (size && pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	have_syms = !elfsyms_open(&syms, fd);
	s = srclines_open(fd);
	close(fd);
	if (!s) {
		if (have_syms)
			elfsyms_free(&syms);
		return 0;
	}
	check_address(s, 0);
	check_address(s, UINT64_MAX);
	for (i = 0; i < INPUT_WORDS && (i + 1) * sizeof(word) <= size; i++) {
		memcpy(&word, data + size - (i + 1) * sizeof(word), sizeof(word));
		check_address(s, word);
	}
	for (i = 0; have_syms && i < syms.nsyms && i < MAX_SYMS; i++) {
		check_address(s, syms.syms[i].addr);
		if (syms.syms[i].end <= syms.syms[i].addr)
			continue;
		mid = syms.syms[i].addr + (syms.syms[i].end - syms.syms[i].addr) / 2;
		check_address(s, mid);
		check_address(s, syms.syms[i].end - 1);
	}
	if (have_syms)
		elfsyms_free(&syms);
	srclines_free(s);
	return 0;
}
