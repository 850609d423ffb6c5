/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The file a user-space probe names (probespec.h's BINARY): a path as it
 * is, or a short name found the way a user means it. "libc", "c" or
 * "libc.so.6" is the library of that name that processes here map: the
 * one the traced process maps (-p), else the one this tool or init maps,
 * else the first found in the system's library directories. "bash" is the
 * executable found in PATH. bcc's tools take the same names; libbpf alone
 * finds "libc.so.6" but not "libc".
 */
#ifndef SONDE_BINPATH_H
#define SONDE_BINPATH_H

#include <stddef.h>
#include <sys/types.h>

/*
 * The file `name` names, as an absolute path with symbolic links resolved,
 * into path; pid > 0: the process whose mappings are searched first. 0, or
 * -ENOENT if no such file exists (-ENAMETOOLONG if it does not fit), or
 * -EISDIR for a directory.
 */
int binary_resolve(const char *name, pid_t pid, char *path, size_t len);

#endif
