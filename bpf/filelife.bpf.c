// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * filelife: files created and then deleted, with their age and path.
 *
 * A file is remembered at its creation under its last name (the map
 * `births`: a name to up to BIRTH_SLOTS files of that name, in as many
 * directories, each with its dentry, inode, mount and birth time), and
 * reported when a deletion of that name takes its dentry away.
 *
 * Where the kernel lets BPF into its functions (fentry, else kprobes), as
 * bcc: a creation is vfs_open() of a file the open created (FMODE_CREATED:
 * open(O_CREAT) does not call vfs_create()), and a deletion is
 * vfs_unlink() returning 0 for the very dentry remembered: what any caller
 * asks (io_uring, nfsd, the system calls).
 *
 * Where it does not (this project's build machine), the system calls:
 *  - a creation is an open, openat, openat2 or creat whose returned file
 *    the kernel marked FMODE_CREATED, its dentry and mount read from the
 *    descriptor at the call's exit;
 *  - a deletion is an unlink or unlinkat (not AT_REMOVEDIR). Only the
 *    caller's pathname is known there, so at entry its last name is looked
 *    up, and every file remembered under it whose dentry is still live (it
 *    holds the inode recorded, and is hashed) becomes a candidate; at exit,
 *    if the call returned 0, each candidate whose dentry has since lost
 *    its inode (turned negative) or been unhashed (d_delete() of a dentry
 *    still in use) was the one deleted. The name is read from the caller's
 *    memory twice (entry, exit); another thread that rewrites it between
 *    makes the deletion missed, never a file shown that was not deleted.
 *
 * The path is built at the deletion from the file's directory (read from
 * its dentry while it was still there) and its name, as paths.bpf.h builds
 * an open file's: not from the deleted dentry, which a file system such as
 * tmpfs frees as its last reference goes.
 *
 * Renames are followed at their system calls with either way (below): a
 * file moved is remembered under its new name, one replaced is a deletion.
 *
 * What neither way sees: a rename that makes no system call of its own
 * (io_uring, nfsd), a file created by mknod() or before the tool started;
 * a file created under a name BIRTH_SLOTS other live files share pushes
 * out the oldest of them; and the map forgets the names least recently
 * created when BIRTH_NAMES are remembered. A name's deletion is a file's death even when other
 * hard links keep its inode.
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "filter.bpf.h"
#include "inflight.bpf.h"
#include "paths.bpf.h"
#include "regs.bpf.h"
#include "syscalls.bpf.h"
#include "task.bpf.h"
#include "filelife.h"

/* include/linux/fs.h: set on a file that an open created (Linux 4.19+; bit 20 since) */
#define FMODE_CREATED 0x100000
/* include/uapi/linux/fcntl.h: unlinkat() removing a directory, an rmdir */
#define AT_REMOVEDIR 0x200

#define BIRTH_SLOTS  4 /* live files of one name remembered: a power of two */
/*
 * Names remembered, the least recently created forgotten: at least as many
 * files as bcc and libbpf-tools remember (8192), up to BIRTH_SLOTS times
 * that. An LRU map is built whole at start: 16384 names took twice as long
 * (about 5 ms more of filelife's start here) for files older than any
 * short life.
 */
#define BIRTH_NAMES 8192

struct birth {
	__u64 ts; /* bpf_ktime_get_ns() at creation */
	struct dentry *dentry;
	struct inode *inode;
	struct vfsmount *mnt;
	struct dentry *parent; /* its directory, read as its deletion began */
	__u32 pid;	       /* the creating process */
	__u32 pad;
};

struct births {
	struct birth b[BIRTH_SLOTS]; /* dentry NULL: a free slot */
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, BIRTH_NAMES);
	__type(key, __u64); /* name_key() */
	__type(value, struct births);
} births SEC(".maps");

/*
 * What the programs' steps hand each other, too big for the stack: a name,
 * its key, a caller's path, a birth, the record. The steps are global
 * functions, which take no pointers before Linux 5.12: they find their
 * arguments here. And what they keep here the verifier does not follow: a
 * slot mask or a slot number kept in a register would be a state of its
 * own for each of its values through all that follows.
 */
