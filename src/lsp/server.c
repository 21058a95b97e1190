/*
 * server.c - the language server: the session's lifecycle, JSON-RPC
 * dispatch, open documents, and when each is analysed.
 *
 * One thread. Messages are handled in arrival order (so requests are
 * answered in order); between messages, documents whose text has been
 * quiet for the debounce delay are analysed one at a time, the input
 * being checked again after each.
 */
#include "lsp.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "../engine/rule.h"
#include "../util/alloc.h"
#include "../util/array.h"
#include "../util/path.h"
#include "../util/strbuf.h"
#include "analyse.h"
#include "fixes.h"
#include "rpc.h"
#include "text.h"

#ifndef PFL_VERSION
#define PFL_VERSION "0.0.0"
#endif

/* The largest message body read (a whole document arrives in one). */
#define SERVER__MAX_BODY ((size_t)64 << 20)
/* Quiet time after an edit before a document is analysed. */
#define SERVER__DEBOUNCE_MS 300
/* Quiet time before the other open documents are analysed again after an edit. */
#define SERVER__DEPENDENT_MS 1000

/* JSON-RPC and LSP error codes. */
enum {
	SERVER__PARSE_ERROR = -32700,
	SERVER__INVALID_REQUEST = -32600,
	SERVER__METHOD_NOT_FOUND = -32601,
	SERVER__INVALID_PARAMS = -32602,
	SERVER__NOT_INITIALIZED = -32002,
};

/* An open document. */
typedef struct server__doc {
	char *uri;        /* as the client wrote it */
	char *file;       /* the path of a file: URI, else NULL */
	char *path;       /* its absolute form, refreshed before each analysis */
	pfl_lang lang;
	int64_t version;
	pfl_text text;
	bool dirty;       /* to analyse once due */
	bool edited;      /* its text changed: the other documents may depend on it */
	int64_t due;      /* monotonic ms */
} server__doc;

/* The session. */
typedef struct server {
	pfl_rpc_reader *in;
	int out;
	bool initialized;       /* initialize was answered */
	bool shutdown;          /* shutdown was requested */
	int exit_code;          /* -1 until exit */
	pfl_encoding enc;
	int debounce_ms;
	bool watch_dynamic;     /* the client registers file watchers on request */
	PFL_ARRAY(server__doc *) docs;
	pfl_analyser *analyser;
} server;

/* Milliseconds on the monotonic clock. */
static int64_t server__now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Send a message (deleted here). A closed output ends the session. */
static void server__send(server *s, cJSON *msg)
{
	char *text = cJSON_PrintUnformatted(msg);
	cJSON_Delete(msg);
	if (!text) {
		fprintf(stderr, "perflint lsp: out of memory printing a message\n");
		return;
	}
	if (pfl_rpc_write(s->out, text, strlen(text)) != 0 && s->exit_code < 0) {
		fprintf(stderr, "perflint lsp: cannot write to standard output: %s\n", strerror(errno));
		s->exit_code = 1;
	}
	free(text);
}

/* A message with "jsonrpc": "2.0". */
static cJSON *server__message(void)
{
	cJSON *m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "jsonrpc", "2.0");
	return m;
}

/* The answer to request id (a copy of it; NULL for null) with result (taken). */
static void server__result(server *s, const cJSON *id, cJSON *result)
{
	cJSON *m = server__message();
	cJSON_AddItemToObject(m, "id", id ? cJSON_Duplicate(id, true) : cJSON_CreateNull());
	cJSON_AddItemToObject(m, "result", result ? result : cJSON_CreateNull());
	server__send(s, m);
}

