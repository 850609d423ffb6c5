// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * symbench: what the user-space symbolizer (common/usyms.h) costs a stack
 * tool, measured on real processes and the files they really map.
 *
 * `symbench stacks [NSTACKS]`: start 50 processes of six programs (this
 * one asleep, which maps libbpf, libelf, libz and libm; sleep; cat;
 * python3; perl; clang, a C++ program of 110 MB of libLLVM and 60,000
 * exported functions, reading C from a pipe; a program not installed is
 * left out), read their executable mappings, and make NSTACKS
 * (100,000) stacks of 20 frames, each a pid's, no two alike (a seeded
 * pseudo-random choice, duplicates drawn again). A frame is a function's
 * start, as the mapped file's symbol table says through libelf (read here,
 * not through the code measured), plus an offset into it; one in fifty
 * lies where the process maps no code. Then every frame is named the way
 * the stack tools name it (usyms_resolve() through one struct usyms, which
 * is what common/stackprint.c frame_user() does): cold, by a new usyms that
 * reads every process's maps and every file's symbols on first use, then
 * warm, all of it read. Printed: wall and CPU time, peak RSS (VmHWM, reset
 * through /proc/self/clear_refs just before), RSS after, the frames named
 * and unknown, and named frames whose function does not start where libelf
 * says. The targets are the issue's: under 1 s and 64 MiB.
 *
 * `symbench big LIB`: LIB (libsymbig.so, tests/bench/symbig.S: 400,000
 * functions, 107 MiB) dlopen()ed by two processes, A and B, both noted as
 * a tool notes a new pid (their maps read); then the first lookup in A,
 * which loads the file's symbols, 100,000 lookups in A after it, and the
 * first lookup in B, which must find them loaded: the cache is per file.
 * The file is in the page cache (just built, and read here to choose the
 * addresses): what is timed is the symbolizer, not the disk.
 *
 * Each of SYMBENCH_ROUNDS (3) rounds starts from a new usyms; times are the
 * fastest round's, RSS figures the first round's (later rounds reuse the
 * heap an earlier one freed). The processes are killed and reaped at the
 * end, on failure, on SIGINT or SIGTERM, and die with symbench if it is
 * killed (PR_SET_PDEATHSIG).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "usyms.h"

#define NPROCS		  50
#define NFRAMES		  20
#define DEFAULT_STACKS	  100000
#define OUTSIDE_PER_MILLE 20 /* frames where no code is mapped: 2% */
#define BIG_LOOKUPS	  100000
#define SETTLE_MS	  20000 /* python3 on a loaded machine */
#define SEED		  0x5eed5eedULL
#define MIB		  (1024.0 * 1024.0)

/* ---- the processes: started, and always killed and reaped ---------------- */

static pid_t children[NPROCS + 2];
static int nchildren;

static void kill_children(void)
{
	int i;

	for (i = 0; i < nchildren; i++)
		kill(children[i], SIGKILL);
	for (i = 0; i < nchildren; i++)
		while (waitpid(children[i], NULL, 0) < 0 && errno == EINTR)
			;
	nchildren = 0;
}

static void on_signal(int sig)
{
	kill_children(); /* kill() and waitpid() are async-signal-safe */
	signal(sig, SIG_DFL);
	raise(sig);
}

static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("symbench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1); /* kill_children() runs at exit */
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ?: 1, size);

	if (!p)
		die("out of memory");
	return p;
}

