/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The network family's tests: tests/workloads/tcpconns held with a listener
 * port chosen here (free on [::] when chosen), so that filters on it can be
 * given before it runs, and its records found by the ports it reports.
 */
#ifndef SONDE_TEST_TCPCONNS_H
#define SONDE_TEST_TCPCONNS_H

#include <stddef.h>

#include "harness.h"

#define TCPCONNS_V4 3 /* IPv4 connects the tests ask for */

struct tcpconns {
	struct workload w;
	char facts[256];
	long lport; /* the listener's */
	char pid[16];
};

/* A TCP port free on [::] (and 127.0.0.1), below the range connect() draws from. */
long free_port(void);

/* Spawn it held (left to expect_cleanup()), with TCPCONNS_V4 IPv4 connects. */
void tcpconns_spawn(struct tcpconns *t);

/* The only record of `pid` whose number `key` is `value`; fails the test unless just one. */
const struct json *tcpconns_rec(const struct json *recs, size_t n, long pid, const char *key,
				long value);

/* Its string `key` is `want`. */
void assert_str_key(const struct json *r, const char *key, const char *want);

/*
 * tests/workloads/tcpxfer held, its listener on a port chosen here: two
 * connections (IPv4, IPv6) carrying its facts' "up" bytes from the client
 * and "down" back, the client closing first after TCPXFER_SLEEP_MS.
 */
#define TCPXFER_SLEEP_MS 200

struct tcpxfer {
	struct workload w;
	char facts[256];
	long lport;
	char port[16]; /* lport as an argument */
	char pid[16];
};

void tcpxfer_spawn(struct tcpxfer *x);

#endif
