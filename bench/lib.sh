# shellcheck shell=bash
# lib.sh - pieces shared by bench/run.sh, bench/bench-python.sh and
# bench/bench-c.sh. Source it from the repository root (the scripts cd
# there first); it defines functions only.

# bench_install_debs NO_INSTALL PKG... - install the Debian packages of the
# list that are missing, with apt-get (through sudo when not root). With
# NO_INSTALL=1 it only says which are missing and fails.
bench_install_debs() {
	local no_install=$1 pkg
	shift
	local need=()
	for pkg in "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q ' ok installed$' || need+=("$pkg")
	done
	[ "${#need[@]}" -gt 0 ] || return 0
	if [ "$no_install" -eq 1 ]; then
		echo "bench: missing Debian packages: ${need[*]} (run without --no-install)" >&2
		return 1
	fi
	local sudo=()
	[ "$(id -u)" -eq 0 ] || sudo=(sudo)
	echo "bench: installing Debian packages: ${need[*]}" >&2
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null ||
		echo "bench: apt-get update failed; trying the install anyway" >&2
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null || {
		echo "bench: cannot install Debian packages: ${need[*]}" >&2
		return 1
	}
}

# bench_build_tsparse - compile bench/ts-parse.c into build/bench/ts-parse
# (tree-sitter-python from node_modules/, libtree-sitter from Debian) when
# it is missing or older than its sources; prints its path.
bench_build_tsparse() {
	local grammar=$PWD/node_modules/tree-sitter-python/src
	local out=$PWD/build/bench/ts-parse
	if [ ! -f "$grammar/parser.c" ]; then
		echo "bench: $grammar/parser.c is missing (scripts/setup.sh fetches it)" >&2
		return 1
	fi
	if [ ! -x "$out" ] || [ bench/ts-parse.c -nt "$out" ] || [ "$grammar/parser.c" -nt "$out" ]; then
		echo "bench: compiling bench/ts-parse.c" >&2
		mkdir -p "$(dirname "$out")"
		# shellcheck disable=SC2046 # pkg-config prints several words on purpose
		gcc -std=gnu11 -O2 -I"$grammar" $(pkg-config --cflags tree-sitter) \
			bench/ts-parse.c "$grammar/parser.c" "$grammar/scanner.c" \
			$(pkg-config --libs tree-sitter) -lpthread -o "$out.tmp" && mv "$out.tmp" "$out" || return 1
	fi
	echo "$out"
}

# bench_build_cparse - compile bench/clang-parse.c into
# build/bench/clang-parse, linked against perflint's own flag filtering
# (build/libpfl_core.a), when it is missing or older than its inputs;
# prints its path.
bench_build_cparse() {
	local llvm=/usr/lib/llvm-14
	local out=$PWD/build/bench/clang-parse
	if [ ! -x "$out" ] || [ bench/clang-parse.c -nt "$out" ] ||
		[ build/libpfl_core.a -nt "$out" ] || [ build/libpfl_util.a -nt "$out" ]; then
		echo "bench: compiling bench/clang-parse.c" >&2
		mkdir -p "$(dirname "$out")"
		gcc -std=gnu11 -O2 -I src -I"$llvm/include" bench/clang-parse.c \
			build/libpfl_core.a build/libpfl_util.a \
			-L"$llvm/lib" -lclang -Wl,-rpath,"$llvm/lib" -lpthread -o "$out.tmp" && mv "$out.tmp" "$out" || return 1
	fi
	echo "$out"
}

# bench_python_files TREE - the files of TREE that perflint's discovery
# analyses, sorted, one per line: *.py and *.pyi (and symlinks to files),
# not inside hidden directories, __pycache__, node_modules or virtualenvs
# (a directory named venv, which includes the standard library's own venv
# package). Extension-less scripts with a python shebang are left out.
bench_python_files() {
	find "$1" -mindepth 1 \
		\( -type d \( -name '.*' -o -name __pycache__ -o -name node_modules -o -name venv \) -prune \) \
		-o -xtype f \( -name '*.py' -o -name '*.pyi' \) -print | LC_ALL=C sort
}

# bench_busy - how busy the CPUs were (per cent, all cores) over the next second.
bench_busy() {
	{
		head -n 1 /proc/stat
		sleep 1
		head -n 1 /proc/stat
	} | awk '{ t = 0; for (i = 2; i <= NF; i++) t += $i; idle = $5 + $6 }
		NR == 1 { t0 = t; i0 = idle }
		NR == 2 { printf "%.0f", (t > t0 ? 100 * (1 - (idle - i0) / (t - t0)) : 0) }'
}

