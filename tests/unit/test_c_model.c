/*
 * test_c_model.c - the C frontend's model: loops and what they step,
 * calls with their callee and argument facts, assignments with how they
 * grow, equality tests in loops, macro uses, and stand-ins for what a
 * missing header would have declared.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "frontend/cflags.h"
#include "frontend/frontend.h"
#include "model/model.h"

/* Lower src as the C file unit/x.c (it need not exist: the text is given). */
static void lower(pfl_model *m, const char *src)
{
	pfl_cflags_opts o;
	memset(&o, 0, sizeof(o));
	const char *db = NULL;
	pfl_cflags *cf = pfl_cflags_new(&o, &db);
	pfl_frontend *fe = pfl_frontend_new(0, cf);
	pfl_model_init(m, PFL_LANG_C, "unit/x.c", src, strlen(src));
	pfl_frontend_lower(fe, m, NULL);
	pfl_frontend_free(fe);
	pfl_cflags_free(cf);
}

/* The first call whose text is text. */
static const pfl_call *call_named(const pfl_model *m, const char *text)
{
	for (size_t i = 0; i < m->calls.size; i++)
		if (m->calls.items[i].text && strcmp(m->calls.items[i].text, text) == 0)
			return &m->calls.items[i];
	return NULL;
}

/* The first assignment to target. */
static const pfl_assign *assign_to(const pfl_model *m, const char *target)
{
	for (size_t i = 0; i < m->assigns.size; i++)
		if (m->assigns.items[i].target && strcmp(m->assigns.items[i].target, target) == 0)
			return &m->assigns.items[i];
	return NULL;
}

static void test_functions_and_callees(void **state)
{
	(void)state;
	pfl_model m;
	lower(&m, "#include <string.h>\n"
		  "static int helper(const char *s) { return (int)strlen(s); }\n"
		  "int api(char *buf, int (*fp)(int)) {\n"
		  "    for (int i = 0; i < fp(0); i++) strcpy(buf, \"x\");\n"
		  "    fp(1);\n"
		  "    return helper(buf);\n"
		  "}\n");
	assert_int_equal(m.scopes.size, 3);
	assert_string_equal(m.scopes.items[1].qualname, "unit/x.c:helper"); /* static: the file's own */
	assert_string_equal(m.scopes.items[2].qualname, "api");
	assert_int_equal(m.scopes.items[2].nparams, 2);
	assert_string_equal(call_named(&m, "helper")->callee, "unit/x.c:helper");
	assert_string_equal(call_named(&m, "strlen")->callee, "strlen");
	assert_null(call_named(&m, "fp")->callee); /* through a pointer */
	const pfl_call *cp = call_named(&m, "strcpy");
	assert_false(cp->args[0].const_param);
	assert_true(cp->args[1].const_param);
	assert_true(cp->args[0].out_param); /* a char buffer handed to a writer (facts known in loops) */
	assert_true(cp->flags & PFL_CALL_STATEMENT);
	assert_int_equal(m.diags.size, 0);
	pfl_model_release(&m);
}

static void test_loops(void **state)
{
	(void)state;
	pfl_model m;
	lower(&m, "struct node { struct node *next; int key; };\n"
		  "void f(struct node *head, int n) {\n"
		  "    for (int i = 0; i < 4; i++) { }\n"      /* loop 0: bounded */
		  "    for (int i = 0; i < n; i++) { }\n"      /* loop 1 */
		  "    for (;;) { break; }\n"                  /* loop 2: forever */
		  "    do { } while (0);\n"                    /* loop 3: once */
		  "    for (struct node *p = head; p; p = p->next) { }\n" /* loop 4 */
		  "    int j = 0;\n"
		  "    while (j < n) { j++; }\n"               /* loop 5 */
		  "}\n");
	assert_int_equal(m.loops.size, 6);
	assert_true(m.loops.items[0].bounded);
	assert_false(m.loops.items[1].bounded);
	assert_string_equal(m.loops.items[1].bound[0], "i");
	assert_true(m.loops.items[2].forever);
	assert_true(m.loops.items[3].runs_once);
	assert_int_equal(m.loops.items[3].kind, PFL_LOOP_DO);
	assert_string_equal(m.loops.items[4].bound[0], "p");
	assert_int_equal(assign_to(&m, "p") ? 1 : 0, 1);
	assert_string_equal(m.loops.items[5].bound[0], "j");
	assert_int_equal(m.loops.items[5].kind, PFL_LOOP_WHILE);
	pfl_model_release(&m);
}

