// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* mountsnoop: trace mount(), umount2() and the new mount API, with their flags decoded. */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <linux/types.h>

#include "decode.h"
#include "names.h"
#include "run.h"
#include "mountsnoop.h"
#include "mountsnoop.skel.h"

#define AT_FDCWD_VALUE (-100)

/* UAPI <linux/mount.h> values: an ABI, the same on every architecture. */
static const struct flag_name ms_flags[] = {
	FLAG_IN("MS_MGC_VAL", 0xffff0000, 0xc0ed0000), /* the pre-2.4 magic, ignored */
	FLAG("MS_RDONLY", 1),
	FLAG("MS_NOSUID", 2),
	FLAG("MS_NODEV", 4),
	FLAG("MS_NOEXEC", 8),
	FLAG("MS_SYNCHRONOUS", 16),
	FLAG("MS_REMOUNT", 32),
	FLAG("MS_MANDLOCK", 64),
	FLAG("MS_DIRSYNC", 128),
	FLAG("MS_NOSYMFOLLOW", 256),
	FLAG("MS_NOATIME", 1024),
	FLAG("MS_NODIRATIME", 2048),
	FLAG("MS_BIND", 4096),
	FLAG("MS_MOVE", 8192),
	FLAG("MS_REC", 16384),
	FLAG("MS_SILENT", 32768),
	FLAG("MS_POSIXACL", 1 << 16),
	FLAG("MS_UNBINDABLE", 1 << 17),
	FLAG("MS_PRIVATE", 1 << 18),
	FLAG("MS_SLAVE", 1 << 19),
	FLAG("MS_SHARED", 1 << 20),
	FLAG("MS_RELATIME", 1 << 21),
	FLAG("MS_KERNMOUNT", 1 << 22),
	FLAG("MS_I_VERSION", 1 << 23),
	FLAG("MS_STRICTATIME", 1 << 24),
	FLAG("MS_LAZYTIME", 1 << 25),
	FLAG("MS_ACTIVE", 1 << 30),
	FLAG("MS_NOUSER", 1U << 31),
	{ 0 },
};

static const struct flag_name umount_flags[] = {
	FLAG("MNT_FORCE", 1),
	FLAG("MNT_DETACH", 2),
	FLAG("MNT_EXPIRE", 4),
	FLAG("UMOUNT_NOFOLLOW", 8),
	{ 0 },
};

static const struct flag_name fsopen_flags[] = {
	FLAG("FSOPEN_CLOEXEC", 1),
	{ 0 },
};

/* fsconfig's command: a value, not flags */
static const struct flag_name fsconfig_cmds[] = {
	VALUE("FSCONFIG_SET_FLAG", 0), /* a key alone */
	VALUE("FSCONFIG_SET_STRING", 1),
	VALUE("FSCONFIG_SET_BINARY", 2),
	VALUE("FSCONFIG_SET_PATH", 3),
	VALUE("FSCONFIG_SET_PATH_EMPTY", 4),
	VALUE("FSCONFIG_SET_FD", 5),
	VALUE("FSCONFIG_CMD_CREATE", 6),
	VALUE("FSCONFIG_CMD_RECONFIGURE", 7),
	VALUE("FSCONFIG_CMD_CREATE_EXCL", 8),
	{ 0 },
};

static const struct flag_name fsmount_flags[] = {
	FLAG("FSMOUNT_CLOEXEC", 1),
	{ 0 },
};

/* MOUNT_ATTR_RELATIME is 0: the default atime mode shows as nothing */
static const struct flag_name mount_attrs[] = {
	FLAG("MOUNT_ATTR_RDONLY", 0x1),
	FLAG("MOUNT_ATTR_NOSUID", 0x2),
	FLAG("MOUNT_ATTR_NODEV", 0x4),
	FLAG("MOUNT_ATTR_NOEXEC", 0x8),
	FLAG_IN("MOUNT_ATTR_NOATIME", 0x70, 0x10),
	FLAG_IN("MOUNT_ATTR_STRICTATIME", 0x70, 0x20),
	FLAG("MOUNT_ATTR_NODIRATIME", 0x80),
	FLAG("MOUNT_ATTR_IDMAP", 0x100000),
	FLAG("MOUNT_ATTR_NOSYMFOLLOW", 0x200000),
	{ 0 },
};

