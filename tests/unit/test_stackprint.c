// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * stackprint.h's user frames with source lines and inlined functions, on
 * the DWARF fixture running as a process: a stack of an address in code
 * inlined twice over, then a return address, written as text and as JSON
 * and compared whole with what the fixture's facts say they must be (the
 * function addresses nm's, the lines the source's markers, the file names
 * addr2line's).
 */
#include "running.h"
#include "srcfacts.h"

#include "stackprint.h"

/*
 * A stack of the running fixture: [0] where inline_leaf's code is in
 * inline_outer (exact), [1] the first byte past a run of main's code on
 * the line of its call to inline_outer (a return address, whose line is
 * the call's). Their file addresses into leaf and ret.
 */
static void make_stack(pid_t pid, const char *path, const struct facts *f, struct event_stacks *s,
		       unsigned long long *leaf, unsigned long long *ret)
{
	unsigned line = marker_line("leaf"), call = marker_line("main_call");
	const struct a2l *next;
	struct a2l *all;
	size_t n, i;

	all = read_a2l(&n);
	*leaf = *ret = 0;
	for (i = 0; i < n; i++) {
		if (!*leaf && all[i].n == 3 && !strcmp(all[i].f[0].name, "inline_leaf") &&
		    all[i].f[0].line == line)
			*leaf = all[i].addr;
		next = a2l_at(all, n, all[i].addr + 1);
		if (!*ret && next && all[i].n == 1 && !strcmp(all[i].f[0].name, "main") &&
		    all[i].f[0].line == call && next->n == 1 && !strcmp(next->f[0].name, "main") &&
		    next->f[0].line != call)
			*ret = next->addr;
	}
	free(all);
	cr_assert(*leaf && *ret, "the fixture has no leaf line or no call line in main");
	memset(s, 0, sizeof(*s));
	s->user_n = 2;
	s->user[0] = runtime_addr(pid, path, file_offset(f, *leaf));
	s->user[1] = runtime_addr(pid, path, file_offset(f, *ret));
}

/* The fixture's source file as the DWARF names it: addr2line's name of it. */
static void source_file(char *buf, size_t size)
{
	struct a2l *all;
	size_t n;

	all = read_a2l(&n);
	cr_assert(is_fixture_source(all[0].f[0].file));
	cr_assert_lt(strlen(all[0].f[0].file), size);
	strcpy(buf, all[0].f[0].file);
	free(all);
}

/*
 * In text: the inlined frames first, with " [inlined]" for an offset;
 * lines by file name. frame_user(), for folded stacks, names the frame
 * alone.
 */
Test(stackprint, inlined_frames_and_lines_in_text)
{
	char real[PATH_MAX];
	struct strbuf want = { 0 };
	const char *file = INLINE_FIXTURE("inline_target"), *base;
	struct facts *f = read_facts(file);
	unsigned long long leaf, ret;
	struct strbuf sb = { 0 };
	struct event_stacks s;
	struct frame one;
	pid_t pid;

	cr_assert(realpath(file, real));
	base = strrchr(real, '/') + 1;
	pid = start_fixture(real);
	make_stack(pid, real, f, &s, &leaf, &ret);
	stack_text(&sb, &s, pid);
	sb_printf(&want,
		  "        inline_leaf [inlined] (inline_target.c:%u) [%s]\n"
		  "        inline_middle [inlined] (inline_target.c:%u) [%s]\n"
		  "        inline_outer+0x%llx (inline_target.c:%u) [%s]\n"
		  "        main+0x%llx (inline_target.c:%u) [%s]\n",
		  marker_line("leaf"), base, marker_line("middle_call"), base,
		  leaf - nm_addr(f, "inline_outer"), marker_line("outer_call"), base,
		  ret - nm_addr(f, "main"), marker_line("main_call"), base);
	cr_assert(sb.len && !strcmp(sb_str(&sb), sb_str(&want)), "got:\n%s\nwant:\n%s",
		  sb.buf ?: "", want.buf);
	frame_user(pid, s.user[0], &one);
	cr_assert(one.sym && !strcmp(one.sym, "inline_outer"), "%s", one.sym ?: "nothing");
	cr_assert(!one.file && !one.line && !one.inlined);
	stop(pid);
	sb_free(&want);
	sb_free(&sb);
	free(f);
}

/*
 * In JSON: the frame keys in their order, the new ones last; an inlined
 * frame's offset null; the source file whole, as the DWARF names it.
 */
