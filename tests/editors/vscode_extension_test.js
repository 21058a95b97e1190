// vscode_extension_test.js - the VS Code extension's wiring, without VS Code.
//
// Usage: node tests/editors/vscode_extension_test.js EXTENSION_DIR
//
// VS Code's own test runner downloads VS Code, which cannot be done here, so
// this loads editors/vscode/extension.js with stand-ins for the `vscode`
// module and for vscode-languageclient's LanguageClient, then drives it the
// way VS Code would: activate, run perflint.restart, change settings,
// deactivate. It checks the command line the server is started with, the
// document selector, the registered command, and that perflint.enable=false
// starts nothing. Prints TAP-like lines and "N passed, N failed".
'use strict';

const fs = require('fs');
const Module = require('module');
const os = require('os');
const path = require('path');

const extensionDir = path.resolve(process.argv[2] || path.join(__dirname, '../../editors/vscode'));

let passed = 0;
let failed = 0;
function check(ok, what, detail) {
	if (ok) {
		passed += 1;
		console.log(`ok ${passed + failed} - ${what}`);
	} else {
		failed += 1;
		console.log(`not ok ${passed + failed} - ${what}`);
		if (detail !== undefined) {
			console.error(`  ${detail}`);
		}
	}
}
function same(actual, expected, what) {
	const a = JSON.stringify(actual);
	const e = JSON.stringify(expected);
	check(a === e, what, `expected ${e}\n  got      ${a}`);
}

// --- stand-ins ------------------------------------------------------------

