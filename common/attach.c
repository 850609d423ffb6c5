// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#define _GNU_SOURCE
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>

#include "attach.h"
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

/* The SEC() name split as kind and target: "tracepoint/block/x" -> kind, "block/x". */
static enum probe_kind section_split(const struct bpf_program *prog, const char **target)
{
	const char *sec = bpf_program__section_name(prog);
	const char *slash = strchr(sec, '/');
	size_t i, len = slash ? (size_t)(slash - sec) : strlen(sec);

	*target = slash ? slash + 1 : "";
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
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

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i].kind == kind)
			return kinds[i].name;
	return "other";
}

static const char *tracefs(void)
{
	static const char *root;

	if (!root)
		root = access("/sys/kernel/tracing/events", F_OK) == 0
			       ? "/sys/kernel/tracing"
			       : "/sys/kernel/debug/tracing";
	return root;
}

/* Kernel BTF, parsed only if an fentry alternative is considered; freed once chosen. */
static struct {
	struct btf *btf;
	bool tried;
} vmlinux;

static struct btf *vmlinux_btf(void)
{
	if (!vmlinux.tried) {
		vmlinux.tried = true;
		vmlinux.btf = btf__load_vmlinux_btf(); /* NULL without BTF */
	}
	return vmlinux.btf;
}

static void vmlinux_btf_release(void)
{
	btf__free(vmlinux.btf);
	vmlinux = (typeof(vmlinux)){ 0 };
}

static bool tracefs_available(void)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/events", tracefs());
	return access(path, F_OK) == 0;
}

/* "block/block_rq_issue": the event directory exists in tracefs. */
static bool tracepoint_exists(const char *cat_name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/events/%s", tracefs(), cat_name);
	return access(path, F_OK) == 0;
}

/*
 * A raw tracepoint is named without its category: look for it in any. Kernel
 * BTF describes every tracepoint, so with BTF present a BTF tracepoint exists
 * when the tracepoint does: no need to parse megabytes of BTF to know.
 */
static bool tracepoint_named(const char *name)
{
	char pattern[512], type[256];
	glob_t found;
	bool exists;

	if (!tracefs_available()) {
		/* unmounted (containers): BTF knows the tracepoint as btf_trace_<name> */
		snprintf(type, sizeof(type), "btf_trace_%s", name);
		return vmlinux_btf() &&
		       btf__find_by_name_kind(vmlinux_btf(), type, BTF_KIND_TYPEDEF) > 0;
	}
	snprintf(pattern, sizeof(pattern), "%s/events/*/%s", tracefs(), name);
	exists = glob(pattern, GLOB_NOSORT, NULL, &found) == 0;
	globfree(&found);
	return exists;
}

/*
 * Lockdown and some hardened kernels refuse fentry at load time even though
 * BTF describes the function: the only honest probe is to load a trivial
 * fentry program ("r0 = 0; exit") against it. Done once per process.
 */
static bool fentry_allowed(int btf_id)
{
	static int verdict = -1;
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_FENTRY,
		    .attach_btf_id = btf_id);
	int fd;

	if (verdict < 0) {
		fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, NULL, "GPL", insns, 2, &opts);
		verdict = fd >= 0;
		if (fd >= 0)
			close(fd);
	}
	return verdict;
}

static bool fentry_supported(const char *func)
{
	struct btf *btf = vmlinux_btf();
	int id = btf ? btf__find_by_name_kind(btf, func, BTF_KIND_FUNC) : -1;

	return id > 0 && fentry_allowed(id);
}

/* kprobes need the kprobe PMU (or kprobe_events) and the function in kallsyms. */
static bool kprobe_supported(const char *func)
{
	char line[512], sym[256];
	bool found = false;
	FILE *f;

	if (access("/sys/bus/event_source/devices/kprobe/type", F_OK) &&
	    access("/sys/kernel/tracing/kprobe_events", F_OK))
		return false;
	f = fopen("/proc/kallsyms", "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%*s %*c %255s", sym) == 1 && !strcmp(sym, func);
	fclose(f);
	return found;
}

