/*
 * fuzz_python.c - arbitrary bytes as a Python file through the whole run
 * (fuzz_run.h): tree-sitter, the Python lowering, every rule.
 */
#define FUZZ_RUN_EXT "py"
#define FUZZ_RUN_MAX_SIZE (1 << 20)
#include "fuzz_run.h"
