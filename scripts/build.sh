#!/usr/bin/env bash
# build.sh - set up, configure once, and build perflint.
#
# Usage: scripts/build.sh [--asan | --fuzz] [BUILD_DIR] [-- TARGET...]
#
#   (default)  build/       RelWithDebInfo
#   --asan     build-asan/  Debug with AddressSanitizer and UBSan (PFL_SANITIZE)
#   --fuzz     build-fuzz/  clang-14, libFuzzer, ASan and UBSan (PFL_FUZZ)
#
# BUILD_DIR overrides the directory; TARGETs after -- build only those.
# Prints nothing when everything is up to date; compiler output and errors
# are shown as usual.
set -euo pipefail

asan=0
fuzz=0
dir=
targets=()
while [ "$#" -gt 0 ]; do
	arg=$1
	shift
	case "$arg" in
	--asan) asan=1 ;;
	--fuzz) fuzz=1 ;;
	--)
		targets=("$@")
		break
		;;
	-h | --help)
		sed -n '2,13s/^# \{0,1\}//p' "$0"
		exit 0
		;;
	-*)
		echo "build: unknown option '$arg' (try --help)" >&2
		exit 2
		;;
	*)
		[ -z "$dir" ] || {
			echo "build: more than one build directory given" >&2
			exit 2
		}
		dir=$arg
		;;
	esac
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# scripts/test.sh runs setup once for both builds.
if [ -z "${PFL_SETUP_DONE:-}" ]; then
	scripts/setup.sh --quiet
fi

if [ "$fuzz" -eq 1 ]; then
	dir=${dir:-build-fuzz}
	config=(-DPFL_FUZZ=ON -DCMAKE_C_COMPILER=clang-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo)
elif [ "$asan" -eq 1 ]; then
	dir=${dir:-build-asan}
	config=(-DPFL_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug)
else
	dir=${dir:-build}
	config=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
fi

# Configure once: again only when a previous configure did not finish.
if [ ! -f "$dir/CMakeCache.txt" ] || { [ ! -f "$dir/Makefile" ] && [ ! -f "$dir/build.ninja" ]; }; then
	echo "build: configuring $dir"
	mkdir -p "$dir"
	cmake -S . -B "$dir" "${config[@]}" >"$dir/configure.log" 2>&1 || {
		cat "$dir/configure.log" >&2
		echo "build: cmake could not configure '$dir' (log: $dir/configure.log)" >&2
		exit 1
	}
fi

# Drop make's bookkeeping lines so an up-to-date build prints nothing.
noise='^\[ *[0-9]+%\] Built target |^g?make(\[[0-9]+\])?: (Entering|Leaving) directory|^Consolidate compiler generated dependencies of target '
cmake --build "$dir" -j"$(nproc)" ${targets[@]+--target "${targets[@]}"} 2>&1 | { grep -Ev "$noise" || true; }
