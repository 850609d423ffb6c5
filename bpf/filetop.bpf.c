// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * filetop: reads and writes per process and file, summed in the kernel
 * for each interval. file_io.bpf.h follows the read and write system
 * calls; at each one's exit the file its descriptor holds is found and
 * the call and its bytes added to the row of the process and the file.
 *
 * A file's path is built from the kernel's dentries (paths.bpf.h) the
 * first time the file is seen in an interval, into a map user space reads
 * for the rows it prints and empties after each report: building it is
 * the costly part, and a busy file is read many times an interval.
 */
#include "sonde.bpf.h"
#include "file_io.bpf.h"
#include "paths.bpf.h"
#include "summary.bpf.h"
#include "filetop.h"

#define S_IFMT	 0170000 /* UAPI <linux/stat.h> */
#define S_IFREG	 0100000
#define S_IFSOCK 0140000

/* -a: sockets, pipes and devices too, not regular files alone */
const volatile bool all_files = false;

SUMMARY_MAP(tops, BPF_MAP_TYPE_HASH, 0, 10240, struct filetop_key, struct filetop_value);

/* Paths of the files seen this interval: allocated as files show up. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 10240);
	__type(key, struct file_id);
	__type(value, struct file_path);
} paths SEC(".maps");

/* Where a path is built: too big for the BPF stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct file_path);
} path_scratch SEC(".maps");

static __always_inline enum file_type type_of(__u32 mode)
{
	if ((mode & S_IFMT) == S_IFREG)
		return FILE_REGULAR;
	return (mode & S_IFMT) == S_IFSOCK ? FILE_SOCKET : FILE_OTHER;
}

static __always_inline void note_path(struct file *file, const struct file_id *id)
{
	struct file_path *p;
	__u32 zero = 0;

	if (bpf_map_lookup_elem(&paths, id))
		return;
	p = bpf_map_lookup_elem(&path_scratch, &zero);
	if (!p)
		return;
	if (file_path(file, p->path) <= 0)
		p->path[0] = '\0';
	bpf_map_update_elem(&paths, id, p, BPF_NOEXIST);
}

static __always_inline void file_io_done(void *ctx, long fd, enum file_io op, long ret,
					 __u64 latency, __u64 now, __s64 pos)
{
	static const struct filetop_value zero;
	struct file *file;
	struct inode *inode;
	struct filetop_key key = {};
	struct filetop_value *v;

	if (ret < 0 || !(file = fd_file(fd)))
		return;
	inode = BPF_CORE_READ(file, f_inode);
	key.type = type_of(BPF_CORE_READ(inode, i_mode));
	if (key.type != FILE_REGULAR && !all_files)
		return;
	key.file.ino = BPF_CORE_READ(inode, i_ino);
	key.file.dev = BPF_CORE_READ(inode, i_sb, s_dev);
	key.pid = current_tgid();
	if (key.pid == file_io_self)
		return; /* file_io_by_tool(), with the ID the key needs anyway */
	bpf_get_current_comm(key.comm, sizeof(key.comm));
	v = summary_entry(tops, &key, &zero);
	if (!v)
		return;
	if (op == FILE_WRITE) {
		__sync_fetch_and_add(&v->writes, 1);
		__sync_fetch_and_add(&v->write_bytes, ret);
	} else {
		__sync_fetch_and_add(&v->reads, 1);
		__sync_fetch_and_add(&v->read_bytes, ret);
	}
	note_path(file, &key.file);
}
