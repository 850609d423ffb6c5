// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Choosing how each hook of a probe table is attached (attach.h): for every
 * hook, the first way whose programs this kernel can run and whose needs it
 * meets (common/kernel_support.c answers), all others left out of the load; and
 * when none fits, one line saying what each way lacks.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach.h"
#include "kernel_support.h"
#include "kretprobe.h"
#include "strbuf.h"

static const struct {
	const char *prefix; /* SEC() name up to the first '/' */
	enum probe_kind kind;
	const char *name;
} kinds[] = {
	{ "tracepoint", PROBE_TRACEPOINT, "tracepoint" },
	{ "tp", PROBE_TRACEPOINT, "tracepoint" },
	{ "tp_btf", PROBE_TP_BTF, "tp_btf" },
	{ "raw_tp", PROBE_RAW_TP, "raw_tp" },
	{ "raw_tracepoint", PROBE_RAW_TP, "raw_tp" },
	{ "fentry", PROBE_FENTRY, "fentry" },
	{ "fexit", PROBE_FENTRY, "fentry" },
	{ "kprobe", PROBE_KPROBE, "kprobe" },
	{ "kretprobe", PROBE_KPROBE, "kprobe" },
};

#define N_KINDS (sizeof(kinds) / sizeof(kinds[0]))

/* The SEC() name split as kind and target: "tracepoint/block/x" -> kind, "block/x". */
static enum probe_kind section_split(const struct bpf_program *prog, const char **target)
{
	const char *sec = bpf_program__section_name(prog);
	const char *slash = strchr(sec, '/');
	size_t i, len = slash ? (size_t)(slash - sec) : strlen(sec);

	*target = slash ? slash + 1 : "";
	for (i = 0; i < N_KINDS; i++)
		if (strlen(kinds[i].prefix) == len && !strncmp(sec, kinds[i].prefix, len))
			return kinds[i].kind;
	return PROBE_OTHER;
}

enum probe_kind probe_kind_of(const struct bpf_program *prog)
{
	const char *target;

	return section_split(prog, &target);
}

const char *probe_kind_name(enum probe_kind kind)
{
	size_t i;

	for (i = 0; i < N_KINDS; i++)
		if (kinds[i].kind == kind)
			return kinds[i].name;
	return "other";
}

static bool known_kind(const char *name)
{
	size_t i;

	for (i = 0; i < N_KINDS; i++)
		if (!strcmp(kinds[i].name, name))
			return true;
	return false;
}

static bool probe_check(const struct bpf_program *prog)
{
	const char *target;

	switch (section_split(prog, &target)) {
	case PROBE_TRACEPOINT:
		return has_tracepoint(target);
	case PROBE_TP_BTF:
		return has_btf() && has_raw_tracepoint(target);
	case PROBE_RAW_TP:
		return has_raw_tracepoint(target);
	case PROBE_FENTRY:
		return has_fentry(target);
	case PROBE_KPROBE:
		return has_kprobe(target);
	default:
		return true;
	}
}

/* Each program is judged once: kallsyms scans and trial loads are not free. */
bool probe_supported(const struct bpf_program *prog)
{
	static struct {
		const struct bpf_program *prog;
		bool supported;
	} seen[64];
	static int nseen;
	int i;

	for (i = 0; i < nseen; i++)
		if (seen[i].prog == prog)
			return seen[i].supported;
	if (nseen == (int)(sizeof(seen) / sizeof(seen[0])))
		return probe_check(prog);
	seen[nseen].prog = prog;
	seen[nseen].supported = probe_check(prog);
	return seen[nseen++].supported;
}

/*
 * One way to serve a hook: programs attached together, some of them
 * optional, some of them again at another tracepoint, and some at a
 * kernel function their section leaves open (target[i]: "category/name"
 * or "function"; "" where it is the program's own section).
 */
struct alternative {
	struct bpf_program *progs[PROBE_MAX_GROUP];
	bool optional[PROBE_MAX_GROUP];
	char target[PROBE_MAX_GROUP][PROBE_TARGET_MAX];
	int n;
	const struct probe_need *need;
};

