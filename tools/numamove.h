/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* numamove: the counts bpf/numamove.bpf.c keeps per migration reason and tools/numamove.c prints. */
#ifndef SONDE_NUMAMOVE_H
#define SONDE_NUMAMOVE_H

/*
 * The kernel's enum migrate_reason, renumbered: the BPF side maps the
 * kernel's values by name (CO-RE), so a reason added or moved in some
 * kernel never shifts another. A reason this list lacks, or every reason
 * where the kernel's BTF has no enum migrate_reason, is counted as
 * MIGRATE_REASONS + its kernel value, which user space names from the
 * tracepoint's format (its __print_symbolic list).
 */
enum migrate_why {
	WHY_COMPACTION,
	WHY_MEMORY_FAILURE,
	WHY_MEMORY_HOTPLUG,
	WHY_SYSCALL,
	WHY_MEMPOLICY_MBIND,
	WHY_NUMA_MISPLACED,
	WHY_CONTIG_RANGE,
	WHY_LONGTERM_PIN,
	WHY_DEMOTION,
	WHY_DAMON,
	MIGRATE_REASONS
};

struct numamove_counts {
	__u64 succeeded; /* pages migrated (a huge page counts its base pages) */
	__u64 failed;	 /* pages that could not be */
	__u64 calls;	 /* migrate_pages() calls that ended */
	__u64 ns;	 /* time in them, from mm_migrate_pages_start (outermost call of a task) */
};

#endif
