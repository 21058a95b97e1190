/*
 * test_suppress.c - suppression comments: every directive form in Python
 * and C, comment markers inside literals, lines and scopes, problems,
 * matching with use counts, and odd input (unterminated constructs, NUL
 * bytes, CRLF, random bytes).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/rule.h"
#include "engine/suppress.h"
#include "util/arena.h"

static pfl_arena arena;
static pfl_suppressions sup;

static int setup(void **state)
{
	(void)state;
	memset(&arena, 0, sizeof(arena));
	memset(&sup, 0, sizeof(sup));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	pfl_suppressions_release(&sup);
	pfl_arena_release(&arena);
	return 0;
}

static int setup_rules(void **state)
{
	(void)state;
	return pfl_rules_load();
}

/* Parse src afresh. */
static void parse_n(pfl_lang lang, const char *src, size_t len)
{
	pfl_suppressions_release(&sup);
	pfl_arena_release(&arena);
	pfl_suppress_parse(lang, src, len, &arena, &sup);
}

static void parse_py(const char *src)
{
	parse_n(PFL_LANG_PYTHON, src, strlen(src));
}

static void parse_c(const char *src)
{
	parse_n(PFL_LANG_C, src, strlen(src));
}

/* The tokens of a directive joined by ',' ("" for none). */
static const char *joined(const pfl_suppression *s)
{
	static char buf[512];
	buf[0] = '\0';
	for (uint32_t k = 0; k < s->ntokens; k++) {
		if (k)
			strcat(buf, ",");
		strcat(buf, s->tokens[k]);
	}
	return buf;
}

/* Assert item i in full; tokens "" for an `all` directive. */
static void check_item(size_t i, pfl_supp_scope scope, uint32_t line, uint32_t target, bool noqa, bool all,
		       const char *tokens)
{
	assert_true(i < sup.items.size);
	const pfl_suppression *s = &sup.items.items[i];
	assert_int_equal(s->scope, scope);
	assert_int_equal(s->line, line);
	assert_int_equal(s->target, target);
	assert_int_equal(s->noqa, noqa);
	assert_int_equal(s->all, all);
	assert_string_equal(joined(s), tokens);
	assert_non_null(s->used);
	assert_int_equal(s->used[0], 0);
	if (all)
		assert_int_equal(s->ntokens, 0);
}

static void check_text(size_t i, const char *text)
{
	assert_true(i < sup.items.size);
	assert_string_equal(sup.items.items[i].text, text);
}

static void check_problem(size_t i, uint32_t line, uint32_t col, const char *message)
{
	assert_true(i < sup.problems.size);
	const pfl_supp_problem *p = &sup.problems.items[i];
	assert_int_equal(p->line, line);
	assert_int_equal(p->col, col);
	assert_string_equal(p->message, message);
}

static const pfl_rule_meta *rule(const char *id)
{
	const pfl_rule *r = pfl_rules_find(id);
	assert_non_null(r);
	return r->meta;
}

/* ---- Python ---- */

static void test_py_same_line(void **state)
{
	(void)state;
	parse_py("x = 1  # perflint: disable=PFL101,PFL201\n"
		 "y = 2\n"
		 "z = 3  # perflint: disable\n");
	assert_int_equal(sup.items.size, 2);
	assert_int_equal(sup.problems.size, 0);
	check_item(0, PFL_SUPP_LINE, 1, 1, false, false, "PFL101,PFL201");
	check_text(0, "perflint: disable=PFL101,PFL201");
	assert_int_equal(sup.items.items[0].ntokens, 2);
	check_item(1, PFL_SUPP_LINE, 3, 3, false, true, "");
	check_text(1, "perflint: disable");
}

static void test_py_spacing_and_case(void **state)
{
	(void)state;
	parse_py("a  #perflint:disable=pfl101\n"
		 "b  # perflint : disable = PFL101 , n-plus-one\n"
		 "c  # PERFLINT: DISABLE=N-Plus-One,Pfl2\n"
		 "d  # perflint:\tdisable-next-line\t=\tPFL1,all\n"
		 "e  # perflint-config: x, myperflint: disable=PFL101\n");
	assert_int_equal(sup.problems.size, 0);
	assert_int_equal(sup.items.size, 4);
	check_item(0, PFL_SUPP_LINE, 1, 1, false, false, "PFL101");
	check_text(0, "perflint:disable=pfl101");
	check_item(1, PFL_SUPP_LINE, 2, 2, false, false, "PFL101,n-plus-one");
	check_text(1, "perflint : disable = PFL101 , n-plus-one");
	check_item(2, PFL_SUPP_LINE, 3, 3, false, false, "n-plus-one,PFL2");
	check_item(3, PFL_SUPP_NEXT_LINE, 4, 5, false, false, "PFL1,ALL");
}

