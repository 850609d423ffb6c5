/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Where a path shown to the user comes from.
 *
 * A path a syscall was given lives in the caller's memory. Read from there,
 * it is whatever the caller had in its buffer when we read it, and another
 * thread of the caller can rewrite the buffer between the kernel's own copy
 * (getname) and ours: a traced process could make us show a file it never
 * opened. Reading at syscall entry narrows that window but does not close
 * it. Once a file is open, though, the kernel knows its path itself, so for
 * an open file the path is built from the kernel's objects, the way d_path()
 * builds /proc/PID/fd/N's link:
 *
 *	fd -> current->files->fdt->fd[fd]   the struct file
 *	   -> f_path (dentry, vfsmount)
 *	   -> d_parent, up to current->fs->root, crossing each mount point
 *	      through struct mount (mnt_parent, mnt_mountpoint)
 *
 * That path is absolute, symlinks resolved, and relative to the task's own
 * root (a chroot or container root shows as "/"). It cannot be built, and
 * the caller gets 0 to fall back on the caller's string, for a file on a
 * kernel-internal mount (pipes, sockets, anonymous inodes, memfd: their
 * names come from d_op->d_dname and their mounts hang in no tree the task
 * sees), a file outside the task's root or on a detached mount, a path
 * deeper than PATH_MAX_DEPTH components, longer than PATH_BYTES, or a read
 * that fails because the dentries changed under us.
 *
 *	len = file_path(fd_file(fd), buf);	buf: PATH_BYTES + PATH_SPILL_BYTES
 *
 * The walk takes no lock (BPF cannot take rename_lock): a rename racing the
 * walk can show the name a directory had just before or just after it.
 *
 * Every read is a CO-RE read of the kernel's types, so the same code serves
 * tracepoints, fexit and kprobes on every kernel; struct mount is private to
 * the VFS but present in kernel BTF, and is found from the vfsmount embedded
 * in it by its relocated offset.
 */
#ifndef SONDE_PATHS_BPF_H
#define SONDE_PATHS_BPF_H

#include "sonde.bpf.h"
#include "paths.h"

#define PATH_MAX_DEPTH	64 /* components of a path built: a power of two (an index mask) */
#define PATH_MAX_MOUNTS 16 /* mount points crossed on the way up */

/*
 * The names of the walk's dentries, leaf first: too many for the BPF stack.
 * The count lives here too, not in a register: the verifier would follow
 * every value it can take as a path of its own (past its million steps),
 * while a count read back from memory is one unknown, bounded by a mask.
 */
struct path_walk {
	const unsigned char *names[PATH_MAX_DEPTH];
	__u32 depth;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct path_walk);
} path_walks SEC(".maps");

/*
 * The task's side is read through its BTF pointer, as plain loads; from the
 * file on, pointers are plain numbers to the verifier, read by helper. A
 * helper call costs more than the bytes it copies, so the fields the walk
 * needs of a dentry, and of a mount, are read in one call each where the
 * kernel keeps them side by side (every kernel to date: CO-RE checks it at
 * load time, and the verifier drops the way not taken).
 */

/* The current task's open file `fd`; NULL if there is none. */
static __always_inline struct file *fd_file(long fd)
{
	struct fdtable *fdt = bpf_get_current_task_btf()->files->fdt;
	struct file *file = NULL;

	if (fd < 0 || fd >= fdt->max_fds)
		return NULL;
	bpf_probe_read_kernel(&file, sizeof(file), &fdt->fd[fd]);
	return file;
}

/* What the walk needs of a dentry: its parent and its name. */
struct dentry_up {
	struct dentry *parent; /* d_parent */
	__u64 hash_len;	       /* d_name: hash and length */
	const unsigned char *name;
};

static __always_inline void dentry_up_read(struct dentry_up *u, struct dentry *d)
{
	if (bpf_core_field_offset(struct dentry, d_name.name) ==
	    bpf_core_field_offset(struct dentry, d_parent) + offsetof(struct dentry_up, name)) {
		bpf_probe_read_kernel(u, sizeof(*u), &d->d_parent);
		return;
	}
	u->parent = BPF_CORE_READ(d, d_parent);
	u->name = BPF_CORE_READ(d, d_name.name);
}

