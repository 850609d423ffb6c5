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
