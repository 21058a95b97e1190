/* libclang.c - loading libclang on first use (libclang.h). */
#define PFL_LIBCLANG_LOADER
#include "libclang.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#include "../util/error.h"

#ifndef PFL_LIBCLANG_PATH
#define PFL_LIBCLANG_PATH "libclang-14.so.1"
#endif

struct pfl_libclang pfl_libclang;

static pthread_once_t libclang__once = PTHREAD_ONCE_INIT;
static bool libclang__ok;

static void libclang__open(void)
{
	/* The library the build found first, then the names it is installed under. */
	static const char *const names[] = { PFL_LIBCLANG_PATH, "libclang-14.so.1", "libclang-14.so.13", "libclang.so" };
	void *h = NULL;
	const char *why = NULL;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && !h; i++) {
		h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
		if (!h && !why)
			why = dlerror();
	}
	if (!h) {
		pfl_error("cannot load libclang ('%s'): %s; C files need it (Debian package libclang-14-dev, "
			  "installed by scripts/setup.sh)", PFL_LIBCLANG_PATH, why ? why : "not found");
		return;
	}
#define PFL_LIBCLANG_LOOKUP(f)                                                                  \
	*(void **)&pfl_libclang.f = dlsym(h, #f);                                                 \
	if (!pfl_libclang.f) {                                                                    \
		pfl_error("cannot load libclang ('%s'): it has no %s", PFL_LIBCLANG_PATH, #f); \
		return;                                                                           \
	}
	PFL_LIBCLANG_FUNCTIONS(PFL_LIBCLANG_LOOKUP)
#undef PFL_LIBCLANG_LOOKUP
	libclang__ok = true;
}

bool pfl_libclang_load(void)
{
	pthread_once(&libclang__once, libclang__open);
	return libclang__ok;
}
