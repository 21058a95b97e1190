#!/usr/bin/env node
// fingerprint_ref.js - reference for perflint's primaryLocationLineHash.
//
// A port of hash() in github/codeql-action's src/fingerprints.ts, written
// from its description with no dependencies: the action's Long arithmetic
// becomes BigInt masked to 64 bits. It prints "<line> <hash>" for every
// line the algorithm emits, in order. perflint's tests/unit/test_fingerprint.c
// holds vectors produced by this script; src/util/fingerprint.c must agree.
//
// Usage: node tests/tools/fingerprint_ref.js FILE...
'use strict';

const fs = require('fs');

const TAB = 0x09;
const SPACE = 0x20;
const LF = 0x0a;
const CR = 0x0d;
const EOF = 65535;
const BLOCK_SIZE = 100;
const MASK = (1n << 64n) - 1n;
const MOD = 37n;

// 37^BLOCK_SIZE, wrapped to 64 bits.
function firstMod() {
  let m = 1n;
  for (let i = 0; i < BLOCK_SIZE; i++) m = (m * MOD) & MASK;
  return m;
}

// Calls emit(lineNumber, "hex:count") for every line of text (a JS string).
function hashText(text, emit) {
  const window = new Array(BLOCK_SIZE).fill(0);
  const lineNumbers = new Array(BLOCK_SIZE).fill(-1);
  const fm = firstMod();
  const counts = new Map();
  let hashRaw = 0n; // kept as the unsigned 64-bit pattern of Long's value
  let index = 0;
  let lineNumber = 0;
  let lineStart = true;
  let prevCR = false;

  const outputHash = () => {
    const value = hashRaw.toString(16);
    const n = (counts.get(value) || 0) + 1;
    counts.set(value, n);
    emit(lineNumbers[index], `${value}:${n}`);
    lineNumbers[index] = -1;
  };

  const updateHash = (current) => {
    const begin = window[index];
    window[index] = current;
    hashRaw = (MOD * hashRaw + BigInt(current) - fm * BigInt(begin)) & MASK;
    index = (index + 1) % BLOCK_SIZE;
  };

  const processCharacter = (current) => {
    if (current === SPACE || current === TAB || (prevCR && current === LF)) {
      prevCR = false;
      return;
    }
    if (current === CR) {
      current = LF;
      prevCR = true;
    } else {
      prevCR = false;
    }
    if (lineNumbers[index] !== -1) outputHash();
    if (lineStart) {
      lineStart = false;
      lineNumber++;
      lineNumbers[index] = lineNumber;
    }
    if (current === LF) lineStart = true;
    updateHash(current);
  };

  for (let i = 0; i < text.length; i++) processCharacter(text.charCodeAt(i));
  processCharacter(EOF);
  for (let i = 0; i < BLOCK_SIZE; i++) {
    if (lineNumbers[index] !== -1) outputHash();
    updateHash(0);
  }
}

function main(argv) {
  if (argv.length === 0) {
    process.stderr.write('usage: fingerprint_ref.js FILE...\n');
    return 2;
  }
  const out = [];
  for (const path of argv) {
    if (argv.length > 1) out.push(`# ${path}`);
    hashText(fs.readFileSync(path, 'utf8'), (line, h) => out.push(`${line} ${h}`));
  }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
module.exports = { hashText };
