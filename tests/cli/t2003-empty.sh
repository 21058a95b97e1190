#!/usr/bin/env bash
# t2003-empty: empty files (and files of only blanks or comments) are valid
# Python: analysed, no finding, no diagnostic.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
write_file good.py
: >empty.py
mkdir -p pkg && : >pkg/__init__.py
printf '\n\n   \n' >blank.py
printf '# only a comment' >comment.py
printf '\r\n' >crlf_only.py

run_perflint --format json .
expect_exit 1
expect_json '[f["path"] for f in d["findings"]]' "['good.py']"
expect_json 'd["summary"]["files"]' "6"
expect_json 'd["diagnostics"]' "[]"
expect_stderr_empty

run_perflint empty.py
expect_exit 0
expect_stdout_contains "No findings in 1 file."
expect_stderr_empty

for fmt in json sarif; do
	run_perflint --format "$fmt" empty.py
	expect_exit 0
	if [ "$(json_eval 1)" = 1 ]; then
		pass "--format $fmt on an empty file: valid JSON"
	else
		fail "--format $fmt on an empty file: invalid JSON"
	fi
done

finish