struct scratch {
	__u64 key;			    /* name_key() of name */
	__u32 mask;			    /* candidates(): slot bits */
	__u32 oldest;			    /* remember(): the slot of the oldest file so far */
	char name[FILELIFE_NAME_BYTES + 8]; /* the last name looked up, name_key()'s zeros after */
	struct birth born;		    /* remember(): the file to remember under key */
	struct birth dying;		    /* died(): the file deleted, name its name */
	struct births fresh;
	char upath[PATH_BYTES + FILELIFE_NAME_BYTES];
	struct filelife_event e;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} scratch SEC(".maps");

static __always_inline struct scratch *scratch_get(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&scratch, &zero);
}

/* d_unhashed(): out of the dcache's hash, as d_delete() leaves a dentry still in use. */
static __always_inline bool unhashed(struct dentry *d)
{
	return !BPF_CORE_READ(d, d_hash.pprev);
}

/* The file remembered is still there under its name. */
static __always_inline bool alive(const struct birth *b)
{
	struct dentry *d = b->dentry; /* a map's, read plainly: not in a CO-RE read */

	return BPF_CORE_READ(d, d_inode) == b->inode && !unhashed(d);
}

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the name scans below read a name's first byte as a word's lowest"
#endif

#define BYTES_01 0x0101010101010101ULL
#define BYTES_7F 0x7f7f7f7f7f7f7f7fULL

/*
 * The key of the scratch's name (len bytes, 1 to 255) into its key: the
 * name's bytes a word at a time, each mixed in by a multiply (the 64-bit
 * FNV prime, the high half folded down), its length last. Not a 256-byte
 * key of the name itself, which the map would hash and copy whole at every
 * lookup; not a byte at a time, which the verifier walks turn by turn, 255
 * of them in every program. Two names that share a key only share the
 * files checked for a deletion of either. The name's last word is filled
 * out with zeros first (name has room for them), so that no turn needs a
 * branch to leave out bytes past it: the verifier would walk both ways.
 */
static __always_inline void name_key(struct scratch *s, long len)
{
	const __u64 *w = (const __u64 *)s->name;
	__u64 h = 0xcbf29ce484222325ULL;
	int i;

	for (i = 0; i < 8; i++)
		s->name[len + i] = '\0';
	for (i = 0; i < FILELIFE_NAME_BYTES / 8 && i * 8 < len; i++) {
		h = (h ^ w[i]) * 0x100000001b3ULL;
		h ^= h >> 32;
	}
	s->key = h ^ len;
}

/*
 * A dentry's name into the scratch's name and its key into its key: 0 if
 * it has none. A global function, checked once (a rename's return looks
 * up the names of four files).
 */
__noinline int dentry_name_key(__u64 dentry)
{
	struct dentry *d = (struct dentry *)dentry;
	struct scratch *s = scratch_get();
	const unsigned char *name;
	long n;

	if (!s)
		return 0;
	name = BPF_CORE_READ(d, d_name.name);
	n = bpf_probe_read_kernel_str(s->name, FILELIFE_NAME_BYTES, name);
	if (n <= 1)
		return 0;
	name_key(s, n - 1);
	return 1;
}

/*
 * Where the last name of the caller's path in the scratch's upath begins:
 * after its last '/' at or before byte `end`, looked for a word at a time
 * back through as many bytes as a name may have (0: none there). A global
 * function: the verifier knows nothing of what it returns, so what follows
 * is checked once, not once for each word the search may stop at.
 */
__noinline int name_start(__u32 end)
{
	struct scratch *s = scratch_get();
	const __u64 *w;
	__u64 x, hit = 0, keep;
	long i, k = end >> 3; /* long: an int turn counter is widened at every turn */

	if (!s || end >= PATH_BYTES)
		return 0;
	w = (const __u64 *)s->upath;
	keep = ~0ULL >> (56 - (end & 7) * 8); /* the first word's bytes up to end */
	for (i = 0; i <= FILELIFE_NAME_BYTES / 8 && k >= 0; i++, k--) {
		x = w[k & (PATH_BYTES / 8 - 1)] ^ (BYTES_01 * '/');	    /* a '/' is a 0 byte */
		hit = ~(((x & BYTES_7F) + BYTES_7F) | x | BYTES_7F) & keep; /* 0x80 at each */
		if (hit)
			break;
		keep = ~0ULL;
	}
	if (!hit)
		return 0;
	/* the bytes up to the last '/', each marked, counted */
	hit |= hit >> 8;
	hit |= hit >> 16;
	hit |= hit >> 32;
	return k * 8 + ((((hit >> 7) & BYTES_01) * BYTES_01) >> 56);
}