static void *xrealloc(void *p, size_t n, size_t size)
{
	if (n && size > SIZE_MAX / n)
		die("out of memory");
	if (!(p = realloc(p, n * size ?: 1)))
		die("out of memory");
	return p;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/*
 * Run path with argv, stdin from `in` (or /dev/null), output to /dev/null;
 * its pid once it has exec'ed (a close-on-exec pipe says when).
 */
static pid_t spawn(const char *path, char *const argv[], int in)
{
	pid_t parent = getpid(), pid;
	int status[2], err = 0, null;
	ssize_t n;

	if (pipe2(status, O_CLOEXEC))
		die("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		null = open("/dev/null", O_RDWR);
		if (null < 0 || dup2(in >= 0 ? in : null, 0) < 0 || dup2(null, 1) < 0 ||
		    dup2(null, 2) < 0)
			_exit(127);
		execv(path, argv);
		err = errno;
		if (write(status[1], &err, sizeof(err)) < 0)
			_exit(127);
		_exit(127);
	}
	children[nchildren++] = pid;
	close(status[1]);
	while ((n = read(status[0], &err, sizeof(err))) < 0 && errno == EINTR)
		;
	close(status[0]);
	if (n > 0)
		die("cannot run %s: %s", path, strerror(err));
	return pid;
}

/* The state letter in /proc/PID/stat ('S': asleep), or 0. */
static char proc_state(pid_t pid)
{
	char path[64], buf[1024], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')'); /* past the comm, which may hold anything */
	return p && p[1] == ' ' ? p[2] : 0;
}

/*
 * Wait until process pid sleeps: none of these programs sleeps before the
 * wait it was started for, so its mappings are all there by then.
 */
static void wait_asleep(pid_t pid, const char *name)
{
	double start = now_ms();
	siginfo_t si;

	while (proc_state(pid) != 'S') {
		memset(&si, 0, sizeof(si));
		if (!waitid(P_PID, pid, &si, WEXITED | WNOHANG | WNOWAIT) && si.si_pid == pid)
			die("%s (pid %d) exited before it settled", name, (int)pid);
		if (now_ms() - start > SETTLE_MS)
			die("%s (pid %d) did not settle in %d s", name, (int)pid, SETTLE_MS / 1000);
		usleep(1000);
	}
}

/* ---- the files' functions, read with libelf ------------------------------ */

/* A function as a file offset (where its mapping starts it) and a size. */
struct func {
	__u64 off, size;
};

/* A file some process maps code of, and its functions by offset. */
struct bfile {
	char dev[16];
	__u64 inode;
	char *path;
	struct func *f;
	size_t n;
};

static struct bfile *files;
static size_t nfiles;

static int func_cmp(const void *a, const void *b)
{
	const struct func *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->size < y->size ? 1 : x->size > y->size ? -1 : 0; /* the longest alias first */
}

/*
 * The sized functions of the file at path (from .symtab, or else .dynsym)
 * that an executable PT_LOAD holds, by file offset, one per offset.
 */
static void read_functions(struct bfile *b, const char *path)
{
	GElf_Phdr loads[16], ph;
	Elf_Scn *scn = NULL, *symtab = NULL, *dynsym = NULL;
	size_t nph, nloads = 0, i, j, n, cap = 0;
	Elf_Data *data;
	GElf_Shdr sh;
	GElf_Sym sym;
	int fd, type;
	Elf *e;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		die("%s: %s", path, strerror(errno));
	elf_version(EV_CURRENT);
	e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!e || elf_kind(e) != ELF_K_ELF || elf_getphdrnum(e, &nph))
		die("%s: not an ELF file libelf reads", path);
	for (i = 0; i < nph && nloads < 16; i++)
		if (gelf_getphdr(e, i, &ph) && ph.p_type == PT_LOAD && (ph.p_flags & PF_X))
			loads[nloads++] = ph;
	while ((scn = elf_nextscn(e, scn)))
		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_SYMTAB && !symtab)
			symtab = scn;
		else if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_DYNSYM && !dynsym)
			dynsym = scn;
	scn = symtab ?: dynsym;
	if (scn && gelf_getshdr(scn, &sh) && sh.sh_entsize && (data = elf_getdata(scn, NULL)) &&
	    data->d_buf) {
		n = data->d_size / sh.sh_entsize;
		for (i = 0; i < n; i++) {
			if (!gelf_getsym(data, i, &sym))
				continue;
			type = GELF_ST_TYPE(sym.st_info);
			if ((type != STT_FUNC && type != STT_GNU_IFUNC) ||
			    sym.st_shndx == SHN_UNDEF || !sym.st_value || !sym.st_size)
				continue;
			for (j = 0; j < nloads; j++)
				if (sym.st_value >= loads[j].p_vaddr &&
				    sym.st_value - loads[j].p_vaddr < loads[j].p_filesz)
					break;
			if (j == nloads)
				continue;
			if (b->n == cap)
				b->f = xrealloc(b->f, cap = cap ? 2 * cap : 1024, sizeof(*b->f));
			b->f[b->n++] =
				(struct func){ sym.st_value - loads[j].p_vaddr + loads[j].p_offset,
					       sym.st_size };
		}
	}
	elf_end(e);
	close(fd);
	qsort(b->f, b->n, sizeof(*b->f), func_cmp);
	for (i = j = 0; i < b->n; i++) /* one per offset: aliases are one function */
		if (!j || b->f[i].off != b->f[j - 1].off)
			b->f[j++] = b->f[i];
	b->n = j;
}

