// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The /proc/PID/maps parser (procmaps.h) on arbitrary bytes. Why: a maps
 * file holds paths a traced process chose, any bytes but NUL and newline,
 * and a symbolizer parses it for every process it sees. Whatever the bytes,
 * the parser must read no further than its length, leak nothing on a
 * refusal, and hand back what the lookup relies on: mappings sorted,
 * disjoint and non-empty, each found at its first and last byte, paths
 * that are C strings, only executable ones when asked.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "procmaps.h"

static void check(const struct proc_maps *maps, unsigned int flags)
{
	const struct proc_map *m;
	size_t i;

	for (i = 0; i < maps->n; i++) {
		m = &maps->maps[i];
		if (m->start >= m->end || (i && maps->maps[i - 1].end > m->start))
			abort();
		if (procmaps_find(maps, m->start) != m || procmaps_find(maps, m->end - 1) != m)
			abort();
		if ((flags & PROCMAPS_EXEC_ONLY) && !(m->perms & PROCMAP_EXEC))
			abort();
		if (m->perms & ~0xfU || m->dev >> 20 > 0xfff || strchr(m->path, '\n') ||
		    m->path[0] == ' ')
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned int flags[] = { 0, PROCMAPS_EXEC_ONLY };
	struct proc_maps maps;
	size_t i;
	int err;

	/* libFuzzer's data is an allocation of exactly size bytes, with no NUL after */
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		err = procmaps_parse((const char *)data, size, flags[i], &maps);
		if (err && (maps.maps || maps.n))
			abort();
		check(&maps, flags[i]);
		procmaps_free(&maps);
	}
	return 0;
}
