// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <bpf/bpf.h>

#include "maps.h"

size_t map_keys(int fd, void *keys, size_t key_size, size_t max)
{
	char *slot = keys, *prev = NULL;
	size_t n = 0;

	/* the next key after the last one read; a deleted `prev` restarts from the first */
	while (n < max && bpf_map_get_next_key(fd, prev, slot) == 0) {
		prev = slot;
		slot += key_size;
		n++;
	}
	return n;
}

bool map_take(int fd, const void *key, void *value)
{
	if (!bpf_map_lookup_and_delete_elem(fd, key, value))
		return true;
	/* hash maps gained lookup-and-delete in Linux 5.14: read, then delete */
	return !bpf_map_lookup_elem(fd, key, value) && !bpf_map_delete_elem(fd, key);
}
