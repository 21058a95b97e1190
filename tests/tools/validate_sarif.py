#!/usr/bin/python3
"""Validate SARIF files against the SARIF 2.1.0 JSON schema, offline.

The schema comes from the npm package @microsoft/sarif-multitool-ts
(node_modules/@microsoft/sarif-multitool-ts/assets/sarif-2.1.0.schema.json
under the repository root), a JSON Schema draft 2020-12 document checked
with python3-jsonschema's Draft202012Validator.

Usage: validate_sarif.py FILE.sarif...
Prints each error with its JSON path, then "N passed, N failed"; exits 1
when any file is invalid (or unreadable), 2 when the schema cannot be
loaded. Formats are checked where python3-jsonschema can check them
("uri" and "uri-reference" with python3-rfc3987 installed), so an
unencoded space in a URI is an error.
"""

import json
import os
import sys

import jsonschema

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCHEMA = os.path.join(REPO, "node_modules", "@microsoft", "sarif-multitool-ts",
                      "assets", "sarif-2.1.0.schema.json")


def json_path(error):
    """The location of an error in the instance, as /runs/0/results/3/level."""
    parts = [str(p) for p in error.absolute_path]
    return "/" + "/".join(parts)


def load_validator(schema_path):
    """A Draft 2020-12 validator for the schema, after checking the schema itself."""
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.draft202012_format_checker)


def validate(validator, path):
    """The error lines for one file; empty when it is valid."""
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        return [f"{path}: cannot read: {e}"]
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    return [f"{path}: {json_path(e)}: {e.message}" for e in errors]


def main(argv):
    if not argv:
        print("usage: validate_sarif.py FILE.sarif...", file=sys.stderr)
        return 2
    try:
        validator = load_validator(SCHEMA)
    except (OSError, ValueError, jsonschema.SchemaError) as e:
        print(f"validate_sarif: cannot load schema '{SCHEMA}': {e}", file=sys.stderr)
        return 2
    passed = failed = 0
    for path in argv:
        errors = validate(validator, path)
        if errors:
            failed += 1
            for line in errors:
                print(line)
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
