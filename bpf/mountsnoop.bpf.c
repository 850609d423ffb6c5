// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * mountsnoop: mount(), umount2() and the mount API of Linux 5.2+ (fsopen,
 * fsconfig, fsmount, move_mount, open_tree, fspick; mount_setattr and
 * open_tree_attr where they exist), with their arguments, result, latency
 * and the caller's mount namespace.
 *
 * Syscall tracepoints with plain records; the mount namespace is read from
 * the task with CO-RE (struct mnt_namespace is private to the VFS), which
 * makes libbpf load kernel BTF at start: mount calls are rare, and the
 * namespace is what tells one container's mounts from another's. Strings
 * are read as the call begins (callstr.bpf.h), each into a slot of its own,
 * so a thread of the caller that rewrites them while the call runs does
 * not change what is shown.
 */
#include "callevent.bpf.h"
#include "mountsnoop.h"

#define CALL_STR_SLOTS MC_STRS
#define CALL_STR_BYTES MC_STR_BYTES
#include "callstr.bpf.h"

/*
 * Where string slot `slot` is kept from entry to exit: two paths, then a
 * name, then mount()'s data, as a mount() call fills them. Every call's
 * strings fit the slots they take.
 */
static __always_inline __u32 slot_off(int slot)
{
	return slot == 0   ? 0
	       : slot == 1 ? MC_PATH_MAX
	       : slot == 2 ? 2 * MC_PATH_MAX
			   : 2 * MC_PATH_MAX + MC_NAME_MAX;
}

/* At entry: string `slot` from user address `uptr`, at most `max` bytes. */
static __always_inline void mount_str_enter(struct call_strs *s, int slot, __u32 max, __u64 uptr)
{
	call_str_enter(s, slot, slot_off(slot), max, (const void *)uptr);
}

/* struct mount_attr, UAPI <linux/mount.h> (MOUNT_ATTR_SIZE_VER0): fixed layout, no CO-RE */
struct mount_attr_abi {
	__u64 attr_set;
	__u64 attr_clr;
	__u64 propagation;
	__u64 userns_fd;
};

/* Build area for the record: too big for the BPF stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct mount_event);
} scratch SEC(".maps");

static __always_inline __u32 current_mnt_ns(void)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	return BPF_CORE_READ(task, nsproxy, mnt_ns, ns.inum);
}

/* The record of the returning call, its head filled; NULL if it is not reported. */
static __always_inline struct mount_event *mount_begin(__u32 call, long ret, struct inflight **in)
{
	struct mount_event *e;
	__u32 zero = 0;

	*in = call_exit(ret);
	if (!*in)
		return NULL;
	e = bpf_map_lookup_elem(&scratch, &zero);
	if (!e)
		return NULL;
	call_head_fill(&e->h, *in, call, ret);
	e->mnt_ns = current_mnt_ns();
	__builtin_memset(e->str_len, 0, sizeof(e->str_len));
	__builtin_memset(e->str_read, 0, sizeof(e->str_read));
	__builtin_memset(e->num, 0, sizeof(e->num));
	return e;
}

/*
 * Append string `slot` (user address `uptr` when the call began, at most
 * `max` bytes) at `off`; the new end.
 */
static __always_inline __u32 mount_str(struct mount_event *e, __u32 off, int slot, __u32 max,
				       __u64 uptr)
{
	__u32 n = call_str_copy(call_strs_exit(), slot, slot_off(slot), max, (const void *)uptr,
				e->str, off, sizeof(e->str), &e->str_read[slot]);

	e->str_len[slot] = n;
	return off + n;
}

static __always_inline void mount_send(struct mount_event *e, __u32 off)
{
	__u64 size = offsetof(struct mount_event, str) + off;

	if (size <= sizeof(*e))
		events_output(e, size);
}

/* A descriptor argument: an int, kept sign-extended so AT_FDCWD stays -100. */
static __always_inline __u64 fd_arg(__u64 raw)
{
	return (__u64)(__s64)(int)raw;
}

/*
 * mount(source, target, fstype, flags, data): the fifth argument is a
 * pointer, so it takes the flags' place, and the flags (32 bits hold every
 * MS_* flag) go where the fifth would.
 */
