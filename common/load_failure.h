/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Why a BPF object did not load, in one line, from libbpf's log of the load:
 * the program the verifier refused and the verifier's last word, or the map
 * the kernel would not create and its reason.
 */
#ifndef SONDE_LOAD_FAILURE_H
#define SONDE_LOAD_FAILURE_H

#include <stdbool.h>
#include <stddef.h>

/* The reason into out ("cannot load BPF program NAME: REASON"); false if the log names none. */
bool load_failure(const char *log, char *out, size_t len);

#endif
