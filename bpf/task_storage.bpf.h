/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Whether this kernel lacks task storage (before Linux 5.11): set by
 * common/load.c (run_fit_kernel), which then turns every task storage map
 * of the object into a hash keyed by thread id (inflight.bpf.h's) or an
 * unused placeholder. Code that keeps per-task state tests it first, so
 * that the verifier drops the task storage calls such a kernel lacks.
 */
#ifndef SONDE_TASK_STORAGE_BPF_H
#define SONDE_TASK_STORAGE_BPF_H

const volatile bool no_task_storage = false;

#endif
