/*
 * test_python_model.c - the Python frontend's model: scopes, loops, calls
 * with resolved callees, assignments and what is known of each name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "frontend/frontend.h"
#include "model/model.h"

/* Lower src as module "app.views" of file app/views.py. */
static void lower(pfl_model *m, const char *src)
{
	pfl_frontend *fe = pfl_frontend_new(0, NULL);
	pfl_model_init(m, PFL_LANG_PYTHON, "app/views.py", src, strlen(src));
	pfl_frontend_lower(fe, m, "app.views");
	pfl_frontend_free(fe);
}

/* The first call whose text is text. */
static const pfl_call *call_named(const pfl_model *m, const char *text)
{
	for (size_t i = 0; i < m->calls.size; i++)
		if (m->calls.items[i].text && strcmp(m->calls.items[i].text, text) == 0)
			return &m->calls.items[i];
	return NULL;
}

static void test_imports_resolve(void **state)
{
	(void)state;
	pfl_model m;
	lower(&m,
	      "import requests as r\n"
	      "from time import sleep as nap\n"
	      "import os.path\n"
	      "from . import models\n"
	      "from .services import get_points\n"
	      "def f(x):\n"
	      "    r.get(x)\n"
	      "    nap(1)\n"
	      "    os.path.join(x)\n"
	      "    models.Order.objects.get(id=x)\n"
	      "    get_points(x)\n"
	      "    len(x)\n"
	      "    unknown(x)\n");
	assert_string_equal(call_named(&m, "r.get")->callee, "requests.get");
	assert_string_equal(call_named(&m, "nap")->callee, "time.sleep");
	assert_string_equal(call_named(&m, "os.path.join")->callee, "os.path.join");
	assert_string_equal(call_named(&m, "models.Order.objects.get")->callee, "app.models.Order.objects.get");
	assert_string_equal(call_named(&m, "get_points")->callee, "app.services.get_points");
	assert_string_equal(call_named(&m, "len")->callee, "builtins.len");
	assert_null(call_named(&m, "unknown")->callee);
	pfl_model_release(&m);
}

static void test_loops_and_depth(void **state)
{
	(void)state;
	pfl_model m;
	lower(&m,
	      "def f(rows):\n"
	      "    for row in fetch(rows):\n"
	      "        while row:\n"
	      "            g(row)\n"
	      "    [h(x) for x in k(rows) for y in x]\n"
	      "    for c in (1, 2, 3):\n"
	      "        pass\n");
	const pfl_call *fetch = call_named(&m, "fetch");
	assert_int_equal(fetch->loop, -1); /* the iterable is evaluated once */
	const pfl_call *g = call_named(&m, "g");
	assert_true(g->loop >= 0);
	assert_int_equal(m.loops.items[g->loop].depth, 2);
	assert_int_equal(m.loops.items[g->loop].kind, PFL_LOOP_WHILE);
	const pfl_call *k = call_named(&m, "k");
	assert_int_equal(k->loop, -1);
	const pfl_call *h = call_named(&m, "h");
	assert_int_equal(m.loops.items[h->loop].depth, 2);
	bool saw_bounded = false;
	for (size_t i = 0; i < m.loops.size; i++)
		if (m.loops.items[i].bounded)
			saw_bounded = true;
	assert_true(saw_bounded);
	pfl_model_release(&m);
}

static void test_name_kinds(void **state)
{
	(void)state;
	pfl_model m;
	lower(&m,
	      "def f(a: str, b=\"\", c=None, d: list[int] = None):\n"
	      "    s = ''\n"
	      "    t = b''\n"
	      "    u = []\n"
	      "    v = 0\n"
	      "    w = ''\n"
	      "    w = None\n"
	      "    x = s.strip()\n"
	      "    y = f'{a}'\n"
	      "    z = ', '.join(u)\n"
	      "    q = s\n");
	int32_t fn = 1;
	assert_int_equal(pfl_model_name_type(&m, fn, "a").kind, PFL_KIND_STR);
	assert_int_equal(pfl_model_name_type(&m, fn, "b").kind, PFL_KIND_STR);
	assert_int_equal(pfl_model_name_type(&m, fn, "b").cert, PFL_CERT_INFERRED);
	assert_int_equal(pfl_model_name_type(&m, fn, "c").kind, PFL_KIND_UNKNOWN);
	assert_int_equal(pfl_model_name_type(&m, fn, "d").kind, PFL_KIND_LIST);
	assert_int_equal(pfl_model_name_type(&m, fn, "s").kind, PFL_KIND_STR);
	assert_int_equal(pfl_model_name_type(&m, fn, "t").kind, PFL_KIND_BYTES);
	assert_int_equal(pfl_model_name_type(&m, fn, "u").kind, PFL_KIND_LIST);
	assert_int_equal(pfl_model_name_type(&m, fn, "v").kind, PFL_KIND_INT);
	assert_int_equal(pfl_model_name_type(&m, fn, "w").kind, PFL_KIND_UNKNOWN);
	assert_int_equal(pfl_model_name_type(&m, fn, "x").kind, PFL_KIND_STR);
	assert_int_equal(pfl_model_name_type(&m, fn, "y").kind, PFL_KIND_STR);
	assert_int_equal(pfl_model_name_type(&m, fn, "z").kind, PFL_KIND_STR);
	assert_int_equal(pfl_model_name_type(&m, fn, "q").kind, PFL_KIND_STR);
	pfl_model_release(&m);
}

