/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* wqlat: the histogram key bpf/wqlat.bpf.c fills and tools/wqlat.c prints. */
#ifndef SONDE_WQLAT_H
#define SONDE_WQLAT_H

/* The kernel's WQ_NAME_LEN: 24 until Linux 6.5, 32 since; names are NUL-terminated in either. */
#define WQLAT_NAME_LEN 32

struct wqlat_key {
	char wq[WQLAT_NAME_LEN]; /* with -W (or -w): the workqueue's name, else empty */
	__u64 function;		 /* with --function: the work's function, else 0 */
};

#endif