static struct bfile *file_get(const char *dev, __u64 inode, const char *path)
{
	static size_t cap;
	struct bfile *b;
	size_t i;

	for (i = 0; i < nfiles; i++)
		if (files[i].inode == inode && !strcmp(files[i].dev, dev))
			return &files[i];
	if (nfiles == cap)
		files = xrealloc(files, cap = cap ? 2 * cap : 32, sizeof(*files));
	b = &files[nfiles++];
	*b = (struct bfile){ .inode = inode, .path = strdup(path) };
	snprintf(b->dev, sizeof(b->dev), "%s", dev);
	read_functions(b, path);
	return b;
}

/* ---- the processes' executable mappings ---------------------------------- */

/* An executable mapping; b NULL for one of no file ([vdso], anonymous). */
struct pmap {
	struct bfile *b;
	__u64 start, end, pgoff;
	size_t lo, hi; /* the file's functions that start in it: b->f[lo, hi) */
};

struct proc {
	pid_t pid;
	const char *name;
	struct pmap *maps;
	size_t nmaps;
	size_t nfuncs; /* over every mapping */
};

/* The first of f[0, n) at offset off or above. */
static size_t func_at_or_above(const struct func *f, size_t n, __u64 off)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (f[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* p's executable mappings, read from /proc/PID/maps here (not by procmaps.c). */
static void read_maps(struct proc *p)
{
	char path[64], perms[8], dev[16], *line = NULL, *file;
	unsigned long long start, end, pgoff, inode;
	size_t len = 0, cap = 0;
	struct pmap *m;
	FILE *f;
	int at;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)p->pid);
	if (!(f = fopen(path, "re")))
		die("%s: %s", path, strerror(errno));
	while (getline(&line, &len, f) > 0) {
		if (sscanf(line, "%llx-%llx %7s %llx %15s %llu %n", &start, &end, perms, &pgoff,
			   dev, &inode, &at) != 6 ||
		    !strchr(perms, 'x'))
			continue;
		file = line + at;
		file[strcspn(file, "\n")] = '\0';
		if (p->nmaps == cap)
			p->maps = xrealloc(p->maps, cap = cap ? 2 * cap : 16, sizeof(*p->maps));
		m = &p->maps[p->nmaps++];
		*m = (struct pmap){ .start = start, .end = end, .pgoff = pgoff };
		if (file[0] != '/' || !inode)
			continue;
		m->b = file_get(dev, inode, file);
		m->lo = func_at_or_above(m->b->f, m->b->n, pgoff);
		m->hi = func_at_or_above(m->b->f, m->b->n, pgoff + (end - start));
		p->nfuncs += m->hi - m->lo;
	}
	free(line);
	fclose(f);
}

