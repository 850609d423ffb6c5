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

/* What fd_file() needs of a file table: its size and its array (side by side on every kernel to date). */
struct fdtable_head {
	unsigned int max_fds;
	struct file **fd;
};

/*
 * The file table's size and array, in one read where they lie side by side
 * (CO-RE checks it at load time; the verifier drops the way not taken): a
 * helper call costs more than the bytes it copies.
 */
static __always_inline void fdtable_head_read(struct fdtable_head *h, struct fdtable *fdt)
{
	if (bpf_core_field_offset(struct fdtable, fd) ==
	    bpf_core_field_offset(struct fdtable, max_fds) + offsetof(struct fdtable_head, fd)) {
		bpf_probe_read_kernel(h, sizeof(*h), &fdt->max_fds);
		return;
	}
	h->max_fds = BPF_CORE_READ(fdt, max_fds);
	h->fd = BPF_CORE_READ(fdt, fd);
}

/* The current task's open file `fd`; NULL if there is none. */
static __always_inline struct file *fd_file(long fd)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct fdtable_head head = {};
	struct file *file = NULL;

	if (fd < 0 || !fdt)
		return NULL;
	fdtable_head_read(&head, fdt);
	if (fd >= head.max_fds)
		return NULL;
	bpf_probe_read_kernel(&file, sizeof(file), &head.fd[fd]);
	return file;
}

#endif
