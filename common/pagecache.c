// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The figures cachestat and cachetop print from the page-cache counts (pagecache.h). */
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>

#include "pagecache.h"
#include "procfs.h"

struct cache_figures cache_figures(const struct cache_counts *c)
{
	struct cache_figures f = { 0 };

	f.accessed = c->n[CACHE_ACCESSED];
	f.misses = c->n[CACHE_ADDED];
	f.dirtied = c->n[CACHE_DIRTIED];
	/* an interval may end between a write's add and its dirtying */
	f.write_misses = c->n[CACHE_WRITE_ADDED] < f.misses ? c->n[CACHE_WRITE_ADDED] : f.misses;
	f.read_misses = f.misses - f.write_misses;
	f.hits = f.accessed > f.read_misses ? f.accessed - f.read_misses : 0;
	if (f.hits + f.misses)
		f.hit_ratio = (double)f.hits / (f.hits + f.misses);
	if (f.hits + f.read_misses)
		f.read_hit_ratio = (double)f.hits / (f.hits + f.read_misses);
	if (f.dirtied > f.write_misses)
		f.write_hit_ratio = (double)(f.dirtied - f.write_misses) / f.dirtied;
	return f;
}

/* The kB figure of "Key:   1234 kB" in the text of /proc/meminfo, or -1. */
static double meminfo_kb(const char *text, size_t len, const char *key)
{
	size_t klen = strlen(key);
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *eol = memchr(p, '\n', end - p);

		if (!eol)
			eol = end;
		if ((size_t)(eol - p) > klen && !memcmp(p, key, klen) && p[klen] == ':')
			return strtod(p + klen + 1, NULL);
		p = eol + 1;
	}
	return -1;
}

bool cache_meminfo(double *buffers_mb, double *cached_mb)
{
	char *text = NULL;
	ssize_t len = file_read("/proc/meminfo", 0, &text);
	double buffers = -1, cached = -1;

	if (len > 0) {
		/* strtod stops at the newline: the text needs no NUL for it */
		char *copy = realloc(text, len + 1);

		if (copy) {
			text = copy;
			text[len] = '\0';
			buffers = meminfo_kb(text, len, "Buffers");
			cached = meminfo_kb(text, len, "Cached");
		}
	}
	free(text);
	*buffers_mb = buffers < 0 ? 0 : buffers / 1024;
	*cached_mb = cached < 0 ? 0 : cached / 1024;
	return buffers >= 0 && cached >= 0;
}
