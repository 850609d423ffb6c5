# sonde: bpf/<tool>.bpf.c -> build/bpf/<tool>.bpf.o -> build/skel/<tool>.skel.h
#        tools/<tool>.c + common/*.c -> build/bin/<tool>
#
#   make                 build every tool into build/bin (one line a step; V=1 shows
#                        the commands)
#   make check           what CI runs (as root): man-page lint, unit tests, tool
#                        tests, the sanitizer pass, fuzzing, the arm64 cross-build,
#                        then the tool tests under Linux 5.10, 6.1 and 6.12, and
#                        arm64's 6.12; user code is built with -Werror
#   make check-tools     the tool tests on this kernel (TOOLS="a b": those tools only)
#   make check-san       common/ and the tools built again with ASan and UBSan into
#                        build/san; the unit tests and the tool tests run on them
#   make check-vm        the tool tests under Linux 5.10, 6.1 and 6.12 in qemu, and
#                        arm64's 6.12 (the arm64 build), the forced attach kinds
#                        on 6.1, and the table of every run (TOOLS= as above;
#                        VM_RUNS="trixie:default": that run alone)
#   make fuzz            build tests/fuzz/*.c as libFuzzer targets and run each for
#                        FUZZ_SECONDS (30) on a copy of its seed corpus
#   make install         PREFIX=/usr DESTDIR=... (sbin + man8)
#   make vmlinux         regenerate vmlinux/<arch>/vmlinux.h from this kernel's BTF
#                        (ARCH=arm64: from Debian 13's arm64 kernel, booted in qemu)
#   make ARCH=arm64      cross-build the tools, workloads and tests for arm64 into
#                        build/arm64 (the packages: scripts/setup)
#   make bench           overhead, start-up and memory figures, and the events a
#                        second the output paths print on one core (as root)
#   make bench-output    that last figure alone (recorded events replayed)
#   make bench-peers     overhead, start-up and memory next to libbpf-tools, bpftrace
#                        and bcc, installed with apt-get, and a flood of opens (as root)
#   make format          clang-format every C file
#
# OUT=dir builds somewhere else than build/. CFLAGS, CPPFLAGS and LDFLAGS are
# the packager's; WERROR=1 and SANITIZE=1 add -Werror and the sanitizers. A
# change of flags rebuilds what they affect (the $(OUT)/*.flags stamps).