/* An error answer to request id (NULL: id null). */
static void server__error(server *s, const cJSON *id, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void server__error(server *s, const cJSON *id, int code, const char *fmt, ...)
{
	pfl_strbuf msg = PFL_STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	pfl_strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	cJSON *m = server__message();
	cJSON_AddItemToObject(m, "id", id ? cJSON_Duplicate(id, true) : cJSON_CreateNull());
	cJSON *err = cJSON_AddObjectToObject(m, "error");
	cJSON_AddNumberToObject(err, "code", code);
	cJSON_AddStringToObject(err, "message", msg.buf);
	pfl_strbuf_release(&msg);
	server__send(s, m);
}

/* A notification to the client (params taken). */
static void server__notify(server *s, const char *method, cJSON *params)
{
	cJSON *m = server__message();
	cJSON_AddStringToObject(m, "method", method);
	cJSON_AddItemToObject(m, "params", params);
	server__send(s, m);
}

/* window/logMessage, and the same line on stderr. */
static void server__log(void *ctx, int type, const char *message)
{
	server *s = ctx;
	fprintf(stderr, "%s\n", message);
	cJSON *p = cJSON_CreateObject();
	cJSON_AddNumberToObject(p, "type", type);
	cJSON_AddStringToObject(p, "message", message);
	server__notify(s, "window/logMessage", p);
}

/* ---- documents ---- */

/* The open document of uri, or NULL. */
static server__doc *server__find(server *s, const char *uri)
{
	for (size_t i = 0; i < s->docs.size; i++)
		if (strcmp(s->docs.items[i]->uri, uri) == 0)
			return s->docs.items[i];
	return NULL;
}

/* Free a document and what it holds. */
static void server__doc_free(server__doc *d)
{
	free(d->uri);
	free(d->file);
	free(d->path);
	pfl_text_release(&d->text);
	free(d);
}

/* Analyse d once delay_ms have passed (an earlier due time is kept). */
static void server__schedule(server__doc *d, int64_t delay_ms)
{
	int64_t due = server__now() + delay_ms;
	if (!d->dirty || due < d->due)
		d->due = due;
	d->dirty = true;
}

/* After an edit: analyse d after the debounce delay, and the others later. */
static void server__edited(server *s, server__doc *d)
{
	d->dirty = true;
	d->edited = true;
	d->due = server__now() + s->debounce_ms;
}

/* Every other open document may depend on what changed. */
static void server__schedule_others(server *s, const server__doc *except, int64_t delay_ms)
{
	for (size_t i = 0; i < s->docs.size; i++)
		if (s->docs.items[i] != except)
			server__schedule(s->docs.items[i], delay_ms);
}

/* Publish d's diagnostics (taken). */
static void server__publish(server *s, const server__doc *d, cJSON *diags, bool with_version)
{
	cJSON *p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "uri", d->uri);
	if (with_version)
		cJSON_AddNumberToObject(p, "version", (double)d->version);
	cJSON_AddItemToObject(p, "diagnostics", diags);
	server__notify(s, "textDocument/publishDiagnostics", p);
}

/* Analyse document index k now and publish its diagnostics. */
static void server__analyse(server *s, size_t k)
{
	server__doc *d = s->docs.items[k];
	d->dirty = false;
	pfl_lsp_open *open = pfl_calloc(s->docs.size, sizeof(*open));
	for (size_t i = 0; i < s->docs.size; i++) {
		server__doc *o = s->docs.items[i];
		free(o->path);
		o->path = o->file ? pfl_path_absolute(o->file) : NULL;
		open[i].uri = o->uri;
		open[i].path = o->path;
		open[i].text = &o->text;
		open[i].version = o->version;
	}
	cJSON *diags = pfl_analyser_diagnose(s->analyser, open, s->docs.size, k, d->lang);
	free(open);
	server__publish(s, d, diags, true);
	if (d->edited) {
		d->edited = false;
		server__schedule_others(s, d, SERVER__DEPENDENT_MS);
	}
}

/* Analyse the document due first, if one is due. */
static void server__analyse_due(server *s)
{
	int64_t now = server__now();
	size_t best = SIZE_MAX;
	for (size_t i = 0; i < s->docs.size; i++) {
		const server__doc *d = s->docs.items[i];
		if (d->dirty && d->due <= now && (best == SIZE_MAX || d->due < s->docs.items[best]->due))
			best = i;
	}
	if (best != SIZE_MAX)
		server__analyse(s, best);
}