/*
 * The last name of a caller's path into the scratch's name, and its key
 * into its key: 0 if there is none. A global function, which the verifier
 * checks once for a program on its own (a rename looks two paths up).
 */
__noinline int user_name_key(__u64 upath)
{
	struct scratch *s = scratch_get();
	long n, start, len;

	if (!s)
		return 0;
	n = bpf_probe_read_user_str(s->upath, PATH_BYTES, (const char *)upath);
	if (n <= 1)
		return 0;
	start = name_start(n - 2); /* n counts the NUL */
	len = n - 1 - start;
	if (start < 0 || len <= 0 || len >= FILELIFE_NAME_BYTES)
		return 0; /* "dir/", or a name too long to be one */
	bpf_probe_read_kernel(s->name, len & (FILELIFE_NAME_BYTES - 1),
			      s->upath + (start & (PATH_BYTES - 1)));
	name_key(s, len);
	return 1;
}

/* ---- creation ---- */

/*
 * The file in the scratch's born remembered under its key. A global
 * function: an open's exit and a rename's return (for each file moved)
 * share one check of it.
 */
__noinline int remember(void)
{
	struct scratch *s = scratch_get();
	struct births *v;
	int i;

	if (!s)
		return 0;
	v = bpf_map_lookup_elem(&births, &s->key);
	if (!v) {
		__builtin_memset(&s->fresh, 0, sizeof(s->fresh));
		s->fresh.b[0] = s->born;
		if (bpf_map_update_elem(&births, &s->key, &s->fresh, BPF_ANY))
			count_lost(); /* no memory for it: its deletion will not be seen */
		return 0;
	}
	/* its own slot (a dentry used again), a free one, a dead one's, else the oldest */
	s->oldest = 0;
	for (i = 0; i < BIRTH_SLOTS; i++) {
		struct birth *o = &v->b[i];

		if (o->dentry == s->born.dentry || !o->dentry || !alive(o)) {
			*o = s->born;
			return 0;
		}
		if (o->ts < v->b[s->oldest & (BIRTH_SLOTS - 1)].ts)
			s->oldest = i;
	}
	v->b[s->oldest & (BIRTH_SLOTS - 1)] = s->born;
	return 0;
}

/* A file created at dentry d on mnt: remembered under its name. */
static __always_inline void born(struct dentry *d, struct vfsmount *mnt)
{
	struct inode *inode;
	struct scratch *s;

	if (!d || !mnt || !filter_task())
		return;
	inode = BPF_CORE_READ(d, d_inode);
	if (!inode || unhashed(d))
		return; /* O_TMPFILE: a file with no name yet */
	s = scratch_get();
	if (!s || !dentry_name_key((__u64)d))
		return;
	s->born = (struct birth){
		.ts = bpf_ktime_get_ns(),
		.dentry = d,
		.inode = inode,
		.mnt = mnt,
		.pid = current_tgid(),
	};
	remember();
}

static __always_inline void opened(struct file *file)
{
	struct path path = {};

	if (!file || !(BPF_CORE_READ(file, f_mode) & FMODE_CREATED))
		return;
	BPF_CORE_READ_INTO(&path, file, f_path);
	born(path.dentry, path.mnt);
}

/* vfs_open(path, file): the mark comes before it; file->f_path is set inside. */
static __always_inline void vfs_opened(const struct path *path, struct file *file)
{
	if (file && (BPF_CORE_READ(file, f_mode) & FMODE_CREATED))
		born(BPF_CORE_READ(path, dentry), BPF_CORE_READ(path, mnt));
}

SEC("fentry/vfs_open")
int BPF_PROG(open_fentry, const struct path *path, struct file *file)
{
	vfs_opened(path, file);
	return TRACE_DONE;
}

SEC("kprobe/vfs_open")
int open_kprobe(struct pt_regs *ctx)
{
	vfs_opened((const struct path *)KPROBE_ARG1(ctx), (struct file *)KPROBE_ARG2(ctx));
	return TRACE_DONE;
}