SEC("tracepoint/syscalls/sys_enter_mount")
int enter_mount(struct syscall_enter_record *ctx)
{
	struct inflight *in = call_enter(ctx, 4);
	struct call_strs *s;

	if (!in)
		return TRACE_DONE;
	in->extra = ctx->args[3];
	in->args[3] = ctx->args[4];
	s = call_strs_enter();
	mount_str_enter(s, 0, MC_PATH_MAX, ctx->args[0]);
	mount_str_enter(s, 1, MC_PATH_MAX, ctx->args[1]);
	mount_str_enter(s, 2, MC_NAME_MAX, ctx->args[2]);
	mount_str_enter(s, 3, MC_DATA_MAX, ctx->args[4]);
	return TRACE_DONE;
}
/*
 * umount2(target, flags), the kernel's umount, and at fsopen(fsname, flags)
 * too: the same shape, so one program (a load fewer at start), its exits
 * telling the calls apart
 */
CALL_ENTER_STR(umount, 2, 0)

/* fsconfig's value is a string or a path for three commands; otherwise NULL, a blob, or unused. */
static __always_inline bool fsconfig_value_is_str(__u32 cmd)
{
	return cmd == MC_FSCONFIG_SET_STRING || cmd == MC_FSCONFIG_SET_PATH ||
	       cmd == MC_FSCONFIG_SET_PATH_EMPTY;
}

/*
 * Keep a call's five arguments, and its strings 0 (at most max0 bytes) and
 * 1 (a path; 0 for none) as it begins.
 */
static __always_inline void enter_two_strs(struct syscall_enter_record *ctx, __u32 max0, __u64 str0,
					   __u64 str1)
{
	struct call_strs *s;

	if (!call_enter(ctx, 5))
		return;
	s = call_strs_enter();
	mount_str_enter(s, 0, max0, str0);
	mount_str_enter(s, 1, MC_PATH_MAX, str1);
}

/* fsconfig(fd, cmd, key, value, aux) */
SEC("tracepoint/syscalls/sys_enter_fsconfig")
int enter_fsconfig(struct syscall_enter_record *ctx)
{
	__u64 value = fsconfig_value_is_str(ctx->args[1]) ? ctx->args[3] : 0;

	enter_two_strs(ctx, MC_NAME_MAX, ctx->args[2], value);
	return TRACE_DONE;
}
/* fsmount(fd, flags, attr_flags) */
CALL_ENTER(fsmount, 3)

/* move_mount(from_dfd, from_path, to_dfd, to_path, flags) */
SEC("tracepoint/syscalls/sys_enter_move_mount")
int enter_move_mount(struct syscall_enter_record *ctx)
{
	enter_two_strs(ctx, MC_PATH_MAX, ctx->args[1], ctx->args[3]);
	return TRACE_DONE;
}
/* open_tree(dfd, path, flags), and at fspick(dfd, path, flags) too, as umount's */
CALL_ENTER_STR(open_tree, 3, 1)
/* mount_setattr(dfd, path, flags, attr, size), and at open_tree_attr() (the same) too */
CALL_ENTER_STR(mount_setattr, 5, 1)

