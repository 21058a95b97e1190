/*
 * fuzz.h - what every fuzz harness defines.
 *
 * A harness is one tests/fuzz/fuzz_NAME.c with LLVMFuzzerTestOneInput (and
 * optionally LLVMFuzzerInitialize). It is built twice: with libFuzzer in the
 * fuzzing tree (scripts/fuzz.sh, clang's -fsanitize=fuzzer), and with
 * standalone.c in every tree, where it replays the seeds and the saved
 * regressions as an ordinary test. A harness aborts (PFL_FUZZ_CHECK) when
 * an output breaks its promise (invalid JSON, a raw control character), so
 * the fuzzer reports it like a crash.
 */
#ifndef PFL_FUZZ_H
#define PFL_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define PFL_FUZZ_CHECK(cond, what)                                                   \
	do {                                                                         \
		if (!(cond)) {                                                       \
			fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, \
				__LINE__, what);                                     \
			abort();                                                     \
		}                                                                    \
	} while (0)

#endif
