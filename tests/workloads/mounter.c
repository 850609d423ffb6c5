// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * mounter DIR [SOURCE]
 *
 * Mounts a tmpfs (named SOURCE, "sonde-src" if not given) on the empty
 * directory DIR and takes it off again, first with mount(2) and umount2(2),
 * then with the mount API (fsopen, fsconfig, fsmount, move_mount), touching
 * it with fspick, open_tree and, where the kernel has them, mount_setattr
 * (Linux 5.12) and open_tree_attr (6.15) on the way. Some calls fail
 * on purpose: a mount on DIR/missing (ENOENT), umount2 of a directory that is
 * no mount (EINVAL), fsconfig with a key tmpfs does not know (EINVAL).
 *
 * Descriptors 3 and up are closed first, so the new ones are known: fsopen
 * returns 3, fsmount 4, fspick 5, open_tree 6, open_tree_attr 7. Exits 0 if
 * every call returned what it should, 1 otherwise (the tests read the trace
 * for the details), and always tries to leave nothing mounted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#ifndef SYS_open_tree_attr
#define SYS_open_tree_attr 467
#endif

struct mount_attr_v0 {
	__u64 attr_set, attr_clr, propagation, userns_fd;
};

static int failures;

/* The call returned `want` (or failed with errno `-want`). */
static void expect(const char *what, long got, long want)
{
	if (got == want || (got == -1 && want < 0 && errno == -want))
		return;
	fprintf(stderr, "mounter: %s returned %ld (%s), expected %ld\n", what, got,
		got < 0 ? strerror(errno) : "ok", want);
	failures++;
}

static void classic(const char *source, const char *dir, const char *missing)
{
	expect("mount", mount(source, dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0700"), 0);
	expect("umount2", umount2(dir, 0), 0);
	expect("mount missing", mount("none", missing, "tmpfs", MS_RDONLY, NULL), -ENOENT);
	expect("umount2 no mount", umount2(dir, MNT_DETACH), -EINVAL);
}

static void mount_api(const char *dir)
{
	struct mount_attr_v0 ro = { .attr_set = MOUNT_ATTR_RDONLY };
	struct mount_attr_v0 nosuid = { .attr_set = MOUNT_ATTR_NOSUID };
	long ret;

	expect("fsopen", syscall(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC), 3);
	expect("fsconfig size", syscall(SYS_fsconfig, 3, FSCONFIG_SET_STRING, "size", "2m", 0), 0);
	expect("fsconfig bogus",
	       syscall(SYS_fsconfig, 3, FSCONFIG_SET_STRING, "sonde-bogus", "1", 0), -EINVAL);
	expect("fsconfig create", syscall(SYS_fsconfig, 3, FSCONFIG_CMD_CREATE, NULL, NULL, 0), 0);
	expect("fsmount",
	       syscall(SYS_fsmount, 3, FSMOUNT_CLOEXEC, MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC), 4);
	expect("move_mount", syscall(SYS_move_mount, 4, "", AT_FDCWD, dir, MOVE_MOUNT_F_EMPTY_PATH),
	       0);
	expect("fspick", syscall(SYS_fspick, AT_FDCWD, dir, FSPICK_CLOEXEC), 5);
	expect("open_tree",
	       syscall(SYS_open_tree, AT_FDCWD, dir, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC), 6);
	ret = syscall(SYS_mount_setattr, AT_FDCWD, dir, 0, &ro, sizeof(ro));
	if (!(ret == -1 && errno == ENOSYS)) /* Linux 5.12+ */
		expect("mount_setattr", ret, 0);
	ret = syscall(SYS_open_tree_attr, AT_FDCWD, dir, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC,
		      &nosuid, sizeof(nosuid));
	if (!(ret == -1 && errno == ENOSYS)) /* Linux 6.15+ */
		expect("open_tree_attr", ret, 7);
	expect("umount2", umount2(dir, MNT_DETACH), 0);
}

int main(int argc, char **argv)
{
	char missing[4200];

	if (argc != 2 && argc != 3)
		return 2;
	snprintf(missing, sizeof(missing), "%s/missing", argv[1]);
	closefrom(3);
	classic(argc == 3 ? argv[2] : "sonde-src", argv[1], missing);
	mount_api(argv[1]);
	while (umount2(argv[1], MNT_DETACH) == 0)
		; /* whatever an unexpected result left behind */
	return failures ? 1 : 0;
}
