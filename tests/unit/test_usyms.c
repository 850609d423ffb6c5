// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * usyms.h on real processes: the fixture executables (ELFSYM_FIXTURES)
 * started as children, the fixture library loaded here, JIT code and the
 * vdso of this process. Where a function should be is worked out apart
 * from common/: its address from the fixture's nm facts, the segment that
 * loads it from readelf's, the child's mapping of that segment from its
 * /proc/PID/maps read with sscanf, or the dynamic loader's dlsym().
 * Source lines of the DWARF fixtures are checked against addr2line and
 * the markers in their source (srcfacts.h).
 */
#include "unit.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/auxv.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "running.h"
#include "srcfacts.h"
#include "usyms.h"

#define FIXTURE(name) ELFSYM_FIXTURES "/" name

static const char *const functions[] = { "elfsym_add", "elfsym_mul", "elfsym_chain", "main",
					 "elfsym_static_helper" };
#define NFUNCTIONS (sizeof(functions) / sizeof(functions[0]))

/* addr resolves to fn + off, a USYM_USER frame of module `module`. */
static void assert_frame(struct usyms *u, pid_t pid, __u64 addr, const char *fn, __u64 off,
			 const char *module)
{
	struct usym s;

	cr_assert(usyms_resolve(u, pid, addr, &s), "pid %d unknown", (int)pid);
	cr_assert(s.name && !strcmp(s.name, fn), "%#llx in %d: %s, not %s (module %s)",
		  (unsigned long long)addr, (int)pid, s.name ?: "nothing", fn, s.module);
	cr_assert_eq(s.offset, off, "%s+%#llx", fn, (unsigned long long)s.offset);
	cr_assert_eq(s.kind, USYM_USER);
	cr_assert_str_eq(s.module, module);
}

/* Every fixture function of a running executable, by its runtime address. */
static void assert_all_functions(struct usyms *u, pid_t pid, const char *file,
				 const struct facts *f, const char *module)
{
	size_t i;

	for (i = 0; i < NFUNCTIONS; i++)
		assert_frame(u, pid, function_addr(pid, file, f, functions[i]) + 3, functions[i], 3,
			     module);
}

Test(usyms, running_pie_and_non_pie_executables)
{
	const char *files[] = { FIXTURE("elfsym_pie"), FIXTURE("elfsym_nopie") };
	char real[PATH_MAX];
	struct usyms *u = usyms_new();
	struct facts *f;
	pid_t pid;
	size_t i;

	cr_assert(u);
	for (i = 0; i < 2; i++) {
		cr_assert(realpath(files[i], real));
		f = read_facts(files[i]);
		pid = start_fixture(files[i]);
		cr_assert_eq(usyms_note_process(u, pid), 0);
		assert_all_functions(u, pid, real, f, real);
		/* the aliases' address: the global that sorts first names it */
		assert_frame(u, pid, function_addr(pid, real, f, "elfsym_zzz_global"), "elfsym_add",
			     0, real);
		stop(pid);
		free(f);
	}
	usyms_free(u);
}

/* Noted while it ran, resolved after it was reaped: its maps were kept. */
Test(usyms, a_noted_process_resolves_after_it_exits)
{
	const char *file = FIXTURE("elfsym_pie");
	struct facts *f = read_facts(file);
	struct usyms *u = usyms_new();
	__u64 addrs[NFUNCTIONS];
	char real[PATH_MAX];
	struct usym s;
	pid_t pid, never;
	size_t i;

	cr_assert(u && realpath(file, real));
	pid = start_fixture(file);
	for (i = 0; i < NFUNCTIONS; i++)
		addrs[i] = function_addr(pid, real, f, functions[i]);
	cr_assert_eq(usyms_note_process(u, pid), 0);
	stop(pid);
	for (i = 0; i < NFUNCTIONS; i++)
		assert_frame(u, pid, addrs[i] + 1, functions[i], 1, real);

	/* one never noted and gone is unknown: false */
	never = start_fixture(file);
	stop(never);
	cr_assert_not(usyms_resolve(u, never, addrs[0], &s));
	cr_assert_eq(usyms_note_process(u, never), -ESRCH);
	usyms_free(u);
	free(f);
}

/*
 * Read again as it exits, when its memory is gone but it is not (a zombie
 * here): the maps read while it ran still name its frames.
 */