/* A way's target that is a kernel function ("ext4_sync_file"), not a tracepoint ("block/x"). */
static bool target_is_function(const char *target)
{
	return target[0] && !strchr(target, '/');
}

/* An fentry or kprobe program whose section names no function: the probe table names it. */
bool probe_needs_function(const struct bpf_program *prog)
{
	const char *target;
	enum probe_kind kind = section_split(prog, &target);

	return !target[0] && (kind == PROBE_FENTRY || kind == PROBE_KPROBE);
}

/* Whether this kernel has `func` for prog's kind; judged once (a kallsyms scan is not free). */
static bool function_supported(const struct bpf_program *prog, const char *func)
{
	static struct {
		const struct bpf_program *prog;
		char func[PROBE_TARGET_MAX];
		bool supported;
	} seen[32];
	static int nseen;
	bool supported;
	int i;

	for (i = 0; i < nseen; i++)
		if (seen[i].prog == prog && !strcmp(seen[i].func, func))
			return seen[i].supported;
	supported = probe_kind_of(prog) == PROBE_FENTRY ? has_fentry(func) : has_kprobe(func);
	if (nseen < (int)(sizeof(seen) / sizeof(seen[0]))) {
		seen[nseen].prog = prog;
		snprintf(seen[nseen].func, sizeof(seen[nseen].func), "%s", func);
		seen[nseen++].supported = supported;
	}
	return supported;
}

/* "prog@category/name" or "prog@function": prog's name into name, the target into target. */
static int split_element(char *element, struct alternative *alt, const char *spec, char *why,
			 size_t whylen)
{
	char *at = strchr(element, '@');
	int k = alt->n;

	alt->target[k][0] = '\0';
	if (!at)
		return 0;
	*at = '\0';
	if (!at[1] || strlen(at + 1) >= sizeof(alt->target[k])) {
		snprintf(why, whylen, "'%s' in '%s': not a tracepoint or a function", at + 1, spec);
		return -1;
	}
	snprintf(alt->target[k], sizeof(alt->target[k]), "%s", at + 1);
	return 0;
}

/*
 * A program named again at another tracepoint must be a tracepoint program
 * named plainly too; one named at a function, an fentry or kprobe program
 * whose section names none, named there alone (an fentry program is loaded
 * for one function).
 */
static int check_targets(const struct alternative *alt, const char *spec, char *why, size_t whylen)
{
	int i, k;

	for (i = 0; i < alt->n; i++) {
		bool plain = false;
		int named = 0;

		if (!alt->target[i][0])
			continue;
		for (k = 0; k < alt->n; k++) {
			plain |= alt->progs[k] == alt->progs[i] && !alt->target[k][0];
			named += alt->progs[k] == alt->progs[i];
		}
		if (target_is_function(alt->target[i])) {
			if (named == 1 && probe_needs_function(alt->progs[i]))
				continue;
			snprintf(
				why, whylen,
				"'%s': %s@%s needs an fentry or kprobe program whose section names "
				"no function, named once",
				spec, bpf_program__name(alt->progs[i]), alt->target[i]);
			return -1;
		}
		if (!plain || probe_kind_of(alt->progs[i]) != PROBE_TRACEPOINT) {
			snprintf(why, whylen,
				 "'%s': %s@%s needs a tracepoint program listed plainly", spec,
				 bpf_program__name(alt->progs[i]), alt->target[i]);
			return -1;
		}
	}
	return 0;
}

