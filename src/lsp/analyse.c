/*
 * analyse.c - one document's diagnostics: its configuration, an engine
 * run with the open documents as overlays, findings turned into LSP
 * Diagnostic objects.
 */
#include "analyse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../engine/config.h"
#include "../engine/discover.h"
#include "../engine/finding.h"
#include "../engine/run.h"
#include "../util/alloc.h"
#include "../util/array.h"
#include "../util/fileio.h"
#include "../util/path.h"
#include "../util/pool.h"
#include "../util/strbuf.h"
#include "../util/utf8.h"

/* A parse taking longer gives up (a notice), unless the configuration says otherwise: the other documents wait for it. */
#define ANALYSE__PARSE_TIMEOUT_US ((uint64_t)10 * 1000 * 1000)

/* A configuration file and what was last read from it. */
typedef struct analyse__config {
	char *file;           /* absolute path of the .perflint.yml */
	pfl_config cfg;       /* the last good reading, or the defaults */
	bool seen;            /* stat identity below is valid */
	struct timespec mtime;/* identity of the version last read (good or not) */
	off_t size;
	ino_t ino;
} analyse__config;

struct pfl_analyser {
	pfl_encoding enc;
	pfl_lsp_log_fn log;
	void *log_ctx;
	pfl_config defaults;                    /* for documents without a configuration file */
	PFL_ARRAY(analyse__config *) configs;
};

pfl_analyser *pfl_analyser_new(pfl_encoding enc, pfl_lsp_log_fn log, void *log_ctx)
{
	pfl_analyser *a = pfl_calloc(1, sizeof(*a));
	a->enc = enc;
	a->log = log;
	a->log_ctx = log_ctx;
	pfl_config_init(&a->defaults);
	return a;
}

void pfl_analyser_forget_configs(pfl_analyser *a)
{
	for (size_t i = 0; i < a->configs.size; i++)
		a->configs.items[i]->seen = false;
}

void pfl_analyser_free(pfl_analyser *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->configs.size; i++) {
		pfl_config_release(&a->configs.items[i]->cfg);
		free(a->configs.items[i]->file);
		free(a->configs.items[i]);
	}
	pfl_array_release(&a->configs);
	pfl_config_release(&a->defaults);
	free(a);
}

pfl_lang pfl_analyser_lang(const char *path, const char *language_id)
{
	pfl_lang lang = path ? pfl_discover_lang_of_name(path) : PFL_LANG_NONE;
	if (lang == PFL_LANG_NONE && language_id) {
		if (strcmp(language_id, "python") == 0)
			lang = PFL_LANG_PYTHON;
		else if (strcmp(language_id, "c") == 0)
			lang = PFL_LANG_C;
	}
	return lang;
}

/*
 * pfl_config_load with its messages (stderr) captured into *msg (heap):
 * the caller shows them.
 */
static int analyse__load(pfl_config *c, const char *file, char **msg)
{
	*msg = NULL;
	fflush(stderr);
	FILE *tmp = tmpfile();
	int saved = tmp ? dup(STDERR_FILENO) : -1;
	if (saved >= 0)
		dup2(fileno(tmp), STDERR_FILENO);
	int r = pfl_config_load(c, file);
	fflush(stderr);
	if (saved < 0) {
		if (tmp)
			fclose(tmp);
		return r;
	}
	dup2(saved, STDERR_FILENO);
	close(saved);
	pfl_strbuf sb = PFL_STRBUF_INIT;
	char buf[4096];
	size_t n;
	rewind(tmp);
	while ((n = fread(buf, 1, sizeof(buf), tmp)) > 0)
		pfl_strbuf_add(&sb, buf, n);
	fclose(tmp);
	while (sb.len && sb.buf[sb.len - 1] == '\n')
		sb.buf[--sb.len] = '\0';
	*msg = pfl_strbuf_detach(&sb, NULL);
	return r;
}

/*
 * The configuration of the file at path: the .perflint.yml found from its
 * directory up (else from the working directory: the workspace), read
 * again when it changed on disk. A broken file keeps the last good
 * reading (or the defaults) and is reported once per version.
 */
