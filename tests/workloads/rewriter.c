// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * rewriter FACTS stat-untouched FILE
 * rewriter FACTS stat-rewrite FILE DECOY
 * rewriter FACTS mount-untouched DIR SOURCE
 * rewriter FACTS mount-rewrite DIR SOURCE DECOY
 *
 * The strings of a call as a tracer that reads them from the caller finds
 * them hard to get right: in a page not touched before the call, or
 * rewritten by another thread while the call runs.
 *
 * *-untouched: the string is in a private mapping of a file holding it,
 * which the process has never read, so the page is not mapped until the
 * kernel faults it in while it copies the string. Then newfstatat(FILE) or
 * mount(SOURCE, DIR, "tmpfs") and umount(DIR).
 *
 * *-rewrite: the call is made to block after the kernel copied the string:
 * a buffer the kernel writes (newfstatat's struct stat) or reads after the
 * string (mount()'s data, cut by the end of a page) lies in a page that
 * userfaultfd holds back. While the call waits for that page, another thread
 * writes DECOY over the string, then lets the page in. The kernel went on
 * with the string it had copied: newfstatat(FILE) succeeds where DECOY
 * names no file, and the mount's source in /proc/self/mountinfo is SOURCE.
 *
 * Facts: tid (the calling thread), ret (the call's result, -errno),
 * rewritten (1 once DECOY was written during the call), kernel_source_ok
 * (mounts: 1 if the kernel mounted SOURCE, not DECOY).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define STR_MAX 256

static char str[STR_MAX]; /* the string the rewritten call is given */
static const char *decoy; /* what the other thread writes over it */
static int uffd = -1;	  /* holds back the page after `held` */
static char *held;	  /* a page the kernel reaches after the string */
static long page;
static int rewritten;

/* A private, never-read mapping of a file that holds `s` (and its NUL). */
static const char *untouched(const char *s)
{
	char name[] = "/tmp/rewriter-XXXXXX";
	int fd = mkostemp(name, O_CLOEXEC);
	void *map;

	if (fd < 0)
		return NULL;
	unlink(name);
	if (write(fd, s, strlen(s) + 1) != (ssize_t)strlen(s) + 1)
		return NULL;
	map = mmap(NULL, page, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	return map == MAP_FAILED ? NULL : map;
}

/* Two pages: the first present, the second (`held`) given by userfaultfd on demand. */
static int hold_a_page(void)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	char *area;

	uffd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	area = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (uffd < 0 || area == MAP_FAILED || ioctl(uffd, UFFDIO_API, &api))
		return -1;
	memset(area, 0, page);
	held = area + page;
	reg.range.start = (unsigned long)held;
	reg.range.len = page;
	return ioctl(uffd, UFFDIO_REGISTER, &reg);
}

/* Wait for the call to fault on the held page, rewrite the string, then let the page in. */
static void *rewrite_when_held(void *arg)
{
	struct pollfd p = { .fd = uffd, .events = POLLIN };
	struct uffdio_zeropage zero = { .range = { (unsigned long)held, page } };
	struct uffd_msg msg;

	(void)arg;
	if (poll(&p, 1, 10000) != 1 || read(uffd, &msg, sizeof(msg)) != sizeof(msg) ||
	    msg.event != UFFD_EVENT_PAGEFAULT)
		return NULL;
	snprintf(str, sizeof(str), "%s", decoy);
	rewritten = 1;
	ioctl(uffd, UFFDIO_ZEROPAGE, &zero);
	return NULL;
}

static long stat_call(const char *path, void *buf)
{
	long ret = syscall(SYS_newfstatat, AT_FDCWD, path, buf, 0);

	return ret < 0 ? -errno : ret;
}

static long mount_call(const char *source, const char *dir, const char *data)
{
	long ret = mount(source, dir, "tmpfs", 0, data);

	return ret < 0 ? -errno : ret;
}

/* Whether the mount on dir has `source` as its source (/proc/self/mountinfo's 10th field). */
static int mounted_from(const char *dir, const char *source)
{
	char line[4096], point[PATH_MAX], src[STR_MAX];
	FILE *f = fopen("/proc/self/mountinfo", "re");
	int found = 0;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %*s %*s %*s %4095s %*[^-]- %*s %255s", point, src) == 2 &&
		    !strcmp(point, dir))
			found = !strcmp(src, source); /* the last mount on dir is the one on top */
	if (f)
		fclose(f);
	return found;
}

/* Run `call` with the string rewritten while it waits for the held page. */
static long rewritten_call(int mounting, const char *arg)
{
	pthread_t t;
	long ret;

	if (hold_a_page() || pthread_create(&t, NULL, rewrite_when_held, NULL))
		return -ENOSYS;
	if (mounting) {
		/* the data ends the page before `held`: the kernel copies a whole page of it */
		snprintf(held - 8, 8, "size=1m");
		ret = mount_call(str, arg, held - 8);
	} else {
		ret = stat_call(str, held);
	}
	pthread_join(t, NULL);
	return ret;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 3 ? argv[2] : "", *s = NULL;
	int mounting = !strncmp(mode, "mount-", 6), ok = 1;
	struct stat st;
	FILE *facts;
	long ret;

	page = sysconf(_SC_PAGESIZE);
	if (argc < 4 || !(facts = fopen(argv[1], "we")))
		return 2;
	if (!strcmp(mode, "stat-untouched") && argc == 4 && (s = untouched(argv[3])))
		ret = stat_call(s, &st);
	else if (!strcmp(mode, "mount-untouched") && argc == 5 && (s = untouched(argv[4])))
		ret = mount_call(s, argv[3], NULL);
	else if ((!strcmp(mode, "stat-rewrite") && argc == 5) ||
		 (!strcmp(mode, "mount-rewrite") && argc == 6)) {
		snprintf(str, sizeof(str), "%s", argv[3 + mounting]);
		decoy = argv[4 + mounting];
		ret = rewritten_call(mounting, argv[3]);
	} else
		return 2;
	fprintf(facts, "tid %d\nret %ld\nrewritten %d\n", gettid(), ret, rewritten);
	if (mounting) {
		ok = ret == 0 && mounted_from(argv[3], argv[4]);
		fprintf(facts, "kernel_source_ok %d\n", ok);
		umount2(argv[3], MNT_DETACH);
	}
	fclose(facts);
	return ret == 0 && ok ? 0 : 1;
}
