/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The current task's open file by descriptor number, read from its file
 * table with CO-RE: a path (paths.bpf.h), a socket (net.bpf.h). Looked up
 * after the kernel installed it: a descriptor that another thread closes or
 * replaces (dup2) in that instant shows the file it then holds, or none.
 */
#ifndef SONDE_FD_BPF_H
#define SONDE_FD_BPF_H

#include "sonde.bpf.h"

/* The current task's open file `fd`; NULL if there is none. */
static __always_inline struct file *fd_file(long fd)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds, *file = NULL;

	if (fd < 0 || !fdt || fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	fds = BPF_CORE_READ(fdt, fd);
	bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]);
	return file;
}

#endif
