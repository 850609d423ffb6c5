// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * flamegraph.c: folded lines exactly, and the SVG read back with a real XML
 * parser (xmllint, from libxml2-utils) rather than searched for strings, so
 * a document a browser would refuse fails here too.
 */
#include <errno.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "flamegraph.h"

#define FRAMES(...)  ((const char *const[]){ __VA_ARGS__ })
#define NFRAMES(...) (sizeof(FRAMES(__VA_ARGS__)) / sizeof(const char *))
/* A stack of unknown-kind frames, root first. */
#define ADD(f, count, ...) \
	cr_assert_eq(flame_add(f, FRAMES(__VA_ARGS__), NULL, NFRAMES(__VA_ARGS__), count), 0)

static struct flame *new_flame(void)
{
	struct flame *f = flame_new("test", "samples");

	cr_assert_not_null(f);
	return f;
}

/* The folded output (malloc'd). */
static char *folded(struct flame *f, bool annotate)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	cr_assert_not_null(m);
	cr_assert_eq(flame_write_folded(f, m, annotate), 0);
	fclose(m);
	return buf;
}

#define assert_folded(f, annotate, expected)                                  \
	do {                                                                  \
		char *got_ = folded(f, annotate);                             \
		cr_assert_str_eq(got_, expected, "folded output:\n%s", got_); \
		free(got_);                                                   \
	} while (0)

/* ---- folded ---------------------------------------------------------------- */

Test(flame_folded, identical_stacks_merge_into_one_line)
{
	struct flame *f = new_flame();

	ADD(f, 3, "main", "work");
	ADD(f, 4, "main", "work");
	assert_folded(f, false, "main;work 7\n");
	cr_assert_eq(flame_total(f), 7);
	flame_free(f);
}

Test(flame_folded, lines_sorted_frame_by_frame_whatever_the_order_added)
{
	struct flame *f = new_flame();

	ADD(f, 1, "main", "zeta");
	ADD(f, 2, "main", "alpha", "x");
	ADD(f, 5, "main");
	ADD(f, 1, "idle");
	ADD(f, 3, "main", "alpha");
	ADD(f, 6, "main", "alpha", "x");
	assert_folded(f, false,
		      "idle 1\n"
		      "main 5\n"
		      "main;alpha 3\n"
		      "main;alpha;x 8\n"
		      "main;zeta 1\n");
	cr_assert_eq(flame_total(f), 18);
	flame_free(f);
}

Test(flame_folded, same_frame_under_other_parents_stays_apart)
{
	struct flame *f = new_flame();

	ADD(f, 1, "a", "c");
	ADD(f, 2, "b", "c");
	ADD(f, 4, "c");
	assert_folded(f, false, "a;c 1\nb;c 2\nc 4\n");
	flame_free(f);
}

Test(flame_folded, annotations_mark_kernel_and_jit_frames)
{
	static const enum frame_kind kinds[] = { FRAME_USER, FRAME_JIT, FRAME_KERNEL };
	struct flame *f = new_flame();

	cr_assert_eq(flame_add(f, FRAMES("main", "Interp::run", "do_syscall_64"), kinds, 3, 9), 0);
	assert_folded(f, true, "main;Interp::run_[j];do_syscall_64_[k] 9\n");
	assert_folded(f, false, "main;Interp::run;do_syscall_64 9\n");
	flame_free(f);
}

Test(flame_folded, kinds_that_print_the_same_are_one_line)
{
	static const enum frame_kind user[] = { FRAME_USER, FRAME_USER };
	static const enum frame_kind kernel[] = { FRAME_USER, FRAME_KERNEL };
	static const enum frame_kind unknown[] = { FRAME_USER, FRAME_UNKNOWN };
	struct flame *f = new_flame();

	cr_assert_eq(flame_add(f, FRAMES("main", "read"), user, 2, 1), 0);
	cr_assert_eq(flame_add(f, FRAMES("main", "read"), kernel, 2, 2), 0);
	cr_assert_eq(flame_add(f, FRAMES("main", "read"), unknown, 2, 4), 0);
	assert_folded(f, false, "main;read 7\n");
	assert_folded(f, true, "main;read 5\nmain;read_[k] 2\n");
	flame_free(f);
}

Test(flame_folded, names_cannot_split_frames_or_lines)
{
	struct flame *f = new_flame();

	ADD(f, 2, "a;b", "x\ny 3", "\x1b[31mred\\");
	assert_folded(f, false, "a\\x3bb;x\\ny 3;\\x1b[31mred\\\\ 2\n");
	flame_free(f);
}

Test(flame_folded, empty_graph_prints_nothing)
{
	struct flame *f = new_flame();

	assert_folded(f, false, "");
	flame_free(f);
}

