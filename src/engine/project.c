/* project.c - summaries per file, and their join over the call graph. */
#include "project.h"

#include <stdlib.h>
#include <string.h>

#include "../model/loops.h"
#include "../util/alloc.h"
#include "kb.h"

/* The function (not lambda, not class) whose body holds scope, or -1. */
static int32_t project__function(const pfl_model *m, int32_t scope)
{
	while (scope > 0) {
		const pfl_scope *s = &m->scopes.items[scope];
		if (s->kind == PFL_SCOPE_FUNCTION)
			return scope;
		if (s->kind == PFL_SCOPE_LAMBDA || s->kind == PFL_SCOPE_CLASS)
			return -1;
		scope = s->parent;
	}
	return -1;
}

/* Copy a NULL-terminated string list into arena. */
static const char *const *project__strs(pfl_arena *arena, const char **l)
{
	size_t n = 0;
	while (l && l[n])
		n++;
	const char **out = pfl_arena_alloc(arena, (n + 1) * sizeof(*out));
	for (size_t i = 0; i < n; i++)
		out[i] = pfl_arena_strdup(arena, l[i]);
	out[n] = NULL;
	return out;
}

/* Relation fields, and attribute chains read from queryset rows in their loop. */
static void project__orm(const pfl_model *m, pfl_arena *arena, pfl_site_list *sites, pfl_relation_list *relations)
{
	for (size_t i = 0; i < m->relations.size; i++) {
		pfl_relation r = m->relations.items[i];
		r.model = pfl_arena_strdup(arena, r.model);
		r.field = pfl_arena_strdup(arena, r.field);
		r.target = pfl_arena_strdup(arena, r.target);
		r.related_name = r.related_name ? pfl_arena_strdup(arena, r.related_name) : NULL;
		pfl_array_push(relations, r);
	}
	for (size_t i = 0; i < m->attrs.size; i++) {
		const pfl_attr *at = &m->attrs.items[i];
		/* The loop (this one or an outer one) that binds the row. */
		for (int32_t l = at->loop; l >= 0; l = m->loops.items[l].parent) {
			const pfl_loop *lp = &m->loops.items[l];
			if (!lp->qs_model || !lp->bound || !lp->bound[0] || strcmp(lp->bound[0], at->base) != 0)
				continue;
			uint32_t depth = pfl_loops_repeat_depth(m, at->loop, at->once_loop);
			if (depth == 0)
				break;
			pfl_call_site *site = pfl_array_grow_one(sites);
			site->kind = PFL_SITE_ROW;
			site->path = m->path;
			site->span = at->span;
			site->callee = pfl_arena_strdup(arena, lp->qs_model);
			site->text = pfl_arena_strdup(arena, at->chain);
			site->loop_depth = depth;
			site->loop_head = lp->head_span;
			char head[96];
			pfl_loops_head_text(m, lp, head, sizeof(head));
			site->loop_text = pfl_arena_strdup(arena, head);
			site->related = project__strs(arena, lp->qs_related);
			break;
		}
	}
}

/*
 * One copy of each callee name, call text and loop head per file: "len", "self.assertEqual" and
 * the like recur thousands of times, and summaries live until the report.
 */
typedef struct project__names {
	pfl_arena *arena;
	const char **slots;
	size_t mask;
	size_t n;
} project__names;

static uint64_t project__hash(const char *s);

static const char *project__intern(project__names *t, const char *s)
{
	if ((t->n + 1) * 2 > t->mask) {
		size_t cap = t->mask ? (t->mask + 1) * 2 : 64;
		const char **old = t->slots;
		size_t oldcap = t->mask ? t->mask + 1 : 0;
		t->slots = pfl_calloc(cap, sizeof(*t->slots));
		t->mask = cap - 1;
		for (size_t i = 0; i < oldcap; i++)
			if (old[i]) {
				size_t h = (size_t)project__hash(old[i]) & t->mask;
				while (t->slots[h])
					h = (h + 1) & t->mask;
				t->slots[h] = old[i];
			}
		free(old);
	}
	size_t h = (size_t)project__hash(s) & t->mask;
	while (t->slots[h]) {
		if (strcmp(t->slots[h], s) == 0)
			return t->slots[h];
		h = (h + 1) & t->mask;
	}
	t->n++;
	return t->slots[h] = pfl_arena_strdup(t->arena, s);
}