static const struct pmap *map_of(const struct proc *p, __u64 addr)
{
	size_t i;

	for (i = 0; i < p->nmaps; i++)
		if (addr >= p->maps[i].start && addr < p->maps[i].end)
			return &p->maps[i];
	return NULL;
}

/*
 * Where the function holding addr starts, by libelf's reading of the
 * mapped file, or 0 if no function holds it: what the symbolizer's answer
 * is checked against.
 */
static __u64 function_start(const struct proc *p, __u64 addr)
{
	const struct pmap *m = map_of(p, addr);
	const struct func *fn;
	__u64 off;
	size_t i;

	if (!m || !m->b)
		return 0;
	off = addr - m->start + m->pgoff;
	i = func_at_or_above(m->b->f, m->b->n, off + 1); /* past the last at or below */
	if (!i)
		return 0;
	fn = &m->b->f[i - 1];
	return off - fn->off < fn->size ? m->start + fn->off - m->pgoff : 0;
}

/* ---- pseudo-random stacks ------------------------------------------------ */

static __u64 rng_state = SEED;

static __u64 rng(void) /* splitmix64 */
{
	__u64 z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A function of p, chosen evenly among all it maps, plus an offset into it. */
static __u64 function_frame(const struct proc *p)
{
	size_t k = rng() % p->nfuncs, i;
	const struct pmap *m = NULL;
	const struct func *fn;
	__u64 off;

	for (i = 0; i < p->nmaps; i++) {
		m = &p->maps[i];
		if (k < m->hi - m->lo)
			break;
		k -= m->hi - m->lo;
	}
	fn = &m->b->f[m->lo + k];
	off = fn->off + rng() % fn->size;
	if (off - m->pgoff >= m->end - m->start)
		off = fn->off; /* a function running past its mapping's end */
	return m->start + off - m->pgoff;
}

/* An address in no executable mapping of p: a stack walked through garbage. */
static __u64 outside_frame(const struct proc *p)
{
	__u64 addr;

	do
		addr = 0x10000 + rng() % (0x7ff000000000ULL - 0x10000);
	while (map_of(p, addr));
	return addr;
}

static __u64 mix(__u64 h, __u64 v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdULL;
}

/* The input: stack s is frames addrs[s * NFRAMES ...] of procs[who[s]]. */
struct stacks {
	size_t n;
	__u64 *addrs;
	unsigned char *who;
	size_t planted_outside, redrawn;
};

static void make_stacks(struct stacks *st, const struct proc *procs, size_t nprocs)
{
	size_t nslots = 1, s, i, slot;
	__u64 *seen, h, *a;

	while (nslots < 2 * st->n)
		nslots <<= 1;
	seen = xcalloc(nslots, sizeof(*seen)); /* the stacks' hashes: no two stacks alike */
	st->addrs = xcalloc(st->n * NFRAMES, sizeof(*st->addrs));
	st->who = xcalloc(st->n, 1);
	for (s = 0; s < st->n; s++) {
		size_t outside = 0;

		a = &st->addrs[s * NFRAMES];
		st->who[s] = rng() % nprocs;
		h = mix(SEED, procs[st->who[s]].pid);
		for (i = 0; i < NFRAMES; i++) {
			if (rng() % 1000 < OUTSIDE_PER_MILLE) {
				a[i] = outside_frame(&procs[st->who[s]]);
				outside++;
			} else {
				a[i] = function_frame(&procs[st->who[s]]);
			}
			h = mix(h, a[i]);
		}
		h |= !h; /* 0 marks a free slot */
		for (slot = h & (nslots - 1); seen[slot] && seen[slot] != h;)
			slot = (slot + 1) & (nslots - 1);
		if (seen[slot]) {
			st->redrawn++;
			s--; /* the same stack again, or one of the same hash: draw another */
			continue;
		}
		seen[slot] = h;
		st->planted_outside += outside;
	}
	free(seen);
}

/* ---- measuring ----------------------------------------------------------- */

/* The "<key> <kB>" line of /proc/self/status, in MiB. */
static double status_mib(const char *key)
{
	char line[256];
	size_t len = strlen(key);
	long kib = -1;
	FILE *f = fopen("/proc/self/status", "re");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, len) && line[len] == ':') {
			kib = strtol(line + len + 1, NULL, 10);
			break;
		}
	if (f)
		fclose(f);
	if (kib < 0)
		die("no %s in /proc/self/status", key);
	return kib / 1024.0;
}