static const struct flag_name move_mount_flags[] = {
	FLAG("MOVE_MOUNT_F_SYMLINKS", 0x1),
	FLAG("MOVE_MOUNT_F_AUTOMOUNTS", 0x2),
	FLAG("MOVE_MOUNT_F_EMPTY_PATH", 0x4),
	FLAG("MOVE_MOUNT_T_SYMLINKS", 0x10),
	FLAG("MOVE_MOUNT_T_AUTOMOUNTS", 0x20),
	FLAG("MOVE_MOUNT_T_EMPTY_PATH", 0x40),
	FLAG("MOVE_MOUNT_SET_GROUP", 0x100),
	FLAG("MOVE_MOUNT_BENEATH", 0x200),
	{ 0 },
};

static const struct flag_name open_tree_flags[] = {
	FLAG("OPEN_TREE_CLONE", 1),
	FLAG("OPEN_TREE_CLOEXEC", 02000000), /* O_CLOEXEC on x86 and arm64 */
	AT_FLAG_NAMES,
	{ 0 },
};

static const struct flag_name fspick_flags[] = {
	FLAG("FSPICK_CLOEXEC", 1),
	FLAG("FSPICK_SYMLINK_NOFOLLOW", 2),
	FLAG("FSPICK_NO_AUTOMOUNT", 4),
	FLAG("FSPICK_EMPTY_PATH", 8),
	{ 0 },
};

/* How an argument is kept in the record and shown. */
enum arg_kind {
	ARG_STR,   /* str slot `index`: "quoted", or NULL */
	ARG_FD,	   /* num[index]: a descriptor, AT_FDCWD by name */
	ARG_INT,   /* num[index] */
	ARG_FLAGS, /* num[index] decoded with `names` */
	ARG_ENUM,  /* num[index] named from `names` */
};

struct call_arg {
	const char *name; /* the JSON key: the argument's name in the call's man page */
	enum arg_kind kind;
	unsigned int index;
	const struct flag_name *names;
};

#define CALL_MAX_ARGS 8

/* One table drives both the text CALL column and the JSON "args" object. */
static const struct {
	const char *name;
	struct call_arg args[CALL_MAX_ARGS]; /* ended by a NULL name */
} calls[MC_CALLS] = {
	[MC_MOUNT] = { "mount",
		       { { "source", ARG_STR, 0 },
			 { "target", ARG_STR, 1 },
			 { "filesystemtype", ARG_STR, 2 },
			 { "mountflags", ARG_FLAGS, 0, ms_flags },
			 { "data", ARG_STR, 3 } } },
	[MC_UMOUNT] = { "umount",
			{ { "target", ARG_STR, 0 }, { "flags", ARG_FLAGS, 0, umount_flags } } },
	[MC_FSOPEN] = { "fsopen",
			{ { "fsname", ARG_STR, 0 }, { "flags", ARG_FLAGS, 0, fsopen_flags } } },
	[MC_FSCONFIG] = { "fsconfig",
			  { { "fd", ARG_FD, 0 },
			    { "cmd", ARG_ENUM, 1, fsconfig_cmds },
			    { "key", ARG_STR, 0 },
			    { "value", ARG_STR, 1 },
			    { "aux", ARG_INT, 2 } } },
	[MC_FSMOUNT] = { "fsmount",
			 { { "fd", ARG_FD, 0 },
			   { "flags", ARG_FLAGS, 1, fsmount_flags },
			   { "attr_flags", ARG_FLAGS, 2, mount_attrs } } },
	[MC_MOVE_MOUNT] = { "move_mount",
			    { { "from_dirfd", ARG_FD, 0 },
			      { "from_path", ARG_STR, 0 },
			      { "to_dirfd", ARG_FD, 1 },
			      { "to_path", ARG_STR, 1 },
			      { "flags", ARG_FLAGS, 2, move_mount_flags } } },
	[MC_OPEN_TREE] = { "open_tree",
			   { { "dirfd", ARG_FD, 0 },
			     { "path", ARG_STR, 0 },
			     { "flags", ARG_FLAGS, 1, open_tree_flags } } },
	[MC_FSPICK] = { "fspick",
			{ { "dirfd", ARG_FD, 0 },
			  { "path", ARG_STR, 0 },
			  { "flags", ARG_FLAGS, 1, fspick_flags } } },
	[MC_MOUNT_SETATTR] = { "mount_setattr",
			       { { "dirfd", ARG_FD, 0 },
				 { "path", ARG_STR, 0 },
				 { "flags", ARG_FLAGS, 1, at_flag_names },
				 { "attr_set", ARG_FLAGS, 2, mount_attrs },
				 { "attr_clr", ARG_FLAGS, 3, mount_attrs },
				 { "propagation", ARG_FLAGS, 4, ms_flags },
				 { "userns_fd", ARG_INT, 5 } } },
	[MC_OPEN_TREE_ATTR] = { "open_tree_attr",
				{ { "dirfd", ARG_FD, 0 },
				  { "path", ARG_STR, 0 },
				  { "flags", ARG_FLAGS, 1, open_tree_flags },
				  { "attr_set", ARG_FLAGS, 2, mount_attrs },
				  { "attr_clr", ARG_FLAGS, 3, mount_attrs },
				  { "propagation", ARG_FLAGS, 4, ms_flags },
				  { "userns_fd", ARG_INT, 5 } } },
};