/* "a,b,?c,?a@cat/tp" -> the programs a, b and (if it can run) c; a also at cat:tp if it is there. */
static int parse_alternative(struct bpf_object *obj, const char *spec, struct alternative *alt,
			     char *why, size_t whylen)
{
	/* room for every element as "?prog@category/name," */
	char names[PROBE_MAX_GROUP * (PROBE_TARGET_MAX + 64)], *name, *save = NULL;

	if (snprintf(names, sizeof(names), "%s", spec) >= (int)sizeof(names)) {
		snprintf(why, whylen, "'%.64s...' is too long", spec);
		return -1;
	}
	alt->n = 0;
	for (name = strtok_r(names, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		bool optional = name[0] == '?';

		if (alt->n == PROBE_MAX_GROUP) {
			snprintf(why, whylen, "too many programs in '%s'", spec);
			return -1;
		}
		if (split_element(name, alt, spec, why, whylen))
			return -1;
		alt->optional[alt->n] = optional;
		alt->progs[alt->n] = bpf_object__find_program_by_name(obj, name + optional);
		if (!alt->progs[alt->n]) {
			snprintf(why, whylen, "no BPF program %s", name + optional);
			return -1;
		}
		alt->n++;
	}
	return check_targets(alt, spec, why, whylen);
}

/* Whether element i of a way can run here: its program, or its other tracepoint or function. */
static bool element_supported(const struct alternative *alt, int i)
{
	if (target_is_function(alt->target[i]))
		return function_supported(alt->progs[i], alt->target[i]);
	return alt->target[i][0] ? has_tracepoint(alt->target[i]) : probe_supported(alt->progs[i]);
}

/* Whether element i of a way decides if its program loads: named plainly, or at a function. */
static bool element_loads(const struct alternative *alt, int i)
{
	return !alt->target[i][0] || target_is_function(alt->target[i]);
}

static enum probe_kind alternative_kind(const struct alternative *alt)
{
	return probe_kind_of(alt->progs[0]);
}

static bool need_met(const struct alternative *alt)
{
	switch (alt->need->kind) {
	case NEED_HELPER:
		return has_helper(bpf_program__type(alt->progs[0]), alt->need->helper);
	case NEED_TRACEPOINT_ARGS:
		return tracepoint_args(alt->need->name) == alt->need->nargs;
	case NEED_TRACEPOINT_ARG_TYPE:
		return tracepoint_arg_points_to(alt->need->name, alt->need->arg, alt->need->type);
	case NEED_NOTHING:
		break;
	}
	return true;
}

/* What keeps a way from running here: a program (or tracepoint) the kernel lacks, or an unmet need. */
struct shortfall {
	const struct bpf_program *prog;
	const char *target; /* the program's other tracepoint, if that is what is missing */
	const struct probe_need *need;
};

static bool way_runs(const struct alternative *alt, struct shortfall *sf)
{
	int i;

	*sf = (struct shortfall){ 0 };
	for (i = 0; i < alt->n; i++) {
		if (!alt->optional[i] && !element_supported(alt, i)) {
			sf->prog = alt->progs[i];
			sf->target = alt->target[i][0] ? alt->target[i] : NULL;
			return false;
		}
	}
	if (!need_met(alt)) {
		sf->prog = alt->progs[0];
		sf->need = alt->need;
		return false;
	}
	return true;
}

static bool kind_is(const struct alternative *alt, const char *forced)
{
	return !strcmp(probe_kind_name(alternative_kind(alt)), forced);
}

/* The kind SONDE_ATTACH forces, if the hook has a way of it: else NULL, any way. */
static const char *forced_here(const struct alternative *alts, int n, const char *forced)
{
	int i;

	for (i = 0; forced && i < n; i++)
		if (kind_is(&alts[i], forced))
			return forced;
	return NULL;
}

/* The first alternative that can run here (only the forced kind if it has one), or -1. */
static int choose_alternative(const struct alternative *alts, int n, const char *forced)
{
	struct shortfall sf;
	int i;

	forced = forced_here(alts, n, forced);
	for (i = 0; i < n; i++) {
		if (forced && !kind_is(&alts[i], forced))
			continue;
		if (way_runs(&alts[i], &sf))
			return i;
	}
	return -1;
}

/* What a program needs, for "cannot attach: needs ...": at its section, or at `other`. */
static void describe_program(struct strbuf *sb, const struct bpf_program *prog, const char *other)
{
	const char *target, *slash;
	enum probe_kind kind = section_split(prog, &target);

	if (other)
		target = other;
	switch (kind) {
	case PROBE_TRACEPOINT:
		slash = strchr(target, '/');
		if (slash)
			sb_printf(sb, "tracepoint %.*s:%s", (int)(slash - target), target,
				  slash + 1);
		else
			sb_printf(sb, "tracepoint %s", target);
		break;
	case PROBE_TP_BTF:
		sb_printf(sb, "BTF tracepoint %s", target);
		break;
	case PROBE_RAW_TP:
		sb_printf(sb, "raw tracepoint %s", target);
		break;
	case PROBE_FENTRY:
		sb_printf(sb, "fentry on %s", target);
		break;
	case PROBE_KPROBE:
		sb_printf(sb, "kprobes on %s", target);
		break;
	default:
		sb_puts(sb, bpf_program__section_name(prog));
	}
}

static void describe_shortfall(struct strbuf *sb, const struct shortfall *sf)
{
	describe_program(sb, sf->prog, sf->target);
	if (!sf->need)
		return;
	if (sf->need->kind == NEED_HELPER)
		sb_printf(sb, " with %s()", sf->need->name);
	else if (sf->need->kind == NEED_TRACEPOINT_ARGS)
		sb_printf(sb, " passing %d argument%s", sf->need->nargs,
			  sf->need->nargs == 1 ? "" : "s");
	else if (sf->need->kind == NEED_TRACEPOINT_ARG_TYPE)
		sb_printf(sb, " passing struct %s *", sf->need->type);
}

/*
 * Where tracefs cannot be read, no tracepoint can be looked for, let alone
 * attached: that, not a missing tracepoint, is what the user must fix.
 */
static bool tracefs_is_the_trouble(struct strbuf *sb)
{
	if (tracefs_state() == TRACEFS_DENIED)
		sb_printf(sb,
			  "no permission to read %s, where tracepoints are found (run as root, "
			  "or remount tracefs with gid= and mode=0750 for a group of this user, "
			  "or grant CAP_DAC_READ_SEARCH)",
			  tracefs_root());
	else if (tracefs_state() == TRACEFS_MISSING)
		sb_puts(sb, "tracefs is not mounted, where tracepoints are found (mount -t "
			    "tracefs nodev /sys/kernel/tracing)");
	else
		return false;
	return true;
}

/* "needs A or B" over the ways that cannot run; tracepoint ways left out if `skip_tp`. */
static int list_shortfalls(struct strbuf *sb, const struct alternative *alts, int n,
			   const char *forced, bool skip_tp)
{
	struct shortfall sf;
	int i, listed = 0;

	for (i = 0; i < n; i++) {
		if (way_runs(&alts[i], &sf) || (forced && !kind_is(&alts[i], forced)) ||
		    (skip_tp && alternative_kind(&alts[i]) == PROBE_TRACEPOINT))
			continue;
		sb_puts(sb, listed++ ? " or " : "needs ");
		describe_shortfall(sb, &sf);
	}
	return listed;
}

static void explain_missing(struct strbuf *sb, const struct probe *p,
			    const struct alternative *alts, int n, const char *forced)
{
	bool tracepoints = false;
	int i;

	forced = forced_here(alts, n, forced);
	for (i = 0; i < n; i++)
		tracepoints |= alternative_kind(&alts[i]) == PROBE_TRACEPOINT &&
			       (!forced || kind_is(&alts[i], forced));
	if (tracepoints && tracefs_is_the_trouble(sb)) {
		sb_puts(sb, "; otherwise ");
		if (!list_shortfalls(sb, alts, n, forced, true))
			sb->len -= strlen("; otherwise ");
	} else {
		list_shortfalls(sb, alts, n, forced, false);
	}
	if (p->hint)
		sb_printf(sb, " %s", p->hint);
	if (forced)
		sb_printf(sb, " (SONDE_ATTACH=%s)", forced);
}

/*
 * Autoload the chosen alternative's programs (its optional ones if they
 * can run). A program's other tracepoints do not decide whether it loads:
 * its plain listing does. An fentry program named at a function is loaded
 * for it. Every program starts unloaded (probes_choose()), and none is
 * unloaded here: a program another way or hook also lists stays loaded if
 * any chose it.
 */
static void set_autoload(const struct alternative *alt)
{
	int k;

	for (k = 0; k < alt->n; k++) {
		if (!element_loads(alt, k) || (alt->optional[k] && !element_supported(alt, k)))
			continue;
		bpf_program__set_autoload(alt->progs[k], true);
		if (alt->target[k][0] && probe_kind_of(alt->progs[k]) == PROBE_FENTRY)
			bpf_program__set_attach_target(alt->progs[k], 0, alt->target[k]);
	}
}

/* Element k of a chosen way is attached: its program loads, and its tracepoint is here. */
static bool element_attached(const struct alternative *alt, int k)
{
	return bpf_program__autoload(alt->progs[k]) &&
	       (!alt->target[k][0] || element_supported(alt, k));
}

static void say_chosen(const char *tool, const struct probe *p, const struct alternative *alt)
{
	int k;

	fprintf(stderr, "%s: %s: attaching", tool, p->hook);
	for (k = 0; k < alt->n; k++) {
		if (!element_attached(alt, k))
			continue;
		if (alt->target[k][0])
			fprintf(stderr, " %s@%s%s", bpf_program__name(alt->progs[k]),
				target_is_function(alt->target[k]) ? "" : "tracepoint/",
				alt->target[k]);
		else
			fprintf(stderr, " %s", bpf_program__section_name(alt->progs[k]));
	}
	fprintf(stderr, " (%s)\n", probe_kind_name(alternative_kind(alt)));
}

static bool hook_wanted(const struct probe *p, const struct options_given *given)
{
	return !p->when || !given || option_given(given, p->when);
}

/* Settle one hook. */
static int choose_hook(struct bpf_object *obj, const struct probe *p, bool wanted,
		       const char *forced, bool verbose, const char *tool, char *why, size_t whylen)
{
	struct alternative alts[PROBE_MAX_ALTERNATIVES];
	struct strbuf sb = { 0 };
	int n, chosen;

	for (n = 0; n < PROBE_MAX_ALTERNATIVES && p->progs[n]; n++) {
		if (parse_alternative(obj, p->progs[n], &alts[n], why, whylen))
			return -1;
		alts[n].need = &p->needs[n];
	}
	chosen = wanted ? choose_alternative(alts, n, forced) : -1;
	if (chosen >= 0)
		set_autoload(&alts[chosen]);
	if (chosen < 0 && (p->optional || !wanted))
		return 0;
	if (chosen < 0) {
		explain_missing(&sb, p, alts, n, forced);
		snprintf(why, whylen, "%s", sb_str(&sb));
		sb_free(&sb);
		return -1;
	}
	if (verbose)
		say_chosen(tool, p, &alts[chosen]);
	return 0;
}

size_t probes_prototypes(const struct probe *probes, const struct options_given *given,
			 const char **names, size_t max)
{
	const struct probe *p;
	size_t n = 0;
	int i;

	for (p = probes; p->hook; p++)
		for (i = 0; hook_wanted(p, given) && i < PROBE_MAX_ALTERNATIVES; i++)
			if ((p->needs[i].kind == NEED_TRACEPOINT_ARGS ||
			     p->needs[i].kind == NEED_TRACEPOINT_ARG_TYPE) &&
			    n < max)
				names[n++] = p->needs[i].name;
	return n;
}

/* Every tracepoint prototype the wanted hooks ask about, looked up in one pass. */
static void prepare_prototypes(const struct probe *probes, const struct options_given *given)
{
	const char *names[SUPPORT_MAX_PROTOTYPES];
	size_t n = probes_prototypes(probes, given, names, SUPPORT_MAX_PROTOTYPES);

	if (n)
		support_prototypes(names, n);
}

/* The function an fentry element attaches to: its section's, or the one the table names. */
static const char *fentry_function(const struct alternative *alt, int k)
{
	const char *target;

	if (section_split(alt->progs[k], &target) != PROBE_FENTRY)
		return NULL;
	return target_is_function(alt->target[k]) ? alt->target[k] : target;
}

/* Tell kernel_support.c the functions a way's fentry elements attach to. */
static void note_functions(struct bpf_object *obj, const char *spec)
{
	struct alternative alt;
	const char *func;
	char why[256];
	int k;

	if (parse_alternative(obj, spec, &alt, why, sizeof(why)))
		return; /* choose_hook() says why */
	for (k = 0; k < alt.n; k++)
		if ((func = fentry_function(&alt, k)) && *func)
			support_functions(&func, 1);
}

/*
 * Every function the wanted hooks' fentry ways attach to, told before the
 * first is asked about, so that all are looked up in the kernel's BTF at once.
 */
static void prepare_functions(struct bpf_object *obj, const struct probe *probes,
			      const struct options_given *given)
{
	const struct probe *p;
	int i;

	for (p = probes; p->hook; p++)
		for (i = 0; hook_wanted(p, given) && i < PROBE_MAX_ALTERNATIVES && p->progs[i]; i++)
			note_functions(obj, p->progs[i]);
}

int probes_choose(struct bpf_object *obj, const struct probe *probes,
		  const struct options_given *given, bool verbose, const char *tool, char *why,
		  size_t whylen)
{
	const char *forced = getenv("SONDE_ATTACH");
	struct bpf_program *prog;
	const struct probe *p;
	int err = 0;

	if (forced && !*forced)
		forced = NULL;
	if (forced && !known_kind(forced)) {
		snprintf(why, whylen,
			 "SONDE_ATTACH=%s is not one of tracepoint, tp_btf, raw_tp, fentry, kprobe",
			 forced);
		return -1;
	}
	/* what the table does not choose stays out */
	bpf_object__for_each_program(prog, obj) bpf_program__set_autoload(prog, false);
	prepare_prototypes(probes, given);
	prepare_functions(obj, probes, given);
	for (p = probes; !err && p->hook; p++)
		err = choose_hook(obj, p, hook_wanted(p, given), forced, verbose, tool, why,
				  whylen);
	support_release();
	return err;
}

/* The way probes_choose() chose for a hook: the one whose plainly listed programs all load. */
static bool way_chosen(const struct alternative *alt)
{
	int k;

	for (k = 0; k < alt->n; k++)
		if (element_loads(alt, k) && !alt->optional[k] &&
		    !bpf_program__autoload(alt->progs[k]))
			return false;
	return alt->n > 0;
}

int probes_each_target(struct bpf_object *obj, const struct probe *probes,
		       const struct options_given *given,
		       int (*each)(struct bpf_program *prog, const char *target, void *arg),
		       void *arg)
{
	struct alternative alt;
	const struct probe *p;
	char why[256];
	int i, k, err;

	for (p = probes; p->hook; p++) {
		for (i = 0; hook_wanted(p, given) && i < PROBE_MAX_ALTERNATIVES && p->progs[i];
		     i++) {
			if (parse_alternative(obj, p->progs[i], &alt, why, sizeof(why)) ||
			    !way_chosen(&alt))
				continue;
			for (k = 0; k < alt.n; k++)
				if (alt.target[k][0] && element_attached(&alt, k) &&
				    (err = each(alt.progs[k], alt.target[k], arg)))
					return err;
			break;
		}
	}
	return 0;
}

struct bpf_link *probe_attach_at(struct bpf_program *prog, const char *target)
{
	size_t category = strcspn(target, "/");
	char name[PROBE_TARGET_MAX];

	if (target_is_function(target)) {
		if (probe_kind_of(prog) == PROBE_FENTRY) /* loaded for it */
			return bpf_program__attach_trace(prog);
		if (!strcmp(bpf_program__section_name(prog), "kretprobe"))
			return kretprobe_attach(prog, target);
		return bpf_program__attach_kprobe(prog, false, target);
	}

	snprintf(name, sizeof(name), "%.*s", (int)category, target);
	return bpf_program__attach_tracepoint(prog, name, target + category + 1);
}