static const pfl_config *analyse__config_for(pfl_analyser *a, const char *path)
{
	char *file = pfl_config_find(path);
	if (!file)
		file = pfl_config_find(".");
	if (!file)
		return &a->defaults;
	analyse__config *c = NULL;
	for (size_t i = 0; i < a->configs.size && !c; i++)
		if (strcmp(a->configs.items[i]->file, file) == 0)
			c = a->configs.items[i];
	if (!c) {
		c = pfl_calloc(1, sizeof(*c));
		c->file = file;
		pfl_config_init(&c->cfg);
		pfl_array_push(&a->configs, c);
	} else {
		free(file);
	}
	struct stat sb;
	if (stat(c->file, &sb) != 0)
		return &c->cfg;
	if (c->seen && sb.st_mtim.tv_sec == c->mtime.tv_sec && sb.st_mtim.tv_nsec == c->mtime.tv_nsec &&
	    sb.st_size == c->size && sb.st_ino == c->ino)
		return &c->cfg;
	c->seen = true;
	c->mtime = sb.st_mtim;
	c->size = sb.st_size;
	c->ino = sb.st_ino;
	pfl_config fresh;
	pfl_config_init(&fresh);
	char *msg;
	if (analyse__load(&fresh, c->file, &msg) == 0) {
		pfl_config_release(&c->cfg);
		c->cfg = fresh;
		/* Entries added to the knowledge base stay until the server exits. */
		pfl_config_apply_kb(&c->cfg);
		pfl_strbuf sb2 = PFL_STRBUF_INIT;
		pfl_strbuf_addf(&sb2, "perflint: using the configuration '%s'", c->file);
		a->log(a->log_ctx, PFL_LSP_LOG_INFO, sb2.buf);
		pfl_strbuf_release(&sb2);
	} else {
		pfl_config_release(&fresh);
		pfl_strbuf sb2 = PFL_STRBUF_INIT;
		pfl_strbuf_addf(&sb2, "%s\nperflint: '%s' is not used until it is fixed: %s", msg && *msg ? msg :
				"perflint: error: cannot read the configuration", c->file,
				c->cfg.file ? "the last good version of it applies" : "the defaults apply");
		a->log(a->log_ctx, PFL_LSP_LOG_ERROR, sb2.buf);
		pfl_strbuf_release(&sb2);
	}
	free(msg);
	return &c->cfg;
}

/* Whether the configuration's exclude globs match the file at path. */
static bool analyse__excluded(const pfl_config *cfg, const char *path)
{
	if (!cfg->exclude.size)
		return false;
	char *cwd = cfg->exclude_from_file && cfg->dir ? NULL : pfl_path_real(".");
	const char *base = cwd ? cwd : cfg->dir;
	char *rel = base ? pfl_path_relative_to(path, base) : NULL;
	bool hit = false;
	for (size_t i = 0; rel && i < cfg->exclude.size && !hit; i++)
		hit = pfl_path_glob_match(cfg->exclude.items[i], rel);
	free(rel);
	free(cwd);
	return hit;
}

/* s as valid UTF-8 (invalid bytes become U+FFFD): a heap copy. */
static char *analyse__utf8(const char *s)
{
	size_t n = strlen(s);
	if (pfl_utf8_invalid_at(s, n) == n)
		return pfl_strdup(s);
	pfl_strbuf sb = PFL_STRBUF_INIT;
	size_t i = 0;
	while (i < n) {
		size_t bad = pfl_utf8_invalid_at(s + i, n - i);
		pfl_strbuf_add(&sb, s + i, bad);
		i += bad;
		if (i < n) {
			pfl_strbuf_adds(&sb, "\xEF\xBF\xBD");
			i++;
		}
	}
	return pfl_strbuf_detach(&sb, NULL);
}

/* Add a string member, made valid UTF-8. */
static void analyse__add_string(cJSON *obj, const char *key, const char *s)
{
	char *v = analyse__utf8(s ? s : "");
	cJSON_AddStringToObject(obj, key, v);
	free(v);
}

/* {"line": l, "character": c} */
static cJSON *analyse__position(uint32_t line, uint32_t character)
{
	cJSON *p = cJSON_CreateObject();
	cJSON_AddNumberToObject(p, "line", line);
	cJSON_AddNumberToObject(p, "character", character);
	return p;
}

/* An LSP range from 1-based lines and 1-based columns in the negotiated unit. */
static cJSON *analyse__range(uint32_t line, uint32_t col, uint32_t end_line, uint32_t end_col)
{
	cJSON *r = cJSON_CreateObject();
	cJSON_AddItemToObject(r, "start", analyse__position(line ? line - 1 : 0, col ? col - 1 : 0));
	cJSON_AddItemToObject(r, "end", analyse__position(end_line ? end_line - 1 : 0, end_col ? end_col - 1 : 0));
	return r;
}

/* The column (1-based) of a byte column of a finding in the negotiated unit. */
static uint32_t analyse__col(pfl_encoding enc, uint32_t bytes, uint32_t cp, uint32_t u16)
{
	return enc == PFL_ENC_UTF8 ? bytes : enc == PFL_ENC_UTF32 ? cp : u16;
}

/* The text of another file for related locations: an open document's, else the disk's. */
typedef struct analyse__other {
	char *path;     /* absolute */
	pfl_text text;
	bool read;      /* text holds its content */
} analyse__other;