// A directory on PATH holding an executable named perflint (never run: the
// language client is a stand-in too).
const binDir = fs.mkdtempSync(path.join(os.tmpdir(), 'perflint-vscode-test.'));
const fakeExe = path.join(binDir, 'perflint');
fs.writeFileSync(fakeExe, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
fs.writeFileSync(path.join(binDir, 'not-executable'), '', { mode: 0o644 });
process.env.PATH = `${binDir}${path.delimiter}${process.env.PATH || ''}`;
process.on('exit', () => fs.rmSync(binDir, { recursive: true, force: true }));

let settings = {};
const commands = new Map();
const configListeners = [];
const errorMessages = [];
const outputChannels = [];
const clients = [];
let failStart = false;

const fakeVscode = {
	workspace: {
		workspaceFolders: [{ uri: { scheme: 'file', fsPath: '/projects/shop' } }],
		getConfiguration(section) {
			if (section !== 'perflint') {
				throw new Error(`unexpected configuration section '${section}'`);
			}
			return {
				get(key, dflt) {
					return Object.prototype.hasOwnProperty.call(settings, key) ? settings[key] : dflt;
				},
			};
		},
		onDidChangeConfiguration(listener) {
			configListeners.push(listener);
			return { dispose() {} };
		},
	},
	window: {
		createOutputChannel(name) {
			const channel = { name, lines: [], appendLine(l) { this.lines.push(l); }, show() {}, dispose() {} };
			outputChannels.push(channel);
			return channel;
		},
		showErrorMessage(message) {
			errorMessages.push(message);
			return Promise.resolve(undefined);
		},
	},
	commands: {
		registerCommand(id, fn) {
			commands.set(id, fn);
			return { dispose() { commands.delete(id); } };
		},
		executeCommand() {
			return Promise.resolve();
		},
	},
};

class FakeLanguageClient {
	constructor(id, name, serverOptions, clientOptions) {
		this.id = id;
		this.name = name;
		this.serverOptions = serverOptions;
		this.clientOptions = clientOptions;
		this.state = 'new';
		clients.push(this);
	}
	start() {
		if (failStart) {
			this.state = 'failed';
			return Promise.reject(new Error('spawn perflint ENOENT'));
		}
		this.state = 'running';
		return Promise.resolve();
	}
	stop() {
		this.state = 'stopped';
		return Promise.resolve();
	}
}

const fakeClientModule = {
	LanguageClient: FakeLanguageClient,
	RevealOutputChannelOn: { Info: 1, Warn: 2, Error: 3, Never: 4 },
};

const realLoad = Module._load;
Module._load = function load(request, parent, isMain) {
	if (request === 'vscode') {
		return fakeVscode;
	}
	if (request === 'vscode-languageclient/node') {
		return fakeClientModule;
	}
	return realLoad.call(this, request, parent, isMain);
};

// --- the checks -----------------------------------------------------------

function fireConfigChange(keys) {
	const event = { affectsConfiguration: (k) => keys.includes(k) };
	return Promise.all(configListeners.map((l) => l(event)));
}

function running() {
	return clients.filter((c) => c.state === 'running');
}

async function main() {
	const manifest = require(path.join(extensionDir, 'package.json'));
	const ext = require(path.join(extensionDir, manifest.main));
	const context = { subscriptions: [] };

	// Defaults: `perflint lsp` for python and c documents on disk.
	await ext.activate(context);
	check(commands.has('perflint.restart'), 'activate registers perflint.restart');
	same(clients.length, 1, 'activate starts one client');
	const first = clients[0];
	same(first.id, 'perflint', 'client id is perflint (so perflint.trace.server applies)');
	same(first.serverOptions.command, 'perflint', 'default executable is perflint');
	same(first.serverOptions.args, ['lsp'], 'default arguments are just lsp');
	same(first.serverOptions.options, { cwd: '/projects/shop' }, 'server runs in the workspace folder');
	same(
		first.clientOptions.documentSelector,
		[
			{ scheme: 'file', language: 'python' },
			{ scheme: 'file', language: 'c' },
		],
		'document selector: python and c files on disk'
	);
	same(first.state, 'running', 'client started');

	// perflint.restart: the old client stops, a new one runs.
	await commands.get('perflint.restart')();
	same(clients.length, 2, 'restart starts a new client');
	same(first.state, 'stopped', 'restart stops the old client');
	same(running().length, 1, 'one client runs after restart');

	// perflint.path and perflint.args.
	settings = { path: fakeExe, args: ['--no-config', '--select', 'PFL2'] };
	await fireConfigChange(['perflint.path', 'perflint']);
	const third = clients[clients.length - 1];
	same(clients.length, 3, 'changing perflint.path restarts the server');
	same(third.serverOptions.command, fakeExe, 'perflint.path is the executable');
	same(third.serverOptions.args, ['lsp', '--no-config', '--select', 'PFL2'], 'perflint.args follow lsp');
	same(running().length, 1, 'one client runs after a settings change');

	// Unrelated settings do not restart it.
	await fireConfigChange(['editor.tabSize']);
	same(clients.length, 3, 'an unrelated setting does not restart the server');

	// Relative and ~ paths.
	same(ext.resolveExecutable('build/perflint'), '/projects/shop/build/perflint', 'relative path from the workspace folder');
	same(ext.resolveExecutable('~/bin/perflint'), path.join(os.homedir(), 'bin/perflint'), '~ is the home directory');
	same(ext.resolveExecutable('perflint-dev'), 'perflint-dev', 'a bare name is looked up on PATH');

	// perflint.enable = false stops the server and starts nothing.
	settings = { enable: false };
	await fireConfigChange(['perflint.enable', 'perflint']);
	same(clients.length, 3, 'perflint.enable=false starts no client');
	same(running().length, 0, 'perflint.enable=false stops the running client');
	await commands.get('perflint.restart')();
	same(clients.length, 3, 'restart while disabled starts nothing');

	// Enabled again, but the executable does not exist: one clear error,
	// and no client (the client library would add its own messages).
	settings = { path: '/nonexistent/perflint' };
	await fireConfigChange(['perflint.enable', 'perflint']);
	same(clients.length, 3, 'a missing executable starts no client');
	same(errorMessages.length, 1, 'a missing executable shows one error message');
	check(
		errorMessages.length === 1 && errorMessages[0].includes("'/nonexistent/perflint'") && errorMessages[0].includes('perflint.path'),
		'the error names the executable and the perflint.path setting',
		errorMessages[0]
	);
	settings = { path: 'not-executable' };
	await commands.get('perflint.restart')();
	same(clients.length, 3, 'a file on PATH that is not executable is not started');
	same(errorMessages.length, 2, 'and is reported as missing');
	same(ext.findExecutable('perflint'), fakeExe, 'findExecutable looks the command up on PATH');

	// The executable exists but the start fails: logged, nothing left running.
	settings = {};
	failStart = true;
	await commands.get('perflint.restart')();
	same(clients.length, 4, 'an existing executable is started');
	same(running().length, 0, 'no client runs after a failed start');
	check(
		outputChannels.length === 1 && outputChannels[0].lines.some((l) => l.includes('cannot start') && l.includes('ENOENT')),
		'a failed start is logged in the perflint output channel',
		JSON.stringify(outputChannels.map((c) => c.lines))
	);
	same(errorMessages.length, 2, 'a failed start adds no message of its own');

	// A working executable again, then deactivate stops it.
	failStart = false;
	settings = {};
	await commands.get('perflint.restart')();
	same(running().length, 1, 'restart after a failure starts the server');
	await ext.deactivate();
	same(running().length, 0, 'deactivate stops the server');

	// The manifest declares what the code reads and registers.
	const props = manifest.contributes.configuration.properties;
	same(props['perflint.path'].default, 'perflint', 'manifest: perflint.path defaults to perflint');
	same(props['perflint.args'].default, [], 'manifest: perflint.args defaults to []');
	same(props['perflint.enable'].default, true, 'manifest: perflint.enable defaults to true');
	same(
		manifest.contributes.commands.map((c) => c.command),
		['perflint.restart'],
		'manifest: the perflint.restart command'
	);
	same(manifest.activationEvents, ['onLanguage:python', 'onLanguage:c'], 'manifest: activates on python and c');
}

main()
	.catch((err) => {
		failed += 1;
		console.log(`not ok ${passed + failed} - the test itself threw: ${err && err.stack ? err.stack : err}`);
	})
	.finally(() => {
		console.log(`${passed} passed, ${failed} failed`);
		process.exitCode = failed === 0 ? 0 : 1;
	});
