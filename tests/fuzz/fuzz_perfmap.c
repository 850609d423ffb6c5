// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The perf map parser (perfmap.h) and the NSpid reader on arbitrary bytes.
 * Why: /tmp/perf-PID.map is written by the traced process (any bytes, a
 * line torn mid-write), and a profiler reads it for every JIT process it
 * sees. Whatever the bytes, nothing may be read past the length, and the
 * result must be what the lookup relies on: sorted, one function per
 * start, each non-empty and found at its first and last byte, names that
 * are non-empty C strings without a newline.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "perfmap.h"

static void check(const struct perfmap *pm)
{
	const struct perfmap_sym *s;
	const char *name;
	__u64 off;
	size_t i;

	for (i = 0; i < pm->n; i++) {
		s = &pm->syms[i];
		if (s->start >= s->end || (i && pm->syms[i - 1].start >= s->start))
			abort();
		if (s->name >= pm->names.len)
			abort();
		name = perfmap_find(pm, s->start, &off);
		if (!name || off || name != pm->names.buf + s->name || !*name || strchr(name, '\n'))
			abort();
		/* its last byte, unless a later function starts inside it and hides it */
		if ((i + 1 == pm->n || pm->syms[i + 1].start >= s->end) &&
		    (perfmap_find(pm, s->end - 1, &off) != name || off != s->end - 1 - s->start))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct perfmap pm;
	pid_t pid;

	if (perfmap_parse((const char *)data, size, &pm))
		abort();
	check(&pm);
	perfmap_free(&pm);
	pid = perfmap_nspid_parse((const char *)data, size, 77);
	if (pid <= 0)
		abort();
	return 0;
}
