// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Naming and writing a record's stacks (stackprint.h). Kernel frames come
 * from ksyms.c, read once at the first one; user frames from the user
 * symbolizer. Names come from binaries anyone may have built: text
 * escapes them, JSON encodes them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ksyms.h"
#include "stackprint.h"
#include "usyms.h"

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

void frame_kernel(__u64 addr, struct frame *f)
{
	struct ksym_match m;

	if (sp.ksyms_err == 1)
		sp.ksyms_err = ksyms_load(&sp.ksyms);
	if (sp.ksyms_err || !ksyms_find(&sp.ksyms, addr, &m)) {
		frame_unknown(addr, "kernel", f);
		return;
	}
	*f = (struct frame){ addr, m.name, m.offset, m.module };
}

static struct usyms *user_symbols(void)
{
	if (!sp.usyms)
		sp.usyms = usyms_new();
	return sp.usyms;
}

void frame_user_note(pid_t pid, bool exec)
{
	if (!user_symbols())
		return;
	if (exec)
		usyms_note_exec(sp.usyms, pid);
	else
		usyms_note_process(sp.usyms, pid);
}

void frame_user(pid_t pid, __u64 addr, struct frame *f)
{
	struct usym u;

	user_symbols();
	if (!sp.usyms || !usyms_resolve(sp.usyms, pid, addr, &u)) {
		frame_unknown(addr, "[process gone]", f); /* before its mappings were read */
		return;
	}
	*f = (struct frame){ addr, u.name, u.offset, u.module, u.kind == USYM_JIT };
}

static void frame_resolve(pid_t pid, __u64 addr, bool kernel, struct frame *f)
{
	if (kernel)
		frame_kernel(addr, f);
	else
		frame_user(pid, addr, f);
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

/* "        sym+0x1a [module]" */
static void frame_line(struct strbuf *sb, const struct frame *f)
{
	sb_puts(sb, "        ");
	if (f->sym) {
		sb_text_escaped(sb, f->sym, strlen(f->sym));
		sb_printf(sb, "+0x%llx", (unsigned long long)f->offset);
	} else {
		sb_puts(sb, "[unknown]");
	}
	module_suffix(sb, f);
	sb_putc(sb, '\n');
}

static void stack_lines(struct strbuf *sb, const __u64 *ips, __s32 n, pid_t pid, bool kernel)
{
	struct frame f;
	__s32 i;

	if (n < 0) {
		sb_printf(sb, "        [%s stack not read: %s]\n", kernel ? "kernel" : "user",
			  strerror(-n));
		return;
	}
	for (i = 0; i < n && i < STACK_FRAMES; i++) {
		frame_resolve(pid, ips[i], kernel, &f);
		frame_line(sb, &f);
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
	sb_printf(sb, ",\"offset\":%llu,\"module\":", (unsigned long long)f->offset);
	json_string_or_null(sb, f->module);
	sb_putc(sb, '}');
}

void frames_json(struct strbuf *sb, const __u64 *ips, size_t n, pid_t pid, bool kernel)
{
	struct frame f;
	size_t i;

	sb_putc(sb, '[');
	for (i = 0; i < n; i++) {
		if (i)
			sb_putc(sb, ',');
		frame_resolve(pid, ips[i], kernel, &f);
		frame_json(sb, &f);
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
