/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* tcptop: the per-connection byte counts bpf/tcptop.bpf.c keeps and tools/tcptop.c prints. */
#ifndef SONDE_TCPTOP_H
#define SONDE_TCPTOP_H

#include "net_tuple.h"
#include "task.h"

#define TCPTOP_KEYS 10240 /* rows one interval holds; more are lost events */

/* One row: a process's traffic on one connection, as bcc keys it (pid, comm, tuple). */
struct tcptop_key {
	struct net_tuple tuple; /* s: the local end, d: the remote one */
	__u32 pid;
	__u32 pad;
	char comm[SONDE_COMM_LEN];
};

struct tcptop_value {
	__u64 rx_bytes; /* copied to the process by its receive calls */
	__u64 tx_bytes; /* taken from the process by its send calls */
};

#endif
