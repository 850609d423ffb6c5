/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* bitesize: the histogram key bpf/bitesize.bpf.c fills and tools/bitesize.c prints. */
#ifndef SONDE_BITESIZE_H
#define SONDE_BITESIZE_H

#include "task.h"

struct bitesize_key {
	char comm[SONDE_COMM_LEN]; /* the submitter's name; empty where it was not seen */
};

#endif