static void test_py_explanation(void **state)
{
	(void)state;
	parse_py("a  # perflint: disable=PFL101 -- reviewed, the list has 3 items\n"
		 "b  # perflint: disable=PFL101  # because the list is short\n"
		 "c  # perflint: disable=PFL101, PFL201 reviewed\n"
		 "d  # perflint: disable -- reviewed, fine\n"
		 "e  # perflint: disable=PFL101,  (trailing comma)\n"
		 "f  # perflint: disable=PFL101; PFL201\n");
	assert_int_equal(sup.problems.size, 0);
	assert_int_equal(sup.items.size, 6);
	check_item(0, PFL_SUPP_LINE, 1, 1, false, false, "PFL101");
	check_text(0, "perflint: disable=PFL101");
	check_item(1, PFL_SUPP_LINE, 2, 2, false, false, "PFL101");
	check_item(2, PFL_SUPP_LINE, 3, 3, false, false, "PFL101,PFL201");
	check_text(2, "perflint: disable=PFL101, PFL201");
	check_item(3, PFL_SUPP_LINE, 4, 4, false, true, "");
	check_text(3, "perflint: disable");
	check_item(4, PFL_SUPP_LINE, 5, 5, false, false, "PFL101");
	check_item(5, PFL_SUPP_LINE, 6, 6, false, false, "PFL101");
}

static void test_py_next_line_and_file(void **state)
{
	(void)state;
	parse_py("import x\n"
		 "# perflint: disable-next-line=PFL101\n"
		 "for a in b: q(a)\n"
		 "    # perflint: disable-next-line\n"
		 "q()\n"
		 "# perflint: disable-file\n"
		 "# perflint: disable-file=PFL301,list-membership\n");
	assert_int_equal(sup.problems.size, 0);
	assert_int_equal(sup.items.size, 4);
	check_item(0, PFL_SUPP_NEXT_LINE, 2, 3, false, false, "PFL101");
	check_text(0, "perflint: disable-next-line=PFL101");
	check_item(1, PFL_SUPP_NEXT_LINE, 4, 5, false, true, "");
	check_item(2, PFL_SUPP_FILE, 6, 0, false, true, "");
	check_text(2, "perflint: disable-file");
	check_item(3, PFL_SUPP_FILE, 7, 0, false, false, "PFL301,list-membership");
}

static void test_py_noqa(void **state)
{
	(void)state;
	parse_py("a  # noqa\n"                         /* 1: all */
		 "b  # NOQA: PFL101\n"                 /* 2 */
		 "c  # noqa: E501,PFL101\n"            /* 3 */
		 "d  # noqa:E501\n"                    /* 4: nothing of ours */
		 "e  # noqa : PFL101\n"                /* 5: not ':' right after: all */
		 "f  # NoQa:pfl101 PFL2, W291 why\n"   /* 6 */
		 "g  # type: ignore  # noqa\n"         /* 7: all */
		 "h  # see the noqa docs\n"            /* 8: not a noqa */
		 "i  #noqa\n"                          /* 9: all */
		 "j  # noqa: reviewed\n"               /* 10: no code: all, as flake8 */
		 "k  # noqa-ish\n"                     /* 11: all, as flake8 */
		 "# flake8: noqa\n");                  /* 12: flake8's, not a line noqa */
	assert_int_equal(sup.problems.size, 0);
	assert_int_equal(sup.items.size, 9);
	check_item(0, PFL_SUPP_LINE, 1, 1, true, true, "");
	check_text(0, "noqa");
	check_item(1, PFL_SUPP_LINE, 2, 2, true, false, "PFL101");
	check_text(1, "NOQA: PFL101");
	check_item(2, PFL_SUPP_LINE, 3, 3, true, false, "PFL101");
	check_text(2, "noqa: E501,PFL101");
	check_item(3, PFL_SUPP_LINE, 5, 5, true, true, "");
	check_item(4, PFL_SUPP_LINE, 6, 6, true, false, "PFL101,PFL2");
	check_text(4, "NoQa:pfl101 PFL2, W291");
	check_item(5, PFL_SUPP_LINE, 7, 7, true, true, "");
	check_item(6, PFL_SUPP_LINE, 9, 9, true, true, "");
	check_item(7, PFL_SUPP_LINE, 10, 10, true, true, "");
	check_item(8, PFL_SUPP_LINE, 11, 11, true, true, "");
	check_text(8, "noqa");
}