/* VmHWM starts again from the RSS of now ("5" to clear_refs, Linux 4.0+). */
static void reset_peak(void)
{
	int fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);

	if (fd < 0 || write(fd, "5", 1) != 1)
		die("cannot reset the peak RSS: /proc/self/clear_refs: %s", strerror(errno));
	close(fd);
}

struct tally {
	size_t named, unknown, gone, wrong, missed;
};

/* Every frame of every stack named, as the stack tools name them. */
static void resolve_all(struct usyms *u, const struct stacks *st, const struct proc *procs,
			struct tally *t)
{
	const __u64 *a;
	struct usym sym;
	size_t s, i;
	pid_t pid;

	for (s = 0; s < st->n; s++) {
		pid = procs[st->who[s]].pid;
		a = &st->addrs[s * NFRAMES];
		for (i = 0; i < NFRAMES; i++)
			if (!usyms_resolve(u, pid, a[i], &sym))
				t->gone++;
			else if (sym.name)
				t->named++;
			else
				t->unknown++;
	}
}

/* The same, each answer checked against libelf's functions (not timed). */
static void check_all(struct usyms *u, const struct stacks *st, const struct proc *procs,
		      struct tally *t)
{
	const struct proc *p;
	struct usym sym;
	__u64 addr, want;
	size_t s, i;

	for (s = 0; s < st->n; s++) {
		p = &procs[st->who[s]];
		for (i = 0; i < NFRAMES; i++) {
			addr = st->addrs[s * NFRAMES + i];
			want = function_start(p, addr);
			if (!usyms_resolve(u, p->pid, addr, &sym))
				t->gone++;
			else if (sym.name && addr - sym.offset != want)
				t->wrong++;
			else if (!sym.name && want)
				t->missed++;
		}
	}
}

static int rounds(void)
{
	const char *s = getenv("SYMBENCH_ROUNDS");
	int n = s ? atoi(s) : 3;

	return n > 0 ? n : 1;
}

static const char *self_exe(void)
{
	static char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);

	if (n <= 0)
		die("/proc/self/exe: %s", strerror(errno));
	path[n] = '\0';
	return path;
}

/* ---- symbench stacks ----------------------------------------------------- */

struct program {
	const char *name;
	const char *path; /* NULL: symbench itself */
	const char *argv[8];
	bool stdin_pipe; /* its stdin a pipe no one writes to */
};

static const struct program programs[] = {
	{ "symbench", NULL, { "symbench", "--sleep" } },
	{ "sleep", "/usr/bin/sleep", { "sleep", "1000000" } },
	{ "cat", "/usr/bin/cat", { "cat" }, true },
	{ "python3",
	  "/usr/bin/python3",
	  { "python3", "-I", "-S", "-c", "import time; time.sleep(1e6)" } },
	{ "perl", "/usr/bin/perl", { "perl", "-e", "sleep" } },
	{ "clang", "/usr/bin/clang", { "clang", "-fsyntax-only", "-x", "c", "-" }, true },
};
#define NPROGRAMS (sizeof(programs) / sizeof(programs[0]))