/* What the walk needs of a mount: where it is mounted, and its own root. */
struct mount_up {
	struct mount *parent;	   /* mnt_parent */
	struct dentry *mountpoint; /* mnt_mountpoint */
	struct dentry *root;	   /* mnt.mnt_root */
};

static __always_inline void mount_up_read(struct mount_up *u, struct mount *m)
{
	__u32 base = bpf_core_field_offset(struct mount, mnt_parent);

	if (bpf_core_field_offset(struct mount, mnt_mountpoint) ==
		    base + offsetof(struct mount_up, mountpoint) &&
	    bpf_core_field_offset(struct mount, mnt.mnt_root) ==
		    base + offsetof(struct mount_up, root)) {
		bpf_probe_read_kernel(u, sizeof(*u), &m->mnt_parent);
		return;
	}
	u->parent = BPF_CORE_READ(m, mnt_parent);
	u->mountpoint = BPF_CORE_READ(m, mnt_mountpoint);
	u->root = BPF_CORE_READ(m, mnt.mnt_root);
}

/* The struct mount a vfsmount is embedded in (container_of, at the kernel's offset). */
static __always_inline struct mount *real_mount(struct vfsmount *mnt)
{
	return (struct mount *)((void *)mnt - bpf_core_field_offset(struct mount, mnt));
}

/*
 * Record the names from `path` up to the task's root in w, leaf first;
 * false where no path can be built (see above).
 */
static __always_inline bool path_walk_up(struct path_walk *w, struct path *path)
{
	struct fs_struct *fs = bpf_get_current_task_btf()->fs;
	struct dentry *dentry = path->dentry, *root = fs->root.dentry;
	struct vfsmount *vfsmnt = path->mnt, *root_mnt = fs->root.mnt;
	struct mount *mnt = real_mount(vfsmnt);
	struct dentry_up d;
	struct mount_up m;
	int i;

	if (!root || !root_mnt)
		return false;
	mount_up_read(&m, mnt);
	w->depth = 0;
	for (i = 0; i < PATH_MAX_DEPTH + PATH_MAX_MOUNTS; i++) {
		if (dentry == root && vfsmnt == root_mnt)
			return true;
		if (dentry == m.root) {
			if (m.parent == mnt || !m.parent)
				return false; /* the top of a mount tree that does not hold the root */
			dentry = m.mountpoint;
			mnt = m.parent;
			vfsmnt = &mnt->mnt;
			mount_up_read(&m, mnt);
			continue;
		}
		dentry_up_read(&d, dentry);
		if (d.parent == dentry || !d.parent || w->depth >= PATH_MAX_DEPTH)
			return false; /* a disconnected dentry, or too deep */
		w->names[w->depth & (PATH_MAX_DEPTH - 1)] = d.name;
		w->depth++;
		dentry = d.parent;
	}
	return false;
}

/*
 * Write "/name/name..." root first into buf from the walk's names: the
 * bytes used with the NUL, or 0 if a name cannot be read or the path is
 * longer than PATH_BYTES. Each name is read whole into the spill room first.
 */
static __always_inline long path_write(char *buf, const struct path_walk *w)
{
	__u32 off = 0, last = w->depth - 1;
	long n;
	int k;

	if (w->depth == 0) {
		buf[0] = '/';
		buf[1] = '\0';
		return 2;
	}
	for (k = 0; k < PATH_MAX_DEPTH && k <= last; k++) {
		if (off > PATH_BYTES - 2)
			return 0;
		buf[off] = '/';
		n = bpf_probe_read_kernel_str(buf + off + 1, PATH_SPILL_BYTES,
					      w->names[(last - k) & (PATH_MAX_DEPTH - 1)]);
		if (n <= 1)
			return 0;
		off += n; /* at the name's NUL: the next '/' goes there */
	}
	return off < PATH_BYTES ? off + 1 : 0;
}

/* The path of an open file relative to the current task's root into buf; 0 if none. */
static __always_inline long file_path(struct file *file, char *buf)
{
	struct path path = {};
	struct path_walk *w;
	__u32 zero = 0;

	if (!file)
		return 0;
	BPF_CORE_READ_INTO(&path, file, f_path);
	w = bpf_map_lookup_elem(&path_walks, &zero);
	if (!w || !path.dentry || !path.mnt || !path_walk_up(w, &path))
		return 0;
	return path_write(buf, w);
}

#endif