/* How long to wait for input before a document is due: -1 when none is dirty. */
static int server__timeout(const server *s)
{
	if (s->shutdown)
		return -1;
	int64_t now = server__now(), first = INT64_MAX;
	for (size_t i = 0; i < s->docs.size; i++)
		if (s->docs.items[i]->dirty && s->docs.items[i]->due < first)
			first = s->docs.items[i]->due;
	if (first == INT64_MAX)
		return -1;
	if (first <= now)
		return 0;
	return first - now > 60000 ? 60000 : (int)(first - now);
}

/* ---- params ---- */

/* A string member, or NULL. */
static const char *server__string(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* An object member, or NULL. */
static const cJSON *server__object(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsObject(v) ? v : NULL;
}

/* A non-negative integer member (at most max) into *out: 0, or -1. */
static int server__uint(const cJSON *obj, const char *key, double max, double *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > max || v->valuedouble != (double)(int64_t)v->valuedouble)
		return -1;
	*out = v->valuedouble;
	return 0;
}

/* A Position into *p: 0, or -1. */
static int server__position(const cJSON *obj, pfl_position *p)
{
	double line, ch;
	if (!obj || server__uint(obj, "line", UINT32_MAX, &line) != 0 || server__uint(obj, "character", UINT32_MAX, &ch) != 0)
		return -1;
	p->line = (uint32_t)line;
	p->character = (uint32_t)ch;
	return 0;
}

/* A Range into *start, *end: 0, or -1. */
static int server__range(const cJSON *obj, pfl_position *start, pfl_position *end)
{
	if (!obj || server__position(server__object(obj, "start"), start) != 0 ||
	    server__position(server__object(obj, "end"), end) != 0)
		return -1;
	return 0;
}

/* {"line": .., "character": ..} of byte offset off of t. */
static cJSON *server__json_position(const server *s, const pfl_text *t, size_t off)
{
	pfl_position p = pfl_text_position(t, off, s->enc);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "line", p.line);
	cJSON_AddNumberToObject(o, "character", p.character);
	return o;
}

/* ---- lifecycle ---- */

/* The encoding to use: the first of the client's positionEncodings we know, else UTF-16. */
static pfl_encoding server__negotiate(const cJSON *caps)
{
	const cJSON *general = server__object(caps, "general");
	const cJSON *list = general ? cJSON_GetObjectItemCaseSensitive(general, "positionEncodings") : NULL;
	const cJSON *e;
	if (!cJSON_IsArray(list))
		return PFL_ENC_UTF16;
	cJSON_ArrayForEach(e, list) {
		int enc = cJSON_IsString(e) ? pfl_encoding_parse(e->valuestring) : -1;
		if (enc >= 0)
			return (pfl_encoding)enc;
	}
	return PFL_ENC_UTF16;
}

/* The workspace root of initialize's params: rootUri, the first folder, or rootPath. */
static char *server__root(const cJSON *params)
{
	const char *uri = server__string(params, "rootUri");
	const cJSON *folders = cJSON_GetObjectItemCaseSensitive(params, "workspaceFolders");
	if (!uri && cJSON_IsArray(folders) && cJSON_GetArraySize(folders) > 0)
		uri = server__string(cJSON_GetArrayItem(folders, 0), "uri");
	if (uri)
		return pfl_uri_to_path(uri);
	const char *path = server__string(params, "rootPath");
	return path ? pfl_strdup(path) : NULL;
}

