/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* runqlen: the histogram key bpf/runqlen.bpf.c fills and tools/runqlen.c prints. */
#ifndef SONDE_RUNQLEN_H
#define SONDE_RUNQLEN_H

struct runqlen_key {
	__u32 cpu; /* the sampled CPU with -C, else 0: one histogram for all */
};

#endif