static int bench_stacks(size_t nstacks)
{
	const struct program *run[NPROGRAMS];
	struct proc procs[NPROCS] = { 0 };
	struct tally best_cold = { 0 }, check = { 0 }, t;
	double best_cold_ms = -1, best_cold_cpu = 0, best_warm_ms = -1, best_warm_cpu = 0;
	double before = 0, peak = 0, after = 0, first_cold_ms = 0, w0, c0, w1, c1;
	size_t nrun = 0, i, nfuncs = 0, frames = nstacks * NFRAMES;
	struct stacks st = { .n = nstacks };
	int r, nrounds = rounds(), idle[2];
	struct usyms *u;
	char names[256] = "";

	if (pipe2(idle, O_CLOEXEC))
		die("pipe: %s", strerror(errno));
	for (i = 0; i < NPROGRAMS; i++)
		if (!programs[i].path || !access(programs[i].path, X_OK))
			run[nrun++] = &programs[i];
	for (i = 0; i < NPROCS; i++) {
		const struct program *pg = run[i % nrun];

		procs[i].name = pg->name;
		procs[i].pid = spawn(pg->path ?: self_exe(), (char *const *)pg->argv,
				     pg->stdin_pipe ? idle[0] : -1);
	}
	for (i = 0; i < NPROCS; i++)
		wait_asleep(procs[i].pid, procs[i].name);
	for (i = 0; i < NPROCS; i++) {
		read_maps(&procs[i]);
		if (!procs[i].nfuncs)
			die("%s (pid %d) maps no function libelf knows", procs[i].name,
			    (int)procs[i].pid);
	}
	for (i = 0; i < nfiles; i++)
		nfuncs += files[i].n;
	for (i = 0; i < nrun; i++)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
			 i ? ", " : "", run[i]->name);
	make_stacks(&st, procs, NPROCS);

	for (r = 0; r < nrounds; r++) {
		memset(&t, 0, sizeof(t));
		if (!(u = usyms_new()))
			die("out of memory");
		if (!r)
			before = status_mib("VmRSS");
		reset_peak();
		w0 = now_ms(), c0 = cpu_ms();
		resolve_all(u, &st, procs, &t);
		w1 = now_ms(), c1 = cpu_ms();
		if (!r) {
			peak = status_mib("VmHWM");
			after = status_mib("VmRSS");
			first_cold_ms = w1 - w0;
		}
		if (best_cold_ms < 0 || w1 - w0 < best_cold_ms) {
			best_cold_ms = w1 - w0, best_cold_cpu = c1 - c0;
			best_cold = t;
		}
		w0 = now_ms(), c0 = cpu_ms();
		resolve_all(u, &st, procs, &t);
		w1 = now_ms(), c1 = cpu_ms();
		if (best_warm_ms < 0 || w1 - w0 < best_warm_ms)
			best_warm_ms = w1 - w0, best_warm_cpu = c1 - c0;
		if (!r)
			check_all(u, &st, procs, &check);
		usyms_free(u);
	}
	kill_children();

	printf("\nsymbolizer: %zu unique stacks of %d frames in %d processes, by usyms_resolve()\n",
	       st.n, NFRAMES, NPROCS);
	printf("(%zu programs: %s; %zu files with code, %zu functions);\n", nrun, names, nfiles,
	       nfuncs);
	printf("fastest of %d round%s, each with a new symbolizer; RSS of the first round\n",
	       nrounds, nrounds == 1 ? "" : "s");
	printf("  %-26s %8.1f ms  CPU %6.1f ms  %5.0f ns/frame  (first round %.1f ms; target 1 s)\n",
	       "cold: maps, symbols read", best_cold_ms, best_cold_cpu, best_cold_ms * 1e6 / frames,
	       first_cold_ms);
	printf("  %-26s %8.1f ms  CPU %6.1f ms  %5.0f ns/frame\n", "warm: all read already",
	       best_warm_ms, best_warm_cpu, best_warm_ms * 1e6 / frames);
	printf("  %-26s %8.1f MiB  (%.1f MiB before: the stacks, the bench's tables; target 64 MiB)\n",
	       "peak RSS", peak, before);
	printf("  %-26s %8.1f MiB  (+%.1f MiB held by the symbolizer)\n", "RSS after", after,
	       after - before);
	printf("  %-26s %8zu  %5.1f%%\n", "frames named", best_cold.named,
	       100.0 * best_cold.named / frames);
	printf("  %-26s %8zu  %5.1f%%  (%zu placed where no code is mapped)\n", "frames unknown",
	       best_cold.unknown, 100.0 * best_cold.unknown / frames, st.planted_outside);
	printf("  %-26s %8zu  wrong function %zu, unnamed in a function %zu (against libelf)\n",
	       "frames of a gone process", best_cold.gone, check.wrong, check.missed);
	if (best_cold.gone || check.gone)
		die("a process was gone before its frames were named");
	return 0;
}

