// extension.js - VS Code client for the perflint language server.
//
// Starts `perflint lsp [perflint.args...]` over stdio for Python and C files
// on disk, shows what it publishes (diagnostics, suppression code actions),
// and restarts it on `perflint.restart` or when a perflint.* setting changes.
// The server does the analysis; this file only wires it into VS Code.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient, RevealOutputChannelOn } = require('vscode-languageclient/node');

/** The running client, or undefined while stopped or disabled. */
let client;
/** One output channel for the whole session, shared by every client started. */
let outputChannel;

/** The perflint.* settings, with their defaults. */
function readSettings() {
	const config = vscode.workspace.getConfiguration('perflint');
	const args = config.get('args', []);
	return {
		enable: config.get('enable', true),
		path: config.get('path', 'perflint') || 'perflint',
		args: Array.isArray(args) ? args.map(String) : [],
	};
}

/**
 * The executable to spawn for a perflint.path value: a bare command name is
 * left for PATH lookup, ~ is the home directory, and any other relative path
 * is taken from the first workspace folder.
 */
function resolveExecutable(value) {
	if (value === '~' || value.startsWith('~/')) {
		return path.join(os.homedir(), value.slice(1));
	}
	if (path.isAbsolute(value) || !value.includes('/')) {
		return value;
	}
	const folders = vscode.workspace.workspaceFolders;
	if (folders && folders.length > 0 && folders[0].uri.scheme === 'file') {
		return path.join(folders[0].uri.fsPath, value);
	}
	return path.resolve(value);
}

/** The server command and the client options for the current settings. */
function clientConfig(settings) {
	const serverOptions = {
		command: resolveExecutable(settings.path),
		args: ['lsp', ...settings.args],
	};
	const folders = vscode.workspace.workspaceFolders;
	if (folders && folders.length > 0 && folders[0].uri.scheme === 'file') {
		serverOptions.options = { cwd: folders[0].uri.fsPath };
	}
	const clientOptions = {
		documentSelector: [
			{ scheme: 'file', language: 'python' },
			{ scheme: 'file', language: 'c' },
		],
		outputChannel,
		revealOutputChannelOn: RevealOutputChannelOn.Never,
	};
	return { serverOptions, clientOptions };
}

/**
 * The file a command would run: COMMAND itself when it holds a slash,
 * else the first executable COMMAND in a directory of PATH; null if none.
 */
function findExecutable(command) {
	const candidates = command.includes('/')
		? [command]
		: (process.env.PATH || '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, command));
	for (const candidate of candidates) {
		try {
			if (fs.statSync(candidate).isFile()) {
				fs.accessSync(candidate, fs.constants.X_OK);
				return candidate;
			}
		} catch (err) {
			// not there or not executable: try the next one
		}
	}
	return null;
}

/** Say that the executable cannot be found, with a way to the setting. */
function reportMissing(command) {
	vscode.window
		.showErrorMessage(
			`perflint: cannot find the executable '${command}'. ` +
				'Install perflint (0.1.0 or later, with the lsp command) on PATH, or set perflint.path to it.',
			'Open Settings'
		)
		.then((choice) => {
			if (choice === 'Open Settings') {
				vscode.commands.executeCommand('workbench.action.openSettings', 'perflint.path');
			}
		});
}

/**
 * Start the server unless perflint.enable is false. A missing executable is
 * reported here; any other failure to start is reported by the client
 * library itself (a notification and the output channel).
 */
async function start() {
	const settings = readSettings();
	if (!settings.enable) {
		return;
	}
	const { serverOptions, clientOptions } = clientConfig(settings);
	if (!findExecutable(serverOptions.command)) {
		outputChannel.appendLine(`perflint: cannot find the executable '${serverOptions.command}' (perflint.path)`);
		reportMissing(serverOptions.command);
		return;
	}
	const started = new LanguageClient('perflint', 'perflint', serverOptions, clientOptions);
	client = started;
	try {
		await started.start();
	} catch (err) {
		if (client === started) {
			client = undefined;
		}
		outputChannel.appendLine(
			`perflint: cannot start '${serverOptions.command} ${serverOptions.args.join(' ')}': ${err && err.message ? err.message : err}`
		);
	}
}

/** Stop the server if one runs. */
async function stop() {
	const running = client;
	client = undefined;
	if (running) {
		try {
			await running.stop();
		} catch (err) {
			outputChannel.appendLine(`perflint: error while stopping the server: ${err && err.message ? err.message : err}`);
		}
	}
}

/** Stop, then start again with the current settings. */
async function restart() {
	await stop();
	await start();
}

/** Called by VS Code on the first Python or C file, or on perflint.restart. */
async function activate(context) {
	outputChannel = vscode.window.createOutputChannel('perflint');
	context.subscriptions.push(outputChannel);
	context.subscriptions.push(vscode.commands.registerCommand('perflint.restart', restart));
	context.subscriptions.push(
		vscode.workspace.onDidChangeConfiguration((event) => {
			if (
				event.affectsConfiguration('perflint.enable') ||
				event.affectsConfiguration('perflint.path') ||
				event.affectsConfiguration('perflint.args')
			) {
				return restart();
			}
			return undefined;
		})
	);
	await start();
}

/** Called by VS Code on shutdown: stop the server cleanly. */
function deactivate() {
	return stop();
}

module.exports = { activate, deactivate, resolveExecutable, findExecutable, clientConfig };
