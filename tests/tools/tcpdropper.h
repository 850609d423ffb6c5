/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * tests/workloads/tcpdropper held, with its two ports chosen here so that
 * filters on them can be given before it runs: a TCP connection on
 * loopback whose data segments are dropped by a socket filter for about a
 * second, so that the client retransmits them (tcpretrans, tcpdrop).
 */
#ifndef SONDE_TEST_TCPDROPPER_H
#define SONDE_TEST_TCPDROPPER_H

#include "harness.h"

struct tcpdropper {
	struct workload w;
	char facts[256];
	int ip;		   /* 4 or 6 */
	const char *addr;  /* "127.0.0.1" or "::1" */
	long sport, cport; /* the server's (listening) port, the client's */
	char sport_arg[16], cport_arg[16];
};

/* Spawn it held (left to expect_cleanup()), over IPv4 or IPv6 (ip 4 or 6). */
void tcpdropper_spawn(struct tcpdropper *d, int ip);

#endif
