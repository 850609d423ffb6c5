/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Where a path in a record came from, as bpf/paths.bpf.h decides it and a
 * tool prints it (the JSON key "path_source"): the opened file's own path,
 * built from the kernel's dentries, or the string the caller passed, which
 * another thread of the caller can rewrite before it is read.
 *
 * Shared with BPF code, so it includes nothing.
 */
#ifndef SONDE_PATHS_H
#define SONDE_PATHS_H

enum path_source {
	PATH_FROM_CALLER, /* the caller's string: a failed call, or no path could be built */
	PATH_FROM_FILE,	  /* the file's path as the kernel knows it */
};

#define PATH_BYTES 4096 /* PATH_MAX with its NUL: the longest path a record holds */
/*
 * A path is built a name at a time, each read whole before its length is
 * checked: the buffer it is built in has this much room after PATH_BYTES
 * (NAME_MAX and the NUL).
 */
#define PATH_SPILL_BYTES 256

#endif
