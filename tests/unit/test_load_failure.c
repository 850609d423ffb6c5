// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * load_failure.c against libbpf logs of loads that failed, as libbpf 1.1
 * writes them: a program refused on Linux 5.10 (a helper it lacks), a
 * CO-RE relocation that found nothing, a map type the kernel does not know,
 * and logs with no reason in them.
 */
#include "unit.h"
#include "load_failure.h"

static const char refused_helper[] =
	"libbpf: map 'events': created successfully, fd=6\n"
	"libbpf: prog 'sig_generate': BPF program load failed: Invalid argument\n"
	"libbpf: prog 'sig_generate': -- BEGIN PROG LOAD LOG --\n"
	"0: R1=ctx(id=0,off=0,imm=0) R10=fp0\n"
	"; int BPF_PROG(sig_generate, int sig, struct kernel_siginfo *info,\n"
	"12: (85) call unknown#158\n"
	"invalid func unknown#158\n"
	"processed 14 insns (limit 1000000) max_states_per_insn 0 total_states 1\n"
	"-- END PROG LOAD LOG --\n"
	"libbpf: prog 'sig_generate': failed to load: -22\n"
	"libbpf: failed to load object 'sigsnoop_bpf'\n";

static const char relocation[] =
	"libbpf: prog 'exit_open': BPF program load failed: Invalid argument\n"
	"libbpf: prog 'exit_open': -- BEGIN PROG LOAD LOG --\n"
	"30: <invalid CO-RE relocation>\n"
	"failed to resolve CO-RE relocation <byte_off> [7] struct task_struct.nope (0:99 @ offset 0)\n"
	"processed 31 insns (limit 1000000) max_states_per_insn 0 total_states 2\n"
	"stack depth 16\n"
	"verification time 12 usec\n"
	"-- END PROG LOAD LOG --\n";

static const char map_refused[] =
	"libbpf: map 'lost_events': created successfully, fd=4\n"
	"libbpf: Error in bpf_create_map_xattr(call_strs):Invalid argument(-22). Retrying without BTF.\n"
	"libbpf: map 'call_strs': failed to create: Invalid argument(-22)\n"
	"libbpf: failed to load object 'statsnoop_bpf'\n";

static void assert_reason(const char *log, const char *want)
{
	char got[512];

	cr_assert(load_failure(log, got, sizeof(got)), "no reason found for: %s", want);
	cr_assert_str_eq(got, want);
}

Test(load_failure, names_the_program_and_the_verifiers_last_word)
{
	assert_reason(refused_helper,
		      "cannot load BPF program sig_generate: invalid func unknown#158");
}

Test(load_failure, skips_the_statistics_after_the_reason)
{
	assert_reason(relocation,
		      "cannot load BPF program exit_open: failed to resolve CO-RE "
		      "relocation <byte_off> [7] struct task_struct.nope (0:99 @ offset 0)");
}

Test(load_failure, names_a_map_the_kernel_would_not_create)
{
	assert_reason(map_refused, "the kernel cannot create BPF map call_strs: Invalid argument");
}

Test(load_failure, no_reason_in_the_log_is_said)
{
	char got[64] = "";

	cr_assert_not(load_failure("libbpf: failed to load object 'x'\n", got, sizeof(got)));
	cr_assert_not(load_failure("", got, sizeof(got)));
	/* a failed program whose log was not kept (no BEGIN/END) */
	cr_assert_not(load_failure("libbpf: prog 'p': BPF program load failed: Permission denied\n",
				   got, sizeof(got)));
	/* a log cut short inside the verifier's part */
	cr_assert_not(load_failure("libbpf: prog 'p': BPF program load failed: E\n"
				   "libbpf: prog 'p': -- BEGIN PROG LOAD LOG --\n0: R1=ctx\n",
				   got, sizeof(got)));
}

Test(load_failure, a_long_reason_is_cut_to_the_buffer)
{
	char got[24];

	cr_assert(load_failure(refused_helper, got, sizeof(got)));
	cr_assert_eq(strlen(got), sizeof(got) - 1);
	cr_assert(starts_with(got, "cannot load BPF program"));
}