/* ---- symbench big LIB ---------------------------------------------------- */

/* The mapping of file b in process pid, whose functions it holds. */
static struct pmap *find_big(struct proc *p, const struct bfile *b)
{
	size_t i;

	for (i = 0; i < p->nmaps; i++)
		if (p->maps[i].b == b && p->maps[i].hi > p->maps[i].lo)
			return &p->maps[i];
	die("pid %d does not map the large binary's code", (int)p->pid);
	return NULL;
}

static __u64 big_frame(const struct pmap *m)
{
	const struct func *fn = &m->b->f[m->lo + rng() % (m->hi - m->lo)];

	return m->start + fn->off + rng() % fn->size - m->pgoff;
}

static int bench_big(const char *lib)
{
	char *argv[] = { "symbench", "--hold", (char *)lib, NULL };
	double load_ms = -1, load_cpu = 0, each_ns = -1, b_ms = -1, before = 0, loaded = 0;
	double peak = 0, after_b = 0, kept = 0, w0, c0, w1, c1;
	struct proc procs[2] = { { .name = "holder A" }, { .name = "holder B" } };
	__u64 *addrs = xcalloc(BIG_LOOKUPS, sizeof(*addrs)), first_a, first_b;
	int r, nrounds = rounds();
	size_t i, named = 0, wrong = 0;
	const struct bfile *big;
	const struct pmap *ma, *mb;
	struct usyms *u;
	struct usym sym;
	struct stat sb;

	if (stat(lib, &sb))
		die("%s: %s", lib, strerror(errno));
	for (i = 0; i < 2; i++)
		procs[i].pid = spawn(self_exe(), argv, -1);
	for (i = 0; i < 2; i++)
		wait_asleep(procs[i].pid, procs[i].name);
	for (i = 0; i < 2; i++)
		read_maps(&procs[i]);
	for (i = 0, big = NULL; i < nfiles; i++)
		if (!big || files[i].n > big->n)
			big = &files[i];
	ma = find_big(&procs[0], big);
	mb = find_big(&procs[1], big);
	first_a = big_frame(ma);
	first_b = big_frame(mb);
	for (i = 0; i < BIG_LOOKUPS; i++)
		addrs[i] = big_frame(ma);

	for (r = 0; r < nrounds; r++) {
		if (!(u = usyms_new()))
			die("out of memory");
		/* as a tool does on a pid's first event: its maps read, not yet its files */
		if (usyms_note_process(u, procs[0].pid) || usyms_note_process(u, procs[1].pid))
			die("cannot read the holders' maps");
		if (!r) {
			before = status_mib("VmRSS");
			kept = mallinfo2().fordblks;
		}
		reset_peak();
		w0 = now_ms(), c0 = cpu_ms();
		usyms_resolve(u, procs[0].pid, first_a, &sym);
		w1 = now_ms(), c1 = cpu_ms();
		if (!sym.name || first_a - sym.offset != function_start(&procs[0], first_a))
			die("the first lookup in A named %s", sym.name ?: "nothing");
		if (load_ms < 0 || w1 - w0 < load_ms)
			load_ms = w1 - w0, load_cpu = c1 - c0;
		if (!r) {
			loaded = status_mib("VmRSS");
			peak = status_mib("VmHWM");
			/* the heap the load freed and malloc keeps: RSS, but no table's */
			kept = (mallinfo2().fordblks - kept) / MIB;
		}

		named = wrong = 0;
		w0 = now_ms();
		for (i = 0; i < BIG_LOOKUPS; i++) {
			usyms_resolve(u, procs[0].pid, addrs[i], &sym);
			named += !!sym.name;
		}
		w1 = now_ms();
		if (each_ns < 0 || (w1 - w0) * 1e6 / BIG_LOOKUPS < each_ns)
			each_ns = (w1 - w0) * 1e6 / BIG_LOOKUPS;
		for (i = 0; i < BIG_LOOKUPS; i++) /* checked apart, untimed */
			if (usyms_resolve(u, procs[0].pid, addrs[i], &sym) &&
			    (!sym.name ||
			     addrs[i] - sym.offset != function_start(&procs[0], addrs[i])))
				wrong++;

		w0 = now_ms();
		usyms_resolve(u, procs[1].pid, first_b, &sym);
		w1 = now_ms();
		if (!sym.name || first_b - sym.offset != function_start(&procs[1], first_b))
			die("the first lookup in B named %s", sym.name ?: "nothing");
		if (b_ms < 0 || w1 - w0 < b_ms)
			b_ms = w1 - w0;
		if (!r)
			after_b = status_mib("VmRSS");
		usyms_free(u);
	}
	kill_children();

	printf("\nlarge binary: %s, %.1f MiB, %zu functions, dlopen()ed by processes A and B;\n",
	       lib, sb.st_size / MIB, big->n);
	printf("both noted first (maps read); fastest of %d round%s, RSS of the first\n", nrounds,
	       nrounds == 1 ? "" : "s");
	printf("  %-26s %8.1f ms  CPU %6.1f ms\n", "first lookup in A: load", load_ms, load_cpu);
	printf("  %-26s %+8.1f MiB  (%.1f MiB of it heap freed while loading, kept by malloc)\n",
	       "RSS after it", loaded - before, kept);
	printf("  %-26s %+8.1f MiB\n", "peak RSS while loading", peak - before);
	printf("  %-26s %8.1f ns each  (%zu of %d named, %zu wrong)\n", "next lookups in A",
	       each_ns, named, BIG_LOOKUPS, wrong);
	printf("  %-26s %8.1f us  RSS %+.1f MiB  (%.0fx faster than A's: not loaded again)\n",
	       "first lookup in B", b_ms * 1e3, after_b - loaded, load_ms / b_ms);
	free(addrs);
	return wrong || named != BIG_LOOKUPS;
}

/* ---- the processes' own modes, and main ----------------------------------- */

static void sleep_forever(void)
{
	for (;;)
		pause();
}

static int usage(void)
{
	fprintf(stderr, "usage: symbench stacks [NSTACKS] | symbench big LIB\n");
	return 2;
}

int main(int argc, char **argv)
{
	long n = DEFAULT_STACKS;

	if (argc == 2 && !strcmp(argv[1], "--sleep"))
		sleep_forever();
	if (argc == 3 && !strcmp(argv[1], "--hold")) {
		if (!dlopen(argv[2], RTLD_NOW | RTLD_LOCAL))
			return 1;
		sleep_forever();
	}
	atexit(kill_children);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 2 && argc <= 3 && !strcmp(argv[1], "stacks")) {
		if (argc == 3 && ((n = strtol(argv[2], NULL, 10)) <= 0 || n > 10000000))
			return usage();
		return bench_stacks(n);
	}
	if (argc == 3 && !strcmp(argv[1], "big"))
		return bench_big(argv[2]);
	return usage();
}
