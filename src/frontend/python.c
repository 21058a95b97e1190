/*
 * python.c - lowering of a tree-sitter-python syntax tree into the model.
 *
 * One iterative walk with a TSTreeCursor visits every node once; a stack of
 * contexts (one entry per open node) says which scope and which loop each
 * node belongs to, so 100,000 nested brackets need no C recursion. Small
 * expressions (a call's arguments, an assignment's value) are analysed by
 * bounded recursion (PY__MAX_EXPR_DEPTH).
 *
 * Name facts are gathered as bindings during the walk and joined per scope
 * afterwards (py__finish): a name's kind is known only when every binding
 * of it in its scope agrees, which is what keeps the rules precise.
 */
#include "python.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/array.h"
#include "../util/strbuf.h"

#define PY__MAX_EXPR_DEPTH 48
#define PY__MAX_NAMES 32
#define PY__BOUNDED_LOOP 32
#define PY__MAX_BRACKETS 10000

/* Node symbols and field ids the lowering compares against. */
enum py__sym {
	S_module, S_function_definition, S_class_definition, S_lambda,
	S_for_statement, S_while_statement, S_list_comprehension,
	S_set_comprehension, S_dictionary_comprehension, S_generator_expression,
	S_for_in_clause, S_if_clause, S_call, S_attribute, S_identifier,
	S_assignment, S_augmented_assignment, S_comparison_operator,
	S_import_statement, S_import_from_statement, S_aliased_import,
	S_dotted_name, S_relative_import, S_import_prefix, S_await, S_string,
	S_string_start, S_concatenated_string, S_interpolation, S_integer,
	S_float, S_true, S_false, S_none, S_list, S_tuple, S_set, S_dictionary,
	S_parenthesized_expression, S_binary_operator, S_keyword_argument,
	S_list_splat, S_dictionary_splat, S_typed_parameter, S_default_parameter,
	S_typed_default_parameter, S_list_splat_pattern,
	S_dictionary_splat_pattern, S_parameters, S_lambda_parameters, S_type,
	S_subscript, S_generic_type, S_type_parameter, S_global_statement,
	S_nonlocal_statement, S_pattern_list, S_tuple_pattern, S_list_pattern,
	S_as_pattern, S_as_pattern_target, S_named_expression,
	S_break_statement, S_return_statement, S_raise_statement,
	S_continue_statement, S_block, S_ERROR, S_async, S_not_in, S_in,
	S_argument_list, S_conditional_expression, S_pair, S_comment,
	S_wildcard_import, S_binary_plus, S_binary_percent, S_binary_star,
	S_union_type, S_member_type, S_with_item, S_if_statement, S_elif_clause,
	S_try_statement, S_not_operator, S_boolean_operator, S_slice, S_expression_statement,
	S__COUNT
};

/* Names of the symbols above, in order; '~' marks an anonymous token. */
static const char *const py__sym_names[S__COUNT] = {
	"module", "function_definition", "class_definition", "lambda",
	"for_statement", "while_statement", "list_comprehension",
	"set_comprehension", "dictionary_comprehension", "generator_expression",
	"for_in_clause", "if_clause", "call", "attribute", "identifier",
	"assignment", "augmented_assignment", "comparison_operator",
	"import_statement", "import_from_statement", "aliased_import",
	"dotted_name", "relative_import", "import_prefix", "await", "string",
	"string_start", "concatenated_string", "interpolation", "integer",
	"float", "true", "false", "none", "list", "tuple", "set", "dictionary",
	"parenthesized_expression", "binary_operator", "keyword_argument",
	"list_splat", "dictionary_splat", "typed_parameter", "default_parameter",
	"typed_default_parameter", "list_splat_pattern",
	"dictionary_splat_pattern", "parameters", "lambda_parameters", "type",
	"subscript", "generic_type", "type_parameter", "global_statement",
	"nonlocal_statement", "pattern_list", "tuple_pattern", "list_pattern",
	"as_pattern", "as_pattern_target", "named_expression",
	"break_statement", "return_statement", "raise_statement",
	"continue_statement", "block", "ERROR", "~async", "~not in", "~in",
	"argument_list", "conditional_expression", "pair", "comment",
	"wildcard_import", "~+", "~%", "~*",
	"union_type", "member_type", "with_item", "if_statement", "elif_clause",
	"try_statement", "not_operator", "boolean_operator", "slice", "expression_statement",
};

enum py__field {
	F_left, F_right, F_body, F_name, F_parameters, F_function, F_arguments,
	F_object, F_attribute, F_operator, F_value, F_type, F_condition,
	F_alias, F_module_name, F_alternative, F_return_type, F_superclasses,
	F_consequence, F_subscript,
	F__COUNT
};

static const char *const py__field_names[F__COUNT] = {
	"left", "right", "body", "name", "parameters", "function", "arguments",
	"object", "attribute", "operator", "value", "type", "condition",
	"alias", "module_name", "alternative", "return_type", "superclasses",
	"consequence", "subscript",
};

/* Symbol and field ids of the grammar, looked up once. */
static struct {
	TSSymbol sym[S__COUNT];
	TSFieldId field[F__COUNT];
	uint16_t *map;     /* grammar symbol -> enum py__sym (S__COUNT if none) */
	bool *named;       /* grammar symbol -> a named node (ts_node_is_named) */
	uint32_t nsymbols;
	int ready;
} py__ids;

/* A binding seen during the walk, joined per scope in py__finish. */
typedef struct py__bind {
	int32_t scope;
	uint32_t order;     /* walk order, for a stable sort */
	const char *name;
	pfl_type type;
	const char *alias;  /* take the kind of this name (x = y) */
	const char *ctor;   /* the result of calling this dotted name (x = mod.Cls()) */
	const char *elem_of;/* an element of this iterable */
	bool elem_call;
	bool str_method;    /* alias kind only if str/bytes (x = y.strip()) */
	bool is_param, is_import, is_global;
} py__bind;

/* A return statement's value kind, for local functions' result kinds. */
typedef struct py__ret {
	int32_t fn;      /* the function scope */
	pfl_kind kind;   /* UNKNOWN when not a known kind (or a bare "return") */
} py__ret;

/* A function scope by its qualified name, for py__result_kind. */
typedef struct py__fn {
	const char *qualname;
	int32_t scope;
} py__fn;

/* A list of strings. */
typedef PFL_ARRAY(const char *) py__strs;

/* The iterable of a loop, as a chain ("Order.objects.filter") or a name. */
typedef struct py__iter {
	const char *chain;
	bool call;
} py__iter;

/* A class-body assignment of a call: a relation field when the call is one. */
typedef struct py__field_decl {
	int32_t cls;          /* the class scope */
	const char *field;
	const char *callee;   /* chain text of the called name */
	const char *target;   /* first positional argument: dotted text or string content */
	bool target_string;
	const char *related_name;
	pfl_span span;
} py__field_decl;

/* The context of one open node of the walk. */
typedef struct py__ctx {
	const void *id;      /* the node's id, to pop on leaving it */
	uint16_t sym;        /* index into py__sym (S__COUNT if none) */
	int32_t scope;       /* scope of this node */
	int32_t loop;        /* innermost loop of this node */
	int32_t made_scope;  /* scope this node opens, -1 */
	int32_t made_loop;   /* first loop this node opens, -1 */
	uint16_t nloops;     /* loops it opens (comprehension clauses) */
	uint16_t clause_seen;/* for_in_clauses visited so far */
	uint16_t clause_k;   /* for a for_in_clause: its ordinal, 1-based */
	int32_t outer_scope, outer_loop; /* for a first clause: the enclosing context */
	int32_t once_loop;   /* a loop this node runs at most once per run of, -1 */
	bool handled;        /* an as_pattern whose target is already bound */
	bool in_test;        /* inside a condition or comparison */
	bool in_try;         /* inside the body of a try statement */
	uint32_t exit_start; /* for a block: start byte of its last break/return/raise, 0 */
	int32_t call;        /* for a call: 1 + its index in m->calls, else 0 */
	const void *args;    /* for a call: its argument list's id */
	int32_t arg_of;      /* for that argument list: the call's "call", whose arguments its children are */
} py__ctx;

/* A field lookup kept by py__field. */
#define PY__FIELD_CACHE 256
typedef struct py__field_memo {
	const void *id;
	int field;
	TSNode child;
} py__field_memo;

/* The state of one lowering. */
typedef struct py__lower {
	pfl_model *m;
	const char *src;
	const char *module;
	PFL_ARRAY(py__bind) binds;
	PFL_ARRAY(py__ctx) stack;
	PFL_ARRAY(const char *) names; /* scratch for py__collect_names */
	bool in_loop;                  /* the node being entered is inside a loop */
	PFL_ARRAY(py__ret) rets;       /* return statements: function scope and value kind */
	PFL_ARRAY(py__iter) iters;     /* per loop: the iterable's chain (indexed like m->loops) */
	PFL_ARRAY(py__field_decl) fields; /* class-body "x = SomeField(...)" candidates */
	const void *cur_if_cond;       /* the condition node of the if being entered, and its body */
	TSNode cur_if_body;
	PFL_ARRAY(py__fn) fns;         /* function scopes by qualname, then index (built in py__finish) */
	TSTreeCursor kids;             /* py__last_exit's cursor */
	py__field_memo field_cache[PY__FIELD_CACHE]; /* py__field's, for this tree only */
} py__lower;

/* Look up the grammar's ids once (the language is immutable). */
static void py__init_ids_once(void)
{
	const TSLanguage *lang = tree_sitter_python();
	for (int i = 0; i < S__COUNT; i++) {
		const char *n = py__sym_names[i];
		bool named = n[0] != '~';
		if (!named)
			n++;
		py__ids.sym[i] = ts_language_symbol_for_name(lang, n, (uint32_t)strlen(n), named);
	}
	for (int i = 0; i < F__COUNT; i++)
		py__ids.field[i] = ts_language_field_id_for_name(lang, py__field_names[i],
								(uint32_t)strlen(py__field_names[i]));
	py__ids.nsymbols = ts_language_symbol_count(lang);
	uint16_t *map = pfl_malloc(py__ids.nsymbols * sizeof(*map));
	for (uint32_t s = 0; s < py__ids.nsymbols; s++)
		map[s] = S__COUNT;
	for (uint16_t i = 0; i < S__COUNT; i++)
		if (py__ids.sym[i] < py__ids.nsymbols)
			map[py__ids.sym[i]] = i;
	py__ids.map = map;
	bool *named = pfl_malloc(py__ids.nsymbols * sizeof(*named));
	for (uint32_t s = 0; s < py__ids.nsymbols; s++)
		named[s] = ts_language_symbol_type(lang, (TSSymbol)s) == TSSymbolTypeRegular;
	py__ids.named = named;
	py__ids.ready = 1;
}

static pthread_once_t py__ids_once = PTHREAD_ONCE_INIT;

/* The ids, looked up by the first thread that needs them. */
static void py__init_ids(void)
{
	pthread_once(&py__ids_once, py__init_ids_once);
}

/* The grammar symbol of a node, 0 (the end symbol, no node's) for a null node. */
static TSSymbol py__gsym(TSNode n)
{
	return n.id ? ts_node_symbol(n) : 0;
}

static bool py__is(TSNode n, int sym)
{
	return n.id && ts_node_symbol(n) == py__ids.sym[sym];
}

/*
 * The child of n with a field. A lookup walks the children and the field
 * map (about 500 instructions), and the lowering asks for the same field
 * of the same node several times (a call's callee chain is read for its
 * text, its receiver, its method and its batching): recent answers are
 * kept. Node ids are unique within one tree.
 */
static TSNode py__field(py__lower *L, TSNode n, int field)
{
	uint32_t h = (uint32_t)(((uintptr_t)n.id >> 3) * 31u + (uint32_t)field) & (PY__FIELD_CACHE - 1);
	py__field_memo *fm = &L->field_cache[h];
	if (fm->id == n.id && fm->field == field && n.id)
		return fm->child;
	TSNode child = ts_node_child_by_field_id(n, py__ids.field[field]);
	fm->id = n.id;
	fm->field = field;
	fm->child = child;
	return child;
}

/* The source span of a node. */
static pfl_span py__span(TSNode n)
{
	TSPoint s = ts_node_start_point(n), e = ts_node_end_point(n);
	pfl_span sp = { s.row + 1, s.column + 1, e.row + 1, e.column + 1,
			ts_node_start_byte(n), ts_node_end_byte(n) };
	return sp;
}

/* Copy of a node's text into the model's arena. */
static const char *py__text(py__lower *L, TSNode n)
{
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	return pfl_arena_strndup(&L->m->arena, L->src + a, b - a);
}

/* Whether a node's text equals s. */
static bool py__text_is(py__lower *L, TSNode n, const char *s)
{
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	size_t len = strlen(s);
	return b - a == len && memcmp(L->src + a, s, len) == 0;
}

/* Whether a node has an anonymous "async" child among its first tokens. */
static bool py__has_async(TSNode n)
{
	uint32_t c = ts_node_child_count(n);
	for (uint32_t i = 0; i < c && i < 2; i++)
		if (py__is(ts_node_child(n, i), S_async))
			return true;
	return false;
}

/* A dotted text being built; texts of PY__MAX_CHAIN bytes or more are not kept. */
#define PY__MAX_CHAIN 512
typedef struct py__chain {
	size_t len;
	char s[PY__MAX_CHAIN];
} py__chain;

