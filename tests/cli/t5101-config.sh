#!/usr/bin/env bash
# t5101-config: .perflint.yml is found from the analysed path up to the
# repository root, every key works, the command line overrides the file,
# mistakes stop the run with exit 2 naming file, line and key, and
# `perflint config` shows each value's origin.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
git init -q repo
cd repo || exit 1
mkdir -p app/sub tests
# PFL101 at 5 (high, 70), PFL201 at 8 (medium, 55), PFL301 at 12 (medium, 50).
write_file app/views.py 'import requests

def fetch(users):
    for u in users:
        requests.get(u)
    s = ""
    for u in users:
        s += u
    return s

def member(xs, ys: list):
    return [x for x in xs if x in ys]
'
cp app/views.py tests/test_views.py
# A user's own round trip, known only through the configuration.
write_file app/sub/own.py 'from myapp.db import fetch_one

def load(ids):
    for i in ids:
        fetch_one(i)
'

rules() {
	expect_json '[(f["path"], f["line"], f["rule"], f["score"]) for f in d["findings"]]' "$1"
}

# No configuration: everything.
run_perflint --format json app
expect_exit 1
rules "[('app/views.py', 5, 'PFL101', 70), ('app/views.py', 8, 'PFL201', 55), ('app/views.py', 12, 'PFL301', 50)]"

# select / ignore, found from a subdirectory argument up to the repository root.
write_file .perflint.yml 'select: [n-plus-one, PFL2]
ignore: PFL102
'
run_perflint --format json app/sub app
expect_exit 1
rules "[('app/views.py', 5, 'PFL101', 70), ('app/views.py', 8, 'PFL201', 55)]"
# The command line replaces the file's value for that key only.
run_perflint --format json --select PFL3 app
expect_exit 1
rules "[('app/views.py', 12, 'PFL301', 50)]"
# --no-config ignores it.
run_perflint --format json --no-config app
expect_exit 1
rules "[('app/views.py', 5, 'PFL101', 70), ('app/views.py', 8, 'PFL201', 55), ('app/views.py', 12, 'PFL301', 50)]"

# A configuration in a subdirectory applies when every path is under it,
# whatever the order of the paths; otherwise the common directory's.
write_file app/.perflint.yml 'select: [PFL3]
'
run_perflint --format json app/views.py app/sub/own.py
expect_exit 1
rules "[('app/views.py', 12, 'PFL301', 50)]"
run_perflint --format json tests/test_views.py app/views.py
expect_exit 1
rules "[('app/views.py', 5, 'PFL101', 70), ('app/views.py', 8, 'PFL201', 55), ('tests/test_views.py', 5, 'PFL101', 70), ('tests/test_views.py', 8, 'PFL201', 55)]"
run_perflint --format json app/views.py tests/test_views.py
expect_exit 1
rules "[('app/views.py', 5, 'PFL101', 70), ('app/views.py', 8, 'PFL201', 55), ('tests/test_views.py', 5, 'PFL101', 70), ('tests/test_views.py', 8, 'PFL201', 55)]"
rm app/.perflint.yml

# The search stops at the repository root: a file above it is not read.
write_file ../.perflint.yml 'select: [PFL3]
'
rm .perflint.yml
run_perflint --format json app
expect_exit 1
rules "[('app/views.py', 5, 'PFL101', 70), ('app/views.py', 8, 'PFL201', 55), ('app/views.py', 12, 'PFL301', 50)]"
rm ../.perflint.yml

# exclude and per-file-ignores are relative to the file's directory, from any cwd.
write_file .perflint.yml 'exclude: ["sub"]
per-file-ignores:
  "tests/**": [n-plus-one, PFL301]
'
run_perflint --format json app tests
expect_exit 1
rules "[('app/views.py', 5, 'PFL101', 70), ('app/views.py', 8, 'PFL201', 55), ('app/views.py', 12, 'PFL301', 50), ('tests/test_views.py', 8, 'PFL201', 55)]"
cd app || exit 1
run_perflint --format json . ../tests
expect_json '[(f["path"], f["rule"]) for f in d["findings"]]' "[('../tests/test_views.py', 'PFL201'), ('views.py', 'PFL101'), ('views.py', 'PFL201'), ('views.py', 'PFL301')]"
cd .. || exit 1

# severity: a base score, or a pinned level; min-severity and fail-on.
write_file .perflint.yml 'severity:
  PFL101: 90
  pfl301: low
  PFL201: critical
'
run_perflint --format json app/views.py
expect_exit 1
expect_json '[(f["rule"], f["score"], f["severity"]) for f in d["findings"]]' "[('PFL101', 90, 'critical'), ('PFL201', 85, 'critical'), ('PFL301', 39, 'low')]"
write_file .perflint.yml 'min-severity: medium
fail-on: critical
'
run_perflint --format json app/views.py
expect_exit 0
rules "[('app/views.py', 5, 'PFL101', 70), ('app/views.py', 8, 'PFL201', 55), ('app/views.py', 12, 'PFL301', 50)]"
run_perflint --format json --fail-on high --min-severity high app/views.py
expect_exit 1
rules "[('app/views.py', 5, 'PFL101', 70)]"
run_perflint --format json --fail-on medium --min-severity critical app/views.py
expect_exit 0
rules "[]"

# Knowledge-base extensions: the user's own round trip, blocking call, safe wrapper.
write_file app/aio.py 'import myapp.storage
from myapp.aio import run_in_thread

