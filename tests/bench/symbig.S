/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The large binary of `symbench big` (symbench.c): SYMBIG_FUNCS functions
 * of SYMBIG_SIZE bytes each (a ret, then int3 padding), every one named in
 * .symtab with a name as long as a C++ program's, linked as a shared
 * library a process can dlopen(). The assembler repeats one macro, so the
 * source stays a few lines and the build a few seconds: 400,000 functions
 * make a 107 MiB file (80 MB of text, 33 MB of symbols and their names)
 * where a generated C file of as many functions would compile for minutes.
 *
 * The symbols are hidden: the library exports nothing, so they are in
 * .symtab alone, as in an unstripped executable, and no .dynsym doubles
 * them.
 */
#ifndef SYMBIG_FUNCS
#define SYMBIG_FUNCS 400000
#endif
#ifndef SYMBIG_SIZE
#define SYMBIG_SIZE 200
#endif

	.altmacro
	.macro function n
	.globl sonde_bench_namespace_component_subsystem_function_\n
	.hidden sonde_bench_namespace_component_subsystem_function_\n
	.type sonde_bench_namespace_component_subsystem_function_\n, @function
sonde_bench_namespace_component_subsystem_function_\n:
	ret
	.skip SYMBIG_SIZE - 1, 0xcc
	.size sonde_bench_namespace_component_subsystem_function_\n, . - sonde_bench_namespace_component_subsystem_function_\n
	.endm

	.text
	.set i, 0
	.rept SYMBIG_FUNCS
	function %i
	.set i, i + 1
	.endr

	.section .note.GNU-stack, "", @progbits
