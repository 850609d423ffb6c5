// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Summary maps from user space: swap the two maps, then drain the retired
 * one. The reasoning that makes this lossless is in bpf/summary.bpf.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>

#include "maps.h"
#include "procfs.h"
#include "run.h"

/* The map called `name`'s fd, or -1 with errno ENOENT. */
static int map_fd(struct bpf_object *obj, const char *name)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, name);

	if (!map) {
		errno = ENOENT;
		return -1;
	}
	return bpf_map__fd(map);
}

static bool is_array(enum bpf_map_type type)
{
	return type == BPF_MAP_TYPE_ARRAY || type == BPF_MAP_TYPE_PERCPU_ARRAY;
}

static bool is_percpu(enum bpf_map_type type)
{
	return type == BPF_MAP_TYPE_PERCPU_ARRAY || type == BPF_MAP_TYPE_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

/* An array's keys are its indexes, 0 to max - 1, all present: listed once. */
static void array_keys(struct summary *s)
{
	__u32 i, *keys = (__u32 *)s->keys;

	for (i = 0; i < s->max; i++)
		keys[i] = i;
	s->zero = calloc(1, s->value_bytes);
}

bool summary_find(struct summary *s, struct bpf_object *obj, const char *name)
{
	struct bpf_map *inner[2];
	char inner_name[64];
	int i, ncpus;

	memset(s, 0, sizeof(*s));
	s->grace_fd = map_fd(obj, name);
	snprintf(inner_name, sizeof(inner_name), "%s_live", name);
	s->live_fd = map_fd(obj, inner_name);
	for (i = 0; i < 2; i++) {
		snprintf(inner_name, sizeof(inner_name), "%s_%d", name, i);
		inner[i] = bpf_object__find_map_by_name(obj, inner_name);
		s->inner_fd[i] = map_fd(obj, inner_name);
		if (s->inner_fd[i] < 0)
			return false;
	}
	s->key_size = bpf_map__key_size(inner[0]);
	s->max = bpf_map__max_entries(inner[0]); /* name_0: live from load */
	s->once = bpf_map__max_entries(inner[1]) < s->max;
	s->keys = calloc(s->max, s->key_size);
	s->array = is_array(bpf_map__type(inner[0]));
	s->value_bytes = bpf_map__value_size(inner[0]);
	if (is_percpu(bpf_map__type(inner[0]))) { /* read 8-byte aligned, one a CPU */
		ncpus = libbpf_num_possible_cpus();
		s->value_bytes = (s->value_bytes + 7) / 8 * 8 * (ncpus > 0 ? ncpus : 1);
	}
	if (s->keys && s->array)
		array_keys(s);
	return s->grace_fd >= 0 && s->live_fd >= 0 && s->keys && (!s->array || s->zero);
}

int summary_set_entries(struct bpf_object *obj, const char *name, __u32 entries)
{
	char inner_name[64];
	struct bpf_map *map;
	int i, err;

	for (i = 0; i < 2; i++) {
		snprintf(inner_name, sizeof(inner_name), "%s_%d", name, i);
		map = bpf_object__find_map_by_name(obj, inner_name);
		if (!map)
			return -ENOENT;
		err = bpf_map__set_max_entries(map, entries);
		if (err)
			return err;
	}
	return 0;
}

int summary_fit_once(struct bpf_object *obj)
{
	static const char suffix[] = "_live";
	const size_t suffix_len = sizeof(suffix) - 1;
	char standby_name[64];
	struct bpf_map *map, *standby;
	const char *name;
	size_t len;
	int err;

	bpf_object__for_each_map(map, obj)
	{
		name = bpf_map__name(map);
		len = strlen(name);
		if (len <= suffix_len || strcmp(name + len - suffix_len, suffix))
			continue;
		snprintf(standby_name, sizeof(standby_name), "%.*s_1", (int)(len - suffix_len),
			 name);
		standby = bpf_object__find_map_by_name(obj, standby_name);
		err = standby ? bpf_map__set_max_entries(standby, 1) : 0;
		if (err)
			return err;
	}
	return 0;
}

int map_fit_threads(struct bpf_map *map)
{
	long threads = proc_threads();
	int cpus = libbpf_num_possible_cpus();
	__u64 want = 2048, entries = 1;

	if (!map)
		return -ENOENT;
	if (threads < 0)
		return 0; /* unknown: the declared size */
	if (want < (__u64)threads * 4)
		want = (__u64)threads * 4;
	if (cpus > 0 && want < (__u64)cpus * 512)
		want = (__u64)cpus * 512;
	while (entries < want)
		entries <<= 1;
	if (entries >= bpf_map__max_entries(map))
		return 0;
	return bpf_map__set_max_entries(map, entries);
}

/* Up to `max` keys of the map into `keys` (each `key_size` bytes); how many it holds. */
static size_t map_keys(int fd, char *keys, size_t key_size, size_t max)
{
	char *slot = keys, *prev = NULL;
	size_t n = 0;

	while (n < max && bpf_map_get_next_key(fd, prev, slot) == 0) {
		prev = slot;
		slot += key_size;
		n++;
	}
	return n;
}

/* Make the standby map the live one, and wait until no run can still count in the other. */
static int switch_live(struct summary *s)
{
	__u32 standby = !s->live, zero = 0;

	if (bpf_map_update_elem(s->live_fd, &zero, &standby, BPF_ANY))
		return -1;
	s->live = standby;
	/* the update of an array of maps returns after a grace period: no run can still count */
	return bpf_map_update_elem(s->grace_fd, &zero, &s->inner_fd[!standby], BPF_ANY);
}

/* The map summary_next() reads: the retired one, or the live one if read in place. */
static int retired_fd(const struct summary *s)
{
	return s->inner_fd[s->once ? s->live : !s->live];
}

int summary_swap(struct summary *s)
{
	if (!s->once && switch_live(s))
		return -1;
	/* the retired map holds at most max keys, and no program can add one now (or, read
	 * once in place, what one adds is after the report) */
	s->nkeys = s->array ? s->max : map_keys(retired_fd(s), s->keys, s->key_size, s->max);
	s->next = 0;
	return 0;
}

/* Read one entry and remove it; false if it is gone. Per-CPU maps fill one value per CPU. */
static bool map_take(int fd, const void *key, void *value)
{
	if (!bpf_map_lookup_and_delete_elem(fd, key, value))
		return true;
	/* hash maps gained it in Linux 5.14: read, then delete, as good on a retired map */
	return !bpf_map_lookup_elem(fd, key, value) && !bpf_map_delete_elem(fd, key);
}

int summary_sum_counters(struct summary *s, __u64 *sum, size_t n)
{
	/* a per-CPU map's value is a copy per CPU, each n counters (8-byte aligned already) */
	size_t copies = s->value_bytes / (n * sizeof(__u64)), copy, i;
	__u64 *value = malloc(s->value_bytes);

	memset(sum, 0, n * sizeof(*sum));
	if (!value || summary_swap(s)) {
		free(value);
		return -1;
	}
	while (summary_next(s, value))
		for (copy = 0; copy < copies; copy++)
			for (i = 0; i < n; i++)
				sum[i] += value[copy * n + i];
	free(value);
	return 0;
}

/* Read one entry, left in place; an array's all-zero one was never used and is skipped. */
static bool entry_read(const struct summary *s, int fd, const void *key, void *value)
{
	return !bpf_map_lookup_elem(fd, key, value) &&
	       (!s->array || memcmp(value, s->zero, s->value_bytes));
}

/* An array entry cannot be removed: a used one is read, then zeroed. */
static bool array_take(const struct summary *s, int fd, const void *key, void *value)
{
	return entry_read(s, fd, key, value) && !bpf_map_update_elem(fd, key, s->zero, BPF_EXIST);
}

const void *summary_next(struct summary *s, void *value)
{
	int fd = retired_fd(s);
	const char *key;

	while (s->next < s->nkeys) {
		key = s->keys + s->next++ * s->key_size;
		if (s->once    ? entry_read(s, fd, key, value)
		    : s->array ? array_take(s, fd, key, value)
			       : map_take(fd, key, value))
			return key;
	}
	return NULL;
}

ssize_t summary_collect(struct summary *s, size_t entry_size, size_t value_at)
{
	char *entry = s->room;
	const void *key;
	size_t n = 0;

	if (summary_swap(s))
		return -1;
	while (n < s->max && (key = summary_next(s, entry + value_at))) {
		memcpy(entry, key, s->key_size);
		entry += entry_size;
		n++;
	}
	return n;
}

int summary_prepare(struct run *r, struct summary *s, struct bpf_object *obj, const char *name,
		    size_t entry_size)
{
	if (summary_find(s, obj, name) && (s->room = calloc(s->max, entry_size)))
		return 0;
	run_fail(r, "cannot prepare the reports: %s", strerror(errno));
	return -1;
}

void summary_free(struct summary *s)
{
	free(s->keys);
	free(s->zero);
	free(s->room);
	s->keys = s->zero = s->room = NULL;
}