static void test_py_noqa_and_perflint_in_one_comment(void **state)
{
	(void)state;
	parse_py("x = f(y)  # noqa: PFL101  # perflint: disable-next-line=PFL201\n"
		 "z = g(y)  # perflint: disable=PFL301 # noqa\n");
	assert_int_equal(sup.problems.size, 0);
	assert_int_equal(sup.items.size, 4);
	check_item(0, PFL_SUPP_LINE, 1, 1, true, false, "PFL101");
	check_item(1, PFL_SUPP_NEXT_LINE, 1, 2, false, false, "PFL201");
	check_item(2, PFL_SUPP_LINE, 2, 2, false, false, "PFL301");
	check_item(3, PFL_SUPP_LINE, 2, 2, true, true, "");
}

static void test_py_strings(void **state)
{
	(void)state;
	parse_py("a = \"# perflint: disable=PFL101\"\n"                      /* 1 */
		 "b = '# noqa'\n"                                            /* 2 */
		 "c = \"\"\"\n"                                              /* 3 */
		 "# perflint: disable=PFL101\n"                              /* 4 */
		 "\"\"\"\n"                                                  /* 5 */
		 "d = '''# noqa\n"                                           /* 6 */
		 "# noqa'''\n"                                               /* 7 */
		 "e = r\"\\\"# noqa\"\n"                                     /* 8: r"\"# noqa" */
		 "f = \"\\\"# noqa\\\\\"  # perflint: disable=PFL201\n"      /* 9: "\"# noqa\\" */
		 "g = rb'# noqa' + BR\"# noqa\" + Rb'\\'# noqa'\n"           /* 10 */
		 "h = f\"{x!r:#>10} # noqa\" + f'{\"#\"}' + f\"{d[\"#\"]} # noqa\"\n" /* 11 */
		 "i = f\"\"\"{\n"                                            /* 12 */
		 "    y  # perflint: disable=PFL301\n"                       /* 13: a comment in a field */
		 "}# noqa\"\"\"\n"                                           /* 14 */
		 "j = u\"# noqa\" \\\n"                                      /* 15 */
		 "    \"# noqa\"  # perflint: disable=PFL202\n"              /* 16 */
		 "k = \"\\N{NUMBER SIGN}\" + f\"\\N{LEFT CURLY BRACKET}# noqa\"\n" /* 17 */
		 "l = f'{{# noqa}}' + rf\"{x}\\{y}# noqa\" + t'{z:{w}}# noqa'\n"  /* 18 */
		 "m = '''a'' # noqa'''  # noqa: PFL103\n"                    /* 19 */
		 "n = ''  # noqa: PFL102\n");                                /* 20 */
	assert_int_equal(sup.problems.size, 0);
	assert_int_equal(sup.items.size, 5);
	check_item(0, PFL_SUPP_LINE, 9, 9, false, false, "PFL201");
	check_item(1, PFL_SUPP_LINE, 13, 13, false, false, "PFL301");
	check_item(2, PFL_SUPP_LINE, 16, 16, false, false, "PFL202");
	check_item(3, PFL_SUPP_LINE, 19, 19, true, false, "PFL103");
	check_item(4, PFL_SUPP_LINE, 20, 20, true, false, "PFL102");
}

static void test_py_not_prefixes(void **state)
{
	(void)state;
	/* identifiers ending in a string prefix's letters are no prefix; a
	   backslash in a raw string still keeps the quote in the string */
	parse_py("x = self.rf('# noqa')  # perflint: disable=PFL101\n"
		 "y = r'\\\\'  # noqa: PFL102\n"
		 "z = r'\\'  # noqa'\n");
	assert_int_equal(sup.items.size, 2);
	check_item(0, PFL_SUPP_LINE, 1, 1, false, false, "PFL101");
	check_item(1, PFL_SUPP_LINE, 2, 2, true, false, "PFL102");
}

