/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Numbers a syscall was given or returned, written as a reader knows them:
 * flag words by name ("MS_NOSUID|MS_NODEV"), commands by name, results as
 * strace writes them ("3", "-ENOENT"). The tables are the tools' own; the
 * decoding is written once.
 */
#ifndef SONDE_DECODE_H
#define SONDE_DECODE_H

#include <linux/types.h>

#include "strbuf.h"

/*
 * One name: it applies when (flags & mask) == value. A single bit has
 * mask == value; a multi-bit field (an atime mode, a sync type) has one entry
 * per non-zero value, all with the field's mask. Tables end with a NULL name.
 */
struct flag_name {
	__u64 mask;
	__u64 value;
	const char *name;
};

/* Table rows read best on one line each. */
/* clang-format off */
#define FLAG(name, bit)       { (bit), (bit), (name) }
#define FLAG_IN(name, m, val) { (m), (val), (name) }
#define VALUE(name, val)      { 0, (val), (name) } /* a row of an sb_enum() table */

/*
 * The AT_* flags of the *at() calls (fcntl.h values, the same on every
 * architecture), as entries to put in a table of a call's own flags.
 */
#define AT_FLAG_NAMES                                   \
	FLAG("AT_SYMLINK_NOFOLLOW", 0x100),             \
	FLAG("AT_NO_AUTOMOUNT", 0x800),                 \
	FLAG("AT_EMPTY_PATH", 0x1000),                  \
	FLAG_IN("AT_STATX_FORCE_SYNC", 0x6000, 0x2000), \
	FLAG_IN("AT_STATX_DONT_SYNC", 0x6000, 0x4000),  \
	FLAG("AT_RECURSIVE", 0x8000)
/* clang-format on */

/* The AT_* flags alone. */
extern const struct flag_name at_flag_names[];

/* "A|B", bits without a name appended as one hex number, "0" when no bit is set. */
void sb_flags(struct strbuf *sb, const struct flag_name *names, __u64 flags);
/* The name of the entry whose value is v (masks ignored), else the number. */
void sb_enum(struct strbuf *sb, const struct flag_name *names, __u64 v);
/* A syscall's result as strace writes it: the value, or "-ENOENT" for -2. */
void sb_result(struct strbuf *sb, long ret);

/*
 * How a string a call was given was read (enum str_read, common/callevent.h):
 * "entry", "exit" or "unreadable"; NULL for no string.
 */
const char *str_read_name(unsigned int how);
/* The same as a field of a record: the name, or null for no string. */
void rec_str_read(int field, unsigned int how);

/*
 * A syscall's result as two fields of a record (output.h): the value, or
 * -1 for a failure, and the errno's name, "0" for none (bcc's ERR column).
 */
void rec_result(int value_field, int error_field, long ret);

#endif