/* The 1-based column in the negotiated unit of byte column col of line in t. */
static uint32_t analyse__text_col(const pfl_analyser *a, const pfl_text *t, uint32_t line, uint32_t col)
{
	size_t len;
	const char *s = line ? pfl_text_line(t, line - 1, &len) : NULL;
	if (!s || col == 0)
		return col;
	size_t n = col - 1 < len ? col - 1 : len;
	return pfl_text_units(s, n, a->enc) + 1;
}

/* relatedInformation of a finding: each location with a file URI. */
static cJSON *analyse__related(pfl_analyser *a, const pfl_lsp_open *docs, size_t ndocs, size_t which,
			       const pfl_finding *f, analyse__other *other)
{
	cJSON *arr = cJSON_CreateArray();
	for (uint32_t i = 0; i < f->nrelated; i++) {
		const pfl_related *r = &f->related[i];
		char *abs = pfl_path_absolute(r->path);
		const pfl_lsp_open *open = NULL;
		for (size_t d = 0; d < ndocs && !open; d++)
			if (docs[d].path && strcmp(docs[d].path, abs) == 0)
				open = &docs[d];
		char *uri = open ? pfl_strdup(open->uri) : pfl_uri_from_path(abs);
		uint32_t col, end_col;
		if (open == &docs[which]) {
			/* The engine counted the columns of the analysed file. */
			col = analyse__col(a->enc, r->span.col, r->col_cp, r->col_u16);
			end_col = analyse__col(a->enc, r->span.end_col, r->end_col_cp, r->end_col_u16);
		} else {
			const pfl_text *t = open ? open->text : NULL;
			if (!t) {
				if (!other->path || strcmp(other->path, abs) != 0) {
					free(other->path);
					other->path = pfl_strdup(abs);
					pfl_file_content fc;
					other->read = pfl_read_file(abs, 0, &fc) == PFL_READ_OK;
					if (other->read) {
						pfl_text_set(&other->text, fc.data, fc.len);
						free(fc.data);
					}
				}
				t = other->read ? &other->text : NULL;
			}
			col = t ? analyse__text_col(a, t, r->span.line, r->span.col) : r->span.col;
			end_col = t ? analyse__text_col(a, t, r->span.end_line, r->span.end_col) : r->span.end_col;
		}
		cJSON *info = cJSON_CreateObject();
		cJSON *loc = cJSON_AddObjectToObject(info, "location");
		analyse__add_string(loc, "uri", uri);
		cJSON_AddItemToObject(loc, "range", analyse__range(r->span.line, col, r->span.end_line, end_col));
		analyse__add_string(info, "message", r->message && *r->message ? r->message : f->rule->name);
		cJSON_AddItemToArray(arr, info);
		free(uri);
		free(abs);
	}
	return arr;
}

/* LSP DiagnosticSeverity of a perflint severity. */
static int analyse__severity(pfl_severity s)
{
	switch (s) {
	case PFL_SEV_CRITICAL:
	case PFL_SEV_HIGH:
		return 1; /* Error */
	case PFL_SEV_MEDIUM:
		return 2; /* Warning */
	case PFL_SEV_LOW:
		break;
	}
	return 3; /* Information */
}

/* The Diagnostic of a finding. */
static cJSON *analyse__diagnostic(pfl_analyser *a, const pfl_lsp_open *docs, size_t ndocs, size_t which,
				  const pfl_finding *f, analyse__other *other)
{
	cJSON *d = cJSON_CreateObject();
	cJSON_AddItemToObject(d, "range", analyse__range(f->span.line, analyse__col(a->enc, f->span.col, f->col_cp, f->col_u16),
						       f->span.end_line,
						       analyse__col(a->enc, f->span.end_col, f->end_col_cp, f->end_col_u16)));
	cJSON_AddNumberToObject(d, "severity", analyse__severity(f->severity));
	cJSON_AddStringToObject(d, "code", f->rule->id);
	char href[256];
	cJSON *desc = cJSON_AddObjectToObject(d, "codeDescription");
	cJSON_AddStringToObject(desc, "href", pfl_rule_help_uri(f->rule, href, sizeof(href)));
	cJSON_AddStringToObject(d, "source", "perflint");
	analyse__add_string(d, "message", f->message);
	if (f->nrelated)
		cJSON_AddItemToObject(d, "relatedInformation", analyse__related(a, docs, ndocs, which, f, other));
	cJSON *data = cJSON_AddObjectToObject(d, "data");
	cJSON_AddStringToObject(data, "rule", f->rule->id);
	cJSON_AddNumberToObject(data, "version", (double)docs[which].version);
	cJSON_AddNumberToObject(data, "score", f->score);
	cJSON_AddStringToObject(data, "severity", pfl_severity_name(f->severity));
	if (f->fix)
		analyse__add_string(data, "fix", f->fix);
	return d;
}

