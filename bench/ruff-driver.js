#!/usr/bin/env node
// ruff-driver.js - ruff (its WebAssembly build, @astral-sh/ruff-wasm-nodejs)
// as a command-line linter, for bench/run.sh.
//
// Usage: node bench/ruff-driver.js [--select LIST] [--quiet] [FILE...]
//        (or the paths on standard input, one per line)
//
// Creates one ruff Workspace with lint.select = LIST (default PERF,ASYNC),
// then reads every file (UTF-8) and lints it with Workspace.check(), one
// after the other on one thread (the wasm build has no threads). Prints
//
//   files=N bytes=B findings=F syntax_errors=E failed=X seconds=S version=V
//
// findings counts the diagnostics with a rule code, by code on standard
// error unless --quiet; syntax_errors the code-less ones (ruff's parse
// errors); failed the files that could not be read or made check() throw.
// seconds is the wall time of reading and checking, after the module has
// loaded. Exits 0 in every case but a usage error (2).
"use strict";

const fs = require("fs");
const path = require("path");

let select = ["PERF", "ASYNC"];
let quiet = false;
const files = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--select") {
    if (i + 1 >= args.length) {
      console.error("ruff-driver: --select needs a list");
      process.exit(2);
    }
    select = args[++i].split(",").filter(Boolean);
  } else if (a === "--quiet" || a === "-q") {
    quiet = true;
  } else if (a === "-h" || a === "--help") {
    console.log("usage: node ruff-driver.js [--select LIST] [--quiet] [FILE...] (or paths on stdin)");
    process.exit(0);
  } else if (a.startsWith("-")) {
    console.error(`ruff-driver: unknown option '${a}'`);
    process.exit(2);
  } else {
    files.push(a);
  }
}
if (files.length === 0) {
  for (const line of fs.readFileSync(0, "utf8").split("\n")) {
    if (line !== "") files.push(line);
  }
}

const { Workspace, PositionEncoding } = require(path.join(__dirname, "node_modules", "@astral-sh", "ruff-wasm-nodejs"));

const t0 = process.hrtime.bigint();
const ws = new Workspace({ lint: { select } }, PositionEncoding.Utf8);
let bytes = 0;
let findings = 0;
let syntaxErrors = 0;
let failed = 0;
const byCode = new Map();
for (const f of files) {
  let text;
  try {
    const buf = fs.readFileSync(f);
    bytes += buf.length;
    text = buf.toString("utf8");
  } catch (e) {
    failed++;
    if (!quiet) console.error(`ruff-driver: cannot read '${f}': ${e.message}`);
    continue;
  }
  let diags;
  try {
    diags = ws.check(text);
  } catch (e) {
    failed++;
    if (!quiet) console.error(`ruff-driver: check failed on '${f}': ${e}`);
    continue;
  }
  for (const d of diags) {
    if (d.code) {
      findings++;
      byCode.set(d.code, (byCode.get(d.code) || 0) + 1);
    } else {
      syntaxErrors++;
    }
  }
}
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
ws.free();
if (!quiet) {
  const codes = [...byCode.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  console.error(`ruff-driver: ${codes.map(([c, n]) => `${c} ${n}`).join(", ") || "no findings"}`);
}
console.log(
  `files=${files.length} bytes=${bytes} findings=${findings} syntax_errors=${syntaxErrors} ` +
    `failed=${failed} seconds=${secs.toFixed(3)} version=${Workspace.version()}`,
);
