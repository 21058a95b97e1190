/*
 * python.h - the Python frontend (tree-sitter-python), private to
 * src/frontend/.
 */
#ifndef PFL_FRONTEND_PYTHON_H
#define PFL_FRONTEND_PYTHON_H

#include <tree_sitter/api.h>

#include "../model/model.h"

/* The compiled-in grammar. */
const TSLanguage *tree_sitter_python(void);

/* Parse m->source with parser and lower it into m. */
void pfl_python_lower(TSParser *parser, pfl_model *m, const char *module);

#endif
