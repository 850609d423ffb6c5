// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Naming and writing a record's stacks (stackprint.h). Kernel frames come
 * from ksyms.c, read once at the first one; user frames, their lines and
 * inlined functions from the user symbolizer. Names and source file names
 * come from binaries anyone may have built: text escapes them, JSON
 * encodes them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ksyms.h"
#include "stackprint.h"

/* Read at the first frame of each kind, kept until exit. */
static struct {
	struct ksyms ksyms;
	int ksyms_err; /* 1: not read yet */
	struct usyms *usyms;
} sp = { .ksyms_err = 1 };

static void frame_unknown(__u64 addr, const char *module, struct frame *f)
{
	*f = (struct frame){ .addr = addr, .module = module };
}

/* The kernel's symbols, read at the first question: 0, or -errno if there are none. */
static int kernel_symbols(void)
{
	if (sp.ksyms_err == 1)
		sp.ksyms_err = ksyms_load(&sp.ksyms);
	return sp.ksyms_err;
}

void frame_kernel(__u64 addr, struct frame *f)
{
	struct ksym_match m;

	if (kernel_symbols() || !ksyms_find(&sp.ksyms, addr, &m)) {
		frame_unknown(addr, "kernel", f);
		return;
	}
	*f = (struct frame){ addr, m.name, m.offset, m.module };
}

__u64 kernel_symbol_addr(const char *name)
{
	__u64 addr = 0;

	if (!kernel_symbols())
		ksyms_addr(&sp.ksyms, name, &addr);
	return addr;
}

static struct usyms *user_symbols(void)
{
	if (!sp.usyms)
		sp.usyms = usyms_new();
	return sp.usyms;
}

void frame_user_note(pid_t pid, bool again)
{
	if (!user_symbols())
		return;
	if (again)
		usyms_note_exec(sp.usyms, pid);
	else
		usyms_note_process(sp.usyms, pid);
}

bool frame_user_hold(pid_t pid, __u64 addr)
{
	return user_symbols() && usyms_hold(sp.usyms, pid, addr);
}

size_t frames_user(pid_t pid, __u64 addr, bool ret, struct frame *out, size_t max)
{
	struct usym_inline in[USYMS_INLINED_MAX];
	size_t n = 0, i;
	struct usym u;

	if (!max)
		return 0;
	if (!user_symbols() ||
	    !usyms_lookup(sp.usyms, pid, addr, USYMS_LINE | (ret ? USYMS_RETURN : 0), &u)) {
		frame_unknown(addr, "[process gone]", out); /* before its mappings were read */
		return 1;
	}
	/* where the frame has no line (none, or its call is in another function), none inlined */
	if (u.line)
		n = usyms_inlined(sp.usyms, pid, ret ? addr - 1 : addr, in,
				  max - 1 < USYMS_INLINED_MAX ? max - 1 : USYMS_INLINED_MAX);
	for (i = 0; i < n; i++)
		out[i] = (struct frame){ .addr = addr,
					 .sym = in[i].name,
					 .module = u.module,
					 .file = in[i].file,
					 .line = in[i].line,
					 .inlined = true };
	out[n] = (struct frame){ .addr = addr,
				 .sym = u.name,
				 .offset = u.offset,
				 .module = u.module,
				 .jit = u.kind == USYM_JIT,
				 .file = u.file,
				 .line = u.line };
	return n + 1;
}

void frame_user(pid_t pid, __u64 addr, struct frame *f)
{
	struct usym u;

	if (!user_symbols() || !usyms_resolve(sp.usyms, pid, addr, &u)) {
		frame_unknown(addr, "[process gone]", f); /* before its mappings were read */
		return;
	}
	*f = (struct frame){ addr, u.name, u.offset, u.module, u.kind == USYM_JIT };
}

/*
 * The frames of stack entry i at addr: a kernel frame, or a user address's
 * with the functions inlined there; the entries after the first are
 * return addresses.
 */
static size_t frames_resolve(pid_t pid, __u64 addr, bool kernel, size_t i, struct frame *out)
{
	if (!kernel)
		return frames_user(pid, addr, i > 0, out, FRAMES_PER_ADDRESS);
	frame_kernel(addr, out);
	return 1;
}

/* A binary's file name without its directory, as bcc shows a user frame's module. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash && slash[1] ? slash + 1 : path;
}

/*
 * A module after a name: a file's base name in brackets (bcc's shape), the
 * kernel's own frames without one, a module the symbolizer names in
 * brackets ("[vdso]", "[anon]") as it is, and "[unknown]" once, not twice.
 */
static void module_suffix(struct strbuf *sb, const struct frame *f)
{
	if (!f->module) {
		/* the kernel's own */
	} else if (f->module[0] != '[') {
		sb_puts(sb, " [");
		sb_text_escaped(sb, base_name(f->module), strlen(base_name(f->module)));
		sb_putc(sb, ']');
	} else if (f->sym || strcmp(f->module, "[unknown]")) {
		sb_putc(sb, ' ');
		sb_text_escaped(sb, f->module, strlen(f->module));
	}
}