/* Append s[0..n) to a chain's text; false when it would be too long. */
static bool py__chain_add(py__chain *ch, const char *s, size_t n)
{
	if (n >= PY__MAX_CHAIN - ch->len)
		return false;
	memcpy(ch->s + ch->len, s, n);
	ch->len += n;
	return true;
}

/* Append a node's text. */
static bool py__chain_add_node(py__lower *L, py__chain *ch, TSNode n)
{
	uint32_t a = ts_node_start_byte(n);
	return py__chain_add(ch, L->src + a, ts_node_end_byte(n) - a);
}

/*
 * Dotted text of a name or attribute chain of names ("a", "a.b.c") into
 * ch; with allow_calls, calls inside the chain too ("a.b().c"). False for
 * anything else, or for a text too long.
 */
static bool py__dotted_chain(py__lower *L, TSNode n, py__chain *ch, int depth, bool allow_calls)
{
	if (depth > PY__MAX_EXPR_DEPTH)
		return false;
	TSSymbol s = py__gsym(n);
	if (s == py__ids.sym[S_identifier])
		return py__chain_add_node(L, ch, n);
	if (s == py__ids.sym[S_attribute]) {
		TSNode obj = py__field(L, n, F_object), attr = py__field(L, n, F_attribute);
		if (ts_node_is_null(attr) || !py__dotted_chain(L, obj, ch, depth + 1, allow_calls))
			return false;
		return py__chain_add(ch, ".", 1) && py__chain_add_node(L, ch, attr);
	}
	if (s == py__ids.sym[S_call] && allow_calls) {
		/* a.b(x).c: the call becomes "()" in the chain "a.b().c". */
		if (!py__dotted_chain(L, py__field(L, n, F_function), ch, depth + 1, true))
			return false;
		return py__chain_add(ch, "()", 2);
	}
	return false;
}

/* Arena copy of a node's dotted text (calls as "()" with allow_calls), or NULL. */
static const char *py__chain_copy(py__lower *L, TSNode n, bool allow_calls)
{
	if (ts_node_is_null(n))
		return NULL;
	py__chain ch;
	ch.len = 0;
	if (!py__dotted_chain(L, n, &ch, 0, allow_calls))
		return NULL;
	return pfl_arena_strndup(&L->m->arena, ch.s, ch.len);
}

/* Arena copy of a chain's text with calls as "()" ("a.b().c"), or NULL. */
static const char *py__chain_text(py__lower *L, TSNode n)
{
	return py__chain_copy(L, n, true);
}

/* Arena copy of a node's dotted text, or NULL. */
static const char *py__dotted_text(py__lower *L, TSNode n)
{
	return py__chain_copy(L, n, false);
}

/* Skip parentheses: (x) is x; *sym is the grammar symbol of the result (0 for none). */
static TSNode py__unparen_sym(TSNode n, TSSymbol *sym)
{
	int guard = 0;
	TSSymbol s = py__gsym(n);
	while (s == py__ids.sym[S_parenthesized_expression] && ts_node_named_child_count(n) == 1 && guard++ < 64) {
		n = ts_node_named_child(n, 0);
		s = py__gsym(n);
	}
	*sym = s;
	return n;
}

static TSNode py__unparen(TSNode n)
{
	TSSymbol s;
	return py__unparen_sym(n, &s);
}

/* Skip parentheses and slices: x[a:b] is a smaller x of the same kind. */
static TSNode py__unslice(py__lower *L, TSNode n)
{
	int guard = 0;
	n = py__unparen(n);
	while (py__is(n, S_subscript) && py__is(py__field(L, n, F_subscript), S_slice) && guard++ < 64)
		n = py__unparen(py__field(L, n, F_value));
	return n;
}

/* Kind of a string literal: str, bytes, or an f-string (str). */
static pfl_kind py__string_kind(py__lower *L, TSNode str)
{
	TSNode start = ts_node_child(str, 0);
	if (!py__is(start, S_string_start))
		return PFL_KIND_STR;
	uint32_t a = ts_node_start_byte(start), b = ts_node_end_byte(start);
	for (uint32_t i = a; i < b; i++) {
		char c = L->src[i];
		if (c == 'b' || c == 'B')
			return PFL_KIND_BYTES;
		if (c == '\'' || c == '"')
			break;
	}
	return PFL_KIND_STR;
}

/* The kind a builtin constructor or function returns, or UNKNOWN. */
static pfl_kind py__builtin_result(const char *name)
{
	static const struct { const char *name; pfl_kind kind; } table[] = {
		{ "str", PFL_KIND_STR }, { "repr", PFL_KIND_STR }, { "ascii", PFL_KIND_STR },
		{ "chr", PFL_KIND_STR }, { "format", PFL_KIND_STR }, { "hex", PFL_KIND_STR },
		{ "oct", PFL_KIND_STR }, { "bin", PFL_KIND_STR }, { "input", PFL_KIND_STR },
		{ "bytes", PFL_KIND_BYTES }, { "bytearray", PFL_KIND_BYTEARRAY },
		{ "list", PFL_KIND_LIST }, { "sorted", PFL_KIND_LIST },
		{ "tuple", PFL_KIND_TUPLE }, { "set", PFL_KIND_SET },
		{ "frozenset", PFL_KIND_FROZENSET }, { "dict", PFL_KIND_DICT },
		{ "int", PFL_KIND_INT }, { "len", PFL_KIND_INT }, { "ord", PFL_KIND_INT },
		{ "float", PFL_KIND_FLOAT }, { "complex", PFL_KIND_COMPLEX },
		{ "bool", PFL_KIND_BOOL }, { "isinstance", PFL_KIND_BOOL },
		{ "range", PFL_KIND_RANGE }, { "enumerate", PFL_KIND_ITERATOR },
		{ "zip", PFL_KIND_ITERATOR }, { "map", PFL_KIND_ITERATOR },
		{ "filter", PFL_KIND_ITERATOR }, { "reversed", PFL_KIND_ITERATOR },
		{ "iter", PFL_KIND_ITERATOR },
	};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].name[0] == name[0] && strcmp(table[i].name, name) == 0)
			return table[i].kind;
	return PFL_KIND_UNKNOWN;
}

/* Methods of str and bytes that return the same kind as the receiver. */
static bool py__str_method(const char *m)
{
	static const char *const names[] = {
		"strip", "lstrip", "rstrip", "lower", "upper", "title", "capitalize",
		"casefold", "swapcase", "replace", "center", "ljust", "rjust",
		"zfill", "expandtabs", "removeprefix", "removesuffix", "translate",
		"join",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i][0] == m[0] && strcmp(names[i], m) == 0)
			return true;
	return false;
}

/* What a value expression is; may defer to a name (alias) resolved later. */
typedef struct py__val {
	pfl_type type;
	const char *alias;  /* the value is this name's value */
	const char *ctor;   /* the value is the result of calling this dotted name */
	const char *elem_of;/* the value is an element of this iterable (a chain or a name) */
	bool elem_call;     /* elem_of names a call chain (its result), not a variable */
	bool str_method;    /* alias, but only when it is a str or bytes */
} py__val;

static py__val py__value(py__lower *L, TSNode n, int depth);

/* Kind of a type annotation: str, bytes, list[...]... KNOWN, else UNKNOWN. */
static pfl_type py__annotation(py__lower *L, TSNode type)
{
	pfl_type t = pfl_type_make(PFL_KIND_UNKNOWN, PFL_CERT_NONE);
	if (ts_node_is_null(type))
		return t;
	TSNode n = type;
	if (py__is(n, S_type) && ts_node_named_child_count(n) == 1)
		n = ts_node_named_child(n, 0);
	TSNode head = n;
	if (py__is(n, S_generic_type) || py__is(n, S_subscript))
		head = ts_node_named_child(n, 0);
	const char *name = py__dotted_text(L, head);
	if (!name)
		return t;
	if (strncmp(name, "typing.", 7) == 0)
		name += 7;
	static const struct { const char *name; pfl_kind kind; } table[] = {
		{ "str", PFL_KIND_STR }, { "bytes", PFL_KIND_BYTES },
		{ "bytearray", PFL_KIND_BYTEARRAY }, { "list", PFL_KIND_LIST },
		{ "List", PFL_KIND_LIST }, { "tuple", PFL_KIND_TUPLE },
		{ "Tuple", PFL_KIND_TUPLE }, { "set", PFL_KIND_SET },
		{ "Set", PFL_KIND_SET }, { "frozenset", PFL_KIND_FROZENSET },
		{ "FrozenSet", PFL_KIND_FROZENSET }, { "dict", PFL_KIND_DICT },
		{ "Dict", PFL_KIND_DICT }, { "int", PFL_KIND_INT },
		{ "float", PFL_KIND_FLOAT }, { "bool", PFL_KIND_BOOL },
	};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strcmp(table[i].name, name) == 0)
			return pfl_type_make(table[i].kind, PFL_CERT_KNOWN);
	return t;
}

/* A plain class annotation ("Session", "redis.Redis"): its dotted name, else NULL. */
static const char *py__annotation_class(py__lower *L, TSNode type)
{
	if (ts_node_is_null(type))
		return NULL;
	TSNode n = type;
	if (py__is(n, S_type) && ts_node_named_child_count(n) == 1)
		n = ts_node_named_child(n, 0);
	if (!py__is(n, S_identifier) && !py__is(n, S_attribute))
		return NULL;
	return py__dotted_text(L, n);
}

/* Kind of a binary operation from its operands' kinds. */
static py__val py__binary(py__lower *L, TSNode n, int depth)
{
	py__val r = { pfl_type_make(PFL_KIND_UNKNOWN, PFL_CERT_NONE), NULL, NULL, NULL, false, false };
	TSNode op = py__field(L, n, F_operator);
	py__val a = py__value(L, py__field(L, n, F_left), depth + 1);
	py__val b = py__value(L, py__field(L, n, F_right), depth + 1);
	pfl_kind ka = a.type.kind, kb = b.type.kind;
	if (py__is(op, S_binary_plus)) {
		bool seq_a = ka == PFL_KIND_STR || ka == PFL_KIND_BYTES || ka == PFL_KIND_LIST || ka == PFL_KIND_TUPLE;
		bool seq_b = kb == PFL_KIND_STR || kb == PFL_KIND_BYTES || kb == PFL_KIND_LIST || kb == PFL_KIND_TUPLE;
		if (seq_a && ka == kb) {
			r.type = pfl_type_make(ka, a.type.cert < b.type.cert ? a.type.cert : b.type.cert);
		} else if (seq_a && kb == PFL_KIND_UNKNOWN) {
			r.type = pfl_type_make(ka, PFL_CERT_INFERRED);
		} else if (seq_b && ka == PFL_KIND_UNKNOWN) {
			r.type = pfl_type_make(kb, PFL_CERT_INFERRED);
		} else if (ka == PFL_KIND_INT && kb == PFL_KIND_INT) {
			r.type = pfl_type_make(PFL_KIND_INT, PFL_CERT_KNOWN);
		}
	} else if (py__is(op, S_binary_percent)) {
		if (ka == PFL_KIND_STR || ka == PFL_KIND_BYTES)
			r.type = pfl_type_make(ka, a.type.cert);
		else if (ka == PFL_KIND_INT && kb == PFL_KIND_INT)
			r.type = pfl_type_make(PFL_KIND_INT, PFL_CERT_KNOWN);
	} else if (py__is(op, S_binary_star)) {
		if ((ka == PFL_KIND_STR || ka == PFL_KIND_BYTES || ka == PFL_KIND_LIST || ka == PFL_KIND_TUPLE) &&
		    kb == PFL_KIND_INT)
			r.type = pfl_type_make(ka, a.type.cert);
		else if (ka == PFL_KIND_INT && kb == PFL_KIND_INT)
			r.type = pfl_type_make(PFL_KIND_INT, PFL_CERT_KNOWN);
	}
	return r;
}