SEC("tracepoint/syscalls/sys_exit_mount")
int exit_mount(struct syscall_exit_record *ctx)
{
	struct inflight *in;
	struct mount_event *e = mount_begin(MC_MOUNT, ctx->ret, &in);
	__u32 off;

	if (!e)
		return TRACE_DONE;
	e->num[0] = in->extra;
	off = mount_str(e, 0, 0, MC_PATH_MAX, in->args[0]);
	off = mount_str(e, off, 1, MC_PATH_MAX, in->args[1]);
	off = mount_str(e, off, 2, MC_NAME_MAX, in->args[2]);
	off = mount_str(e, off, 3, MC_DATA_MAX, in->args[3]);
	mount_send(e, off);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_umount")
int exit_umount(struct syscall_exit_record *ctx)
{
	struct inflight *in;
	struct mount_event *e = mount_begin(MC_UMOUNT, ctx->ret, &in);

	if (!e)
		return TRACE_DONE;
	e->num[0] = in->args[1];
	mount_send(e, mount_str(e, 0, 0, MC_PATH_MAX, in->args[0]));
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_fsopen")
int exit_fsopen(struct syscall_exit_record *ctx)
{
	struct inflight *in;
	struct mount_event *e = mount_begin(MC_FSOPEN, ctx->ret, &in);

	if (!e)
		return TRACE_DONE;
	e->num[0] = in->args[1];
	mount_send(e, mount_str(e, 0, 0, MC_NAME_MAX, in->args[0]));
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_fsconfig")
int exit_fsconfig(struct syscall_exit_record *ctx)
{
	struct inflight *in;
	struct mount_event *e = mount_begin(MC_FSCONFIG, ctx->ret, &in);
	__u32 cmd, off;

	if (!e)
		return TRACE_DONE;
	cmd = in->args[1];
	e->num[0] = fd_arg(in->args[0]);
	e->num[1] = cmd;
	e->num[2] = (__u64)(__s64)(int)in->extra;
	off = mount_str(e, 0, 0, MC_NAME_MAX, in->args[2]);
	if (fsconfig_value_is_str(cmd))
		off = mount_str(e, off, 1, MC_PATH_MAX, in->args[3]);
	mount_send(e, off);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_fsmount")
int exit_fsmount(struct syscall_exit_record *ctx)
{
	struct inflight *in;
	struct mount_event *e = mount_begin(MC_FSMOUNT, ctx->ret, &in);

	if (!e)
		return TRACE_DONE;
	e->num[0] = fd_arg(in->args[0]);
	e->num[1] = in->args[1];
	e->num[2] = in->args[2];
	mount_send(e, 0);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_move_mount")
int exit_move_mount(struct syscall_exit_record *ctx)
{
	struct inflight *in;
	struct mount_event *e = mount_begin(MC_MOVE_MOUNT, ctx->ret, &in);
	__u32 off;

	if (!e)
		return TRACE_DONE;
	e->num[0] = fd_arg(in->args[0]);
	e->num[1] = fd_arg(in->args[2]);
	e->num[2] = in->extra;
	off = mount_str(e, 0, 0, MC_PATH_MAX, in->args[1]);
	off = mount_str(e, off, 1, MC_PATH_MAX, in->args[3]);
	mount_send(e, off);
	return TRACE_DONE;
}

/* open_tree, fspick, mount_setattr and open_tree_attr: (dfd, path, flags, ...) */
static __always_inline void path_call_exit(__u32 call, long ret, bool with_attr)
{
	struct mount_attr_abi attr = {};
	struct inflight *in;
	struct mount_event *e = mount_begin(call, ret, &in);

	if (!e)
		return;
	e->num[0] = fd_arg(in->args[0]);
	e->num[1] = in->args[2];
	/* the kernel copied the attributes in, so their page is resident */
	if (with_attr && in->extra >= sizeof(attr) && in->args[3])
		bpf_probe_read_user(&attr, sizeof(attr), (const void *)in->args[3]);
	e->num[2] = attr.attr_set;
	e->num[3] = attr.attr_clr;
	e->num[4] = attr.propagation;
	e->num[5] = attr.userns_fd;
	mount_send(e, mount_str(e, 0, 0, MC_PATH_MAX, in->args[1]));
}

/* at fspick()'s exit too: one program, the call told by the record's number */
SEC("tracepoint/syscalls/sys_exit_open_tree")
int exit_open_tree(struct syscall_exit_record *ctx)
{
	path_call_exit(ctx->nr == SYSCALL_NR_FSPICK ? MC_FSPICK : MC_OPEN_TREE, ctx->ret, false);
	return TRACE_DONE;
}

/* at open_tree_attr()'s exit too, as exit_open_tree */
SEC("tracepoint/syscalls/sys_exit_mount_setattr")
int exit_mount_setattr(struct syscall_exit_record *ctx)
{
	path_call_exit(ctx->nr == SYSCALL_NR_OPEN_TREE_ATTR ? MC_OPEN_TREE_ATTR : MC_MOUNT_SETATTR,
		       ctx->ret, true);
	return TRACE_DONE;
}