/* initialize: the encoding, the workspace root (made the working directory), the capabilities. */
static void server__initialize(server *s, const cJSON *id, const cJSON *params)
{
	if (s->initialized) {
		server__error(s, id, SERVER__INVALID_REQUEST, "initialize was already received");
		return;
	}
	if (!cJSON_IsObject(params)) {
		server__error(s, id, SERVER__INVALID_PARAMS, "initialize needs InitializeParams (an object)");
		return;
	}
	const cJSON *caps = server__object(params, "capabilities");
	s->enc = server__negotiate(caps);
	const cJSON *ws = caps ? server__object(caps, "workspace") : NULL;
	const cJSON *watched = ws ? server__object(ws, "didChangeWatchedFiles") : NULL;
	s->watch_dynamic = watched && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(watched, "dynamicRegistration"));
	const cJSON *opts = server__object(params, "initializationOptions");
	double debounce;
	if (opts && server__uint(opts, "debounceMs", 60000, &debounce) == 0)
		s->debounce_ms = (int)debounce;
	/* Paths are shown and resolved from the workspace root, as the command line does from its directory. */
	char *root = server__root(params);
	struct stat sb;
	if (root && stat(root, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		if (chdir(root) != 0)
			fprintf(stderr, "perflint lsp: cannot enter the workspace '%s': %s\n", root, strerror(errno));
	} else if (root) {
		fprintf(stderr, "perflint lsp: the workspace root '%s' is not a directory\n", root);
	}
	free(root);
	s->analyser = pfl_analyser_new(s->enc, server__log, s);
	s->initialized = true;

	cJSON *result = cJSON_CreateObject();
	cJSON *c = cJSON_AddObjectToObject(result, "capabilities");
	cJSON_AddStringToObject(c, "positionEncoding", pfl_encoding_name(s->enc));
	cJSON *sync = cJSON_AddObjectToObject(c, "textDocumentSync");
	cJSON_AddTrueToObject(sync, "openClose");
	cJSON_AddNumberToObject(sync, "change", 1); /* Full */
	cJSON *save = cJSON_AddObjectToObject(sync, "save");
	cJSON_AddFalseToObject(save, "includeText");
	cJSON *ca = cJSON_AddObjectToObject(c, "codeActionProvider");
	cJSON *kinds = cJSON_AddArrayToObject(ca, "codeActionKinds");
	cJSON_AddItemToArray(kinds, cJSON_CreateString("quickfix"));
	cJSON *info = cJSON_AddObjectToObject(result, "serverInfo");
	cJSON_AddStringToObject(info, "name", "perflint");
	cJSON_AddStringToObject(info, "version", PFL_VERSION);
	server__result(s, id, result);
}

/* initialized: ask for file events where the client lets the server choose them. */
static void server__initialized(server *s)
{
	if (!s->watch_dynamic)
		return;
	static const char *const globs[] = { "**/.perflint.yml", "**/*.py", "**/*.pyi", "**/*.c", "**/*.h" };
	cJSON *m = server__message();
	cJSON_AddStringToObject(m, "id", "perflint/watch");
	cJSON_AddStringToObject(m, "method", "client/registerCapability");
	cJSON *p = cJSON_AddObjectToObject(m, "params");
	cJSON *regs = cJSON_AddArrayToObject(p, "registrations");
	cJSON *reg = cJSON_CreateObject();
	cJSON_AddStringToObject(reg, "id", "perflint-watched-files");
	cJSON_AddStringToObject(reg, "method", "workspace/didChangeWatchedFiles");
	cJSON *ro = cJSON_AddObjectToObject(reg, "registerOptions");
	cJSON *watchers = cJSON_AddArrayToObject(ro, "watchers");
	for (size_t i = 0; i < sizeof(globs) / sizeof(globs[0]); i++) {
		cJSON *w = cJSON_CreateObject();
		cJSON_AddStringToObject(w, "globPattern", globs[i]);
		cJSON_AddItemToArray(watchers, w);
	}
	cJSON_AddItemToArray(regs, reg);
	server__send(s, m);
}

/* ---- text synchronisation ---- */