/*
 * At an open call's exit: the file it returned, if it created it. Most
 * opens create nothing: where the kernel has bpf_task_pt_regs() (5.15),
 * the flags the caller passed are read from its saved registers first,
 * and an open without O_CREAT ends there, before the descriptor table is
 * read; openat2's flags are in the caller's memory, and creat() always
 * creates, so those two are checked by the file alone, as every open is
 * before 5.15.
 */
static __always_inline void open_returned(long ret)
{
	if (ret >= 0 && filter_task())
		opened(fd_file(ret));
}

/* Before 5.15: every open call's exit, one program at each (a program is in one way alone). */
SEC("tracepoint/syscalls/sys_exit_openat")
int opened_all(struct syscall_exit_record *ctx)
{
	open_returned(ctx->ret);
	return TRACE_DONE;
}

/* include/uapi/asm-generic/fcntl.h (x86, arm64, riscv) */
#define O_CREAT 0100

/*
 * From 5.15: one program at every open call's exit (a load, not two: some
 * 1 ms at start), told apart by the record's number: open()'s flags are
 * one argument before openat()'s, and openat2() and creat() go by the file.
 */
SEC("tracepoint/syscalls/sys_exit_openat")
int opened_openat(struct syscall_exit_record *ctx)
{
	const struct pt_regs *regs = syscall_exit_regs();
	unsigned long arg2, arg3;
	long nr = ctx->nr;

	if (!regs)
		return TRACE_DONE;
	/* both read, then one chosen: the verifier takes loads at fixed offsets alone */
	arg2 = SYSCALL_ARG2(regs);
	arg3 = SYSCALL_ARG3(regs);
	barrier_var(arg2);
	barrier_var(arg3);
	if (nr == SYSCALL_NR_OPENAT2 || nr == SYSCALL_NR_CREAT ||
	    ((nr == SYSCALL_NR_OPEN ? arg2 : arg3) & O_CREAT))
		open_returned(ctx->ret);
	return TRACE_DONE;
}

/* ---- deletion ---- */

/*
 * The record of the deletion of the file in the scratch's dying, its name
 * in the scratch's name. A global function: the path walk in it is checked
 * once, not once for each slot a deletion may take.
 */
__noinline int died(void)
{
	struct scratch *s = scratch_get();
	struct filelife_event *e;
	struct birth *b;
	__u64 now = bpf_ktime_get_ns();
	long len;

	if (!s)
		return 0;
	e = &s->e;
	b = &s->dying;
	task_head_fill_at(&e->task, now);
	e->age_ns = now - b->ts;
	e->creator_pid = b->pid;
	len = dentry_path(b->parent, b->mnt, (const unsigned char *)s->name, e->path);
	e->path_full = len > 0;
	if (len <= 0)
		len = bpf_probe_read_kernel_str(e->path, FILELIFE_NAME_BYTES, s->name);
	if (len <= 0) {
		e->path[0] = '\0';
		len = 1;
	}
	barrier_var(len); /* clang drops the check the verifier needs */
	if (len <= (long)sizeof(e->path))
		events_output(e, offsetof(struct filelife_event, path) + len);
	return 0;
}

/*
 * The files of the scratch's key in the slots of `mask` that a deletion
 * took: the one of dentry `which`, or (0) each no longer alive. Reported
 * and forgotten; the name too, once it has no file left.
 */
__noinline int deaths(__u32 mask, __u64 which)
{
	struct scratch *s = scratch_get();
	struct births *v;
	int i;

	if (!s)
		return 0;
	v = bpf_map_lookup_elem(&births, &s->key);
	if (!v)
		return 0;
	for (i = 0; i < BIRTH_SLOTS; i++) {
		struct birth *b = &v->b[i];

		if (!b->dentry || !(mask & (1U << i)))
			continue;
		if (which ? b->dentry != (struct dentry *)which : alive(b))
			continue;
		if (which)
			b->parent = BPF_CORE_READ((struct dentry *)which, d_parent);
		s->dying = *b;
		died();
		b->dentry = NULL;
	}
	for (i = 0; i < BIRTH_SLOTS; i++)
		if (v->b[i].dentry)
			return 0;
	bpf_map_delete_elem(&births, &s->key);
	return 0;
}