Test(usyms, a_process_read_again_as_it_exits_keeps_its_maps)
{
	const char *file = FIXTURE("elfsym_pie");
	struct facts *f = read_facts(file);
	struct usyms *u = usyms_new();
	char real[PATH_MAX], stat[64], state = 0;
	__u64 addr;
	FILE *in;
	pid_t pid;
	int i;

	cr_assert(u && realpath(file, real));
	pid = start_fixture(file);
	addr = function_addr(pid, real, f, "elfsym_add");
	cr_assert_eq(usyms_note_process(u, pid), 0);
	kill(pid, SIGKILL);
	snprintf(stat, sizeof(stat), "/proc/%d/stat", (int)pid);
	for (i = 0; i < 1000 && state != 'Z'; i++, usleep(1000)) {
		cr_assert((in = fopen(stat, "r")));
		cr_assert_eq(fscanf(in, "%*d %*s %c", &state), 1);
		fclose(in);
	}
	cr_assert_eq(state, 'Z', "%d not a zombie after 1 s", (int)pid);
	cr_assert_eq(usyms_note_exec(u, pid), 0); /* its maps read again: empty */
	assert_frame(u, pid, addr + 2, "elfsym_add", 2, real);
	cr_assert_eq(waitpid(pid, NULL, 0), pid);
	usyms_free(u);
	free(f);
}

/*
 * The PIE fixture copied to tmp (a mkstemp() template), started, its
 * functions' addresses into addrs, and the copy unlinked: only the process
 * still reaches the file, through /proc/PID/map_files.
 */
static pid_t start_deleted(char *tmp, const struct facts *f, __u64 *addrs)
{
	char cmd[PATH_MAX * 2];
	int fd = mkstemp(tmp);
	pid_t pid;
	size_t i;

	cr_assert(fd >= 0);
	close(fd);
	snprintf(cmd, sizeof(cmd), "cp %s %s && chmod 755 %s", FIXTURE("elfsym_pie"), tmp, tmp);
	cr_assert_eq(system(cmd), 0);
	pid = start_fixture(tmp);
	for (i = 0; i < NFUNCTIONS; i++)
		addrs[i] = function_addr(pid, tmp, f, functions[i]);
	cr_assert_eq(unlink(tmp), 0);
	cr_assert(access(tmp, F_OK), "still there");
	return pid;
}

Test(usyms, a_deleted_binary_resolves_through_map_files)
{
	char tmp[] = "/tmp/usyms-deleted-XXXXXX";
	struct facts *f = read_facts(FIXTURE("elfsym_pie"));
	struct usyms *u = usyms_new();
	__u64 addrs[NFUNCTIONS];
	pid_t pid = start_deleted(tmp, f, addrs);
	size_t i;

	cr_assert(u);
	for (i = 0; i < NFUNCTIONS; i++)
		assert_frame(u, pid, addrs[i] + 2, functions[i], 2, tmp);
	stop(pid);
	usyms_free(u);
	free(f);
}

/*
 * Held while it ran (usyms_hold(): what a stack tool does as it learns of
 * a stack), a deleted binary is named after its process exited, when
 * nothing else reaches the file: its symbols are read only then.
 */
Test(usyms, a_binary_held_while_running_resolves_after_exit)
{
	char tmp[] = "/tmp/usyms-held-XXXXXX";
	struct facts *f = read_facts(FIXTURE("elfsym_pie"));
	struct usyms *u = usyms_new();
	__u64 addrs[NFUNCTIONS];
	pid_t pid = start_deleted(tmp, f, addrs);
	size_t i;

	cr_assert(u);
	for (i = 0; i < NFUNCTIONS; i++)
		cr_assert(usyms_hold(u, pid, addrs[i]), "%s not mapped", functions[i]);
	cr_assert_not(usyms_hold(u, pid, 8), "address 8 mapped");
	stop(pid);
	for (i = 0; i < NFUNCTIONS; i++)
		assert_frame(u, pid, addrs[i] + 2, functions[i], 2, tmp);
	usyms_free(u);
	free(f);
}

/*
 * The stripped library knows only its .dynsym; its static function is in
 * the debug file its .gnu_debuglink names, next to it. dlsym() places the
 * library; nm of the unstripped copy (same layout) places the function.
 */
