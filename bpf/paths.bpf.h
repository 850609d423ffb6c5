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
 *	len = file_path(fd_file(fd), buf);	(buf: PATH_BYTES)
 *
 * The walk takes no lock (BPF cannot take rename_lock): a rename racing the
 * walk can show the name a directory had just before or just after it. And
 * a descriptor is looked up by number after the kernel installed it: one
 * that another thread closes or replaces (dup2) in that instant shows the
 * file it then holds, or none.
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
#include "fd.bpf.h"

#define PATH_MAX_DEPTH	64 /* components of a path built: a power of two (an index mask) */
#define PATH_MAX_MOUNTS 16 /* mount points crossed on the way up */

/*
 * Every pointer is read by helper, not through a BTF pointer: the verifier
 * of Linux 6.18 searches the kernel's BTF by name for each load of a
 * pointer through one (btf_nested_type_is_trusted), which cost some 10 ms of
 * start-up across opensnoop's programs. A helper call costs more than the
 * bytes it copies, though, so the fields the walk needs of a dentry, and of
 * a mount, are read in one call each where the kernel keeps them side by
 * side (every kernel to date: CO-RE checks it at load time, and the
 * verifier drops the way not taken).
 */

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
 * The walk: its state between steps, the names it found and the path it
 * writes from them, too big for the BPF stack. Each step is a global
 * function, which the verifier checks once on its own, where a loop body
 * inlined is checked again for every turn the loop may take (some 9 ms a
 * program, at start-up): so a step finds the walk here, not in registers.
 */
struct path_walk {
	struct dentry *dentry; /* where the walk is */
	struct vfsmount *vfsmnt;
	struct mount *mnt; /* the mount vfsmnt is part of */
	struct mount_up m;
	struct dentry *root; /* the task's root */
	struct vfsmount *root_mnt;
	__u32 depth;				    /* names found, not yet written */
	__u32 off;				    /* bytes of path written */
	const unsigned char *names[PATH_MAX_DEPTH]; /* leaf first */
	char path[PATH_BYTES + PATH_SPILL_BYTES];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct path_walk);
} path_walks SEC(".maps");

enum path_step { PATH_STEP_ON, PATH_STEP_DONE, PATH_STEP_FAILED };

static __always_inline struct path_walk *path_walk_get(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&path_walks, &zero);
}

/*
 * One step up: a name recorded, or a mount point crossed. PATH_STEP_DONE at
 * the task's root; PATH_STEP_FAILED where no path can be built (see above).
 */
__noinline long path_walk_step(void)
{
	struct path_walk *w = path_walk_get();
	struct dentry_up d;

	if (!w)
		return PATH_STEP_FAILED;
	if (w->dentry == w->root && w->vfsmnt == w->root_mnt)
		return PATH_STEP_DONE;
	if (w->dentry == w->m.root) {
		if (w->m.parent == w->mnt || !w->m.parent)
			return PATH_STEP_FAILED; /* the top of a tree that does not hold the root */
		w->dentry = w->m.mountpoint;
		w->mnt = w->m.parent;
		w->vfsmnt = &w->mnt->mnt;
		mount_up_read(&w->m, w->mnt);
		return PATH_STEP_ON;
	}
	if (w->depth >= PATH_MAX_DEPTH)
		return PATH_STEP_FAILED;
	dentry_up_read(&d, w->dentry);
	if (d.parent == w->dentry || !d.parent)
		return PATH_STEP_FAILED; /* a disconnected dentry */
	w->names[w->depth & (PATH_MAX_DEPTH - 1)] = d.name;
	w->depth++;
	w->dentry = d.parent;
	return PATH_STEP_ON;
}

/*
 * One name written after a '/', root first: PATH_STEP_DONE after the last,
 * PATH_STEP_FAILED if it cannot be read or the path would pass PATH_BYTES.
 * Each name is read whole into the spill room before its length is checked.
 */