/* Kind of a call's result: builtin constructors and a few methods. */
static py__val py__call_value(py__lower *L, TSNode n, int depth)
{
	py__val r = { pfl_type_make(PFL_KIND_UNKNOWN, PFL_CERT_NONE), NULL, NULL, NULL, false, false };
	TSNode fn = py__field(L, n, F_function);
	if (py__is(fn, S_identifier)) {
		const char *name = py__text(L, fn);
		pfl_kind k = py__builtin_result(name);
		if (k != PFL_KIND_UNKNOWN)
			r.type = pfl_type_make(k, PFL_CERT_KNOWN);
		else
			r.ctor = name; /* a class or function, resolved later */
		return r;
	}
	if (!py__is(fn, S_attribute))
		return r;

	TSNode obj = py__unparen(py__field(L, fn, F_object));
	TSNode attr = py__field(L, fn, F_attribute);
	if (ts_node_is_null(attr))
		return r;
	const char *meth = py__text(L, attr);
	bool lit = py__is(obj, S_string) || py__is(obj, S_concatenated_string);
	pfl_kind lit_kind = PFL_KIND_STR;
	if (lit)
		lit_kind = py__string_kind(L, py__is(obj, S_string) ? obj : ts_node_named_child(obj, 0));
	if (strcmp(meth, "format") == 0) {
		r.type = pfl_type_make(PFL_KIND_STR, lit ? PFL_CERT_KNOWN : PFL_CERT_INFERRED);
	} else if (strcmp(meth, "encode") == 0) {
		r.type = pfl_type_make(PFL_KIND_BYTES, lit ? PFL_CERT_KNOWN : PFL_CERT_INFERRED);
	} else if (strcmp(meth, "decode") == 0) {
		r.type = pfl_type_make(PFL_KIND_STR, PFL_CERT_INFERRED);
	} else if (py__str_method(meth)) {
		if (lit) {
			r.type = pfl_type_make(lit_kind, PFL_CERT_KNOWN);
		} else {
			py__val o = py__value(L, obj, depth + 1);
			if (o.type.kind == PFL_KIND_STR || o.type.kind == PFL_KIND_BYTES) {
				r.type = o.type;
			} else if (o.alias) {
				r.alias = o.alias;
				r.str_method = true;
			}
		}
	} else if (strcmp(meth, "split") == 0 || strcmp(meth, "rsplit") == 0 || strcmp(meth, "splitlines") == 0) {
		/* str.split() is a list; os.path.split() is a tuple. */
		const char *recv = py__dotted_text(L, obj);
		if (lit)
			r.type = pfl_type_make(PFL_KIND_LIST, PFL_CERT_KNOWN);
		else if (!recv || (strstr(recv, "path") == NULL && strcmp(recv, "shlex") != 0))
			r.type = pfl_type_make(PFL_KIND_LIST, PFL_CERT_INFERRED);
	} else if ((strcmp(meth, "keys") == 0 || strcmp(meth, "values") == 0 || strcmp(meth, "items") == 0) &&
		   ts_node_named_child_count(py__field(L, n, F_arguments)) == 0) {
		py__val o = py__value(L, obj, depth + 1);
		if (o.type.kind == PFL_KIND_DICT)
			r.type = pfl_type_make(PFL_KIND_DICT_VIEW, o.type.cert);
		else
			r.ctor = py__chain_text(L, fn);
	} else if (strcmp(meth, "copy") == 0) {
		py__val o = py__value(L, obj, depth + 1);
		if (o.type.kind == PFL_KIND_LIST || o.type.kind == PFL_KIND_SET || o.type.kind == PFL_KIND_DICT)
			r.type = o.type;
	} else {
		const char *chain = py__chain_text(L, fn);
		if (chain)
			r.ctor = chain; /* module.Class(...), a.b().c(...): resolved later */
	}
	return r;
}

static py__val py__value(py__lower *L, TSNode n, int depth)
{
	py__val r = { pfl_type_make(PFL_KIND_UNKNOWN, PFL_CERT_NONE), NULL, NULL, NULL, false, false };
	if (ts_node_is_null(n) || depth > PY__MAX_EXPR_DEPTH)
		return r;
	TSSymbol s;
	n = py__unparen_sym(n, &s);
	const TSSymbol *S = py__ids.sym;
	if (s == S[S_identifier]) {
		r.alias = py__text(L, n);
	} else if (s == S[S_attribute]) {
		TSNode obj = py__field(L, n, F_object);
		if (py__is(obj, S_identifier) && py__text_is(L, obj, "self"))
			r.alias = py__dotted_text(L, n);
	} else if (s == S[S_string]) {
		r.type = pfl_type_make(py__string_kind(L, n), PFL_CERT_KNOWN);
	} else if (s == S[S_concatenated_string]) {
		r.type = pfl_type_make(py__string_kind(L, ts_node_named_child(n, 0)), PFL_CERT_KNOWN);
	} else if (s == S[S_integer]) {
		r.type = pfl_type_make(PFL_KIND_INT, PFL_CERT_KNOWN);
	} else if (s == S[S_float]) {
		r.type = pfl_type_make(PFL_KIND_FLOAT, PFL_CERT_KNOWN);
	} else if (s == S[S_true] || s == S[S_false]) {
		r.type = pfl_type_make(PFL_KIND_BOOL, PFL_CERT_KNOWN);
	} else if (s == S[S_none]) {
		r.type = pfl_type_make(PFL_KIND_NONE, PFL_CERT_KNOWN);
	} else if (s == S[S_list] || s == S[S_list_comprehension]) {
		r.type = pfl_type_make(PFL_KIND_LIST, PFL_CERT_KNOWN);
	} else if (s == S[S_tuple]) {
		r.type = pfl_type_make(PFL_KIND_TUPLE, PFL_CERT_KNOWN);
	} else if (s == S[S_set] || s == S[S_set_comprehension]) {
		r.type = pfl_type_make(PFL_KIND_SET, PFL_CERT_KNOWN);
	} else if (s == S[S_dictionary] || s == S[S_dictionary_comprehension]) {
		r.type = pfl_type_make(PFL_KIND_DICT, PFL_CERT_KNOWN);
	} else if (s == S[S_generator_expression]) {
		r.type = pfl_type_make(PFL_KIND_ITERATOR, PFL_CERT_KNOWN);
	} else if (s == S[S_binary_operator]) {
		r = py__binary(L, n, depth);
	} else if (s == S[S_call]) {
		r = py__call_value(L, n, depth);
	} else if (s == S[S_conditional_expression] && ts_node_named_child_count(n) == 3) {
		py__val a = py__value(L, ts_node_named_child(n, 0), depth + 1);
		py__val b = py__value(L, ts_node_named_child(n, 2), depth + 1);
		if (!a.alias && !b.alias && a.type.kind == b.type.kind && a.type.kind != PFL_KIND_UNKNOWN)
			r.type = pfl_type_make(a.type.kind, a.type.cert < b.type.cert ? a.type.cert : b.type.cert);
	} else if (s == S[S_assignment]) {
		r = py__value(L, py__field(L, n, F_right), depth + 1);
	} else if (s == S[S_subscript] && py__is(py__field(L, n, F_subscript), S_slice)) {
		r = py__value(L, py__field(L, n, F_value), depth + 1); /* a slice keeps the kind */
	}
	return r;
}

/* Element count and constness of a collection display. */
static void py__literal_info(py__lower *L, TSNode n, pfl_expr *e, int depth)
{
	TSSymbol s;
	n = py__unparen_sym(n, &s);
	e->literal_len = -1;
	const TSSymbol *S = py__ids.sym;
	if (s == S[S_string] || s == S[S_concatenated_string] || s == S[S_integer] ||
	    s == S[S_float] || s == S[S_true] || s == S[S_false] || s == S[S_none]) {
		e->is_literal = true;
		e->is_const = true;
		/* An f-string with interpolations is not a constant. */
		if (s == S[S_string]) {
			/* Every interpolation has a "{": most strings have none. */
			uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
			uint32_t c = memchr(L->src + a, '{', b - a) ? ts_node_named_child_count(n) : 0;
			for (uint32_t i = 0; i < c; i++)
				if (py__is(ts_node_named_child(n, i), S_interpolation))
					e->is_const = false;
		}
		return;
	}
	if (s == S[S_list] || s == S[S_tuple] || s == S[S_set] || s == S[S_dictionary]) {
		e->is_literal = true;
		uint32_t c = ts_node_named_child_count(n), count = 0;
		bool all_const = true;
		for (uint32_t i = 0; i < c; i++) {
			TSNode ch = ts_node_named_child(n, i);
			if (py__is(ch, S_comment))
				continue;
			count++;
			if (depth < 4 && !py__is(ch, S_pair)) {
				pfl_expr sub = { 0 };
				py__literal_info(L, ch, &sub, depth + 1);
				if (!sub.is_const)
					all_const = false;
			} else if (py__is(ch, S_pair)) {
				pfl_expr k = { 0 }, v = { 0 };
				py__literal_info(L, py__field(L, ch, F_value), &v, depth + 1);
				py__literal_info(L, ts_node_named_child(ch, 0), &k, depth + 1);
				if (!k.is_const || !v.is_const)
					all_const = false;
			} else {
				all_const = false;
			}
		}
		e->literal_len = (int32_t)count;
		e->is_const = all_const;
	}
}

/*
 * Advance a cursor in pre-order within the subtree it was created on:
 * into the first child when descend, else to the next node after this
 * subtree. False when the walk is over.
 */
static bool py__cursor_next(TSTreeCursor *c, bool descend)
{
	if (descend && ts_tree_cursor_goto_first_child(c))
		return true;
	while (!ts_tree_cursor_goto_next_sibling(c))
		if (!ts_tree_cursor_goto_parent(c))
			return false;
	return true;
}

/*
 * Identifiers an expression reads (not attribute names, keyword names or
 * names bound inside it), at most PY__MAX_NAMES, NULL-terminated in the
 * arena; NULL when there are none.
 */
static const char **py__collect_names(py__lower *L, TSNode n)
{
	if (ts_node_is_null(n))
		return NULL;
	L->names.size = 0;
	/*
	 * Strings without an interpolation are not entered, except in a long
	 * expression: there the walk must count their nodes towards its limit.
	 * (1024 bytes hold far fewer than 4096 nodes.)
	 */
	bool skip_strings = ts_node_end_byte(n) - ts_node_start_byte(n) <= 1024;
	TSTreeCursor c = ts_tree_cursor_new(n);
	uint32_t visited = 0;
	for (;;) {
		TSNode cur = ts_tree_cursor_current_node(&c);
		TSFieldId f = ts_tree_cursor_current_field_id(&c);
		bool descend = true;
		TSSymbol cs = ts_node_symbol(cur);
		if (cs == py__ids.sym[S_string] && skip_strings) {
			/* Only an interpolation reads names, and it has a "{". */
			uint32_t a = ts_node_start_byte(cur), b = ts_node_end_byte(cur);
			descend = memchr(L->src + a, '{', b - a) != NULL;
		} else if (cs == py__ids.sym[S_identifier]) {
			bool skip = f == py__ids.field[F_attribute] || f == py__ids.field[F_name];
			if (!skip && L->names.size < PY__MAX_NAMES) {
				const char *name = py__text(L, cur);
				bool dup = false;
				for (size_t i = 0; i < L->names.size; i++)
					if (strcmp(L->names.items[i], name) == 0)
						dup = true;
				if (!dup)
					pfl_array_push(&L->names, name);
			}
			descend = false;
		}
		if (++visited > 4096 || !py__cursor_next(&c, descend))
			break;
	}
	ts_tree_cursor_delete(&c);
	if (L->names.size == 0)
		return NULL;
	const char **out = pfl_arena_alloc(&L->m->arena, (L->names.size + 1) * sizeof(*out));
	memcpy(out, L->names.items, L->names.size * sizeof(*out));
	out[L->names.size] = NULL;
	return out;
}

/*
 * Everything the model keeps of an expression, and in *v what py__value
 * found of it (an assignment binds its target with that). The names it
 * reads are collected only inside loops (L->in_loop), where rules ask
 * whether an operation depends on the loop.
 */
static pfl_expr py__expr_value(py__lower *L, TSNode n, py__val *v)
{
	pfl_expr e;
	memset(&e, 0, sizeof(e));
	e.literal_len = -1;
	*v = py__value(L, n, 0);
	if (ts_node_is_null(n))
		return e;
	e.type = v->type;
	e.span = py__span(n);
	/* A name or a self.x: py__value has made its dotted text already. */
	TSSymbol us;
	TSNode u = py__unparen_sym(n, &us);
	if (v->alias && (us == py__ids.sym[S_attribute] ||
			 (us == py__ids.sym[S_identifier] && ts_node_end_byte(u) - ts_node_start_byte(u) < PY__MAX_CHAIN)))
		e.text = v->alias;
	else
		e.text = py__dotted_text(L, u);
	py__literal_info(L, n, &e, 0);
	e.names = L->in_loop ? py__collect_names(L, n) : NULL;
	return e;
}

/* py__expr_value without the value. */
static pfl_expr py__expr(py__lower *L, TSNode n)
{
	py__val v;
	return py__expr_value(L, n, &v);
}

/* Record a binding of name in scope. */
static void py__bind_name(py__lower *L, int32_t scope, const char *name, py__val v,
			  bool is_param, bool is_import, bool is_global)
{
	py__bind *b = pfl_array_grow_one(&L->binds);
	b->scope = scope;
	b->order = (uint32_t)L->binds.size;
	b->name = name;
	b->type = v.type;
	b->alias = v.alias;
	b->ctor = v.ctor;
	b->elem_of = v.elem_of;
	b->elem_call = v.elem_call;
	b->str_method = v.str_method;
	b->is_param = is_param;
	b->is_import = is_import;
	b->is_global = is_global;
}

static py__val py__unknown(void)
{
	py__val v = { pfl_type_make(PFL_KIND_UNKNOWN, PFL_CERT_NONE), NULL, NULL, NULL, false, false };
	return v;
}

/* The class scope that "self.x" in scope refers to, or -1. */
static int32_t py__self_scope(py__lower *L, int32_t scope)
{
	const pfl_model *m = L->m;
	int32_t f = scope;
	while (f > 0 && m->scopes.items[f].kind != PFL_SCOPE_FUNCTION)
		f = m->scopes.items[f].parent;
	if (f <= 0)
		return -1;
	int32_t cls = m->scopes.items[f].parent;
	if (cls > 0 && m->scopes.items[cls].kind == PFL_SCOPE_CLASS)
		return cls;
	return -1;
}

/*
 * Record that a statement other than a plain assignment rebinds target
 * (unpacking, with ... as, except ... as, :=): rules treat it as a reset.
 */
