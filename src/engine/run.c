/*
 * run.c - the pipeline of one run: discover, then per file (in the thread
 * pool) read, parse, lower, check and finish the findings while the source
 * is at hand; then merge in file order so output never depends on --jobs.
 */
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../frontend/frontend.h"
#include "../util/alloc.h"
#include "../util/error.h"
#include "../util/fileio.h"
#include "../util/fingerprint.h"
#include "../util/hash.h"
#include "../util/path.h"
#include "../util/pool.h"
#include "../util/utf8.h"
#include "discover.h"
#include "cache.h"
#include "config.h"
#include "project.h"
#include "suppress.h"

#define RUN__MAX_CODE_LINES 8
/* Problems with suppression comments shown per file; the rest are counted. */
#define RUN__MAX_SUPPRESSION_PROBLEMS 20

/* A function of a file: its bytes and qualified name (in the file's arena). */
typedef pfl_cache_fnspan run__fnspan;

/* What one file produced: kept until the merge. */
typedef struct run__file {
	pfl_arena arena;                  /* strings of its findings, diagnostics, summaries */
	const char *path;                 /* the display path, in arena */
	PFL_ARRAY(pfl_finding) findings;
	PFL_ARRAY(pfl_report_diag) diags;
	pfl_summary_list fns;             /* function summaries, for the project pass */
	pfl_site_list sites;              /* call sites, for the project pass */
	pfl_relation_list relations;      /* ORM relation fields, for the project pass */
	PFL_ARRAY(run__fnspan) fnspans;   /* functions of the file, for findings' function */
	pfl_suppressions supp;            /* its suppression comments */
	uint64_t ignored;                 /* rules per-file-ignores skip here, a bit per rule index */
	bool context;                     /* a context file: nothing of it is reported */
	bool analysed;
	bool io_error;
	bool unfinished;                  /* has findings from the project pass to finish */
} run__file;

struct run__ctx;

/* The collecting side of a check: where findings go and the rule. */
struct pfl_check {
	const pfl_rule_meta *rule;
	run__file *out;        /* the file of a file check */
	struct run__ctx *ctx;  /* the run, for project checks */
};

/* Shared state of the parallel part. */
typedef struct run__ctx {
	const pfl_run_opts *o;
	const pfl_source_list *files;
	run__file *results;
	const pfl_rule **rules; /* enabled */
	size_t nrules;
	pfl_frontend **fe;       /* one per worker */
	bool project;            /* some enabled rule has a project check */
	size_t *order;           /* file indexes, largest first: the pool's schedule */
	int *base;               /* per rule index: the base score (configured or the rule's) */
	int *pin;                /* per rule index: the pinned severity, or -1 */
	pfl_cache *cache;        /* NULL: no results cache */
	const pfl_cflags *cflags;/* C: each file's flags, part of its cache key */
	struct timespec start;
	bool progress_shown;
} run__ctx;

bool pfl_rule_enabled(const pfl_run_opts *o, const pfl_rule_meta *r)
{
	bool on = o->nselect == 0;
	for (size_t i = 0; i < o->nselect && !on; i++)
		on = pfl_rule_matches(r, o->select[i]);
	for (size_t i = 0; i < o->nignore && on; i++)
		if (pfl_rule_matches(r, o->ignore[i]))
			on = false;
	return on;
}

void pfl_check_emit(pfl_check *c, const pfl_finding_spec *spec)
{
	if (strcmp(spec->rule_id, c->rule->id) != 0)
		PFL_BUG("rule %s emitted a finding as %s", c->rule->id, spec->rule_id);
	run__file *out = c->out;
	if (out->context || (c->rule->index < 64 && (out->ignored >> c->rule->index) & 1))
		return;
	pfl_finding *f = pfl_array_grow_one(&out->findings);
	f->rule = c->rule;
	f->path = out->path;
	f->span = spec->span;
	f->message = pfl_arena_strdup(&out->arena, spec->message);
	f->fix = spec->fix ? pfl_arena_strdup(&out->arena, spec->fix) : NULL;
	f->loop_depth = spec->loop_depth;
	f->inferred = spec->inferred;
	f->score = pfl_score(c->ctx->base[c->rule->index], spec->loop_depth, spec->inferred);
	if (c->ctx->pin[c->rule->index] >= 0)
		f->score = pfl_score_pin(f->score, (pfl_severity)c->ctx->pin[c->rule->index]);
	f->severity = pfl_severity_of(f->score);
	if (spec->nrelated) {
		f->related = pfl_arena_zalloc(&out->arena, spec->nrelated * sizeof(*f->related));
		for (uint32_t i = 0; i < spec->nrelated; i++) {
			f->related[i] = spec->related[i];
			f->related[i].path = pfl_arena_strdup(&out->arena, spec->related[i].path);
			f->related[i].message = pfl_arena_strdup(&out->arena, spec->related[i].message ? spec->related[i].message : "");
		}
		f->nrelated = spec->nrelated;
	}
}

/* Files are sorted by path: find one. */
static int run__path_cmp(const void *key, const void *elem)
{
	return strcmp((const char *)key, ((const pfl_source *)elem)->path);
}

