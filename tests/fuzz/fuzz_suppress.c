/*
 * fuzz_suppress.c - suppression comments in arbitrary text, Python and C:
 * parsing, then matching every rule on every line a directive names.
 */
#include "fuzz.h"

#include "engine/rule.h"
#include "engine/suppress.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return pfl_rules_load() == 0 ? 0 : (abort(), 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t nrules;
	const pfl_rule *rules = pfl_rules_all(&nrules);
	for (int lang = 0; lang < 2; lang++) {
		pfl_arena arena = { 0 };
		pfl_suppressions s = { 0 };
		pfl_suppress_parse(lang ? PFL_LANG_C : PFL_LANG_PYTHON, (const char *)data, size, &arena, &s);
		for (size_t i = 0; i < s.items.size; i++) {
			const pfl_suppression *d = &s.items.items[i];
			PFL_FUZZ_CHECK(d->text != NULL, "a directive without its text");
			PFL_FUZZ_CHECK(d->all || d->ntokens > 0, "a directive that silences nothing");
			for (size_t r = 0; r < nrules; r++)
				pfl_suppress_match(&s, rules[r].meta, d->target ? d->target : d->line, d->line);
		}
		for (size_t i = 0; i < s.problems.size; i++)
			PFL_FUZZ_CHECK(s.problems.items[i].line >= 1 && s.problems.items[i].message,
				       "a problem without a line or a message");
		pfl_suppressions_release(&s);
		pfl_arena_release(&arena);
	}
	return 0;
}
