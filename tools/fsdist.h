/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* fsdist: the histogram key bpf/fsdist.bpf.c fills and tools/fsdist.c prints. */
#ifndef SONDE_FSDIST_H
#define SONDE_FSDIST_H

struct fsdist_key {
	__u32 op; /* enum file_io */
};

#endif