void pfl_check_emit_at(pfl_check *c, const char *path, const pfl_finding_spec *spec)
{
	const pfl_source_list *files = c->ctx->files;
	const pfl_source *src = bsearch(path, files->items, files->size, sizeof(pfl_source), run__path_cmp);
	if (!src)
		PFL_BUG("finding in '%s', which is not an analysed file", path);
	run__file *out = &c->ctx->results[src - files->items];
	pfl_check fc = { c->rule, out, c->ctx };
	pfl_check_emit(&fc, spec);
	out->unfinished = true;
}

/* Add a diagnostic to a file's results. */
static void run__diag(run__file *out, const char *path, const char *level, const char *code,
		      uint32_t line, uint32_t col, const char *msg)
{
	pfl_report_diag *d = pfl_array_grow_one(&out->diags);
	d->path = pfl_arena_strdup(&out->arena, path);
	d->level = level;
	d->code = code;
	d->line = line;
	d->col = col;
	d->message = pfl_arena_strdup(&out->arena, msg);
}

/* Byte offset of the start of each line (1-based index; lines[0] unused). */
typedef PFL_ARRAY(uint32_t) run__lines;

static void run__index_lines(const char *src, size_t len, run__lines *lines)
{
	pfl_array_push(lines, 0);
	pfl_array_push(lines, 0);
	for (size_t i = 0; i < len; i++)
		if (src[i] == '\n')
			pfl_array_push(lines, (uint32_t)(i + 1));
}

/* Columns of byte column col (1-based) of line in code points and UTF-16 units. */
static void run__columns(const char *src, size_t len, const run__lines *lines, uint32_t line,
			 uint32_t col, uint32_t *cp, uint32_t *u16)
{
	*cp = col;
	*u16 = col;
	if (line == 0 || line >= lines->size)
		return;
	uint32_t start = lines->items[line];
	size_t n = col > 0 ? col - 1 : 0;
	if (start + n > len)
		n = len - start;
	*cp = (uint32_t)pfl_utf8_codepoints(src + start, n) + 1;
	*u16 = (uint32_t)pfl_utf8_utf16_len(src + start, n) + 1;
}

/* The source lines of a span (at most RUN__MAX_CODE_LINES), without the last newline. */
static const char *run__code(pfl_arena *a, const char *src, size_t len, const run__lines *lines,
			     uint32_t line, uint32_t end_line)
{
	if (line == 0 || line >= lines->size)
		return "";
	if (end_line < line)
		end_line = line;
	if (end_line - line >= RUN__MAX_CODE_LINES)
		end_line = line + RUN__MAX_CODE_LINES - 1;
	size_t start = lines->items[line];
	size_t end = end_line + 1 < lines->size ? lines->items[end_line + 1] : len;
	while (end > start && (src[end - 1] == '\n' || src[end - 1] == '\r'))
		end--;
	return pfl_arena_strndup(a, src + start, end - start);
}

/* Order of findings within a file. */
static int run__finding_cmp(const void *a, const void *b)
{
	const pfl_finding *x = a, *y = b;
	if (x->span.line != y->span.line)
		return x->span.line < y->span.line ? -1 : 1;
	if (x->span.col != y->span.col)
		return x->span.col < y->span.col ? -1 : 1;
	int c = strcmp(x->rule->id, y->rule->id);
	if (c)
		return c;
	if (x->span.end_line != y->span.end_line)
		return x->span.end_line < y->span.end_line ? -1 : 1;
	if (x->span.end_col != y->span.end_col)
		return x->span.end_col < y->span.end_col ? -1 : 1;
	return strcmp(x->message, y->message);
}

/* The innermost function around a byte offset: its qualified name, or "". */
static const char *run__function_at(const run__file *out, uint32_t byte)
{
	const run__fnspan *best = NULL;
	for (size_t i = 0; i < out->fnspans.size; i++) {
		const run__fnspan *s = &out->fnspans.items[i];
		if (s->start_byte <= byte && byte < s->end_byte &&
		    (!best || s->end_byte - s->start_byte < best->end_byte - best->start_byte))
			best = s;
	}
	return best ? best->qualname : "";
}

/* Record the function scopes of a model (lambdas belong to their function). */
static void run__record_functions(run__file *out, const pfl_model *m)
{
	for (size_t i = 0; i < m->scopes.size; i++) {
		const pfl_scope *s = &m->scopes.items[i];
		if (s->kind != PFL_SCOPE_FUNCTION)
			continue;
		run__fnspan *f = pfl_array_grow_one(&out->fnspans);
		f->start_byte = s->span.start_byte;
		f->end_byte = s->span.end_byte;
		f->qualname = pfl_arena_strdup(&out->arena, s->qualname ? s->qualname : s->name ? s->name : "");
	}
}

/* A source text for finishing findings: the text past any BOM, and the raw file. */
typedef struct run__text {
	const char *source;
	size_t source_len;
	const char *path;
} run__text;

/*
 * Fill what needs the source in the findings not finished yet: columns
 * in other units, the code, the fingerprint. raw is the whole file; the
 * program text starts bom bytes into it.
 */