static void py__record_rebind(py__lower *L, int32_t scope, int32_t loop, const char *target, TSNode n)
{
	pfl_assign *a = pfl_array_grow_one(&L->m->assigns);
	a->target = target;
	a->op = PFL_ASSIGN_BIND;
	a->scope = scope;
	a->loop = loop;
	a->once_loop = -1;
	a->span = py__span(n);
	a->value.literal_len = -1;
	a->other.literal_len = -1;
}

/*
 * Bind every identifier of a target pattern (unknown kind). loop >= -1
 * also records each as a rebinding in that loop; loop targets pass -2
 * (their names are in pfl_loop.bound).
 */
static void py__bind_pattern(py__lower *L, int32_t scope, int32_t loop, TSNode n, int depth)
{
	if (ts_node_is_null(n) || depth > PY__MAX_EXPR_DEPTH)
		return;
	if (py__is(n, S_identifier)) {
		const char *name = py__text(L, n);
		py__bind_name(L, scope, name, py__unknown(), false, false, false);
		if (loop >= -1)
			py__record_rebind(L, scope, loop, name, n);
		return;
	}
	if (py__is(n, S_attribute)) {
		const char *t = py__dotted_text(L, n);
		int32_t cls = py__self_scope(L, scope);
		if (t && cls >= 0 && strncmp(t, "self.", 5) == 0 && !strchr(t + 5, '.'))
			py__bind_name(L, cls, t, py__unknown(), false, false, false);
		if (t && loop >= -1)
			py__record_rebind(L, scope, loop, t, n);
		return;
	}
	if (py__is(n, S_subscript))
		return;
	uint32_t c = ts_node_named_child_count(n);
	for (uint32_t i = 0; i < c; i++)
		py__bind_pattern(L, scope, loop, ts_node_named_child(n, i), depth + 1);
}

/* Remember a loop's iterable chain (for querysets), indexed by loop. */
static void py__note_iter(py__lower *L, int32_t loop, TSNode right)
{
	while (L->iters.size <= (size_t)loop)
		pfl_array_grow_one(&L->iters);
	right = py__unslice(L, right);
	py__iter *it = &L->iters.items[loop];
	if (py__is(right, S_call)) {
		it->chain = py__chain_text(L, py__field(L, right, F_function));
		it->call = true;
	} else if (py__is(right, S_identifier) || py__is(right, S_attribute)) {
		it->chain = py__dotted_text(L, right);
	}
}

/* Bind a loop target: a single name gets the element type of the iterable. */
static void py__bind_loop_target(py__lower *L, int32_t scope, TSNode left, TSNode right)
{
	if (!py__is(left, S_identifier)) {
		py__bind_pattern(L, scope, -2, left, 0);
		return;
	}
	py__val v = py__unknown();
	right = py__unslice(L, right);
	if (py__is(right, S_call)) {
		v.elem_of = py__chain_text(L, py__field(L, right, F_function));
		v.elem_call = true;
	} else if (py__is(right, S_identifier) || py__is(right, S_attribute)) {
		v.elem_of = py__dotted_text(L, right);
	}
	py__bind_name(L, scope, py__text(L, left), v, false, false, false);
}

/* Append the names a for-target binds to out (NULL-terminated arena array). */
static const char **py__pattern_names(py__lower *L, TSNode n)
{
	const char **names = py__collect_names(L, n);
	return names;
}

/* A new scope. */
static int32_t py__new_scope(py__lower *L, pfl_scope_kind kind, TSNode n, TSNode name,
			     int32_t parent, int32_t loop)
{
	pfl_model *m = L->m;
	pfl_scope *s = pfl_array_grow_one(&m->scopes);
	int32_t idx = (int32_t)(m->scopes.size - 1);
	s->kind = kind;
	s->parent = parent;
	s->loop = loop;
	s->span = py__span(n);
	if (!ts_node_is_null(name)) {
		s->name = py__text(L, name);
		s->name_span = py__span(name);
	} else {
		s->name = kind == PFL_SCOPE_LAMBDA ? "<lambda>" : kind == PFL_SCOPE_COMPREHENSION ? "<comprehension>" : "<module>";
		s->name_span = s->span;
	}
	const char *pq = parent >= 0 ? m->scopes.items[parent].qualname : NULL;
	if (kind == PFL_SCOPE_COMPREHENSION)
		s->qualname = pq;
	else if (pq && *pq)
		s->qualname = pfl_arena_concat3(&m->arena, pq, ".", s->name);
	else
		s->qualname = s->name;
	return idx;
}

/* A new loop under parent_loop in scope. */
static int32_t py__new_loop(py__lower *L, pfl_loop_kind kind, TSNode n, int32_t scope, int32_t parent)
{
	pfl_model *m = L->m;
	pfl_loop *lp = pfl_array_grow_one(&m->loops);
	int32_t idx = (int32_t)(m->loops.size - 1);
	lp->kind = kind;
	lp->span = py__span(n);
	lp->head_span = lp->span;
	lp->parent = parent;
	lp->scope = scope;
	lp->depth = parent >= 0 ? m->loops.items[parent].depth + 1 : 1;
	lp->iter.literal_len = -1;
	return idx;
}

/* Parameters of a function or lambda: bindings in its scope, and pfl_params. */
static void py__params(py__lower *L, int32_t scope, TSNode params)
{
	if (ts_node_is_null(params))
		return;
	uint32_t c = ts_node_named_child_count(params);
	pfl_param *ps = pfl_arena_zalloc(&L->m->arena, (c ? c : 1) * sizeof(*ps));
	uint32_t np = 0;
	for (uint32_t i = 0; i < c; i++) {
		TSNode p = ts_node_named_child(params, i);
		TSNode name = { 0 };
		py__val v = py__unknown();
		if (py__is(p, S_identifier)) {
			name = p;
		} else if (py__is(p, S_typed_parameter)) {
			name = ts_node_named_child(p, 0);
			if (!py__is(name, S_identifier))
				name = (TSNode){ 0 };
			v.type = py__annotation(L, py__field(L, p, F_type));
			if (v.type.kind == PFL_KIND_UNKNOWN)
				v.ctor = py__annotation_class(L, py__field(L, p, F_type));
		} else if (py__is(p, S_default_parameter)) {
			name = py__field(L, p, F_name);
			py__val d = py__value(L, py__field(L, p, F_value), 0);
			if (!d.alias && d.type.kind != PFL_KIND_NONE && d.type.kind != PFL_KIND_UNKNOWN)
				v.type = pfl_type_make(d.type.kind, PFL_CERT_INFERRED);
		} else if (py__is(p, S_typed_default_parameter)) {
			name = py__field(L, p, F_name);
			v.type = py__annotation(L, py__field(L, p, F_type));
			if (v.type.kind == PFL_KIND_UNKNOWN)
				v.ctor = py__annotation_class(L, py__field(L, p, F_type));
		}
		if (ts_node_is_null(name) || !py__is(name, S_identifier))
			continue;
		ps[np].name = py__text(L, name);
		ps[np].type = v.type;
		ps[np].span = py__span(p);
		py__bind_name(L, scope, ps[np].name, v, true, false, false);
		np++;
	}
	L->m->scopes.items[scope].params = ps;
	L->m->scopes.items[scope].nparams = np;
}

/* Whether a loop body ends its loop unconditionally in the first iteration. */
static bool py__runs_once(TSNode body)
{
	if (ts_node_is_null(body))
		return false;
	bool exits = false;
	uint32_t c = ts_node_named_child_count(body);
	for (uint32_t i = 0; i < c; i++) {
		TSNode st = ts_node_named_child(body, i);
		if (py__is(st, S_break_statement) || py__is(st, S_return_statement) || py__is(st, S_raise_statement))
			exits = true;
	}
	if (!exits)
		return false;
	/* A "continue" anywhere in the body can skip the exit. */
	TSTreeCursor cur = ts_tree_cursor_new(body);
	bool cont = false;
	uint32_t visited = 0;
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cur);
		if (py__is(n, S_continue_statement)) {
			cont = true;
			break;
		}
		if (++visited > 100000) {
			cont = true;
			break;
		}
		if (!py__cursor_next(&cur, true))
			break;
	}
	ts_tree_cursor_delete(&cur);
	return !cont;
}

/* Whether an iterable provably yields few items: a constant display or range(k). */
static bool py__bounded_iter(py__lower *L, TSNode it, const pfl_expr *e)
{
	it = py__unparen(it);
	if (e->is_literal && e->is_const && e->literal_len >= 0 && e->literal_len <= PY__BOUNDED_LOOP)
		return true;
	if (py__is(it, S_string) && e->is_const)
		return ts_node_end_byte(it) - ts_node_start_byte(it) <= PY__BOUNDED_LOOP + 8;
	if (py__is(it, S_call)) {
		TSNode fn = py__field(L, it, F_function);
		TSNode args = py__field(L, it, F_arguments);
		if (!py__is(fn, S_identifier) || !py__text_is(L, fn, "range") || ts_node_is_null(args))
			return false;
		uint32_t c = ts_node_named_child_count(args);
		long vals[3];
		if (c < 1 || c > 2)
			return false;
		for (uint32_t i = 0; i < c; i++) {
			TSNode a = ts_node_named_child(args, i);
			if (!py__is(a, S_integer))
				return false;
			const char *t = py__text(L, a);
			vals[i] = strtol(t, NULL, 0);
		}
		long count = c == 1 ? vals[0] : vals[1] - vals[0];
		return count <= PY__BOUNDED_LOOP;
	}
	return false;
}

/* Whether an iterable is range(start, stop, step): the batching idiom. */
static bool py__chunked_iter(py__lower *L, TSNode it)
{
	it = py__unparen(it);
	if (!py__is(it, S_call))
		return false;
	TSNode fn = py__field(L, it, F_function), args = py__field(L, it, F_arguments);
	if (!py__is(fn, S_identifier) || !py__text_is(L, fn, "range") || ts_node_is_null(args))
		return false;
	uint32_t n = 0, c = ts_node_named_child_count(args);
	for (uint32_t i = 0; i < c; i++)
		if (!py__is(ts_node_named_child(args, i), S_comment))
			n++;
	return n == 3;
}

/* for_statement: a loop whose target names are bound in the enclosing scope. */
static void py__enter_for(py__lower *L, TSNode n, py__ctx *ctx)
{
	TSNode left = py__field(L, n, F_left), right = py__field(L, n, F_right), body = py__field(L, n, F_body);
	int32_t lp = py__new_loop(L, PFL_LOOP_FOR, n, ctx->scope, ctx->loop);
	pfl_loop *loop = &L->m->loops.items[lp];
	loop->is_async = py__has_async(n);
	if (!ts_node_is_null(body)) {
		loop->head_span = py__span(n);
		loop->head_span.end_line = ts_node_start_point(body).row + 1;
		loop->head_span.end_col = ts_node_start_point(body).column + 1;
		loop->head_span.end_byte = ts_node_start_byte(body);
	}
	loop->iter = py__expr(L, right);
	loop->bounded = py__bounded_iter(L, right, &loop->iter);
	loop->runs_once = py__runs_once(body);
	loop->chunked = py__chunked_iter(L, right);
	loop->bound = py__pattern_names(L, left);
	py__bind_loop_target(L, ctx->scope, left, right);
	py__note_iter(L, lp, right);
	ctx->made_loop = lp;
	ctx->nloops = 1;
}

/* while_statement. */
static void py__enter_while(py__lower *L, TSNode n, py__ctx *ctx)
{
	int32_t lp = py__new_loop(L, PFL_LOOP_WHILE, n, ctx->scope, ctx->loop);
	pfl_loop *loop = &L->m->loops.items[lp];
	loop->runs_once = py__runs_once(py__field(L, n, F_body));
	ctx->made_loop = lp;
	ctx->nloops = 1;
}

/* list/set/dict comprehension and generator expression: a scope and one loop per clause. */
static void py__enter_comprehension(py__lower *L, TSNode n, py__ctx *ctx, bool generator)
{
	int32_t sc = py__new_scope(L, PFL_SCOPE_COMPREHENSION, n, (TSNode){ 0 }, ctx->scope, ctx->loop);
	ctx->made_scope = sc;
	uint32_t c = ts_node_named_child_count(n);
	int32_t parent = ctx->loop;
	for (uint32_t i = 0; i < c; i++) {
		TSNode ch = ts_node_named_child(n, i);
		if (!py__is(ch, S_for_in_clause))
			continue;
		int32_t lp = py__new_loop(L, generator ? PFL_LOOP_GENERATOR : PFL_LOOP_COMPREHENSION, n, sc, parent);
		pfl_loop *loop = &L->m->loops.items[lp];
		loop->head_span = py__span(ch);
		loop->is_async = py__has_async(ch);
		TSNode right = py__field(L, ch, F_right);
		loop->iter = py__expr(L, right);
		loop->bounded = py__bounded_iter(L, right, &loop->iter);
		loop->bound = py__pattern_names(L, py__field(L, ch, F_left));
		py__bind_loop_target(L, sc, py__field(L, ch, F_left), right);
		py__note_iter(L, lp, right);
		if (ctx->made_loop < 0)
			ctx->made_loop = lp;
		ctx->nloops++;
		parent = lp;
	}
}

