#!/usr/bin/env bash
# t1008-script-helpers: a helper that makes a round trip through another
# helper, called in a loop, is found in a script whose file name is not a module name ("load-data.py":
# its functions go by their bare names) as in a module; a builtin or unknown
# bare name is never taken for a helper.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
# The same code, in a script and in a module.
src='import requests

def fetch(i):
    return requests.get("https://example.com/%s" % i)

def load(i):
    return fetch(i)

def main(ids):
    for i in ids:
        load(i)
        len(ids)
'
mkdir -p pkg && touch pkg/__init__.py
write_file load-data.py "$src"
write_file pkg/load_data.py "$src"
run_perflint --format json load-data.py pkg/load_data.py
expect_exit 1
expect_json '[(f["path"], f["line"], f["rule"], [(r["path"], r["line"]) for r in f["related"]]) for f in d["findings"]]' \
	"[('load-data.py', 11, 'PFL102', [('load-data.py', 7), ('load-data.py', 4)]), ('pkg/load_data.py', 11, 'PFL102', [('pkg/load_data.py', 7), ('pkg/load_data.py', 4)])]"

finish