Test(flame_folded, empty_stack_refused_and_zero_count_ignored)
{
	struct flame *f = new_flame();

	cr_assert_eq(flame_add(f, FRAMES("x"), NULL, 0, 5), -EINVAL);
	cr_assert_eq(flame_add(f, FRAMES("x"), NULL, 1, 0), 0);
	cr_assert_eq(flame_total(f), 0);
	assert_folded(f, false, "");
	flame_free(f);
}

Test(flame_folded, large_counts_kept_whole)
{
	struct flame *f = new_flame();

	ADD(f, 1ull << 40, "a");
	ADD(f, 3, "a");
	assert_folded(f, false, "a 1099511627779\n");
	flame_free(f);
}

/* ---- SVG ------------------------------------------------------------------- */

struct svg_file {
	char path[64];
};

/* The SVG written to a temporary file. */
static void write_svg(struct flame *f, struct svg_file *s)
{
	FILE *out;
	int fd;

	strcpy(s->path, "/tmp/sonde-flame-XXXXXX");
	fd = mkstemp(s->path);
	cr_assert_geq(fd, 0, "mkstemp: %s", strerror(errno));
	out = fdopen(fd, "w");
	cr_assert_not_null(out);
	cr_assert_eq(flame_write_svg(f, out), 0);
	cr_assert_eq(fclose(out), 0);
}

static void drop_svg(struct svg_file *s)
{
	unlink(s->path);
}

/* Whether xmllint, a validating XML parser, reads the file as well-formed XML. */
static bool xml_well_formed(const struct svg_file *s)
{
	char cmd[128];

	cr_assert_eq(system("xmllint --version >/dev/null 2>&1"), 0,
		     "xmllint is missing (package libxml2-utils, scripts/setup)");
	snprintf(cmd, sizeof(cmd), "xmllint --noout '%s'", s->path);
	return system(cmd) == 0;
}

/* XPath evaluated by xmllint (an expression without single quotes); malloc'd. */
static char *xpath(const struct svg_file *s, const char *expr)
{
	char cmd[1024], *buf = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *p;

	cr_assert_null(strchr(expr, '\''), "xpath: no single quotes, please");
	snprintf(cmd, sizeof(cmd), "xmllint --xpath '%s' '%s' 2>/dev/null", expr, s->path);
	p = popen(cmd, "r");
	cr_assert_not_null(p);
	n = getdelim(&buf, &cap, '\0', p);
	pclose(p);
	if (n < 0) {
		free(buf);
		return strdup("");
	}
	if (n && buf[n - 1] == '\n') /* xmllint ends a string result with one */
		buf[n - 1] = '\0';
	return buf;
}

/* An XPath expression's value as a number (an attribute's too). */
static double xpath_number(const struct svg_file *s, const char *expr)
{
	char number[1024], *v, *end;
	double d;

	snprintf(number, sizeof(number), "string(%s)", expr); /* number() prints 1e+06 */
	v = xpath(s, number);
	d = strtod(v, &end);

	cr_assert(*v && !*end, "xpath %s: not a number: \"%s\"", expr, v);
	free(v);
	return d;
}

/* Elements by local name: the SVG has a default namespace, which XPath 1.0 has no name for. */
#define EL(name) "*[local-name()=\"" name "\"]"
/* An attribute of the box of the frame whose <title> is `title`. */
#define RECT(title, attr) "//" EL("g") "[" EL("title") "=\"" title "\"]/" EL("rect") "/@" attr

Test(flame_svg, hostile_names_leave_it_well_formed)
{
	struct flame *f = flame_new("title <&> \x01\xff", "us \"&'");
	struct svg_file s;
	char *got;

	cr_assert_not_null(f);
	ADD(f, 1, "main", "<&>\"'");
	ADD(f, 2, "main", "\x01\x02\x1b[2J\x7f");
	ADD(f, 3, "main", "bad \xff\xfe\xc0\x80 utf8 \xed\xa0\x80");
	ADD(f, 4, "main", "]]></script><script>alert(1)</script>");
	ADD(f, 5, "main", "\xef\xbf\xbf\xe2\x80\xae");
	write_svg(f, &s);
	cr_assert(xml_well_formed(&s), "xmllint refused %s", s.path);
	cr_assert_eq(xpath_number(&s, "count(//" EL("script") ")"), 1);
	got = xpath(&s, "string(//" EL("g") "[@data-n=\"1\"]/" EL("title") ")");
	cr_assert_str_eq(got, "<&>\"'");
	free(got);
	got = xpath(&s, "string(//" EL("g") "[@data-n=\"2\"]/" EL("title") ")");
	cr_assert_str_eq(got, "\\x01\\x02\\x1b[2J\\x7f");
	free(got);
	got = xpath(&s, "string(//" EL("g") "[@data-n=\"3\"]/" EL("title") ")");
	cr_assert_str_eq(got, "bad \\xff\\xfe\\xc0\\x80 utf8 \\xed\\xa0\\x80");
	free(got);
	got = xpath(&s, "string(//" EL("g") "[@data-n=\"5\"]/" EL("title") ")");
	cr_assert_str_eq(got, "\\uffff\\u202e");
	free(got);
	got = xpath(&s, "string(//" EL("g") "[@id=\"frames\"]/@data-unit)");
	cr_assert_str_eq(got, "us \"&'");
	free(got);
	drop_svg(&s);
	flame_free(f);
}

