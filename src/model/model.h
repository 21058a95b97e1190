/*
 * model.h - the language-neutral code model.
 *
 * A frontend lowers one source file into a pfl_model; rules read only this.
 * The model knows, for one file: its scopes (module, classes, functions,
 * lambdas) with async-ness, its loops and comprehensions with nesting, its
 * calls with resolved qualified callee names, its assignments with operator
 * and value kind, its membership tests, and what is known of each name's
 * kind in each scope.
 *
 * Ownership: every string and side array reachable from a pfl_model lives in
 * the model's arena, except the PFL_ARRAY buffers, which are heap; all of it
 * is freed by pfl_model_release. Indexes (scope, loop, call...) are
 * positions in the model's arrays; -1 means "none".
 */
#ifndef PFL_MODEL_H
#define PFL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/array.h"

/* Source language of a file. */
typedef enum pfl_lang {
	PFL_LANG_NONE = 0,
	PFL_LANG_PYTHON,
	PFL_LANG_C,
} pfl_lang;

/*
 * A source range. Lines and columns are 1-based; columns count bytes of the
 * line (reporters convert to UTF-16 or code points where a format wants
 * them). The end is exclusive: end_col is one past the last byte.
 */
typedef struct pfl_span {
	uint32_t line, col;
	uint32_t end_line, end_col;
	uint32_t start_byte, end_byte;
} pfl_span;

/* What a value is, as far as the frontend can tell. */
typedef enum pfl_kind {
	PFL_KIND_UNKNOWN = 0,
	PFL_KIND_STR,
	PFL_KIND_BYTES,
	PFL_KIND_BYTEARRAY,
	PFL_KIND_TUPLE,
	PFL_KIND_LIST,
	PFL_KIND_SET,
	PFL_KIND_FROZENSET,
	PFL_KIND_DICT,
	PFL_KIND_DICT_VIEW,
	PFL_KIND_INT,
	PFL_KIND_FLOAT,
	PFL_KIND_COMPLEX,
	PFL_KIND_BOOL,
	PFL_KIND_NONE,
	PFL_KIND_RANGE,
	PFL_KIND_ITERATOR,  /* generator, map, filter, zip, enumerate... */
	PFL_KIND_OBJECT,    /* an instance of pfl_type.name */
	PFL_KIND_MODULE,    /* an imported module, pfl_type.name its name */
	PFL_KIND_CALLABLE,  /* a function or class, pfl_type.name its qualname */
	PFL_KIND__COUNT
} pfl_kind;

/* How sure the frontend is of a kind. */
typedef enum pfl_certainty {
	PFL_CERT_NONE = 0, /* nothing known */
	PFL_CERT_INFERRED, /* guessed from use (an operand of "s + 'x'"...) */
	PFL_CERT_KNOWN,    /* from a literal, constructor, annotation */
} pfl_certainty;

/* A kind with its certainty; name qualifies OBJECT/MODULE/CALLABLE. */
typedef struct pfl_type {
	pfl_kind kind;
	pfl_certainty cert;
	const char *name; /* e.g. "requests.Session"; NULL when not known */
} pfl_type;

/* Facts about an expression that rules care about. */
typedef struct pfl_expr {
	pfl_type type;        /* its kind */
	pfl_span span;        /* where it is */
	const char *text;     /* dotted name when the expression is one ("self.items", "x"), else NULL */
	int32_t literal_len;  /* element count of a collection display, -1 otherwise */
	bool is_literal;      /* a literal or a display */
	bool is_const;        /* a literal built only from constants */
	const char **names;   /* identifiers read by the expression (NULL-terminated, may be NULL) */
	/* C: what the expression points at or reads, when it has one of these shapes. */
	const char *end_of;   /* the end of the string named so: buf + strlen(buf), strchr(buf, '\0') */
	const char *elem_of;  /* an element of this array or list node: "a" in a[j].id, "p" in p->key */
	const char *index;    /* the variable selecting that element: "j" in a[j], "p" in p->key */
	bool geometric;       /* multiplies or shifts a variable by a constant >= 2 (cap * 2, n << 1) */
} pfl_expr;

