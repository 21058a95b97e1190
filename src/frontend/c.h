/*
 * c.h - the C frontend (libclang), private to src/frontend/.
 */
#ifndef PFL_FRONTEND_C_H
#define PFL_FRONTEND_C_H

#include "libclang.h"

#include "../model/model.h"
#include "cflags.h"

/*
 * Parse m->source (the text of m->path) with index and the file's flags
 * from cflags, and lower the definitions of the file itself (not of the
 * headers it includes) into m. Missing headers and parse errors become
 * diagnostics; what parsed is analysed.
 */
void pfl_c_lower(CXIndex index, const pfl_cflags *cflags, pfl_model *m);

#endif
