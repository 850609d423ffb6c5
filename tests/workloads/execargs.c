// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * execargs MODE MARKER [N...]: one exec whose arguments test how execsnoop
 * reads them, then exit 0.
 *
 *   hidden     /bin/true MARKER-hidden-1 MARKER-hidden-2, both strings in a
 *              page of a fresh file mapping this process never touched: at
 *              the syscall's entry they cannot be read from BPF (the page is
 *              not mapped in yet); the kernel faults it in as it copies them.
 *   unreadable execv("/bin/true", [sonde-missing, "", S, MARKER]) with S
 *              in a page just unmapped: the call fails with EFAULT on every
 *              kernel, and S can never be read. Then exits 0.
 *   sizes N... /bin/true with one argument of N 'a's per N.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* `text` in a file mapped privately and not touched: its page is not in our page tables. */
static const char *untouched_copy(const char *text, size_t len)
{
	char path[] = "/tmp/sonde-execargs-XXXXXX";
	int fd = mkstemp(path);
	char *map;

	if (fd < 0 || write(fd, text, len) != (ssize_t)len)
		exit(3);
	unlink(path);
	map = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		exit(3);
	close(fd);
	return map;
}

static int hidden(const char *marker)
{
	char text[512];
	int n = snprintf(text, sizeof(text), "%s-hidden-1%c%s-hidden-2", marker, '\0', marker);
	const char *map = untouched_copy(text, n + 1);

	/* offsets from our own copy: reading the mapping would fault its page in */
	execv("/bin/true", (char *[]){ "true", (char *)map, (char *)map + strlen(text) + 1, NULL });
	return 127;
}

/*
 * Not an untouched page: a kernel before 6.8 copies argv before it opens the
 * file, so it would fault that page in even for a missing program.
 */
static int unreadable(const char *marker)
{
	char *gone = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (gone == MAP_FAILED || munmap(gone, 4096))
		return 3;
	execv("/bin/true", (char *[]){ "sonde-missing", "", gone, (char *)marker, NULL });
	return 0; /* it failed, as it should */
}

static int sizes(int n, char **lens)
{
	char *argv[16] = { "true" };
	int i;

	for (i = 0; i < n && i < 14; i++) {
		size_t len = strtoul(lens[i], NULL, 10);

		argv[i + 1] = malloc(len + 1);
		if (!argv[i + 1])
			return 3;
		memset(argv[i + 1], 'a', len);
		argv[i + 1][len] = '\0';
	}
	execv("/bin/true", argv);
	return 127;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "hidden"))
		return hidden(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "unreadable"))
		return unreadable(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "sizes"))
		return sizes(argc - 3, argv + 3);
	fprintf(stderr, "usage: execargs hidden|unreadable|sizes MARKER [N...]\n");
	return 2;
}