/* The module a relative import names, from this file's module. */
static const char *py__relative_base(py__lower *L, TSNode rel, const char **rest)
{
	/* relative_import: import_prefix ("..") then an optional dotted_name. */
	int dots = 0;
	*rest = NULL;
	uint32_t c = ts_node_child_count(rel);
	for (uint32_t i = 0; i < c; i++) {
		TSNode ch = ts_node_child(rel, i);
		if (py__is(ch, S_import_prefix))
			dots = (int)(ts_node_end_byte(ch) - ts_node_start_byte(ch));
		else if (py__is(ch, S_dotted_name))
			*rest = py__text(L, ch);
	}
	if (!L->module)
		return NULL;
	/* The package of this module; an __init__ module is its own package. */
	bool is_pkg = false;
	const char *p = L->m->path;
	const char *b = strrchr(p, '/');
	b = b ? b + 1 : p;
	if (strcmp(b, "__init__.py") == 0 || strcmp(b, "__init__.pyi") == 0)
		is_pkg = true;
	size_t len = strlen(L->module);
	int up = is_pkg ? dots - 1 : dots;
	for (int i = 0; i < up; i++) {
		while (len > 0 && L->module[len - 1] != '.')
			len--;
		if (len == 0)
			return i == up - 1 ? "" : NULL;
		len--; /* the dot */
	}
	return pfl_arena_strndup(&L->m->arena, L->module, len);
}

/* import a.b.c / import a.b as x */
static void py__import(py__lower *L, TSNode n, int32_t scope)
{
	uint32_t c = ts_node_named_child_count(n);
	for (uint32_t i = 0; i < c; i++) {
		TSNode ch = ts_node_named_child(n, i);
		py__val v = py__unknown();
		v.type = pfl_type_make(PFL_KIND_MODULE, PFL_CERT_KNOWN);
		if (py__is(ch, S_dotted_name)) {
			/* import a.b.c binds a, which names the module a. */
			TSNode first = ts_node_named_child(ch, 0);
			const char *head = py__text(L, first);
			v.type.name = head;
			py__bind_name(L, scope, head, v, false, true, false);
		} else if (py__is(ch, S_aliased_import)) {
			TSNode name = py__field(L, ch, F_name), alias = py__field(L, ch, F_alias);
			if (ts_node_is_null(name) || ts_node_is_null(alias))
				continue;
			v.type.name = py__text(L, name);
			py__bind_name(L, scope, py__text(L, alias), v, false, true, false);
		}
	}
}

/* from m import a, b as c / from . import x */
static void py__import_from(py__lower *L, TSNode n, int32_t scope)
{
	TSNode mod = py__field(L, n, F_module_name);
	if (ts_node_is_null(mod))
		return;
	const char *base;
	if (py__is(mod, S_relative_import)) {
		const char *rest;
		const char *pkg = py__relative_base(L, mod, &rest);
		if (!pkg)
			return;
		if (rest && *pkg)
			base = pfl_arena_concat3(&L->m->arena, pkg, ".", rest);
		else if (rest)
			base = rest;
		else
			base = pkg;
	} else {
		base = py__text(L, mod);
	}
	uint32_t c = ts_node_child_count(n);
	for (uint32_t i = 0; i < c; i++) {
		TSNode ch = ts_node_child(n, i);
		/* Only the imported names, not module_name. */
		if (ts_node_eq(ch, mod))
			continue;
		const char *sym = NULL, *as = NULL;
		if (py__is(ch, S_dotted_name)) {
			sym = py__text(L, ch);
			as = sym;
		} else if (py__is(ch, S_aliased_import)) {
			TSNode name = py__field(L, ch, F_name), alias = py__field(L, ch, F_alias);
			if (ts_node_is_null(name) || ts_node_is_null(alias))
				continue;
			sym = py__text(L, name);
			as = py__text(L, alias);
		} else {
			continue;
		}
		py__val v = py__unknown();
		v.type = pfl_type_make(PFL_KIND_CALLABLE, PFL_CERT_KNOWN);
		v.type.name = *base ? pfl_arena_concat3(&L->m->arena, base, ".", sym) : sym;
		py__bind_name(L, scope, as, v, false, true, false);
	}
}

/* The concatenation shape of "target = value". */
static pfl_concat py__concat_shape(py__lower *L, const char *target, TSNode value, TSNode *other)
{
	value = py__unparen(value);
	*other = (TSNode){ 0 };
	if (py__is(value, S_binary_operator) && py__is(py__field(L, value, F_operator), S_binary_plus)) {
		/* Walk the left spine of a + b + c for the target as first operand. */
		TSNode left = py__unparen(py__field(L, value, F_left));
		TSNode right = py__unparen(py__field(L, value, F_right));
		TSNode spine = value;
		int guard = 0;
		while (guard++ < PY__MAX_EXPR_DEPTH) {
			TSNode l = py__unparen(py__field(L, spine, F_left));
			if (py__is(l, S_binary_operator) && py__is(py__field(L, l, F_operator), S_binary_plus)) {
				spine = l;
				continue;
			}
			const char *lt = py__dotted_text(L, l);
			if (lt && strcmp(lt, target) == 0) {
				*other = ts_node_eq(spine, value) ? right : py__field(L, spine, F_right);
				return PFL_CONCAT_APPEND;
			}
			break;
		}
		const char *rt = py__dotted_text(L, right);
		if (rt && strcmp(rt, target) == 0) {
			*other = left;
			return PFL_CONCAT_PREPEND;
		}
		return PFL_CONCAT_NONE;
	}
	if (py__is(value, S_string)) {
		/* f"{target}..." */
		uint32_t c = ts_node_named_child_count(value);
		for (uint32_t i = 0; i < c; i++) {
			TSNode ch = ts_node_named_child(value, i);
			if (!py__is(ch, S_interpolation))
				continue;
			TSNode e = ts_node_named_child(ch, 0);
			const char *t = py__dotted_text(L, e);
			if (t && strcmp(t, target) == 0) {
				*other = value;
				return PFL_CONCAT_FORMAT;
			}
		}
		return PFL_CONCAT_NONE;
	}
	TSNode args = { 0 };
	if (py__is(value, S_binary_operator) && py__is(py__field(L, value, F_operator), S_binary_percent)) {
		TSNode l = py__unparen(py__field(L, value, F_left));
		if (!py__is(l, S_string))
			return PFL_CONCAT_NONE;
		args = py__unparen(py__field(L, value, F_right));
		if (!py__is(args, S_tuple)) {
			const char *t = py__dotted_text(L, args);
			if (t && strcmp(t, target) == 0) {
				*other = value;
				return PFL_CONCAT_FORMAT;
			}
			return PFL_CONCAT_NONE;
		}
	} else if (py__is(value, S_call)) {
		TSNode fn = py__field(L, value, F_function);
		if (!py__is(fn, S_attribute) || !py__is(py__unparen(py__field(L, fn, F_object)), S_string) ||
		    !py__text_is(L, py__field(L, fn, F_attribute), "format"))
			return PFL_CONCAT_NONE;
		args = py__field(L, value, F_arguments);
	} else {
		return PFL_CONCAT_NONE;
	}
	if (ts_node_is_null(args))
		return PFL_CONCAT_NONE;
	uint32_t c = ts_node_named_child_count(args);
	for (uint32_t i = 0; i < c; i++) {
		const char *t = py__dotted_text(L, ts_node_named_child(args, i));
		if (t && strcmp(t, target) == 0) {
			*other = value;
			return PFL_CONCAT_FORMAT;
		}
	}
	return PFL_CONCAT_NONE;
}

/* The text of a plain string literal (no interpolation), or NULL. */
static const char *py__string_value(py__lower *L, TSNode n)
{
	n = py__unparen(n);
	if (!py__is(n, S_string))
		return NULL;
	pfl_strbuf sb = PFL_STRBUF_INIT;
	uint32_t c = ts_node_named_child_count(n);
	for (uint32_t i = 0; i < c; i++) {
		TSNode ch = ts_node_named_child(n, i);
		if (py__is(ch, S_interpolation)) {
			pfl_strbuf_release(&sb);
			return NULL;
		}
		if (!py__is(ch, S_string_start) && ts_node_symbol(ch) != py__ids.sym[S_string_start] &&
		    strcmp(ts_node_type(ch), "string_content") == 0)
			pfl_strbuf_add(&sb, L->src + ts_node_start_byte(ch), ts_node_end_byte(ch) - ts_node_start_byte(ch));
	}
	const char *r = pfl_arena_strndup(&L->m->arena, sb.buf, sb.len);
	pfl_strbuf_release(&sb);
	return r;
}

/* In a class body, "name = Field(Target, related_name=...)": remember it. */
static void py__field_candidate(py__lower *L, const py__ctx *ctx, const char *target, TSNode right, TSNode stmt)
{
	right = py__unparen(right);
	if (!py__is(right, S_call) || L->m->scopes.items[ctx->scope].kind != PFL_SCOPE_CLASS || strchr(target, '.'))
		return;
	TSNode fn = py__field(L, right, F_function), args = py__field(L, right, F_arguments);
	const char *callee = py__dotted_text(L, fn);
	if (!callee || ts_node_is_null(args))
		return;
	const char *last = strrchr(callee, '.');
	last = last ? last + 1 : callee;
	if (strcmp(last, "ForeignKey") != 0 && strcmp(last, "OneToOneField") != 0 && strcmp(last, "ManyToManyField") != 0)
		return;
	py__field_decl *d = pfl_array_grow_one(&L->fields);
	d->cls = ctx->scope;
	d->field = target;
	d->callee = callee;
	d->span = py__span(stmt);
	uint32_t c = ts_node_named_child_count(args);
	for (uint32_t i = 0; i < c; i++) {
		TSNode a = ts_node_named_child(args, i);
		if (py__is(a, S_keyword_argument)) {
			TSNode k = py__field(L, a, F_name);
			if (py__text_is(L, k, "related_name"))
				d->related_name = py__string_value(L, py__field(L, a, F_value));
			else if (py__text_is(L, k, "to") && !d->target) {
				d->target = py__string_value(L, py__field(L, a, F_value));
				d->target_string = d->target != NULL;
				if (!d->target)
					d->target = py__dotted_text(L, py__field(L, a, F_value));
			}
		} else if (!d->target && !py__is(a, S_comment)) {
			d->target = py__string_value(L, a);
			d->target_string = d->target != NULL;
			if (!d->target)
				d->target = py__dotted_text(L, a);
		}
	}
}

/* The simple target text of an assignment's left side ("x", "self.x"), or NULL. */
static const char *py__target(py__lower *L, TSNode left)
{
	if (py__is(left, S_identifier))
		return py__text(L, left);
	if (py__is(left, S_attribute))
		return py__dotted_text(L, left);
	return NULL;
}

/* Bind a simple target to a value in scope (self.x goes to the class). */
static void py__bind_target(py__lower *L, int32_t scope, const char *target, py__val v)
{
	if (strchr(target, '.')) {
		int32_t cls = py__self_scope(L, scope);
		if (cls >= 0 && strncmp(target, "self.", 5) == 0 && !strchr(target + 5, '.'))
			py__bind_name(L, cls, target, v, false, false, false);
		return;
	}
	py__bind_name(L, scope, target, v, false, false, false);
}

/* assignment: x = v, x: T = v, x: T, a, b = v, a = b = v */
static void py__assignment(py__lower *L, TSNode n, const py__ctx *ctx)
{
	TSNode left = py__field(L, n, F_left), right = py__field(L, n, F_right), type = py__field(L, n, F_type);
	const char *target = py__target(L, left);
	if (!target) {
		py__bind_pattern(L, ctx->scope, ctx->loop, left, 0);
		return;
	}
	pfl_assign *a = pfl_array_grow_one(&L->m->assigns);
	a->target = target;
	a->op = ts_node_is_null(type) ? PFL_ASSIGN_PLAIN : PFL_ASSIGN_ANN;
	a->scope = ctx->scope;
	a->loop = ctx->loop;
	a->once_loop = ctx->once_loop;
	a->span = py__span(n);
	py__val v;
	a->value = py__expr_value(L, right, &v);
	a->other.literal_len = -1;
	if (!ts_node_is_null(right)) {
		TSNode other;
		a->concat = py__concat_shape(L, target, right, &other);
		if (!ts_node_is_null(other))
			a->other = py__expr(L, other);
	}
	if (!ts_node_is_null(right))
		py__field_candidate(L, ctx, target, right, n);
	if (!ts_node_is_null(type)) {
		pfl_type ann = py__annotation(L, type);
		v.type = ann;
		v.alias = NULL;
	}
	if (ts_node_is_null(right) && ts_node_is_null(type))
		return;
	/* "s = s + x" keeps s's kind: it is not a new fact about s. */
	if (a->concat != PFL_CONCAT_NONE && ts_node_is_null(type))
		return;
	py__bind_target(L, ctx->scope, target, v);
}

/* augmented_assignment: x += v */
static void py__aug_assignment(py__lower *L, TSNode n, const py__ctx *ctx)
{
	TSNode left = py__field(L, n, F_left), right = py__field(L, n, F_right), op = py__field(L, n, F_operator);
	const char *target = py__target(L, left);
	if (!target)
		return;
	pfl_assign *a = pfl_array_grow_one(&L->m->assigns);
	a->target = target;
	a->op = (!ts_node_is_null(op) && py__text_is(L, op, "+=")) ? PFL_ASSIGN_ADD : PFL_ASSIGN_OTHER;
	a->scope = ctx->scope;
	a->loop = ctx->loop;
	a->once_loop = ctx->once_loop;
	a->span = py__span(n);
	a->value = py__expr(L, right);
	a->other = a->value;
	a->concat = PFL_CONCAT_NONE;
}