static void test_growth(void **state)
{
	(void)state;
	pfl_model m;
	/* In a loop: outside loops no rule reads assignments, and none are recorded. */
	lower(&m, "void f(int n) {\n"
		  "    int a = 0, b = 1, c = 1, d = 0, e = 1;\n"
		  "    while (n--) {\n"
		  "        a += 16;\n"
		  "        b *= 2;\n"
		  "        c = c ? c * 2 : 16;\n"
		  "        d = d + n;\n"
		  "        e += e / 2;\n"
		  "    }\n"
		  "}\n");
	const pfl_growth want[] = { PFL_GROWTH_ADD, PFL_GROWTH_MUL, PFL_GROWTH_MUL, PFL_GROWTH_ADD, PFL_GROWTH_MUL };
	const char *names[] = { "a", "b", "c", "d", "e" };
	for (int k = 0; k < 5; k++) {
		const pfl_assign *found = NULL; /* the last one: after the declaration */
		for (size_t i = 0; i < m.assigns.size; i++)
			if (strcmp(m.assigns.items[i].target, names[k]) == 0)
				found = &m.assigns.items[i];
		assert_non_null(found);
		assert_int_equal(found->growth, want[k]);
	}
	pfl_model_release(&m);
}

static void test_string_shapes_and_members(void **state)
{
	(void)state;
	pfl_model m;
	lower(&m, "#include <stdio.h>\n#include <string.h>\n"
		  "struct item { int id; const char *name; };\n"
		  "void f(char *buf, struct item *items, int n, const char **seen, int ns) {\n"
		  "    for (int i = 0; i < n; i++) {\n"
		  "        sprintf(buf + strlen(buf), \"%d\", i);\n"
		  "        for (int j = 0; j < ns; j++)\n"
		  "            if (strcmp(seen[j], items[i].name) == 0) break;\n"
		  "        if (items[i].id == n) { }\n"
		  "    }\n"
		  "}\n");
	assert_string_equal(call_named(&m, "sprintf")->args[0].value.end_of, "buf");
	assert_int_equal(m.members.size, 2);
	const pfl_member *mb = &m.members.items[0];
	assert_string_equal(mb->needle.elem_of, "seen");
	assert_string_equal(mb->needle.index, "j");
	assert_string_equal(mb->container.elem_of, "items");
	assert_string_equal(mb->container.index, "i");
	assert_false(mb->negated);
	pfl_model_release(&m);
}

static void test_macro_use_and_stand_ins(void **state)
{
	(void)state;
	pfl_model m;
	/* No such header: its types and constants get stand-ins, the calls stay. */
	lower(&m, "#include <nosuchlib/api.h>\n"
		  "#define REGISTER(w, cb) ((w)->fn = (cb))\n"
		  "struct watcher { void (*fn)(void); };\n"
		  "static void on_tick(void) { }\n"
		  "void run(lib_conn *c, int n) {\n"
		  "    struct watcher w;\n"
		  "    REGISTER(&w, on_tick);\n"
		  "    for (int i = 0; i < n; i++) {\n"
		  "        lib_result *r = lib_query(c, LIB_MODE_FAST);\n"
		  "        lib_free(r);\n"
		  "    }\n"
		  "}\n");
	assert_int_equal(m.diags.size, 1);
	assert_string_equal(m.diags.items[0].code, "missing-header");
	const pfl_call *q = call_named(&m, "lib_query");
	assert_non_null(q);
	assert_int_equal(q->loop, 0);
	assert_non_null(call_named(&m, "lib_free"));
	const pfl_call *reg = call_named(&m, "REGISTER");
	assert_non_null(reg);
	assert_true(reg->flags & PFL_CALL_MACRO);
	assert_int_equal(reg->nargs, 2);
	assert_int_equal(reg->args[1].value.type.kind, PFL_KIND_CALLABLE);
	assert_string_equal(reg->args[1].value.type.name, "unit/x.c:on_tick");
	pfl_model_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_functions_and_callees),
		cmocka_unit_test(test_loops),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_string_shapes_and_members),
		cmocka_unit_test(test_macro_use_and_stand_ins),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