static bool probe_check(const struct bpf_program *prog)
{
	const char *target;

	switch (section_split(prog, &target)) {
	case PROBE_TRACEPOINT:
		return tracepoint_exists(target);
	case PROBE_TP_BTF:
		return access("/sys/kernel/btf/vmlinux", R_OK) == 0 && tracepoint_named(target);
	case PROBE_RAW_TP:
		return tracepoint_named(target);
	case PROBE_FENTRY:
		return fentry_supported(target);
	case PROBE_KPROBE:
		return kprobe_supported(target);
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

/* What a program needs, for "cannot attach: needs ...". */
static void describe_need(struct strbuf *sb, const struct bpf_program *prog)
{
	const char *target, *slash;

	switch (section_split(prog, &target)) {
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

static bool known_kind(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i].name, name))
			return true;
	return false;
}

/* One way to serve a hook: programs attached together, some of them optional. */
struct alternative {
	struct bpf_program *progs[PROBE_MAX_GROUP];
	bool optional[PROBE_MAX_GROUP];
	int n;
};

/* "a,b,?c" -> the programs a, b and (if it can run) c. */
static int parse_alternative(struct bpf_object *obj, const char *spec, struct alternative *alt,
			     char *why, size_t whylen)
{
	char names[256], *name, *save = NULL;

	snprintf(names, sizeof(names), "%s", spec);
	alt->n = 0;
	for (name = strtok_r(names, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		bool optional = name[0] == '?';

		if (alt->n == PROBE_MAX_GROUP) {
			snprintf(why, whylen, "too many programs in '%s'", spec);
			return -1;
		}
		alt->optional[alt->n] = optional;
		alt->progs[alt->n] = bpf_object__find_program_by_name(obj, name + optional);
		if (!alt->progs[alt->n]) {
			snprintf(why, whylen, "no BPF program %s", name + optional);
			return -1;
		}
		alt->n++;
	}
	return 0;
}

static enum probe_kind alternative_kind(const struct alternative *alt)
{
	return probe_kind_of(alt->progs[0]);
}

/* Its first required program this kernel cannot run, or NULL if it can run them all. */
static struct bpf_program *alternative_missing(const struct alternative *alt)
{
	int i;

	for (i = 0; i < alt->n; i++)
		if (!alt->optional[i] && !probe_supported(alt->progs[i]))
			return alt->progs[i];
	return NULL;
}

/* The first alternative that can run here (only the forced kind if it has one), or -1. */
static int choose_alternative(const struct alternative *alts, int n, const char *forced)
{
	bool has_forced = false;
	int i;

	for (i = 0; forced && i < n; i++)
		has_forced |= !strcmp(probe_kind_name(alternative_kind(&alts[i])), forced);
	for (i = 0; i < n; i++) {
		if (has_forced && strcmp(probe_kind_name(alternative_kind(&alts[i])), forced))
			continue;
		if (!alternative_missing(&alts[i]))
			return i;
	}
	return -1;
}

static void explain_missing(struct strbuf *sb, const struct probe *p,
			    const struct alternative *alts, int n, const char *forced)
{
	bool tracepoints = false;
	int i, listed = 0;

	sb_puts(sb, "needs ");
	for (i = 0; i < n; i++) {
		const struct bpf_program *missing = alternative_missing(&alts[i]);

		if (!missing ||
		    (forced && strcmp(probe_kind_name(alternative_kind(&alts[i])), forced)))
			continue;
		if (listed++)
			sb_puts(sb, " or ");
		describe_need(sb, missing);
		tracepoints |= alternative_kind(&alts[i]) == PROBE_TRACEPOINT;
	}
	if (p->hint)
		sb_printf(sb, " %s", p->hint);
	if (forced)
		sb_printf(sb, " (SONDE_ATTACH=%s)", forced);
	if (tracepoints && !tracefs_available())
		sb_puts(sb,
			" (tracefs is not mounted: mount -t tracefs nodev /sys/kernel/tracing)");
}

/* Autoload the chosen alternative's programs (its optional ones if they can run), no other. */
static void set_autoload(const struct alternative *alts, int n, int chosen)
{
	int i, k;

	for (i = 0; i < n; i++)
		for (k = 0; k < alts[i].n; k++)
			bpf_program__set_autoload(alts[i].progs[k],
						  i == chosen &&
							  (!alts[i].optional[k] ||
							   probe_supported(alts[i].progs[k])));
}

static void say_chosen(const char *tool, const struct probe *p, const struct alternative *alt)
{
	int k;

	fprintf(stderr, "%s: %s: attaching", tool, p->hook);
	for (k = 0; k < alt->n; k++)
		if (bpf_program__autoload(alt->progs[k]))
			fprintf(stderr, " %s", bpf_program__section_name(alt->progs[k]));
	fprintf(stderr, " (%s)\n", probe_kind_name(alternative_kind(alt)));
}

/* Settle one hook. */
static int choose_hook(struct bpf_object *obj, const struct probe *p, const char *forced,
		       bool verbose, const char *tool, char *why, size_t whylen)
{
	struct alternative alts[PROBE_MAX_ALTERNATIVES];
	struct strbuf sb = { 0 };
	int n, chosen;

	for (n = 0; n < PROBE_MAX_ALTERNATIVES && p->progs[n]; n++)
		if (parse_alternative(obj, p->progs[n], &alts[n], why, whylen))
			return -1;
	chosen = p->unused ? -1 : choose_alternative(alts, n, forced);
	set_autoload(alts, n, chosen);
	if (chosen < 0 && (p->optional || p->unused))
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

int probes_choose(struct bpf_object *obj, const struct probe *probes, bool verbose,
		  const char *tool, char *why, size_t whylen)
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
	bpf_object__for_each_program(prog, obj) bpf_program__set_autoload(
		prog, false); /* what the table does not choose stays out */
	for (p = probes; !err && p->hook; p++)
		err = choose_hook(obj, p, forced, verbose, tool, why, whylen);
	vmlinux_btf_release();
	return err;
}