/* Whether a call in the receiver chain of fn has a "..__in=" keyword argument. */
static bool py__chain_batched(py__lower *L, TSNode fn)
{
	int guard = 0;
	while (py__is(fn, S_attribute) && guard++ < PY__MAX_EXPR_DEPTH) {
		TSNode obj = py__field(L, fn, F_object);
		if (!py__is(obj, S_call))
			break;
		TSNode args = py__field(L, obj, F_arguments);
		uint32_t c = ts_node_is_null(args) ? 0 : ts_node_named_child_count(args);
		for (uint32_t i = 0; i < c; i++) {
			TSNode a = ts_node_named_child(args, i);
			if (!py__is(a, S_keyword_argument))
				continue;
			TSNode k = py__field(L, a, F_name);
			uint32_t kl = ts_node_end_byte(k) - ts_node_start_byte(k);
			if (kl > 4 && memcmp(L->src + ts_node_end_byte(k) - 4, "__in", 4) == 0)
				return true;
		}
		fn = py__field(L, obj, F_function);
	}
	return false;
}

/* One argument of a call, from its argument list. */
static void py__call_arg(py__lower *L, pfl_call *call, TSNode a)
{
	pfl_arg *arg = &call->args[call->nargs++];
	if (py__is(a, S_keyword_argument)) {
		arg->keyword = py__text(L, py__field(L, a, F_name));
		arg->value = py__expr(L, py__field(L, a, F_value));
	} else if (py__is(a, S_list_splat) || py__is(a, S_dictionary_splat)) {
		arg->star = true;
		arg->value = py__expr(L, ts_node_named_child(a, 0));
	} else {
		arg->value = py__expr(L, a);
	}
}

/*
 * call: f(args), recv.method(args). The arguments of an argument list are
 * recorded as the walk visits them (py__call_arg): ts_node_named_child(i)
 * would start from the first child every time.
 */
static void py__call(py__lower *L, TSNode n, py__ctx *ctx, bool awaited, bool statement)
{
	TSNode fn = py__field(L, n, F_function), args = py__field(L, n, F_arguments);
	pfl_call *call = pfl_array_grow_one(&L->m->calls);
	call->scope = ctx->scope;
	call->loop = ctx->loop;
	call->once_loop = ctx->once_loop;
	call->span = py__span(n);
	call->callee_span = py__span(fn);
	call->text = py__chain_text(L, fn);
	if (awaited)
		call->flags |= PFL_CALL_AWAITED;
	if (statement)
		call->flags |= PFL_CALL_STATEMENT;
	if (ctx->in_test)
		call->flags |= PFL_CALL_IN_TEST;
	if (ctx->in_try)
		call->flags |= PFL_CALL_IN_TRY;
	if (py__chain_batched(L, fn))
		call->flags |= PFL_CALL_BATCHED;
	if (L->m->scopes.items[ctx->scope].kind == PFL_SCOPE_LAMBDA)
		call->flags |= PFL_CALL_IN_LAMBDA;
	call->receiver.literal_len = -1;
	if (py__is(fn, S_attribute)) {
		TSNode attr = py__field(L, fn, F_attribute);
		call->flags |= PFL_CALL_METHOD;
		if (!ts_node_is_null(attr))
			call->method = py__text(L, attr);
		call->receiver = py__expr(L, py__field(L, fn, F_object));
	}
	if (ts_node_is_null(args))
		return;
	if (py__is(args, S_generator_expression)) {
		call->args = pfl_arena_zalloc(&L->m->arena, sizeof(*call->args));
		call->args[0].value = py__expr(L, args);
		call->nargs = 1;
		return;
	}
	uint32_t c = ts_node_named_child_count(args);
	call->args = pfl_arena_zalloc(&L->m->arena, (c ? c : 1) * sizeof(*call->args));
	ctx->call = (int32_t)L->m->calls.size;
	ctx->args = args.id;
}

/* comparison_operator: a in b, a not in b (two operands only). */
static void py__comparison(py__lower *L, TSNode n, const py__ctx *ctx, const py__ctx *parent)
{
	uint32_t c = ts_node_child_count(n);
	if (c != 3)
		return;
	TSNode op = ts_node_child(n, 1);
	bool in = py__is(op, S_in), not_in = py__is(op, S_not_in);
	if (!in && !not_in)
		return;
	pfl_member *mb = pfl_array_grow_one(&L->m->members);
	mb->needle = py__expr(L, ts_node_child(n, 0));
	mb->container = py__expr(L, ts_node_child(n, 2));
	mb->negated = not_in;
	if (parent && (parent->sym == S_if_statement || parent->sym == S_elif_clause) && L->cur_if_cond == n.id)
		mb->guarded = py__span(L->cur_if_body);
	mb->scope = ctx->scope;
	mb->loop = ctx->loop;
	mb->once_loop = ctx->once_loop;
	mb->span = py__span(n);
}

/* The context of a child from its parent's context and the child's field. */
static void py__child_ctx(const py__ctx *P, TSFieldId field, uint16_t sym, py__ctx *C)
{
	const TSFieldId *F = py__ids.field;
	C->scope = P->scope;
	C->loop = P->loop;
	C->once_loop = P->once_loop;
	C->in_test = P->in_test;
	C->in_try = P->in_try;
	if ((P->sym == S_if_statement || P->sym == S_elif_clause || P->sym == S_while_statement) &&
	    field == F[F_condition])
		C->in_test = true;
	if (sym == S_comparison_operator || sym == S_not_operator || sym == S_boolean_operator)
		C->in_test = true;
	if (P->sym == S_try_statement && sym == S_block && field == F[F_body])
		C->in_try = true;
	if (sym == S_block && P->sym != S_try_statement)
		C->in_test = false;
	switch (P->sym) {
	case S_for_statement:
		if (field == F[F_left] || field == F[F_body])
			C->loop = P->made_loop;
		break;
	case S_while_statement:
		if (field == F[F_condition] || field == F[F_body])
			C->loop = P->made_loop;
		break;
	case S_function_definition:
	case S_lambda:
		if (field == F[F_body]) {
			C->scope = P->made_scope;
			C->loop = -1;
		} else if (field == F[F_parameters]) {
			C->scope = P->made_scope;
		}
		break;
	case S_class_definition:
		if (field == F[F_body]) {
			C->scope = P->made_scope;
			C->loop = -1;
		}
		break;
	case S_list_comprehension:
	case S_set_comprehension:
	case S_dictionary_comprehension:
	case S_generator_expression:
		if (P->made_scope < 0)
			break;
		if (sym == S_for_in_clause) {
			/* The caller bumps clause_seen before calling. */
			C->clause_k = P->clause_seen;
			C->made_loop = P->made_loop;
			C->outer_scope = P->scope;
			C->outer_loop = P->loop;
			C->scope = P->made_scope;
			C->loop = C->clause_k == 1 ? P->loop : P->made_loop + C->clause_k - 2;
		} else if (sym == S_if_clause) {
			C->scope = P->made_scope;
			C->loop = P->made_loop + (P->clause_seen ? P->clause_seen : 1) - 1;
		} else {
			/* The body (element, or key: value pair). */
			C->scope = P->made_scope;
			C->loop = P->made_loop + P->nloops - 1;
		}
		break;
	case S_for_in_clause:
		if (field == F[F_left]) {
			C->loop = P->made_loop + P->clause_k - 1;
		} else if (field == F[F_right]) {
			if (P->clause_k == 1) {
				C->scope = P->outer_scope;
				C->loop = P->outer_loop;
			} else {
				C->loop = P->made_loop + P->clause_k - 2;
			}
		}
		break;
	default:
		break;
	}
}

/* Pre-order visit of one node: open scopes and loops, record facts. */
static void py__enter(py__lower *L, TSNode n, py__ctx *ctx, const py__ctx *parent)
{
	switch (ctx->sym) {
	case S_function_definition: {
		TSNode name = py__field(L, n, F_name);
		int32_t sc = py__new_scope(L, PFL_SCOPE_FUNCTION, n, name, ctx->scope, ctx->loop);
		L->m->scopes.items[sc].is_async = py__has_async(n);
		ctx->made_scope = sc;
		if (!ts_node_is_null(name)) {
			py__val v = py__unknown();
			v.type = pfl_type_make(PFL_KIND_CALLABLE, PFL_CERT_KNOWN);
			v.type.name = L->m->scopes.items[sc].qualname;
			py__bind_name(L, ctx->scope, L->m->scopes.items[sc].name, v, false, false, false);
		}
		py__params(L, sc, py__field(L, n, F_parameters));
		break;
	}
	case S_lambda: {
		int32_t sc = py__new_scope(L, PFL_SCOPE_LAMBDA, n, (TSNode){ 0 }, ctx->scope, ctx->loop);
		ctx->made_scope = sc;
		py__params(L, sc, py__field(L, n, F_parameters));
		break;
	}
	case S_class_definition: {
		TSNode name = py__field(L, n, F_name);
		int32_t sc = py__new_scope(L, PFL_SCOPE_CLASS, n, name, ctx->scope, ctx->loop);
		ctx->made_scope = sc;
		if (!ts_node_is_null(name)) {
			py__val v = py__unknown();
			v.type = pfl_type_make(PFL_KIND_CALLABLE, PFL_CERT_KNOWN);
			v.type.name = L->m->scopes.items[sc].qualname;
			py__bind_name(L, ctx->scope, L->m->scopes.items[sc].name, v, false, false, false);
		}
		break;
	}
	case S_for_statement:
		py__enter_for(L, n, ctx);
		break;
	case S_while_statement:
		py__enter_while(L, n, ctx);
		break;
	case S_list_comprehension:
	case S_set_comprehension:
	case S_dictionary_comprehension:
		py__enter_comprehension(L, n, ctx, false);
		break;
	case S_generator_expression:
		py__enter_comprehension(L, n, ctx, true);
		break;
	case S_call:
		py__call(L, n, ctx, parent && parent->sym == S_await,
			 parent && parent->sym == S_expression_statement);
		break;
	case S_assignment:
		py__assignment(L, n, ctx);
		break;
	case S_augmented_assignment:
		py__aug_assignment(L, n, ctx);
		break;
	case S_comparison_operator:
		py__comparison(L, n, ctx, parent);
		break;
	case S_import_statement:
		py__import(L, n, ctx->scope);
		break;
	case S_import_from_statement:
		py__import_from(L, n, ctx->scope);
		break;
	case S_global_statement:
	case S_nonlocal_statement: {
		uint32_t c = ts_node_named_child_count(n);
		for (uint32_t i = 0; i < c; i++) {
			TSNode id = ts_node_named_child(n, i);
			if (py__is(id, S_identifier))
				py__bind_name(L, ctx->scope, py__text(L, id), py__unknown(), false, false, true);
		}
		break;
	}
	case S_attribute:
		/* The outermost attribute chain read inside a loop (row.customer.name). */
		if (ctx->loop >= 0 && (!parent || parent->sym != S_attribute)) {
			const char *t = py__dotted_text(L, n);
			const char *d1 = t ? strchr(t, '.') : NULL;
			if (d1 && strchr(d1 + 1, '.') && strncmp(t, "self.", 5) != 0) {
				pfl_attr *at = pfl_array_grow_one(&L->m->attrs);
				at->base = pfl_arena_strndup(&L->m->arena, t, (size_t)(d1 - t));
				at->chain = d1 + 1;
				at->scope = ctx->scope;
				at->loop = ctx->loop;
				at->once_loop = ctx->once_loop;
				at->span = py__span(n);
			}
		}
		break;
	case S_return_statement: {
		int32_t fn = ctx->scope;
		while (fn > 0 && L->m->scopes.items[fn].kind == PFL_SCOPE_COMPREHENSION)
			fn = L->m->scopes.items[fn].parent;
		if (fn > 0 && L->m->scopes.items[fn].kind == PFL_SCOPE_FUNCTION) {
			py__ret *r = pfl_array_grow_one(&L->rets);
			r->fn = fn;
			py__val v = ts_node_named_child_count(n) ? py__value(L, ts_node_named_child(n, 0), 0) : py__unknown();
			r->kind = v.alias || v.ctor ? PFL_KIND_UNKNOWN : v.type.kind;
		}
		break;
	}
	case S_if_statement:
	case S_elif_clause: {
		/* Remember the condition, so "if x not in seen: seen.append(x)" knows its body. */
		TSNode cond = py__field(L, n, F_condition), body = py__field(L, n, F_consequence);
		if (!ts_node_is_null(cond) && !ts_node_is_null(body)) {
			L->cur_if_cond = cond.id;
			L->cur_if_body = body;
		}
		break;
	}
	case S_as_pattern:
		/* with x() as y: y is what x() gives (usually the object itself). */
		if (parent && parent->sym == S_with_item) {
			TSNode value = ts_node_named_child(n, 0), target = py__field(L, n, F_alias);
			if (!ts_node_is_null(target) && ts_node_named_child_count(target) == 1 &&
			    py__is(ts_node_named_child(target, 0), S_identifier)) {
				const char *name = py__text(L, ts_node_named_child(target, 0));
				py__bind_name(L, ctx->scope, name, py__value(L, value, 0), false, false, false);
				py__record_rebind(L, ctx->scope, ctx->loop, name, target);
				ctx->handled = true;
			}
		}
		break;
	case S_as_pattern_target:
		if (parent && parent->sym == S_as_pattern && parent->handled)
			break;
		py__bind_pattern(L, ctx->scope, ctx->loop, n, 0);
		break;
	case S_named_expression: {
		TSNode name = py__field(L, n, F_name);
		if (py__is(name, S_identifier)) {
			py__bind_name(L, ctx->scope, py__text(L, name), py__value(L, py__field(L, n, F_value), 0),
				      false, false, false);
			py__record_rebind(L, ctx->scope, ctx->loop, py__text(L, name), n);
		}
		break;
	}
	default:
		break;
	}
}