Test(flame_svg, widths_follow_counts)
{
	struct flame *f = new_flame();
	double all, main_w, half, quarter, half_x, quarter_x;
	struct svg_file s;

	ADD(f, 50, "main", "half");
	ADD(f, 25, "main", "quarter");
	ADD(f, 25, "main");
	write_svg(f, &s);
	cr_assert(xml_well_formed(&s));
	all = xpath_number(&s, RECT("all", "width"));
	main_w = xpath_number(&s, RECT("main", "width"));
	half = xpath_number(&s, RECT("half", "width"));
	quarter = xpath_number(&s, RECT("quarter", "width"));
	cr_assert_gt(all, 1000);
	cr_assert_float_eq(main_w, all, 0.011);
	cr_assert_float_eq(half * 2, all, 0.021, "half %f of all %f", half, all);
	cr_assert_float_eq(quarter * 4, all, 0.041, "quarter %f of all %f", quarter, all);
	/* children side by side from their parent's left edge, in name order */
	half_x = xpath_number(&s, RECT("half", "x"));
	quarter_x = xpath_number(&s, RECT("quarter", "x"));
	cr_assert_float_eq(half_x, xpath_number(&s, RECT("all", "x")), 0.011);
	cr_assert_float_eq(quarter_x, half_x + half, 0.011);
	/* the root at the bottom: each level one row higher */
	cr_assert_gt(xpath_number(&s, RECT("all", "y")), xpath_number(&s, RECT("main", "y")));
	cr_assert_gt(xpath_number(&s, RECT("main", "y")), xpath_number(&s, RECT("half", "y")));
	drop_svg(&s);
	flame_free(f);
}

Test(flame_svg, every_frame_name_is_a_title)
{
	static const char *const names[] = {
		"start_thread", "worker",	   "std::vector<int>::push_back",
		"memcpy",	"__x64_sys_write", "ksys_write"
	};
	struct flame *f = new_flame();
	struct svg_file s;
	char expr[256];
	size_t i;

	ADD(f, 10, "start_thread", "worker", "std::vector<int>::push_back", "memcpy");
	ADD(f, 7, "start_thread", "worker", "__x64_sys_write", "ksys_write");
	write_svg(f, &s);
	cr_assert(xml_well_formed(&s));
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(expr, sizeof(expr), "count(//" EL("title") "[.=\"%s\"])", names[i]);
		cr_assert_eq(xpath_number(&s, expr), 1, "%s is not a title once", names[i]);
	}
	/* one frame per node and the root: 7 */
	cr_assert_eq(xpath_number(&s, "count(//" EL("g") "[@data-n])"), 7);
	drop_svg(&s);
	flame_free(f);
}

/* The hue (degrees) and saturation of "#rrggbb". */
static void hue_of(const char *fill, double *hue, double *sat)
{
	unsigned int rgb;
	double r, g, b, max, min;

	cr_assert_eq(sscanf(fill, "#%6x", &rgb), 1, "fill \"%s\"", fill);
	r = (rgb >> 16) / 255.0, g = (rgb >> 8 & 0xff) / 255.0, b = (rgb & 0xff) / 255.0;
	max = fmax(r, fmax(g, b)), min = fmin(r, fmin(g, b));
	*sat = max - min;
	if (max == min)
		*hue = 0;
	else if (max == r)
		*hue = fmod(60 * (g - b) / (max - min) + 360, 360);
	else if (max == g)
		*hue = 60 * (b - r) / (max - min) + 120;
	else
		*hue = 60 * (r - g) / (max - min) + 240;
}

static void assert_family(const struct svg_file *s, const char *title, double lo, double hi)
{
	char expr[256], *fill;
	double hue, sat;

	snprintf(expr, sizeof(expr), "string(" RECT("%s", "fill") ")", title);
	fill = xpath(s, expr);
	hue_of(fill, &hue, &sat);
	if (lo < 0) {
		cr_assert_lt(sat, 0.02, "%s: %s is not grey", title, fill);
	} else {
		cr_assert_gt(sat, 0.2, "%s: %s is grey", title, fill);
		cr_assert(hue >= lo && hue <= hi, "%s: %s has hue %.0f, not %.0f-%.0f", title, fill,
			  hue, lo, hi);
	}
	free(fill);
}