/* didOpen: the document is analysed at once (reopening replaces the text). */
static void server__did_open(server *s, const cJSON *params)
{
	const cJSON *td = server__object(params, "textDocument");
	const char *uri = td ? server__string(td, "uri") : NULL;
	const char *text = td ? server__string(td, "text") : NULL;
	if (!uri || !text) {
		fprintf(stderr, "perflint lsp: didOpen without textDocument.uri and text: ignored\n");
		return;
	}
	server__doc *d = server__find(s, uri);
	if (!d) {
		d = pfl_calloc(1, sizeof(*d));
		d->uri = pfl_strdup(uri);
		d->file = pfl_uri_to_path(uri);
		pfl_array_push(&s->docs, d);
	}
	double version = 0;
	server__uint(td, "version", 9007199254740992.0, &version);
	d->version = (int64_t)version;
	d->lang = pfl_analyser_lang(d->file, server__string(td, "languageId"));
	pfl_text_set(&d->text, text, strlen(text));
	d->dirty = true;
	d->edited = true;
	d->due = server__now();
}

/* didChange: whole texts, or ranges applied in order; analysed once the edits pause. */
static void server__did_change(server *s, const cJSON *params)
{
	const cJSON *td = server__object(params, "textDocument");
	const char *uri = td ? server__string(td, "uri") : NULL;
	const cJSON *changes = cJSON_GetObjectItemCaseSensitive(params, "contentChanges");
	server__doc *d = uri ? server__find(s, uri) : NULL;
	if (!d || !cJSON_IsArray(changes)) {
		fprintf(stderr, "perflint lsp: didChange %s: ignored\n",
			!uri || !cJSON_IsArray(changes) ? "without textDocument.uri and contentChanges" : "of a document not open");
		return;
	}
	const cJSON *ch;
	cJSON_ArrayForEach(ch, changes) {
		const char *text = server__string(ch, "text");
		if (!text) {
			fprintf(stderr, "perflint lsp: didChange: a change without text: ignored\n");
			continue;
		}
		const cJSON *range = cJSON_GetObjectItemCaseSensitive(ch, "range");
		pfl_position a, b;
		if (!range) {
			pfl_text_set(&d->text, text, strlen(text));
		} else if (server__range(range, &a, &b) == 0) {
			size_t x = pfl_text_offset(&d->text, a, s->enc), y = pfl_text_offset(&d->text, b, s->enc);
			pfl_text_replace(&d->text, x < y ? x : y, x < y ? y : x, text, strlen(text));
		} else {
			fprintf(stderr, "perflint lsp: didChange: a change with a bad range: ignored\n");
		}
	}
	double version;
	if (server__uint(td, "version", 9007199254740992.0, &version) == 0)
		d->version = (int64_t)version;
	server__edited(s, d);
}

/* didSave: analysed at once (with the saved text when the client sends it). */
static void server__did_save(server *s, const cJSON *params)
{
	const cJSON *td = server__object(params, "textDocument");
	const char *uri = td ? server__string(td, "uri") : NULL;
	server__doc *d = uri ? server__find(s, uri) : NULL;
	if (!d) {
		fprintf(stderr, "perflint lsp: didSave of a document not open: ignored\n");
		return;
	}
	const char *text = server__string(params, "text");
	if (text)
		pfl_text_set(&d->text, text, strlen(text));
	server__schedule(d, 0);
	d->edited = true;
}

/* didClose: forget the document and clear its diagnostics. */
static void server__did_close(server *s, const cJSON *params)
{
	const cJSON *td = server__object(params, "textDocument");
	const char *uri = td ? server__string(td, "uri") : NULL;
	for (size_t i = 0; uri && i < s->docs.size; i++) {
		server__doc *d = s->docs.items[i];
		if (strcmp(d->uri, uri) != 0)
			continue;
		/* Its diagnostics go with it. */
		server__publish(s, d, cJSON_CreateArray(), false);
		memmove(&s->docs.items[i], &s->docs.items[i + 1], (s->docs.size - i - 1) * sizeof(*s->docs.items));
		s->docs.size--;
		server__doc_free(d);
		/* The file on disk stands for it again. */
		server__schedule_others(s, NULL, SERVER__DEPENDENT_MS);
		return;
	}
	fprintf(stderr, "perflint lsp: didClose of a document not open: ignored\n");
}

