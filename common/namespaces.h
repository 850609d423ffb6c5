/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The namespaces a tool runs in, where they change what it prints: its PID
 * namespace (a container's PIDs, not the host's, in filters and records)
 * and its time namespace (whose monotonic clock is offset from the host's,
 * which stamps the events).
 */
#ifndef SONDE_NAMESPACES_H
#define SONDE_NAMESPACES_H

#include <stdbool.h>
#include <linux/types.h>

#include "filter.h"

/* The initial PID namespace's inode number (PROC_PID_INIT_INO): a fixed value. */
#define PIDNS_INIT_INO 0xEFFFFFFCU

/*
 * The flavor ("task_struct___pidns") of the kernel types bpf/pidns.bpf.h
 * reads, which only a tool inside a PID namespace needs: on the host that
 * code is dead, and they are left out of the kernel types it cuts
 * (btf_wants_drop_flavor()).
 */
#define PIDNS_TYPE_FLAVOR "pidns"

/*
 * The PID namespace this process runs in, as bpf_get_ns_current_pid_tgid()
 * wants it (the device in the kernel's encoding); all zero for the initial
 * namespace, where PIDs need no translation. False if it cannot be read.
 */
bool pidns_of_self(struct filter_pidns *ns);

/*
 * How far this process's CLOCK_MONOTONIC runs ahead of the host's, in
 * nanoseconds (/proc/self/timens_offsets; 0 where time namespaces do not
 * exist). Read once.
 */
__s64 timens_monotonic_offset(void);

/*
 * The monotonic offset in the text of a timens_offsets file: 0 and *ns set,
 * or -1 if the text has no well-formed monotonic line.
 */
int timens_parse_monotonic(const char *text, __s64 *ns);

#endif
