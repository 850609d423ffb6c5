/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* biolatpcts: the histogram key bpf/biolatpcts.bpf.c fills and tools/biolatpcts.c reads. */
#ifndef SONDE_BIOLATPCTS_H
#define SONDE_BIOLATPCTS_H

#define BIOLATPCTS_HISTS 256 /* disks times operations, per interval */

struct biolatpcts_key {
	__u32 dev; /* the disk: major << 20 | minor */
	__u32 op;  /* REQ_OP_* (common/block.h): 0 read, 1 write, 2 flush, 3 discard, ... */
};

#endif