/*
 * The notices about the document that the editor shows: a suppression
 * comment naming no rule, and why findings are missing (too large, a parse
 * that gave up, too many findings). Others go to the log.
 */
static bool analyse__shown_notice(const pfl_report_diag *rd)
{
	static const char *const codes[] = { "bad-suppression", "too-large", "parse-timeout", "too-many-findings", "binary" };
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (strcmp(rd->code, codes[i]) == 0)
			return true;
	return false;
}

/* A notice about the document as a diagnostic: on its line, or at the start of the file. */
static cJSON *analyse__notice(const pfl_report_diag *rd)
{
	cJSON *d = cJSON_CreateObject();
	if (rd->line)
		cJSON_AddItemToObject(d, "range", analyse__range(rd->line, 1, rd->line + 1, 1));
	else
		cJSON_AddItemToObject(d, "range", analyse__range(1, 1, 1, 1));
	cJSON_AddNumberToObject(d, "severity", strcmp(rd->level, "error") == 0 ? 1 : strcmp(rd->level, "warning") == 0 ? 2 : 3);
	cJSON_AddStringToObject(d, "code", rd->code);
	cJSON_AddStringToObject(d, "source", "perflint");
	analyse__add_string(d, "message", rd->message);
	return d;
}

cJSON *pfl_analyser_diagnose(pfl_analyser *a, const pfl_lsp_open *docs, size_t ndocs, size_t which, pfl_lang lang)
{
	cJSON *out = cJSON_CreateArray();
	const pfl_lsp_open *doc = &docs[which];
	if (!doc->path || lang == PFL_LANG_NONE)
		return out;
	const pfl_config *cfg = analyse__config_for(a, doc->path);
	if (analyse__excluded(cfg, doc->path))
		return out;
	pfl_overlay *ov = pfl_calloc(ndocs ? ndocs : 1, sizeof(*ov));
	size_t nov = 0;
	for (size_t i = 0; i < ndocs; i++)
		if (docs[i].path) {
			ov[nov].path = docs[i].path;
			ov[nov].text = docs[i].text->data;
			ov[nov].len = docs[i].text->len;
			nov++;
		}
	const char *paths[1] = { doc->path };
	/* The configured parse limit, else the server's shorter one. */
	uint64_t timeout_us = cfg->origin[PFL_CFG_PARSE_TIMEOUT].line ? (uint64_t)(cfg->parse_timeout * 1e6)
								      : ANALYSE__PARSE_TIMEOUT_US;
	int cpus = pfl_pool_cpus();
	pfl_run_opts o = {
		.paths = paths, .npaths = 1,
		.excludes = cfg->exclude.items, .nexcludes = cfg->exclude.size,
		.exclude_base = cfg->exclude_from_file ? cfg->dir : NULL,
		.select = cfg->select.items, .nselect = cfg->select.size,
		.ignore = cfg->ignore.items, .nignore = cfg->ignore.size,
		.jobs = cpus > 0 ? cpus : 1,
		.max_file_size = cfg->max_file_size,
		.parse_timeout_us = timeout_us,
		.max_findings = cfg->max_findings,
		.compile_commands = cfg->compile_commands,
		.include_dirs = cfg->include_dirs.items, .ninclude_dirs = cfg->include_dirs.size,
		.defines = cfg->defines.items, .ndefines = cfg->defines.size,
		.file_context = true,
		.config = cfg,
		.overlays = ov, .noverlays = nov,
	};
	pfl_results res;
	if (pfl_run(&o, &res) != 0) {
		a->log(a->log_ctx, PFL_LSP_LOG_ERROR, "perflint: the compilation database cannot be read (see the server's log)");
	} else {
		analyse__other other = { 0 };
		for (size_t i = 0; i < res.findings.size; i++) {
			const pfl_finding *f = &res.findings.items[i];
			if (f->suppression || (int)f->severity < cfg->min_severity)
				continue;
			cJSON_AddItemToArray(out, analyse__diagnostic(a, docs, ndocs, which, f, &other));
		}
		for (size_t i = 0; i < res.diags.size; i++) {
			const pfl_report_diag *rd = &res.diags.items[i];
			if (analyse__shown_notice(rd))
				cJSON_AddItemToArray(out, analyse__notice(rd));
			else
				fprintf(stderr, "perflint lsp: %s: '%s': %s\n", rd->level, rd->path, rd->message);
		}
		free(other.path);
		pfl_text_release(&other.text);
	}
	pfl_results_release(&res);
	free(ov);
	return out;
}