/* workspace/didChangeWatchedFiles: a configuration or a source changed on disk. */
static void server__watched(server *s, const cJSON *params)
{
	const cJSON *changes = cJSON_GetObjectItemCaseSensitive(params, "changes");
	if (!cJSON_IsArray(changes)) {
		fprintf(stderr, "perflint lsp: didChangeWatchedFiles without changes: ignored\n");
		return;
	}
	bool config = false;
	const cJSON *ch;
	cJSON_ArrayForEach(ch, changes) {
		const char *uri = server__string(ch, "uri");
		char *path = uri ? pfl_uri_to_path(uri) : NULL;
		if (path && strcmp(pfl_path_basename(path), ".perflint.yml") == 0)
			config = true;
		free(path);
	}
	if (config) {
		pfl_analyser_forget_configs(s->analyser);
		server__schedule_others(s, NULL, 0);
	} else {
		server__schedule_others(s, NULL, SERVER__DEPENDENT_MS);
	}
}

/* ---- code actions ---- */

/* A quick fix: title, the diagnostic it fixes, one edit of the document. */
static cJSON *server__action(const server *s, const server__doc *d, const char *title, const cJSON *diag,
			     const pfl_fix_edit *e, bool preferred)
{
	cJSON *a = cJSON_CreateObject();
	cJSON_AddStringToObject(a, "title", title);
	cJSON_AddStringToObject(a, "kind", "quickfix");
	cJSON *diags = cJSON_AddArrayToObject(a, "diagnostics");
	cJSON_AddItemToArray(diags, cJSON_Duplicate(diag, true));
	if (preferred)
		cJSON_AddTrueToObject(a, "isPreferred");
	cJSON *edit = cJSON_AddObjectToObject(a, "edit");
	cJSON *changes = cJSON_AddObjectToObject(edit, "changes");
	cJSON *list = cJSON_AddArrayToObject(changes, d->uri);
	cJSON *te = cJSON_CreateObject();
	cJSON *range = cJSON_AddObjectToObject(te, "range");
	cJSON_AddItemToObject(range, "start", server__json_position(s, &d->text, e->start));
	cJSON_AddItemToObject(range, "end", server__json_position(s, &d->text, e->end));
	cJSON_AddStringToObject(te, "newText", e->text);
	cJSON_AddItemToArray(list, te);
	return a;
}

/* Whether the client's context.only lets quick fixes through. */
static bool server__quickfix_wanted(const cJSON *context)
{
	const cJSON *only = cJSON_GetObjectItemCaseSensitive(context, "only");
	if (!cJSON_IsArray(only))
		return true;
	const cJSON *k;
	cJSON_ArrayForEach(k, only)
		if (cJSON_IsString(k) && (strcmp(k->valuestring, "quickfix") == 0 || !*k->valuestring))
			return true;
	return false;
}

