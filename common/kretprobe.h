/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Return probes that can follow many calls at once (common/kretprobe.c). */
#ifndef SONDE_KRETPROBE_H
#define SONDE_KRETPROBE_H

#include <bpf/libbpf.h>

/*
 * Attach a kretprobe program at the return of `func`, made through tracefs
 * with room for KRETPROBE_MAXACTIVE calls in flight; where tracefs cannot
 * make it, libbpf's way (the kernel's default room). NULL with errno.
 */
struct bpf_link *kretprobe_attach(struct bpf_program *prog, const char *func);
/* Remove the probes made through tracefs (after their links are destroyed). */
void kretprobe_cleanup(void);

#endif