static void run__finish_findings(run__file *out, const char *raw, size_t raw_len, size_t bom)
{
	if (!out->findings.size)
		return;
	if (out->findings.size > 1)
		qsort(out->findings.items, out->findings.size, sizeof(pfl_finding), run__finding_cmp);
	run__text mt = { raw + bom, raw_len - bom, out->path };
	const run__text *m = &mt;
	run__lines lines = { 0 };
	run__index_lines(m->source, m->source_len, &lines);
	/* Hashes as far as the last line that needs one. */
	size_t upto = 0;
	for (size_t i = 0; i < out->findings.size; i++)
		if (!out->findings.items[i].code && out->findings.items[i].span.line > upto)
			upto = out->findings.items[i].span.line;
	pfl_fingerprints fps;
	pfl_fingerprint_compute(raw, raw_len, upto ? upto : 1, &fps);
	for (size_t i = 0; i < out->findings.size; i++) {
		pfl_finding *f = &out->findings.items[i];
		if (f->code)
			continue; /* finished already */
		run__columns(m->source, m->source_len, &lines, f->span.line, f->span.col, &f->col_cp, &f->col_u16);
		run__columns(m->source, m->source_len, &lines, f->span.end_line, f->span.end_col, &f->end_col_cp,
			     &f->end_col_u16);
		f->code = run__code(&out->arena, m->source, m->source_len, &lines, f->span.line, f->span.end_line);
		f->function = run__function_at(out, f->span.start_byte);
		const pfl_suppression *sup = pfl_suppress_match(&out->supp, f->rule, f->span.line, f->span.end_line);
		if (sup) {
			f->suppression = sup->text;
			f->suppression_line = sup->line;
		}
		char fp[48];
		if (pfl_fingerprint_format(&fps, f->span.line, fp, sizeof(fp)))
			f->fingerprint = pfl_arena_strdup(&out->arena, fp);
		for (uint32_t r = 0; r < f->nrelated; r++) {
			pfl_related *rel = &f->related[r];
			if (strcmp(rel->path, m->path) == 0) {
				run__columns(m->source, m->source_len, &lines, rel->span.line, rel->span.col,
					     &rel->col_cp, &rel->col_u16);
				run__columns(m->source, m->source_len, &lines, rel->span.end_line, rel->span.end_col,
					     &rel->end_col_cp, &rel->end_col_u16);
			} else if (!rel->col_cp) {
				rel->col_cp = rel->col_u16 = rel->span.col;
				rel->end_col_cp = rel->end_col_u16 = rel->span.end_col;
			}
		}
	}
	pfl_fingerprint_release(&fps);
	pfl_array_release(&lines);
}

const pfl_overlay *pfl_run_overlay(const pfl_run_opts *o, const char *path)
{
	if (!o->noverlays)
		return NULL;
	char *abs = pfl_path_absolute(path);
	const pfl_overlay *hit = NULL;
	for (size_t i = 0; i < o->noverlays && !hit; i++)
		if (strcmp(o->overlays[i].path, abs) == 0)
			hit = &o->overlays[i];
	free(abs);
	return hit;
}

/* Read a source file: from its overlay when it has one, else from the disk. */
static pfl_read_status run__read(const pfl_run_opts *o, const char *path, size_t max_size, pfl_file_content *out)
{
	const pfl_overlay *ov = pfl_run_overlay(o, path);
	if (!ov)
		return pfl_read_file(path, max_size, out);
	memset(out, 0, sizeof(*out));
	if (max_size && ov->len > max_size)
		return PFL_READ_TOO_LARGE;
	out->data = pfl_malloc(ov->len + 1);
	memcpy(out->data, ov->text, ov->len);
	out->data[ov->len] = '\0';
	out->len = ov->len;
	return PFL_READ_OK;
}

/* Whether content looks binary: a NUL byte in the first 8 KiB. */
static bool run__binary(const char *data, size_t len)
{
	size_t n = len < 8192 ? len : 8192;
	return memchr(data, '\0', n) != NULL;
}

/*
 * What a file keeps until the report, made exact: with thousands of files,
 * the spare capacity of small arrays would outweigh their contents.
 */
static void run__shrink(run__file *out)
{
	pfl_array_shrink(&out->findings);
	pfl_array_shrink(&out->diags);
	pfl_array_shrink(&out->fns);
	pfl_array_shrink(&out->sites);
	pfl_array_shrink(&out->relations);
	pfl_array_shrink(&out->fnspans);
}

/*
 * The cache key of a file: the run's salt (version, configuration, rules),
 * what names it (path, module, language, whether it is context), its
 * compile flags, and its content.
 */
static pfl_cache_key run__cache_key(const run__ctx *ctx, const pfl_source *src, const char *data, size_t len)
{
	pfl_strbuf id = PFL_STRBUF_INIT;
	pfl_strbuf_addf(&id, "%s%c%s%c%d%c%d%c", src->path, 0, src->module ? src->module : "", 0, (int)src->lang, 0,
			(int)src->context, 0);
	if (src->lang == PFL_LANG_C && ctx->cflags) {
		size_t n = 0;
		int from_db = 0;
		const char *const *args = pfl_cflags_for(ctx->cflags, src->path, &n, &from_db);
		for (size_t i = 0; i < n; i++) {
			pfl_strbuf_adds(&id, args[i]);
			pfl_strbuf_addch(&id, 0);
		}
		free((void *)args);
	}
	uint64_t content = pfl_hash64(data, len, 1);
	pfl_strbuf_add(&id, &content, sizeof(content));
	pfl_strbuf_add(&id, &len, sizeof(len));
	pfl_cache_key k = { pfl_hash64(id.buf, id.len, ctx->o->cache_salt),
			    pfl_hash64(id.buf, id.len, ctx->o->cache_salt ^ UINT64_C(0x5bd1e9955bd1e995)) };
	pfl_strbuf_release(&id);
	return k;
}