/* Raw bytes: its users escape what they print (flamegraph.c, stacktool.c). */
void frame_label(struct strbuf *sb, const struct frame *f)
{
	if (f->sym) {
		sb_puts(sb, f->sym);
		return;
	}
	sb_puts(sb, "[unknown]");
	if (f->module && f->module[0] != '[')
		sb_printf(sb, " [%s]", base_name(f->module));
	else if (f->module && strcmp(f->module, "[unknown]"))
		sb_printf(sb, " %s", f->module);
}

/*
 * "        sym+0x1a [module]". An inlined function has " [inlined]" for an
 * offset; a known line follows as " (file.c:12)", the file's name without
 * its directory.
 */
static void frame_line(struct strbuf *sb, const struct frame *f)
{
	sb_puts(sb, "        ");
	if (f->sym) {
		sb_text_escaped(sb, f->sym, strlen(f->sym));
		if (!f->inlined)
			sb_printf(sb, "+0x%llx", (unsigned long long)f->offset);
	} else {
		sb_puts(sb, "[unknown]");
	}
	if (f->inlined)
		sb_puts(sb, " [inlined]");
	if (f->file && f->line) {
		sb_puts(sb, " (");
		sb_text_escaped(sb, base_name(f->file), strlen(base_name(f->file)));
		sb_printf(sb, ":%u)", f->line);
	}
	module_suffix(sb, f);
	sb_putc(sb, '\n');
}

static void stack_lines(struct strbuf *sb, const __u64 *ips, __s32 n, pid_t pid, bool kernel)
{
	struct frame f[FRAMES_PER_ADDRESS];
	size_t k, j;
	__s32 i;

	if (n < 0) {
		sb_printf(sb, "        [%s stack not read: %s]\n", kernel ? "kernel" : "user",
			  strerror(-n));
		return;
	}
	for (i = 0; i < n && i < STACK_FRAMES; i++) {
		k = frames_resolve(pid, ips[i], kernel, i, f);
		for (j = 0; j < k; j++)
			frame_line(sb, &f[j]);
	}
	if (n >= STACK_FRAMES)
		sb_printf(sb, "        [deeper frames cut at %d]\n", STACK_FRAMES);
}

void stack_text(struct strbuf *sb, const struct event_stacks *s, pid_t pid)
{
	if (s->kernel_n)
		stack_lines(sb, s->kernel, s->kernel_n, pid, true);
	if (s->user_n)
		stack_lines(sb, s->user, s->user_n, pid, false);
}

static void json_string_or_null(struct strbuf *sb, const char *s)
{
	if (!s) {
		sb_puts(sb, "null");
		return;
	}
	sb_putc(sb, '"');
	sb_json_escaped(sb, s, strlen(s));
	sb_putc(sb, '"');
}

static void frame_json(struct strbuf *sb, const struct frame *f)
{
	sb_printf(sb, "{\"addr\":\"0x%llx\",\"sym\":", (unsigned long long)f->addr);
	json_string_or_null(sb, f->sym);
	if (f->inlined)
		sb_puts(sb, ",\"offset\":null,\"module\":");
	else
		sb_printf(sb, ",\"offset\":%llu,\"module\":", (unsigned long long)f->offset);
	json_string_or_null(sb, f->module);
	sb_puts(sb, ",\"file\":");
	json_string_or_null(sb, f->line ? f->file : NULL);
	if (f->file && f->line)
		sb_printf(sb, ",\"line\":%u", f->line);
	else
		sb_puts(sb, ",\"line\":null");
	sb_printf(sb, ",\"inlined\":%s}", f->inlined ? "true" : "false");
}

void frames_json(struct strbuf *sb, const __u64 *ips, size_t n, pid_t pid, bool kernel)
{
	struct frame f[FRAMES_PER_ADDRESS];
	size_t i, k, j;

	sb_putc(sb, '[');
	for (i = 0; i < n; i++) {
		k = frames_resolve(pid, ips[i], kernel, i, f);
		for (j = 0; j < k; j++) {
			if (i || j)
				sb_putc(sb, ',');
			frame_json(sb, &f[j]);
		}
	}
	sb_putc(sb, ']');
}

void stack_json(struct strbuf *sb, const struct event_stacks *s, pid_t pid, bool kernel)
{
	__s32 n = kernel ? s->kernel_n : s->user_n;

	if (n < 0) {
		sb_puts(sb, "null");
		return;
	}
	frames_json(sb, kernel ? s->kernel : s->user, n < STACK_FRAMES ? n : STACK_FRAMES, pid,
		    kernel);
}
