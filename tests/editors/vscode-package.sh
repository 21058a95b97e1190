#!/usr/bin/env bash
# vscode-package: the VS Code extension (editors/vscode) packs into a .vsix
# with @vscode/vsce, and the .vsix holds what VS Code needs to run it:
# extension/package.json, the main script, and the runtime dependency
# vscode-languageclient (with its own dependencies) under
# extension/node_modules; the manifest declares the settings perflint.path,
# perflint.args and perflint.enable, the command perflint.restart, and
# python and c activation. Then the extension's code is driven with
# stand-ins for VS Code (vscode_extension_test.js), since VS Code's own test
# runner needs a download.
#
# Needs node and npm (skipped, and passing, without them) and the
# extension's npm packages (scripts/setup.sh runs `npm ci` in editors/vscode).
# The .vsix is written to a temporary directory; the checkout is not touched.
# shellcheck source=tests/editors/lib.sh
. "$(dirname "$0")/lib.sh"

ext=$PFL_SOURCE_DIR/editors/vscode

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	skip "node or npm is not installed: the VS Code extension is not packaged or tested"
	pass "nothing to check without node and npm"
	finish
fi

vsce=$ext/node_modules/.bin/vsce
if [ ! -x "$vsce" ] || [ ! -d "$ext/node_modules/vscode-languageclient" ]; then
	fail "editors/vscode/node_modules is not installed (run scripts/setup.sh, or 'npm ci' in editors/vscode)"
	finish
fi

vsix=$TEST_TMP/perflint.vsix
before=$(cd "$ext" && find . -path ./node_modules -prune -o -type f -print | sort)
run_in "$ext" npm run --silent package -- --out "$vsix"
expect_exit 0
expect_file_exists "$vsix"
after=$(cd "$ext" && find . -path ./node_modules -prune -o -type f -print | sort)
if [ "$before" = "$after" ]; then
	pass "packaging leaves editors/vscode as it was"
else
	fail "packaging added or removed files in editors/vscode"
	diff <(echo "$before") <(echo "$after") >&2
fi

# Check the archive with Python's zipfile.
if [ -f "$vsix" ]; then
	py_checks '
import json, sys, zipfile

def check(ok, what):
    print(("ok " if ok else "not ok ") + what)

z = zipfile.ZipFile(sys.argv[1])
names = set(z.namelist())
check(z.testzip() is None, ".vsix is a sound zip archive")
check("extension.vsixmanifest" in names, ".vsix has extension.vsixmanifest")
check("extension/package.json" in names, ".vsix has extension/package.json")
manifest = json.loads(z.read("extension/package.json")) if "extension/package.json" in names else {}
main = manifest.get("main", "")
main_path = "extension/" + main[2:] if main.startswith("./") else "extension/" + main
check(bool(main) and main_path in names, "the main script %r is in the .vsix" % main)
check("extension/readme.md" in {n.lower() for n in names}, "the README is in the .vsix")
check("extension/node_modules/vscode-languageclient/package.json" in names,
      "node_modules/vscode-languageclient is bundled")
check("extension/node_modules/vscode-languageclient/node.js" in names,
      "vscode-languageclient/node (what extension.js requires) is bundled")
for dep in ("vscode-jsonrpc", "vscode-languageserver-protocol", "vscode-languageserver-types"):
    check("extension/node_modules/%s/package.json" % dep in names, "its dependency %s is bundled" % dep)
with open(sys.argv[2], encoding="utf-8") as f:
    lock = json.load(f)
runtime = sorted(p for p, info in lock.get("packages", {}).items()
                 if p.startswith("node_modules/") and not info.get("dev"))
missing = [p for p in runtime if "extension/%s/package.json" % p not in names]
check(len(runtime) >= 4 and not missing,
      "every runtime package of package-lock.json (%d) is bundled%s"
      % (len(runtime), "; missing: " + ", ".join(missing) if missing else ""))
check(not any(n.startswith("extension/node_modules/@vscode/vsce/") for n in names),
      "the packaging tool (a devDependency) is not bundled")
check(not any(n.endswith(".vsix") for n in names), "no .vsix inside the .vsix")

dep = manifest.get("dependencies", {}).get("vscode-languageclient", "")
check(dep.startswith("9."), "vscode-languageclient 9.x is the runtime dependency (got %r)" % dep)
check(manifest.get("engines", {}).get("vscode") == "^1.82.0", "engines.vscode is ^1.82.0 (what vscode-languageclient 9 needs)")
check(bool(manifest.get("publisher")), "a publisher is declared")

contributes = manifest.get("contributes", {})
config = contributes.get("configuration", {})
props = config.get("properties", {}) if isinstance(config, dict) else {}
expected = {
    "perflint.path": ("string", "perflint"),
    "perflint.args": ("array", []),
    "perflint.enable": ("boolean", True),
}
for key, (typ, default) in expected.items():
    p = props.get(key, {})
    check(p.get("type") == typ and p.get("default") == default and bool(p.get("description")),
          "setting %s: type %s, default %r, described" % (key, typ, default))
commands = [c.get("command") for c in contributes.get("commands", [])]
check("perflint.restart" in commands, "command perflint.restart is contributed")
check(set(manifest.get("activationEvents", [])) >= {"onLanguage:python", "onLanguage:c"},
      "activates on python and c documents")

vsixmanifest = z.read("extension.vsixmanifest").decode("utf-8") if "extension.vsixmanifest" in names else ""
check("Id=\"perflint\"" in vsixmanifest and "Publisher=\"%s\"" % manifest.get("publisher") in vsixmanifest,
      "extension.vsixmanifest names the extension and its publisher")
' "$vsix" "$ext/package-lock.json"
fi

# The extension's code, driven with stand-ins for VS Code.
run_in "$ext" node "$PFL_SOURCE_DIR/tests/editors/vscode_extension_test.js" "$ext"
if [ "$status" -eq 0 ] && grep -qE '^[0-9]+ passed, 0 failed$' "$TEST_TMP/stdout"; then
	pass "extension.js with stand-ins for VS Code: $(tail -n 1 "$TEST_TMP/stdout")"
else
	fail "extension.js with stand-ins for VS Code (exit $status)"
	sed 's/^/  | /' "$TEST_TMP/stdout" >&2
fi

finish