async def handler(key):
    data = myapp.storage.read_blob(key)
    other = await run_in_thread(myapp.storage.read_blob, key)
    return data, other
'
run_perflint --format json --select PFL101,PFL401 app/sub/own.py app/aio.py
expect_exit 0
rules "[]"
write_file .perflint.yml 'round-trip:
  - myapp.db.fetch_one
blocking:
  - match: myapp.storage.read_blob
    replacement: await myapp.storage.read_blob_async(...)
safe-wrappers: [myapp.aio.run_in_thread]
'
run_perflint --format json --select PFL101,PFL401 app/sub/own.py app/aio.py
expect_exit 1
rules "[('app/aio.py', 5, 'PFL401', 70), ('app/sub/own.py', 5, 'PFL101', 70)]"
expect_stdout_contains "myapp.storage.read_blob() is a blocking call inside 'async def handler'"
expect_stdout_contains "fetch_one() makes a round trip on every iteration of 'for i in ids:'"

# C: a project's own callback registration makes its callbacks event-loop code.
write_file loop.c '#include <unistd.h>
typedef void (*cb_fn)(void *);
void my_loop_add_timer(void *loop, cb_fn cb, int ms);
static void on_tick(void *arg) {
	(void)arg;
	sleep(1);
}
void setup(void *loop) {
	my_loop_add_timer(loop, on_tick, 100);
}
'
run_perflint --format json loop.c
expect_exit 0
rules "[]"
write_file cb.yml 'callback-registrations:
  - match: my_loop_add_timer
    arg: 1
    framework: my_loop
'
run_perflint --config cb.yml --format json loop.c
expect_exit 1
rules "[('loop.c', 6, 'PFL401', 70)]"
expect_stdout_contains "a my_loop callback (registered with my_loop_add_timer() at loop.c:9)"
rm loop.c cb.yml

# max-file-size with a suffix.
write_file .perflint.yml 'max-file-size: 1K
'
head -c 2000 /dev/zero | tr '\0' '#' >app/big.py
run_perflint --format json app/big.py
expect_exit 0
expect_stderr_contains "app/big.py': skipped: larger than the 1024-byte limit"

# perflint config: values and origins.
write_file .perflint.yml '# project settings
select: [n-plus-one]
fail-on: high
per-file-ignores:
  "tests/**": PFL101
'
run_perflint config --min-severity medium app
expect_exit 0
expect_stdout_contains "# file: $PWD/.perflint.yml"
expect_stdout_contains "select: [n-plus-one]  # from $PWD/.perflint.yml:2"
expect_stdout_contains "fail-on: high  # from $PWD/.perflint.yml:3"
expect_stdout_contains "min-severity: medium  # from --min-severity"
expect_stdout_contains "ignore: []  # default"
expect_stdout_contains '  tests/**: [PFL101]'
run_perflint config --no-config
expect_exit 0
expect_stdout_contains "# file: none"
expect_stdout_contains "select: [all]  # default"

# Mistakes: exit 2, the file, line and key named, no report written.
bad() {
	write_file bad.yml "$1"
	rm -f out.json
	run_perflint --config bad.yml --format json --output out.json app
	expect_exit 2
	expect_stderr_contains "$2"
	expect_no_file out.json
}
bad 'selct: [PFL1]' "perflint: error: 'bad.yml': line 1: unknown key 'selct' (did you mean 'select'?)"
bad 'select: [PFL1]
ignore: [PFL999]' "'bad.yml': line 2: key 'ignore': unknown rule or family 'PFL999'"
bad 'fail-on: hgih' "'bad.yml': line 1: key 'fail-on': expected one of low, medium, high, critical, found 'hgih'"
bad 'exclude: {a: b}' "'bad.yml': line 1: key 'exclude': expected a list of values, found a mapping"
bad 'severity:
  PFL101: 120' "'bad.yml': line 2: key 'severity': PFL101: a score must be from 0 to 100, found 120"
bad 'severity:
  PFL1: low' "'bad.yml': line 2: key 'severity': unknown rule 'PFL1'"
bad 'max-file-size: lots' "'bad.yml': line 1: key 'max-file-size': expected a size in bytes"
bad 'select: [PFL1
ignore: x' "'bad.yml': line 2: malformed YAML"
bad 'select: PFL1
select: PFL2' "'bad.yml': line 2: key 'select': given twice (first at line 1)"
bad 'callback-registrations:
  - match: my_add
    framework: myloop' "'bad.yml': line 2: key 'callback-registrations': a callback entry needs 'framework' and 'arg'"
bad 'round-trip:
  - matches: x' "'bad.yml': line 2: key 'round-trip': unknown entry key 'matches'"
bad '- a
- b' "'bad.yml': line 1: expected a mapping of settings (key: value), found a list"
run_perflint --config missing.yml app
expect_exit 2
expect_stderr_contains "cannot read configuration 'missing.yml'"
run_perflint --config bad.yml --no-config app
expect_exit 2
expect_stderr_contains "--config and --no-config cannot be used together"
# An empty file is the defaults.
: >empty.yml
run_perflint --config empty.yml --format json app/views.py
expect_exit 1
expect_json 'len(d["findings"])' "3"
# A broken file found by the lookup stops the run too.
write_file .perflint.yml 'ignore: [nope]'
run_perflint app
expect_exit 2
expect_stderr_contains "'.perflint.yml': line 1: key 'ignore': unknown rule or family 'nope'"

finish
