/*
 * kb.h - the knowledge base: which APIs are round trips, which block,
 * which are batched, which run a blocking callable off the event loop and
 * which are async clients. The data is rules/kb/NAME.yml (format in
 * rules/kb/README.md), compiled into the binary and loaded once; entries
 * and their strings live until the process ends.
 */
#ifndef PFL_KB_H
#define PFL_KB_H

#include <stdbool.h>
#include <stddef.h>

#include <yaml.h>

#include "../model/model.h"

/* What an API is. */
typedef enum pfl_kb_kind {
	PFL_KB_ROUND_TRIP,   /* a database, cache or network round trip */
	PFL_KB_BLOCKING,     /* blocks the calling thread (I/O, sleep, subprocess) */
	PFL_KB_BULK,         /* a batched call: one round trip for many items */
	PFL_KB_SAFE_WRAPPER, /* runs a blocking callable off the event loop */
	PFL_KB_ASYNC,        /* an awaitable client: never blocking */
	PFL_KB_CALLBACK,     /* C: registers a function as an event-loop callback */
	PFL_KB_WAIT,         /* waits for events: a loop around it serves or polls */
	PFL_KB__COUNT
} pfl_kb_kind;

/* One entry of rules/kb/NAME.yml. Lists are NULL-terminated. */
typedef struct pfl_kb_entry {
	pfl_lang lang;
	pfl_kb_kind kind;
	const char *library;       /* the file's display name ("requests") */
	const char *file;          /* "python-http.yml" */
	const char **match;        /* globs over the resolved callee */
	const char **method;       /* method names, with receiver globs or receiver_kind */
	const char **receiver;     /* globs over the receiver variable's last name */
	const char *receiver_kind; /* "model-instance", or NULL */
	const char *kwarg;         /* a keyword argument glob that must be present ("*__in") */
	bool inferred;             /* confidence: inferred */
	const char *what;          /* noun phrase: "an HTTP request" */
	const char *fix;           /* how to batch or replace it */
	const char *replacement;   /* the non-blocking replacement (blocking entries) */
	const char *framework;     /* callback entries: the event loop ("libuv") */
	int args[8];               /* callback entries: argument indexes of the callbacks, -1 for the last */
	int nargs;
} pfl_kb_entry;

/* Load the compiled-in knowledge base; -1 (reported) on a defect in the data. */
int pfl_kb_load(void);

/*
 * Read one entry (a mapping in the format of rules/kb/README.md) of a YAML
 * document. kind is a pfl_kb_kind, or -1 to read the entry's `kind` key.
 * The entry owns heap copies of its strings. Returns 0, or -1 with the
 * problem in err.
 */
int pfl_kb_entry_read(yaml_document_t *doc, yaml_node_t *e, int kind, pfl_lang lang, const char *library,
		      const char *file, pfl_kb_entry *out, char *err, size_t errlen);
/* Free what an entry read by pfl_kb_entry_read owns. */
void pfl_kb_entry_release(pfl_kb_entry *e);
/*
 * Add an entry (a user's own API) to the loaded knowledge base; it takes
 * the entry's strings. Not thread-safe: call before a run starts.
 */
void pfl_kb_add(const pfl_kb_entry *e);

/*
 * The entry of the given kind that describes call, or NULL. A match on
 * the resolved callee wins over a method/receiver match.
 */
const pfl_kb_entry *pfl_kb_lookup(const pfl_model *m, const pfl_call *call, pfl_kb_kind kind);

/* The first entry of any kind that describes call (bulk and async before
 * round-trip and blocking), or NULL. */
const pfl_kb_entry *pfl_kb_classify(const pfl_model *m, const pfl_call *call);

/*
 * Whether a loop waits for events: a call in its body (or its condition)
 * is a `wait` entry (poll, accept, sleep, uv_run...). Such a loop serves
 * requests or polls; it does not iterate over items.
 */
bool pfl_kb_loop_waits(const pfl_model *m, int32_t loop);

/*
 * The loops around a call that run it once per item: loops that repeat it
 * (pfl_loops_repeat_depth) and, in C, neither step through batches
 * (i += batch), wait for events, nor retry the call (its result decides the
 * loop, or it is in the loop's condition).
 */
uint32_t pfl_kb_item_depth(const pfl_model *m, const pfl_call *call);
/* C: the innermost of those loops (the one to name in a message), or -1. */
int32_t pfl_kb_item_loop(const pfl_model *m, const pfl_call *call);

#endif