static void test_py_unterminated(void **state)
{
	(void)state;
	/* a single-quoted string ends with its line */
	parse_py("x = \"abc # noqa\n"
		 "y = 1  # perflint: disable=PFL101\n");
	assert_int_equal(sup.items.size, 1);
	check_item(0, PFL_SUPP_LINE, 2, 2, false, false, "PFL101");
	/* a triple-quoted one runs to the end */
	parse_py("x = \"\"\" # noqa\n# perflint: disable=PFL101\n");
	assert_int_equal(sup.items.size, 0);
	parse_py("x = '''");
	assert_int_equal(sup.items.size, 0);
	/* a directive at the very end, without a newline */
	parse_py("x = 1\n# perflint: disable=PFL101");
	assert_int_equal(sup.items.size, 1);
	check_item(0, PFL_SUPP_LINE, 2, 2, false, false, "PFL101");
	/* f-string fields and escapes cut short */
	const char *cut[] = {"f\"{", "f\"{x:", "f\"{x:{", "f'''{\"", "x = \\", "f\"\\N{", "f\"\\", "'\\\r",
			     "# perflint", "# perflint:", "# perflint: disable=", "# noqa:", "# noqa: PFL"};
	for (size_t i = 0; i < sizeof(cut) / sizeof(cut[0]); i++)
		parse_py(cut[i]);
	parse_py("# noqa: PFL");
	assert_int_equal(sup.items.size, 1);
	check_item(0, PFL_SUPP_LINE, 1, 1, true, true, "");
}

static void test_py_crlf(void **state)
{
	(void)state;
	parse_py("a = 1  # perflint: disable=PFL101\r\n"
		 "# perflint: disable-next-line=PFL201\r\n"
		 "b = '''\r\n"
		 "# noqa\r\n"
		 "'''  # noqa: PFL101\r\n"
		 "c = 'x\\\r\n"
		 "# noqa' # perflint: disable=PFL999\r\n");
	assert_int_equal(sup.items.size, 3);
	check_item(0, PFL_SUPP_LINE, 1, 1, false, false, "PFL101");
	check_text(0, "perflint: disable=PFL101");
	check_item(1, PFL_SUPP_NEXT_LINE, 2, 3, false, false, "PFL201");
	check_item(2, PFL_SUPP_LINE, 5, 5, true, false, "PFL101");
	check_text(2, "noqa: PFL101");
	assert_int_equal(sup.problems.size, 1);
	check_problem(0, 7, 29, "unknown rule 'PFL999': expected a rule id, id prefix or family");
	/* a lone '\r' is no line end, and harmless */
	parse_py("a\r# noqa\rb\r\r# perflint: disable=PFL101\r");
	assert_int_equal(sup.items.size, 2);
	check_item(0, PFL_SUPP_LINE, 1, 1, true, true, "");
	check_item(1, PFL_SUPP_LINE, 1, 1, false, false, "PFL101");
}

static void test_py_nul_bytes(void **state)
{
	(void)state;
	static const char src[] = "x = '\0# noqa'\0  # perflint: disable=PFL101\0 # noqa\n"
				  "\0# noqa: PFL201\n"
				  "# perflint: disable=PFL2\0PFL1\n";
	parse_n(PFL_LANG_PYTHON, src, sizeof(src) - 1);
	assert_int_equal(sup.problems.size, 0);
	assert_int_equal(sup.items.size, 4);
	check_item(0, PFL_SUPP_LINE, 1, 1, false, false, "PFL101");
	check_item(1, PFL_SUPP_LINE, 1, 1, true, true, "");
	check_item(2, PFL_SUPP_LINE, 2, 2, true, false, "PFL201");
	check_item(3, PFL_SUPP_LINE, 3, 3, false, false, "PFL2");
	/* the quick path and the lexer both stop at len, not at a NUL */
	parse_n(PFL_LANG_PYTHON, "# noqa", 5);
	assert_int_equal(sup.items.size, 0);
}

