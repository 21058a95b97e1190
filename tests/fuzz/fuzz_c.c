/*
 * fuzz_c.c - arbitrary small C sources through the whole run (fuzz_run.h):
 * libclang, the C lowering, every rule.
 */
#define FUZZ_RUN_EXT "c"
#define FUZZ_RUN_MAX_SIZE (1 << 16)
#include "fuzz_run.h"
