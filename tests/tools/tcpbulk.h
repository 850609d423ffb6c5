/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The traffic tools' tests (tcptop, tcppktlat): tests/workloads/tcpbulk
 * held with a listener port chosen here, so that port filters can name it
 * before it runs, and the byte counts it moves.
 */
#ifndef SONDE_TEST_TCPBULK_H
#define SONDE_TEST_TCPBULK_H

#include "harness.h"

/* As tests/workloads/tcpbulk.c moves them. */
#define TCPBULK_UP   1000000 /* client to server */
#define TCPBULK_DOWN 300000  /* server to client */
#define TCPBULK_PING 100     /* client to server, read DELAY_MS after it arrived */

struct tcpbulk {
	struct workload w;
	char facts[256];
	long lport; /* the listener's */
	char pid[16];
	char port[16]; /* lport as an argument */
};

/* Spawn it held (left to expect_cleanup()), the server reading the ping delay_ms late. */
void tcpbulk_spawn(struct tcpbulk *t, long delay_ms);

#endif
