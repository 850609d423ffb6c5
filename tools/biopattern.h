/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* biopattern: the counts bpf/biopattern.bpf.c keeps per disk and tools/biopattern.c prints. */
#ifndef SONDE_BIOPATTERN_H
#define SONDE_BIOPATTERN_H

struct biopattern_counts {
	__u64 sequential; /* requests that began where the disk's previous one ended */
	__u64 random;	  /* the others */
	__u64 bytes;
};

#endif