enum {
	F_TIME,
	F_UID,
	F_COMM,
	F_PID,
	F_TID,
	F_MNT_NS,
	F_LAT,
	F_CALL,
	F_ARGS,
	F_ARGS_READ,
	F_RET,
	F_ERR
};

/*
 * bcc's columns: COMM PID TID MNT_NS CALL, CALL being the whole call with its
 * result. In JSON "call" is the call's name, followed by an "args" object.
 */
static const struct field fields[] = {
	[F_TIME] = { .task = TASK_TIME },
	[F_UID] = { .task = TASK_UID },
	[F_COMM] = { .task = TASK_COMM },
	[F_PID] = { .task = TASK_PID },
	[F_TID] = { .task = TASK_TID, .shown_by = OPTION_ALWAYS },
	[F_MNT_NS] = { "mnt_ns", "MNT_NS", -11 },
	[F_LAT] = { "lat_ms", "LAT(ms)", 9, .shown_by = 'L' },
	[F_CALL] = { "call", "CALL", 0 },
	[F_ARGS] = { "args" },
	[F_ARGS_READ] = { "args_read" },
	[F_RET] = { "ret" },
	[F_ERR] = { "error" },
};

static const struct tool_option options[] = {
	{ "latency", 'L', NULL, "print a LAT(ms) column: the time spent in the call" },
	{ 0 },
};

/* The record's strings: NULL for a NULL pointer; len without the NUL. */
struct strings {
	const char *s[MC_STRS];
	size_t len[MC_STRS];
};

/* Locate the record's strings; false if their lengths do not fit the record. */
static bool strings_find(const struct mount_event *e, size_t len, struct strings *str)
{
	size_t off = 0, room = len - offsetof(struct mount_event, str);
	int i;

	for (i = 0; i < MC_STRS; i++) {
		str->s[i] = NULL;
		str->len[i] = 0;
		if (!e->str_len[i])
			continue;
		if (e->str_len[i] > room - off)
			return false;
		str->s[i] = e->str + off;
		str->len[i] = strnlen(str->s[i], e->str_len[i]);
		off += e->str_len[i];
	}
	return true;
}

/* How a string argument was read, appended to the JSON object of them: null for NULL. */
static void arg_read_render(struct strbuf *read, const struct call_arg *a,
			    const struct mount_event *e)
{
	const char *how = str_read_name(e->str_read[a->index % MC_STRS]);

	sb_printf(read, "%s\"%s\":", read->len > 1 ? "," : "", a->name);
	if (how)
		sb_printf(read, "\"%s\"", how);
	else
		sb_puts(read, "null");
}

/* One argument, appended to the text form and the JSON object. */
static void arg_render(struct strbuf *text, struct strbuf *json, const struct call_arg *a,
		       const struct mount_event *e, const struct strings *str)
{
	__s64 v = (__s64)e->num[a->index % MC_NUMS];
	const char *s = str->s[a->index % MC_STRS];
	size_t start, slen = str->len[a->index % MC_STRS];

	sb_printf(json, "%s\"%s\":", json->len > 1 ? "," : "", a->name);
	switch (a->kind) {
	case ARG_STR:
		if (!s) {
			sb_puts(text, "NULL");
			sb_puts(json, "null");
			break;
		}
		/* raw here: the whole CALL column is escaped once, as every text field is */
		sb_putc(text, '"');
		sb_append(text, s, slen);
		sb_putc(text, '"');
		sb_putc(json, '"');
		sb_json_escaped(json, s, slen);
		sb_putc(json, '"');
		break;
	case ARG_FD:
		if (v == AT_FDCWD_VALUE)
			sb_puts(text, "AT_FDCWD");
		else
			sb_printf(text, "%lld", (long long)v);
		sb_printf(json, "%lld", (long long)v);
		break;
	case ARG_INT:
		sb_printf(text, "%lld", (long long)v);
		sb_printf(json, "%lld", (long long)v);
		break;
	case ARG_FLAGS:
	case ARG_ENUM:
		start = text->len;
		if (a->kind == ARG_FLAGS)
			sb_flags(text, a->names, (__u64)v);
		else
			sb_enum(text, a->names, (__u64)v);
		sb_printf(json, "\"%.*s\"", (int)(text->len - start), text->buf + start);
		break;
	}
}