/* textDocument/codeAction: for each perflint diagnostic, its rewrite (PFL301) and its suppression. */
static void server__code_action(server *s, const cJSON *id, const cJSON *params)
{
	const cJSON *td = server__object(params, "textDocument");
	const char *uri = td ? server__string(td, "uri") : NULL;
	const cJSON *context = server__object(params, "context");
	const cJSON *diags = context ? cJSON_GetObjectItemCaseSensitive(context, "diagnostics") : NULL;
	pfl_position a, b;
	if (!uri || server__range(server__object(params, "range"), &a, &b) != 0 || !cJSON_IsArray(diags)) {
		server__error(s, id, SERVER__INVALID_PARAMS,
			      "codeAction needs textDocument.uri, range and context.diagnostics");
		return;
	}
	cJSON *actions = cJSON_CreateArray();
	server__doc *d = server__find(s, uri);
	if (!d || !server__quickfix_wanted(context)) {
		server__result(s, id, actions);
		return;
	}
	const cJSON *diag;
	cJSON_ArrayForEach(diag, diags) {
		const char *source = server__string(diag, "source");
		const char *code = server__string(diag, "code");
		const pfl_rule *rule = code ? pfl_rules_find(code) : NULL;
		pfl_position ds, de;
		if (!source || strcmp(source, "perflint") != 0 || !rule ||
		    server__range(server__object(diag, "range"), &ds, &de) != 0)
			continue;
		const char *id_ = rule->meta->id;
		pfl_fix_edit e;
		char *title;
		if (strcmp(id_, "PFL301") == 0 && d->lang == PFL_LANG_PYTHON &&
		    pfl_fix_set_literal(d->text.data, d->text.len, pfl_text_offset(&d->text, ds, s->enc),
					pfl_text_offset(&d->text, de, s->enc), &e, &title) == 0) {
			cJSON_AddItemToArray(actions, server__action(s, d, title, diag, &e, true));
			free(title);
			pfl_fix_edit_release(&e);
		}
		if (pfl_fix_suppress(d->lang, d->text.data, d->text.len, id_, ds.line + 1, de.line + 1, &e) == 0) {
			pfl_strbuf t = PFL_STRBUF_INIT;
			pfl_strbuf_addf(&t, "Suppress %s on this line (perflint: disable=%s)", id_, id_);
			cJSON_AddItemToArray(actions, server__action(s, d, t.buf, diag, &e, false));
			pfl_strbuf_release(&t);
			pfl_fix_edit_release(&e);
		}
	}
	server__result(s, id, actions);
}

/* ---- dispatch ---- */

/* A request: answered now, so answers keep the order of the requests. */
static void server__request(server *s, const cJSON *id, const char *method, const cJSON *params)
{
	if (strcmp(method, "initialize") == 0) {
		server__initialize(s, id, params);
		return;
	}
	if (!s->initialized) {
		server__error(s, id, SERVER__NOT_INITIALIZED, "the server is not initialized: send initialize first");
		return;
	}
	if (s->shutdown) {
		server__error(s, id, SERVER__INVALID_REQUEST, "shutdown was requested: only exit is accepted");
		return;
	}
	if (strcmp(method, "shutdown") == 0) {
		s->shutdown = true;
		server__result(s, id, NULL);
	} else if (strcmp(method, "textDocument/codeAction") == 0) {
		server__code_action(s, id, params);
	} else {
		server__error(s, id, SERVER__METHOD_NOT_FOUND, "method not found: %s", method);
	}
}

/* A notification: never answered; unknown ones are ignored. */
static void server__notification(server *s, const char *method, const cJSON *params)
{
	if (strcmp(method, "exit") == 0) {
		s->exit_code = s->shutdown ? 0 : 1;
		return;
	}
	/* Before initialize, notifications are dropped; after shutdown, only exit matters. */
	if (!s->initialized || s->shutdown)
		return;
	if (strcmp(method, "initialized") == 0)
		server__initialized(s);
	else if (strcmp(method, "textDocument/didOpen") == 0)
		server__did_open(s, params);
	else if (strcmp(method, "textDocument/didChange") == 0)
		server__did_change(s, params);
	else if (strcmp(method, "textDocument/didSave") == 0)
		server__did_save(s, params);
	else if (strcmp(method, "textDocument/didClose") == 0)
		server__did_close(s, params);
	else if (strcmp(method, "workspace/didChangeWatchedFiles") == 0)
		server__watched(s, params);
	/* $/cancelRequest and the rest: requests are answered as they come, nothing to cancel. */
}