/* vfs_unlink() of dentry d returned 0: d is still held, its name and parent intact. */
static __always_inline void vfs_unlinked(struct dentry *d)
{
	if (d && filter_task() && dentry_name_key((__u64)d))
		deaths((1U << BIRTH_SLOTS) - 1, (__u64)d);
}

/* Older than vfsmount's idmap: the user namespace an idmapped mount had (5.12 to 6.2). */
struct vfsmount___userns {
	struct user_namespace *mnt_userns;
} __attribute__((preserve_access_index));

/*
 * vfs_unlink([idmap,] dir, dentry, delegated): the idmap (a user namespace
 * from 5.12, struct mnt_idmap from 6.3) came with idmapped mounts.
 */
static __always_inline bool unlink_has_idmap(void)
{
	return bpf_core_field_exists(struct vfsmount, mnt_idmap) ||
	       bpf_core_field_exists(struct vfsmount___userns, mnt_userns);
}

/* d is on a file system stacked on others (overlayfs, ecryptfs). */
static __always_inline bool on_stacked_fs(struct dentry *d)
{
	return d && BPF_CORE_READ(d, d_sb, s_stack_depth) > 0;
}

SEC("kprobe/vfs_unlink")
int unlink_kprobe(struct pt_regs *ctx)
{
	/*
	 * Both registers read, then one chosen: clang otherwise computes one
	 * address for either, and the verifier refuses a load through a moved
	 * context pointer ("dereference of modified ctx ptr", 5.10 and 6.1).
	 */
	unsigned long arg2 = KPROBE_ARG2(ctx), arg3 = KPROBE_ARG3(ctx);
	struct inflight *in;

	barrier_var(arg2);
	barrier_var(arg3);
	if (!filter_task())
		return TRACE_DONE;
	/*
	 * A stacked file system unlinks again below (overlayfs's ovl_unlink()
	 * calls vfs_unlink() on its upper layer's dentry): the outer call's
	 * dentry is the one remembered, so a call inside one on a stacked
	 * file system is not tracked. Any other pending call is stale (its
	 * return was missed) and the new one replaces it.
	 */
	in = inflight_current();
	if (in && on_stacked_fs((struct dentry *)in->args[0]))
		return TRACE_DONE;
	in = inflight_begin();
	if (in)
		in->args[0] = unlink_has_idmap() ? arg3 : arg2;
	return TRACE_DONE;
}

/*
 * The first return ends the call: 5.10 runs the kretprobe once for an
 * outer and an inner call together (2 entries, 1 return per unlink on
 * overlayfs), later kernels once each, the inner first.
 */
SEC("kretprobe/vfs_unlink")
int unlink_kretprobe(struct pt_regs *ctx)
{
	struct inflight *in;

	if (!filter_task())
		return TRACE_DONE;
	in = inflight_end();
	if (in && (int)KPROBE_RET(ctx) == 0)
		vfs_unlinked((struct dentry *)in->args[0]);
	return TRACE_DONE;
}

/*
 * The live files remembered under the scratch's key, as slot bits; each
 * one's directory read now, while its entry is there. A global function
 * (a rename looks up two names' candidates), whose bits are built in the
 * scratch: in a register each set of them would be checked on its own.
 */
__noinline int candidates(void)
{
	struct scratch *s = scratch_get();
	struct births *v;
	int i;

	if (!s)
		return 0;
	v = bpf_map_lookup_elem(&births, &s->key);
	if (!v)
		return 0;
	s->mask = 0;
	for (i = 0; i < BIRTH_SLOTS; i++) {
		struct birth *b = &v->b[i];
		struct dentry *d = b->dentry;

		if (d && alive(b)) {
			b->parent = BPF_CORE_READ(d, d_parent);
			s->mask |= 1U << i;
		}
	}
	return s->mask;
}

/* A deletion of the caller's path begins: the live files of its name are its candidates. */
static __always_inline void unlink_begin(const char *upath)
{
	struct inflight *in;
	__u32 mask;

	if (!filter_task() || !user_name_key((__u64)upath))
		return;
	mask = candidates();
	if (!mask)
		return;
	in = inflight_begin();
	if (!in)
		return;
	in->args[0] = (__u64)upath;
	in->extra = mask;
}

