# shellcheck shell=bash disable=SC2034
# lib.sh - a tiny library for perflint's command-line tests.
#
# A CLI test is a numbered bash script, tests/cli/tNNNN-name.sh; the first
# digit is the area: 0 basics and options, 1 discovery, 2 bad input,
# 3 output files. Every such script is a CTest test (tests/CMakeLists.txt).
# It sources this file, runs perflint, checks what came out, and finishes:
#
#	. "$(dirname "$0")/lib.sh"
#	run_perflint --version
#	expect_exit 0
#	expect_stdout_contains "perflint 0.1.0"
#	finish
#
# Environment (set by CTest; defaults for a run by hand from anywhere):
#	PERFLINT        the binary        (default: build/perflint in the repo)
#	PFL_SOURCE_DIR  the repository    (default: two levels above this file)
#	PFL_PYTHON      python3 for parsing JSON output (default: python3)
#	PFL_TEST_TIMEOUT  seconds one perflint run may take (default 60)
#
# Each script gets a fresh temporary directory, $TEST_TMP, removed on exit;
# $WORK (inside it) is an empty directory for the test's own input files.
# After run_perflint, $status is the exit code, $stdout and $stderr hold the
# output (also in the files $TEST_TMP/stdout and $TEST_TMP/stderr).

set -u

