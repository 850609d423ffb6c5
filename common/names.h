/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Names for the numbers the kernel hands over: errno, signals, syscalls, disks. */
#ifndef SONDE_NAMES_H
#define SONDE_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

/* "ENOENT" for 2; "E4095" for a number libc has no name for. Never NULL. */
const char *errno_name(int err);
/* "SIGKILL" for 9; "SIGRTMIN+3"; "SIG99" if unknown. Never NULL. */
const char *signal_name(int sig);
/* "openat" for its number on this architecture; "syscall_999" if unknown. */
const char *syscall_name(int nr);
/* The number of a syscall name, -1 if there is none. */
int syscall_number(const char *name);

/* Kernel dev_t encoding (MKDEV: major << 20 | minor), as tracepoints carry it. */
static inline __u32 kernel_dev(unsigned int major, unsigned int minor)
{
	return major << 20 | minor;
}

/* One line of /proc/partitions: the device (kernel encoding) and its name; false if none. */
bool partitions_line(const char *line, __u32 *dev, char name[32]);
/* The block device's name from /proc/partitions ("vda", "loop3"); NULL if unknown. */
const char *disk_name(__u32 dev);
/* The dev_t of a disk named "vda" or "/dev/vda"; false if there is none. */
bool disk_lookup(const char *name, __u32 *dev);

/* Block request flags (common/block.h layout) as bcc writes them: "Sync-Write". */
void block_flags_name(__u32 flags, char *buf, size_t len);

#endif