Test(usyms, a_stripped_library_resolves_through_its_debuglink)
{
	const char *file = FIXTURE("libelfsym-stripped.so");
	struct facts *f = read_facts(FIXTURE("libelfsym.so"));
	struct usyms *u = usyms_new();
	char real[PATH_MAX];
	void *lib, *add;
	__u64 bias;

	cr_assert(u && realpath(file, real));
	lib = dlopen(file, RTLD_NOW | RTLD_LOCAL);
	cr_assert(lib, "%s", dlerror());
	cr_assert((add = dlsym(lib, "elfsym_add")));
	bias = (__u64)(unsigned long)add - nm_addr(f, "elfsym_add");
	assert_frame(u, getpid(), bias + nm_addr(f, "elfsym_static_helper") + 2,
		     "elfsym_static_helper", 2, real);
	assert_frame(u, getpid(), bias + nm_addr(f, "elfsym_mul"), "elfsym_mul", 0, real);
	usyms_free(u);
	dlclose(lib);
	free(f);
}

/*
 * A child that loads `lib` with /usr/lib/debug a tmpfs of its own mount
 * namespace holding `debug` at its build-id path: the debug file exists
 * only under /proc/PID/root. It writes elfsym_add's address, then waits.
 */
static pid_t start_with_private_debug(const char *lib, const char *debug, const char *id,
				      unsigned long *add)
{
	char dir[PATH_MAX], cmd[3 * PATH_MAX];
	int fds[2];
	void *h;
	pid_t pid;

	cr_assert_eq(pipe(fds), 0);
	pid = fork();
	cr_assert(pid >= 0);
	if (!pid) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		snprintf(dir, sizeof(dir), "/usr/lib/debug/.build-id/%.2s", id);
		snprintf(cmd, sizeof(cmd), "mkdir -p %s && cp %s %s/%s.debug", dir, debug, dir,
			 id + 2);
		if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
		    mount("tmpfs", "/usr/lib/debug", "tmpfs", 0, "size=16m") || system(cmd) ||
		    !(h = dlopen(lib, RTLD_NOW)) || !(*add = (unsigned long)dlsym(h, "elfsym_add")))
			_exit(1);
		if (write(fds[1], add, sizeof(*add)) != sizeof(*add))
			_exit(1);
		for (;;)
			pause();
	}
	close(fds[1]);
	cr_assert_eq(read(fds[0], add, sizeof(*add)), (ssize_t)sizeof(*add),
		     "the child could not set up its /usr/lib/debug");
	close(fds[0]);
	return pid;
}

/*
 * A stripped library whose debuglink leads nowhere (it was alone in its
 * directory, since removed): its debug file is found by build-id, in the
 * process's root.
 */
Test(usyms, a_debug_file_found_by_build_id_in_the_process_s_root)
{
	struct facts *f = read_facts(FIXTURE("libelfsym.so")),
		     *stripped = read_facts(FIXTURE("libelfsym-stripped.so"));
	char dir[] = "/tmp/usyms-buildid-XXXXXX", lib[PATH_MAX], cmd[2 * PATH_MAX], host[PATH_MAX];
	struct usyms *u = usyms_new();
	unsigned long add;
	__u64 bias;
	pid_t pid;

	cr_assert(u && mkdtemp(dir) && stripped->build_id[0]);
	snprintf(lib, sizeof(lib), "%s/libelfsym-stripped.so", dir);
	snprintf(cmd, sizeof(cmd), "cp %s %s", FIXTURE("libelfsym-stripped.so"), lib);
	cr_assert_eq(system(cmd), 0);
	snprintf(host, sizeof(host), "/usr/lib/debug/.build-id/%.2s/%s.debug", stripped->build_id,
		 stripped->build_id + 2);
	cr_assert(access(host, F_OK), "%s is on the host: the test would prove nothing", host);
	pid = start_with_private_debug(lib, FIXTURE("libelfsym.so.debug"), stripped->build_id,
				       &add);
	/* gone before the lookup: nothing left behind, and only map_files reaches it */
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
	bias = add - nm_addr(f, "elfsym_add");
	assert_frame(u, pid, bias + nm_addr(f, "elfsym_static_helper") + 1, "elfsym_static_helper",
		     1, lib);
	stop(pid);
	usyms_free(u);
	free(stripped);
	free(f);
}