# bench_prepare_binutils NO_INSTALL WORKDIR - GNU binutils from Debian's
# binutils-source, configured for all targets and built under bear so that
# WORKDIR/binutils-X/compile_commands.json exists (once: a few minutes on 2
# cores; kept and reused). Prints the tree's path. bench/README.md says
# what each step does and why.
bench_prepare_binutils() {
	local no_install=$1 work=$2
	bench_install_debs "$no_install" binutils-source bear flex bison texinfo make gcc xz-utils python3 || return 1
	local tarball name tree db log
	tarball=$(find /usr/src/binutils -maxdepth 1 -name 'binutils-*.tar.*' 2>/dev/null | sort -V | tail -n 1)
	[ -n "$tarball" ] || {
		echo "bench: no binutils tarball in /usr/src/binutils (Debian package binutils-source)" >&2
		return 1
	}
	name=$(basename "$tarball")
	name=${name%.tar.*}
	tree=$work/$name
	db=$tree/compile_commands.json
	log=$work/prepare.log
	if [ -s "$db" ]; then
		echo "$tree"
		return 0
	fi
	echo "bench: preparing $name in $work (once; log: $log)" >&2
	mkdir -p "$work"
	rm -rf "$tree"
	: >"$log"
	local jobs
	jobs=$(nproc)
	_bench_step extract "$work" "$log" tar -xf "$tarball" || return 1
	# All targets: about 300 bfd and 180 opcodes files instead of 60 and 4.
	# -O0 -g0: only the commands are wanted, and they compile fastest so.
	_bench_step configure "$tree" "$log" ./configure --enable-targets=all --disable-nls --disable-werror \
		--disable-gdb --disable-gdbserver --disable-sim --disable-gold --disable-ld \
		--disable-gas --disable-gprof --disable-gprofng CFLAGS='-O0 -g0' || return 1
	# The subdirectories' configure scripts run outside bear: much faster.
	_bench_step "configure subdirectories" "$tree" "$log" make -j"$jobs" configure-intl configure-zlib \
		configure-libiberty configure-bfd configure-opcodes configure-libsframe configure-binutils || return 1
	_bench_step "make all-binutils (bear)" "$tree" "$log" bear --output "$tree/compile_commands.raw.json" -- \
		make -j"$jobs" all-binutils || return 1
	# One entry per file (some are built twice, with other -D), and paths
	# made absolute: clang-tidy runs every entry of a file and, within one
	# process, mixes up files with the same relative path in different
	# directories (./config.h, stabs.c) and can crash on them.
	_bench_step "write compile_commands.json" "$tree" "$log" python3 - "$tree/compile_commands.raw.json" "$db.tmp" <<'EOF' || return 1
import json, os, sys

raw, out = sys.argv[1], sys.argv[2]
with open(raw, encoding="utf-8") as f:
    entries = json.load(f)
path_flags = ("-I", "-iquote", "-isystem", "-idirafter", "-include", "-imacros", "-o")
seen, kept = set(), []
for e in entries:
    d = e["directory"]
    src = os.path.normpath(os.path.join(d, e["file"]))
    if src in seen or not src.endswith(".c") or "conftest" in src or not os.path.isfile(src):
        continue
    seen.add(src)
    args = e.get("arguments")
    if args is None:
        import shlex
        args = shlex.split(e["command"])
    new, i = [args[0]], 1
    while i < len(args):
        a = args[i]
        if a in path_flags and i + 1 < len(args):
            new += [a, os.path.normpath(os.path.join(d, args[i + 1]))]
            i += 2
            continue
        for flag in path_flags:
            if a.startswith(flag) and len(a) > len(flag) and flag != "-o":
                a = flag + os.path.normpath(os.path.join(d, a[len(flag):]))
                break
        else:
            if not a.startswith("-") and os.path.normpath(os.path.join(d, a)) == src:
                a = src
        new.append(a)
        i += 1
    kept.append({"directory": d, "arguments": new, "file": src})
kept.sort(key=lambda e: e["file"])
with open(out, "w", encoding="utf-8") as f:
    json.dump(kept, f, indent=1)
    f.write("\n")
print(f"{len(kept)} translation units")
EOF
	mv "$db.tmp" "$db"
	echo "$tree"
}

# _bench_step LABEL DIR LOG CMD... - run CMD in DIR, output to LOG, and say
# (on stderr) how long it took.
_bench_step() {
	local label=$1 dir=$2 log=$3 t0 st=0
	shift 3
	t0=$(date +%s.%N)
	echo "== $label: $*" >>"$log"
	(cd "$dir" && "$@") >>"$log" 2>&1 || st=$?
	if [ "$st" -ne 0 ]; then
		echo "bench: preparing binutils failed at '$label' (status $st); the end of $log:" >&2
		tail -n 30 "$log" >&2
		return 1
	fi
	awk -v l="$label" -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "bench:   %-28s %6.1f s\n", l, b - a }' >&2
}

# bench_binutils_tus DB TREE N - the database's translation units under
# bfd/, binutils/, libiberty/ and opcodes/, sorted; with N > 0, N of them
# taken at even steps so that all four directories are in.
bench_binutils_tus() {
	python3 - "$1" "$2" "$3" <<'EOF'
import json, sys

db, tree, n = sys.argv[1], sys.argv[2].rstrip("/") + "/", int(sys.argv[3])
with open(db, encoding="utf-8") as f:
    files = sorted({e["file"] for e in json.load(f)})
files = [p for p in files if p.startswith(tree) and p[len(tree):].split("/")[0]
         in ("bfd", "binutils", "libiberty", "opcodes")]
if 0 < n < len(files):
    files = [files[i * len(files) // n] for i in range(n)]
print("\n".join(files))
EOF
}
