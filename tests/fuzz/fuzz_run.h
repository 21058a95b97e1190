/*
 * fuzz_run.h - the body of the harnesses that send an input through the
 * whole run as one file (fuzz_python.c, fuzz_c.c): discovery, the
 * frontend, the lowering into the model, every rule (file and project
 * checks), suppressions, and finishing the findings. Every finding must
 * point inside the file and carry its rule, message and code.
 *
 * Include it once, after defining FUZZ_RUN_EXT (the file name's extension,
 * which picks the language) and FUZZ_RUN_MAX_SIZE (larger inputs are
 * skipped by the run, as --max-file-size does).
 */
#ifndef PFL_FUZZ_RUN_H
#define PFL_FUZZ_RUN_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

#include "engine/kb.h"
#include "engine/rule.h"
#include "engine/run.h"

/* The name of the file each input is written to (per process). */
static char fuzz__file[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(fuzz__file, sizeof(fuzz__file), "/tmp/pfl-fuzz-%ld.%s", (long)getpid(), FUZZ_RUN_EXT);
	return pfl_rules_load() == 0 && pfl_kb_load() == 0 ? 0 : (abort(), 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fopen(fuzz__file, "wb");
	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	const char *paths[1] = { fuzz__file };
	pfl_run_opts o;
	memset(&o, 0, sizeof(o));
	o.paths = paths;
	o.npaths = 1;
	o.jobs = 1;
	o.max_file_size = FUZZ_RUN_MAX_SIZE;
	o.parse_timeout_us = 2000000;
	o.unused_suppressions = true;
	pfl_results res;
	if (pfl_run(&o, &res) == 0) {
		size_t lines = 1;
		for (size_t i = 0; i < size; i++)
			lines += data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n'));
		for (size_t i = 0; i < res.findings.size; i++) {
			const pfl_finding *fi = &res.findings.items[i];
			PFL_FUZZ_CHECK(fi->rule && fi->message && *fi->message && fi->code, "an incomplete finding");
			PFL_FUZZ_CHECK(fi->span.line >= 1 && fi->span.line <= lines, "a finding outside the file");
			PFL_FUZZ_CHECK(fi->span.end_line >= fi->span.line && fi->span.end_line <= lines,
				       "a finding that ends outside the file");
			PFL_FUZZ_CHECK(fi->score >= 0 && fi->score <= 100, "a score outside 0..100");
		}
	}
	pfl_results_release(&res);
	unlink(fuzz__file);
	return 0;
}

#endif