/*
 * Start byte of the last break/return/raise statement directly in a block,
 * or 0. A cursor walks the statements once: ts_node_named_child(i) would
 * start from the first child every time.
 */
static uint32_t py__last_exit(py__lower *L, TSNode block)
{
	uint32_t last = 0;
	TSTreeCursor *c = &L->kids;
	ts_tree_cursor_reset(c, block);
	if (!ts_tree_cursor_goto_first_child(c))
		return 0;
	do {
		TSNode st = ts_tree_cursor_current_node(c);
		if (py__is(st, S_break_statement) || py__is(st, S_return_statement) || py__is(st, S_raise_statement))
			last = ts_node_start_byte(st);
	} while (ts_tree_cursor_goto_next_sibling(c));
	return last;
}

/* First syntax error or missing node, for the diagnostic. */
static void py__report_errors(py__lower *L, TSNode root)
{
	TSTreeCursor c = ts_tree_cursor_new(root);
	uint32_t line = 0, col = 0;
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&c);
		if (ts_node_is_missing(n) || py__is(n, S_ERROR)) {
			TSPoint p = ts_node_start_point(n);
			line = p.row + 1;
			col = p.column + 1;
			break;
		}
		/* Only subtrees that hold an error are worth entering. */
		if (!py__cursor_next(&c, ts_node_has_error(n)))
			break;
	}
	ts_tree_cursor_delete(&c);
	L->m->partial = true;
	pfl_model_diag(L->m, PFL_DIAG_WARNING, "parse-error", line, col,
		       "syntax error: the file was only partly analysed");
}

/* Order bindings by scope, name, then walk order. */
static int py__bind_cmp(const void *a, const void *b)
{
	const py__bind *x = a, *y = b;
	if (x->scope != y->scope)
		return x->scope < y->scope ? -1 : 1;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static const char *py__resolve_dotted(py__lower *L, int32_t scope, const char *text);

/* Order function scopes by qualified name, then index. */
static int py__fn_cmp(const void *a, const void *b)
{
	const py__fn *x = a, *y = b;
	int c = strcmp(x->qualname, y->qualname);
	if (c)
		return c;
	return x->scope < y->scope ? -1 : x->scope > y->scope;
}

/* Index the function scopes by qualified name: py__result_kind looks one up per constructor binding. */
static void py__index_functions(py__lower *L)
{
	const pfl_model *m = L->m;
	for (size_t s = 1; s < m->scopes.size; s++)
		if (m->scopes.items[s].kind == PFL_SCOPE_FUNCTION && m->scopes.items[s].qualname) {
			py__fn f = { m->scopes.items[s].qualname, (int32_t)s };
			pfl_array_push(&L->fns, f);
		}
	if (L->fns.size > 1)
		qsort(L->fns.items, L->fns.size, sizeof(py__fn), py__fn_cmp);
}

/*
 * The kind a function of this file returns, when every return statement
 * in it returns a value of that one kind; UNKNOWN otherwise.
 */
static pfl_kind py__result_kind(py__lower *L, const char *qualname)
{
	pfl_kind k = PFL_KIND_UNKNOWN;
	/* The first function scope of that name: the lowest index among equals. */
	size_t lo = 0, hi = L->fns.size;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(L->fns.items[mid].qualname, qualname) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == L->fns.size || strcmp(L->fns.items[lo].qualname, qualname) != 0)
		return PFL_KIND_UNKNOWN;
	int32_t fn = L->fns.items[lo].scope;
	for (size_t i = 0; i < L->rets.size; i++) {
		if (L->rets.items[i].fn != fn)
			continue;
		if (L->rets.items[i].kind == PFL_KIND_UNKNOWN || (k != PFL_KIND_UNKNOWN && k != L->rets.items[i].kind))
			return PFL_KIND_UNKNOWN;
		k = L->rets.items[i].kind;
	}
	return k;
}

/* The name perflint gives to an instance of a Django model. */
#define PY__MODEL_INSTANCE "django.db.models.Model()"

/*
 * The type of an element of an iterable: rows of a Django queryset
 * (a chain through ".objects." that is not values()/values_list()) are
 * model instances; nothing else is known.
 */
static pfl_type py__element_type(py__lower *L, const py__bind *b)
{
	pfl_type t = pfl_type_make(PFL_KIND_UNKNOWN, PFL_CERT_NONE);
	const char *q = NULL;
	if (b->elem_call) {
		q = py__resolve_dotted(L, b->scope, b->elem_of);
		if (!q)
			q = b->elem_of; /* Model.objects.all() with Model unresolved */
	} else {
		pfl_type it = pfl_model_name_type(L->m, b->scope, b->elem_of);
		if (it.kind == PFL_KIND_OBJECT)
			q = it.name;
	}
	if (q && strstr(q, ".objects.") && !strstr(q, ".values") && !strstr(q, ".aggregate") &&
	    !strstr(q, ".count") && !strstr(q, ".exists")) {
		t = pfl_type_make(PFL_KIND_OBJECT, PFL_CERT_INFERRED);
		t.name = PY__MODEL_INSTANCE;
	}
	return t;
}

/* Join the bindings of one name; aliases use the facts found so far. */
static void py__join_group(py__lower *L, const py__bind *b, size_t n, pfl_name *out)
{
	pfl_model *m = L->m;
	bool first = true;
	out->type = pfl_type_make(PFL_KIND_UNKNOWN, PFL_CERT_NONE);
	out->poisoned = false;
	for (size_t i = 0; i < n; i++) {
		if (b[i].is_global) {
			out->is_global = true;
			continue;
		}
		if (b[i].is_param)
			out->is_param = true;
		if (b[i].is_import)
			out->is_import = true;
		pfl_type t = b[i].type;
		if (b[i].ctor && t.kind == PFL_KIND_UNKNOWN) {
			const char *q = py__resolve_dotted(L, b[i].scope, b[i].ctor);
			pfl_kind rk = q ? py__result_kind(L, q) : PFL_KIND_UNKNOWN;
			if (rk != PFL_KIND_UNKNOWN) {
				t = pfl_type_make(rk, PFL_CERT_INFERRED);
			} else if (q) {
				t = pfl_type_make(PFL_KIND_OBJECT, PFL_CERT_INFERRED);
				t.name = pfl_arena_concat3(&m->arena, q, "()", "");
			}
		} else if (b[i].elem_of && t.kind == PFL_KIND_UNKNOWN) {
			t = py__element_type(L, &b[i]);
		} else if (b[i].alias && t.kind == PFL_KIND_UNKNOWN) {
			if (strcmp(b[i].alias, out->name) == 0 && b[i].scope == out->scope) {
				t = pfl_type_make(PFL_KIND_UNKNOWN, PFL_CERT_NONE);
			} else {
				t = pfl_model_name_type(m, b[i].scope, b[i].alias);
				if (b[i].str_method && t.kind != PFL_KIND_STR && t.kind != PFL_KIND_BYTES)
					t = pfl_type_make(PFL_KIND_UNKNOWN, PFL_CERT_NONE);
				if (t.kind == PFL_KIND_MODULE || t.kind == PFL_KIND_CALLABLE)
					t = pfl_type_make(PFL_KIND_UNKNOWN, PFL_CERT_NONE); /* x = module: not tracked */
			}
		}
		if (out->poisoned)
			continue;
		if (t.kind == PFL_KIND_UNKNOWN) {
			out->poisoned = true;
			out->type = t;
			continue;
		}
		if (first) {
			out->type = t;
			first = false;
			continue;
		}
		if (t.kind != out->type.kind) {
			out->poisoned = true;
			out->type = pfl_type_make(PFL_KIND_UNKNOWN, PFL_CERT_NONE);
			continue;
		}
		if (t.cert < out->type.cert)
			out->type.cert = t.cert;
		if (!t.name || !out->type.name || strcmp(t.name, out->type.name) != 0)
			out->type.name = NULL;
	}
	out->nbind = (uint32_t)n;
}

