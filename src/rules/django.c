/*
 * django.c - PFL103: a related object loaded per row of a queryset.
 *
 * In "for order in Order.objects.filter(...)", reading order.customer.name
 * runs one query per row unless the queryset has select_related("customer")
 * (or prefetch_related); order.items.all() on a reverse or many-to-many
 * relation does the same unless it is prefetched. The model's relation
 * fields come from every file of the project (the project pass); order.
 * customer_id is the column itself and costs nothing.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../engine/project.h"
#include "../util/strbuf.h"
#include "checks.h"

/* Manager methods that run a query on a related manager. */
static bool django__manager_method(const char *m)
{
	/*
	 * Only what prefetch_related answers from the prefetched rows, the fix
	 * this rule gives: filter(), order_by(), get() and the like query again.
	 */
	static const char *const names[] = { "all", "count", "exists" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i], m) == 0)
			return true;
	return false;
}

/* The last dotted component. */
static const char *django__last(const char *q)
{
	const char *d = strrchr(q, '.');
	return d ? d + 1 : q;
}

/* Whether a relation's target names model (qualified, bare, or "app.Model"). */
static bool django__targets(const pfl_relation *r, const char *model)
{
	if (strcmp(r->target, model) == 0)
		return true;
	return strcmp(django__last(r->target), django__last(model)) == 0;
}

/* Whether model names the class that declares r. */
static bool django__declared_by(const pfl_relation *r, const char *model)
{
	return strcmp(r->model, model) == 0 ||
	       (strcmp(django__last(r->model), django__last(model)) == 0 && !strchr(model, '.'));
}

/* The reverse accessor name of r on its target: related_name, or model_set / model. */
static void django__reverse_name(const pfl_relation *r, char *buf, size_t n)
{
	if (r->related_name) {
		snprintf(buf, n, "%s", r->related_name);
		return;
	}
	const char *cls = django__last(r->model);
	size_t k = 0;
	for (; cls[k] && k + 5 < n; k++)
		buf[k] = (char)tolower((unsigned char)cls[k]);
	buf[k] = '\0';
	if (r->kind != PFL_REL_ONE_TO_ONE)
		snprintf(buf + k, n - k, "_set");
}

/* Whether the queryset's related paths load the relation named first. */
static bool django__covered(const char *const *related, const char *first)
{
	size_t fl = strlen(first);
	for (; related && *related; related++)
		if (strncmp(*related, first, fl) == 0 && ((*related)[fl] == '\0' || strncmp(*related + fl, "__", 2) == 0))
			return true;
	return false;
}

/*
 * The relation named first on model: a field it declares, or a reverse
 * accessor of a field pointing at it. *manager says whether it is a
 * manager (many rows) rather than one object.
 */
static const pfl_relation *django__relation(const pfl_project *p, const char *model, const char *first,
					     bool *manager)
{
	for (size_t k = 0; k < p->nrelations; k++) {
		const pfl_relation *r = &p->relations[k];
		if (django__declared_by(r, model) && strcmp(r->field, first) == 0) {
			*manager = r->kind == PFL_REL_MANY_TO_MANY;
			return r;
		}
	}
	for (size_t k = 0; k < p->nrelations; k++) {
		const pfl_relation *r = &p->relations[k];
		char acc[160];
		if (!django__targets(r, model) || (r->related_name && strcmp(r->related_name, "+") == 0))
			continue;
		django__reverse_name(r, acc, sizeof(acc));
		if (strcmp(acc, first) == 0) {
			*manager = r->kind != PFL_REL_ONE_TO_ONE;
			return r;
		}
	}
	return NULL;
}

/* Order of (path, start byte). */
static int django__site_cmp(const void *a, const void *b)
{
	const pfl_call_site *x = *(const pfl_call_site *const *)a, *y = *(const pfl_call_site *const *)b;
	int c = strcmp(x->path, y->path);
	if (c)
		return c;
	return x->span.start_byte < y->span.start_byte ? -1 : x->span.start_byte > y->span.start_byte;
}

