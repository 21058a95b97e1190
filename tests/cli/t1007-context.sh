#!/usr/bin/env bash
# t1007-context: a file named on its own (as pre-commit names changed files)
# resolves its helpers in the modules it calls into, through any number of
# modules and relative imports, and in the C files of its directory; only
# the named files are reported and counted.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
mkdir -p app/pkg other csrc
touch app/__init__.py app/pkg/__init__.py other/__init__.py
write_file app/views.py 'from .pkg import service

def page(ids):
    for i in ids:
        service.load(i)

async def handler(path):
    return service.read(path)
'
write_file app/pkg/service.py 'from app.pkg.store import fetch, slurp

def load(i):
    return fetch(i)

def read(path):
    return slurp(path)
'
write_file app/pkg/store.py 'import requests

def fetch(i):
    return requests.get("https://example.com/%s" % i)

def slurp(path):
    with open(path) as f:
        return f.read()
'
# A finding in a module the named file never calls: not reported.
write_file other/mod.py 'import requests

def f(xs):
    for x in xs:
        requests.get(x)
'
run_perflint --format json app/views.py
expect_exit 1
expect_json '[(f["path"], f["line"], f["rule"], [r["path"] for r in f["related"]]) for f in d["findings"]]' \
	"[('app/views.py', 5, 'PFL102', ['app/pkg/service.py', 'app/pkg/store.py']), ('app/views.py', 8, 'PFL402', ['app/pkg/service.py', 'app/pkg/store.py'])]"
expect_json 'd["summary"]["files"]' "1"
# Named together, each reports its own.
run_perflint --format json app/views.py other/mod.py
expect_exit 1
expect_json '[(f["path"], f["line"], f["rule"]) for f in d["findings"]]' \
	"[('app/views.py', 5, 'PFL102'), ('app/views.py', 8, 'PFL402'), ('other/mod.py', 5, 'PFL101')]"
# A context file that does not parse stays quiet: only named files are diagnosed.
printf 'def broken(:\n' >app/pkg/junk.py
run_perflint --format json app/views.py
expect_exit 1
expect_json 'len(d["diagnostics"])' "0"
# Context never leaves the import root: a helper outside it is unknown.
write_file app/pkg/service.py 'from outside import fetch, slurp

def load(i):
    return fetch(i)

def read(path):
    return slurp(path)
'
mkdir -p ../outside_root && write_file ../outside_root/outside.py 'import requests
def fetch(i):
    return requests.get(i)
def slurp(p):
    return open(p).read()
'
run_perflint --format json app/views.py
expect_exit 0
expect_json 'd["findings"]' "[]"

# C: the other files of the named file's directory.
write_file csrc/store.c '#include <sqlite3.h>
int store_put(sqlite3 *db, const char *sql) {
	return sqlite3_exec(db, sql, 0, 0, 0);
}
'
write_file csrc/main.c '#include <sqlite3.h>
int store_put(sqlite3 *db, const char *sql);
void save_all(sqlite3 *db, const char **rows, int n) {
	for (int i = 0; i < n; i++)
		store_put(db, rows[i]);
}
'
run_perflint --format json csrc/main.c
expect_exit 1
expect_json '[(f["path"], f["line"], f["rule"], [r["path"] for r in f["related"]]) for f in d["findings"]]' \
	"[('csrc/main.c', 5, 'PFL102', ['csrc/store.c'])]"
run_perflint --format json csrc/store.c
expect_exit 0
expect_json 'd["findings"]' "[]"

finish
