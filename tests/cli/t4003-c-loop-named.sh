#!/usr/bin/env bash
# t4003-c-loop-named: a C round trip retried in a do/while inside a loop over
# items is reported once, naming the loop over the items (the retry loop
# does not multiply anything).
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
write_file retry.c '#include <sqlite3.h>

void save(sqlite3 *db, const char **sql, int n) {
	for (int i = 0; i < n; i++) {
		int rc;
		do {
			rc = sqlite3_exec(db, sql[i], 0, 0, 0);
		} while (rc == SQLITE_BUSY);
	}
}
'
run_perflint --format json retry.c
expect_exit 1
expect_json '[(f["line"], f["rule"], f["loop_depth"], f["score"], [r["line"] for r in f["related"]]) for f in d["findings"]]' \
	"[(7, 'PFL101', 1, 70, [4])]"
expect_json 'd["findings"][0]["message"].split(" (line")[0]' \
	"\"sqlite3_exec() makes a SQL statement compiled and run by SQLite on every iteration of 'for (int i = 0; i < n; i++)'\""
finish
