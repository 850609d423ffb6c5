// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Flame graphs (flamegraph.h): stacks merged into a tree of frames as they
 * are added, then written as folded lines or as an SVG.
 *
 * The tree is an array of nodes linked by index (parent, first child, next
 * sibling) with one hash table from (parent, kind, name) to node, so adding
 * a stack costs one look-up per frame however wide a node grows. Children
 * are kept in the order they came and sorted only when written.
 *
 * The SVG is drawn once, fully, by this file: it is a picture without its
 * script. The script (written here, static: no data is ever formatted into
 * it) reads each frame's name from its <title> and its place from data-s
 * (the counts left of it) and data-n (its count), then re-lays frames out
 * for zoom and search. Names only ever reach the file through the XML
 * escaper, so a symbol can neither break the XML nor run as script.
 */
#define _GNU_SOURCE /* qsort_r */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flamegraph.h"
#include "strbuf.h"

struct node {
	size_t name;		      /* offset of its NUL-terminated name in flame.names */
	__u32 parent, child, sibling; /* indexes; 0 is the root, so 0 is "none" for the last two */
	__u32 hash;		      /* of the name alone: it also picks the colour */
	__u32 depth;		      /* the root is 0 */
	enum frame_kind kind;
	__u64 total, self; /* samples at and above it; those ending at it */
};

struct flame {
	char *title, *unit;
	struct node *nodes;
	size_t n, cap;
	struct strbuf names;
	__u32 *slots; /* hash table of node indexes (0: empty), a power of two long */
	size_t nslots;
};

/* ---- the tree ------------------------------------------------------------ */

