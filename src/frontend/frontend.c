/* frontend.c - per-thread frontend state and dispatch on language. */
#include "frontend.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../util/alloc.h"
#include "c.h"
#include "python.h"

/* What one worker thread keeps between files. */
struct pfl_frontend {
	TSParser *python; /* created on first use */
	CXIndex c;        /* created on first use: one libclang index per thread */
	const pfl_cflags *cflags;
	uint64_t timeout_us;
};

pfl_frontend *pfl_frontend_new(uint64_t timeout_us, const pfl_cflags *cflags)
{
	pfl_frontend *fe = pfl_calloc(1, sizeof(*fe));
	fe->timeout_us = timeout_us;
	fe->cflags = cflags;
	return fe;
}

void pfl_frontend_free(pfl_frontend *fe)
{
	if (!fe)
		return;
	if (fe->python)
		ts_parser_delete(fe->python);
	if (fe->c)
		clang_disposeIndex(fe->c);
	free(fe);
}

void pfl_frontend_lower(pfl_frontend *fe, pfl_model *m, const char *module)
{
	switch (m->lang) {
	case PFL_LANG_PYTHON:
		if (!fe->python) {
			fe->python = ts_parser_new();
			ts_parser_set_language(fe->python, tree_sitter_python());
		}
		ts_parser_set_timeout_micros(fe->python, fe->timeout_us);
		pfl_python_lower(fe->python, m, module);
		break;
	case PFL_LANG_C: {
		if (!pfl_libclang_load()) {
			pfl_model_diag(m, PFL_DIAG_ERROR, "no-libclang", 0, 0, "libclang cannot be loaded: not analysed");
			break;
		}
		if (!fe->c)
			fe->c = clang_createIndex(0, 0);
		/* libclang has no way to stop a parse: the limit is checked after it. */
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		pfl_c_lower(fe->c, fe->cflags, m);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		uint64_t us = (uint64_t)(t1.tv_sec - t0.tv_sec) * 1000000u + (uint64_t)((t1.tv_nsec - t0.tv_nsec) / 1000);
		if (fe->timeout_us && us > fe->timeout_us) {
			char msg[200];
			snprintf(msg, sizeof(msg), "parsing took %.3g s, over the %.3g s limit (--parse-timeout); libclang "
				 "cannot be interrupted, so the file was analysed anyway", us / 1e6, fe->timeout_us / 1e6);
			pfl_model_diag(m, PFL_DIAG_WARNING, "parse-timeout", 0, 0, "%s", msg);
		}
		break;
	}
	case PFL_LANG_NONE:
		break;
	}
}
