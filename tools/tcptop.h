/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* tcptop: the per-connection byte counts bpf/tcptop.bpf.c keeps and tools/tcptop.c prints. */
#ifndef SONDE_TCPTOP_H
#define SONDE_TCPTOP_H

#include "net_tuple.h"
#include "task.h"

#define TCPTOP_KEYS 10240 /* rows one interval holds; more are lost events */

/*
 * One row: a process's traffic on one socket. The socket's address and its
 * port pair (as the kernel keeps them) tell it from a socket reusing its
 * memory within the interval; its addresses and the name are read once,
 * when the row is made, not at every call.
 */
struct tcptop_key {
	__u64 sock;  /* the struct sock */
	__u32 ports; /* skc_portpair: the remote port (network order), the local one */
	__u32 pid;
};

struct tcptop_value {
	__u64 rx_bytes;		   /* copied to the process by its receive calls */
	__u64 tx_bytes;		   /* taken from the process by its send calls */
	struct net_tuple tuple;	   /* s: the local end, d: the remote one; family 0 until filled */
	char comm[SONDE_COMM_LEN]; /* the name of the task whose call made the row */
};

#endif
