/*
 * fuzz_config.c - the configuration loader on arbitrary text: parsed as a
 * .perflint.yml, printed back as `perflint config` does, released. A
 * mistake must be a reported error, never a crash or a leak.
 */
#include <unistd.h>

#include "fuzz.h"

#include "engine/config.h"
#include "engine/kb.h"
#include "engine/rule.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* Errors go to stderr: keep the fuzzer's output readable. */
	if (!getenv("PFL_FUZZ_VERBOSE") && !freopen("/dev/null", "w", stderr))
		abort();
	return pfl_rules_load() == 0 && pfl_kb_load() == 0 ? 0 : (abort(), 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pfl_config c;
	pfl_config_init(&c);
	if (pfl_config_parse(&c, "fuzz.yml", (const char *)data, size) == 0) {
		pfl_strbuf out = PFL_STRBUF_INIT;
		pfl_config_print(&c, &out);
		PFL_FUZZ_CHECK(out.len > 0, "an empty printed configuration");
		pfl_strbuf_release(&out);
		for (size_t i = 0; i < c.per_file_ignores.size; i++)
			PFL_FUZZ_CHECK(c.per_file_ignores.items[i].glob != NULL, "a per-file-ignores entry without a glob");
	}
	pfl_config_release(&c);
	return 0;
}
