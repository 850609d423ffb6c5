/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The record of a file system call (common/file_io.h's struct
 * file_io_event), sent by the tools that report calls one by one
 * (fileslower, fsslower): the caller, the call's time and result, where in
 * the file a read or write began (-1: not kept, or another call), and the
 * file's path built from the kernel's dentries (paths.bpf.h), the record
 * sized to the path. The tool's own calls are dropped here, the last
 * test before the record (file_io.bpf.h).
 */
#ifndef SONDE_FILE_EVENTS_BPF_H
#define SONDE_FILE_EVENTS_BPF_H

#include "sonde.bpf.h"
#include "events.bpf.h"
#include "file_io.bpf.h"
#include "paths.bpf.h"
#include "task.bpf.h"
#include "file_io.h"

/* Build area for the record: too big for the BPF stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct file_io_event);
} file_event_scratch SEC(".maps");

static __always_inline void file_event_send(struct file *file, enum file_io op, long ret,
					    __u64 latency, __u64 now, __s64 offset)
{
	struct file_io_event *e;
	__u32 zero = 0;
	long len;

	if (file_io_by_tool())
		return;
	e = bpf_map_lookup_elem(&file_event_scratch, &zero);
	if (!e)
		return;
	task_head_fill_at(&e->task, now);
	e->latency_ns = latency;
	e->ret = ret;
	e->offset = offset;
	e->op = op;
	e->pad = 0;
	len = file_path(file, e->path);
	if (len <= 0) {
		e->path[0] = '\0';
		len = 1;
	}
	barrier_var(len); /* clang drops the check the verifier needs, knowing file_path()'s */
	if (len <= (long)sizeof(e->path))
		events_output(e, offsetof(struct file_io_event, path) + len);
}

#endif