__noinline long path_write_step(void)
{
	struct path_walk *w = path_walk_get();
	__u32 off;
	long n;

	if (!w || !w->depth)
		return PATH_STEP_FAILED;
	off = w->off;
	if (off > PATH_BYTES - 2)
		return PATH_STEP_FAILED;
	w->path[off] = '/';
	n = bpf_probe_read_kernel_str(w->path + off + 1, PATH_SPILL_BYTES,
				      w->names[(w->depth - 1) & (PATH_MAX_DEPTH - 1)]);
	if (n <= 1)
		return PATH_STEP_FAILED;
	w->off = off + n; /* at the name's NUL: the next '/' goes there */
	w->depth--;
	return w->depth ? PATH_STEP_ON : PATH_STEP_DONE;
}

/*
 * Walk from dentry on mnt up to the task's root: whether it got there. A
 * leaf (a name in kernel memory, NULL for none) is the path's last name,
 * below dentry.
 */
static __always_inline bool path_walk_from(struct path_walk *w, struct dentry *dentry,
					   struct vfsmount *mnt, const unsigned char *leaf)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct path root = {};
	long i, step = PATH_STEP_FAILED;

	BPF_CORE_READ_INTO(&root, task, fs, root);
	if (!dentry || !mnt || !root.dentry || !root.mnt)
		return false;
	w->root = root.dentry;
	w->root_mnt = root.mnt;
	w->dentry = dentry;
	w->vfsmnt = mnt;
	w->mnt = real_mount(mnt);
	mount_up_read(&w->m, w->mnt);
	w->depth = 0;
	if (leaf) {
		w->names[0] = leaf;
		w->depth = 1;
	}
	/* two steps a turn: the verifier checks the loop once per turn */
#pragma clang loop unroll_count(2)
	for (i = 0; i < PATH_MAX_DEPTH + PATH_MAX_MOUNTS; i++) {
		step = path_walk_step();
		if (step != PATH_STEP_ON)
			break;
	}
	return step == PATH_STEP_DONE;
}

/* Walk from the file's path up to the task's root: whether it got there. */
static __always_inline bool path_walk_up(struct path_walk *w, struct file *file)
{
	struct path path = {};

	BPF_CORE_READ_INTO(&path, file, f_path);
	return path_walk_from(w, path.dentry, path.mnt, NULL);
}

/* Write the walk's names root first into w->path: whether they all fit. */
static __always_inline bool path_write(struct path_walk *w)
{
	long k, step = PATH_STEP_DONE;

	w->off = 0;
	if (!w->depth) {
		w->path[0] = '/'; /* the file is the task's root itself */
		w->off = 1;
	} else {
		/* a step returns PATH_STEP_ON only with names left to write */
#pragma clang loop unroll_count(2)
		for (k = 0; k < PATH_MAX_DEPTH; k++) {
			step = path_write_step();
			if (step != PATH_STEP_ON)
				break;
		}
	}
	if (step != PATH_STEP_DONE || w->off >= PATH_BYTES)
		return false;
	w->path[w->off & (PATH_BYTES - 1)] = '\0';
	return true;
}

/* The walk's path into buf (PATH_BYTES): its bytes with the NUL, or 0. */
static __always_inline long path_copy(struct path_walk *w, char *buf)
{
	__u32 len;

	if (!path_write(w))
		return 0;
	len = w->off + 1;
	if (len > PATH_BYTES)
		return 0;
	bpf_probe_read_kernel(buf, len, w->path);
	return len;
}

/*
 * The path of an open file relative to the current task's root into buf
 * (PATH_BYTES): its bytes with the NUL, or 0 if it cannot be built.
 */
static __always_inline long file_path(struct file *file, char *buf)
{
	struct path_walk *w = path_walk_get();

	if (!w || !file || !path_walk_up(w, file))
		return 0;
	return path_copy(w, buf);
}

/*
 * The path of the name `leaf` (kernel memory: a dentry's name, or a copy
 * of one in a map) in directory `dir` on mount `mnt`, as file_path() gives
 * it: for a file that is no longer open, or no longer there (filelife's
 * deleted one, whose own dentry the kernel may already have freed), from
 * a directory the caller knows is still held.
 */
static __always_inline long dentry_path(struct dentry *dir, struct vfsmount *mnt,
					const unsigned char *leaf, char *buf)
{
	struct path_walk *w = path_walk_get();

	if (!w || !path_walk_from(w, dir, mnt, leaf))
		return 0;
	return path_copy(w, buf);
}

#endif
