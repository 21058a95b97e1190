/* model.c - construction and queries of the code model. */
#include "model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loops.h"

void pfl_model_init(pfl_model *m, pfl_lang lang, const char *path, const char *source, size_t len)
{
	pfl_loops_forget(); /* a new model may sit where the last one was */
	memset(m, 0, sizeof(*m));
	m->lang = lang;
	m->path = pfl_arena_strdup(&m->arena, path);
	m->source = source;
	m->source_len = len;
}

void pfl_model_release(pfl_model *m)
{
	pfl_array_release(&m->deps);
	pfl_array_release(&m->scopes);
	pfl_array_release(&m->loops);
	pfl_array_release(&m->calls);
	pfl_array_release(&m->assigns);
	pfl_array_release(&m->members);
	pfl_array_release(&m->names);
	pfl_array_release(&m->attrs);
	pfl_array_release(&m->relations);
	free(m->kb_memo);
	m->kb_memo = NULL;
	free(m->kb_loops);
	m->kb_loops = NULL;
	pfl_loops_forget();
	pfl_array_release(&m->diags);
	pfl_arena_release(&m->arena);
}

void pfl_model_diag(pfl_model *m, pfl_diag_level level, const char *code,
		    uint32_t line, uint32_t col, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pfl_diag *d = pfl_array_grow_one(&m->diags);
	d->level = level;
	d->code = code;
	d->message = pfl_arena_strdup(&m->arena, buf);
	d->line = line;
	d->col = col;
}

const pfl_name *pfl_model_name_in(const pfl_model *m, int32_t scope, const char *name)
{
	if (scope < 0 || (size_t)scope >= m->scopes.size)
		return NULL;
	/* A scope's names are sorted by name: binary search. */
	const pfl_scope *s = &m->scopes.items[scope];
	uint32_t lo = 0, hi = s->nnames;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const pfl_name *n = &m->names.items[s->first_name + mid];
		int c = strcmp(name, n->name);
		if (c == 0)
			return n;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

pfl_type pfl_model_name_type(const pfl_model *m, int32_t scope, const char *name)
{
	bool first = true;
	if (strncmp(name, "self.", 5) == 0) {
		/* self.x: the facts of the class whose method this is. */
		int32_t f = scope;
		while (f > 0 && m->scopes.items[f].kind != PFL_SCOPE_FUNCTION)
			f = m->scopes.items[f].parent;
		int32_t cls = f > 0 ? m->scopes.items[f].parent : -1;
		const pfl_name *n = NULL;
		if (cls > 0 && m->scopes.items[cls].kind == PFL_SCOPE_CLASS)
			n = pfl_model_name_in(m, cls, name);
		return n ? n->type : pfl_type_make(PFL_KIND_UNKNOWN, PFL_CERT_NONE);
	}
	while (scope >= 0 && (size_t)scope < m->scopes.size) {
		const pfl_scope *s = &m->scopes.items[scope];
		/* Class bodies are not visible from the functions inside them. */
		if (first || s->kind != PFL_SCOPE_CLASS) {
			const pfl_name *n = pfl_model_name_in(m, scope, name);
			if (n && n->is_global && scope != 0) {
				const pfl_name *g = pfl_model_name_in(m, 0, name);
				return g ? g->type : pfl_type_make(PFL_KIND_UNKNOWN, PFL_CERT_NONE);
			}
			if (n)
				return n->type;
		}
		first = false;
		scope = s->parent;
	}
	return pfl_type_make(PFL_KIND_UNKNOWN, PFL_CERT_NONE);
}

bool pfl_model_loop_within(const pfl_model *m, int32_t inner, int32_t outer)
{
	while (inner >= 0) {
		if (inner == outer)
			return true;
		inner = m->loops.items[inner].parent;
	}
	return false;
}

int32_t pfl_model_function_of(const pfl_model *m, int32_t scope)
{
	while (scope > 0) {
		pfl_scope_kind k = m->scopes.items[scope].kind;
		if (k == PFL_SCOPE_FUNCTION || k == PFL_SCOPE_LAMBDA)
			return scope;
		scope = m->scopes.items[scope].parent;
	}
	return 0;
}

const char *pfl_kind_name(pfl_kind k)
{
	static const char *const names[PFL_KIND__COUNT] = {
		[PFL_KIND_UNKNOWN] = "unknown", [PFL_KIND_STR] = "str",
		[PFL_KIND_BYTES] = "bytes", [PFL_KIND_BYTEARRAY] = "bytearray",
		[PFL_KIND_TUPLE] = "tuple", [PFL_KIND_LIST] = "list",
		[PFL_KIND_SET] = "set", [PFL_KIND_FROZENSET] = "frozenset",
		[PFL_KIND_DICT] = "dict", [PFL_KIND_DICT_VIEW] = "dict view",
		[PFL_KIND_INT] = "int", [PFL_KIND_FLOAT] = "float",
		[PFL_KIND_COMPLEX] = "complex", [PFL_KIND_BOOL] = "bool",
		[PFL_KIND_NONE] = "None", [PFL_KIND_RANGE] = "range",
		[PFL_KIND_ITERATOR] = "iterator", [PFL_KIND_OBJECT] = "object",
		[PFL_KIND_MODULE] = "module", [PFL_KIND_CALLABLE] = "callable",
	};
	return (k >= 0 && k < PFL_KIND__COUNT && names[k]) ? names[k] : "unknown";
}

pfl_type pfl_type_make(pfl_kind k, pfl_certainty c)
{
	pfl_type t = { k, k == PFL_KIND_UNKNOWN ? PFL_CERT_NONE : c, NULL };
	return t;
}

bool pfl_span_within(const pfl_span *a, const pfl_span *b)
{
	return b->end_byte > b->start_byte && a->start_byte >= b->start_byte && a->end_byte <= b->end_byte;
}