/*
 * A file's results from the cache: everything its job would produce, then
 * its suppression comments (from the text) and which findings they silence.
 * Takes fc (freed) on a hit.
 */
static bool run__cache_restore(run__ctx *ctx, const pfl_source *src, run__file *out, pfl_cache_key key,
			       pfl_file_content *fc)
{
	pfl_cache_entry e;
	memset(&e, 0, sizeof(e));
	if (!pfl_cache_load(ctx->cache, key, &out->arena, &e))
		return false;
	out->path = pfl_arena_strdup(&out->arena, src->path);
	for (size_t i = 0; i < e.findings.size; i++) {
		e.findings.items[i].path = out->path;
		pfl_array_push(&out->findings, e.findings.items[i]);
	}
	for (size_t i = 0; i < e.diags.size; i++)
		pfl_array_push(&out->diags, e.diags.items[i]);
	for (size_t i = 0; i < e.fns.size; i++)
		pfl_array_push(&out->fns, e.fns.items[i]);
	for (size_t i = 0; i < e.sites.size; i++)
		pfl_array_push(&out->sites, e.sites.items[i]);
	for (size_t i = 0; i < e.relations.size; i++)
		pfl_array_push(&out->relations, e.relations.items[i]);
	for (size_t i = 0; i < e.fnspans.size; i++)
		pfl_array_push(&out->fnspans, e.fnspans.items[i]);
	pfl_cache_entry_release(&e);
	if (!out->context) {
		for (size_t i = 0; i < fc->len; i++)
			if (fc->data[i] == '\r' && (i + 1 == fc->len || fc->data[i + 1] != '\n'))
				fc->data[i] = '\n';
		size_t bom = (fc->len >= 3 && memcmp(fc->data, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
		pfl_suppress_parse(src->lang, fc->data + bom, fc->len - bom, &out->arena, &out->supp);
		for (size_t i = 0; i < out->findings.size; i++) {
			pfl_finding *f = &out->findings.items[i];
			const pfl_suppression *sup = pfl_suppress_match(&out->supp, f->rule, f->span.line, f->span.end_line);
			if (sup) {
				f->suppression = sup->text;
				f->suppression_line = sup->line;
			}
		}
		if (ctx->o->config)
			for (size_t r = 0; r < ctx->nrules; r++)
				if (ctx->rules[r]->meta->index < 64 &&
				    pfl_config_ignores(ctx->o->config, src->path, ctx->rules[r]->meta))
					out->ignored |= (uint64_t)1 << ctx->rules[r]->meta->index;
	}
	out->analysed = true;
	run__shrink(out);
	free(fc->data);
	return true;
}

/*
 * Keep a file's results for the next run, unless they depend on more than
 * the key says: a parse cut short by the time limit, or a C file whose
 * missing headers might appear.
 */
static void run__cache_save(run__ctx *ctx, const run__file *out, pfl_cache_key key, const pfl_model *m)
{
	for (size_t i = 0; i < out->diags.size; i++)
		if (strcmp(out->diags.items[i].code, "parse-timeout") == 0 ||
		    strcmp(out->diags.items[i].code, "missing-header") == 0)
			return;
	pfl_cache_entry e;
	memset(&e, 0, sizeof(e));
	/* Borrow the arrays: the entry is only read. */
	e.findings.items = out->findings.items;
	e.findings.size = out->findings.size;
	e.diags.items = out->diags.items;
	e.diags.size = out->diags.size;
	e.fns.items = out->fns.items;
	e.fns.size = out->fns.size;
	e.sites.items = out->sites.items;
	e.sites.size = out->sites.size;
	e.relations.items = out->relations.items;
	e.relations.size = out->relations.size;
	e.fnspans.items = out->fnspans.items;
	e.fnspans.size = out->fnspans.size;
	e.deps.items = m->deps.items;
	e.deps.size = m->deps.size;
	pfl_cache_store(ctx->cache, key, &e);
}

/* Analyse one file (called from a worker). */
static void run__file_job(void *vctx, size_t item, int worker)
{
	run__ctx *ctx = vctx;
	item = ctx->order[item];
	const pfl_source *src = &ctx->files->items[item];
	run__file *out = &ctx->results[item];
	out->context = src->context;
	pfl_file_content fc;
	pfl_read_status st = run__read(ctx->o, src->path, ctx->o->max_file_size, &fc);
	if (st != PFL_READ_OK) {
		char msg[256];
		if (st == PFL_READ_TOO_LARGE) {
			snprintf(msg, sizeof(msg), "skipped: larger than the %zu-byte limit (--max-file-size)",
				 ctx->o->max_file_size);
			run__diag(out, src->path, "warning", "too-large", 0, 0, msg);
		} else {
			snprintf(msg, sizeof(msg), "cannot read file: %s", pfl_read_status_str(st, fc.err));
			run__diag(out, src->path, "error", "unreadable", 0, 0, msg);
			out->io_error = true;
		}
		return;
	}
	if (run__binary(fc.data, fc.len)) {
		run__diag(out, src->path, "warning", "binary", 0, 0, "binary file (contains NUL bytes): skipped");
		free(fc.data);
		return;
	}
	pfl_cache_key key = { 0, 0 };
	if (ctx->cache) {
		key = run__cache_key(ctx, src, fc.data, fc.len);
		if (run__cache_restore(ctx, src, out, key, &fc))
			return;
	}
	size_t bad = pfl_utf8_invalid_at(fc.data, fc.len);
	if (bad < fc.len) {
		/* Count the line of the first invalid byte for the message. */
		uint32_t line = 1;
		for (size_t i = 0; i < bad; i++)
			if (fc.data[i] == '\n')
				line++;
		char msg[256];
		snprintf(msg, sizeof(msg), "invalid UTF-8 at byte %zu: analysed as is", bad);
		run__diag(out, src->path, "warning", "invalid-utf8", line, 0, msg);
	}
	/* A lone CR ends a line as LF does (as Python reads it): same offsets. */
	for (size_t i = 0; i < fc.len; i++)
		if (fc.data[i] == '\r' && (i + 1 == fc.len || fc.data[i + 1] != '\n'))
			fc.data[i] = '\n';
	/* A UTF-8 byte order mark is not part of the program. */
	size_t bom = (fc.len >= 3 && memcmp(fc.data, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
	out->path = pfl_arena_strdup(&out->arena, src->path);
	if (!out->context) {
		pfl_suppress_parse(src->lang, fc.data + bom, fc.len - bom, &out->arena, &out->supp);
		if (ctx->o->config)
			for (size_t r = 0; r < ctx->nrules; r++)
				if (ctx->rules[r]->meta->index < 64 &&
				    pfl_config_ignores(ctx->o->config, src->path, ctx->rules[r]->meta))
					out->ignored |= (uint64_t)1 << ctx->rules[r]->meta->index;
	}
	pfl_model m;
	pfl_model_init(&m, src->lang, src->path, fc.data + bom, fc.len - bom);
	m.path = out->path; /* summaries and findings keep pointing at it */
	pfl_frontend_lower(ctx->fe[worker], &m, src->module);
	for (size_t i = 0; i < m.diags.size; i++) {
		const pfl_diag *d = &m.diags.items[i];
		const char *level = d->level == PFL_DIAG_ERROR ? "error" : d->level == PFL_DIAG_WARNING ? "warning" : "note";
		run__diag(out, src->path, level, d->code, d->line, d->col, d->message);
	}
	for (size_t r = 0; r < ctx->nrules && !out->context; r++) {
		pfl_check c = { ctx->rules[r]->meta, out, ctx };
		if (ctx->rules[r]->check_file)
			ctx->rules[r]->check_file(&c, &m);
	}
	if (ctx->project)
		pfl_project_summarize(&m, &out->arena, &out->fns, &out->sites, &out->relations);
	run__record_functions(out, &m);
	run__finish_findings(out, fc.data, fc.len, bom);
	out->analysed = true;
	if (ctx->cache)
		run__cache_save(ctx, out, key, &m);
	run__shrink(out);
	pfl_model_release(&m);
	free(fc.data);
}

/*
 * The project pass: join every file's summaries, run the project checks,
 * then finish their findings by reading those files again.
 */
static void run__project(run__ctx *ctx)
{
	const pfl_source_list *files = ctx->files;
	/* Pointers to every file's summaries and sites, in file order: sized once, nothing copied. */
	size_t nfns = 0, nsites = 0, nrels = 0;
	for (size_t i = 0; i < files->size; i++) {
		nfns += ctx->results[i].fns.size;
		nsites += ctx->results[i].sites.size;
		nrels += ctx->results[i].relations.size;
	}
	pfl_fn_summary **fns = pfl_malloc((nfns ? nfns : 1) * sizeof(*fns));
	const pfl_call_site **sites = pfl_malloc((nsites ? nsites : 1) * sizeof(*sites));
	pfl_relation *rels = pfl_malloc((nrels ? nrels : 1) * sizeof(*rels));
	nfns = nsites = nrels = 0;
	for (size_t i = 0; i < files->size; i++) {
		run__file *f = &ctx->results[i];
		for (size_t k = 0; k < f->fns.size; k++)
			fns[nfns++] = &f->fns.items[k];
		for (size_t k = 0; k < f->sites.size; k++)
			sites[nsites++] = &f->sites.items[k];
		for (size_t k = 0; k < f->relations.size; k++)
			rels[nrels++] = f->relations.items[k];
		pfl_array_release(&f->relations);
	}
	pfl_project p;
	pfl_project_link(&p, fns, nfns, sites, nsites);
	p.relations = rels;
	p.nrelations = nrels;
	for (size_t r = 0; r < ctx->nrules; r++) {
		pfl_check c = { ctx->rules[r]->meta, NULL, ctx };
		if (ctx->rules[r]->check_project)
			ctx->rules[r]->check_project(&c, &p);
	}
	pfl_project_release(&p);
	free(rels);
	free(fns);
	free(sites);
	for (size_t i = 0; i < files->size; i++) {
		pfl_array_release(&ctx->results[i].fns);
		pfl_array_release(&ctx->results[i].sites);
	}
	for (size_t i = 0; i < files->size; i++) {
		run__file *f = &ctx->results[i];
		if (!f->unfinished)
			continue;
		pfl_file_content fc;
		if (run__read(ctx->o, files->items[i].path, 0, &fc) != PFL_READ_OK) {
			for (size_t k = 0; k < f->findings.size; k++)
				if (!f->findings.items[k].code)
					f->findings.items[k].code = "";
			continue;
		}
		size_t bom = (fc.len >= 3 && memcmp(fc.data, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
		run__finish_findings(f, fc.data, fc.len, bom);
		free(fc.data);
	}
}

/*
 * At most o->max_findings findings of a file that are not suppressed, the
 * first ones by position; a notice counts the rest. A pathological file
 * cannot flood the report.
 */
static void run__limit_findings(const pfl_run_opts *o, run__file *f)
{
	if (!o->max_findings || f->findings.size <= o->max_findings)
		return;
	size_t kept = 0, dropped = 0, w = 0;
	for (size_t j = 0; j < f->findings.size; j++) {
		pfl_finding *fi = &f->findings.items[j];
		if (!fi->suppression && kept == o->max_findings) {
			dropped++;
			continue;
		}
		kept += !fi->suppression;
		f->findings.items[w++] = *fi;
	}
	f->findings.size = w;
	if (dropped) {
		char msg[160];
		snprintf(msg, sizeof(msg), "%zu more findings not reported: at most %zu per file (--max-findings-per-file)",
			 dropped, o->max_findings);
		run__diag(f, f->path, "warning", "too-many-findings", 0, 0, msg);
	}
}

/* Whether token names a rule of this run. */
static bool run__token_enabled(const run__ctx *ctx, const char *token)
{
	for (size_t r = 0; r < ctx->nrules; r++)
		if (pfl_rule_matches(ctx->rules[r]->meta, token))
			return true;
	return false;
}

/*
 * A file's problems with suppression comments (always), and the comments
 * that silenced nothing (when asked). A bare `# noqa` is shared with other
 * linters and never reported; a token that names no rule of this run
 * (left out by --select) is not reported either.
 */
static void run__suppression_diags(run__ctx *ctx, run__file *f, pfl_results *res)
{
	if (f->context || !f->analysed)
		return;
	size_t nprob = f->supp.problems.size;
	for (size_t i = 0; i < nprob && i < RUN__MAX_SUPPRESSION_PROBLEMS; i++) {
		const pfl_supp_problem *p = &f->supp.problems.items[i];
		run__diag(f, f->path, "warning", "bad-suppression", p->line, p->col, p->message);
	}
	if (nprob > RUN__MAX_SUPPRESSION_PROBLEMS) {
		char msg[128];
		snprintf(msg, sizeof(msg), "%zu more problems with suppression comments not shown",
			 nprob - RUN__MAX_SUPPRESSION_PROBLEMS);
		const pfl_supp_problem *last = &f->supp.problems.items[RUN__MAX_SUPPRESSION_PROBLEMS];
		run__diag(f, f->path, "warning", "bad-suppression", last->line, last->col, msg);
	}
	if (!ctx->o->unused_suppressions)
		return;
	for (size_t i = 0; i < f->supp.items.size; i++) {
		const pfl_suppression *s = &f->supp.items.items[i];
		if (s->all && s->noqa)
			continue;
		pfl_strbuf unused = PFL_STRBUF_INIT;
		size_t n = 0;
		if (s->all) {
			n = s->used[0] ? 0 : 1;
		} else {
			for (uint32_t t = 0; t < s->ntokens; t++)
				if (!s->used[t] && run__token_enabled(ctx, s->tokens[t])) {
					pfl_strbuf_addf(&unused, "%s%s", n ? ", " : "", s->tokens[t]);
					n++;
				}
		}
		if (n) {
			char msg[512];
			snprintf(msg, sizeof(msg), "unused suppression '%s': no %s%sfinding to silence%s", s->text,
				 unused.len ? unused.buf : "", unused.len ? " " : "", s->scope == PFL_SUPP_FILE ? " in this file" :
				 s->scope == PFL_SUPP_NEXT_LINE ? " on the next line" : " on this line");
			run__diag(f, f->path, "warning", "unused-suppression", s->line, 0, msg);
			res->unused_suppressions++;
		}
		pfl_strbuf_release(&unused);
	}
}

/* Progress on a terminal: after a second, "files done / total". */
static void run__progress(void *vctx, size_t done, size_t total)
{
	run__ctx *ctx = vctx;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double el = (double)(now.tv_sec - ctx->start.tv_sec) + (now.tv_nsec - ctx->start.tv_nsec) / 1e9;
	if (el < 1.0)
		return;
	fprintf(stderr, "\rperflint: %zu/%zu files", done, total);
	fflush(stderr);
	ctx->progress_shown = true;
}

/* The list run__size_cmp reads (qsort has no context argument). */
static const pfl_source_list *run__files;

/* Larger files first; ties by index, so the schedule is fixed. */
static int run__size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	size_t sx = run__files->items[x].size, sy = run__files->items[y].size;
	if (sx != sy)
		return sx > sy ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Order of diagnostics. */
static int run__diag_cmp(const void *a, const void *b)
{
	const pfl_report_diag *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return strcmp(x->code, y->code);
}

/* Analyse the files of ctx->order[0..n) in the pool, largest first. */
static void run__wave(run__ctx *ctx, int jobs, size_t n)
{
	/* Largest files first, so no worker is left with a big one at the end. */
	run__files = ctx->files;
	if (n > 1)
		qsort(ctx->order, n, sizeof(*ctx->order), run__size_cmp);
	run__files = NULL;
	pfl_pool_run(jobs, n, run__file_job, ctx, ctx->o->progress ? run__progress : NULL);
}

/* A module name and the context file that defines it. */
typedef struct run__module {
	const char *name;
	size_t file;
} run__module;

static int run__module_cmp(const void *a, const void *b)
{
	return strcmp(((const run__module *)a)->name, ((const run__module *)b)->name);
}

/*
 * Schedule the context module that defines name or one of its dotted
 * prefixes ("orders.db.load_order": orders.db, then orders), once.
 */
static void run__want(run__ctx *ctx, const run__module *mods, size_t nmods, bool *scheduled, size_t *next,
		      size_t *nnext, const char *name)
{
	if (!name || !nmods)
		return;
	char buf[512];
	size_t len = strlen(name);
	if (len >= sizeof(buf))
		return;
	memcpy(buf, name, len + 1);
	for (;;) {
		run__module key = { buf, 0 };
		const run__module *m = bsearch(&key, mods, nmods, sizeof(*mods), run__module_cmp);
		if (m && !scheduled[m->file]) {
			scheduled[m->file] = true;
			next[(*nnext)++] = m->file;
		}
		char *dot = strrchr(buf, '.');
		if (!dot)
			break;
		*dot = '\0';
	}
	(void)ctx;
}

/*
 * Analyse the run's files. Named files (and C context: a C callee's name
 * does not say its file) go first; then, wave after wave, the Python
 * context modules that the analysed code calls into, so a file named
 * alone resolves its helpers without reading its whole package.
 */
static void run__analyse(run__ctx *ctx, int jobs)
{
	const pfl_source_list *files = ctx->files;
	bool *scheduled = pfl_calloc(files->size ? files->size : 1, sizeof(*scheduled));
	PFL_ARRAY(run__module) mods = { 0 };
	size_t n = 0;
	for (size_t i = 0; i < files->size; i++) {
		const pfl_source *f = &files->items[i];
		if (!f->context || (f->lang == PFL_LANG_C && ctx->project)) {
			scheduled[i] = true;
			ctx->order[n++] = i;
		} else if (ctx->project && f->module) {
			run__module m = { f->module, i };
			pfl_array_push(&mods, m);
		}
	}
	if (mods.size > 1)
		qsort(mods.items, mods.size, sizeof(run__module), run__module_cmp);
	size_t *next = pfl_calloc(files->size ? files->size : 1, sizeof(*next));
	while (n) {
		run__wave(ctx, jobs, n);
		size_t nnext = 0;
		for (size_t k = 0; k < n; k++) {
			const run__file *r = &ctx->results[ctx->order[k]];
			for (size_t s = 0; s < r->sites.size; s++)
				run__want(ctx, mods.items, mods.size, scheduled, next, &nnext, r->sites.items[s].callee);
			for (size_t s = 0; s < r->fns.size; s++)
				for (uint32_t c = 0; c < r->fns.items[s].ncallees; c++)
					run__want(ctx, mods.items, mods.size, scheduled, next, &nnext,
						  r->fns.items[s].callees[c].name);
		}
		memcpy(ctx->order, next, nnext * sizeof(*next));
		n = nnext;
	}
	free(next);
	free(scheduled);
	pfl_array_release(&mods);
}

int pfl_run(const pfl_run_opts *o, pfl_results *res)
{
	memset(res, 0, sizeof(*res));
	size_t nall;
	const pfl_rule *all = pfl_rules_all(&nall);
	run__ctx ctx;
	memset(&ctx, 0, sizeof(ctx));
	ctx.o = o;
	ctx.rules = pfl_calloc(nall ? nall : 1, sizeof(*ctx.rules));
	ctx.base = pfl_calloc(nall ? nall : 1, sizeof(*ctx.base));
	ctx.pin = pfl_calloc(nall ? nall : 1, sizeof(*ctx.pin));
	for (size_t i = 0; i < nall; i++) {
		ctx.base[all[i].meta->index] = all[i].meta->base_score;
		ctx.pin[all[i].meta->index] = -1;
	}
	for (size_t i = 0; o->config && i < o->config->severity.size; i++) {
		const pfl_config_severity *sv = &o->config->severity.items[i];
		if (sv->base >= 0)
			ctx.base[sv->rule->index] = sv->base;
		if (sv->level >= 0)
			ctx.pin[sv->rule->index] = sv->level;
	}
	for (size_t i = 0; i < nall; i++)
		if (pfl_rule_enabled(o, all[i].meta)) {
			ctx.rules[ctx.nrules++] = &all[i];
			pfl_array_push(&res->rules, all[i].meta);
			if (all[i].check_project)
				ctx.project = true;
		}

	pfl_source_list files = { 0 };
	pfl_diag_list diags = { 0 };
	pfl_discover(o, &res->arena, &files, &diags, &res->io_error);
	for (size_t i = 0; i < diags.size; i++)
		pfl_array_push(&res->diags, diags.items[i]);
	pfl_array_release(&diags);

	/* C files need their compile flags: from a database, or defaults. */
	pfl_cflags *cflags = NULL;
	bool any_c = false;
	for (size_t i = 0; i < files.size && !any_c; i++)
		any_c = files.items[i].lang == PFL_LANG_C;
	if (any_c || o->compile_commands) {
		/* Looked up in each analysed path, then in the current directory. */
		const char **roots = pfl_calloc(o->npaths + 1, sizeof(*roots));
		for (size_t i = 0; i < o->npaths; i++)
			roots[i] = o->paths[i];
		roots[o->npaths] = ".";
		pfl_cflags_opts co = {
			.database = o->compile_commands,
			.roots = roots,
			.nroots = o->npaths + 1,
			.include_dirs = o->include_dirs,
			.ninclude_dirs = o->ninclude_dirs,
			.defines = o->defines,
			.ndefines = o->ndefines,
		};
		const char *db = NULL;
		cflags = pfl_cflags_new(&co, &db);
		free(roots);
		if (!cflags) {
			free(ctx.rules);
			free(ctx.base);
			free(ctx.pin);
			pfl_array_release(&files);
			return -1;
		}
	}

	int jobs = o->jobs > 0 ? o->jobs : 1;
	ctx.files = &files;
	ctx.cflags = cflags;
	ctx.cache = o->cache_dir && o->noverlays == 0 ? pfl_cache_open(o->cache_dir, o->cache_quiet) : NULL;
	ctx.results = pfl_calloc(files.size ? files.size : 1, sizeof(*ctx.results));
	ctx.fe = pfl_calloc((size_t)jobs, sizeof(*ctx.fe));
	for (int i = 0; i < jobs; i++)
		ctx.fe[i] = pfl_frontend_new(o->parse_timeout_us, cflags);
	ctx.order = pfl_calloc(files.size ? files.size : 1, sizeof(*ctx.order));
	clock_gettime(CLOCK_MONOTONIC, &ctx.start);
	run__analyse(&ctx, jobs);
	if (ctx.progress_shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	for (int i = 0; i < jobs; i++)
		pfl_frontend_free(ctx.fe[i]);
	free(ctx.fe);
	pfl_cflags_free(cflags);
	ctx.cflags = NULL;
	pfl_cache_close(ctx.cache);
	if (ctx.project)
		run__project(&ctx);
	for (size_t i = 0; i < files.size; i++)
		run__suppression_diags(&ctx, &ctx.results[i], res);

	/* Merge in file order: the output is the same for any --jobs. */
	for (size_t i = 0; i < files.size; i++) {
		run__file *f = &ctx.results[i];
		pfl_suppressions_release(&f->supp);
		if (f->context) {
			/* Read to resolve calls; nothing of it is reported. */
			pfl_array_release(&f->findings);
			f->diags.size = 0;
		}
		if (f->analysed && !f->context) {
			res->files_analysed++;
			pfl_array_push(&res->analysed, f->path);
		}
		if (f->io_error && !f->context)
			res->io_error = true;
		run__limit_findings(o, f);
		for (size_t j = 0; j < f->findings.size; j++)
			pfl_array_push(&res->findings, f->findings.items[j]);
		for (size_t j = 0; j < f->diags.size; j++)
			pfl_array_push(&res->diags, f->diags.items[j]);
		pfl_array_release(&f->findings);
		pfl_array_release(&f->diags);
		pfl_array_release(&f->fns);
		pfl_array_release(&f->sites);
		pfl_array_release(&f->relations);
		pfl_array_release(&f->fnspans);
	}
	if (res->diags.size > 1)
		qsort(res->diags.items, res->diags.size, sizeof(pfl_report_diag), run__diag_cmp);
	/* Keep the per-file arenas alive: chain them into the results' arena list. */
	res->file_arenas = pfl_calloc(files.size ? files.size : 1, sizeof(pfl_arena));
	for (size_t i = 0; i < files.size; i++)
		res->file_arenas[i] = ctx.results[i].arena;
	res->nfile_arenas = files.size;
	free(ctx.results);
	free(ctx.order);
	free(ctx.rules);
	free(ctx.base);
	free(ctx.pin);
	pfl_array_release(&files);
	return 0;
}

void pfl_results_release(pfl_results *res)
{
	for (size_t i = 0; i < res->nfile_arenas; i++)
		pfl_arena_release(&res->file_arenas[i]);
	free(res->file_arenas);
	pfl_array_release(&res->findings);
	pfl_array_release(&res->diags);
	pfl_array_release(&res->rules);
	pfl_array_release(&res->analysed);
	pfl_arena_release(&res->arena);
	memset(res, 0, sizeof(*res));
}
