/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* biolatency: the histogram key bpf/biolatency.bpf.c fills and tools/biolatency.c prints. */
#ifndef SONDE_BIOLATENCY_H
#define SONDE_BIOLATENCY_H

struct bio_hist_key {
	__u32 dev;   /* with -D, else 0 */
	__u32 flags; /* with -F (common/block.h layout), else 0 */
};

#endif