/* One message body. */
static void server__handle(server *s, const char *body, size_t len)
{
	cJSON *msg = cJSON_ParseWithLength(body, len);
	if (!msg) {
		server__error(s, NULL, SERVER__PARSE_ERROR, "parse error: the message is not valid JSON");
		return;
	}
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(msg, "id");
	const cJSON *method = cJSON_GetObjectItemCaseSensitive(msg, "method");
	const cJSON *params = cJSON_GetObjectItemCaseSensitive(msg, "params");
	if (cJSON_IsNull(params))
		params = NULL; /* "params": null, as some clients send with exit and shutdown */
	bool id_ok = !id || cJSON_IsString(id) || cJSON_IsNumber(id) || cJSON_IsNull(id);
	if (!cJSON_IsObject(msg) || !id_ok) {
		server__error(s, NULL, SERVER__INVALID_REQUEST, "invalid request: %s",
			      !cJSON_IsObject(msg) ? "a message is a JSON object" : "an id is a number or a string");
	} else if (!method && id && (cJSON_GetObjectItemCaseSensitive(msg, "result") ||
				     cJSON_GetObjectItemCaseSensitive(msg, "error"))) {
		/* The client's answer to one of our requests (client/registerCapability). */
	} else if (!cJSON_IsString(method) || !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(msg, "jsonrpc")) ||
		   strcmp(cJSON_GetObjectItemCaseSensitive(msg, "jsonrpc")->valuestring, "2.0") != 0) {
		if (id)
			server__error(s, id, SERVER__INVALID_REQUEST,
				      "invalid request: needs \"jsonrpc\": \"2.0\" and a method name");
		else
			fprintf(stderr, "perflint lsp: a notification without \"jsonrpc\": \"2.0\" or a method: ignored\n");
	} else if (params && !cJSON_IsObject(params) && !cJSON_IsArray(params)) {
		if (id)
			server__error(s, id, SERVER__INVALID_PARAMS, "invalid params: an object or an array");
	} else if (id) {
		server__request(s, id, method->valuestring, params);
	} else {
		server__notification(s, method->valuestring, params);
	}
	cJSON_Delete(msg);
}

/* perflint lsp --help */
static void server__usage(FILE *to)
{
	fputs("usage: perflint lsp [--stdio]\n\n"
	      "Serve the Language Server Protocol on standard input and output: diagnostics for\n"
	      "Python and C documents as they are edited, and quick fixes. Settings come from\n"
	      "the workspace's .perflint.yml. See docs/lsp.md.\n", to);
}

int pfl_lsp_main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--stdio") == 0)
			continue;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			server__usage(stdout);
			return 0;
		}
		fprintf(stderr, "perflint: error: unknown option '%s' for lsp (see perflint lsp --help)\n", argv[i]);
		return 2;
	}
	/* A client gone away is an error on write, not a signal. */
	signal(SIGPIPE, SIG_IGN);
	server s;
	memset(&s, 0, sizeof(s));
	s.in = pfl_rpc_reader_new(STDIN_FILENO, SERVER__MAX_BODY);
	s.out = STDOUT_FILENO;
	s.exit_code = -1;
	s.enc = PFL_ENC_UTF16;
	s.debounce_ms = SERVER__DEBOUNCE_MS;
	while (s.exit_code < 0) {
		char *body;
		size_t len;
		pfl_rpc_status st = pfl_rpc_read(s.in, server__timeout(&s), &body, &len);
		if (st == PFL_RPC_MESSAGE) {
			server__handle(&s, body, len);
			free(body);
		} else if (st == PFL_RPC_TOO_LARGE) {
			server__error(&s, NULL, SERVER__INVALID_REQUEST, "message too large: the limit is %zu bytes",
				      SERVER__MAX_BODY);
		} else if (st == PFL_RPC_EOF) {
			/* The client went away: clean only after shutdown. */
			s.exit_code = s.shutdown ? 0 : 1;
		} else if (!s.shutdown) {
			server__analyse_due(&s);
		}
	}
	for (size_t i = 0; i < s.docs.size; i++)
		server__doc_free(s.docs.items[i]);
	pfl_array_release(&s.docs);
	pfl_analyser_free(s.analyser);
	pfl_rpc_reader_free(s.in);
	return s.exit_code;
}