/* PFL103 */
void pfl_check_related_per_row(pfl_check *c, const pfl_project *p)
{
	const char *last_path = NULL;
	uint32_t last_line = 0;
	/*
	 * Calls in loops that are round trips themselves (row.orders.count()):
	 * PFL101 reports them, with the fix for a query per row; one finding.
	 */
	PFL_ARRAY(const pfl_call_site *) direct = { 0 };
	for (size_t i = 0; i < p->nsites; i++)
		if (p->sites[i]->kind == PFL_SITE_LOOP && p->sites[i]->direct_effect)
			pfl_array_push(&direct, p->sites[i]);
	if (direct.size > 1)
		qsort(direct.items, direct.size, sizeof(*direct.items), django__site_cmp);
	for (size_t i = 0; i < p->nsites; i++) {
		const pfl_call_site *s = p->sites[i];
		if (s->kind != PFL_SITE_ROW)
			continue;
		if (direct.size && bsearch(&s, direct.items, direct.size, sizeof(*direct.items), django__site_cmp))
			continue;
		/* Walk the chain hop by hop: order.customer.address.city. */
		char first[128], second[128], path[256];
		const char *model = s->callee, *comp = s->text;
		const pfl_relation *rel = NULL;
		bool manager = false, found = false;
		path[0] = '\0';
		for (int hop = 0; hop < 8; hop++) {
			const char *dot = strchr(comp, '.');
			if (!dot || (size_t)(dot - comp) >= sizeof(first))
				break;
			snprintf(first, sizeof(first), "%.*s", (int)(dot - comp), comp);
			const char *d2 = strchr(dot + 1, '.');
			snprintf(second, sizeof(second), "%.*s",
				 (int)(d2 ? (size_t)(d2 - dot - 1) : strlen(dot + 1)), dot + 1);
			rel = django__relation(p, model, first, &manager);
			if (!rel)
				break;
			size_t pl = strlen(path);
			snprintf(path + pl, sizeof(path) - pl, "%s%s", pl ? "__" : "", first);
			if (manager) {
				found = django__manager_method(second) && !django__covered(s->related, path);
				break;
			}
			if (!django__covered(s->related, path)) {
				found = true;
				break;
			}
			/* Loaded with the row: follow it to the related model. */
			model = strcmp(rel->field, first) == 0 && django__declared_by(rel, model) ? rel->target : rel->model;
			comp = dot + 1;
		}
		if (!found)
			continue;
		if (last_path && strcmp(last_path, s->path) == 0 && last_line == s->span.line)
			continue; /* one finding per line */
		last_path = s->path;
		last_line = s->span.line;
		pfl_strbuf msg = PFL_STRBUF_INIT;
		if (manager)
			pfl_strbuf_addf(&msg,
					"%s.%s() runs one query per row of '%s' (line %u): O(n) queries for n rows; add "
					".prefetch_related(\"%s\") to the queryset so all rows' %s load in one more query",
					first, second, s->loop_text, s->loop_head.line, path, first);
		else
			pfl_strbuf_addf(&msg,
					"reading %s loads the related %s with one query per row of '%s' (line %u): O(n) "
					"queries for n rows; add .select_related(\"%s\") to the queryset (or read "
					"%s_id if the key is enough)",
					s->text, django__last(manager ? rel->model : (strcmp(rel->field, first) == 0 ? rel->target : rel->model)),
					s->loop_text, s->loop_head.line, path, first);
		pfl_related r = { s->path, s->loop_head, "the loop over the queryset", 0, 0, 0, 0 };
		pfl_finding_spec spec = {
			.rule_id = "PFL103",
			.span = s->span,
			.message = msg.buf,
			.loop_depth = s->loop_depth,
			.related = &r,
			.nrelated = 1,
		};
		pfl_check_emit_at(c, s->path, &spec);
		pfl_strbuf_release(&msg);
	}
	pfl_array_release(&direct);
}