/* A new call site of the given kind for call, with what every kind shares. */
static pfl_call_site *project__site(const pfl_model *m, project__names *names, pfl_site_list *sites,
				    const pfl_call *call, pfl_site_kind kind, bool direct)
{
	pfl_call_site *site = pfl_array_grow_one(sites);
	site->kind = kind;
	site->path = m->path;
	site->span = call->span;
	site->callee = project__intern(names, call->callee);
	site->text = call->text ? project__intern(names, call->text) : site->callee;
	site->direct_effect = direct;
	return site;
}

/* C: functions registered as event-loop callbacks by call (a knowledge-base registration API). */
static void project__callbacks(const pfl_model *m, pfl_arena *arena, pfl_site_list *sites, const pfl_call *call)
{
	if (m->lang != PFL_LANG_C)
		return;
	const pfl_kb_entry *e = pfl_kb_lookup(m, call, PFL_KB_CALLBACK);
	if (!e)
		return;
	for (int i = 0; i < e->nargs; i++) {
		int a = e->args[i] < 0 ? (int)call->nargs - 1 : e->args[i];
		if (a < 0 || (uint32_t)a >= call->nargs)
			continue;
		const pfl_type *t = &call->args[a].value.type;
		if (t->kind != PFL_KIND_CALLABLE || !t->name)
			continue;
		pfl_call_site *site = pfl_array_grow_one(sites);
		site->kind = PFL_SITE_CALLBACK;
		site->path = m->path;
		site->span = call->span;
		site->callee = pfl_arena_strdup(arena, t->name);
		site->text = pfl_arena_strdup(arena, call->text ? call->text : call->callee);
		site->async_fn = pfl_arena_strdup(arena, e->framework);
	}
}

/* C: functions whose top-level loop searches an array or list linearly for a parameter. */
static void project__searches(const pfl_model *m, pfl_arena *arena, pfl_summary_list *fns, const int32_t *of)
{
	if (m->lang != PFL_LANG_C)
		return;
	for (size_t i = 0; i < m->members.size; i++) {
		const pfl_member *mb = &m->members.items[i];
		const pfl_expr *elem, *value;
		int32_t L = pfl_loops_scan(m, mb, &elem, &value);
		int32_t fn = project__function(m, mb->scope);
		if (L < 0 || m->loops.items[L].parent >= 0 || fn < 0 || of[fn] < 0 || !pfl_loops_repeats(m, L, -1))
			continue;
		pfl_fn_summary *f = &fns->items[of[fn]];
		const pfl_scope *sc = &m->scopes.items[fn];
		bool from_param = false;
		for (uint32_t p = 0; p < sc->nparams && !from_param; p++)
			from_param = pfl_loops_has_name(value->names, sc->params[p].name);
		/* A search finds something: the test's block leaves the loop (return, break). */
		if (!from_param || f->op[PFL_EFFECT_SCANS] || !pfl_loops_guard_exits(m, mb))
			continue;
		/* A search helper is the loop: a function with other top-level loops does more than search. */
		int top = 0;
		for (size_t l = 0; l < m->loops.size; l++)
			top += m->loops.items[l].parent < 0 && project__function(m, m->loops.items[l].scope) == fn;
		if (top != 1)
			continue;
		pfl_effect_op *op = pfl_arena_alloc(arena, sizeof(*op));
		*op = (pfl_effect_op){ m->path, mb->span, pfl_arena_strdup(arena, elem->elem_of), "a linear search", NULL, NULL };
		f->op[PFL_EFFECT_SCANS] = op;
	}
}

/*
 * What the knowledge base makes of a call: *rt its round trip (not a bulk
 * operation), *bl its blocking call (not awaited, not async), and the
 * result, the entry that classifies it (or NULL for a call to link).
 */
static const pfl_kb_entry *project__effects(const pfl_model *m, const pfl_call *call, const pfl_kb_entry **rt,
					    const pfl_kb_entry **bl)
{
	*rt = pfl_kb_lookup(m, call, PFL_KB_ROUND_TRIP);
	*bl = pfl_kb_lookup(m, call, PFL_KB_BLOCKING);
	if (*rt && pfl_kb_lookup(m, call, PFL_KB_BULK))
		*rt = NULL;
	if (*bl && ((call->flags & PFL_CALL_AWAITED) || pfl_kb_lookup(m, call, PFL_KB_ASYNC)))
		*bl = NULL;
	return *rt ? *rt : *bl ? *bl : pfl_kb_classify(m, call);
}