/* Scope kinds. */
typedef enum pfl_scope_kind {
	PFL_SCOPE_MODULE,
	PFL_SCOPE_CLASS,
	PFL_SCOPE_FUNCTION,
	PFL_SCOPE_LAMBDA,
	PFL_SCOPE_COMPREHENSION, /* Python 3 comprehensions have their own scope */
} pfl_scope_kind;

/* A parameter of a function. */
typedef struct pfl_param {
	const char *name;
	pfl_type type; /* from the annotation, or default value */
	pfl_span span;
} pfl_param;

/* A module, class, function or lambda. */
typedef struct pfl_scope {
	pfl_scope_kind kind;
	const char *name;     /* simple name ("<module>", "<lambda>") */
	const char *qualname; /* "pkg.mod.Class.method" */
	bool is_async;        /* async def */
	int32_t parent;       /* enclosing scope, -1 for the module */
	int32_t loop;         /* innermost loop enclosing the definition, -1 */
	pfl_span span;        /* the whole definition */
	pfl_span name_span;   /* the name in its definition */
	pfl_param *params;    /* arena array */
	uint32_t nparams;
	uint32_t first_name, nnames; /* this scope's entries in pfl_model.names */
} pfl_scope;

/* Loop kinds. */
typedef enum pfl_loop_kind {
	PFL_LOOP_FOR,
	PFL_LOOP_WHILE,
	PFL_LOOP_DO,
	PFL_LOOP_COMPREHENSION, /* list/set/dict comprehension */
	PFL_LOOP_GENERATOR,     /* generator expression */
} pfl_loop_kind;

/* A loop or comprehension. */
typedef struct pfl_loop {
	pfl_loop_kind kind;
	pfl_span span;       /* the whole loop */
	pfl_span head_span;  /* "for x in y" / "while cond" */
	int32_t parent;      /* enclosing loop in the same scope chain, -1 */
	int32_t scope;       /* scope whose body holds the loop */
	bool forever;        /* C: no condition, or a constant true one (for (;;), while (1)) */
	uint32_t depth;      /* 1 for an outermost loop of a function */
	bool is_async;       /* async for / async comprehension */
	bool bounded;        /* provably few iterations: Python, a constant literal or range() of at most 32; C, at most 8 */
	bool runs_once;      /* ends unconditionally after the first iteration */
	bool chunked;        /* steps through items in batches: range(0, n, size) */
	const char **bound;  /* names bound by the loop target, NULL-terminated */
	pfl_expr iter;       /* the iterable (for loops) */
	const char *qs_model;    /* iterating a Django queryset: the model's qualified name, else NULL */
	const char **qs_related; /* paths its select_related/prefetch_related cover, NULL-terminated */
} pfl_loop;

/* Call flags. */
enum {
	PFL_CALL_AWAITED = 1 << 0,   /* the call is the operand of await */
	PFL_CALL_METHOD = 1 << 1,    /* callee is an attribute: recv.method(...) */
	PFL_CALL_IN_LAMBDA = 1 << 2, /* inside a lambda body */
	PFL_CALL_IN_TEST = 1 << 3,   /* inside a condition or a comparison ("if L.count(x):") */
	PFL_CALL_IN_TRY = 1 << 4,    /* inside the body of a try statement */
	PFL_CALL_BATCHED = 1 << 5,   /* a call earlier in its chain filters by a list ("id__in=...") */
	PFL_CALL_STATEMENT = 1 << 6, /* the whole expression statement: its result is unused */
	PFL_CALL_MACRO = 1 << 7,     /* C: a function-like macro's use, as written (ev_io_init(w, cb, fd, ev)) */
};

/* An argument of a call. */
typedef struct pfl_arg {
	const char *keyword; /* keyword name, NULL for positional */
	bool star;           /* *args or **kwargs */
	bool const_param;    /* C: the callee's parameter is a pointer to const: the call only reads it */
	bool out_param;      /* C: a pointer to something the callee may write (&n, a buffer): it changes */
	bool pointer;        /* C: the argument is a pointer or an array (else passed by value) */
	pfl_expr value;
} pfl_arg;

