/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Small facts about processes from /proc, read the way the files are
 * written, and parsers that take the text so they can be tested and fuzzed
 * on their own.
 */
#ifndef SONDE_PROCFS_H
#define SONDE_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>

#include "task.h"

/*
 * A live process's name as /proc/PID/comm gives it (its main thread's);
 * false, comm untouched, if the process is gone.
 */
bool proc_comm(__u32 pid, char comm[SONDE_COMM_LEN]);

/* The name in the text of a comm file: up to its newline, at most 15 bytes. */
void proc_comm_parse(const char *text, size_t len, char comm[SONDE_COMM_LEN]);

/*
 * A file from byte `from` to its end (a /proc file, whose size stat does not
 * tell): its length, with the bytes in *text (free() them), or -errno.
 */
ssize_t file_read(const char *path, off_t from, char **text);

/* Threads the system has now (/proc/loadavg's "running/total"); -1 if unknown. */
long proc_threads(void);
/* The same from loadavg's text ("0.01 0.02 0.00 2/108 30561"). */
long proc_threads_parse(const char *text);

#endif
