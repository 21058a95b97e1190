#!/usr/bin/env bash
# setup.sh - install what perflint needs to build and test, and only that.
#
# Usage: scripts/setup.sh [--quiet]
#
# Debian packages come from apt; the Python grammar, the SARIF schema and the
# VS Code extension's packages from the npm registry (pinned in package-lock.json
# and editors/vscode/package-lock.json). Each step runs only when something is
# missing, so a second run takes well under two seconds. When a dependency
# cannot be had, the script stops with a message naming it.
set -euo pipefail

quiet=0
for arg in "$@"; do
	case "$arg" in
	-q | --quiet) quiet=1 ;;
	-h | --help)
		sed -n '2,10s/^# \{0,1\}//p' "$0"
		exit 0
		;;
	*)
		echo "setup: unknown option '$arg' (try --help)" >&2
		exit 2
		;;
	esac
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { [ "$quiet" -eq 1 ] || echo "setup: $*"; }
die() {
	echo "setup: $*" >&2
	exit 1
}

# Installs run as root, or through sudo when not root.
SUDO=()
[ "$(id -u)" -eq 0 ] || SUDO=(sudo)

# --- Debian packages ------------------------------------------------------

packages=(build-essential cmake pkg-config git libtree-sitter-dev libclang-14-dev clang-tidy-14 clang-14 libclang-rt-14-dev
	libsqlite3-dev libpq-dev libmariadb-dev libhiredis-dev libcurl4-openssl-dev libuv1-dev libevent-dev libglib2.0-dev
	libev-dev
	libcjson-dev libyaml-dev libgit2-dev libcmocka-dev python3 python3-jsonschema pre-commit
	neovim)
# Node may come from elsewhere than Debian (it does on the reference machine):
# Debian's nodejs/npm are wanted only when the commands are absent.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

# One dpkg-query for all: "name<TAB>want ok installed" per known package.
declare -A installed=()
while IFS=$'\t' read -r name status; do
	case "$status" in
	*" ok installed") installed["${name%%:*}"]=1 ;;
	esac
done < <(dpkg-query -W -f='${Package}\t${Status}\n' "${packages[@]}" 2>/dev/null || true)

missing=()
for p in "${packages[@]}"; do
	[ -n "${installed[$p]:-}" ] || missing+=("$p")
done

# Name the first package of $@ that apt cannot install.
apt_culprit() {
	local p
	for p in "$@"; do
		if ! apt-cache show "$p" >/dev/null 2>&1 ||
			apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: (none)'; then
			echo "$p"
			return
		fi
	done
	for p in "$@"; do
		if ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -q --no-install-recommends "$p" >/dev/null 2>&1; then
			echo "$p"
			return
		fi
	done
}

if [ "${#missing[@]}" -gt 0 ]; then
	say "installing Debian packages: ${missing[*]}"
	if [ "${#SUDO[@]}" -gt 0 ] && ! command -v sudo >/dev/null 2>&1; then
		die "cannot install Debian packages (${missing[*]}): not root and no sudo"
	fi
	apt_out=/dev/stdout
	[ "$quiet" -eq 0 ] || apt_out=/dev/null
	if ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >"$apt_out"; then
		die "cannot install Debian packages (${missing[*]}): apt-get update failed"
	fi
	if ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q --no-install-recommends "${missing[@]}" >"$apt_out"; then
		culprit=$(apt_culprit "${missing[@]}")
		[ -n "$culprit" ] || culprit="${missing[*]}"
		die "cannot install Debian package '$culprit'"
	fi
fi

command -v node >/dev/null 2>&1 || die "cannot find 'node' after installing Debian package 'nodejs'"
command -v npm >/dev/null 2>&1 || die "cannot find 'npm' after installing Debian package 'npm'"

# --- npm packages: the Python grammar and the SARIF schema ----------------

grammar=node_modules/tree-sitter-python/src/parser.c
schema=node_modules/@microsoft/sarif-multitool-ts/assets/sarif-2.1.0.schema.json
stamp=node_modules/.package-lock.json

if [ ! -f "$grammar" ] || [ ! -f node_modules/tree-sitter-python/src/scanner.c ] ||
	[ ! -f "$schema" ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
	say "installing npm packages from package-lock.json"
	npm_flags=(ci --ignore-scripts --no-audit --no-fund)
	[ "$quiet" -eq 0 ] || npm_flags+=(--loglevel=error)
	npm_out=/dev/stdout
	[ "$quiet" -eq 0 ] || npm_out=/dev/null
	if ! npm "${npm_flags[@]}" </dev/null >"$npm_out"; then
		die "cannot install npm packages 'tree-sitter-python' and '@microsoft/sarif-multitool-ts' (npm ci failed)"
	fi
	[ -f "$grammar" ] || die "cannot install npm package 'tree-sitter-python': $grammar is missing"
	[ -f "$schema" ] || die "cannot install npm package '@microsoft/sarif-multitool-ts': $schema is missing"
fi

# --- npm packages of the VS Code extension (editors/vscode) --------------
# vscode-languageclient (bundled into the .vsix) and @vscode/vsce (packs it),
# pinned in editors/vscode/package-lock.json; tests/editors packages it.

vsc=editors/vscode
vsc_stamp=$vsc/node_modules/.package-lock.json

if [ ! -f "$vsc/node_modules/vscode-languageclient/package.json" ] || [ ! -x "$vsc/node_modules/.bin/vsce" ] ||
	[ ! -f "$vsc_stamp" ] || [ "$vsc/package-lock.json" -nt "$vsc_stamp" ]; then
	say "installing npm packages from $vsc/package-lock.json"
	vsc_flags=(ci --ignore-scripts --no-audit --no-fund)
	[ "$quiet" -eq 0 ] || vsc_flags+=(--loglevel=error)
	vsc_out=/dev/stdout
	[ "$quiet" -eq 0 ] || vsc_out=/dev/null
	if ! (cd "$vsc" && npm "${vsc_flags[@]}" </dev/null >"$vsc_out"); then
		die "cannot install npm packages 'vscode-languageclient' and '@vscode/vsce' (npm ci in $vsc failed)"
	fi
	[ -x "$vsc/node_modules/.bin/vsce" ] || die "cannot install npm package '@vscode/vsce': $vsc/node_modules/.bin/vsce is missing"
fi

say "all dependencies present"
