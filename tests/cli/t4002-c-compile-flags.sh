#!/usr/bin/env bash
# t4002-c-compile-flags: where C files get their flags. A compilation
# database named with -p DIR or --compile-commands FILE (any file name), or
# found in the analysed directory or its build/; else the defaults plus
# --include-dir/-I and --define/-D. A named database that cannot be read is
# an error (exit 2); a found one that cannot be read is a warning. A header
# is analysed once, as itself: findings in it are never reported through
# the files that include it, and nothing is reported in system headers.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
# The finding (PFL201 at 7:30) exists only when FEATURE_JOIN is defined, and
# the file needs "extra/names.h", found only through an include path.
mkdir -p proj/src proj/extra proj/build
write_file proj/src/join.c '#include <string.h>
#include "names.h"

char *join(char *out, char **names, int n)
{
#ifdef FEATURE_JOIN
	for (int i = 0; i < n; i++) strcat(out, names[i]);
#endif
	return out;
}
'
write_file proj/extra/names.h '#define NAMES_MAX 16
'
# A header with a finding of its own (PFL501 at 6:18), included by two files.
write_file proj/src/util.h '#include <string.h>
static inline int count_spaces(const char *s)
{
	int n = 0;
	unsigned i;
	for (i = 0; i < strlen(s); i++)
		n += s[i] == 32;
	return n;
}
'
write_file proj/src/a.c '#include "util.h"
int a(const char *s) { return count_spaces(s); }
'
write_file proj/src/b.c '#include "util.h"
int b(const char *s) { return count_spaces(s) + 1; }
'
here=$WORK/proj
"$PFL_PYTHON" - "$here" >proj/build/compile_commands.json <<'PY'
import json, sys
root = sys.argv[1]
print(json.dumps([{"directory": root + "/build", "file": "../src/join.c",
                   "command": "gcc -O2 -Wall -fno-strict-aliasing -I../extra -DFEATURE_JOIN -c ../src/join.c -o join.o"}]))
PY

# Without any flags: the header is missing, once, and the #ifdef is off.
run_perflint proj/src/join.c
expect_exit 0
expect_stderr_contains "proj/src/join.c': line 2: cannot find header 'names.h'"

# -I and -D from the command line.
run_perflint -I proj/extra -D FEATURE_JOIN proj/src/join.c
expect_exit 1
expect_finding proj/src/join.c 7 30 PFL201
expect_stderr_not_contains "cannot find header"
run_perflint --include-dir=proj/extra --define=FEATURE_JOIN=1 proj/src/join.c
expect_exit 1
expect_finding proj/src/join.c 7 30 PFL201

# The database in the analysed directory's build/ is found; its GCC-only
# flags (-fno-strict-aliasing) do not matter.
run_perflint proj
expect_exit 1
expect_finding proj/src/join.c 7 30 PFL201
expect_stderr_not_contains "cannot find header"
expect_stderr_not_contains "warning"

# Named: a directory with -p, the file with --compile-commands, under any name.
cp proj/build/compile_commands.json flags.json
run_perflint -p proj/build proj/src/join.c
expect_exit 1
expect_finding proj/src/join.c 7 30 PFL201
run_perflint --compile-commands flags.json proj/src/join.c
expect_exit 1
expect_finding proj/src/join.c 7 30 PFL201
run_perflint --compile-commands proj/build/compile_commands.json proj/src/join.c
expect_exit 1
expect_finding proj/src/join.c 7 30 PFL201

# A named database that cannot be read: exit 2, nothing analysed.
run_perflint -p nowhere proj/src/join.c
expect_exit 2
expect_stderr_contains "compilation database 'nowhere'"
mkdir -p empty
run_perflint -p empty proj/src/join.c
expect_exit 2
expect_stderr_contains "no compile_commands.json in 'empty'"
printf '[{"directory": ' >broken.json
run_perflint --compile-commands broken.json proj/src/join.c
expect_exit 2
expect_stderr_contains "'broken.json': not a valid compile_commands.json"
expect_stdout_empty

# A broken database found by the lookup: a warning, and the defaults.
mkdir -p other/build
cp proj/src/join.c other/join.c
printf 'not json' >other/build/compile_commands.json
run_perflint other
expect_exit 0
expect_stderr_contains "other/build/compile_commands.json' is not a valid compile_commands.json"
expect_stderr_contains "cannot find header 'names.h'"

# The header's finding: reported once, in the header, whoever includes it.
run_perflint --format json --select PFL501 proj/src
expect_exit 1
expect_json "[(f['path'], f['line']) for f in d['findings']]" "[('proj/src/util.h', 6)]"
run_perflint --select PFL501 proj/src/a.c proj/src/b.c
expect_exit 0
expect_no_finding_in proj/src/util.h

# Nothing in system headers, even for rules that would fire there.
write_file sys.c '#include <stdio.h>
#include <string.h>
#include <stdlib.h>
int main(void) { return 0; }
'
run_perflint sys.c
expect_exit 0
expect_stdout_not_contains "/usr/include"

finish