static void test_async_and_awaited(void **state)
{
	(void)state;
	pfl_model m;
	lower(&m,
	      "import httpx\n"
	      "async def handler(req):\n"
	      "    client = httpx.AsyncClient()\n"
	      "    await client.get(req)\n"
	      "    def inner():\n"
	      "        open(req)\n");
	const pfl_call *get = call_named(&m, "client.get");
	assert_true(get->flags & PFL_CALL_AWAITED);
	assert_string_equal(get->callee, "httpx.AsyncClient().get");
	assert_true(m.scopes.items[get->scope].is_async);
	const pfl_call *op = call_named(&m, "open");
	assert_false(m.scopes.items[op->scope].is_async);
	assert_string_equal(m.scopes.items[op->scope].qualname, "app.views.handler.inner");
	pfl_model_release(&m);
}

static void test_object_types(void **state)
{
	(void)state;
	pfl_model m;
	lower(&m,
	      "import requests, sqlite3\n"
	      "from sqlalchemy.orm import Session\n"
	      "from .models import Order\n"
	      "class Repo:\n"
	      "    def __init__(self):\n"
	      "        self.http = requests.Session()\n"
	      "    def run(self, db: Session, ids):\n"
	      "        s = requests.Session()\n"
	      "        s.get(1)\n"
	      "        conn = sqlite3.connect('x')\n"
	      "        cur = conn.cursor()\n"
	      "        cur.execute('q')\n"
	      "        with conn.cursor() as c2:\n"
	      "            c2.fetchall()\n"
	      "        db.query(1)\n"
	      "        self.http.post(2)\n"
	      "        Order.objects.filter(a=1).first()\n"
	      "        for o in Order.objects.all():\n"
	      "            o.save()\n");
	assert_string_equal(call_named(&m, "s.get")->callee, "requests.Session().get");
	assert_string_equal(call_named(&m, "cur.execute")->callee, "sqlite3.connect().cursor().execute");
	assert_string_equal(call_named(&m, "c2.fetchall")->callee, "sqlite3.connect().cursor().fetchall");
	assert_string_equal(call_named(&m, "db.query")->callee, "sqlalchemy.orm.Session().query");
	assert_string_equal(call_named(&m, "self.http.post")->callee, "requests.Session().post");
	assert_string_equal(call_named(&m, "Order.objects.filter().first")->callee, "app.models.Order.objects.filter().first");
	assert_string_equal(call_named(&m, "o.save")->callee, "django.db.models.Model().save");
	pfl_model_release(&m);
}

static void test_syntax_error_is_a_diagnostic(void **state)
{
	(void)state;
	pfl_model m;
	lower(&m, "def f(:\n    s = ''\n    for x in y:\n        s += x\n");
	assert_true(m.partial);
	assert_int_equal(m.diags.size, 1);
	assert_string_equal(m.diags.items[0].code, "parse-error");
	pfl_model_release(&m);
}

static void test_deep_nesting(void **state)
{
	(void)state;
	size_t n = 100000;
	char *src = malloc(2 * n + 16);
	memcpy(src, "x = ", 4);
	for (size_t i = 0; i < n; i++)
		src[4 + i] = '[';
	for (size_t i = 0; i < n; i++)
		src[4 + n + i] = ']';
	src[4 + 2 * n] = '\n';
	src[5 + 2 * n] = '\0';
	pfl_model m;
	lower(&m, src);
	assert_true(m.scopes.size >= 1);
	assert_int_equal(m.diags.size, 1);
	assert_string_equal(m.diags.items[0].code, "too-deep");
	pfl_model_release(&m);
	free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_imports_resolve),
		cmocka_unit_test(test_loops_and_depth),
		cmocka_unit_test(test_name_kinds),
		cmocka_unit_test(test_async_and_awaited),
		cmocka_unit_test(test_object_types),
		cmocka_unit_test(test_syntax_error_is_a_diagnostic),
		cmocka_unit_test(test_deep_nesting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
