/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* What block tools read from a struct request: its disk and its flags. */
#ifndef SONDE_BLOCK_BPF_H
#define SONDE_BLOCK_BPF_H

#include "sonde.bpf.h"
#include "core_fixes.bpf.h"
#include "block.h"

/* The disk's dev_t in the kernel's encoding (major << 20 | minor); 0 if unknown. */
static __always_inline __u32 request_dev(struct request *rq)
{
	struct gendisk *disk = request_disk(rq);

	if (!disk)
		return 0;
	return BPF_CORE_READ(disk, major) << 20 | BPF_CORE_READ(disk, first_minor);
}

#define KERNEL_REQ_BIT(name) (1U << bpf_core_enum_value(enum req_flag_bits, name))

/* cmd_flags translated into the stable layout of common/block.h. */
static __always_inline __u32 request_flags(struct request *rq)
{
	__u32 cmd = BPF_CORE_READ(rq, cmd_flags), flags = cmd & BLOCK_OP_MASK;

	if (cmd & KERNEL_REQ_BIT(__REQ_SYNC))
		flags |= BLOCK_SYNC;
	if (cmd & KERNEL_REQ_BIT(__REQ_META))
		flags |= BLOCK_META;
	if (cmd & KERNEL_REQ_BIT(__REQ_PRIO))
		flags |= BLOCK_PRIO;
	if (cmd & KERNEL_REQ_BIT(__REQ_FUA))
		flags |= BLOCK_FUA;
	if (cmd & KERNEL_REQ_BIT(__REQ_PREFLUSH))
		flags |= BLOCK_PREFLUSH;
	if (cmd & KERNEL_REQ_BIT(__REQ_RAHEAD))
		flags |= BLOCK_RAHEAD;
	if (cmd & KERNEL_REQ_BIT(__REQ_BACKGROUND))
		flags |= BLOCK_BACKGROUND;
	if (cmd & KERNEL_REQ_BIT(__REQ_NOWAIT))
		flags |= BLOCK_NOWAIT;
	return flags;
}

#endif
