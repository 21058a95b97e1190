/*
 * summary.h - function summaries and call sites: what survives of a file
 * after its model is freed, for the project pass.
 *
 * Each file's job records, for every function, what it does directly that
 * the rules care about (a round trip, a blocking call) and which functions
 * it calls; and the call sites that matter (calls inside loops, calls in
 * async functions). The project pass joins the summaries over the call
 * graph by qualified name, so a loop in one module calling a helper in
 * another that queries the database is found. Strings live in the arena of
 * the file that produced them, which lives until the report is written.
 */
#ifndef PFL_SUMMARY_H
#define PFL_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>

#include "../util/array.h"
#include "model.h"

/* Effects a function has. */
enum {
	PFL_EFFECT_ROUND_TRIP = 0, /* index into the arrays below */
	PFL_EFFECT_BLOCKS = 1,
	PFL_EFFECT_SCANS = 2,      /* C: searches an array or list linearly for a parameter (not propagated) */
	PFL_EFFECT__COUNT
};

/* The operation behind an effect. */
typedef struct pfl_effect_op {
	const char *path;
	pfl_span span;
	const char *text;   /* the callee as written ("Order.objects.get") */
	const char *what;   /* "a database query" */
	const char *fix;    /* how to batch or replace it */
	const char *replacement; /* for blocking: the non-blocking replacement */
} pfl_effect_op;

/* A call from one function to another (by qualified name). */
typedef struct pfl_callee {
	const char *name;   /* resolved qualified name */
	pfl_span span;      /* the call */
} pfl_callee;

/* What one function does. */
typedef struct pfl_fn_summary {
	const char *qualname;   /* "shop.services.get_points" */
	const char *path;
	pfl_span name_span;
	bool is_async;
	const pfl_effect_op *op[PFL_EFFECT__COUNT]; /* done in its own body: the first such operation (file's arena), else NULL */
	pfl_callee *callees;
	uint32_t ncallees;
	pfl_effect_op *blocks;              /* every blocking call in its own body */
	uint32_t nblocks;
	/* Filled by the project pass: */
	bool has[PFL_EFFECT__COUNT];        /* directly or through callees */
	int32_t via_fn[PFL_EFFECT__COUNT];  /* summary index of the callee giving it, -1 if direct */
	int32_t via_call[PFL_EFFECT__COUNT];/* index into callees of that call */
} pfl_fn_summary;

/* Where a call site is. */
typedef enum pfl_site_kind {
	PFL_SITE_LOOP,  /* inside a loop */
	PFL_SITE_ASYNC, /* in the body of an async def */
	PFL_SITE_ROW,   /* an attribute chain read from a queryset row in its loop */
	PFL_SITE_CALLBACK, /* C: a function registered as an event-loop callback */
} pfl_site_kind;

/* A call that a project rule may report. */
typedef struct pfl_call_site {
	pfl_site_kind kind;
	const char *path;
	pfl_span span;
	const char *callee;     /* resolved qualified name */
	const char *text;       /* as written */
	bool direct_effect;     /* the call itself is a known round trip or blocking call */
	/* PFL_SITE_LOOP */
	bool varying;           /* its arguments vary with the loop */
	uint32_t loop_depth;    /* loops that repeat it */
	pfl_span loop_head;
	const char *loop_text;  /* "for row in rows:" */
	/* PFL_SITE_ASYNC; PFL_SITE_CALLBACK: callee is the callback, text the registration API */
	const char *async_fn;   /* name of the async def; for a callback, its event loop ("libuv") */
	pfl_span async_span;
	/* PFL_SITE_ROW: callee is the model, text the chain after the row ("customer.name") */
	const char *const *related; /* paths the queryset's select_related/prefetch_related load */
} pfl_call_site;

typedef PFL_ARRAY(pfl_fn_summary) pfl_summary_list;
typedef PFL_ARRAY(pfl_relation) pfl_relation_list;
typedef PFL_ARRAY(pfl_call_site) pfl_site_list;

#endif
