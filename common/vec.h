/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A growable array of fixed-size elements: the BTF reader's type offsets and
 * the cut's lists (names, marks, the BTF it writes) grow as the kernel's BTF
 * is read, to sizes known only at the end.
 */
#ifndef SONDE_VEC_H
#define SONDE_VEC_H

#include <stddef.h>
#include <linux/types.h>

struct vec {
	void *v;
	size_t n, cap, size; /* elements used, allocated; bytes per element */
};

/* A new zeroed element at the end, or NULL without memory. */
void *vec_push(struct vec *a);
/* n elements copied from p to the end: 0 or -ENOMEM. */
int vec_append(struct vec *a, const void *p, size_t n);
/* qsort() the elements; an empty vec has no array to hand it. */
void vec_sort(struct vec *a, int (*cmp)(const void *, const void *));

/*
 * In n elements of `size` bytes sorted by the __u64 `key_at` bytes into
 * each: how many have a key at or below `key`, by binary search. The symbol
 * tables' lookup: element [count - 1], if count > 0, is the last one
 * starting at or before an address.
 */
size_t sorted_at_or_below(const void *v, size_t n, size_t size, size_t key_at, __u64 key);

#endif