SEC("tracepoint/syscalls/sys_enter_unlinkat")
int unlinkat_enter(struct syscall_enter_record *ctx)
{
	if (!(ctx->args[2] & AT_REMOVEDIR))
		unlink_begin((const char *)ctx->args[1]);
	return TRACE_DONE;
}

/*
 * A program of its own, not unlinkat_enter's at both: a program that reads
 * a record's third argument cannot attach where the record has one.
 */
SEC("tracepoint/syscalls/sys_enter_unlink")
int unlink_enter(struct syscall_enter_record *ctx)
{
	unlink_begin((const char *)ctx->args[0]);
	return TRACE_DONE;
}

/* It returned: if it deleted, the candidates it took. */
SEC("tracepoint/syscalls/sys_exit_unlinkat")
int unlink_exit(struct syscall_exit_record *ctx)
{
	struct inflight *in;

	if (!filter_task())
		return TRACE_DONE;
	in = inflight_end();
	if (in && ctx->ret == 0 && user_name_key(in->args[0]))
		deaths(in->extra, 0);
	return TRACE_DONE;
}

/*
 * ---- renames (the system calls, with either way) ----
 *
 * A file renamed keeps its dentry, which takes the new name: at a rename's
 * successful return, each live file remembered under the old name (or,
 * RENAME_EXCHANGE, the new one) whose dentry now has another name is
 * remembered under that one instead. A file remembered under the new name
 * that the rename replaced is a deletion, found as an unlink's is.
 */

/*
 * The files of the scratch key's name in the slots of `mask` that now have
 * another name: moved. A global function: a rename's return moves the
 * files of either name.
 */
__noinline int renamed(__u32 mask)
{
	struct scratch *s = scratch_get();
	struct births *v;
	__u64 was;
	int i;

	if (!s)
		return 0;
	was = s->key;
	v = bpf_map_lookup_elem(&births, &s->key);
	if (!v)
		return 0;
	for (i = 0; i < BIRTH_SLOTS; i++) {
		struct birth *o = &v->b[i];
		struct dentry *d = o->dentry;

		if (!(mask & (1U << i)) || !d || !alive(o))
			continue;
		s->born = *o;
		if (dentry_name_key((__u64)d) && s->key != was) {
			o->dentry = NULL; /* before the insert, which may reuse an entry */
			remember();
		}
		s->key = was;
	}
	return 0;
}

static __always_inline void rename_begin(const char *from, const char *to)
{
	struct inflight *in;
	__u32 mask = 0;

	if (!filter_task())
		return;
	if (user_name_key((__u64)from))
		mask = candidates();
	if (user_name_key((__u64)to))
		mask |= candidates() << BIRTH_SLOTS;
	if (!mask)
		return;
	in = inflight_begin();
	if (!in)
		return;
	in->args[0] = (__u64)from;
	in->args[1] = (__u64)to;
	in->extra = mask;
}

/* renameat2(olddfd, oldname, newdfd, newname, flags), and renameat() without the flags */
SEC("tracepoint/syscalls/sys_enter_renameat2")
int renameat_enter(struct syscall_enter_record *ctx)
{
	rename_begin((const char *)ctx->args[1], (const char *)ctx->args[3]);
	return TRACE_DONE;
}

/* rename(oldname, newname): a program of its own, as unlink_enter */
SEC("tracepoint/syscalls/sys_enter_rename")
int rename_enter(struct syscall_enter_record *ctx)
{
	rename_begin((const char *)ctx->args[0], (const char *)ctx->args[1]);
	return TRACE_DONE;
}

/* It returned: the new name's files it replaced died, the renamed ones moved. */
SEC("tracepoint/syscalls/sys_exit_renameat2")
int rename_exit(struct syscall_exit_record *ctx)
{
	struct inflight *in;
	__u64 from, to;
	__u32 mask;

	if (!filter_task())
		return TRACE_DONE;
	in = inflight_end();
	if (!in || ctx->ret != 0)
		return TRACE_DONE;
	mask = in->extra;
	from = in->args[0];
	to = in->args[1];
	if (user_name_key(to)) {
		deaths(mask >> BIRTH_SLOTS, 0);
		renamed(mask >> BIRTH_SLOTS);
	}
	if (user_name_key(from))
		renamed(mask & ((1U << BIRTH_SLOTS) - 1));
	return TRACE_DONE;
}
