/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* tcpsynbl: the histograms bpf/tcpsynbl.bpf.c keeps and tools/tcpsynbl.c prints. */
#ifndef SONDE_TCPSYNBL_H
#define SONDE_TCPSYNBL_H

#include "hist_layout.h"

#define SYNBL_KEYS 1024 /* distinct listeners (port and limit) kept; more are lost events */

/*
 * A histogram per listening port and backlog limit: listen()'s backlog as
 * the kernel caps it (somaxconn); listeners of one port (SO_REUSEPORT)
 * with one limit share it.
 */
struct synbl_key {
	__u32 max;  /* sk_max_ack_backlog */
	__u16 port; /* the listener's local port, host order (skc_num) */
	__u16 pad;
};

struct synbl_value {
	struct hist hist; /* log2 of the accept queue's length as a child joins it */
	__u64 drops;	  /* connections dropped because the queue was full */
};

#endif
