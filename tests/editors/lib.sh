# shellcheck shell=bash disable=SC2034
# lib.sh - helpers for the editor integration tests (tests/editors/*.sh).
#
# Sources tests/cli/lib.sh (pass, fail, finish, $TEST_TMP, $WORK, run
# helpers) and adds:
#	run_in DIR ARGS...      run a command in DIR with a time limit;
#	                        stdout and stderr together in $TEST_TMP/stdout
#	py_checks SCRIPT ARGS...  run the Python SCRIPT (text) with ARGS; each
#	                        line it prints, "ok WHAT" or "not ok WHAT" (more
#	                        detail on following lines starting with a
#	                        space), becomes a passed or failed check
#	need_nvim               fail and finish unless nvim is installed
#	nvim_env                a clean environment for headless Neovim
#	                        (XDG directories in $TEST_TMP)
# shellcheck source=tests/cli/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../cli/lib.sh"

EDITORS_TESTS=$PFL_SOURCE_DIR/tests/editors

run_in() {
	local dir=$1
	shift
	last_cmd="$*"
	status=0
	(cd "$dir" && timeout -k 5 "$PFL_TEST_TIMEOUT" "$@") </dev/null >"$TEST_TMP/stdout" 2>&1 || status=$?
	: >"$TEST_TMP/stderr"
	if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
		fail "$last_cmd: timed out after ${PFL_TEST_TIMEOUT}s"
		_show_output
	fi
}

py_checks() {
	local script=$1 line
	shift
	while IFS= read -r line; do
		case $line in
		"ok "*) pass "${line#ok }" ;;
		"not ok "*) fail "${line#not ok }" ;;
		" "*) echo "$line" >&2 ;;
		*) fail "the checker printed: $line" ;;
		esac
	done < <("$PFL_PYTHON" -c "$script" "$@" 2>&1)
}

need_nvim() {
	if ! command -v nvim >/dev/null 2>&1; then
		fail "nvim is not installed (scripts/setup.sh installs Debian's neovim)"
		finish
	fi
}

nvim_env() {
	export XDG_CONFIG_HOME=$TEST_TMP/xdg/config XDG_DATA_HOME=$TEST_TMP/xdg/data
	export XDG_STATE_HOME=$TEST_TMP/xdg/state XDG_CACHE_HOME=$TEST_TMP/xdg/cache
	export XDG_RUNTIME_DIR=$TEST_TMP/xdg/run
	mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_STATE_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
	chmod 700 "$XDG_RUNTIME_DIR"
	unset NVIM NVIM_LISTEN_ADDRESS VIMINIT MYVIMRC
}
