/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* tcpsynbl: the histograms bpf/tcpsynbl.bpf.c keeps and tools/tcpsynbl.c prints. */
#ifndef SONDE_TCPSYNBL_H
#define SONDE_TCPSYNBL_H

#include "hist_layout.h"

#define SYNBL_KEYS 1024 /* distinct listen backlog limits kept; more are lost events */

/* A histogram per listen backlog limit: listen()'s backlog as the kernel caps it (somaxconn). */
struct synbl_key {
	__u32 max; /* sk_max_ack_backlog */
	__u32 pad;
};

struct synbl_value {
	struct hist hist; /* log2 of the accept queue's length as a child joins it */
	__u64 drops;	  /* connections dropped because the queue was full */
};

#endif
