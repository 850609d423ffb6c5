/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Hash maps allocated entry by entry as keys appear, instead of all at
 * creation, on kernels that can allocate safely from any program.
 *
 * Why: a preallocated hash map is built whole when it is created, every
 * entry written into the kernel's free lists (pcpu_freelist_populate). For
 * a summary tool's double-buffered histograms (two maps of 10240 entries
 * of 512-byte histograms) that was about half of the CPU of a start on
 * Linux 6.18 (runqlat, tcprtt, stackcount), for entries most runs never use.
 *
 * Which: every summary map (an interval's rows, any size), and every other
 * hash map of MAP_ALLOC_COSTLY_ENTRIES entries or MAP_ALLOC_COSTLY bytes
 * and up. Building a preallocated map touches every entry
 * (pcpu_freelist_populate() was two thirds of it in a profile): a
 * 10,240-entry map of 56-byte values took 2.6 ms to create on the 6.18
 * host (4096 entries 0.9 ms, 1024 0.3 ms), allocated as used 0.5 ms. The
 * maps that pair a call's entry with its exit (a block request's issue
 * with its completion, a connect with its SYN-ACK) are of that size, and
 * lose nothing by it: bpf_mem_alloc keeps a free list per CPU too, and an
 * insert, lookup and delete cost 69 ns with it against 84 preallocated
 * (one CPU, BPF_PROG_TEST_RUN, a million times). What it cannot do is
 * refill that list with interrupts off: each CPU starts with four small
 * entries, refilled once interrupts are on again, so a map that many
 * inserts in one interrupts-off stretch could fill (a wake-up of every
 * waiter on a queue) stays small and preallocated. A map whose entries
 * are large has each CPU's allocator cache filled before the programs
 * attach (map_alloc_prime()): a run may add two.
 *
 * Why only where the kernel says so: before Linux 6.1 a hash map without
 * preallocation took its entries from kmalloc(GFP_ATOMIC), which may wake
 * kswapd, and so take a runqueue lock, from inside the scheduler's
 * tracepoints; from 6.1 entries come from bpf_mem_alloc, made for any
 * context, NMI included. The verifier tells the two apart: it refuses a
 * perf_event program a hash map without preallocation until then
 * (kernel/bpf/verifier.c check_map_prog_compatibility()). So one such
 * program is loaded as the test, never the kernel's version.
 */
#ifndef SONDE_MAP_ALLOC_H
#define SONDE_MAP_ALLOC_H

#include <stdbool.h>
#include <linux/bpf.h>

struct bpf_object;

/* Preallocating this many entries, or bytes of entries, costs start-up time worth saving. */
#define MAP_ALLOC_COSTLY_ENTRIES 4096
#define MAP_ALLOC_COSTLY	 (1ULL << 20)

/*
 * The flags a map of `type` created with `flags`, of `entries` entries
 * that would take `bytes` preallocated, takes to be allocated as used.
 */
__u32 map_alloc_flags(enum bpf_map_type type, __u32 flags, __u32 entries, __u64 bytes);

/*
 * Before load: every large hash map of obj, and every map of an interval's
 * rows, allocated as used, if the kernel allocates anywhere
 * (kernel_support.h);
 * and every inner map template given the flags of the maps to be put in
 * it, which the kernel requires of them (SUMMARY_MAP() declares it
 * small). 0 or -errno.
 */
int map_alloc_as_used(struct bpf_object *obj);

/*
 * After load, before attach: the allocator caches, on every CPU we may run
 * on, of each hash map allocated as used with entries over 256 bytes
 * filled, so that a program's first run on a CPU may add two entries.
 */
void map_alloc_prime(struct bpf_object *obj);

#endif