/* A library loaded after the process was noted: the miss reads its maps again. */
Test(usyms, a_library_loaded_after_noting_is_found)
{
	const char *file = FIXTURE("libelfsym.so");
	struct usyms *u = usyms_new();
	char real[PATH_MAX];
	void *lib, *mul;

	cr_assert(u && realpath(file, real));
	cr_assert_eq(usyms_note_process(u, getpid()), 0);
	lib = dlopen(file, RTLD_NOW | RTLD_LOCAL);
	cr_assert(lib, "%s", dlerror());
	cr_assert((mul = dlsym(lib, "elfsym_mul")));
	assert_frame(u, getpid(), (unsigned long)mul + 4, "elfsym_mul", 4, real);
	usyms_free(u);
	dlclose(lib);
}

/* Code in anonymous executable memory, named by /tmp/perf-PID.map. */
Test(usyms, jit_code_is_named_by_the_perf_map)
{
	long page = sysconf(_SC_PAGESIZE);
	char *jit = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE | PROT_EXEC,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char path[64];
	struct usyms *u = usyms_new();
	struct usym s;
	FILE *map;

	cr_assert(u && jit != MAP_FAILED);
	snprintf(path, sizeof(path), "/tmp/perf-%d.map", (int)getpid());
	cr_assert((map = fopen(path, "w")));
	fprintf(map, "%lx 40 jit_one\n0x%lx 0x80 LazyCompile:~hello world.js:1\n",
		(unsigned long)jit, (unsigned long)jit + 0x40);
	fclose(map);

	cr_assert(usyms_resolve(u, getpid(), (unsigned long)jit + 0x10, &s));
	unlink(path);
	cr_assert(s.name && !strcmp(s.name, "jit_one"), "%s", s.name ?: "nothing");
	cr_assert_eq(s.offset, 0x10);
	cr_assert_eq(s.kind, USYM_JIT);
	cr_assert(usyms_resolve(u, getpid(), (unsigned long)jit + 0xbf, &s));
	cr_assert(s.name && !strcmp(s.name, "LazyCompile:~hello world.js:1"));
	cr_assert_eq(s.offset, 0x7f);
	cr_assert_eq(s.kind, USYM_JIT);
	/* the same region past what the map names: anonymous, unknown */
	cr_assert(usyms_resolve(u, getpid(), (unsigned long)jit + page, &s));
	cr_assert_null(s.name);
	cr_assert_eq(s.kind, USYM_UNKNOWN);
	cr_assert_str_eq(s.module, "[anon]");
	usyms_free(u);
	munmap(jit, 2 * page);
}

/*
 * The runtime appends as it compiles: lines added after the first read are
 * read on a later miss (at most once a second), a line still without its
 * newline only once it has one, and what was read stays found.
 */