/*
 * Whether a call can name a function of the project, to join over. A
 * Python function's qualified name has its module before a dot, so a
 * dotless name ("len", "print") names none, except in a file that has no
 * module name ("my-script.py"), whose functions go by their bare names.
 */
static bool project__links(const pfl_model *m, const pfl_call *call, const pfl_kb_entry *e)
{
	return !e && call->callee &&
	       (m->lang == PFL_LANG_C || !m->module || !*m->module || strchr(call->callee, '.'));
}

void pfl_project_summarize(const pfl_model *m, pfl_arena *arena, pfl_summary_list *fns,
			   pfl_site_list *sites, pfl_relation_list *relations)
{
	project__names interned = { arena, NULL, 0, 0 };
	if (m->scopes.size == 0)
		return;
	project__orm(m, arena, sites, relations);
	/* One summary per function scope; map scope -> summary index. Reserved at once: one reallocation. */
	size_t nfn = 0;
	for (size_t s = 0; s < m->scopes.size; s++)
		nfn += m->scopes.items[s].kind == PFL_SCOPE_FUNCTION && m->scopes.items[s].qualname;
	pfl_array_reserve(fns, nfn);
	int32_t *of = pfl_calloc(m->scopes.size, sizeof(*of));
	for (size_t s = 0; s < m->scopes.size; s++) {
		of[s] = -1;
		const pfl_scope *sc = &m->scopes.items[s];
		if (sc->kind != PFL_SCOPE_FUNCTION || !sc->qualname)
			continue;
		of[s] = (int32_t)fns->size;
		pfl_fn_summary *f = pfl_array_grow_one(fns);
		f->qualname = pfl_arena_strdup(arena, sc->qualname);
		f->path = m->path;
		f->name_span = sc->name_span;
		f->is_async = sc->is_async;
	}
	/* Count callees and blocking calls per function first, to size their arrays exactly. */
	uint32_t *ncall = pfl_calloc(m->scopes.size, sizeof(*ncall));
	uint32_t *nblock = pfl_calloc(m->scopes.size, sizeof(*nblock));
	/* What the knowledge base makes of each call, once: [3i] the result, [3i+1] round trip, [3i+2] blocking. */
	const pfl_kb_entry **eff = pfl_malloc((m->calls.size ? m->calls.size : 1) * 3 * sizeof(*eff));
	for (size_t i = 0; i < m->calls.size; i++) {
		const pfl_call *call = &m->calls.items[i];
		eff[3 * i] = project__effects(m, call, &eff[3 * i + 1], &eff[3 * i + 2]);
		int32_t fn = project__function(m, call->scope);
		if (fn < 0 || of[fn] < 0)
			continue;
		ncall[fn] += project__links(m, call, eff[3 * i]);
		nblock[fn] += eff[3 * i + 2] != NULL;
	}
	for (size_t s = 0; s < m->scopes.size; s++) {
		if (of[s] >= 0 && ncall[s])
			fns->items[of[s]].callees = pfl_arena_zalloc(arena, ncall[s] * sizeof(pfl_callee));
		if (of[s] >= 0 && nblock[s])
			fns->items[of[s]].blocks = pfl_arena_zalloc(arena, nblock[s] * sizeof(pfl_effect_op));
	}
	for (size_t i = 0; i < m->calls.size; i++) {
		const pfl_call *call = &m->calls.items[i];
		int32_t fn = project__function(m, call->scope);
		const pfl_kb_entry *e = eff[3 * i], *e_rt = eff[3 * i + 1], *e_bl = eff[3 * i + 2];
		bool rt = e_rt != NULL;
		bool bl = e_bl != NULL;
		if (fn >= 0 && of[fn] >= 0) {
			pfl_fn_summary *f = &fns->items[of[fn]];
			/* A round trip made by a sync driver also blocks: both effects. */
			if (rt && !f->op[PFL_EFFECT_ROUND_TRIP]) {
				pfl_effect_op *op = pfl_arena_alloc(arena, sizeof(*op));
				*op = (pfl_effect_op){ m->path, call->span, call->text ? pfl_arena_strdup(arena, call->text) : NULL,
						       e_rt->what, e_rt->fix, e_rt->replacement };
				f->op[PFL_EFFECT_ROUND_TRIP] = op;
			}
			if (bl) {
				pfl_effect_op op = { m->path, call->span, call->text ? pfl_arena_strdup(arena, call->text) : NULL,
						     e_bl->what, e_bl->fix, e_bl->replacement };
				f->blocks[f->nblocks] = op;
				if (!f->op[PFL_EFFECT_BLOCKS])
					f->op[PFL_EFFECT_BLOCKS] = &f->blocks[f->nblocks];
				f->nblocks++;
			}
			if (project__links(m, call, e)) {
				pfl_callee *ce = &f->callees[f->ncallees++];
				ce->name = project__intern(&interned, call->callee);
				ce->span = call->span;
			}
		}
		project__callbacks(m, arena, sites, call);
		if (!call->callee || (e && e->kind != PFL_KB_ROUND_TRIP && e->kind != PFL_KB_BLOCKING))
			continue;
		/* A helper named execute() runs whatever statement it is given: a script, not N+1. */
		bool runner = call->method && (strcmp(call->method, "execute") == 0 ||
					       strcmp(call->method, "executescript") == 0 ||
					       strcmp(call->method, "execute_sql") == 0);
		/* Call sites the project rules look at. */
		if (call->loop >= 0 && !(runner && !rt)) {
			const char *names[129];
			pfl_loops_call_names(call, names, 128);
			pfl_call_site *site = project__site(m, &interned, sites, call, PFL_SITE_LOOP, rt || bl);
			int32_t var = pfl_loops_varying(m, call->loop, names);
			/* A loop stepping through batches (range(0, n, size)) is the fix, not the problem. */
			site->varying = var >= 0 && !m->loops.items[var].chunked;
			site->loop_depth = pfl_kb_item_depth(m, call);
			const pfl_loop *lp = &m->loops.items[var >= 0 ? var : call->loop];
			char head[96];
			pfl_loops_head_text(m, lp, head, sizeof(head));
			site->loop_head = lp->head_span;
			site->loop_text = project__intern(&interned, head);
		}
		if (fn >= 0 && m->scopes.items[fn].is_async && !(call->flags & PFL_CALL_AWAITED)) {
			pfl_call_site *site = project__site(m, &interned, sites, call, PFL_SITE_ASYNC, rt || bl);
			site->async_fn = pfl_arena_strdup(arena, m->scopes.items[fn].name);
			site->async_span = m->scopes.items[fn].name_span;
		}
	}
	project__searches(m, arena, fns, of);
	free(interned.slots);
	free(eff);
	free(ncall);
	free(nblock);
	free(of);
}

