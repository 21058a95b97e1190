/*
 * frontend.h - the frontends: source text in, code model out.
 *
 * A frontend is the only code that sees a syntax tree. Each worker thread
 * owns one pfl_frontend (it holds the parsers, which are not thread-safe);
 * pfl_frontend_lower fills a model that pfl_model_init has prepared. Parse
 * problems become diagnostics in the model; lowering never fails the run.
 */
#ifndef PFL_FRONTEND_H
#define PFL_FRONTEND_H

#include <stdint.h>

#include "../model/model.h"
#include "cflags.h"

typedef struct pfl_frontend pfl_frontend;

/*
 * Per-thread frontend state. timeout_us bounds one Python parse (0: none);
 * cflags gives C files their compile flags (shared, read-only).
 */
pfl_frontend *pfl_frontend_new(uint64_t timeout_us, const pfl_cflags *cflags);
void pfl_frontend_free(pfl_frontend *fe);

/*
 * Lower m->source into m according to m->lang. module is the dotted module
 * name of a Python file ("shop.services"), used to resolve relative
 * imports; it may be NULL.
 */
void pfl_frontend_lower(pfl_frontend *fe, pfl_model *m, const char *module);

#endif