static void test_py_problems(void **state)
{
	(void)state;
	parse_py("x  # perflint: disable=PFL999,PFL101,foo\n"
		 "# perflint: disabel=PFL101\n"
		 "# perflint: enable=PFL101\n"
		 "# perflint:\n"
		 "# perflint: disable=  -- oops\n"
		 "y  # noqa: E501, PFL999\n"
		 "# perflint: disable-file=n-plus-two\n"
		 "# perflint: disable=ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJ\n");
	assert_int_equal(sup.items.size, 1);
	check_item(0, PFL_SUPP_LINE, 1, 1, false, false, "PFL101");
	check_text(0, "perflint: disable=PFL999,PFL101,foo");
	assert_int_equal(sup.problems.size, 9);
	check_problem(0, 1, 24, "unknown rule 'PFL999': expected a rule id, id prefix or family");
	check_problem(1, 1, 38, "unknown rule 'foo': expected a rule id, id prefix or family");
	check_problem(2, 2, 13,
		      "unknown perflint directive 'disabel': expected disable, disable-next-line or disable-file");
	check_problem(3, 3, 13,
		      "unknown perflint directive 'enable': expected disable, disable-next-line or disable-file");
	check_problem(4, 4, 12, "missing perflint directive: expected disable, disable-next-line or disable-file");
	check_problem(5, 5, 20, "missing rule list after 'disable='");
	check_problem(6, 6, 18, "unknown rule 'PFL999': expected a rule id or id prefix");
	check_problem(7, 7, 26, "unknown rule 'n-plus-two': expected a rule id, id prefix or family");
	check_problem(8, 8, 21,
		      "unknown rule 'ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJABCD...': "
		      "expected a rule id, id prefix or family");
	/* prose that mentions perflint without a ':' is no directive */
	parse_py("# perflint is a linter; see perflint.toml\n");
	assert_int_equal(sup.items.size, 0);
	assert_int_equal(sup.problems.size, 0);
}

static void test_quick_path(void **state)
{
	(void)state;
	parse_py("x = 1  # nothing to see\n");
	assert_int_equal(sup.items.size, 0);
	assert_int_equal(sup.problems.size, 0);
	parse_c("int x; /* perflin: t */\n");
	assert_int_equal(sup.items.size, 0);
	parse_py("s = 'perflint: disable'\n");
	assert_int_equal(sup.items.size, 0);
	assert_int_equal(sup.problems.size, 0);
	parse_n(PFL_LANG_PYTHON, NULL, 0);
	assert_int_equal(sup.items.size, 0);
}

/* ---- C ---- */

static void test_c_forms(void **state)
{
	(void)state;
	parse_c("int a = f(x); // perflint: disable=PFL101\n"          /* 1 */
		"/* perflint: disable=PFL201 */ int b;\n"              /* 2 */
		"/* perflint: disable-next-line=PFL301\n"              /* 3 */
		"   spanning */\n"                                     /* 4 */
		"int c;\n"                                             /* 5 */
		"/*\n"                                                 /* 6 */
		" * perflint: disable=PFL202\n"                        /* 7 */
		" */\n"                                                /* 8 */
		"int d; // NOLINT\n"                                   /* 9 */
		"const char *s = \"// perflint: disable=PFL101\";\n"   /* 10 */
		"char q = '\"'; // noqa: PFL401\n"                     /* 11 */
		"const char *t = \"/* noqa */\";  /* noqa */\n"        /* 12 */
		"// perflint: disable-file=blocking-async\n"           /* 13 */
		"int n = 1'000'000; // noqa\n"                         /* 14 */
		"const char *r = R\"x(// noqa )\" still )x\"; // perflint: disable=PFL103\n" /* 15 */
		"// a continued \\\n"                                  /* 16 */
		"   perflint: disable-next-line=PFL102\n"              /* 17 */
		"int z;\n"                                             /* 18 */
		"/** noqa */\n"                                        /* 19 */
		"\"unterminated // noqa\n"                             /* 20 */
		"// perflint: disable=PFL501\n"                        /* 21 */
		"char e = '\\''; /* perflint: disable=PFL302 */\n"     /* 22 */
		"double g = 1e+5, h = 0x1p-3; // noqa: PFL303\n");     /* 23 */
	assert_int_equal(sup.problems.size, 0);
	assert_int_equal(sup.items.size, 14);
	check_item(0, PFL_SUPP_LINE, 1, 1, false, false, "PFL101");
	check_item(1, PFL_SUPP_LINE, 2, 2, false, false, "PFL201");
	check_text(1, "perflint: disable=PFL201");
	check_item(2, PFL_SUPP_NEXT_LINE, 3, 5, false, false, "PFL301");
	check_item(3, PFL_SUPP_LINE, 6, 6, false, false, "PFL202");
	check_item(4, PFL_SUPP_LINE, 11, 11, true, false, "PFL401");
	check_item(5, PFL_SUPP_LINE, 12, 12, true, true, "");
	check_item(6, PFL_SUPP_FILE, 13, 0, false, false, "blocking-async");
	check_item(7, PFL_SUPP_LINE, 14, 14, true, true, "");
	check_item(8, PFL_SUPP_LINE, 15, 15, false, false, "PFL103");
	check_item(9, PFL_SUPP_NEXT_LINE, 16, 18, false, false, "PFL102");
	check_item(10, PFL_SUPP_LINE, 19, 19, true, true, "");
	check_item(11, PFL_SUPP_LINE, 21, 21, false, false, "PFL501");
	check_item(12, PFL_SUPP_LINE, 22, 22, false, false, "PFL302");
	check_item(13, PFL_SUPP_LINE, 23, 23, true, false, "PFL303");
}