Test(stackprint, inlined_frames_and_lines_in_json)
{
	char real[PATH_MAX], src[PATH_MAX];
	struct strbuf want = { 0 };
	const char *file = INLINE_FIXTURE("inline_target");
	struct facts *f = read_facts(file);
	unsigned long long leaf, ret, at[2];
	struct strbuf sb = { 0 };
	struct event_stacks s;
	pid_t pid;

	cr_assert(realpath(file, real));
	source_file(src, sizeof(src));
	pid = start_fixture(real);
	make_stack(pid, real, f, &s, &leaf, &ret);
	at[0] = s.user[0];
	at[1] = s.user[1];
	stack_json(&sb, &s, pid, false);
	sb_printf(
		&want,
		"["
		"{\"addr\":\"0x%llx\",\"sym\":\"inline_leaf\",\"offset\":null,\"module\":\"%s\","
		"\"file\":\"%s\",\"line\":%u,\"inlined\":true},"
		"{\"addr\":\"0x%llx\",\"sym\":\"inline_middle\",\"offset\":null,\"module\":\"%s\","
		"\"file\":\"%s\",\"line\":%u,\"inlined\":true},"
		"{\"addr\":\"0x%llx\",\"sym\":\"inline_outer\",\"offset\":%llu,\"module\":\"%s\","
		"\"file\":\"%s\",\"line\":%u,\"inlined\":false},"
		"{\"addr\":\"0x%llx\",\"sym\":\"main\",\"offset\":%llu,\"module\":\"%s\","
		"\"file\":\"%s\",\"line\":%u,\"inlined\":false}"
		"]",
		at[0], real, src, marker_line("leaf"), at[0], real, src, marker_line("middle_call"),
		at[0], leaf - nm_addr(f, "inline_outer"), real, src, marker_line("outer_call"),
		at[1], ret - nm_addr(f, "main"), real, src, marker_line("main_call"));
	cr_assert(sb.len && !strcmp(sb_str(&sb), sb_str(&want)), "got:\n%s\nwant:\n%s",
		  sb.buf ?: "", want.buf);
	stop(pid);
	sb_free(&want);
	sb_free(&sb);
	free(f);
}

/*
 * Without DWARF, and in the kernel: no line, nothing inlined; the keys are
 * there all the same ("file" and "line" null), and text has no parentheses.
 */
Test(stackprint, frames_without_lines_keep_their_keys)
{
	char real[PATH_MAX];
	struct strbuf want = { 0 };
	const char *file = INLINE_FIXTURE("inline_target-nodwarf");
	struct facts *f = read_facts(INLINE_FIXTURE("inline_target"));
	unsigned long long leaf, ret;
	struct strbuf sb = { 0 };
	struct event_stacks s;
	pid_t pid;

	cr_assert(realpath(file, real));
	pid = start_fixture(real);
	make_stack(pid, real, f, &s, &leaf, &ret);
	s.user_n = 1;
	s.kernel_n = 1;
	s.kernel[0] = 1; /* no kernel function is there */
	stack_json(&sb, &s, pid, false);
	sb_printf(
		&want,
		"[{\"addr\":\"0x%llx\",\"sym\":\"inline_outer\",\"offset\":%llu,\"module\":\"%s\","
		"\"file\":null,\"line\":null,\"inlined\":false}]",
		(unsigned long long)s.user[0], leaf - nm_addr(f, "inline_outer"), real);
	cr_assert(!strcmp(sb_str(&sb), sb_str(&want)), "got:\n%s\nwant:\n%s", sb.buf, want.buf);
	sb.len = 0;
	stack_json(&sb, &s, pid, true);
	cr_assert(!strcmp(sb_str(&sb),
			  "[{\"addr\":\"0x1\",\"sym\":null,\"offset\":0,\"module\":"
			  "\"kernel\",\"file\":null,\"line\":null,\"inlined\":false}]"),
		  "%s", sb.buf);
	sb.len = 0;
	s.kernel_n = 0;
	stack_text(&sb, &s, pid);
	want.len = 0;
	sb_printf(&want, "        inline_outer+0x%llx [%s]\n", leaf - nm_addr(f, "inline_outer"),
		  strrchr(real, '/') + 1);
	cr_assert(!strcmp(sb_str(&sb), sb_str(&want)), "got:\n%s\nwant:\n%s", sb.buf, want.buf);
	stop(pid);
	sb_free(&want);
	sb_free(&sb);
	free(f);
}
