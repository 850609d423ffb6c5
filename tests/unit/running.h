/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The fixture executables as running processes, for the symbolizer tests
 * (test_usyms.c, test_stackprint.c): what nm, readelf -lW and readelf -n
 * said of a fixture (its <file>.facts), where a function's bytes are in
 * the file and where they are mapped in a process (its /proc/PID/maps read
 * with sscanf), and a child running a fixture until it is killed. All of
 * it apart from common/.
 */
#ifndef SONDE_TEST_RUNNING_H
#define SONDE_TEST_RUNNING_H

#include "unit.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/types.h>

/* A fixture's nm addresses and PT_LOADs, from its .facts file. */
struct facts {
	struct {
		char name[64];
		unsigned long long addr;
	} syms[512];
	size_t nsyms;
	struct {
		unsigned long long offset, vaddr, filesz;
	} loads[16];
	size_t nloads;
	char build_id[129];
};

static inline struct facts *read_facts(const char *fixture)
{
	struct facts *f = calloc(1, sizeof(*f));
	char path[PATH_MAX], line[512], w[4][64];
	unsigned long long a, b, c;
	FILE *in;
	int n;

	snprintf(path, sizeof(path), "%s.facts", fixture);
	in = fopen(path, "r");
	cr_assert(f && in, "%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), in)) {
		if (sscanf(line, " LOAD %llx %llx %*x %llx", &a, &b, &c) == 3 && f->nloads < 16) {
			f->loads[f->nloads].offset = a;
			f->loads[f->nloads].vaddr = b;
			f->loads[f->nloads++].filesz = c;
		}
		if (strstr(line, "Build ID: "))
			sscanf(strstr(line, "Build ID: ") + 10, "%128s", f->build_id);
		if (strspn(line, "0123456789abcdef") < 8 || f->nsyms == 512)
			continue;
		n = sscanf(line, "%63s %63s %63s %63s", w[0], w[1], w[2], w[3]);
		if (n >= 3) {
			f->syms[f->nsyms].addr = strtoull(w[0], NULL, 16);
			strcpy(f->syms[f->nsyms++].name, w[n - 1]);
		}
	}
	fclose(in);
	cr_assert(f->nsyms && f->nloads, "%s says too little", path);
	return f;
}

static inline unsigned long long nm_addr(const struct facts *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->nsyms; i++)
		if (!strcmp(f->syms[i].name, name))
			return f->syms[i].addr;
	cr_assert_fail("nm does not list %s", name);
	return 0;
}

/* The file offset the loader reads vaddr from: readelf's PT_LOAD that holds it. */
static inline unsigned long long file_offset(const struct facts *f, unsigned long long vaddr)
{
	size_t i;

	for (i = 0; i < f->nloads; i++)
		if (vaddr >= f->loads[i].vaddr && vaddr - f->loads[i].vaddr < f->loads[i].filesz)
			return vaddr - f->loads[i].vaddr + f->loads[i].offset;
	cr_assert_fail("no PT_LOAD holds %#llx", vaddr);
	return 0;
}

/* Where file offset `offset` of the file `path` is mapped in process pid, by sscanf. */
static inline __u64 runtime_addr(pid_t pid, const char *path, unsigned long long offset)
{
	unsigned long long start, end, pgoff, found = 0;
	char maps[64], line[PATH_MAX + 128], *name;
	int at;
	FILE *in;

	snprintf(maps, sizeof(maps), "/proc/%d/maps", (int)pid);
	cr_assert((in = fopen(maps, "r")));
	while (!found && fgets(line, sizeof(line), in)) {
		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "%llx-%llx %*s %llx %*s %*s %n", &start, &end, &pgoff, &at) != 3)
			continue;
		name = line + at;
		if (!strncmp(name, path, strlen(path)) &&
		    (!name[strlen(path)] || !strcmp(name + strlen(path), " (deleted)")) &&
		    offset >= pgoff && offset - pgoff < end - start)
			found = start + (offset - pgoff);
	}
	fclose(in);
	cr_assert(found, "offset %#llx of %s is not mapped in %d", offset, path, (int)pid);
	return found;
}

/* The runtime address of function fn of the fixture `file` (facts from `facts_of`). */
static inline __u64 function_addr(pid_t pid, const char *file, const struct facts *f,
				  const char *fn)
{
	return runtime_addr(pid, file, file_offset(f, nm_addr(f, fn)));
}

/*
 * A fixture executable, running and waiting to be killed: by stop(), or by
 * the kernel when this test process ends (a failed assertion leaves no
 * process behind).
 */
static inline pid_t start_fixture(const char *path)
{
	char ready[16] = "";
	int fds[2];
	pid_t pid;

	cr_assert_eq(pipe(fds), 0);
	pid = fork();
	cr_assert(pid >= 0);
	if (!pid) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() == 1)
			_exit(127); /* the test ended before the line above */
		dup2(fds[1], 1);
		execl(path, path, "wait", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	cr_assert(read(fds[0], ready, sizeof(ready) - 1) > 0 && starts_with(ready, "ready"),
		  "%s did not start", path);
	close(fds[0]);
	return pid;
}

static inline void stop(pid_t pid)
{
	kill(pid, SIGKILL);
	cr_assert_eq(waitpid(pid, NULL, 0), pid);
}

#endif