static void test_c_block_comment_lines(void **state)
{
	(void)state;
	/* several directives in one block comment: same-line ones on its first
	   line, next-line ones after its last, problems where they are */
	parse_c("int x;\n"
		"/* perflint: disable=PFL101\n"
		"   perflint: disable-next-line=PFL201\n"
		"   perflint: disable=PFL9,PFL102 */ int y;\n"
		"int z;\n"
		"/* a */ /* b\n"
		"perflint: disable-next-line */\n"
		"int w;\n");
	assert_int_equal(sup.items.size, 4);
	check_item(0, PFL_SUPP_LINE, 2, 2, false, false, "PFL101");
	check_item(1, PFL_SUPP_NEXT_LINE, 2, 5, false, false, "PFL201");
	check_item(2, PFL_SUPP_LINE, 2, 2, false, false, "PFL102");
	check_item(3, PFL_SUPP_NEXT_LINE, 6, 8, false, true, "");
	assert_int_equal(sup.problems.size, 1);
	check_problem(0, 4, 22, "unknown rule 'PFL9': expected a rule id, id prefix or family");
}

static void test_c_unterminated(void **state)
{
	(void)state;
	parse_c("int x;\n/* perflint: disable-next-line=PFL101\nint y;\n");
	assert_int_equal(sup.items.size, 1);
	check_item(0, PFL_SUPP_NEXT_LINE, 2, 5, false, false, "PFL101");
	parse_c("char *s = \"abc\\\n// noqa\";  // noqa: PFL201\n");
	assert_int_equal(sup.items.size, 1);
	check_item(0, PFL_SUPP_LINE, 2, 2, true, false, "PFL201");
	parse_c("char c = 'x; // noqa\nint y; // noqa: PFL102");
	assert_int_equal(sup.items.size, 1);
	check_item(0, PFL_SUPP_LINE, 2, 2, true, false, "PFL102");
	parse_c("auto r = R\"abc( // noqa\n");
	assert_int_equal(sup.items.size, 0);
	/* not a raw string: the delimiter is too long, so an ordinary string */
	parse_c("auto r = R\"abcdefghijklmnopq( // noqa\"; // noqa\n");
	assert_int_equal(sup.items.size, 1);
	const char *cut[] = {"/*", "//", "/", "\"", "'", "\"\\", "R\"", "R\"(", "u8R\"x(", "1'", "1e", "// \\",
			     "// noqa \\", "/* noqa *", "// perflint: disable-file=", "// noqa:PFL"};
	for (size_t i = 0; i < sizeof(cut) / sizeof(cut[0]); i++)
		parse_c(cut[i]);
}

static void test_c_crlf(void **state)
{
	(void)state;
	parse_c("int a; // perflint: disable=PFL101\r\n"
		"/* x\r\n"
		"   perflint: disable-next-line=PFL201 */\r\n"
		"int b;\r\n"
		"// continued \\\r\n"
		"   noqa\r\n"
		"int c; // noqa: PFL999\r\n");
	assert_int_equal(sup.items.size, 3);
	check_item(0, PFL_SUPP_LINE, 1, 1, false, false, "PFL101");
	check_item(1, PFL_SUPP_NEXT_LINE, 2, 4, false, false, "PFL201");
	check_item(2, PFL_SUPP_LINE, 5, 5, true, true, "");
	assert_int_equal(sup.problems.size, 1);
	check_problem(0, 7, 17, "unknown rule 'PFL999': expected a rule id or id prefix");
}

