/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Block request flags in sonde's own stable layout. The kernel renumbers its
 * __REQ_* bits between versions; bpf/block.bpf.h translates them with CO-RE,
 * so user space decodes one layout whatever the kernel.
 * Includes nothing: the includer provides __u32.
 */
#ifndef SONDE_BLOCK_H
#define SONDE_BLOCK_H

#define BLOCK_OP_MASK 0xff /* REQ_OP_*: stable numbers since Linux 4.10 */

enum block_flag {
	BLOCK_SYNC = 1 << 8,
	BLOCK_META = 1 << 9,
	BLOCK_PRIO = 1 << 10,
	BLOCK_FUA = 1 << 11,
	BLOCK_PREFLUSH = 1 << 12,
	BLOCK_RAHEAD = 1 << 13,
	BLOCK_BACKGROUND = 1 << 14,
	BLOCK_NOWAIT = 1 << 15,
};

#endif