/*
 * `name(arg, ...) = result` for text, {"arg":...} for JSON, and how each
 * string argument was read, {"arg":"entry",...}.
 */
static void call_render(struct strbuf *text, struct strbuf *json, struct strbuf *read,
			const struct mount_event *e, const struct strings *str)
{
	const struct call_arg *a;
	int i;

	sb_printf(text, "%s(", calls[e->h.call].name);
	sb_putc(json, '{');
	sb_putc(read, '{');
	for (i = 0; i < CALL_MAX_ARGS && calls[e->h.call].args[i].name; i++) {
		a = &calls[e->h.call].args[i];
		if (i)
			sb_puts(text, ", ");
		arg_render(text, json, a, e, str);
		if (a->kind == ARG_STR)
			arg_read_render(read, a, e);
	}
	sb_puts(text, ") = ");
	sb_result(text, e->h.ret);
	sb_putc(json, '}');
	sb_putc(read, '}');
}

static int on_event(void *ctx, void *data, size_t len)
{
	const struct mount_event *e = data;
	struct strbuf text = { 0 }, json = { 0 }, read = { 0 };
	struct strings str;

	(void)ctx;
	if (len < offsetof(struct mount_event, str) || e->h.call >= MC_CALLS ||
	    !strings_find(e, len, &str))
		return 0;
	call_render(&text, &json, &read, e, &str);
	rec_begin();
	rec_task(&e->h.task);
	rec_uint(F_MNT_NS, e->mnt_ns);
	rec_double(F_LAT, e->h.lat_ns / 1e6, output_json() ? 6 : 3);
	if (output_json())
		rec_str(F_CALL, calls[e->h.call].name, 32);
	else
		rec_str(F_CALL, sb_str(&text), text.len);
	rec_json(F_ARGS, json.buf, json.len);
	rec_json(F_ARGS_READ, read.buf, read.len);
	rec_result(F_RET, F_ERR, e->h.ret);
	rec_end();
	sb_free(&text);
	sb_free(&json);
	sb_free(&read);
	return 0;
}

/* The mount API came with Linux 5.2, mount_setattr with 5.12, open_tree_attr with 6.15. */
static const struct probe probes[] = {
	{ "mount", { "enter_mount,exit_mount" } },
	{ "umount, fsopen",
	  { "enter_umount,exit_umount,enter_umount@syscalls/sys_enter_fsopen,exit_fsopen" } },
	{ "fsconfig", { "enter_fsconfig,exit_fsconfig" } },
	{ "fsmount", { "enter_fsmount,exit_fsmount" } },
	{ "move_mount", { "enter_move_mount,exit_move_mount" } },
	{ "open_tree, fspick",
	  { "enter_open_tree,exit_open_tree,enter_open_tree@syscalls/sys_enter_fspick,"
	    "exit_open_tree@syscalls/sys_exit_fspick" } },
	/* open_tree_attr() (Linux 6.15) came after mount_setattr() (5.12) */
	{ "mount_setattr, open_tree_attr",
	  { "enter_mount_setattr,exit_mount_setattr,"
	    "?enter_mount_setattr@syscalls/sys_enter_open_tree_attr,"
	    "?exit_mount_setattr@syscalls/sys_exit_open_tree_attr" },
	  .optional = true },
	{ 0 },
};

SKELETON(mountsnoop);

static const struct tool tool = {
	.name = "mountsnoop",
	.summary = "Trace mount(), umount2() and the mount API (fsopen, fsconfig, fsmount, "
		   "move_mount, ...).",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP | SHARED_FAILED |
		  SHARED_PRINT_UID,
	.options = options,
	.examples = "  mountsnoop              every mount-related call\n"
		    "  mountsnoop -x           failed calls only\n"
		    "  mountsnoop -T -L        with the time and the time spent in the call\n"
		    "  mountsnoop -j -d 60     a minute of JSON lines\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &mountsnoop_skeleton,
	.probes = probes,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	return run_tool(&tool, NULL, argc, argv);
}