/* Whether a name is a Python builtin function or type. */
static bool py__is_builtin(const char *name)
{
	static const char *const names[] = {
		"abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool",
		"breakpoint", "bytearray", "bytes", "callable", "chr", "compile",
		"complex", "delattr", "dict", "dir", "divmod", "enumerate", "eval",
		"exec", "filter", "float", "format", "frozenset", "getattr",
		"globals", "hasattr", "hash", "help", "hex", "id", "input",
		"isinstance", "issubclass", "iter", "len", "list", "locals", "map",
		"max", "memoryview", "min", "next", "object", "oct", "open", "ord",
		"pow", "print", "property", "range", "repr", "reversed", "round",
		"set", "setattr", "slice", "sorted", "str", "sum", "super", "tuple",
		"type", "vars", "zip",
	};
	size_t lo = 0, hi = sizeof(names) / sizeof(names[0]);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(name, names[mid]);
		if (c == 0)
			return true;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

/* The binding of name visible from scope (walking outwards), or NULL. */
static const pfl_name *py__lookup(const pfl_model *m, int32_t scope, const char *name)
{
	bool first = true;
	while (scope >= 0) {
		const pfl_scope *s = &m->scopes.items[scope];
		if (first || s->kind != PFL_SCOPE_CLASS) {
			const pfl_name *n = pfl_model_name_in(m, scope, name);
			if (n && n->is_global)
				return pfl_model_name_in(m, 0, name);
			if (n)
				return n;
		}
		first = false;
		scope = s->parent;
	}
	return NULL;
}

/*
 * Qualified name of a dotted name as seen from scope: through imports
 * ("r.get" after "import requests as r" is "requests.get"), local classes
 * and functions, objects of known class, self, and builtins. NULL when the
 * head of the name is not known.
 */
static const char *py__resolve_dotted(py__lower *L, int32_t scope, const char *text)
{
	pfl_model *m = L->m;
	if (!text)
		return NULL;
	/* The head ends at the first '.' or '(' ("Path().read_text" -> "Path"). */
	size_t hl = strcspn(text, ".(");
	const char *dot = text[hl] ? text + hl : NULL;
	char head[256];
	if (hl >= sizeof(head))
		return NULL;
	memcpy(head, text, hl);
	head[hl] = '\0';
	const char *rest = dot ? dot : "";
	if (strcmp(head, "self") == 0 && dot) {
		int32_t cls = py__self_scope(L, scope);
		if (cls < 0)
			return NULL;
		/* self.attr.method(): the attribute's class when known. */
		const char *d2 = strchr(dot + 1, '.');
		if (d2) {
			char attr[320];
			size_t al = (size_t)(d2 - text);
			if (al >= sizeof(attr))
				return NULL;
			memcpy(attr, text, al);
			attr[al] = '\0';
			const pfl_name *n = pfl_model_name_in(m, cls, attr);
			if (n && !n->poisoned && n->type.kind == PFL_KIND_OBJECT && n->type.name)
				return pfl_arena_concat3(&m->arena, n->type.name, d2, "");
			return NULL;
		}
		return pfl_arena_concat3(&m->arena, m->scopes.items[cls].qualname, rest, "");
	}
	const pfl_name *n = py__lookup(m, scope, head);
	if (!n)
		return py__is_builtin(head) ? pfl_arena_concat3(&m->arena, "builtins.", text, "") : NULL;
	if (n->poisoned || !n->type.name)
		return NULL;
	if (n->type.kind == PFL_KIND_MODULE || n->type.kind == PFL_KIND_CALLABLE || n->type.kind == PFL_KIND_OBJECT)
		return pfl_arena_concat3(&m->arena, n->type.name, rest, "");
	return NULL;
}

/* Fill an expression's kind from the names when it is a bare name. */
static void py__resolve_expr(py__lower *L, int32_t scope, pfl_expr *e)
{
	if (!e->text || e->type.kind != PFL_KIND_UNKNOWN || e->is_literal)
		return;
	pfl_type t = pfl_model_name_type(L->m, scope, e->text);
	if (t.kind != PFL_KIND_MODULE && t.kind != PFL_KIND_CALLABLE)
		e->type = t;
}

/* Relation fields whose field class resolves to Django's. */
static void py__finish_relations(py__lower *L)
{
	pfl_model *m = L->m;
	for (size_t i = 0; i < L->fields.size; i++) {
		const py__field_decl *d = &L->fields.items[i];
		const char *q = py__resolve_dotted(L, d->cls, d->callee);
		if (!q || strncmp(q, "django.", 7) != 0 || !d->target)
			continue;
		const char *last = strrchr(q, '.') + 1;
		pfl_relation *r = pfl_array_grow_one(&m->relations);
		r->model = m->scopes.items[d->cls].qualname;
		r->field = d->field;
		r->kind = strcmp(last, "ForeignKey") == 0 ? PFL_REL_FOREIGN_KEY :
			  strcmp(last, "OneToOneField") == 0 ? PFL_REL_ONE_TO_ONE : PFL_REL_MANY_TO_MANY;
		if (d->target_string) {
			r->target = strcmp(d->target, "self") == 0 ? r->model : d->target;
		} else {
			const char *t = py__resolve_dotted(L, d->cls, d->target);
			r->target = t ? t : d->target;
		}
		r->related_name = d->related_name;
		r->span = d->span;
	}
}

/* Paths named in select_related/prefetch_related/Prefetch calls inside a span. */
static void py__related_in(py__lower *L, const pfl_span *sp, py__strs *out)
{
	pfl_model *m = L->m;
	for (size_t i = 0; i < m->calls.size; i++) {
		const pfl_call *c = &m->calls.items[i];
		if (c->span.start_byte < sp->start_byte || c->span.end_byte > sp->end_byte)
			continue;
		const char *name = c->method ? c->method : c->text;
		if (!name)
			continue;
		const char *last = strrchr(name, '.');
		last = last ? last + 1 : name;
		if (strcmp(last, "select_related") != 0 && strcmp(last, "prefetch_related") != 0 &&
		    strcmp(last, "Prefetch") != 0)
			continue;
		for (uint32_t a = 0; a < c->nargs; a++) {
			const pfl_expr *v = &c->args[a].value;
			if (v->type.kind != PFL_KIND_STR || !v->is_literal || v->span.end_byte <= v->span.start_byte)
				continue;
			/* The literal's content: between its first and last quote. */
			const char *b = m->source + v->span.start_byte, *e = m->source + v->span.end_byte;
			while (b < e && *b != '\'' && *b != '"')
				b++;
			while (b < e && (*b == '\'' || *b == '"'))
				b++;
			while (e > b && (e[-1] == '\'' || e[-1] == '"'))
				e--;
			pfl_array_push(out, pfl_arena_strndup(&m->arena, b, (size_t)(e - b)));
			if (strcmp(last, "Prefetch") == 0)
				break; /* Prefetch("path", queryset=...): the path only */
		}
	}
}

/* A loop over a Django queryset: its model and the related paths it loads. */
static void py__finish_queryset(py__lower *L, int32_t li)
{
	pfl_model *m = L->m;
	pfl_loop *lp = &m->loops.items[li];
	const py__iter *it = &L->iters.items[li];
	if (!it->chain || !lp->bound || !lp->bound[0] || lp->bound[1])
		return;
	const char *q = NULL;
	if (it->call) {
		q = py__resolve_dotted(L, lp->scope, it->chain);
	} else {
		pfl_type t = pfl_model_name_type(m, lp->scope, it->chain);
		if (t.kind == PFL_KIND_OBJECT)
			q = t.name;
	}
	const char *obj = q ? strstr(q, ".objects") : NULL;
	if (!obj || strstr(q, ".values"))
		return;
	lp->qs_model = pfl_arena_strndup(&m->arena, q, (size_t)(obj - q));
	py__strs rel = { 0 };
	if (it->call) {
		py__related_in(L, &lp->iter.span, &rel);
	} else {
		int32_t fn = pfl_model_function_of(m, lp->scope);
		for (size_t i = 0; i < m->assigns.size; i++) {
			const pfl_assign *a = &m->assigns.items[i];
			if (a->target && strcmp(a->target, it->chain) == 0 && pfl_model_function_of(m, a->scope) == fn)
				py__related_in(L, &a->value.span, &rel);
		}
	}
	const char **list = pfl_arena_alloc(&m->arena, (rel.size + 1) * sizeof(*list));
	for (size_t i = 0; i < rel.size; i++)
		list[i] = rel.items[i];
	list[rel.size] = NULL;
	lp->qs_related = list;
	pfl_array_release(&rel);
}

/* After the walk: names per scope, callee names, kinds of targets. */
static void py__finish(py__lower *L)
{
	pfl_model *m = L->m;
	if (L->binds.size > 1)
		qsort(L->binds.items, L->binds.size, sizeof(py__bind), py__bind_cmp);
	/* One pfl_name per (scope, name), grouped by scope. */
	for (size_t i = 0; i < L->binds.size;) {
		size_t j = i + 1;
		while (j < L->binds.size && L->binds.items[j].scope == L->binds.items[i].scope &&
		       strcmp(L->binds.items[j].name, L->binds.items[i].name) == 0)
			j++;
		pfl_name *nm = pfl_array_grow_one(&m->names);
		nm->name = L->binds.items[i].name;
		nm->scope = L->binds.items[i].scope;
		i = j;
	}
	for (size_t i = 0, k = 0; i < m->names.size; i++) {
		pfl_scope *s = &m->scopes.items[m->names.items[i].scope];
		if (i == 0 || m->names.items[i - 1].scope != m->names.items[i].scope) {
			s->first_name = (uint32_t)i;
			s->nnames = 0;
		}
		s->nnames++;
		(void)k;
	}
	py__index_functions(L);
	/* Two rounds, so that x = y sees y's facts whatever the order. */
	for (int round = 0; round < 2; round++) {
		size_t bi = 0;
		for (size_t i = 0; i < m->names.size; i++) {
			size_t j = bi;
			while (j < L->binds.size && L->binds.items[j].scope == m->names.items[i].scope &&
			       strcmp(L->binds.items[j].name, m->names.items[i].name) == 0)
				j++;
			py__join_group(L, &L->binds.items[bi], j - bi, &m->names.items[i]);
			bi = j;
		}
	}
	for (size_t i = 0; i < m->calls.size; i++) {
		pfl_call *c = &m->calls.items[i];
		c->callee = py__resolve_dotted(L, c->scope, c->text);
		py__resolve_expr(L, c->scope, &c->receiver);
		for (uint32_t a = 0; a < c->nargs; a++)
			py__resolve_expr(L, c->scope, &c->args[a].value);
	}
	for (size_t i = 0; i < m->assigns.size; i++) {
		pfl_assign *a = &m->assigns.items[i];
		a->target_type = pfl_model_name_type(m, a->scope, a->target);
		py__resolve_expr(L, a->scope, &a->value);
		py__resolve_expr(L, a->scope, &a->other);
	}
	for (size_t i = 0; i < m->members.size; i++) {
		pfl_member *mb = &m->members.items[i];
		py__resolve_expr(L, mb->scope, &mb->needle);
		py__resolve_expr(L, mb->scope, &mb->container);
	}
	for (size_t i = 0; i < m->loops.size; i++)
		py__resolve_expr(L, m->loops.items[i].scope, &m->loops.items[i].iter);
	py__finish_relations(L);
	for (size_t i = 0; i < m->loops.size && i < L->iters.size; i++)
		py__finish_queryset(L, (int32_t)i);
}

/* The walk: pre-order enter, context stack, post-order pop. */
static void py__walk(py__lower *L, TSNode root)
{
	TSTreeCursor c = ts_tree_cursor_new(root);
	py__ctx *top = pfl_array_grow_one(&L->stack);
	top->id = root.id;
	top->sym = S_module;
	top->scope = 0;
	top->loop = -1;
	top->made_scope = -1;
	top->made_loop = -1;
	top->once_loop = -1;
	if (!ts_tree_cursor_goto_first_child(&c)) {
		ts_tree_cursor_delete(&c);
		return;
	}
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&c);
		/* The symbol says whether the node is named (ts_node_is_named would look again). */
		TSSymbol gs = ts_node_symbol(n);
		if (gs >= py__ids.nsymbols || py__ids.named[gs]) {
			if (L->stack.size == L->stack.cap)
				pfl_array_reserve(&L->stack, 1);
			py__ctx *P = &L->stack.items[L->stack.size - 1];
			py__ctx *C = &L->stack.items[L->stack.size];
			uint16_t sym = gs < py__ids.nsymbols ? py__ids.map[gs] : S__COUNT;
			if (sym == S_for_in_clause)
				P->clause_seen++;
			memset(C, 0, sizeof(*C));
			C->id = n.id;
			C->sym = sym;
			C->made_scope = -1;
			C->made_loop = -1;
			/* Only these parents give their children a different context. */
			TSFieldId field = 0;
			switch (P->sym) {
			case S_for_statement: case S_while_statement: case S_function_definition:
			case S_lambda: case S_class_definition: case S_for_in_clause:
			case S_if_statement: case S_elif_clause: case S_try_statement:
				field = ts_tree_cursor_current_field_id(&c);
				break;
			default:
				break;
			}
			py__child_ctx(P, field, sym, C);
			if (C->scope != P->scope && C->loop < 0)
				C->once_loop = -1; /* a new function body */
			/* A statement followed by break/return/raise in its block runs once per loop run. */
			if (P->sym == S_block && P->exit_start > ts_node_start_byte(n) && C->loop >= 0)
				C->once_loop = C->loop;
			/* Only read in a loop: a block's statements are in the block's loop. */
			if (sym == S_block && C->loop >= 0)
				C->exit_start = py__last_exit(L, n);
			/* What a return or raise evaluates runs once: the loop ends there. */
			if ((sym == S_return_statement || sym == S_raise_statement) && C->loop >= 0)
				C->once_loop = C->loop;
			L->in_loop = C->loop >= 0;
			if (P->call && P->args == n.id)
				C->arg_of = P->call;
			else if (P->arg_of && sym != S_comment)
				py__call_arg(L, &L->m->calls.items[P->arg_of - 1], n);
			py__enter(L, n, C, P);
			if (ts_tree_cursor_goto_first_child(&c)) {
				L->stack.size++;
				continue;
			}
		}
		/*
		 * Leave nodes until one has a next sibling. The cursor only ever
		 * entered nodes that have a context on the stack, so going up one
		 * level leaves the top one.
		 */
		for (;;) {
			if (ts_tree_cursor_goto_next_sibling(&c))
				break;
			if (!ts_tree_cursor_goto_parent(&c)) {
				ts_tree_cursor_delete(&c);
				return;
			}
			if (L->stack.size > 1)
				L->stack.size--;
		}
	}
}

/*
 * The deepest bracket nesting of a source, outside strings and comments
 * (a light scan: enough to refuse pathological files before parsing).
 */
static uint32_t py__bracket_depth(const char *s, size_t n)
{
	/* Only these bytes change the state; the others are skipped by one lookup. */
	static const bool special[256] = {
		['#'] = true, ['\''] = true, ['"'] = true, ['('] = true, ['['] = true,
		['{'] = true, [')'] = true, [']'] = true, ['}'] = true,
	};
	uint32_t depth = 0, max = 0;
	size_t i = 0;
	while (i < n) {
		char c = s[i];
		if (!special[(unsigned char)c]) {
			i++;
			continue;
		}
		if (c == '#') {
			const char *nl = memchr(s + i, '\n', n - i);
			i = nl ? (size_t)(nl - s) : n;
		} else if (c == '\'' || c == '"') {
			bool triple = i + 2 < n && s[i + 1] == c && s[i + 2] == c;
			i += triple ? 3 : 1;
			while (i < n) {
				char d = s[i];
				if (d == '\\') {
					i += 2;
					continue;
				}
				if (d == c ? !triple || (i + 2 < n && s[i + 1] == c && s[i + 2] == c) : d == '\n' && !triple)
					break;
				i++;
			}
			i += triple ? 3 : 1;
			continue;
		} else if (c == '(' || c == '[' || c == '{') {
			if (++depth > max)
				max = depth;
		} else if (depth > 0) {
			depth--;
		}
		i++;
	}
	return max;
}

void pfl_python_lower(TSParser *parser, pfl_model *m, const char *module)
{
	py__init_ids();
	py__lower L;
	memset(&L, 0, sizeof(L));
	L.m = m;
	L.src = m->source;
	L.module = module;
	m->module = module ? pfl_arena_strdup(&m->arena, module) : NULL;
	if (m->source_len > UINT32_MAX) {
		pfl_model_diag(m, PFL_DIAG_WARNING, "too-large", 0, 0, "file too large to parse");
		return;
	}
	if (m->scopes.size == 0) {
		pfl_scope *ms = pfl_array_grow_one(&m->scopes);
		ms->kind = PFL_SCOPE_MODULE;
		ms->parent = -1;
		ms->loop = -1;
		ms->name = "<module>";
		ms->qualname = m->module ? m->module : "";
	}
	uint32_t depth = py__bracket_depth(m->source, m->source_len);
	if (depth > PY__MAX_BRACKETS) {
		/* Python itself refuses far less; the parser misbehaves far beyond. */
		pfl_model_diag(m, PFL_DIAG_WARNING, "too-deep", 0, 0,
			       "brackets nested %u deep (more than %u): not valid Python, file not analysed",
			       depth, PY__MAX_BRACKETS);
		return;
	}
	TSTree *tree = ts_parser_parse_string(parser, NULL, m->source, (uint32_t)m->source_len);
	if (!tree) {
		ts_parser_reset(parser);
		pfl_model_diag(m, PFL_DIAG_WARNING, "parse-timeout", 0, 0,
			       "parsing took longer than the time limit (--parse-timeout): file not analysed");
		return;
	}
	TSNode root = ts_tree_root_node(tree);
	m->scopes.items[0].span = py__span(root);
	if (ts_node_has_error(root))
		py__report_errors(&L, root);
	L.kids = ts_tree_cursor_new(root);
	py__walk(&L, root);
	ts_tree_cursor_delete(&L.kids);
	py__finish(&L);
	pfl_array_release(&L.binds);
	pfl_array_release(&L.rets);
	pfl_array_release(&L.iters);
	pfl_array_release(&L.fields);
	pfl_array_release(&L.stack);
	pfl_array_release(&L.names);
	pfl_array_release(&L.fns);
	ts_tree_delete(tree);
}
