/*
 * fuzz_baseline.c - the baseline reader on arbitrary bytes, then matching
 * a few findings against what it accepted and listing the stale entries.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

#include "engine/baseline.h"
#include "engine/rule.h"

static char fuzz__file[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (!getenv("PFL_FUZZ_VERBOSE") && !freopen("/dev/null", "w", stderr))
		abort();
	snprintf(fuzz__file, sizeof(fuzz__file), "/tmp/pfl-fuzz-baseline-%ld.json", (long)getpid());
	return pfl_rules_load() == 0 ? 0 : (abort(), 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fopen(fuzz__file, "wb");
	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	pfl_baseline *b = pfl_baseline_load(fuzz__file);
	unlink(fuzz__file);
	if (!b)
		return 0;
	pfl_finding fs[2];
	memset(fs, 0, sizeof(fs));
	const char *paths[2] = { "app/views.py", "a.py" };
	for (int i = 0; i < 2; i++) {
		fs[i].rule = pfl_rules_find(i ? "PFL201" : "PFL101")->meta;
		fs[i].path = paths[i];
		fs[i].code = "requests.get(u)";
		fs[i].function = "app.views.fetch";
		fs[i].span.line = 3;
	}
	bool is_new[2];
	pfl_baseline_match(b, fs, 2, is_new);
	size_t n;
	const pfl_baseline_stale *st = pfl_baseline_stale_entries(b, &n);
	for (size_t i = 0; i < n; i++)
		PFL_FUZZ_CHECK(st[i].path && st[i].rule && st[i].count > 0, "a stale entry without path, rule or count");
	pfl_baseline_free(b);
	return 0;
}