PFL_SOURCE_DIR=${PFL_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
PERFLINT=${PERFLINT:-$PFL_SOURCE_DIR/build/perflint}
# Scripts cd into their own directories: make a relative binary path absolute.
case $PERFLINT in
/*) ;;
*) PERFLINT=$PWD/$PERFLINT ;;
esac
PFL_PYTHON=${PFL_PYTHON:-python3}
PFL_TEST_TIMEOUT=${PFL_TEST_TIMEOUT:-60}

TEST_NAME=$(basename "$0" .sh)
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/perflint-$TEST_NAME.XXXXXX")
trap '[ -n "${PFL_KEEP_TMP:-}" ] || rm -rf "$TEST_TMP"' EXIT
WORK=$TEST_TMP/work
mkdir -p "$WORK"
# The results cache is on, as for users, in a directory of this test's own.
export XDG_CACHE_HOME=$TEST_TMP/cache

passed=0
failed=0
status=
stdout=
stderr=
last_cmd=

if [ ! -x "$PERFLINT" ]; then
	echo "$TEST_NAME: perflint binary not found at '$PERFLINT' (build it, or set PERFLINT)" >&2
	echo "0 passed, 1 failed"
	exit 1
fi

# Record one passed check.
pass() {
	passed=$((passed + 1))
	echo "ok $((passed + failed)) - $*"
}

# Record one failed check; further lines of detail may follow on stderr.
fail() {
	failed=$((failed + 1))
	echo "not ok $((passed + failed)) - $*"
}

# Print the captured output after a failed check, to make it debuggable.
_show_output() {
	{
		echo "  command: $last_cmd"
		echo "  exit:    $status"
		echo "  --- stdout (first 40 lines)"
		head -n 40 "$TEST_TMP/stdout" | sed 's/^/  | /'
		echo "  --- stderr (first 40 lines)"
		head -n 40 "$TEST_TMP/stderr" | sed 's/^/  | /'
	} >&2
}

# _run_capture INPUT ARGS... - run perflint with INPUT as stdin and a time
# limit, capturing exit code, stdout and stderr. A hang or a sanitizer
# report is a failed check of its own.
_run_capture() {
	local input=$1
	shift
	status=0
	timeout -k 5 "$PFL_TEST_TIMEOUT" "$PERFLINT" "$@" \
		<"$input" >"$TEST_TMP/stdout" 2>"$TEST_TMP/stderr" || status=$?
	stdout=$(cat "$TEST_TMP/stdout")
	stderr=$(cat "$TEST_TMP/stderr")
	if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
		fail "$last_cmd: timed out after ${PFL_TEST_TIMEOUT}s"
		_show_output
	fi
	if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error: ' "$TEST_TMP/stderr"; then
		fail "$last_cmd: sanitizer report"
		_show_output
	fi
}

# run_perflint ARGS... - run perflint (stdin: /dev/null) in the current
# directory; sets $status, $stdout, $stderr.
run_perflint() {
	last_cmd="perflint $*"
	_run_capture /dev/null "$@"
}

# run_perflint_stdin FILE ARGS... - the same, with FILE as standard input.
run_perflint_stdin() {
	local input=$1
	shift
	last_cmd="perflint $* < $input"
	_run_capture "$input" "$@"
}

# expect_exit N - the last run exited with N.
expect_exit() {
	if [ "$status" = "$1" ]; then
		pass "$last_cmd: exit $1"
	else
		fail "$last_cmd: exit $status, expected $1"
		_show_output
	fi
}

# expect_stdout_contains STR - stdout has STR (a fixed string).
expect_stdout_contains() {
	if grep -qF -- "$1" "$TEST_TMP/stdout"; then
		pass "$last_cmd: stdout contains '$1'"
	else
		fail "$last_cmd: stdout lacks '$1'"
		_show_output
	fi
}

# expect_stdout_not_contains STR - stdout does not have STR.
expect_stdout_not_contains() {
	if grep -qF -- "$1" "$TEST_TMP/stdout"; then
		fail "$last_cmd: stdout has '$1'"
		_show_output
	else
		pass "$last_cmd: stdout does not contain '$1'"
	fi
}

# expect_stderr_contains STR - stderr has STR (a fixed string).
expect_stderr_contains() {
	if grep -qF -- "$1" "$TEST_TMP/stderr"; then
		pass "$last_cmd: stderr contains '$1'"
	else
		fail "$last_cmd: stderr lacks '$1'"
		_show_output
	fi
}

# expect_stderr_not_contains STR - stderr does not have STR.
expect_stderr_not_contains() {
	if grep -qF -- "$1" "$TEST_TMP/stderr"; then
		fail "$last_cmd: stderr has '$1'"
		_show_output
	else
		pass "$last_cmd: stderr does not contain '$1'"
	fi
}

# expect_stdout_empty / expect_stderr_empty - nothing was printed there.
expect_stdout_empty() {
	if [ -s "$TEST_TMP/stdout" ]; then
		fail "$last_cmd: stdout not empty"
		_show_output
	else
		pass "$last_cmd: stdout empty"
	fi
}

expect_stderr_empty() {
	if [ -s "$TEST_TMP/stderr" ]; then
		fail "$last_cmd: stderr not empty"
		_show_output
	else
		pass "$last_cmd: stderr empty"
	fi
}

# expect_stdout_equals FILE - stdout is byte for byte the content of FILE.
expect_stdout_equals() {
	if cmp -s "$1" "$TEST_TMP/stdout"; then
		pass "$last_cmd: stdout equals $1"
	else
		fail "$last_cmd: stdout differs from $1"
		diff -u --label "expected: $1" --label "stdout" "$1" "$TEST_TMP/stdout" | head -n 80 >&2
	fi
}

# expect_file_exists FILE / expect_no_file FILE - after an --output run.
expect_file_exists() {
	if [ -f "$1" ]; then
		pass "$last_cmd: $1 exists"
	else
		fail "$last_cmd: $1 does not exist"
		_show_output
	fi
}

expect_no_file() {
	if [ -e "$1" ]; then
		fail "$last_cmd: $1 exists"
		_show_output
	else
		pass "$last_cmd: $1 does not exist"
	fi
}

# expect_exit_in "N M..." - the last run exited with one of these codes
# (never a signal, which shows as 128 + N).
expect_exit_in() {
	case " $1 " in
	*" $status "*) pass "$last_cmd: exit $status (one of $1)" ;;
	*)
		fail "$last_cmd: exit $status, expected one of $1"
		_show_output
		;;
	esac
}

# expect_finding PATH LINE COL RULE - text output has the finding line
# "PATH:LINE:COL: <severity>: ... [RULE]".
expect_finding() {
	local prefix="$1:$2:$3: "
	if awk -v p="$prefix" -v r="[$4]" \
		'index($0, p) == 1 && substr($0, length($0) - length(r) + 1) == r { found = 1 }
		 END { exit !found }' "$TEST_TMP/stdout"; then
		pass "$last_cmd: finding $4 at $1:$2:$3"
	else
		fail "$last_cmd: no finding $4 at $1:$2:$3"
		_show_output
	fi
}

# expect_no_finding_in PATH - text output has no finding line in PATH
# ("PATH:LINE:COL: ...").
expect_no_finding_in() {
	if awk -v p="$1:" 'index($0, p) == 1 && substr($0, length(p) + 1) ~ /^[0-9]+:[0-9]+: / { found = 1 }
		END { exit !found }' "$TEST_TMP/stdout"; then
		fail "$last_cmd: has a line for $1"
		_show_output
	else
		pass "$last_cmd: nothing reported in $1"
	fi
}

# json_eval EXPR - evaluate the Python expression EXPR with d bound to the
# JSON document on stdout; prints repr() of the result, or "INVALID-JSON".
json_eval() {
	"$PFL_PYTHON" - "$TEST_TMP/stdout" "$1" <<'PY' 2>/dev/null || echo INVALID-JSON
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    d = json.load(f)
print(repr(eval(sys.argv[2], {"d": d})))
PY
}

# expect_json EXPR EXPECTED - repr() of EXPR over the JSON on stdout (as d)
# is exactly EXPECTED, e.g.
#	expect_json '[(f["path"], f["line"]) for f in d["findings"]]' "[('a.py', 4)]"
expect_json() {
	local got
	got=$(json_eval "$1")
	if [ "$got" = "$2" ]; then
		pass "$last_cmd: json $1 == $2"
	else
		fail "$last_cmd: json $1 is $got, expected $2"
		_show_output
	fi
}

# as_nobody - a command prefix that runs as an unprivileged user (uid and
# gid 65534, no groups), or nothing printed and status 1 if none exists.
# Usage: if cmd=$(as_nobody); then ... $cmd ... fi
as_nobody() {
	if command -v setpriv >/dev/null 2>&1 &&
		setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
		echo "setpriv --reuid=65534 --regid=65534 --clear-groups"
	elif command -v runuser >/dev/null 2>&1 && runuser -u nobody -- true 2>/dev/null; then
		echo "runuser -u nobody --"
	else
		return 1
	fi
}

# run_perflint_as_nobody ARGS... - run_perflint as the unprivileged user.
# The caller checked that as_nobody works.
run_perflint_as_nobody() {
	local prefix
	prefix=$(as_nobody) || return 1
	last_cmd="(as uid 65534) perflint $*"
	status=0
	# shellcheck disable=SC2086
	timeout -k 5 "$PFL_TEST_TIMEOUT" $prefix "$PERFLINT" "$@" \
		</dev/null >"$TEST_TMP/stdout" 2>"$TEST_TMP/stderr" || status=$?
	stdout=$(cat "$TEST_TMP/stdout")
	stderr=$(cat "$TEST_TMP/stderr")
	if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
		fail "$last_cmd: timed out after ${PFL_TEST_TIMEOUT}s"
		_show_output
	fi
	if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error: ' "$TEST_TMP/stderr"; then
		fail "$last_cmd: sanitizer report"
		_show_output
	fi
}

# skip MESSAGE - say why a part of a script was not run.
skip() {
	echo "skipped - $*"
}

# A Python file with one PFL201 finding, at line 4, column 9.
PFL201_AT_4_9='def f(rows):
    s = ""
    for r in rows:
        s += r
    return s
'

# write_file PATH [CONTENT] - create PATH (and its directories) holding
# CONTENT (default: $PFL201_AT_4_9).
write_file() {
	mkdir -p "$(dirname "$1")"
	printf '%s' "${2-$PFL201_AT_4_9}" >"$1"
}

# finish - print "N passed, N failed" and exit 1 on any failure (or when
# the script checked nothing at all).
finish() {
	echo "$passed passed, $failed failed"
	if [ "$failed" -gt 0 ] || [ "$passed" -eq 0 ]; then
		exit 1
	fi
	exit 0
}
