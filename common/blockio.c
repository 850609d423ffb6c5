// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The block I/O tools' shared user-space pieces (blockio.h). */
#include <stdio.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "block.h"
#include "blockio.h"
#include "names.h"

/* Whether /sys says the block device of this kernel name is a partition. */
static bool is_partition(const char *name)
{
	char path[320];

	snprintf(path, sizeof(path), "/sys/class/block/%s/partition", name);
	return access(path, F_OK) == 0;
}

int disk_option(struct option_ctx *ctx, const char *arg, __u32 *dev)
{
	const char *name;

	if (!disk_lookup(arg, dev))
		return option_error(ctx, "no disk '%s' in /proc/partitions", arg);
	name = disk_name(*dev); /* the kernel's name, whatever link was given */
	if (name && is_partition(name))
		return option_error(ctx, "'%s' is a partition: requests are counted per disk", arg);
	return 0;
}

const char *disk_label(__u32 dev, char *buf, size_t len)
{
	const char *name = disk_name(dev);

	if (name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "%u:%u", dev >> 20, dev & 0xfffff);
	return buf;
}

static const char *op_letters(unsigned int op)
{
	switch (op) {
	case 0:
		return "R";
	case 1:
		return "W";
	case 2:
		return "F";
	case 3:
		return "D";
	case 5:
		return "DE";
	default:
		return "N";
	}
}

void block_rwbs(__u32 flags, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s%s%s", flags & BLOCK_PREFLUSH ? "F" : "",
		 op_letters(flags & BLOCK_OP_MASK), flags & BLOCK_FUA ? "F" : "",
		 flags & BLOCK_RAHEAD ? "A" : "", flags & BLOCK_SYNC ? "S" : "",
		 flags & BLOCK_META ? "M" : "");
}

/* Whether probes_choose() kept the program `name` of obj to be loaded. */
static bool chosen(struct bpf_object *obj, const char *name)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, name);

	return prog && bpf_program__autoload(prog);
}

void block_requests_fit(struct bpf_object *obj)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, "block_bio_submitters");

	if (map && !chosen(obj, "block_submit_bio") && !chosen(obj, "block_submit_bio_q"))
		bpf_map__set_max_entries(map, 1);
}