/* A call expression. */
typedef struct pfl_call {
	const char *callee;    /* resolved qualified name ("requests.get", "builtins.sum"), NULL if unknown */
	const char *text;      /* the callee as written ("r.get", "self.db.query") */
	const char *method;    /* attribute name for method calls, else NULL */
	pfl_expr receiver;     /* for method calls, the object; else zeroed */
	int32_t scope;         /* scope containing the call */
	int32_t loop;          /* innermost enclosing loop, -1 */
	int32_t once_loop;     /* a loop it runs at most once per run of (a break/return follows it), -1 */
	uint32_t flags;        /* PFL_CALL_* */
	pfl_span span;         /* the whole call */
	pfl_span callee_span;  /* the callee expression */
	pfl_arg *args;         /* arena array */
	uint32_t nargs;
} pfl_call;

/* Assignment operators. */
typedef enum pfl_assign_op {
	PFL_ASSIGN_PLAIN,   /* = */
	PFL_ASSIGN_ANN,     /* x: T = v or x: T */
	PFL_ASSIGN_ADD,     /* += */
	PFL_ASSIGN_OTHER,   /* any other augmented operator */
	PFL_ASSIGN_BIND,    /* a binding that is not an assignment: for target, with-as, import, del... */
} pfl_assign_op;

/* How the value of an assignment relates to its own target. */
typedef enum pfl_concat {
	PFL_CONCAT_NONE,    /* value does not concatenate onto the target */
	PFL_CONCAT_APPEND,  /* t = t + x */
	PFL_CONCAT_PREPEND, /* t = x + t */
	PFL_CONCAT_FORMAT,  /* t = f"{t}..." / "%s.." % (t, ..) / "{}".format(t, ...) */
} pfl_concat;

/* How an assignment changes a number or pointer relative to its old value. */
typedef enum pfl_growth {
	PFL_GROWTH_NONE,  /* the new value is not computed from the old one */
	PFL_GROWTH_ADD,   /* t++, t += k, t = t + k, p = p->next: steps by an amount */
	PFL_GROWTH_MUL,   /* t *= 2, t <<= 1, t = t * 2, t = t + t / 2: grows geometrically */
} pfl_growth;

/* An assignment (or augmented assignment) to a single name or attribute. */
typedef struct pfl_assign {
	const char *target;   /* "s", "self.buf"; NULL when not a simple target */
	pfl_assign_op op;
	pfl_concat concat;    /* plain assignment that concatenates onto target */
	pfl_growth growth;    /* C: how the target changes (also ++ and --) */
	pfl_expr value;       /* the right-hand side (for t = t + x: the whole sum) */
	pfl_expr other;       /* the operand that is not the target (x in t = t + x, t += x) */
	pfl_type target_type; /* the target's kind in its scope (pfl_model_name_type) */
	int32_t scope;
	int32_t loop;         /* innermost enclosing loop, -1 */
	int32_t once_loop;    /* a loop it runs at most once per run of (a break/return follows it), -1 */
	pfl_span span;        /* the whole statement */
} pfl_assign;

/*
 * A membership test: needle in container, needle not in container. In C,
 * every equality test inside a loop (a == b, a != b, strcmp(a, b) and its
 * kin): needle is the left operand, container the right one.
 */
typedef struct pfl_member {
	pfl_expr needle;
	pfl_expr container;
	bool negated;
	pfl_span guarded;     /* the block an "if" with this test guards, zero when none */
	int32_t scope;
	int32_t loop;
	int32_t once_loop;    /* as in pfl_assign */
	pfl_span span;
} pfl_member;

/* An attribute chain read inside a loop: row.customer.name, row.items.all. */
typedef struct pfl_attr {
	const char *base;   /* the name it starts from ("row") */
	const char *chain;  /* the attributes after it ("customer.name") */
	int32_t scope;
	int32_t loop;
	int32_t once_loop;
	pfl_span span;
} pfl_attr;

/* Kinds of model relation fields. */
typedef enum pfl_relation_kind {
	PFL_REL_FOREIGN_KEY,
	PFL_REL_ONE_TO_ONE,
	PFL_REL_MANY_TO_MANY,
} pfl_relation_kind;

