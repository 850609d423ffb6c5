// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Hash maps allocated as keys appear, where the kernel allows it from any
 * program (map_alloc.h says why and how it is asked).
 */
#include <errno.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "map_alloc.h"

__u32 map_alloc_flags(enum bpf_map_type type, __u32 flags, __u64 bytes)
{
	/* LRU maps always preallocate (their lists need every entry); arrays are flat */
	if (type != BPF_MAP_TYPE_HASH && type != BPF_MAP_TYPE_PERCPU_HASH)
		return flags;
	return bytes >= MAP_ALLOC_COSTLY ? flags | BPF_F_NO_PREALLOC : flags;
}

/* What preallocating map would build: every entry, on every CPU if per-CPU. */
static __u64 map_bytes(const struct bpf_map *map)
{
	__u64 entry = (__u64)bpf_map__key_size(map) + bpf_map__value_size(map);
	int cpus = libbpf_num_possible_cpus();

	if (bpf_map__type(map) == BPF_MAP_TYPE_PERCPU_HASH && cpus > 0)
		entry = bpf_map__key_size(map) + (__u64)bpf_map__value_size(map) * cpus;
	return entry * bpf_map__max_entries(map);
}

static __u32 wanted_flags(const struct bpf_map *map)
{
	return map_alloc_flags(bpf_map__type(map), bpf_map__map_flags(map), map_bytes(map));
}

/* A perf_event program looking up key 0 in map_fd; its fd, or -errno. */
static int load_lookup_prog(int map_fd)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ST | BPF_MEM | BPF_W, .dst_reg = BPF_REG_10, .off = -4, .imm = 0 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_X,
		  .dst_reg = BPF_REG_2,
		  .src_reg = BPF_REG_10 },
		{ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = BPF_REG_2, .imm = -4 },
		{ .code = BPF_LD | BPF_DW | BPF_IMM,
		  .dst_reg = BPF_REG_1,
		  .src_reg = BPF_PSEUDO_MAP_FD,
		  .imm = map_fd },
		{ 0 }, /* the upper half of the map's 64-bit immediate */
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_map_lookup_elem },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd = bpf_prog_load(BPF_PROG_TYPE_PERF_EVENT, "sonde_alloc", "GPL", insns,
			       sizeof(insns) / sizeof(insns[0]), NULL);

	return fd < 0 ? -errno : fd;
}

bool kernel_allocates_anywhere(void)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = BPF_F_NO_PREALLOC);
	int map = bpf_map_create(BPF_MAP_TYPE_HASH, "sonde_alloc", 4, 4, 1, &opts), prog;

	if (map < 0)
		return false;
	prog = load_lookup_prog(map);
	close(map);
	if (prog < 0)
		return false;
	close(prog);
	return true;
}

/* A map (or no map) that map_alloc_flags() would change. */
static bool preallocated(const struct bpf_map *map)
{
	return map && wanted_flags(map) != bpf_map__map_flags(map);
}

static int alloc_as_used(struct bpf_map *map)
{
	__u32 wanted = wanted_flags(map);

	return wanted == bpf_map__map_flags(map) ? 0 : bpf_map__set_map_flags(map, wanted);
}

/*
 * A perf_event program runs in NMI, where the allocator can hand out only
 * what its per-CPU cache holds until it refills after the NMI: a sampler's
 * burst of new stacks is kept whole by a preallocated map.
 */
static bool samples_in_nmi(struct bpf_object *obj)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, obj)
	{
		if (bpf_program__type(prog) == BPF_PROG_TYPE_PERF_EVENT)
			return true;
	}
	return false;
}

int map_alloc_as_used(struct bpf_object *obj)
{
	int anywhere = -1; /* asked of the kernel at the first map it matters to */
	struct bpf_map *map, *inner;
	int err = 0;

	if (samples_in_nmi(obj))
		return 0;
	bpf_object__for_each_map(map, obj)
	{
		inner = bpf_map__inner_map(map);
		if (!preallocated(map) && !preallocated(inner))
			continue;
		if (anywhere < 0)
			anywhere = kernel_allocates_anywhere();
		if (!anywhere)
			return 0;
		err = alloc_as_used(map) ?: (inner ? alloc_as_used(inner) : 0);
		if (err)
			return err;
	}
	return 0;
}