# A tool is tools/<tool>.c with bpf/<tool>.bpf.c. It may have other names,
# declared in its source as `#define TOOL_ALIASES "name1 name2"`: each is a
# hard link to its binary (the tool looks at the name it was called by) and
# an installed symlink to its binary and man page. ALIASES holds NAME:TOOL words.
ALL_TOOLS := $(sort $(patsubst tools/%.c,%,$(wildcard tools/*.c)))
# A literal '#': make before 4.3 reads one in a function call as a comment.
HASH := \#
comma := ,
aliases_of = $(shell sed -n 's/^$(HASH)define TOOL_ALIASES "\([^"]*\)".*/\1/p' tools/$(1).c)
ALIASES := $(foreach t,$(ALL_TOOLS),$(foreach a,$(call aliases_of,$(t)),$(a):$(t)))
alias_name = $(firstword $(subst :, ,$(1)))
alias_tool = $(lastword $(subst :, ,$(1)))

# TOOLS="a b" limits the tool tests to those tools' suites (plus the suites
# that check every tool at once: attach, fallback, kernel_btf).
TOOLS ?=

VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo 0.1)
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man

# ARCH is the kernel's name for the target architecture: this machine's by
# default. ARCH=arm64 on an x86 machine cross-builds (into build/arm64 unless
# OUT says otherwise): the BPF objects for that architecture's registers and
# vmlinux/<arch>/vmlinux.h, the user code with $(CROSS_COMPILE)gcc against
# the target's libraries installed through Debian multiarch
# (scripts/setup). The host's clang and bpftool serve every target.
HOST_ARCH := $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/' -e 's/ppc64le/powerpc/' \
	-e 's/s390x/s390/' -e 's/riscv64/riscv/' -e 's/loongarch64/loongarch/')
ARCH := $(HOST_ARCH)
CROSS := $(if $(filter-out $(HOST_ARCH),$(ARCH)),1)
# Kernel architecture : GNU triplet, for the cross tools' names.
CROSS_TRIPLETS := arm64:aarch64-linux-gnu x86:x86_64-linux-gnu

ifeq ($(CROSS),1)
CROSS_COMPILE ?= $(or $(word 2,$(subst :, ,$(filter $(ARCH):%,$(CROSS_TRIPLETS)))),\
	$(error ARCH=$(ARCH): no cross compiler known; set CROSS_COMPILE=<triplet>-))-
# make's own defaults (cc, ar) are the host's; a value from the command line
# or the environment is the builder's and stays.
ifeq ($(filter-out default undefined,$(origin CC)),)
CC := $(CROSS_COMPILE)gcc
endif
ifeq ($(filter-out default undefined,$(origin AR)),)
AR := $(CROSS_COMPILE)ar
endif
endif

CC ?= gcc
CLANG ?= clang
BPFTOOL ?= bpftool
# The binutils that read what $(CC) built (the test fixtures' facts).
NM := $(CROSS_COMPILE)nm
READELF := $(CROSS_COMPILE)readelf
OBJCOPY := $(CROSS_COMPILE)objcopy
STRIP := $(CROSS_COMPILE)strip
ADDR2LINE := $(CROSS_COMPILE)addr2line

MULTIARCH := $(shell $(CC) -print-multiarch 2>/dev/null)
# Cross: the target's .pc files (Debian multiarch), not the host's.
PKG_CONFIG ?= $(if $(CROSS),PKG_CONFIG_LIBDIR=/usr/lib/$(MULTIARCH)/pkgconfig:/usr/share/pkgconfig) \
	pkg-config

OUT ?= build$(if $(CROSS),/$(ARCH))
BIN := $(OUT)/bin
.DEFAULT_GOAL := all

# Quiet by default: one line a step ("  CC      build/tools/opensnoop.o"), the
# whole command with V=1. A step's line and its command run in one shell.
V ?= 0
ifeq ($(V),1)
step =
Q :=
else
step = @printf '  %-7s %s\n' '$(1)' '$(2)';
Q := @
endif

# Make removes a target whose recipe failed, so a half-written object is
# never taken for a built one.
.DELETE_ON_ERROR:

# CI's `make check` builds user code with -Werror; a plain `make`, which is
# what distribution packagers run, does not, so that a newer compiler's new
# warning cannot break their build. The BPF side always has -Werror.
WERROR ?= $(if $(filter check,$(MAKECMDGOALS)),1,0)
WERROR_CFLAGS := $(if $(filter 1,$(WERROR)),-Werror)

# SANITIZE=1: AddressSanitizer (with LeakSanitizer) and UndefinedBehaviorSanitizer,
# every finding fatal. -O1 after the packager's -O2: fast enough, and clear stacks.
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g -O1
SANITIZE ?= 0
SAN_CFLAGS := $(if $(filter 1,$(SANITIZE)),$(SAN_FLAGS))

CFLAGS ?= -O2 -g
SONDE_CFLAGS := -Wall -Wextra -Wno-missing-field-initializers -std=gnu11 -MMD -MP \
	-Icommon -Itools -I$(OUT)/skel -I$(OUT)/gen
COMPILE = $(CC) $(SONDE_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(SAN_CFLAGS) $(WERROR_CFLAGS)
LINK = $(CC) $(CFLAGS) $(SAN_CFLAGS) $(LDFLAGS)
# common/btf_wants.c reads BPF objects with libelf itself, not only through libbpf;
# common/binsyms.c checks debug files' CRCs with zlib's crc32; common/srclines.c
# reads source lines and inlined functions from DWARF with elfutils' libdw, which
# common/dwlib.c opens at its first use (its headers are needed, not its link).
LDLIBS := $(shell $(PKG_CONFIG) --libs libbpf libelf zlib 2>/dev/null || \
	echo -lbpf -lelf -lz) -lm

# -g keeps BTF for CO-RE; the BPF objects get no -MMD from the same rule as user code.
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -Wall -Werror \
	-Ivmlinux/$(ARCH) -Ibpf -Icommon -Itools $(if $(MULTIARCH),-I/usr/include/$(MULTIARCH))

# ---- flag stamps ---------------------------------------------------------
# $(OUT)/NAME.flags holds the flags_NAME in use and is rewritten only when
# they change; what was built with them depends on it, so a flag change (or
# another compiler) rebuilds exactly that. The version is a stamp of its
# own, for the one object that prints it.
flags_cc = $(COMPILE) | $(LINK) | $(LDLIBS)
flags_bpf = $(CLANG) $(BPF_CFLAGS) | $(BPFTOOL)
flags_fuzz = $(FUZZ_CC) $(FUZZ_COMPILE_FLAGS) | $(FUZZ_LDLIBS)
flags_version = $(VERSION)

$(OUT)/%.flags: FORCE | $(OUT)
	@flags='$(subst ','\'',$(flags_$*))'; \
	[ "$$flags" = "$$(cat $@ 2>/dev/null)" ] || printf '%s\n' "$$flags" >$@

.PHONY: FORCE
FORCE:

# ---- the tools -----------------------------------------------------------

COMMON_SRCS := $(wildcard common/*.c)
COMMON_OBJS := $(COMMON_SRCS:common/%.c=$(OUT)/common/%.o)

.PHONY: all
all: $(ALL_TOOLS:%=$(BIN)/%) $(foreach a,$(ALIASES),$(BIN)/$(call alias_name,$(a)))

define alias_rule
$(BIN)/$(call alias_name,$(1)): $(BIN)/$(call alias_tool,$(1))
	$$(call step,LN,$$@) ln -f $$< $$@
endef
$(foreach a,$(ALIASES),$(eval $(call alias_rule,$(a))))

$(OUT)/bpf/%.bpf.o: bpf/%.bpf.c $(OUT)/bpf.flags | $(OUT)/bpf
	$(call step,BPF,$@) $(CLANG) $(BPF_CFLAGS) -MMD -MP -MF $(@:.o=.d) -MT $@ -c $< -o $@.tmp
	$(Q)$(BPFTOOL) gen object $@ $@.tmp
	$(Q)rm -f $@.tmp

$(OUT)/skel/%.skel.h: $(OUT)/bpf/%.bpf.o | $(OUT)/skel
	$(call step,SKEL,$@) $(BPFTOOL) gen skeleton $< name $(subst -,_,$*)_bpf >$@.tmp
	$(Q)mv $@.tmp $@

# The target's syscall numbers, from its <asm/unistd.h>. The asm-generic
# architectures (arm64, riscv) define some by way of another macro
# (__NR_lseek __NR3264_lseek): one step of indirection is followed;
# __NR_syscalls there is their count, not a call.
$(OUT)/gen/syscall_names.h: $(OUT)/cc.flags | $(OUT)/gen
	$(call step,GEN,$@) echo '#include <asm/unistd.h>' | $(CC) -dM -E - | \
		awk '$$1 == "$(HASH)define" && $$2 ~ /^__NR(3264)?_[a-z0-9_]+$$/ { v[$$2] = $$3 } \
		END { for (n in v) { x = v[n]; if (x in v) x = v[x]; \
			if (n ~ /^__NR_/ && n != "__NR_syscalls" && x ~ /^[0-9]+$$/) print x, substr(n, 6) } }' | \
		sort -n -k1,1 -k2,2 | awk '{ printf "[%s] = \"%s\",\n", $$1, $$2 }' >$@.tmp
	$(Q)mv $@.tmp $@

$(OUT)/common/names.o: $(OUT)/gen/syscall_names.h

# a cached kernel BTF cut (common/btf_cache.h) is named by the code that cut it
BTF_CUT_CODE := common/kernel_btf.c common/kernel_btf.h common/btf_file.c common/btf_file.h
$(OUT)/common/btf_cache.o: SONDE_CFLAGS += \
	-DBTF_CUT_CODE='"$(shell cat $(BTF_CUT_CODE) | sha256sum | cut -c1-32)"'
$(OUT)/common/btf_cache.o: $(BTF_CUT_CODE)

$(OUT)/common/run.o: SONDE_CFLAGS += -DSONDE_VERSION='"$(VERSION)"'
$(OUT)/common/run.o: $(OUT)/version.flags

$(OUT)/common/%.o: common/%.c $(OUT)/cc.flags | $(OUT)/common
	$(call step,CC,$@) $(COMPILE) -c $< -o $@

$(OUT)/tools/%.o: tools/%.c $(OUT)/skel/%.skel.h $(OUT)/cc.flags | $(OUT)/tools
	$(call step,CC,$@) $(COMPILE) -c $< -o $@

$(BIN)/%: $(OUT)/tools/%.o $(OUT)/libsonde.a $(OUT)/cc.flags | $(BIN)
	$(call step,LINK,$@) $(LINK) $(filter %.o %.a,$^) $(LDLIBS) -o $@

$(OUT)/libsonde.a: $(COMMON_OBJS)
	$(call step,AR,$@) rm -f $@ && $(AR) rcs $@ $^

# ---- tests ---------------------------------------------------------------
# Each test source is an object of its own, with its dependencies tracked;
# the unit tests and the tool tests are a Criterion binary each.

# Cross-building, Criterion's target runtime is where scripts/setup unpacked it
# (Debian 12's arm64 Criterion cannot be installed beside the host's), and
# the tests find it there when they run (scripts/vm's guests see the host's
# root): an old-style DT_RPATH, which unlike DT_RUNPATH also serves the
# libraries Criterion itself needs (nanomsg).
CROSS_CRITERION ?= /opt/sonde-cross/$(MULTIARCH)
CRITERION_LIBS := $(shell $(PKG_CONFIG) --libs criterion 2>/dev/null || \
	echo $(if $(CROSS),-L$(CROSS_CRITERION) -Wl$(comma)--disable-new-dtags$(comma)-rpath$(comma)$(CROSS_CRITERION)) -lcriterion)
UNIT_OBJS := $(patsubst tests/unit/%.c,$(OUT)/tests/unit/%.o,$(wildcard tests/unit/*.c))
TOOL_TEST_OBJS := $(patsubst tests/tools/%.c,$(OUT)/tests/tools/%.o,\
	$(filter-out %.bpf.c,$(wildcard tests/tools/*.c)))
WORKLOADS := $(patsubst tests/workloads/%.c,$(OUT)/workloads/%,$(wildcard tests/workloads/*.c))

$(OUT)/tests/unit/%.o: tests/unit/%.c $(OUT)/cc.flags | $(OUT)/tests/unit
	$(call step,CC,$@) $(COMPILE) -c $< -o $@

$(OUT)/tests/tools/%.o: tests/tools/%.c $(OUT)/cc.flags | $(OUT)/tests/tools
	$(call step,CC,$@) $(COMPILE) -Itests/tools -c $< -o $@

# The ELF files tests/unit/test_elfsyms.c reads, built from one source into
# $(FIXTURES) (each OUT its own, the sanitized one too; the path is compiled
# into the test): a PIE, a non-PIE executable, a shared library, and that
# library stripped, its debug file split out and named by a .gnu_debuglink.
# Fixed flags, not the packager's nor the sanitizers': the tests rely on
# their shape; tests/unit/test_usyms.c also runs the executables. Each
# <file>.facts is what nm -S, readelf -lW and readelf -n said of it: the
# answers the tests check common/elfsyms.c against.
FIXTURES := $(OUT)/tests/fixtures
FIXTURE_CC := $(CC) -O1 -g -Wl,--build-id=sha1 tests/unit/fixtures/elfsym_target.c
ELF_FIXTURE_FILES := elfsym_pie elfsym_nopie libelfsym.so libelfsym-stripped.so libelfsym.so.debug
ELF_FIXTURES := $(ELF_FIXTURE_FILES:%=$(FIXTURES)/%) $(ELF_FIXTURE_FILES:%=$(FIXTURES)/%.facts)

$(OUT)/tests/unit/test_elfsyms.o $(OUT)/tests/unit/test_usyms.o \
$(OUT)/tests/unit/test_srclines.o $(OUT)/tests/unit/test_stackprint.o: \
	SONDE_CFLAGS += -DELFSYM_FIXTURES='"$(abspath $(FIXTURES))"' \
		-DINLINE_SOURCE='"$(abspath tests/unit/fixtures/inline_target.c)"'

$(FIXTURES)/elfsym_pie: tests/unit/fixtures/elfsym_target.c | $(FIXTURES)
	$(call step,CC,$@) $(FIXTURE_CC) -fPIE -pie -o $@
$(FIXTURES)/elfsym_nopie: tests/unit/fixtures/elfsym_target.c | $(FIXTURES)
	$(call step,CC,$@) $(FIXTURE_CC) -fno-pie -no-pie -o $@
$(FIXTURES)/libelfsym.so: tests/unit/fixtures/elfsym_target.c | $(FIXTURES)
	$(call step,CC,$@) $(FIXTURE_CC) -fPIC -shared -o $@
$(FIXTURES)/libelfsym.so.debug: $(FIXTURES)/libelfsym.so
	$(call step,OBJCOPY,$@) $(OBJCOPY) --only-keep-debug $< $@
# --strip-all keeps a library's .dynsym; the debuglink holds the debug file's name and CRC.
$(FIXTURES)/libelfsym-stripped.so: $(FIXTURES)/libelfsym.so $(FIXTURES)/libelfsym.so.debug
	$(call step,STRIP,$@) $(STRIP) --strip-all -o $@.tmp $< && \
		$(OBJCOPY) --add-gnu-debuglink=$(word 2,$^) $@.tmp && mv $@.tmp $@
$(FIXTURES)/%.facts: $(FIXTURES)/%
	$(call step,GEN,$@) { $(NM) -S --defined-only $< 2>/dev/null; $(NM) -D -S --defined-only $< 2>/dev/null; \
		$(READELF) -lW $<; $(READELF) -nW $<; } >$@.tmp && mv $@.tmp $@

# The DWARF fixtures of tests/unit/test_srclines.c, test_usyms.c and
# test_stackprint.c, from fixtures/inline_target.c at -O2 -g (fixed flags
# too): a PIE whose code holds inlined functions; a copy without
# .debug_aranges, as clang leaves its output (its units are then placed by
# their own DIEs); a copy without its DWARF (strip --strip-debug: its
# .symtab stays); a copy stripped of everything, its debug file laid out by
# build-id under $(FIXTURES)/debug, a directory that stands for
# /usr/lib/debug. inline_target.lines is what binutils' addr2line -i -f
# said of every byte of the fixture's functions: the answers the tests
# check libdw's against.
INLINE_CC := $(CC) -O2 -g -Wl,--build-id=sha1 -fPIE -pie
INLINE_FUNCTIONS := inline_outer inline_plain inline_deep main
INLINE_FIXTURES := $(addprefix $(FIXTURES)/,inline_target inline_target.facts inline_target.lines \
	inline_target-noaranges inline_target-nodwarf inline_target-stripped)

$(FIXTURES)/inline_target: tests/unit/fixtures/inline_target.c | $(FIXTURES)
	$(call step,CC,$@) $(INLINE_CC) $< -o $@
$(FIXTURES)/inline_target-noaranges: $(FIXTURES)/inline_target
	$(call step,OBJCOPY,$@) $(OBJCOPY) --remove-section=.debug_aranges $< $@
$(FIXTURES)/inline_target-nodwarf: $(FIXTURES)/inline_target
	$(call step,STRIP,$@) $(STRIP) --strip-debug -o $@ $<
# The debug directory is made again whole: an old build-id's file must not linger.
$(FIXTURES)/inline_target-stripped: $(FIXTURES)/inline_target
	$(call step,STRIP,$@) id=$$($(READELF) -nW $< | sed -n 's/.*Build ID: *//p') && \
		dir=$(FIXTURES)/debug/.build-id/$$(echo $$id | cut -c1-2) && \
		rm -rf $(FIXTURES)/debug && mkdir -p $$dir && \
		$(OBJCOPY) --only-keep-debug $< $$dir/$$(echo $$id | cut -c3-).debug && \
		$(STRIP) --strip-all -o $@.tmp $< && mv $@.tmp $@
# Every byte of each function nm -S sizes, as addresses addr2line -a -i -f reads.
$(FIXTURES)/inline_target.lines: $(FIXTURES)/inline_target
	$(call step,GEN,$@) $(NM) -S --defined-only $< | \
		while read addr size type name; do \
			case " $(INLINE_FUNCTIONS) " in *" $$name "*) ;; *) continue ;; esac; \
			i=0; while [ $$i -lt $$((0x$$size)) ]; do \
				printf '0x%x\n' $$((0x$$addr + i)); i=$$((i + 1)); done; \
		done | $(ADDR2LINE) -a -i -f -e $< >$@.tmp && mv $@.tmp $@

$(OUT)/tests/unit-tests: $(UNIT_OBJS) $(OUT)/libsonde.a $(OUT)/cc.flags $(ELF_FIXTURES) \
	$(INLINE_FIXTURES)
	$(call step,LINK,$@) $(LINK) $(filter %.o %.a,$^) $(LDLIBS) $(CRITERION_LIBS) -o $@

$(OUT)/tests/tool-tests: $(TOOL_TEST_OBJS) $(OUT)/libsonde.a $(OUT)/cc.flags
	$(call step,LINK,$@) $(LINK) $(filter %.o %.a,$^) $(LDLIBS) $(CRITERION_LIBS) -o $@

$(OUT)/tests/%.bpf.o: tests/tools/%.bpf.c $(OUT)/bpf.flags | $(OUT)/tests
	$(call step,BPF,$@) $(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(OUT)/workloads/%: tests/workloads/%.c $(OUT)/cc.flags | $(OUT)/workloads
	$(call step,CC,$@) $(COMPILE) $(LDFLAGS) $< -o $@

# The stack tools' workload: every function keeps its frame pointer (-O0; gcc
# drops it from leaves at -O1 and above on x86, and at every level on arm64
# unless told: -mno-omit-leaf-frame-pointer), so an in-kernel walk sees whole
# chains.
$(OUT)/workloads/stacker: CFLAGS += -O0 -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer
$(OUT)/workloads/stacker: LDFLAGS += -pthread

# make check's stages run one after the other (no stage's tests may run beside
# another's), each building what it needs with a job a CPU: CI's make check
# has no -j of its own, and its builds (the tools, the sanitized and fuzzing
# builds, arm64) took minutes one file at a time.
.PHONY: check check-unit check-tools check-san check-cross check-vm check-man
CHECK_STAGES := check-man check-unit check-tools check-san fuzz check-cross check-vm
check:
	$(Q)for stage in $(CHECK_STAGES); do \
		$(MAKE) --no-print-directory -j$$(nproc) $$stage || exit 1; \
	done

check-unit: $(OUT)/tests/unit-tests
	$(OUT)/tests/unit-tests

# What scripts/matrix needs for a run of the tool tests (also `make tool-tests`,
# as check-vm builds them for another ARCH).
TOOL_TESTS := all $(WORKLOADS) $(OUT)/tests/tool-tests $(OUT)/tests/fallback.bpf.o
.PHONY: tool-tests
tool-tests: $(TOOL_TESTS)
MATRIX := OUT=$(OUT) TOOLS='$(TOOLS)' scripts/matrix

# The tool tests on this kernel; their log and attach paths feed the matrix table.
check-tools: $(TOOL_TESTS)
	$(MATRIX) run host default

# The sanitizer pass: common/, the tools and the unit tests built again with
# ASan+UBSan into $(SAN_OUT), then the unit tests and the host's default run
# of the tool tests (the matrix's "host-san" run) on them. A report ends the
# process with status 99; scripts/sanitized keeps every report (leaks found
# at exit included), prints it, and fails the step.
SAN_OUT := $(OUT)/san
check-san: export ASAN_OPTIONS := halt_on_error=1:abort_on_error=0:exitcode=99:detect_leaks=1
check-san: export UBSAN_OPTIONS := halt_on_error=1:abort_on_error=0:exitcode=99:print_stacktrace=1
check-san: $(TOOL_TESTS)
	$(Q)$(MAKE) $(if $(Q),-s) --no-print-directory OUT=$(SAN_OUT) SANITIZE=1 WERROR=$(WERROR) \
		all $(SAN_OUT)/tests/unit-tests
	scripts/sanitized $(SAN_OUT)/unit-reports $(SAN_OUT)/tests/unit-tests
	$(MATRIX) run host-san default

# The same tests under Debian's kernels in qemu (scripts/vm): 12's 6.1, 11's
# 5.10 and 13's 6.12, and 13's arm64 6.12 running the arm64 build
# ($(OUT)/arm64), every tool's tests once each; the forced fentry, kprobe,
# tracepoint and raw_tp passes on 6.1 alone (the attach code is the same on
# every kernel that has them; tracepoint and raw_tp: the tools whose default
# there is a function way). VMs run side by side, one a host CPU, each run in the lane with the
# least work so far, in this order: 6.1's passes are split between two boots
# so that the lanes end together (about 3370 s each in a slow rehearsal).
# Then the table of every run, printed even when a run failed.
VM_RUNS ?= bookworm:default,kprobe,tracepoint bullseye:default trixie:default \
	trixie-arm64:default bookworm:fentry,raw_tp
VM_ARCHES := $(sort $(foreach run,$(VM_RUNS),$(word 2,$(subst -, ,$(word 1,$(subst :, ,$(run)))))))
check-vm: $(TOOL_TESTS) $(VM_ARCHES:%=tool-tests-%)
	$(MATRIX) vms $(VM_RUNS); rc=$$?; $(MATRIX) table && exit $$rc

# Another architecture's tool tests (tools, workloads, tests) in $(OUT)/ARCH.
CROSS_ARCHES ?= arm64
check-cross: $(CROSS_ARCHES:%=tool-tests-%)
tool-tests-%:
	$(Q)$(MAKE) $(if $(Q),-s) --no-print-directory ARCH=$* OUT=$(OUT)/$* WERROR=$(WERROR) tool-tests

check-man: all
	scripts/check-man $(BIN) man/man8 $(ALL_TOOLS)

# ---- fuzzing -------------------------------------------------------------
# Every tests/fuzz/<target>.c is a libFuzzer target: clang with the fuzzer,
# ASan and UBSan, linked with common/ built the same way (coverage but no
# libFuzzer main: -fsanitize=fuzzer-no-link) into $(OUT)/fuzz/<target>.
# scripts/fuzz runs them on copies of tests/fuzz/corpus/<target>/.

FUZZ_SECONDS ?= 30
FUZZ_CC := $(CLANG)
FUZZ_FLAGS := -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_COMPILE_FLAGS = $(FUZZ_FLAGS) $(SONDE_CFLAGS) $(WERROR_CFLAGS)
FUZZ_LDLIBS = $(LDLIBS) -lz
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/*.c))
FUZZ_LIB_OBJS := $(COMMON_SRCS:common/%.c=$(OUT)/fuzz/common/%.o)

$(OUT)/fuzz/common/names.o: $(OUT)/gen/syscall_names.h

$(OUT)/fuzz/common/%.o: common/%.c $(OUT)/fuzz.flags | $(OUT)/fuzz/common
	$(call step,FUZZCC,$@) $(FUZZ_CC) $(FUZZ_COMPILE_FLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(OUT)/fuzz/%.o: tests/fuzz/%.c $(OUT)/fuzz.flags | $(OUT)/fuzz
	$(call step,FUZZCC,$@) $(FUZZ_CC) $(FUZZ_COMPILE_FLAGS) -Itests/unit -fsanitize=fuzzer -c $< -o $@

$(OUT)/fuzz/%: $(OUT)/fuzz/%.o $(OUT)/fuzz/libsonde.a $(OUT)/fuzz.flags
	$(call step,LINK,$@) $(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer $(filter %.o %.a,$^) \
		$(FUZZ_LDLIBS) -o $@

$(OUT)/fuzz/libsonde.a: $(FUZZ_LIB_OBJS)
	$(call step,AR,$@) rm -f $@ && $(AR) rcs $@ $^

.PHONY: fuzz
fuzz: $(FUZZ_TARGETS:%=$(OUT)/fuzz/%)
	scripts/fuzz $(OUT)/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# ---- everything else -----------------------------------------------------

$(OUT) $(OUT)/bpf $(OUT)/skel $(OUT)/gen $(OUT)/common $(OUT)/tools $(BIN) $(OUT)/tests \
$(OUT)/tests/unit $(OUT)/tests/tools $(OUT)/tests/fixtures $(OUT)/workloads $(OUT)/bench $(OUT)/fuzz $(OUT)/fuzz/common:
	$(Q)mkdir -p $@

.PHONY: install vmlinux bench bench-output bench-peers format clean
install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8
	install -m 0755 $(ALL_TOOLS:%=$(BIN)/%) $(DESTDIR)$(SBINDIR)
	install -m 0644 $(ALL_TOOLS:%=man/man8/%.8) $(DESTDIR)$(MANDIR)/man8
	$(foreach a,$(ALIASES),ln -sf $(call alias_tool,$(a)) \
		$(DESTDIR)$(SBINDIR)/$(call alias_name,$(a));)
	$(foreach a,$(ALIASES),ln -sf $(call alias_tool,$(a)).8 \
		$(DESTDIR)$(MANDIR)/man8/$(call alias_name,$(a)).8;)

# This kernel's BTF for its own architecture; another architecture's comes
# from Debian 13's kernel for it, booted under qemu (scripts/kernel-btf: the
# BTF is in no file of the package we could read).
KERNEL_BTF := $(if $(CROSS),$(OUT)/kernel-btf-$(ARCH),/sys/kernel/btf/vmlinux)
vmlinux:
	@mkdir -p vmlinux/$(ARCH) $(OUT)
	$(if $(CROSS),scripts/kernel-btf $(ARCH) $(KERNEL_BTF))
	$(BPFTOOL) btf dump file $(KERNEL_BTF) format c > vmlinux/$(ARCH)/vmlinux.h.tmp
	mv vmlinux/$(ARCH)/vmlinux.h.tmp vmlinux/$(ARCH)/vmlinux.h

BENCH_PROGS := $(patsubst tests/bench/%.c,$(OUT)/bench/%,$(filter-out %.bpf.c,$(wildcard tests/bench/*.c)))
BENCH_BPF := $(patsubst tests/bench/%.bpf.c,$(OUT)/bench/%.bpf.o,$(wildcard tests/bench/*.bpf.c))

$(OUT)/bench/%.bpf.o: tests/bench/%.bpf.c $(OUT)/bpf.flags | $(OUT)/bench
	$(call step,BPF,$@) $(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(OUT)/bench/%: tests/bench/%.c $(OUT)/cc.flags | $(OUT)/bench
	$(call step,CC,$@) $(COMPILE) $(LDFLAGS) $< $(LDLIBS) -o $@

# symbench measures the user-space symbolizer itself: it links common/ as a tool does.
$(OUT)/bench/symbench: tests/bench/symbench.c $(OUT)/libsonde.a $(OUT)/cc.flags | $(OUT)/bench
	$(call step,CC,$@) $(COMPILE) $(LDFLAGS) $< $(OUT)/libsonde.a $(LDLIBS) -o $@

# Its large binary: 400,000 named functions in a 107 MiB library, from a
# few lines the assembler repeats (tests/bench/symbig.S; some 5 s here).
$(OUT)/bench/libsymbig.so: tests/bench/symbig.S | $(OUT)/bench
	$(call step,AS,$@) $(CC) -c $< -o $@.o && \
		$(CC) -shared -nostdlib -Wl,--build-id=sha1 $@.o -o $@ && rm $@.o

BENCH_NEEDS := all $(WORKLOADS) $(BENCH_PROGS) $(BENCH_BPF) $(OUT)/bench/libsymbig.so

bench: $(BENCH_NEEDS)
	OUT=$(OUT) scripts/bench

# The output section alone: recorded events replayed through text and JSON.
bench-output: $(BENCH_NEEDS)
	OUT=$(OUT) scripts/bench output

# The symbolizer section alone: stacks of 50 processes named, a large binary loaded.
.PHONY: bench-symbolizer
bench-symbolizer: $(BENCH_NEEDS)
	OUT=$(OUT) scripts/bench symbolizer

# Not part of check: it installs the peers and runs for minutes.
bench-peers: $(BENCH_NEEDS)
	OUT=$(OUT) scripts/bench-peers

format:
	clang-format -i $(wildcard bpf/*.c bpf/*.h tools/*.c tools/*.h common/*.c common/*.h \
		tests/*/*.c tests/*/*.h)

clean:
	rm -rf $(OUT)

.SECONDARY:
# Not under $(OUT)/vm: a VM's Debian userland has etc/rc2.d/ and usr/sbin/invoke-rc.d.
-include $(shell find $(OUT) -path '$(OUT)/vm' -prune -o -name '*.d' -type f -print 2>/dev/null)
