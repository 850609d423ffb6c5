// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* A growable array (vec.h): doubles as it fills, elements zeroed when pushed. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vec.h"

void *vec_push(struct vec *a)
{
	void *v;

	if (a->n == a->cap) {
		v = realloc(a->v, (a->cap * 2 + 64) * a->size);
		if (!v)
			return NULL;
		a->v = v;
		a->cap = a->cap * 2 + 64;
	}
	return memset((char *)a->v + a->n++ * a->size, 0, a->size);
}

int vec_append(struct vec *a, const void *p, size_t n)
{
	while (n--) {
		void *slot = vec_push(a);

		if (!slot)
			return -ENOMEM;
		memcpy(slot, p, a->size);
		p = (const char *)p + a->size;
	}
	return 0;
}

void vec_sort(struct vec *a, int (*cmp)(const void *, const void *))
{
	if (a->n)
		qsort(a->v, a->n, a->size, cmp);
}

size_t sorted_at_or_below(const void *v, size_t n, size_t size, size_t key_at, __u64 key)
{
	size_t lo = 0, hi = n, mid;
	__u64 at;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		memcpy(&at, (const char *)v + mid * size + key_at, sizeof(at));
		if (at <= key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