static void test_c_nul_bytes(void **state)
{
	(void)state;
	static const char src[] = "char s[] = \"\0// noqa\"; // noqa: PFL101\0\n"
				  "/* \0 perflint: disable=PFL201 \0 */\n";
	parse_n(PFL_LANG_C, src, sizeof(src) - 1);
	assert_int_equal(sup.problems.size, 0);
	assert_int_equal(sup.items.size, 2);
	check_item(0, PFL_SUPP_LINE, 1, 1, true, false, "PFL101");
	check_item(1, PFL_SUPP_LINE, 2, 2, false, false, "PFL201");
}

/* ---- matching ---- */

static void test_match(void **state)
{
	(void)state;
	parse_py("a()  # perflint: disable=PFL101,PFL1,quadratic-concat\n" /* 1: item 0 */
		 "# perflint: disable-next-line\n"                          /* 2: item 1, target 3 */
		 "b()\n"                                                    /* 3 */
		 "c()  # noqa: PFL301\n"                                    /* 4: item 2 */
		 "# perflint: disable-file=blocking-async\n"                /* 5: item 3 */
		 "d()  # noqa\n");                                          /* 6: item 4 */
	assert_int_equal(sup.items.size, 5);
	pfl_suppression *it = sup.items.items;

	assert_ptr_equal(pfl_suppress_match(&sup, rule("PFL101"), 1, 1), &it[0]);
	assert_int_equal(it[0].used[0], 1);
	assert_int_equal(it[0].used[1], 1);
	assert_int_equal(it[0].used[2], 0);
	assert_ptr_equal(pfl_suppress_match(&sup, rule("PFL201"), 1, 1), &it[0]);
	assert_int_equal(it[0].used[2], 1);
	assert_int_equal(it[0].used[0], 1);

	/* nothing for PFL301 on line 1; on lines 2..4 the end line's noqa */
	assert_null(pfl_suppress_match(&sup, rule("PFL301"), 1, 1));
	assert_ptr_equal(pfl_suppress_match(&sup, rule("PFL301"), 2, 4), &it[2]);
	assert_int_equal(it[2].used[0], 1);
	/* only the first and last lines count, not those between */
	assert_null(pfl_suppress_match(&sup, rule("PFL302"), 2, 4));

	/* the next-line directive silences everything on line 3 */
	assert_ptr_equal(pfl_suppress_match(&sup, rule("PFL102"), 3, 3), &it[1]);
	assert_ptr_equal(pfl_suppress_match(&sup, rule("PFL501"), 3, 3), &it[1]);
	assert_int_equal(it[1].used[0], 2);
	assert_null(pfl_suppress_match(&sup, rule("PFL501"), 2, 2));

	/* the file directive anywhere; with the bare noqa of line 6, both count */
	assert_ptr_equal(pfl_suppress_match(&sup, rule("PFL401"), 100, 101), &it[3]);
	assert_int_equal(it[3].used[0], 1);
	assert_ptr_equal(pfl_suppress_match(&sup, rule("PFL402"), 6, 6), &it[3]);
	assert_int_equal(it[3].used[0], 2);
	assert_int_equal(it[4].used[0], 1);
	assert_ptr_equal(pfl_suppress_match(&sup, rule("PFL103"), 5, 6), &it[4]);
	assert_int_equal(it[4].used[0], 2);
	assert_int_equal(it[2].used[0], 1);
}

static void test_match_block_comment_and_empty(void **state)
{
	(void)state;
	parse_c("int x;\n"
		"/*\n"
		" * perflint: disable=PFL202\n"
		" */ y += s;\n");
	assert_int_equal(sup.items.size, 1);
	assert_null(pfl_suppress_match(&sup, rule("PFL202"), 4, 4));
	assert_ptr_equal(pfl_suppress_match(&sup, rule("PFL202"), 2, 4), &sup.items.items[0]);
	assert_int_equal(sup.items.items[0].used[0], 1);
	assert_null(pfl_suppress_match(&sup, rule("PFL201"), 2, 2));
	parse_c("int x;\n");
	assert_null(pfl_suppress_match(&sup, rule("PFL201"), 1, 1));
}

