/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The includes and license every sonde BPF object starts with. */
#ifndef SONDE_BPF_H
#define SONDE_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

/* errno values helpers return (negated); vmlinux.h has no errno.h */
#define ERR_2BIG 7 /* a hash map has no room */
#define ERR_EXIST 17

/* Tracepoint and perf-event programs return 0: anything else asks the kernel for more work. */
#define TRACE_DONE 0

#endif