Test(flame_svg, kinds_get_their_colour_families)
{
	static const enum frame_kind kinds[] = { FRAME_USER, FRAME_JIT, FRAME_KERNEL,
						 FRAME_UNKNOWN };
	static const enum frame_kind user2[] = { FRAME_USER, FRAME_USER };
	struct flame *f = new_flame();
	struct svg_file s;

	cr_assert_eq(flame_add(f, FRAMES("main", "jitted", "vfs_read", "[unknown]"), kinds, 4, 5),
		     0);
	cr_assert_eq(flame_add(f, FRAMES("main", "helper"), user2, 2, 5), 0);
	write_svg(f, &s);
	cr_assert(xml_well_formed(&s));
	assert_family(&s, "main", 0, 52);
	assert_family(&s, "helper", 0, 52);
	assert_family(&s, "jitted", 83, 147);
	assert_family(&s, "vfs_read", 193, 237);
	assert_family(&s, "[unknown]", -1, -1);
	drop_svg(&s);
	flame_free(f);
}

Test(flame_svg, labels_cut_to_fit)
{
	struct flame *f = new_flame();
	struct svg_file s;
	char *label;

	ADD(f, 1000, "wide_enough_for_its_whole_name");
	ADD(f, 8, "a_name_far_too_long_for_a_frame_this_narrow");
	write_svg(f, &s);
	cr_assert(xml_well_formed(&s));
	label = xpath(&s, "string(//" EL("g") "[" EL(
				  "title") "=\"wide_enough_for_its_whole_name\"]/" EL("text") ")");
	cr_assert_str_eq(label, "wide_enough_for_its_whole_name");
	free(label);
	/* 8/1008 of 1180 px is 9.4 px: no room for three characters, so no label */
	cr_assert_eq(xpath_number(&s, "count(//" EL("g") "[@data-n=\"8\"]/" EL("text") ")"), 0);
	drop_svg(&s);
	flame_free(f);

	f = new_flame();
	ADD(f, 100, "a_name_far_too_long_for_a_frame_this_narrow");
	ADD(f, 900, "other");
	write_svg(f, &s);
	label = xpath(&s, "string(//" EL("g") "[@data-n=\"100\"]/" EL("text") ")");
	/* 118 px: (118 - 6) / 7.2 = 15 characters, 13 of the name and ".." */
	cr_assert_str_eq(label, "a_name_far_to..");
	free(label);
	drop_svg(&s);
	flame_free(f);
}

Test(flame_svg, tiny_frames_left_out_but_counted)
{
	struct flame *f = new_flame();
	struct svg_file s;

	ADD(f, 1000000, "big");
	ADD(f, 1, "tiny", "above_tiny");
	write_svg(f, &s);
	cr_assert(xml_well_formed(&s));
	cr_assert_eq(xpath_number(&s, "count(//" EL("title") "[.=\"tiny\"])"), 0);
	cr_assert_eq(xpath_number(&s, "count(//" EL("title") "[.=\"above_tiny\"])"), 0);
	cr_assert_eq(xpath_number(&s, "string(//" EL("g") "[@id=\"frames\"]/@data-total)"),
		     1000001);
	drop_svg(&s);
	flame_free(f);
}

Test(flame_svg, many_thin_stacks_stay_small)
{
	struct flame *f = new_flame();
	char leaf[32], mid[32];
	struct svg_file s;
	struct stat st;
	int i;

	for (i = 0; i < 20000; i++) {
		snprintf(mid, sizeof(mid), "mid_%d", i % 400);
		snprintf(leaf, sizeof(leaf), "leaf_%d", i);
		ADD(f, 1 + i % 3, "main", "loop", mid, leaf);
	}
	write_svg(f, &s);
	cr_assert_eq(stat(s.path, &st), 0);
	/* 20,000 leaves under 0.1 px each are left out: 400 mids and a few more */
	cr_assert_lt(st.st_size, 200 * 1024, "%lld bytes", (long long)st.st_size);
	cr_assert(xml_well_formed(&s));
	cr_assert_eq(xpath_number(&s, "count(//" EL("g") "[@data-n])"), 403);
	drop_svg(&s);
	flame_free(f);
}

Test(flame_svg, empty_graph_is_valid_and_says_so)
{
	struct flame *f = new_flame();
	struct svg_file s;

	write_svg(f, &s);
	cr_assert(xml_well_formed(&s), "xmllint refused %s", s.path);
	cr_assert_eq(xpath_number(&s, "count(//" EL("text") "[.=\"No samples\"])"), 1);
	cr_assert_eq(xpath_number(&s, "count(//" EL("g") "[@data-n])"), 0);
	drop_svg(&s);
	flame_free(f);
}