/* ---- odd input ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

/* Parse a few thousand random buffers; under ASan any bad read fails. */
static void test_random_bytes(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"#", "# ", "'", "\"", "'''", "\"\"\"", "\\", "\n", "\r\n", "\r", "{", "}", "{{", "}}", ":", "!r",
		"f", "rb", "R", "u8R", "(", ")", "[", "]", "/", "*", "/*", "*/", "//", " ", "\t", ",", "=", "-",
		"perflint", "perflint:", " disable", "disable-next-line", "disable-file", "=PFL101", "PFL9",
		"n-plus-one", "noqa", "NOQA:", " E501", "\\N{", "1'0", "x", "\0", "\xff", "\xc3\xa9",
	};
	const size_t npieces = sizeof(pieces) / sizeof(pieces[0]);
	for (int round = 0; round < 4000; round++) {
		size_t cap = (size_t)(rng() % 600);
		char *buf = malloc(cap ? cap : 1);
		size_t n = 0;
		bool bytes = round % 4 == 0;
		while (n < cap) {
			if (bytes) {
				buf[n++] = (char)(rng() & 0xff);
				continue;
			}
			const char *p = pieces[rng() % npieces];
			size_t pn = p[0] ? strlen(p) : 1;
			for (size_t k = 0; k < pn && n < cap; k++)
				buf[n++] = p[k];
		}
		/* exactly n bytes, no terminator: over-reads are caught */
		char *exact = malloc(n ? n : 1);
		memcpy(exact, buf, n);
		free(buf);
		parse_n(round % 2 ? PFL_LANG_C : PFL_LANG_PYTHON, exact, n);
		for (size_t i = 0; i < sup.items.size; i++) {
			const pfl_suppression *s = &sup.items.items[i];
			assert_true(s->all || s->ntokens > 0);
			assert_non_null(s->text);
			assert_true(s->line >= 1);
		}
		for (size_t i = 0; i < sup.problems.size; i++)
			assert_true(sup.problems.items[i].line >= 1 && sup.problems.items[i].col >= 1);
		pfl_suppress_match(&sup, rule("PFL101"), (uint32_t)(rng() % 20), (uint32_t)(rng() % 20));
		free(exact);
	}
}

/* Big inputs stay linear: long lists, long lines, deep f-strings. */
static void test_big_inputs(void **state)
{
	(void)state;
	size_t reps = 50000;
	char *src = malloc(32 + reps * 7 + reps * 2 + 16);
	size_t n = 0;
	memcpy(src + n, "# perflint: disable=", 20);
	n += 20;
	for (size_t i = 0; i < reps; i++) {
		memcpy(src + n, i ? ",PFL101" : "PFL101", i ? 7 : 6);
		n += i ? 7 : 6;
	}
	memcpy(src + n, "\n", 1);
	n += 1;
	parse_n(PFL_LANG_PYTHON, src, n);
	assert_int_equal(sup.items.size, 1);
	assert_int_equal(sup.items.items[0].ntokens, reps);
	free(src);

	/* a long comment of "noqa" preceded by blanks and a deep f-string */
	size_t big = 1 << 20;
	src = malloc(big);
	for (size_t i = 0; i < big; i++)
		src[i] = i % 64 == 0 ? '#' : i % 64 < 60 ? ' ' : "noqa"[i % 64 - 60];
	parse_n(PFL_LANG_PYTHON, src, big);
	assert_int_equal(sup.items.size, big / 64);
	n = 0;
	for (size_t i = 0; i < 200; i++) {
		memcpy(src + n, "f'{", 3);
		n += 3;
	}
	memcpy(src + n, "# noqa", 6);
	n += 6;
	parse_n(PFL_LANG_PYTHON, src, n);
	parse_n(PFL_LANG_C, src, n);
	free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_py_same_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_py_spacing_and_case, setup, teardown),
		cmocka_unit_test_setup_teardown(test_py_explanation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_py_next_line_and_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_py_noqa, setup, teardown),
		cmocka_unit_test_setup_teardown(test_py_noqa_and_perflint_in_one_comment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_py_strings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_py_not_prefixes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_py_unterminated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_py_crlf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_py_nul_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_py_problems, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quick_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_c_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_c_block_comment_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_c_unterminated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_c_crlf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_c_nul_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_match, setup, teardown),
		cmocka_unit_test_setup_teardown(test_match_block_comment_and_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_big_inputs, setup, teardown),
	};
	return cmocka_run_group_tests(tests, setup_rules, NULL);
}