/* FNV-1a. */
static uint64_t project__hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

/* Exact lookup of a qualified name in the index. */
static int32_t project__find_exact(const pfl_project *p, const char *qualname)
{
	if (!p->cap)
		return -1;
	size_t i = (size_t)(project__hash(qualname) & (p->cap - 1));
	while (p->index[i] >= 0) {
		if (strcmp(p->fns[p->index[i]]->qualname, qualname) == 0)
			return p->index[i];
		i = (i + 1) & (p->cap - 1);
	}
	return -1;
}

int32_t pfl_project_find(const pfl_project *p, const char *qualname)
{
	int32_t r = project__find_exact(p, qualname);
	if (r >= 0 || !strstr(qualname, "()."))
		return r;
	/* A method called on an instance: "mod.Repo().get" is defined as "mod.Repo.get". */
	size_t n = strlen(qualname);
	char buf[512];
	if (n >= sizeof(buf))
		return -1;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (qualname[i] == '(' && qualname[i + 1] == ')') {
			i++;
			continue;
		}
		buf[k++] = qualname[i];
	}
	buf[k] = '\0';
	return project__find_exact(p, buf);
}

void pfl_project_link(pfl_project *p, pfl_fn_summary *const *fns, size_t nfns,
		      const pfl_call_site *const *sites, size_t nsites)
{
	memset(p, 0, sizeof(*p));
	p->fns = fns;
	p->nfns = nfns;
	p->sites = sites;
	p->nsites = nsites;
	p->cap = 16;
	while (p->cap < nfns * 2 + 2)
		p->cap *= 2;
	p->index = pfl_malloc(p->cap * sizeof(*p->index));
	for (size_t i = 0; i < p->cap; i++)
		p->index[i] = -1;
	for (size_t f = 0; f < nfns; f++) {
		/* The first definition of a name wins (files are in path order). */
		if (project__find_exact(p, fns[f]->qualname) >= 0)
			continue;
		size_t i = (size_t)(project__hash(fns[f]->qualname) & (p->cap - 1));
		while (p->index[i] >= 0)
			i = (i + 1) & (p->cap - 1);
		p->index[i] = (int32_t)f;
	}
	/* Reverse edges: for each function, the (caller, call) pairs that call it. */
	size_t nedges = 0;
	for (size_t f = 0; f < nfns; f++)
		nedges += fns[f]->ncallees;
	size_t *start = pfl_calloc(nfns + 1, sizeof(*start));
	int32_t *callee_of = pfl_malloc((nedges ? nedges : 1) * sizeof(*callee_of));
	size_t k = 0;
	for (size_t f = 0; f < nfns; f++)
		for (uint32_t c = 0; c < fns[f]->ncallees; c++) {
			int32_t t = pfl_project_find(p, fns[f]->callees[c].name);
			callee_of[k++] = t;
			if (t >= 0)
				start[t + 1]++;
		}
	for (size_t f = 0; f < nfns; f++)
		start[f + 1] += start[f];
	int32_t *rev_fn = pfl_malloc((nedges ? nedges : 1) * sizeof(*rev_fn));
	int32_t *rev_call = pfl_malloc((nedges ? nedges : 1) * sizeof(*rev_call));
	size_t *fill = pfl_calloc(nfns + 1, sizeof(*fill));
	k = 0;
	for (size_t f = 0; f < nfns; f++)
		for (uint32_t c = 0; c < fns[f]->ncallees; c++, k++) {
			int32_t t = callee_of[k];
			if (t < 0)
				continue;
			size_t pos = start[t] + fill[t]++;
			rev_fn[pos] = (int32_t)f;
			rev_call[pos] = (int32_t)c;
		}
	/* Breadth-first from the functions with direct effects, backwards along calls. */
	int32_t *queue = pfl_malloc((nfns ? nfns : 1) * sizeof(*queue));
	for (int eff = 0; eff < PFL_EFFECT__COUNT; eff++) {
		size_t head = 0, tail = 0;
		bool propagate = eff != PFL_EFFECT_SCANS; /* calling a search once is not a search */
		for (size_t f = 0; f < nfns; f++) {
			fns[f]->has[eff] = fns[f]->op[eff] != NULL;
			fns[f]->via_fn[eff] = -1;
			fns[f]->via_call[eff] = -1;
			if (fns[f]->has[eff] && propagate)
				queue[tail++] = (int32_t)f;
		}
		while (head < tail) {
			int32_t t = queue[head++];
			for (size_t r = start[t]; r < start[t + 1]; r++) {
				int32_t caller = rev_fn[r];
				pfl_fn_summary *cf = fns[caller];
				if (cf->has[eff])
					continue;
				/* An async callee does not block its caller: calling it makes a coroutine. */
				if (eff == PFL_EFFECT_BLOCKS && fns[t]->is_async)
					continue;
				cf->has[eff] = true;
				cf->via_fn[eff] = t;
				cf->via_call[eff] = rev_call[r];
				queue[tail++] = caller;
			}
		}
	}
	free(queue);
	free(fill);
	free(rev_fn);
	free(rev_call);
	free(callee_of);
	free(start);
}

void pfl_project_release(pfl_project *p)
{
	free(p->index);
	memset(p, 0, sizeof(*p));
}

pfl_callback *pfl_project_callbacks(const pfl_project *p, size_t *n)
{
	bool *seen = pfl_calloc(p->nfns ? p->nfns : 1, sizeof(*seen));
	PFL_ARRAY(pfl_callback) out = { 0 };
	for (size_t i = 0; i < p->nsites; i++) {
		const pfl_call_site *s = p->sites[i];
		if (s->kind != PFL_SITE_CALLBACK)
			continue;
		int32_t fn = pfl_project_find(p, s->callee);
		if (fn < 0 || seen[fn])
			continue;
		seen[fn] = true;
		pfl_callback cb = { fn, s };
		pfl_array_push(&out, cb);
	}
	free(seen);
	*n = out.size;
	return out.items;
}

const char *pfl_project_shown_name(const char *qualname)
{
	const char *colon = strrchr(qualname, ':');
	return colon ? colon + 1 : qualname;
}