Test(usyms, jit_code_compiled_later_is_found)
{
	long page = sysconf(_SC_PAGESIZE);
	char *jit = mmap(NULL, page, PROT_READ | PROT_WRITE | PROT_EXEC,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char path[64];
	struct usyms *u = usyms_new();
	struct usym s;
	FILE *map;

	cr_assert(u && jit != MAP_FAILED);
	snprintf(path, sizeof(path), "/tmp/perf-%d.map", (int)getpid());
	cr_assert((map = fopen(path, "w")));
	fprintf(map, "%lx 10 early\n%lx 10 la", (unsigned long)jit, (unsigned long)jit + 0x10);
	fflush(map);
	cr_assert(usyms_resolve(u, getpid(), (unsigned long)jit + 1, &s));
	cr_assert(s.name && !strcmp(s.name, "early"));
	cr_assert(usyms_resolve(u, getpid(), (unsigned long)jit + 0x11, &s));
	cr_assert_null(s.name, "a torn line was read: %s", s.name);
	fprintf(map, "te\n%lx 10 later\n", (unsigned long)jit + 0x20);
	fclose(map);
	usleep(1100 * 1000);
	cr_assert(usyms_resolve(u, getpid(), (unsigned long)jit + 0x21, &s));
	cr_assert(s.name && !strcmp(s.name, "later"), "%s", s.name ?: "nothing");
	cr_assert(usyms_resolve(u, getpid(), (unsigned long)jit + 0x12, &s));
	cr_assert(s.name && !strcmp(s.name, "late"), "%s", s.name ?: "nothing");
	cr_assert_eq(s.kind, USYM_JIT);
	cr_assert(usyms_resolve(u, getpid(), (unsigned long)jit + 2, &s));
	cr_assert(s.name && !strcmp(s.name, "early"));
	unlink(path);
	usyms_free(u);
	munmap(jit, page);
}

/* Our own vdso's clock_gettime, which the dynamic loader knows as linux-vdso.so.1. */
Test(usyms, a_vdso_address_resolves_to_the_vdso_s_function)
{
	void *vdso = dlopen("linux-vdso.so.1", RTLD_NOW | RTLD_NOLOAD);
	unsigned long base = getauxval(AT_SYSINFO_EHDR);
	struct usyms *u = usyms_new();
	struct usym s;
	void *fn;

	cr_assert(u && vdso && base, "%s", dlerror());
	fn = dlsym(vdso, "__vdso_clock_gettime") ?: dlsym(vdso, "__kernel_clock_gettime");
	cr_assert(fn, "%s", dlerror());
	cr_assert((unsigned long)fn > base && (unsigned long)fn - base < 1 << 20);
	cr_assert(usyms_resolve(u, getpid(), (unsigned long)fn + 1, &s));
	cr_assert(s.name && (starts_with(s.name, "__vdso_") || starts_with(s.name, "__kernel_")),
		  "%s", s.name ?: "nothing");
	cr_assert(strstr(s.name, "clock_gettime"), "%s", s.name);
	cr_assert_eq(s.offset, 1);
	cr_assert_eq(s.kind, USYM_USER);
	cr_assert_str_eq(s.module, "[vdso]");
	usyms_free(u);
	dlclose(vdso);
}

/* Memory no perf map names, and an address nothing maps: unknown, with a module. */
Test(usyms, what_nothing_names_is_unknown_with_a_module)
{
	long page = sysconf(_SC_PAGESIZE);
	char *anon = mmap(NULL, page, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct usyms *u = usyms_new();
	struct usym s;

	cr_assert(u && anon != MAP_FAILED);
	cr_assert(usyms_resolve(u, getpid(), (unsigned long)anon + 8, &s));
	cr_assert_null(s.name, "%s", s.name);
	cr_assert_eq(s.kind, USYM_UNKNOWN);
	cr_assert_str_eq(s.module, "[anon]");
	cr_assert(usyms_resolve(u, getpid(), 0x10, &s));
	cr_assert_null(s.name, "%s", s.name);
	cr_assert_eq(s.kind, USYM_UNKNOWN);
	cr_assert_str_eq(s.module, "[unknown]");
	usyms_free(u);
	munmap(anon, page);
}

/*
 * Source lines and inlined frames, from the DWARF fixtures
 * (fixtures/inline_target.c): which address holds what is addr2line's
 * word (inline_target.lines), the lines expected are the source's markers.
 */

/* The first address addr2line places in `fn` at `marker`, inlined into `outer` (or fn itself). */
static unsigned long long a2l_find(const struct a2l *all, size_t n, const char *fn,
				   const char *marker, const char *outer)
{
	unsigned line = marker_line(marker);
	size_t i;

	for (i = 0; i < n; i++)
		if (all[i].n && !strcmp(all[i].f[0].name, fn) && all[i].f[0].line == line &&
		    !strcmp(all[i].f[all[i].n - 1].name, outer))
			return all[i].addr;
	cr_assert_fail("addr2line places nothing of %s at %s in %s", fn, marker, outer);
	return 0;
}

/* The frame's file is the fixture's source, at the line of `marker`. */
static void assert_line(const char *file, unsigned line, const char *marker)
{
	cr_assert(is_fixture_source(file), "%s", file ?: "no file");
	cr_assert_eq(line, marker_line(marker), "line %u, the source's %s is %u", line, marker,
		     marker_line(marker));
}

/*
 * In the code inline_outer holds of inline_leaf (inlined into
 * inline_middle, inlined into inline_outer): the frame is inline_outer's
 * at its call into inline_middle, the inlined frames inline_leaf's at its
 * own line and inline_middle's at its call into inline_leaf.
 */
static void assert_leaf_frames(struct usyms *u, pid_t pid, const char *path, const struct facts *f,
			       unsigned long long vaddr, const char *module)
{
	__u64 addr = runtime_addr(pid, path, file_offset(f, vaddr));
	struct usym_inline in[4];
	struct usym s;

	assert_frame(u, pid, addr, "inline_outer", vaddr - nm_addr(f, "inline_outer"), module);
	cr_assert(usyms_lookup(u, pid, addr, USYMS_LINE, &s));
	cr_assert(s.name && !strcmp(s.name, "inline_outer"), "%s", s.name ?: "nothing");
	assert_line(s.file, s.line, "outer_call");
	cr_assert_eq(usyms_inlined(u, pid, addr, in, 4), 2);
	cr_assert(in[0].name && !strcmp(in[0].name, "inline_leaf"), "%s", in[0].name);
	assert_line(in[0].file, in[0].line, "leaf");
	cr_assert(in[1].name && !strcmp(in[1].name, "inline_middle"), "%s", in[1].name);
	assert_line(in[1].file, in[1].line, "middle_call");
	/* a short buffer keeps the innermost */
	cr_assert_eq(usyms_inlined(u, pid, addr, in, 1), 1);
	cr_assert(in[0].name && !strcmp(in[0].name, "inline_leaf"), "%s", in[0].name);
}

/* No line and no inlined frame at addr, the name still there. */
static void assert_no_lines(struct usyms *u, pid_t pid, __u64 addr, const char *fn)
{
	struct usym_inline in[4];
	struct usym s;

	cr_assert(usyms_lookup(u, pid, addr, USYMS_LINE, &s));
	cr_assert(s.name && !strcmp(s.name, fn), "%s", s.name ?: "nothing");
	cr_assert(!s.file && !s.line, "%s:%u", s.file, s.line);
	cr_assert_eq(usyms_inlined(u, pid, addr, in, 4), 0);
}

Test(usyms, lines_and_inlined_frames_of_a_running_executable)
{
	const char *file = FIXTURE("inline_target");
	struct facts *f = read_facts(file);
	struct usyms *u = usyms_new();
	char real[PATH_MAX];
	struct a2l *all;
	size_t n;
	pid_t pid;

	cr_assert(u && realpath(file, real));
	all = read_a2l(&n);
	pid = start_fixture(real);
	assert_leaf_frames(u, pid, real, f, a2l_find(all, n, "inline_leaf", "leaf", "inline_outer"),
			   real);
	stop(pid);
	usyms_free(u);
	free(all);
	free(f);
}

/*
 * The stripped copy has neither symbols nor DWARF: both come from its
 * debug file, found by build-id under the debug directory the test names
 * (the fixtures' stand-in for /usr/lib/debug). Without it, nothing.
 */
Test(usyms, a_stripped_executable_s_lines_come_from_its_debug_file)
{
	const char *file = FIXTURE("inline_target-stripped");
	struct facts *f = read_facts(FIXTURE("inline_target")); /* the same layout */
	struct usyms *u = usyms_new(), *plain = usyms_new();
	char real[PATH_MAX];
	unsigned long long vaddr;
	struct usym s;
	struct a2l *all;
	size_t n;
	pid_t pid;

	cr_assert(u && plain && realpath(file, real));
	cr_assert_eq(usyms_set_debug_dir(u, FIXTURE("debug")), 0);
	cr_assert_eq(usyms_set_debug_dir(u, "relative/debug"), -EINVAL);
	all = read_a2l(&n);
	vaddr = a2l_find(all, n, "inline_leaf", "leaf", "inline_outer");
	pid = start_fixture(real);
	assert_leaf_frames(u, pid, real, f, vaddr, real);
	cr_assert(usyms_lookup(plain, pid, runtime_addr(pid, real, file_offset(f, vaddr)),
			       USYMS_LINE, &s));
	cr_assert(!s.name && !s.file && !s.line, "%s %s:%u without the debug file", s.name, s.file,
		  s.line);
	stop(pid);
	usyms_free(plain);
	usyms_free(u);
	free(all);
	free(f);
}

/*
 * A copy without DWARF keeps its .symtab: names, but no lines, and no
 * crash; its debug file (same build-id), once it can be found, adds them.
 * usyms_resolve() alone gives no line, even where there is DWARF.
 */
Test(usyms, a_binary_without_dwarf_has_names_and_no_lines)
{
	const char *file = FIXTURE("inline_target-nodwarf");
	struct facts *f = read_facts(FIXTURE("inline_target"));
	struct usyms *u = usyms_new(), *debug = usyms_new();
	char real[PATH_MAX], with[PATH_MAX];
	unsigned long long vaddr;
	struct a2l *all;
	struct usym s;
	size_t n;
	pid_t pid, pid_with;

	cr_assert(u && debug && realpath(file, real) && realpath(FIXTURE("inline_target"), with));
	cr_assert_eq(usyms_set_debug_dir(debug, FIXTURE("debug")), 0);
	all = read_a2l(&n);
	vaddr = a2l_find(all, n, "inline_leaf", "leaf", "inline_outer");
	pid = start_fixture(real);
	assert_no_lines(u, pid, runtime_addr(pid, real, file_offset(f, vaddr)), "inline_outer");
	assert_leaf_frames(debug, pid, real, f, vaddr, real);
	pid_with = start_fixture(with);
	cr_assert(usyms_resolve(u, pid_with, runtime_addr(pid_with, with, file_offset(f, vaddr)),
				&s));
	cr_assert(s.name && !strcmp(s.name, "inline_outer"), "%s", s.name ?: "nothing");
	cr_assert(!s.file && !s.line, "%s:%u", s.file, s.line);
	stop(pid_with);
	stop(pid);
	usyms_free(debug);
	usyms_free(u);
	free(all);
	free(f);
}

/*
 * A file's DWARF is read at its first line lookup, which may come after
 * its process is gone (its symbols were read while it ran): the file is
 * then opened on the host, its debug file found again by build-id.
 */
Test(usyms, lines_of_a_process_that_exited)
{
	const char *file = FIXTURE("inline_target-stripped");
	struct facts *f = read_facts(FIXTURE("inline_target"));
	struct usyms *u = usyms_new();
	struct usym_inline in[4];
	unsigned long long vaddr;
	char real[PATH_MAX];
	struct a2l *all;
	struct usym s;
	__u64 addr;
	size_t n;
	pid_t pid;

	cr_assert(u && realpath(file, real));
	cr_assert_eq(usyms_set_debug_dir(u, FIXTURE("debug")), 0);
	all = read_a2l(&n);
	vaddr = a2l_find(all, n, "inline_leaf", "leaf", "inline_outer");
	pid = start_fixture(real);
	addr = runtime_addr(pid, real, file_offset(f, vaddr));
	assert_frame(u, pid, addr, "inline_outer", vaddr - nm_addr(f, "inline_outer"), real);
	stop(pid);
	cr_assert(usyms_lookup(u, pid, addr, USYMS_LINE, &s));
	assert_line(s.file, s.line, "outer_call");
	cr_assert_eq(usyms_inlined(u, pid, addr, in, 4), 2);
	cr_assert(in[0].name && !strcmp(in[0].name, "inline_leaf"), "%s", in[0].name);
	assert_line(in[0].file, in[0].line, "leaf");
	usyms_free(u);
	free(all);
	free(f);
}

/*
 * A return address's line is its call's: at the first byte past a run of
 * main's code on the line of its call to inline_outer, USYMS_LINE gives
 * that byte's own line and USYMS_RETURN the call's, with the name and
 * offset of the address itself.
 */
Test(usyms, a_return_address_has_the_line_of_the_call_before_it)
{
	const char *file = FIXTURE("inline_target");
	struct facts *f = read_facts(file);
	struct usyms *u = usyms_new();
	unsigned call = marker_line("main_call");
	const struct a2l *before, *after = NULL;
	char real[PATH_MAX];
	struct a2l *all;
	struct usym s;
	size_t n, i;
	__u64 addr;
	pid_t pid;

	cr_assert(u && realpath(file, real));
	all = read_a2l(&n);
	for (i = 0; i < n && !after; i++) {
		before = &all[i];
		after = a2l_at(all, n, before->addr + 1);
		if (!after || strcmp(before->f[0].name, "main") || before->f[0].line != call ||
		    strcmp(after->f[0].name, "main") || after->f[0].line == call)
			after = NULL;
	}
	cr_assert(after, "no line of main's follows its call's");
	pid = start_fixture(real);
	addr = runtime_addr(pid, real, file_offset(f, after->addr));
	cr_assert(usyms_lookup(u, pid, addr, USYMS_LINE, &s));
	cr_assert_eq(s.line, after->f[0].line, "line %u, addr2line says %u", s.line,
		     after->f[0].line);
	cr_assert(usyms_lookup(u, pid, addr, USYMS_LINE | USYMS_RETURN, &s));
	cr_assert(s.name && !strcmp(s.name, "main"), "%s", s.name ?: "nothing");
	cr_assert_eq(s.offset, after->addr - nm_addr(f, "main"));
	assert_line(s.file, s.line, "main_call");
	stop(pid);
	usyms_free(u);
	free(all);
	free(f);
}