/* FNV-1a: short, and spreads symbol names well enough for a table and a hue. */
static __u32 name_hash(const char *s)
{
	__u32 h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static size_t slot_of(const struct flame *f, __u32 parent, enum frame_kind kind, __u32 hash)
{
	__u64 h = ((__u64)parent << 32 | hash) * 0x9e3779b97f4a7c15ull + kind;

	return (h ^ h >> 29) & (f->nslots - 1);
}

static const char *name_of(const struct flame *f, const struct node *nd)
{
	return f->names.buf + nd->name;
}

#define NO_NODE UINT32_MAX

/* Append a node (the root when the tree is empty); its index, or NO_NODE without memory. */
static __u32 new_node(struct flame *f, __u32 parent, enum frame_kind kind, const char *name,
		      __u32 hash)
{
	struct node *nd;

	if (f->n == f->cap) {
		size_t cap = f->cap * 2 + 256;

		if (cap >= NO_NODE)
			return NO_NODE;
		nd = realloc(f->nodes, cap * sizeof(*nd));
		if (!nd)
			return NO_NODE;
		f->nodes = nd;
		f->cap = cap;
	}
	nd = &f->nodes[f->n];
	*nd = (struct node){ .name = f->names.len, .parent = parent, .hash = hash, .kind = kind };
	sb_append(&f->names, name, strlen(name) + 1);
	if (f->n) {
		nd->depth = f->nodes[parent].depth + 1;
		nd->sibling = f->nodes[parent].child;
		f->nodes[parent].child = f->n;
	}
	return f->n++;
}

/* Room for one more node in the table, kept at most half full so probes stay short. */
static int grow_slots(struct flame *f)
{
	size_t want = f->nslots ? f->nslots * 2 : 1024, i, s;
	__u32 *old = f->slots, *slots;
	size_t nold = f->nslots;

	if ((f->n + 1) * 2 <= f->nslots)
		return 0;
	slots = calloc(want, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	f->slots = slots;
	f->nslots = want;
	for (i = 0; i < nold; i++) {
		const struct node *nd = &f->nodes[old[i]];

		if (!old[i])
			continue;
		for (s = slot_of(f, nd->parent, nd->kind, nd->hash); slots[s];
		     s = (s + 1) & (want - 1))
			;
		slots[s] = old[i];
	}
	free(old);
	return 0;
}

/* The child of parent with this name and kind, made if new; 0 without memory. */
static __u32 child_of(struct flame *f, __u32 parent, enum frame_kind kind, const char *name)
{
	__u32 hash = name_hash(name), i;
	size_t s;

	if (grow_slots(f))
		return 0;
	for (s = slot_of(f, parent, kind, hash); (i = f->slots[s]); s = (s + 1) & (f->nslots - 1)) {
		const struct node *nd = &f->nodes[i];

		if (nd->parent == parent && nd->kind == kind && nd->hash == hash &&
		    !strcmp(name_of(f, nd), name))
			return i;
	}
	i = new_node(f, parent, kind, name, hash);
	if (i == NO_NODE)
		return 0;
	f->slots[s] = i;
	return i;
}

struct flame *flame_new(const char *title, const char *unit)
{
	struct flame *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->title = strdup(title ? title : "Flame Graph");
	f->unit = strdup(unit ? unit : "samples");
	if (!f->title || !f->unit) {
		flame_free(f);
		return NULL;
	}
	if (new_node(f, 0, FRAME_UNKNOWN, "all", name_hash("all")) == NO_NODE) {
		flame_free(f);
		return NULL;
	}
	return f;
}

void flame_free(struct flame *f)
{
	if (!f)
		return;
	free(f->title);
	free(f->unit);
	free(f->nodes);
	free(f->slots);
	sb_free(&f->names);
	free(f);
}

int flame_add(struct flame *f, const char *const *frames, const enum frame_kind *kinds,
	      size_t depth, __u64 count)
{
	enum frame_kind kind;
	__u32 at = 0;
	size_t i;

	if (!depth)
		return -EINVAL;
	if (!count)
		return 0;
	for (i = 0; i < depth; i++) {
		kind = kinds && kinds[i] <= FRAME_JIT ? kinds[i] : FRAME_UNKNOWN;
		at = child_of(f, at, kind, frames[i] ? frames[i] : "[unknown]");
		if (!at)
			return -ENOMEM; /* the counts so far stay consistent: none added yet */
	}
	f->nodes[at].self += count;
	for (;; at = f->nodes[at].parent) {
		f->nodes[at].total += count;
		if (!at)
			break;
	}
	return 0;
}

__u64 flame_total(const struct flame *f)
{
	return f->nodes[0].total;
}

/* ---- writing ------------------------------------------------------------- */

/* Output built in memory and handed to the stream in large pieces. */
struct sink {
	FILE *out;
	struct strbuf sb;
	bool failed;
};

static void sink_flush(struct sink *k, size_t above)
{
	if (k->sb.len <= above)
		return;
	if (fwrite(k->sb.buf, 1, k->sb.len, k->out) != k->sb.len)
		k->failed = true;
	sb_reset(&k->sb);
}

/* Flush what is left; 0, or -EIO if any write failed. */
static int sink_close(struct sink *k)
{
	sink_flush(k, 0);
	if (fflush(k->out) == EOF || ferror(k->out))
		k->failed = true;
	sb_free(&k->sb);
	return k->failed ? -EIO : 0;
}

/* How children are ordered when written, and whether two print as one frame. */
struct order {
	const struct flame *f;
	bool by_kind; /* false: kinds that print the same compare equal (see fold_suffix) */
	bool annotate;
};

static const char *fold_suffix(enum frame_kind kind, bool annotate)
{
	if (!annotate)
		return "";
	return kind == FRAME_KERNEL ? "_[k]" : kind == FRAME_JIT ? "_[j]" : "";
}

static int compare_nodes(const void *a, const void *b, void *arg)
{
	const struct order *o = arg;
	const struct node *x = &o->f->nodes[*(const __u32 *)a],
			  *y = &o->f->nodes[*(const __u32 *)b];
	int c = strcmp(name_of(o->f, x), name_of(o->f, y));

	if (c)
		return c;
	if (o->by_kind)
		return (int)x->kind - (int)y->kind;
	return strcmp(fold_suffix(x->kind, o->annotate), fold_suffix(y->kind, o->annotate));
}

/*
 * The children of the nodes in `of`, sorted (malloc'd; *n of them). More
 * than one parent when folded output prints several nodes as one frame.
 */
static __u32 *sorted_children(const struct order *o, const __u32 *of, size_t nof, size_t *n)
{
	const struct flame *f = o->f;
	__u32 *kids, c;
	size_t i, k = 0;

	for (i = 0; i < nof; i++)
		for (c = f->nodes[of[i]].child; c; c = f->nodes[c].sibling)
			k++;
	kids = malloc((k ? k : 1) * sizeof(*kids));
	if (!kids)
		return NULL;
	*n = 0;
	for (i = 0; i < nof; i++)
		for (c = f->nodes[of[i]].child; c; c = f->nodes[c].sibling)
			kids[(*n)++] = c;
	qsort_r(kids, *n, sizeof(*kids), compare_nodes, (void *)o);
	return kids;
}

/* ---- folded -------------------------------------------------------------- */

struct folded {
	struct sink k;
	struct order o;
	struct strbuf path; /* the frames so far, escaped and joined by ';' */
};

/* A name as a folded frame: the text escapes, and ';' too, which would split it. */
static void fold_name(struct strbuf *sb, const char *name)
{
	const char *semi;

	while ((semi = strchr(name, ';'))) {
		sb_text_escaped(sb, name, semi - name);
		sb_puts(sb, "\\x3b");
		name = semi + 1;
	}
	sb_text_escaped(sb, name, strlen(name));
}

/* The stacks through the nodes `at` (which print as one frame), depth first. */
static int fold_nodes(struct folded *w, const __u32 *at, size_t nat)
{
	const struct flame *f = w->o.f;
	size_t i, j, n, mark;
	__u64 self = 0;
	__u32 *kids;

	for (i = 0; i < nat; i++)
		self += f->nodes[at[i]].self;
	if (self) {
		sb_append(&w->k.sb, w->path.buf, w->path.len);
		sb_putc(&w->k.sb, ' ');
		sb_u64(&w->k.sb, self);
		sb_putc(&w->k.sb, '\n');
		sink_flush(&w->k, 1 << 16);
	}
	kids = sorted_children(&w->o, at, nat, &n);
	if (!kids)
		return -ENOMEM;
	for (i = 0; i < n; i = j) {
		/* the run of children that print the same is one frame */
		for (j = i + 1; j < n && !compare_nodes(&kids[i], &kids[j], &w->o); j++)
			;
		mark = w->path.len;
		if (mark)
			sb_putc(&w->path, ';');
		fold_name(&w->path, name_of(f, &f->nodes[kids[i]]));
		sb_puts(&w->path, fold_suffix(f->nodes[kids[i]].kind, w->o.annotate));
		if (fold_nodes(w, kids + i, j - i)) {
			free(kids);
			return -ENOMEM;
		}
		w->path.len = mark;
	}
	free(kids);
	return 0;
}

int flame_write_folded(const struct flame *f, FILE *out, bool annotate)
{
	struct folded w = { .k.out = out, .o = { .f = f, .annotate = annotate } };
	__u32 root = 0;
	int err, err2;

	err = fold_nodes(&w, &root, 1);
	sb_free(&w.path);
	err2 = sink_close(&w.k);
	return err ? err : err2;
}

/* ---- SVG ----------------------------------------------------------------- */

#define SVG_WIDTH 1200
#define SVG_PAD	  10  /* left and right of the frames */
#define ROW	  16  /* a row of frames: boxes 15 high, 1 apart */
#define TOP	  44  /* title and controls above the frames */
#define BOTTOM	  28  /* the details line below them */
#define CHAR_PX	  7.2 /* the advance of 12px monospace, to fit labels */
#define MIN_PX	  0.1 /* narrower frames are left out */
#define FRAMES_PX (SVG_WIDTH - 2 * SVG_PAD)

struct svg {
	struct sink k;
	struct order o;
	double scale;	    /* pixels per count */
	unsigned int top;   /* the deepest drawn row's depth: it is drawn first, at TOP */
	struct strbuf name; /* the frame being written, escaped */
};

/*
 * Colour families, one per kind, so kernel, user and JIT code tell apart at
 * a glance; within one, hue and lightness follow the name's hash, so
 * neighbours differ and a function keeps its colour from graph to graph.
 */
static const struct family {
	double hue, hue_span, sat, light, light_span;
} families[] = {
	[FRAME_UNKNOWN] = { 0, 0, 0, 0.62, 0.16 },
	[FRAME_KERNEL] = { 195, 40, 0.60, 0.56, 0.14 },
	[FRAME_USER] = { 0, 50, 0.78, 0.56, 0.10 },
	[FRAME_JIT] = { 85, 60, 0.50, 0.50, 0.12 },
};

/* HSL (hue in degrees, saturation and lightness 0 to 1) as #rrggbb. */
static void put_hsl(struct strbuf *sb, double h, double s, double l)
{
	double c = (1 - fabs(2 * l - 1)) * s, hp = fmod(h, 360) / 60;
	double x = c * (1 - fabs(fmod(hp, 2) - 1)), m = l - c / 2, r, g, b;
	int i;

	switch ((int)hp) { /* which sixth of the colour wheel */
	case 0:
		r = c, g = x, b = 0;
		break;
	case 1:
		r = x, g = c, b = 0;
		break;
	case 2:
		r = 0, g = c, b = x;
		break;
	case 3:
		r = 0, g = x, b = c;
		break;
	case 4:
		r = x, g = 0, b = c;
		break;
	default:
		r = c, g = 0, b = x;
		break;
	}
	sb_putc(sb, '#');
	for (i = 0; i < 3; i++)
		sb_printf(sb, "%02x", (unsigned int)lround(((double[]){ r, g, b }[i] + m) * 255));
}

static void put_fill(struct strbuf *sb, enum frame_kind kind, __u32 hash)
{
	const struct family *fam = &families[kind];

	put_hsl(sb, fam->hue + fam->hue_span * (hash & 0xffff) / 65536.0, fam->sat,
		fam->light + fam->light_span * (hash >> 16) / 65536.0);
}

/* The bytes of the first `chars` characters of escaped XML text (an entity is one). */
static size_t xml_prefix(const char *s, size_t len, size_t chars)
{
	size_t i = 0;

	for (; i < len && chars; chars--) {
		if (s[i] == '&') {
			const char *semi = memchr(s + i, ';', len - i);

			i = semi ? (size_t)(semi - s) + 1 : len;
			continue;
		}
		for (i++; i < len && ((unsigned char)s[i] & 0xc0) == 0x80; i++)
			;
	}
	return i;
}

/* The label of a frame w pixels wide: the name, or its start and "..", or nothing. */
static void put_label(struct svg *g, double x, int y, double w)
{
	const char *s = g->name.buf;
	size_t len = g->name.len, fit = w > 6 ? (size_t)((w - 6) / CHAR_PX) : 0;
	size_t all = xml_prefix(s, len, fit + 1);

	if (fit < 3)
		return;
	sb_puts(&g->k.sb, "<text x=\"");
	sb_fixed(&g->k.sb, x + 3, 2);
	sb_printf(&g->k.sb, "\" y=\"%d.5\">", y + 11);
	if (all == len) {
		sb_append(&g->k.sb, s, len);
	} else {
		sb_append(&g->k.sb, s, xml_prefix(s, len, fit - 2));
		sb_puts(&g->k.sb, "..");
	}
	sb_puts(&g->k.sb, "</text>");
}

/* One frame: its box, its name as a tooltip and a label, where the script finds them. */
static void put_frame(struct svg *g, const struct node *nd, __u64 start)
{
	double x = SVG_PAD + start * g->scale, w = nd->total * g->scale;
	int y = TOP + (g->top - nd->depth) * ROW;
	struct strbuf *sb = &g->k.sb;

	sb_reset(&g->name);
	sb_xml_escaped(&g->name, name_of(g->o.f, nd), strlen(name_of(g->o.f, nd)));
	sb_puts(sb, "<g data-s=\"");
	sb_u64(sb, start);
	sb_puts(sb, "\" data-n=\"");
	sb_u64(sb, nd->total);
	sb_puts(sb, "\"><title>");
	sb_append(sb, g->name.buf, g->name.len);
	sb_puts(sb, "</title><rect x=\"");
	sb_fixed(sb, x, 2);
	sb_printf(sb, "\" y=\"%d\" width=\"", y);
	sb_fixed(sb, w, 2);
	sb_puts(sb, "\" height=\"15\" fill=\"");
	put_fill(sb, nd->kind, nd->hash);
	sb_puts(sb, "\"/>");
	put_label(g, x, y, w);
	sb_puts(sb, "</g>\n");
	sink_flush(&g->k, 1 << 16);
}

static bool drawn(const struct svg *g, const struct node *nd)
{
	return nd->total * g->scale >= MIN_PX;
}

/* A frame and the frames above it, children left to right from its left edge. */
static int put_subtree(struct svg *g, __u32 at, __u64 start)
{
	const struct flame *f = g->o.f;
	size_t i, n;
	__u32 *kids;

	put_frame(g, &f->nodes[at], start);
	kids = sorted_children(&g->o, &at, 1, &n);
	if (!kids)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		const struct node *kid = &f->nodes[kids[i]];

		if (drawn(g, kid) && put_subtree(g, kids[i], start)) {
			free(kids);
			return -ENOMEM;
		}
		start += kid->total; /* a frame left out still takes its room */
	}
	free(kids);
	return 0;
}

/* Styles: labels never take the pointer, so hovering a label hovers its frame. */
static const char svg_style[] =
	"<style>\n"
	"text { font-family: monospace; font-size: 12px; fill: #000; }\n"
	"#title { font-size: 17px; text-anchor: middle; }\n"
	"#frames text { pointer-events: none; }\n"
	"#frames g { cursor: pointer; }\n"
	"#frames g:hover rect { stroke: #000; stroke-width: 0.5; }\n"
	"#frames g.anc rect { opacity: 0.55; }\n"
	".ctl { cursor: pointer; fill: #224; text-decoration: underline; }\n"
	"</style>\n";

/*
 * Hover, zoom and search. Static text: names are read from the DOM with
 * textContent and written back the same way, never parsed as markup or code.
 */
static const char svg_script[] =
	"<script type=\"text/ecmascript\"><![CDATA[\n"
	"(function () {\n"
	"\"use strict\";\n"
	"var NS = \"http://www.w3.org/2000/svg\", CHAR = 7.2;\n"
	"var box = document.getElementById(\"frames\");\n"
	"var total = +box.getAttribute(\"data-total\"), unit = box.getAttribute(\"data-unit\");\n"
	"var left = +box.getAttribute(\"data-x\"), width = +box.getAttribute(\"data-w\");\n"
	"var details = document.getElementById(\"details\");\n"
	"var matched = document.getElementById(\"matched\");\n"
	"var reset = document.getElementById(\"reset\"), search = document.getElementById(\"search\");\n"
	"var frames = [], byG = new Map(), query = \"\";\n"
	"[].forEach.call(box.getElementsByTagName(\"g\"), function (g) {\n"
	"\tvar r = g.getElementsByTagName(\"rect\")[0];\n"
	"\tvar f = { g: g, r: r, s: +g.getAttribute(\"data-s\"), n: +g.getAttribute(\"data-n\"),\n"
	"\t\ty: +r.getAttribute(\"y\"), fill: r.getAttribute(\"fill\"),\n"
	"\t\tname: g.getElementsByTagName(\"title\")[0].textContent };\n"
	"\tframes.push(f);\n"
	"\tbyG.set(g, f);\n"
	"});\n"
	"function share(n) { return (100 * n / total).toFixed(2) + \"%\"; }\n"
	/* the label the C side would write for this width, made if the frame had none */
	"function label(f, x, w) {\n"
	"\tvar t = f.g.getElementsByTagName(\"text\")[0], chars = Array.from(f.name);\n"
	"\tvar fit = Math.floor((w - 6) / CHAR), s = \"\";\n"
	"\tif (fit >= 3)\n"
	"\t\ts = chars.length <= fit ? f.name : chars.slice(0, fit - 2).join(\"\") + \"..\";\n"
	"\tif (!t && !s)\n"
	"\t\treturn;\n"
	"\tif (!t) {\n"
	"\t\tt = document.createElementNS(NS, \"text\");\n"
	"\t\tt.setAttribute(\"y\", f.y + 11.5);\n"
	"\t\tf.g.appendChild(t);\n"
	"\t}\n"
	"\tt.setAttribute(\"x\", (x + 3).toFixed(2));\n"
	"\tt.textContent = s;\n"
	"}\n"
	"function place(f, x, w, ancestor) {\n"
	"\tf.g.style.display = \"\";\n"
	"\tf.g.classList.toggle(\"anc\", ancestor);\n"
	"\tf.r.setAttribute(\"x\", x.toFixed(2));\n"
	"\tf.r.setAttribute(\"width\", w.toFixed(2));\n"
	"\tlabel(f, x, w);\n"
	"}\n"
	/* frames nest by their count ranges: below z and around it are its ancestors */
	"function zoom(z) {\n"
	"\tvar s0 = z ? z.s : 0, n0 = z ? z.n : total;\n"
	"\tframes.forEach(function (f) {\n"
	"\t\tif (z && f.y > z.y && f.s <= s0 && f.s + f.n >= s0 + n0)\n"
	"\t\t\tplace(f, left, width, true);\n"
	"\t\telse if ((!z || f.y <= z.y) && f.s >= s0 && f.s + f.n <= s0 + n0)\n"
	"\t\t\tplace(f, left + (f.s - s0) / n0 * width, f.n / n0 * width, false);\n"
	"\t\telse\n"
	"\t\t\tf.g.style.display = \"none\";\n"
	"\t});\n"
	"\treset.style.display = z ? \"\" : \"none\";\n"
	"}\n"
	/* matched share: nested matches (recursion) counted once */
	"function find(q) {\n"
	"\tvar re = null, hits = [], sum = 0, end = -1;\n"
	"\tquery = q || \"\";\n"
	"\ttry { re = query ? new RegExp(query) : null; } catch (e) { re = null; }\n"
	"\tframes.forEach(function (f, i) {\n"
	"\t\tvar hit = query !== \"\" && i > 0 &&\n"
	"\t\t\t(re ? re.test(f.name) : f.name.indexOf(query) >= 0);\n"
	"\t\tf.r.setAttribute(\"fill\", hit ? \"#e03ce0\" : f.fill);\n"
	"\t\tif (hit)\n"
	"\t\t\thits.push(f);\n"
	"\t});\n"
	"\thits.sort(function (a, b) { return a.s - b.s || b.n - a.n; });\n"
	"\thits.forEach(function (f) {\n"
	"\t\tif (f.s + f.n > end) {\n"
	"\t\t\tsum += f.s + f.n - Math.max(f.s, end);\n"
	"\t\t\tend = f.s + f.n;\n"
	"\t\t}\n"
	"\t});\n"
	"\tmatched.textContent = query ? \"Matched: \" + share(sum) : \"\";\n"
	"\tsearch.textContent = query ? \"Clear search\" : \"Search\";\n"
	"}\n"
	"function ask() {\n"
	"\tvar q = window.prompt(\"Search frames (regular expression or text):\", query);\n"
	"\tif (q !== null)\n"
	"\t\tfind(q);\n"
	"}\n"
	"function frameOf(e) {\n"
	"\tvar g = e.target.closest ? e.target.closest(\"g\") : null;\n"
	"\treturn g ? byG.get(g) : null;\n"
	"}\n"
	"box.addEventListener(\"mouseover\", function (e) {\n"
	"\tvar f = frameOf(e);\n"
	"\tif (f)\n"
	"\t\tdetails.textContent = f.name + \" (\" + f.n + \" \" + unit + \", \" + share(f.n) + \")\";\n"
	"});\n"
	"box.addEventListener(\"mouseout\", function () { details.textContent = \" \"; });\n"
	"box.addEventListener(\"click\", function (e) {\n"
	"\tvar f = frameOf(e);\n"
	"\tif (f)\n"
	"\t\tzoom(f === frames[0] ? null : f);\n"
	"});\n"
	"reset.addEventListener(\"click\", function () { zoom(null); });\n"
	"search.addEventListener(\"click\", function () { if (query) find(\"\"); else ask(); });\n"
	"document.addEventListener(\"keydown\", function (e) {\n"
	"\tif ((e.ctrlKey || e.metaKey) && e.key === \"f\") {\n"
	"\t\te.preventDefault();\n"
	"\t\task();\n"
	"\t} else if (e.key === \"Escape\") {\n"
	"\t\tfind(\"\");\n"
	"\t}\n"
	"});\n"
	"})();\n"
	"]]></script>\n";

/* The document up to the frames: size, style, script, title and controls. */
static void put_head(struct svg *g, int height)
{
	struct strbuf *sb = &g->k.sb;
	const struct flame *f = g->o.f;

	sb_printf(sb,
		  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
		  "<svg version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		  "height=\"%d\" viewBox=\"0 0 %d %d\">\n",
		  SVG_WIDTH, height, SVG_WIDTH, height);
	sb_puts(sb, svg_style);
	sb_puts(sb, svg_script);
	sb_printf(sb, "<rect width=\"100%%\" height=\"100%%\" fill=\"#f6f6f0\"/>\n");
	sb_printf(sb, "<text id=\"title\" x=\"%d\" y=\"24\">", SVG_WIDTH / 2);
	sb_xml_escaped(sb, f->title, strlen(f->title));
	sb_puts(sb, "</text>\n");
	sb_printf(sb,
		  "<text id=\"reset\" class=\"ctl\" x=\"%d\" y=\"24\" style=\"display:none\">"
		  "Reset Zoom</text>\n",
		  SVG_PAD);
	sb_printf(sb,
		  "<text id=\"search\" class=\"ctl\" x=\"%d\" y=\"24\" "
		  "text-anchor=\"end\">Search</text>\n",
		  SVG_WIDTH - SVG_PAD);
	sb_printf(sb, "<text id=\"details\" x=\"%d\" y=\"%d\"> </text>\n", SVG_PAD, height - 10);
	sb_printf(sb, "<text id=\"matched\" x=\"%d\" y=\"%d\" text-anchor=\"end\"></text>\n",
		  SVG_WIDTH - SVG_PAD, height - 10);
	sb_puts(sb, "<g id=\"frames\" data-total=\"");
	sb_u64(sb, flame_total(f));
	sb_puts(sb, "\" data-unit=\"");
	sb_xml_escaped(sb, f->unit, strlen(f->unit));
	sb_printf(sb, "\" data-x=\"%d\" data-w=\"%d\">\n", SVG_PAD, FRAMES_PX);
}

/* The deepest frame wide enough to draw: it sets the height. */
static unsigned int drawn_depth(const struct svg *g)
{
	const struct flame *f = g->o.f;
	unsigned int top = 0;
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->nodes[i].depth > top && drawn(g, &f->nodes[i]))
			top = f->nodes[i].depth;
	return top;
}

int flame_write_svg(const struct flame *f, FILE *out)
{
	struct svg g = { .k.out = out, .o = { .f = f, .by_kind = true } };
	int height, err = 0, err2;

	if (flame_total(f)) {
		g.scale = (double)FRAMES_PX / flame_total(f);
		g.top = drawn_depth(&g);
	}
	height = TOP + (g.top + 1) * ROW + BOTTOM;
	put_head(&g, height);
	if (flame_total(f))
		err = put_subtree(&g, 0, 0);
	sb_puts(&g.k.sb, "</g>\n");
	if (!flame_total(f))
		sb_printf(&g.k.sb,
			  "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">"
			  "No samples</text>\n",
			  SVG_WIDTH / 2, TOP + ROW - 4);
	sb_puts(&g.k.sb, "</svg>\n");
	sb_free(&g.name);
	err2 = sink_close(&g.k);
	return err ? err : err2;
}
