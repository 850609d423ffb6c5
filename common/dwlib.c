// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Opening libdw at its first use (dwlib.h): dlopen() by its soname, every
 * call of DWLIB_CALLS() looked up, all or none.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#include "dwlib.h"

/* The soname the headers we build with belong to: the ABI their prototypes describe. */
#define DWLIB_SONAME "libdw.so.1"

static struct dwlib calls;
static const struct dwlib *opened;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Look `name` up into *slot; false if libdw lacks it. */
static bool resolve(void *lib, const char *name, void **slot)
{
	*slot = dlsym(lib, name);
	return *slot != NULL;
}

static void open_libdw(void)
{
	void *lib = dlopen(DWLIB_SONAME, RTLD_NOW | RTLD_LOCAL);
	bool all = lib != NULL;

	/* the pointers are typed, dlsym()'s result is not: store it through a void ** */
#define DWLIB_RESOLVE(name) all = all && resolve(lib, #name, (void **)&calls.name);
	DWLIB_CALLS(DWLIB_RESOLVE)
#undef DWLIB_RESOLVE
	if (all) {
		opened = &calls;
		return;
	}
	fprintf(stderr, "note: no source lines in stacks: %s\n",
		lib ? "libdw.so.1 lacks a call sonde makes" : dlerror());
	if (lib)
		dlclose(lib);
}

const struct dwlib *dwlib(void)
{
	pthread_once(&once, open_libdw);
	return opened;
}