/* A relation field of an ORM model class (Django): author = ForeignKey(User, related_name=...). */
typedef struct pfl_relation {
	const char *model;        /* qualified name of the class declaring it */
	const char *field;        /* "author" */
	pfl_relation_kind kind;
	const char *target;       /* qualified name, or the string as written ("auth.User", "self") */
	const char *related_name; /* NULL when not given */
	pfl_span span;
} pfl_relation;

/* What is known of one name in one scope. */
typedef struct pfl_name {
	const char *name;
	int32_t scope;
	pfl_type type;     /* joined over every binding in the scope */
	uint32_t nbind;    /* bindings seen */
	bool is_param;
	bool is_import;    /* bound by an import; type.name is the target */
	bool is_global;    /* declared global/nonlocal: facts live elsewhere */
	bool poisoned;     /* some binding had an unknown value: type stays unknown */
} pfl_name;

/* Severity of a file diagnostic (not a finding). */
typedef enum pfl_diag_level {
	PFL_DIAG_NOTE,
	PFL_DIAG_WARNING,
	PFL_DIAG_ERROR,
} pfl_diag_level;

/* A problem with the input file itself (syntax errors, encoding). */
typedef struct pfl_diag {
	pfl_diag_level level;
	const char *code;    /* stable id: "parse-error", "invalid-utf8"... */
	const char *message;
	uint32_t line, col;  /* 0 when it concerns the whole file */
} pfl_diag;

/* The model of one file. */
typedef struct pfl_model {
	pfl_arena arena;
	pfl_lang lang;
	const char *path;     /* as reported (relative to the run's root when possible) */
	const char *module;   /* dotted module name for Python ("pkg.mod"), NULL for C */
	const char *source;   /* the file's text (not owned) */
	size_t source_len;
	PFL_ARRAY(pfl_scope) scopes;   /* scopes[0] is the module */
	PFL_ARRAY(pfl_loop) loops;
	PFL_ARRAY(pfl_call) calls;
	PFL_ARRAY(pfl_assign) assigns;
	PFL_ARRAY(pfl_member) members;
	PFL_ARRAY(pfl_name) names;     /* grouped by scope (pfl_scope.first_name) */
	PFL_ARRAY(pfl_attr) attrs;     /* attribute chains read inside loops */
	PFL_ARRAY(pfl_relation) relations; /* ORM relation fields declared in classes */
	PFL_ARRAY(pfl_diag) diags;
	PFL_ARRAY(const char *) deps;  /* C: the headers the parse read (absolute, in the arena) */
	bool partial;                  /* the parse recovered from errors */
	void *kb_memo;                 /* knowledge-base answers per call (engine/kb.c), heap */
	void *kb_loops;                /* per loop: whether it waits for events (engine/kb.c), heap */
} pfl_model;

/* Start an empty model for path (strings are copied into the arena). */
void pfl_model_init(pfl_model *m, pfl_lang lang, const char *path, const char *source, size_t len);
/* Free everything the model holds. */
void pfl_model_release(pfl_model *m);

/* Add a diagnostic (message is copied). */
void pfl_model_diag(pfl_model *m, pfl_diag_level level, const char *code,
		    uint32_t line, uint32_t col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/*
 * The type of name as seen from scope: the scope's own facts, then the
 * enclosing function scopes, then the module (class scopes are skipped
 * from inside methods, as in Python). Unknown when no scope binds it.
 */
pfl_type pfl_model_name_type(const pfl_model *m, int32_t scope, const char *name);
/* The pfl_name entry for name in exactly this scope, or NULL. */
const pfl_name *pfl_model_name_in(const pfl_model *m, int32_t scope, const char *name);

/* Whether span a lies within span b (false when b is empty). */
bool pfl_span_within(const pfl_span *a, const pfl_span *b);

/* The loop chain: is loop inner (transitively) inside loop outer? */
bool pfl_model_loop_within(const pfl_model *m, int32_t inner, int32_t outer);
/* The nearest enclosing function or lambda scope (the module if none). */
int32_t pfl_model_function_of(const pfl_model *m, int32_t scope);

/* A printable name of a kind ("str", "list"). */
const char *pfl_kind_name(pfl_kind k);
/* A type of kind k with certainty c and no name. */
pfl_type pfl_type_make(pfl_kind k, pfl_certainty c);

#endif
