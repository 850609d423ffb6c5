/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* tcprtt: the histograms bpf/tcprtt.bpf.c keeps and tools/tcprtt.c prints. */
#ifndef SONDE_TCPRTT_H
#define SONDE_TCPRTT_H

#include "hist_layout.h"

#define RTT_KEYS 10240 /* addresses -b/-B keep apart; more are lost events */

/* What a histogram is of: all zero without -b/-B, else the local (-b) or remote (-B) address. */
struct rtt_key {
	__u8 addr[16]; /* IPv4 in the first 4 bytes (an IPv4-mapped address as IPv4) */
	__u16 family;  /* NET_AF_INET, NET_AF_INET6; 0 for all addresses */
	__u16 pad[3];
};

struct rtt_value {
	struct hist hist; /* log2 of the smoothed RTT, usecs (msecs with -m) */
	__u64 sum_us;	  /* -e: for the average, in usecs whatever the unit */
	__u64 count;
};

#endif
