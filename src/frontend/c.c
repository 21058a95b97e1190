/*
 * c.c - the C frontend: libclang's AST lowered into the code model.
 *
 * Only definitions located in the file itself are lowered: a header's
 * functions are analysed when the header is, once, not in every file that
 * includes it. Locations are expansion locations, so code written through
 * a macro is reported where the macro is used.
 *
 * The model gets, per function: a scope with its parameters; its loops
 * (for, while, do) with the variables each steps ("bound"), its condition
 * ("iter"), whether it runs a small constant number of times ("bounded"),
 * once (do { } while (0)) or forever (for (;;)); its calls with the
 * callee's name (static functions as "path:name"), the arguments' facts
 * (the lvalue as written, the names read, a function named, the end of a
 * string, an element of an array or list) and whether each parameter is a
 * pointer to const; its assignments, declarations with initialisers and
 * increments with how they grow the target; and, inside loops, its
 * equality tests (a == b, a != b, strcmp(a, b) and its kin) as members.
 */
#include "c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/array.h"
#include "../util/path.h"

/* Deeper syntax is not lowered (clang itself stops at 256 brackets). */
#define C__MAX_DEPTH 400
#define C__MAX_NAMES 32
#define C__MAX_TEXT 160

typedef struct c__ctx {
	pfl_model *m;
	CXFile main;
	int32_t scope;     /* the function being lowered (0 outside) */
	int32_t loop;      /* innermost loop, -1 */
	int32_t once_loop; /* a loop the current statement runs at most once per run of, -1 */
	uint32_t flags;    /* PFL_CALL_IN_TEST */
	bool in_switch;    /* directly in a switch body: break leaves the switch */
	unsigned rec;      /* recursion depth */
	bool too_deep;
	bool missing_headers; /* the parse could not find some headers */
	uint32_t last_macro;  /* offset of the last macro use recorded, + 1 */
	bool in_head;         /* lowering a for loop's initialisation */
	PFL_ARRAY(CXCursor) kids; /* a stack of child lists (see c__kids) */
} c__ctx;

/* ---- locations and text ------------------------------------------------ */

/*
 * Where loc is written: its offset, line and column; false outside the main
 * file. A token of a macro's argument is where the argument is written; a
 * token of a macro's body is where the macro is used.
 */
static bool c__loc(const c__ctx *x, CXSourceLocation loc, uint32_t *off, uint32_t *line, uint32_t *col)
{
	CXFile f;
	unsigned l, c, o;
	clang_getFileLocation(loc, &f, &l, &c, &o);
	if (!f || !clang_File_isEqual(f, x->main))
		return false;
	if (o > x->m->source_len)
		o = (unsigned)x->m->source_len;
	*off = o;
	*line = l;
	*col = c;
	return true;
}

/* The span of a cursor in the main file; false when it is elsewhere. */
static bool c__span(const c__ctx *x, CXCursor cur, pfl_span *s)
{
	CXSourceRange r = clang_getCursorExtent(cur);
	memset(s, 0, sizeof(*s));
	if (!c__loc(x, clang_getRangeStart(r), &s->start_byte, &s->line, &s->col))
		return false;
	if (!c__loc(x, clang_getRangeEnd(r), &s->end_byte, &s->end_line, &s->end_col) ||
	    s->end_byte < s->start_byte) {
		s->end_byte = s->start_byte;
		s->end_line = s->line;
		s->end_col = s->col;
	}
	return true;
}

/* Skip spaces, newlines, comments and line continuations from offset i. */
static uint32_t c__skip_space(const c__ctx *x, uint32_t i, uint32_t end)
{
	const char *s = x->m->source;
	while (i < end) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f' || s[i] == '\v') {
			i++;
		} else if (s[i] == '\\' && i + 1 < end && (s[i + 1] == '\n' || s[i + 1] == '\r')) {
			i += 2;
		} else if (s[i] == '/' && i + 1 < end && s[i + 1] == '*') {
			const char *e = i + 2 < end ? strstr(s + i + 2, "*/") : NULL;
			i = e && (uint32_t)(e - s) + 2 <= end ? (uint32_t)(e - s) + 2 : end;
		} else if (s[i] == '/' && i + 1 < end && s[i + 1] == '/') {
			while (i < end && s[i] != '\n')
				i++;
		} else {
			break;
		}
	}
	return i;
}

/* The operator token at offset i (longest match), into op[4]; "" when none. */
static void c__op_at(const c__ctx *x, uint32_t i, uint32_t end, char op[4])
{
	static const char *const ops[] = {
		"<<=", ">>=", "...", "==", "!=", "<=", ">=", "&&", "||", "<<", ">>", "+=", "-=", "*=", "/=",
		"%=", "&=", "|=", "^=", "++", "--", "->", "+", "-", "*", "/", "%", "<", ">", "=", "!", "~",
		"&", "|", "^", ",",
	};
	op[0] = '\0';
	i = c__skip_space(x, i, end);
	for (size_t k = 0; k < sizeof(ops) / sizeof(*ops); k++) {
		size_t n = strlen(ops[k]);
		if (i + n <= end && memcmp(x->m->source + i, ops[k], n) == 0) {
			memcpy(op, ops[k], n + 1);
			return;
		}
	}
}

/* Source text of a span with all whitespace removed ("buf + strlen(buf)" -> "buf+strlen(buf)"). */
static const char *c__compact(c__ctx *x, const pfl_span *s)
{
	if (s->end_byte <= s->start_byte || s->end_byte - s->start_byte > C__MAX_TEXT)
		return NULL;
	char buf[C__MAX_TEXT + 1];
	size_t n = 0;
	for (uint32_t i = s->start_byte; i < s->end_byte; i++) {
		char ch = x->m->source[i];
		if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r' && ch != '\\')
			buf[n++] = ch;
	}
	return pfl_arena_strndup(&x->m->arena, buf, n);
}

/* Whether c can be part of a C identifier. */
static bool c__ident_char(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Whether the identifier name is written at offset off. */
static bool c__ident_at(const c__ctx *x, uint32_t off, const char *name)
{
	size_t n = strlen(name);
	if (!n || off + n > x->m->source_len || memcmp(x->m->source + off, name, n) != 0)
		return false;
	return !(off + n < x->m->source_len && c__ident_char(x->m->source[off + n]));
}

static CXCursor c__first_child(c__ctx *x, CXCursor cur);

/*
 * Whether a cursor comes from a macro's body (its location is then the
 * macro's use, not its own text): the leftmost name or literal under it
 * is not written where the cursor starts.
 */
static bool c__from_macro(c__ctx *x, CXCursor cur)
{
	/* A statement written here starts with its keyword. */
	static const struct {
		enum CXCursorKind kind;
		const char *keyword;
	} kw[] = {
		{ CXCursor_DoStmt, "do" }, { CXCursor_ForStmt, "for" }, { CXCursor_WhileStmt, "while" },
		{ CXCursor_IfStmt, "if" }, { CXCursor_SwitchStmt, "switch" }, { CXCursor_ReturnStmt, "return" },
	};
	for (size_t i = 0; i < sizeof(kw) / sizeof(*kw); i++) {
		if (clang_getCursorKind(cur) != kw[i].kind)
			continue;
		uint32_t o, l, c;
		if (!c__loc(x, clang_getRangeStart(clang_getCursorExtent(cur)), &o, &l, &c))
			return true;
		return !c__ident_at(x, o, kw[i].keyword);
	}
	for (int guard = 0; guard < 32 && !clang_Cursor_isNull(cur); guard++) {
		enum CXCursorKind k = clang_getCursorKind(cur);
		uint32_t o, l, c;
		if (k == CXCursor_DeclRefExpr || k == CXCursor_MemberRefExpr) {
			if (k == CXCursor_MemberRefExpr) {
				CXCursor base = c__first_child(x, cur);
				if (!clang_Cursor_isNull(base)) {
					cur = base;
					continue;
				}
			}
			if (!c__loc(x, clang_getCursorLocation(cur), &o, &l, &c))
				return true;
			CXString sp = clang_getCursorSpelling(cur);
			bool here = clang_getCString(sp) && c__ident_at(x, o, clang_getCString(sp));
			clang_disposeString(sp);
			return !here;
		}
		if (k == CXCursor_IntegerLiteral || k == CXCursor_FloatingLiteral || k == CXCursor_StringLiteral ||
		    k == CXCursor_CharacterLiteral) {
			if (!c__loc(x, clang_getCursorLocation(cur), &o, &l, &c))
				return true;
			char ch = x->m->source[o];
			return !((ch >= '0' && ch <= '9') || ch == '.' || strchr("\"'LuU", ch));
		}
		cur = c__first_child(x, cur);
	}
	return false;
}

/* ---- children ---------------------------------------------------------- */

static enum CXChildVisitResult c__collect(CXCursor c, CXCursor parent, CXClientData d)
{
	c__ctx *x = d;
	pfl_array_push(&x->kids, c);
	return CXChildVisit_Continue;
}

/*
 * Push the children of cur on the kids stack; they are x->kids.items[*start
 * + i] for i < the count returned, until c__kids_pop(x, *start). Copy a
 * child before recursing: the stack may move.
 */
static size_t c__kids(c__ctx *x, CXCursor cur, size_t *start)
{
	*start = x->kids.size;
	clang_visitChildren(cur, c__collect, x);
	return x->kids.size - *start;
}

static void c__kids_pop(c__ctx *x, size_t start)
{
	x->kids.size = start;
}

/* The first child of cur, or a null cursor. */
static CXCursor c__first_child(c__ctx *x, CXCursor cur)
{
	size_t st, n = c__kids(x, cur, &st);
	CXCursor r = n ? x->kids.items[st] : clang_getNullCursor();
	c__kids_pop(x, st);
	return r;
}

/* The only child of cur, or a null cursor. */
static CXCursor c__only_child(c__ctx *x, CXCursor cur)
{
	size_t st, n = c__kids(x, cur, &st);
	CXCursor r = n == 1 ? x->kids.items[st] : clang_getNullCursor();
	c__kids_pop(x, st);
	return r;
}

/* The last expression child of cur (a cast's operand), or a null cursor. */
static CXCursor c__last_expr(c__ctx *x, CXCursor cur)
{
	size_t st, n = c__kids(x, cur, &st);
	CXCursor r = clang_getNullCursor();
	for (size_t i = 0; i < n; i++)
		if (clang_isExpression(clang_getCursorKind(x->kids.items[st + i])))
			r = x->kids.items[st + i];
	c__kids_pop(x, st);
	return r;
}

/* cur without parentheses, casts and implicit conversions around it. */
static CXCursor c__strip(c__ctx *x, CXCursor cur)
{
	for (int guard = 0; guard < 64; guard++) {
		enum CXCursorKind k = clang_getCursorKind(cur);
		CXCursor next = clang_getNullCursor();
		if (k == CXCursor_ParenExpr || k == CXCursor_UnexposedExpr)
			next = c__only_child(x, cur);
		else if (k == CXCursor_CStyleCastExpr)
			next = c__last_expr(x, cur);
		if (clang_Cursor_isNull(next))
			return cur;
		cur = next;
	}
	return cur;
}

/* The two operands of a binary operator (false when it has not two). */
static bool c__operands(c__ctx *x, CXCursor cur, CXCursor *lhs, CXCursor *rhs)
{
	size_t st, n = c__kids(x, cur, &st);
	if (n == 2) {
		*lhs = x->kids.items[st];
		*rhs = x->kids.items[st + 1];
	}
	c__kids_pop(x, st);
	return n == 2;
}

/* The operator of a binary or compound assignment operator, "" when unknown. */
static void c__binop(c__ctx *x, CXCursor cur, char op[4])
{
	op[0] = '\0';
	CXCursor l, r;
	if (!c__operands(x, cur, &l, &r))
		return;
	pfl_span ls, rs;
	if (!c__span(x, l, &ls) || !c__span(x, r, &rs) || ls.end_byte > rs.start_byte || c__from_macro(x, cur))
		return; /* from a macro's body: the source shows only the macro */
	c__op_at(x, ls.end_byte, rs.start_byte, op);
}

/* The operator of a unary operator and whether it is postfix; "" when unknown. */
static void c__unop(c__ctx *x, CXCursor cur, char op[4], bool *postfix)
{
	op[0] = '\0';
	*postfix = false;
	CXCursor ch = c__only_child(x, cur);
	pfl_span s, cs;
	if (clang_Cursor_isNull(ch) || !c__span(x, cur, &s) || !c__span(x, ch, &cs) || c__from_macro(x, cur))
		return;
	if (cs.start_byte > s.start_byte) {
		c__op_at(x, s.start_byte, cs.start_byte, op);
	} else {
		*postfix = true;
		c__op_at(x, cs.end_byte, s.end_byte, op);
	}
}

/* The integer value of a constant expression; false when it is not one. */
static bool c__const_int(CXCursor cur, long long *v)
{
	CXEvalResult r = clang_Cursor_Evaluate(cur);
	if (!r)
		return false;
	bool ok = clang_EvalResult_getKind(r) == CXEval_Int;
	if (ok)
		*v = clang_EvalResult_getAsLongLong(r);
	clang_EvalResult_dispose(r);
	return ok;
}

/* ---- names ------------------------------------------------------------- */

/* The model's name for a function: "path:name" when static and defined here, else "name". */
static const char *c__fn_name(c__ctx *x, CXCursor fn)
{
	CXString s = clang_getCursorSpelling(fn);
	const char *name = clang_getCString(s);
	const char *r = NULL;
	if (name && *name) {
		CXCursor def = clang_getCursorDefinition(fn);
		if (clang_Cursor_isNull(def))
			def = fn;
		uint32_t o, l, c;
		if (clang_Cursor_getStorageClass(def) == CX_SC_Static && c__loc(x, clang_getCursorLocation(def), &o, &l, &c))
			r = pfl_arena_printf(&x->m->arena, "%s:%s", x->m->path, name);
		else
			r = pfl_arena_strdup(&x->m->arena, name);
	}
	clang_disposeString(s);
	return r;
}

/* What a walk over an expression collects. */
typedef struct c__names {
	c__ctx *x;
	const char *items[C__MAX_NAMES + 1];
	size_t n;
	bool calls; /* the expression calls something */
} c__names;

static enum CXChildVisitResult c__names_visit(CXCursor c, CXCursor parent, CXClientData d)
{
	c__names *nm = d;
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k == CXCursor_CallExpr)
		nm->calls = true;
	if (k != CXCursor_DeclRefExpr)
		return CXChildVisit_Recurse;
	CXCursor ref = clang_getCursorReferenced(c);
	enum CXCursorKind rk = clang_getCursorKind(ref);
	if (rk != CXCursor_VarDecl && rk != CXCursor_ParmDecl)
		return CXChildVisit_Continue;
	CXString s = clang_getCursorSpelling(c);
	const char *name = clang_getCString(s);
	bool have = false;
	for (size_t i = 0; i < nm->n && !have; i++)
		have = strcmp(nm->items[i], name) == 0;
	if (!have && nm->n < C__MAX_NAMES && name && *name)
		nm->items[nm->n++] = pfl_arena_strdup(&nm->x->m->arena, name);
	clang_disposeString(s);
	return CXChildVisit_Continue;
}

/* The variables an expression reads (NULL-terminated, in the arena, NULL when none). */
static const char **c__read_names(c__ctx *x, CXCursor cur, bool *calls)
{
	c__names nm = { .x = x };
	if (clang_getCursorKind(cur) == CXCursor_CallExpr)
		nm.calls = true;
	c__names_visit(cur, clang_getNullCursor(), &nm);
	if (clang_getCursorKind(cur) != CXCursor_DeclRefExpr)
		clang_visitChildren(cur, c__names_visit, &nm);
	if (calls)
		*calls = nm.calls;
	if (!nm.n)
		return NULL;
	const char **out = pfl_arena_alloc(&x->m->arena, (nm.n + 1) * sizeof(*out));
	memcpy(out, nm.items, nm.n * sizeof(*out));
	out[nm.n] = NULL;
	return out;
}

/* The spelling of a cursor as a model string. */
static const char *c__spelling(c__ctx *x, CXCursor cur)
{
	CXString s = clang_getCursorSpelling(cur);
	const char *r = clang_getCString(s) && *clang_getCString(s) ? pfl_arena_strdup(&x->m->arena, clang_getCString(s)) : NULL;
	clang_disposeString(s);
	return r;
}

/* ---- expression facts -------------------------------------------------- */

/* The lvalue an expression names, as written without spaces ("s->buf", "a[i]"), or NULL. */
static const char *c__lvalue(c__ctx *x, CXCursor cur)
{
	cur = c__strip(x, cur);
	enum CXCursorKind k = clang_getCursorKind(cur);
	if (k == CXCursor_DeclRefExpr)
		return c__spelling(x, cur);
	if (k != CXCursor_MemberRefExpr && k != CXCursor_ArraySubscriptExpr && k != CXCursor_UnaryOperator)
		return NULL;
	if (k == CXCursor_UnaryOperator) {
		char op[4];
		bool post;
		c__unop(x, cur, op, &post);
		if (strcmp(op, "*") != 0)
			return NULL;
	}
	pfl_span s;
	if (c__from_macro(x, cur) || !c__span(x, cur, &s))
		return NULL;
	return c__compact(x, &s);
}

/* Whether cur is a call to fn (by name); its cursor's arguments are then available. */
static bool c__is_call_to(c__ctx *x, CXCursor cur, const char *fn)
{
	if (clang_getCursorKind(cur) != CXCursor_CallExpr)
		return false;
	CXString s = clang_getCursorSpelling(cur);
	bool r = clang_getCString(s) && strcmp(clang_getCString(s), fn) == 0;
	clang_disposeString(s);
	return r;
}

/* The lvalue of argument i of a call, or NULL. */
static const char *c__arg_lvalue(c__ctx *x, CXCursor call, unsigned i)
{
	if (clang_Cursor_getNumArguments(call) <= (int)i)
		return NULL;
	return c__lvalue(x, clang_Cursor_getArgument(call, i));
}

/* The string whose end the expression points at: buf + strlen(buf), strchr(buf, 0), &buf[strlen(buf)]. */
static const char *c__end_of(c__ctx *x, CXCursor cur)
{
	enum CXCursorKind k = clang_getCursorKind(cur);
	CXCursor l, r;
	char op[4];
	if (k == CXCursor_BinaryOperator && c__operands(x, cur, &l, &r)) {
		c__binop(x, cur, op);
		if (strcmp(op, "+") != 0)
			return NULL;
		l = c__strip(x, l);
		r = c__strip(x, r);
		const char *base = c__lvalue(x, l);
		if (base && clang_getCursorKind(r) == CXCursor_DeclRefExpr && x->loop >= 0) {
			/* size_t used = strlen(buf); ... buf + used, declared in this loop: a rescan each time. */
			CXCursor vd = clang_getCursorReferenced(r);
			CXCursor init = clang_getCursorKind(vd) == CXCursor_VarDecl ? clang_Cursor_getVarDeclInitializer(vd)
										     : clang_getNullCursor();
			pfl_span ds;
			const pfl_span *ls = &x->m->loops.items[x->loop].span;
			if (!clang_Cursor_isNull(init) && c__span(x, vd, &ds) && ds.start_byte >= ls->start_byte &&
			    ds.end_byte <= ls->end_byte)
				r = c__strip(x, init);
		}
		if (base && c__is_call_to(x, r, "strlen")) {
			const char *arg = c__arg_lvalue(x, r, 0);
			if (arg && strcmp(arg, base) == 0)
				return base;
		}
		return NULL;
	}
	if (k == CXCursor_CallExpr && (c__is_call_to(x, cur, "strchr") || c__is_call_to(x, cur, "rawmemchr")) &&
	    clang_Cursor_getNumArguments(cur) == 2) {
		long long v;
		if (c__const_int(clang_Cursor_getArgument(cur, 1), &v) && v == 0)
			return c__arg_lvalue(x, cur, 0);
		return NULL;
	}
	if (k == CXCursor_UnaryOperator) {
		bool post;
		c__unop(x, cur, op, &post);
		CXCursor sub = c__strip(x, c__only_child(x, cur));
		if (strcmp(op, "&") != 0 || clang_getCursorKind(sub) != CXCursor_ArraySubscriptExpr ||
		    !c__operands(x, sub, &l, &r))
			return NULL;
		const char *base = c__lvalue(x, l);
		r = c__strip(x, r);
		if (base && c__is_call_to(x, r, "strlen")) {
			const char *arg = c__arg_lvalue(x, r, 0);
			if (arg && strcmp(arg, base) == 0)
				return base;
		}
	}
	return NULL;
}

/* Element access: a[j], a[j].f, a[j]->f, p->f, p->f.g, *p. Sets elem_of and index. */
static void c__element(c__ctx *x, CXCursor cur, pfl_expr *out)
{
	/* A character of a string is not an element of a collection: s[i], *p with char *p. */
	enum CXTypeKind tk = clang_getCanonicalType(clang_getCursorType(c__strip(x, cur))).kind;
	if (tk == CXType_Char_S || tk == CXType_Char_U || tk == CXType_SChar || tk == CXType_UChar || tk == CXType_WChar)
		return;
	for (int guard = 0; guard < 16; guard++) {
		cur = c__strip(x, cur);
		enum CXCursorKind k = clang_getCursorKind(cur);
		if (k == CXCursor_MemberRefExpr) {
			CXCursor base = c__strip(x, c__only_child(x, cur));
			if (clang_Cursor_isNull(base))
				return;
			CXType bt = clang_getCanonicalType(clang_getCursorType(base));
			if (bt.kind == CXType_Pointer && clang_getCursorKind(base) == CXCursor_DeclRefExpr) {
				out->elem_of = out->index = c__spelling(x, base); /* p->key: the node p */
				return;
			}
			cur = base; /* a[j].key, a[j]->key, s.f.g: look at the base */
			continue;
		}
		if (k == CXCursor_ArraySubscriptExpr) {
			CXCursor arr, idx;
			if (!c__operands(x, cur, &arr, &idx))
				return;
			idx = c__strip(x, idx);
			out->elem_of = c__lvalue(x, arr);
			if (clang_getCursorKind(idx) != CXCursor_DeclRefExpr)
				return; /* table[hash(k) % n]: an element, selected by no one variable */
			out->index = out->elem_of ? c__spelling(x, idx) : NULL;
			return;
		}
		if (k == CXCursor_UnaryOperator) {
			char op[4];
			bool post;
			c__unop(x, cur, op, &post);
			CXCursor sub = c__strip(x, c__only_child(x, cur));
			if (strcmp(op, "*") == 0 && clang_getCursorKind(sub) == CXCursor_DeclRefExpr)
				out->elem_of = out->index = c__spelling(x, sub);
			return;
		}
		return;
	}
}

/* Whether a subtree multiplies or shifts a variable by a constant >= 2 (not a sizeof). */
typedef struct c__geo {
	c__ctx *x;
	bool found;
} c__geo;

static bool c__is_sizeof(CXCursor c)
{
	return clang_getCursorKind(c) == CXCursor_UnaryExpr;
}

static enum CXChildVisitResult c__geo_visit(CXCursor c, CXCursor parent, CXClientData d)
{
	c__geo *g = d;
	if (clang_getCursorKind(c) != CXCursor_BinaryOperator && clang_getCursorKind(c) != CXCursor_CompoundAssignOperator)
		return CXChildVisit_Recurse;
	char op[4];
	c__binop(g->x, c, op);
	CXCursor l, r;
	if ((strcmp(op, "*") == 0 || strcmp(op, "<<") == 0 || strcmp(op, "*=") == 0 || strcmp(op, "<<=") == 0) &&
	    c__operands(g->x, c, &l, &r)) {
		l = c__strip(g->x, l);
		r = c__strip(g->x, r);
		long long v;
		bool shift = op[0] == '<';
		/* An element size (sizeof, or a constant) times a count is not growth: only a literal factor is. */
		bool lc = !c__is_sizeof(l) && clang_getCursorKind(l) == CXCursor_IntegerLiteral && c__const_int(l, &v) &&
			  (shift ? v >= 1 : v >= 2);
		bool rc = !c__is_sizeof(r) && clang_getCursorKind(r) == CXCursor_IntegerLiteral && c__const_int(r, &v) &&
			  (shift ? v >= 1 : v >= 2);
		bool lvar = !c__const_int(l, &v) && !c__is_sizeof(l);
		bool rvar = !c__const_int(r, &v) && !c__is_sizeof(r);
		if ((rc && lvar) || (lc && rvar && !shift)) {
			g->found = true;
			return CXChildVisit_Break;
		}
	}
	return CXChildVisit_Recurse;
}

static bool c__geometric(c__ctx *x, CXCursor cur)
{
	c__geo g = { x, false };
	c__geo_visit(cur, clang_getNullCursor(), &g);
	if (!g.found)
		clang_visitChildren(cur, c__geo_visit, &g);
	return g.found;
}

/* Fill what rules want to know of an expression. */
static void c__fill(c__ctx *x, CXCursor cur, pfl_expr *out)
{
	memset(out, 0, sizeof(*out));
	out->literal_len = -1;
	c__span(x, cur, &out->span);
	/*
	 * Outside loops only what names a function matters (a callback
	 * registration): the rest is computed where loop rules can use it, in
	 * a loop or in a loop's head.
	 */
	bool full = x->loop >= 0 || x->in_head;
	bool calls = false;
	CXCursor s = c__strip(x, cur);
	enum CXCursorKind k = clang_getCursorKind(s);
	/* The names read: a name alone needs no walk. */
	if (full && k == CXCursor_DeclRefExpr) {
		enum CXCursorKind rk = clang_getCursorKind(clang_getCursorReferenced(s));
		const char *nm = rk == CXCursor_VarDecl || rk == CXCursor_ParmDecl ? c__spelling(x, s) : NULL;
		if (nm) {
			out->names = pfl_arena_alloc(&x->m->arena, 2 * sizeof(*out->names));
			out->names[0] = nm;
			out->names[1] = NULL;
		}
	} else if (full && k != CXCursor_IntegerLiteral && k != CXCursor_StringLiteral && k != CXCursor_CharacterLiteral &&
		   k != CXCursor_FloatingLiteral) {
		out->names = c__read_names(x, cur, &calls);
	}
	if (!full && k != CXCursor_DeclRefExpr && k != CXCursor_UnaryOperator && k != CXCursor_CallExpr)
		return;
	switch (k) {
	case CXCursor_IntegerLiteral:
	case CXCursor_FloatingLiteral:
	case CXCursor_CharacterLiteral:
		out->is_literal = true;
		out->type = pfl_type_make(k == CXCursor_FloatingLiteral ? PFL_KIND_FLOAT : PFL_KIND_INT, PFL_CERT_KNOWN);
		break;
	case CXCursor_StringLiteral:
		out->is_literal = true;
		out->type = pfl_type_make(PFL_KIND_STR, PFL_CERT_KNOWN);
		break;
	case CXCursor_DeclRefExpr: {
		CXCursor ref = clang_getCursorReferenced(s);
		if (clang_getCursorKind(ref) == CXCursor_FunctionDecl) {
			out->type = pfl_type_make(PFL_KIND_CALLABLE, PFL_CERT_KNOWN);
			out->type.name = c__fn_name(x, ref);
		}
		break;
	}
	case CXCursor_UnaryOperator: {
		char op[4];
		bool post;
		c__unop(x, s, op, &post);
		CXCursor sub = c__strip(x, c__only_child(x, s));
		if (strcmp(op, "&") == 0 && clang_getCursorKind(sub) == CXCursor_DeclRefExpr) {
			CXCursor ref = clang_getCursorReferenced(sub);
			if (clang_getCursorKind(ref) == CXCursor_FunctionDecl) {
				out->type = pfl_type_make(PFL_KIND_CALLABLE, PFL_CERT_KNOWN);
				out->type.name = c__fn_name(x, ref);
			}
		}
		break;
	}
	default:
		break;
	}
	/* G_CALLBACK(f) where the macro's header is missing: an undeclared function applied to a function. */
	if (k == CXCursor_CallExpr && clang_Cursor_getNumArguments(s) == 1 &&
	    clang_getCanonicalType(clang_getCursorType(clang_getCursorReferenced(s))).kind == CXType_FunctionNoProto) {
		pfl_expr inner;
		c__fill(x, clang_Cursor_getArgument(s, 0), &inner);
		if (inner.type.kind == PFL_KIND_CALLABLE)
			out->type = inner.type;
	}
	if (!full)
		return;
	out->is_const = !out->names && !calls && out->type.kind != PFL_KIND_CALLABLE;
	out->text = c__lvalue(x, s);
	if (!out->text && out->type.kind == PFL_KIND_CALLABLE)
		out->text = c__spelling(x, clang_getCursorKind(s) == CXCursor_DeclRefExpr ? s : c__strip(x, c__only_child(x, s)));
	if (k == CXCursor_BinaryOperator || k == CXCursor_CallExpr || k == CXCursor_UnaryOperator)
		out->end_of = c__end_of(x, s);
	c__element(x, s, out);
	if (out->names && (k == CXCursor_BinaryOperator || k == CXCursor_ConditionalOperator ||
			   k == CXCursor_CompoundAssignOperator))
		out->geometric = c__geometric(x, s);
}

/* ---- lowering ---------------------------------------------------------- */

static void c__node(c__ctx *x, CXCursor cur, bool stmt);

/* Lower every child of cur. */
static void c__children(c__ctx *x, CXCursor cur)
{
	size_t st, n = c__kids(x, cur, &st);
	for (size_t i = 0; i < n; i++) {
		CXCursor ch = x->kids.items[st + i];
		c__node(x, ch, false);
	}
	c__kids_pop(x, st);
}

/* Equality functions whose two first arguments are compared. */
static bool c__string_equality(const char *fn)
{
	static const char *const fns[] = {
		"strcmp", "strcasecmp", "wcscmp", "wcscasecmp", "strcoll", "g_str_equal", "g_strcmp0",
		"g_ascii_strcasecmp", "g_strcasecmp", "xmlStrEqual", "sqlite3_stricmp",
	};
	for (size_t i = 0; i < sizeof(fns) / sizeof(*fns); i++)
		if (strcmp(fn, fns[i]) == 0)
			return true;
	return false;
}

/* Record an equality test of a and b (in a loop). */
static void c__member(c__ctx *x, CXCursor whole, CXCursor a, CXCursor b, bool negated)
{
	if (x->loop < 0)
		return;
	pfl_member mb;
	memset(&mb, 0, sizeof(mb));
	if (!c__span(x, whole, &mb.span))
		return;
	c__fill(x, a, &mb.needle);
	c__fill(x, b, &mb.container);
	mb.negated = negated;
	mb.scope = x->scope;
	mb.loop = x->loop;
	mb.once_loop = x->once_loop;
	pfl_array_push(&x->m->members, mb);
}

/* Record an assignment to the lvalue target. */
static void c__assign(c__ctx *x, CXCursor whole, CXCursor target, CXCursor value, pfl_assign_op op, pfl_growth g)
{
	pfl_assign a;
	memset(&a, 0, sizeof(a));
	if (!c__span(x, whole, &a.span))
		return;
	a.target = c__lvalue(x, target);
	if (!a.target)
		return;
	a.op = op;
	a.growth = g;
	if (!clang_Cursor_isNull(value)) {
		c__fill(x, value, &a.value);
		a.other = a.value;
	}
	a.scope = x->scope;
	a.loop = x->loop;
	a.once_loop = x->once_loop;
	pfl_array_push(&x->m->assigns, a);
}

/* How "t = value" changes t: p = p->next and t = t + k add, t = t * 2 multiplies. */
static pfl_growth c__growth(c__ctx *x, const char *t, CXCursor value)
{
	CXCursor v = c__strip(x, value);
	enum CXCursorKind k = clang_getCursorKind(v);
	bool reads_t = false;
	const char **names = c__read_names(x, v, NULL);
	for (const char **p = names; p && *p && !reads_t; p++)
		reads_t = strcmp(*p, t) == 0;
	if (!reads_t)
		return PFL_GROWTH_NONE;
	if (c__geometric(x, v))
		return PFL_GROWTH_MUL;
	if (k == CXCursor_MemberRefExpr) {
		/* p = p->next, p = p->link.tqe_next (TAILQ_NEXT): the same variable, one node on. */
		CXCursor base = v;
		for (int guard = 0; guard < 16 && clang_getCursorKind(base) == CXCursor_MemberRefExpr; guard++)
			base = c__strip(x, c__only_child(x, base));
		const char *b = clang_getCursorKind(base) == CXCursor_DeclRefExpr ? c__spelling(x, base) : NULL;
		return b && strcmp(b, t) == 0 ? PFL_GROWTH_ADD : PFL_GROWTH_NONE;
	}
	if (k == CXCursor_BinaryOperator) {
		char op[4];
		c__binop(x, v, op);
		CXCursor l, r;
		if ((strcmp(op, "+") == 0 || strcmp(op, "-") == 0) && c__operands(x, v, &l, &r)) {
			const char *lt = c__lvalue(x, l), *rt = c__lvalue(x, r);
			/* t = t + t / 2 grows geometrically; t = t + k by k. */
			bool l_is = lt && strcmp(lt, t) == 0, r_is = rt && strcmp(rt, t) == 0;
			if (l_is || r_is) {
				const char **other = c__read_names(x, l_is ? r : l, NULL);
				for (const char **p = other; p && *p; p++)
					if (strcmp(*p, t) == 0)
						return PFL_GROWTH_MUL;
				return PFL_GROWTH_ADD;
			}
		}
	}
	return PFL_GROWTH_NONE;
}

/* Lower a call expression. */
static void c__call(c__ctx *x, CXCursor cur, bool stmt)
{
	pfl_call call;
	memset(&call, 0, sizeof(call));
	if (!c__span(x, cur, &call.span)) {
		c__children(x, cur);
		return;
	}
	CXCursor ref = clang_getCursorReferenced(cur);
	bool in_loop = x->loop >= 0 || x->in_head;
	CXType fty = in_loop ? clang_getCanonicalType(clang_getCursorType(ref)) : clang_getCursorType(clang_getNullCursor());
	if (clang_getCursorKind(ref) == CXCursor_FunctionDecl)
		call.callee = c__fn_name(x, ref);
	/* The callee as written: the macro's name when the call comes from one. */
	size_t st, n = c__kids(x, cur, &st);
	CXCursor callee = n ? x->kids.items[st] : clang_getNullCursor();
	c__kids_pop(x, st);
	/* Written here when the call starts with the called function's name (the usual case, checked first). */
	CXString csp = clang_getCursorSpelling(cur);
	bool direct = clang_getCString(csp) && c__ident_at(x, call.span.start_byte, clang_getCString(csp));
	clang_disposeString(csp);
	if (!direct && c__from_macro(x, cur)) {
		uint32_t i = call.span.start_byte, e = i;
		while (e < x->m->source_len && c__ident_char(x->m->source[e]))
			e++;
		call.text = e > i ? pfl_arena_strndup(&x->m->arena, x->m->source + i, e - i) : NULL;
		call.callee_span = call.span;
	} else if (!clang_Cursor_isNull(callee) && c__span(x, callee, &call.callee_span)) {
		call.text = c__compact(x, &call.callee_span);
	}
	if (!call.text)
		call.text = call.callee;
	if (!call.callee && !clang_Cursor_isNull(callee) && clang_getCursorKind(c__strip(x, callee)) == CXCursor_DeclRefExpr &&
	    clang_Cursor_isNull(ref))
		call.callee = c__spelling(x, c__strip(x, callee)); /* an undeclared function (errors) */
	int nargs = clang_Cursor_getNumArguments(cur);
	if (nargs > 0) {
		call.args = pfl_arena_zalloc(&x->m->arena, (size_t)nargs * sizeof(pfl_arg));
		call.nargs = (uint32_t)nargs;
		int nparams = fty.kind == CXType_FunctionProto ? clang_getNumArgTypes(fty) : 0;
		for (int i = 0; i < nargs; i++) {
			CXCursor arg = clang_Cursor_getArgument(cur, (unsigned)i);
			c__fill(x, arg, &call.args[i].value);
			if (!in_loop)
				continue; /* how arguments are passed matters to loop rules only */
			if (i < nparams) {
				CXType pt = clang_getCanonicalType(clang_getArgType(fty, (unsigned)i));
				call.args[i].const_param =
					pt.kind == CXType_Pointer && clang_isConstQualifiedType(clang_getPointeeType(pt));
			}
			/* &n, or an array or pointer variable, handed to a parameter that may write through it. */
			CXCursor sa = c__strip(x, arg);
			enum CXCursorKind sk = clang_getCursorKind(sa);
			CXType at = clang_getCanonicalType(clang_getCursorType(sa));
			bool addr = false;
			if (sk == CXCursor_UnaryOperator) {
				char op[4];
				bool post;
				c__unop(x, sa, op, &post);
				addr = strcmp(op, "&") == 0;
			}
			/* A pointer variable is a buffer when it points to characters; else it is a handle (db). */
			enum CXTypeKind pk = at.kind == CXType_Pointer ? clang_getCanonicalType(clang_getPointeeType(at)).kind
								       : CXType_Invalid;
			bool buffer = at.kind == CXType_ConstantArray ||
				      pk == CXType_Char_S || pk == CXType_Char_U || pk == CXType_SChar || pk == CXType_UChar ||
				      pk == CXType_WChar;
			enum CXTypeKind ak = clang_getCanonicalType(clang_getCursorType(arg)).kind;
			call.args[i].pointer = ak == CXType_Pointer || ak == CXType_ConstantArray ||
					       ak == CXType_IncompleteArray || ak == CXType_VariableArray;
			call.args[i].out_param = !call.args[i].const_param && call.args[i].value.names &&
						 !call.args[i].value.names[1] &&
						 (addr || (sk == CXCursor_DeclRefExpr && buffer));
		}
	}
	call.scope = x->scope;
	call.loop = x->loop;
	call.once_loop = x->once_loop;
	call.flags = x->flags | (stmt ? PFL_CALL_STATEMENT : 0);
	pfl_array_push(&x->m->calls, call);
	if (call.callee && nargs >= 2 && c__string_equality(call.callee))
		c__member(x, cur, clang_Cursor_getArgument(cur, 0), clang_Cursor_getArgument(cur, 1), false);
	c__children(x, cur);
}

/* A statement that leaves the block: break (of a loop), return, goto. */
static bool c__exits(const c__ctx *x, CXCursor c)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	return (k == CXCursor_BreakStmt && !x->in_switch) || k == CXCursor_ReturnStmt || k == CXCursor_GotoStmt;
}

/* Lower a block: a statement followed by an exit runs once per run of the loop. */
static void c__compound(c__ctx *x, CXCursor cur)
{
	size_t st, n = c__kids(x, cur, &st);
	/* Index of the last exit statement among the children, or n. */
	size_t last_exit = n;
	for (size_t i = n; i-- > 0;)
		if (c__exits(x, x->kids.items[st + i])) {
			last_exit = i;
			break;
		}
	bool in_switch = x->in_switch;
	x->in_switch = false; /* a nested block of a case is not the switch body itself */
	for (size_t i = 0; i < n; i++) {
		CXCursor ch = x->kids.items[st + i];
		int32_t saved = x->once_loop;
		if (!in_switch && last_exit < n && i < last_exit && x->loop >= 0)
			x->once_loop = x->loop;
		c__node(x, ch, true);
		x->once_loop = saved;
	}
	x->in_switch = in_switch;
	c__kids_pop(x, st);
}

/* For a for loop written without macros: the offsets of its two semicolons. */
static bool c__for_semis(c__ctx *x, const pfl_span *loop, uint32_t body_start, uint32_t semi[2])
{
	const char *s = x->m->source;
	uint32_t i = loop->start_byte + 3, end = body_start;
	i = c__skip_space(x, i, end);
	if (i >= end || s[i] != '(')
		return false;
	int depth = 0, found = 0;
	for (; i < end && found < 2; i++) {
		char ch = s[i];
		if (ch == '"' || ch == '\'') {
			for (i++; i < end && s[i] != ch; i++)
				if (s[i] == '\\')
					i++;
		} else if (ch == '/' && i + 1 < end && (s[i + 1] == '*' || s[i + 1] == '/')) {
			i = c__skip_space(x, i, end) - 1;
		} else if (ch == '(' || ch == '[' || ch == '{') {
			depth++;
		} else if (ch == ')' || ch == ']' || ch == '}') {
			depth--;
		} else if (ch == ';' && depth == 1) {
			semi[found++] = i;
		}
	}
	return found == 2;
}

/* The trip count of "for (i = a; i < b; i++)" with constants a and b, or -1. */
static long long c__trips(c__ctx *x, CXCursor init, CXCursor cond, CXCursor inc)
{
	if (clang_Cursor_isNull(init) || clang_Cursor_isNull(cond) || clang_Cursor_isNull(inc))
		return -1;
	/* The variable and its start. */
	const char *var = NULL;
	long long a, b;
	CXCursor l, r;
	char op[4];
	bool post;
	if (clang_getCursorKind(init) == CXCursor_DeclStmt) {
		CXCursor vd = c__only_child(x, init);
		CXCursor iv = clang_Cursor_isNull(vd) ? vd : clang_Cursor_getVarDeclInitializer(vd);
		if (clang_Cursor_isNull(iv) || !c__const_int(iv, &a))
			return -1;
		var = c__spelling(x, vd);
	} else if (clang_getCursorKind(init) == CXCursor_BinaryOperator && c__operands(x, init, &l, &r)) {
		c__binop(x, init, op);
		if (strcmp(op, "=") != 0 || !c__const_int(r, &a))
			return -1;
		var = c__lvalue(x, l);
	}
	if (!var)
		return -1;
	/* The step: ++ or -- (or += 1 / -= 1). */
	int step = 0;
	if (clang_getCursorKind(inc) == CXCursor_UnaryOperator) {
		c__unop(x, inc, op, &post);
		const char *t = c__lvalue(x, c__only_child(x, inc));
		if (t && strcmp(t, var) == 0)
			step = strcmp(op, "++") == 0 ? 1 : strcmp(op, "--") == 0 ? -1 : 0;
	} else if (clang_getCursorKind(inc) == CXCursor_CompoundAssignOperator && c__operands(x, inc, &l, &r)) {
		c__binop(x, inc, op);
		const char *t = c__lvalue(x, l);
		long long k;
		if (t && strcmp(t, var) == 0 && c__const_int(r, &k) && k == 1)
			step = strcmp(op, "+=") == 0 ? 1 : strcmp(op, "-=") == 0 ? -1 : 0;
	}
	if (!step)
		return -1;
	cond = c__strip(x, cond);
	if (clang_getCursorKind(cond) != CXCursor_BinaryOperator || !c__operands(x, cond, &l, &r))
		return -1;
	c__binop(x, cond, op);
	if (strcmp(op, "&&") == 0) {
		/* i < 4 && more: at most as many as the counted test allows. */
		long long a1 = c__trips(x, init, l, inc), a2 = c__trips(x, init, r, inc);
		return a1 < 0 ? a2 : a2 < 0 ? a1 : a1 < a2 ? a1 : a2;
	}
	const char *t = c__lvalue(x, l);
	if (!t || strcmp(t, var) != 0 || !c__const_int(r, &b))
		return -1;
	long long n = -1;
	if (step > 0 && (strcmp(op, "<") == 0 || strcmp(op, "!=") == 0))
		n = b - a;
	else if (step > 0 && strcmp(op, "<=") == 0)
		n = b - a + 1;
	else if (step < 0 && (strcmp(op, ">") == 0 || strcmp(op, "!=") == 0))
		n = a - b;
	else if (step < 0 && strcmp(op, ">=") == 0)
		n = a - b + 1;
	return n < 0 ? 0 : n;
}

/* Add the identifier targets of assignments [from, to) to a list. */
static void c__bind_targets(c__ctx *x, size_t from, size_t to, const char **list, size_t *n, size_t cap,
			    bool steps_only, int32_t loop)
{
	for (size_t i = from; i < to && *n < cap; i++) {
		const pfl_assign *a = &x->m->assigns.items[i];
		if (!a->target || strpbrk(a->target, "[.-*>"))
			continue;
		if (steps_only && (a->growth != PFL_GROWTH_ADD || a->loop != loop))
			continue;
		bool have = false;
		for (size_t k = 0; k < *n && !have; k++)
			have = strcmp(list[k], a->target) == 0;
		if (!have)
			list[(*n)++] = a->target;
	}
}

/*
 * A loop written with an iteration macro (TAILQ_FOREACH(var, head, field),
 * list_for_each_entry(pos, head, member)): its assignments come from the
 * macro's body, whose operators the source does not show. The macro's
 * first argument is the variable it steps: record that it starts in the
 * head and moves on each iteration. Returns the number of bound names.
 */
static size_t c__foreach_macro(c__ctx *x, int32_t idx, const char **bound)
{
	pfl_loop *L = &x->m->loops.items[idx];
	const char *s = x->m->source;
	size_t n = x->m->source_len, o = L->span.start_byte, i = o;
	while (i < n && c__ident_char(s[i]))
		i++;
	bool each = false;
	for (size_t k = o; k + 4 <= i && !each; k++)
		each = strncmp(s + k, "EACH", 4) == 0 || strncmp(s + k, "each", 4) == 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (!each || i >= n || s[i] != '(')
		return 0;
	for (i++; i < n && (s[i] == ' ' || s[i] == '(' || s[i] == '\t'); i++)
		;
	size_t v = i;
	while (i < n && c__ident_char(s[i]))
		i++;
	if (i == v || (s[v] >= '0' && s[v] <= '9'))
		return 0;
	bound[0] = pfl_arena_strndup(&x->m->arena, s + v, i - v);
	for (int k = 0; k < 2; k++) {
		pfl_assign a;
		memset(&a, 0, sizeof(a));
		a.target = bound[0];
		a.op = k ? PFL_ASSIGN_OTHER : PFL_ASSIGN_PLAIN;
		a.growth = k ? PFL_GROWTH_ADD : PFL_GROWTH_NONE;
		a.value.literal_len = -1;
		a.scope = x->scope;
		a.loop = k ? idx : L->parent;
		a.once_loop = -1;
		a.span = L->head_span;
		pfl_array_push(&x->m->assigns, a);
		L = &x->m->loops.items[idx];
	}
	return 1;
}

/* Lower a for, while or do loop. */
static void c__loop(c__ctx *x, CXCursor cur, pfl_loop_kind kind)
{
	pfl_loop lp;
	memset(&lp, 0, sizeof(lp));
	if (!c__span(x, cur, &lp.span)) {
		c__children(x, cur);
		return;
	}
	lp.kind = kind;
	lp.parent = x->loop;
	lp.scope = x->scope;
	lp.depth = x->loop >= 0 ? x->m->loops.items[x->loop].depth + 1 : 1;
	size_t st, n = c__kids(x, cur, &st);
	CXCursor parts[4]; /* init, cond, inc, body */
	for (int i = 0; i < 4; i++)
		parts[i] = clang_getNullCursor();
	if (n == 0) {
		c__kids_pop(x, st);
		return;
	}
	CXCursor body = x->kids.items[st + (kind == PFL_LOOP_DO ? 0 : n - 1)];
	parts[3] = body;
	pfl_span bs;
	bool body_here = c__span(x, body, &bs);
	if (kind == PFL_LOOP_WHILE && n == 2) {
		parts[1] = x->kids.items[st];
	} else if (kind == PFL_LOOP_DO && n == 2) {
		parts[1] = x->kids.items[st + 1];
	} else if (kind == PFL_LOOP_FOR) {
		uint32_t semi[2];
		if (body_here && !c__from_macro(x, cur) && c__for_semis(x, &lp.span, bs.start_byte, semi)) {
			for (size_t i = 0; i + 1 < n; i++) {
				CXCursor ch = x->kids.items[st + i];
				pfl_span cs;
				if (!c__span(x, ch, &cs))
					continue;
				int slot = cs.start_byte < semi[0] ? 0 : cs.start_byte < semi[1] ? 1 : 2;
				parts[slot] = ch;
			}
		} else if (n == 4) {
			parts[0] = x->kids.items[st];
			parts[1] = x->kids.items[st + 1];
			parts[2] = x->kids.items[st + 2];
		} else if (n > 1) {
			parts[1] = x->kids.items[st + n - 2]; /* unknown shape: treat the rest as the condition */
		}
	}
	c__kids_pop(x, st);
	/* The head: from the keyword to the body (do: the keyword alone). */
	lp.head_span = lp.span;
	if (body_here && bs.start_byte >= lp.span.start_byte) {
		lp.head_span.end_byte = bs.start_byte;
		lp.head_span.end_line = bs.line;
		lp.head_span.end_col = bs.col;
		if (kind == PFL_LOOP_DO) {
			lp.head_span.end_byte = lp.span.start_byte + 2;
			lp.head_span.end_line = lp.span.line;
			lp.head_span.end_col = lp.span.col + 2;
		}
	}
	/* The initialisation runs once, before the loop. */
	size_t a0 = x->m->assigns.size;
	if (!clang_Cursor_isNull(parts[0])) {
		bool saved_head = x->in_head;
		x->in_head = true;
		c__node(x, parts[0], true);
		x->in_head = saved_head;
	}
	size_t a1 = x->m->assigns.size;
	int32_t idx = (int32_t)x->m->loops.size;
	pfl_array_push(&x->m->loops, lp);
	int32_t saved_loop = x->loop, saved_once = x->once_loop;
	bool saved_switch = x->in_switch;
	uint32_t saved_flags = x->flags;
	x->loop = idx;
	x->in_switch = false;
	if (!clang_Cursor_isNull(parts[1])) {
		x->flags |= PFL_CALL_IN_TEST;
		c__node(x, parts[1], false);
		x->flags = saved_flags;
	}
	size_t a2 = x->m->assigns.size;
	if (!clang_Cursor_isNull(parts[2]))
		c__node(x, parts[2], true);
	size_t a3 = x->m->assigns.size;
	c__node(x, parts[3], true);
	size_t a4 = x->m->assigns.size;
	x->loop = saved_loop;
	x->once_loop = saved_once;
	x->in_switch = saved_switch;
	/* Facts that need the parts. */
	pfl_loop *L = &x->m->loops.items[idx];
	long long v;
	if (clang_Cursor_isNull(parts[1])) {
		L->forever = kind == PFL_LOOP_FOR;
	} else {
		bool saved_head = x->in_head;
		x->in_head = true;
		c__fill(x, parts[1], &L->iter);
		x->in_head = saved_head;
		L = &x->m->loops.items[idx];
		if (L->iter.is_const && c__const_int(parts[1], &v)) {
			L->forever = v != 0;
			L->runs_once = v == 0;
		}
	}
	if (kind == PFL_LOOP_FOR) {
		long long trips = c__trips(x, parts[0], parts[1], parts[2]);
		L->bounded = trips >= 0 && trips <= 8;
		/* for (i = 0; i < n; i += batch): a batch per step. */
		CXCursor inc = parts[2], il, ir;
		char op[4];
		if (!clang_Cursor_isNull(inc) && clang_getCursorKind(inc) == CXCursor_CompoundAssignOperator &&
		    c__operands(x, inc, &il, &ir)) {
			c__binop(x, inc, op);
			long long step = 0;
			bool konst = c__const_int(ir, &step);
			L->chunked = strcmp(op, "+=") == 0 && (!konst || step >= 2);
		}
	}
	/* The variables the loop steps: set in the head, or advanced in the body of a while. */
	const char *bound[C__MAX_NAMES + 1];
	size_t nb = 0;
	c__bind_targets(x, a0, a1, bound, &nb, C__MAX_NAMES, false, idx);
	c__bind_targets(x, a1, a2, bound, &nb, C__MAX_NAMES, false, idx);
	c__bind_targets(x, a2, a3, bound, &nb, C__MAX_NAMES, false, idx);
	if (kind != PFL_LOOP_FOR || clang_Cursor_isNull(parts[2]))
		c__bind_targets(x, a3, a4, bound, &nb, C__MAX_NAMES, true, idx);
	if (!nb && c__from_macro(x, cur))
		nb = c__foreach_macro(x, idx, bound);
	if (nb) {
		L->bound = pfl_arena_alloc(&x->m->arena, (nb + 1) * sizeof(*L->bound));
		memcpy(L->bound, bound, nb * sizeof(*bound));
		L->bound[nb] = NULL;
	}
}

/* Lower a declaration's variables: "T v = init" is an assignment, "T v" a fresh binding. */
static void c__decl(c__ctx *x, CXCursor cur)
{
	size_t st, n = c__kids(x, cur, &st);
	for (size_t i = 0; i < n; i++) {
		CXCursor vd = x->kids.items[st + i];
		if (clang_getCursorKind(vd) != CXCursor_VarDecl)
			continue;
		CXCursor init = clang_Cursor_getVarDeclInitializer(vd);
		if (x->loop < 0 && !x->in_head) {
			if (!clang_Cursor_isNull(init))
				c__node(x, init, false); /* only its calls matter outside loops */
			continue;
		}
		pfl_assign a;
		memset(&a, 0, sizeof(a));
		if (!c__span(x, vd, &a.span))
			continue;
		a.target = c__spelling(x, vd);
		if (!a.target)
			continue;
		a.op = clang_Cursor_isNull(init) ? PFL_ASSIGN_BIND : PFL_ASSIGN_PLAIN;
		if (!clang_Cursor_isNull(init)) {
			c__fill(x, init, &a.value);
			a.other = a.value;
		}
		a.scope = x->scope;
		a.loop = x->loop;
		a.once_loop = x->once_loop;
		pfl_array_push(&x->m->assigns, a);
		if (!clang_Cursor_isNull(init))
			c__node(x, init, false);
	}
	c__kids_pop(x, st);
}

/* Lower an operator expression: assignments, increments and equality tests. */
static void c__operator(c__ctx *x, CXCursor cur, enum CXCursorKind k)
{
	char op[4];
	CXCursor l, r;
	if (x->loop < 0 && !x->in_head) {
		/* Outside loops no rule reads assignments or tests: only the calls inside matter. */
		c__children(x, cur);
		return;
	}
	if (k == CXCursor_UnaryOperator) {
		bool post;
		c__unop(x, cur, op, &post);
		if (strcmp(op, "++") == 0 || strcmp(op, "--") == 0)
			c__assign(x, cur, c__only_child(x, cur), clang_getNullCursor(), PFL_ASSIGN_ADD, PFL_GROWTH_ADD);
	} else if (c__operands(x, cur, &l, &r)) {
		c__binop(x, cur, op);
		if (k == CXCursor_BinaryOperator && strcmp(op, "=") == 0) {
			const char *t = c__lvalue(x, l);
			c__assign(x, cur, l, r, PFL_ASSIGN_PLAIN, t ? c__growth(x, t, r) : PFL_GROWTH_NONE);
		} else if (k == CXCursor_CompoundAssignOperator) {
			pfl_growth g = PFL_GROWTH_NONE;
			if (strcmp(op, "+=") == 0 || strcmp(op, "-=") == 0) {
				const char *t = c__lvalue(x, l);
				g = PFL_GROWTH_ADD;
				/* t += t / 2 and t += t >> 1 grow geometrically. */
				CXCursor sr = c__strip(x, r), rl, rr;
				char rop[4];
				if (t && clang_getCursorKind(sr) == CXCursor_BinaryOperator && c__operands(x, sr, &rl, &rr)) {
					c__binop(x, sr, rop);
					const char *lt = c__lvalue(x, rl);
					if ((strcmp(rop, "/") == 0 || strcmp(rop, ">>") == 0) && lt && strcmp(lt, t) == 0)
						g = PFL_GROWTH_MUL;
				} else if (t && c__lvalue(x, sr) && strcmp(c__lvalue(x, sr), t) == 0) {
					g = PFL_GROWTH_MUL; /* t += t */
				}
			} else if (strcmp(op, "*=") == 0 || strcmp(op, "<<=") == 0) {
				g = c__geometric(x, cur) ? PFL_GROWTH_MUL : PFL_GROWTH_NONE;
			}
			c__assign(x, cur, l, r, strcmp(op, "+=") == 0 ? PFL_ASSIGN_ADD : PFL_ASSIGN_OTHER, g);
		} else if (strcmp(op, "==") == 0 || strcmp(op, "!=") == 0) {
			CXCursor sl = c__strip(x, l), sr = c__strip(x, r);
			/* strcmp(a, b) == 0 is recorded with the call. */
			bool call_l = clang_getCursorKind(sl) == CXCursor_CallExpr, call_r = clang_getCursorKind(sr) == CXCursor_CallExpr;
			if (!call_l && !call_r)
				c__member(x, cur, l, r, op[0] == '!');
		}
	}
	c__children(x, cur);
}

/* Functions named inside a macro's expansion: their spellings and model names. */
typedef struct c__fnrefs {
	c__ctx *x;
	const char *name[16], *qual[16];
	size_t n;
} c__fnrefs;

static enum CXChildVisitResult c__fnrefs_visit(CXCursor c, CXCursor parent, CXClientData d)
{
	c__fnrefs *r = d;
	if (clang_getCursorKind(c) != CXCursor_DeclRefExpr || r->n == 16)
		return CXChildVisit_Recurse;
	CXCursor ref = clang_getCursorReferenced(c);
	if (clang_getCursorKind(ref) == CXCursor_FunctionDecl) {
		r->name[r->n] = c__spelling(r->x, c);
		r->qual[r->n] = c__fn_name(r->x, ref);
		if (r->name[r->n] && r->qual[r->n])
			r->n++;
	}
	return CXChildVisit_Continue;
}

/*
 * Whether a statement is the use of a function-like macro: its text starts
 * with "NAME (" where NAME is not a keyword nor a function the statement
 * calls first (f(x)->y = 1 starts with a call, not a macro).
 */
static bool c__macro_stmt(c__ctx *x, CXCursor cur, uint32_t *start)
{
	uint32_t o, l, c;
	if (!c__loc(x, clang_getRangeStart(clang_getCursorExtent(cur)), &o, &l, &c))
		return false;
	const char *s = x->m->source;
	size_t n = x->m->source_len, i = o;
	while (i < n && c__ident_char(s[i]))
		i++;
	if (i == o || (s[o] >= '0' && s[o] <= '9'))
		return false;
	size_t e = i;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i >= n || s[i] != '(')
		return false;
	static const char *const keywords[] = { "if", "for", "while", "switch", "return", "sizeof", "do", "_Alignof",
						"_Generic", "__typeof__", "typeof", "__builtin_offsetof" };
	for (size_t k = 0; k < sizeof(keywords) / sizeof(*keywords); k++)
		if (strlen(keywords[k]) == e - o && memcmp(keywords[k], s + o, e - o) == 0)
			return false;
	for (int guard = 0; guard < 32 && !clang_Cursor_isNull(cur); guard++) {
		if (clang_getCursorKind(cur) == CXCursor_CallExpr) {
			CXString sp = clang_getCursorSpelling(cur);
			bool same = clang_getCString(sp) && strlen(clang_getCString(sp)) == e - o &&
				    memcmp(clang_getCString(sp), s + o, e - o) == 0;
			clang_disposeString(sp);
			if (same)
				return false;
		}
		cur = c__first_child(x, cur);
	}
	*start = o;
	return true;
}

/*
 * A function-like macro used as a statement, whose expansion is not a call
 * of a function of its name (libev's ev_io_init(w, cb, fd, ev) expands to
 * assignments): record its use as a call, with its arguments as written,
 * so the knowledge base can know it. An argument naming a function that
 * the expansion refers to is that function.
 */
static void c__macro_use(c__ctx *x, CXCursor cur, uint32_t o)
{
	uint32_t l, col, o2;
	if (!c__loc(x, clang_getRangeStart(clang_getCursorExtent(cur)), &o2, &l, &col) || o + 1 == x->last_macro)
		return;
	const char *s = x->m->source;
	size_t n = x->m->source_len, i = o;
	while (i < n && c__ident_char(s[i]))
		i++;
	if (i == o || (s[o] >= '0' && s[o] <= '9'))
		return;
	size_t name_end = i;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i >= n || s[i] != '(')
		return;
	x->last_macro = o + 1;
	/* The arguments: split at top-level commas up to the closing parenthesis. */
	size_t starts[16], ends[16], na = 0, depth = 0, st = i + 1;
	for (i = i + 1; i < n; i++) {
		char ch = s[i];
		if (ch == '"' || ch == '\'') {
			for (i++; i < n && s[i] != ch; i++)
				if (s[i] == '\\')
					i++;
		} else if (ch == '(' || ch == '[' || ch == '{') {
			depth++;
		} else if ((ch == ')' && depth == 0) || (ch == ',' && depth == 0)) {
			if (na < 16) {
				starts[na] = st;
				ends[na++] = i;
			}
			st = i + 1;
			if (ch == ')')
				break;
		} else if (ch == ')' || ch == ']' || ch == '}') {
			depth--;
		}
	}
	if (i >= n)
		return;
	c__fnrefs refs = { .x = x };
	clang_visitChildren(cur, c__fnrefs_visit, &refs);
	pfl_call call;
	memset(&call, 0, sizeof(call));
	call.callee = call.text = pfl_arena_strndup(&x->m->arena, s + o, name_end - o);
	call.span.start_byte = o;
	call.span.line = l;
	call.span.col = col;
	call.span.end_byte = (uint32_t)i + 1;
	call.span.end_line = l;
	call.span.end_col = col + (uint32_t)(i + 1 - o);
	for (size_t k = o; k <= i; k++)
		if (s[k] == '\n') {
			call.span.end_line++;
			call.span.end_col = (uint32_t)(i - k) + 1;
		}
	call.callee_span = call.span;
	call.args = pfl_arena_zalloc(&x->m->arena, (na ? na : 1) * sizeof(pfl_arg));
	call.nargs = (uint32_t)na;
	for (size_t a = 0; a < na; a++) {
		pfl_expr *e = &call.args[a].value;
		e->literal_len = -1;
		pfl_span sp = call.span;
		sp.start_byte = (uint32_t)starts[a];
		sp.end_byte = (uint32_t)ends[a];
		e->span = sp;
		e->text = c__compact(x, &sp);
		/* The last identifier of the argument: (cb), &cb, G_CALLBACK(cb). */
		size_t e2 = ends[a];
		while (e2 > starts[a] && !c__ident_char(s[e2 - 1]))
			e2--;
		size_t b = e2;
		while (b > starts[a] && c__ident_char(s[b - 1]))
			b--;
		for (size_t r = 0; r < refs.n && b < e2; r++)
			if (strlen(refs.name[r]) == e2 - b && memcmp(refs.name[r], s + b, e2 - b) == 0) {
				e->type = pfl_type_make(PFL_KIND_CALLABLE, PFL_CERT_KNOWN);
				e->type.name = refs.qual[r];
			}
	}
	call.scope = x->scope;
	call.loop = x->loop;
	call.once_loop = x->once_loop;
	call.flags = x->flags | PFL_CALL_MACRO | PFL_CALL_STATEMENT;
	pfl_array_push(&x->m->calls, call);
}

static void c__node(c__ctx *x, CXCursor cur, bool stmt)
{
	if (x->rec >= C__MAX_DEPTH) {
		x->too_deep = true;
		return;
	}
	x->rec++;
	enum CXCursorKind k = clang_getCursorKind(cur);
	uint32_t mstart;
	if (stmt && k != CXCursor_CompoundStmt && k != CXCursor_CallExpr && c__macro_stmt(x, cur, &mstart))
		c__macro_use(x, cur, mstart);
	switch (k) {
	case CXCursor_CompoundStmt:
		c__compound(x, cur);
		break;
	case CXCursor_ForStmt:
		c__loop(x, cur, PFL_LOOP_FOR);
		break;
	case CXCursor_WhileStmt:
		c__loop(x, cur, PFL_LOOP_WHILE);
		break;
	case CXCursor_DoStmt:
		c__loop(x, cur, PFL_LOOP_DO);
		break;
	case CXCursor_IfStmt: {
		size_t st, n = c__kids(x, cur, &st);
		size_t m0 = x->m->members.size, m1 = m0;
		for (size_t i = 0; i < n; i++) {
			CXCursor ch = x->kids.items[st + i];
			uint32_t saved = x->flags;
			if (i == 0)
				x->flags |= PFL_CALL_IN_TEST;
			c__node(x, ch, i > 0);
			x->flags = saved;
			if (i == 0)
				m1 = x->m->members.size;
			/* The tests of the condition guard the then-branch. */
			pfl_span then;
			if (i == 1 && c__span(x, ch, &then))
				for (size_t t = m0; t < m1; t++)
					x->m->members.items[t].guarded = then;
		}
		c__kids_pop(x, st);
		break;
	}
	case CXCursor_SwitchStmt: {
		size_t st, n = c__kids(x, cur, &st);
		for (size_t i = 0; i < n; i++) {
			CXCursor ch = x->kids.items[st + i];
			bool saved = x->in_switch;
			if (i + 1 == n)
				x->in_switch = true;
			if (i + 1 == n && clang_getCursorKind(ch) == CXCursor_CompoundStmt) {
				c__compound(x, ch);
			} else {
				c__node(x, ch, i + 1 == n);
			}
			x->in_switch = saved;
		}
		c__kids_pop(x, st);
		break;
	}
	case CXCursor_ReturnStmt: {
		int32_t saved = x->once_loop;
		if (x->loop >= 0)
			x->once_loop = x->loop;
		c__children(x, cur);
		x->once_loop = saved;
		break;
	}
	case CXCursor_DeclStmt:
		c__decl(x, cur);
		break;
	case CXCursor_CallExpr:
		c__call(x, cur, stmt);
		break;
	case CXCursor_BinaryOperator:
	case CXCursor_CompoundAssignOperator:
	case CXCursor_UnaryOperator:
		c__operator(x, cur, k);
		break;
	case CXCursor_CaseStmt:
	case CXCursor_DefaultStmt:
	case CXCursor_LabelStmt: {
		size_t st, n = c__kids(x, cur, &st);
		for (size_t i = 0; i < n; i++) {
			CXCursor ch = x->kids.items[st + i];
			c__node(x, ch, i + 1 == n);
		}
		c__kids_pop(x, st);
		break;
	}
	case CXCursor_FunctionDecl:
	case CXCursor_TypeRef:
	case CXCursor_StructDecl:
	case CXCursor_UnionDecl:
	case CXCursor_EnumDecl:
	case CXCursor_TypedefDecl:
		break;
	default:
		c__children(x, cur);
		break;
	}
	x->rec--;
}

/* Lower one function definition of the main file. */
static void c__function(c__ctx *x, CXCursor fn)
{
	pfl_scope sc;
	memset(&sc, 0, sizeof(sc));
	if (!c__span(x, fn, &sc.span))
		return;
	sc.kind = PFL_SCOPE_FUNCTION;
	sc.name = c__spelling(x, fn);
	sc.qualname = c__fn_name(x, fn);
	if (!sc.name || !sc.qualname)
		return;
	sc.parent = 0;
	sc.loop = -1;
	uint32_t o;
	if (!c__loc(x, clang_getCursorLocation(fn), &o, &sc.name_span.line, &sc.name_span.col))
		sc.name_span = sc.span;
	sc.name_span.start_byte = o;
	sc.name_span.end_byte = o + (uint32_t)strlen(sc.name);
	sc.name_span.end_line = sc.name_span.line;
	sc.name_span.end_col = sc.name_span.col + (uint32_t)strlen(sc.name);
	int np = clang_Cursor_getNumArguments(fn);
	if (np > 0) {
		sc.params = pfl_arena_zalloc(&x->m->arena, (size_t)np * sizeof(pfl_param));
		for (int i = 0; i < np; i++) {
			CXCursor p = clang_Cursor_getArgument(fn, (unsigned)i);
			const char *name = c__spelling(x, p);
			if (!name)
				continue;
			pfl_param *pp = &sc.params[sc.nparams++];
			pp->name = name;
			c__span(x, p, &pp->span);
		}
	}
	int32_t idx = (int32_t)x->m->scopes.size;
	pfl_array_push(&x->m->scopes, sc);
	x->scope = idx;
	x->loop = -1;
	x->once_loop = -1;
	x->flags = 0;
	x->in_switch = false;
	size_t st, n = c__kids(x, fn, &st);
	for (size_t i = 0; i < n; i++) {
		CXCursor ch = x->kids.items[st + i];
		if (clang_getCursorKind(ch) == CXCursor_CompoundStmt)
			c__node(x, ch, true);
	}
	c__kids_pop(x, st);
	x->scope = 0;
}

static enum CXChildVisitResult c__top(CXCursor c, CXCursor parent, CXClientData d)
{
	c__ctx *x = d;
	if (!clang_Location_isFromMainFile(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k == CXCursor_FunctionDecl && clang_isCursorDefinition(c))
		c__function(x, c);
	else if (k == CXCursor_LinkageSpec)
		return CXChildVisit_Recurse;
	return CXChildVisit_Continue;
}

/* ---- diagnostics ------------------------------------------------------- */

/* Parse problems as model diagnostics: missing headers once, else the first error. */
static void c__diagnostics(c__ctx *x, CXTranslationUnit tu)
{
	unsigned nd = clang_getNumDiagnostics(tu);
	const char *missing = NULL;
	uint32_t missing_line = 0, nmissing = 0, nerrors = 0;
	char first[512] = "";
	uint32_t first_line = 0, first_col = 0;
	for (unsigned i = 0; i < nd; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
		if (sev >= CXDiagnostic_Error) {
			CXString s = clang_getDiagnosticSpelling(d);
			const char *msg = clang_getCString(s);
			CXFile f;
			unsigned line, col, off;
			clang_getExpansionLocation(clang_getDiagnosticLocation(d), &f, &line, &col, &off);
			bool here = f && clang_File_isEqual(f, x->main);
			size_t ml = msg ? strlen(msg) : 0;
			static const char nf[] = "' file not found";
			size_t nl = sizeof(nf) - 1;
			if (msg && ml > nl + 1 && strcmp(msg + ml - nl, nf) == 0 && msg[0] == '\'') {
				if (!missing) {
					missing = pfl_arena_strndup(&x->m->arena, msg + 1, ml - nl - 1);
					missing_line = here ? line : 0;
				}
				nmissing++;
			} else {
				if (!nerrors && msg) {
					snprintf(first, sizeof(first), "%s", msg);
					first_line = here ? line : 0;
					first_col = here ? col : 0;
				}
				nerrors++;
			}
			clang_disposeString(s);
		}
		clang_disposeDiagnostic(d);
	}
	if (missing) {
		x->m->partial = true;
		x->missing_headers = true;
		char more[64] = "";
		if (nmissing > 1)
			snprintf(more, sizeof(more), " and %u more", nmissing - 1);
		pfl_model_diag(x->m, PFL_DIAG_WARNING, "missing-header", missing_line, 0,
			       "cannot find header '%s'%s: analysed what parsed; give the include path with -I "
			       "or a compile_commands.json (-p DIR)",
			       missing, more);
	} else if (nerrors) {
		x->m->partial = true;
		pfl_model_diag(x->m, PFL_DIAG_WARNING, "parse-error", first_line, first_col,
			       "%s%s: analysed what parsed", first,
			       nerrors > 1 ? pfl_arena_printf(&x->m->arena, " (and %u more errors)", nerrors - 1) : "");
	}
}

/*
 * Whether the name at offset off of the source is used as a type: "X *p",
 * "X p", "(X *)"; *pointer tells whether through a pointer.
 */
static bool c__used_as_type(const char *s, size_t n, size_t off, size_t len, bool *pointer)
{
	size_t i = off + len;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	bool star = false;
	while (i < n && (s[i] == '*' || s[i] == ' ' || s[i] == '\t')) {
		star |= s[i] == '*';
		i++;
	}
	*pointer = star;
	if (i < n && s[i] == ')' && star)
		return true; /* a cast: (X *) */
	if (i >= n || !c__ident_char(s[i]) || (s[i] >= '0' && s[i] <= '9'))
		return false;
	size_t j = i;
	while (j < n && c__ident_char(s[j]))
		j++;
	while (j < n && (s[j] == ' ' || s[j] == '\t'))
		j++;
	return j < n && strchr("=;,)[", s[j]);
}

/*
 * Declarations standing in for what missing headers would have declared:
 * each unknown type becomes an incomplete struct, each unknown constant an
 * enumerator, so that the statements using them parse and their calls are
 * seen. Returns a heap string, or NULL when nothing is unknown.
 */
/* Record a header the parse read (not the file itself, nor the stand-ins). */
static void c__inclusion(CXFile file, CXSourceLocation *stack, unsigned depth, CXClientData data)
{
	pfl_model *m = data;
	if (depth == 0)
		return;
	(void)stack;
	CXString name = clang_getFileName(file);
	const char *s = clang_getCString(name);
	if (s && s[0] == '/' && strncmp(s, "/perflint/", 10) != 0) {
		const char *copy = pfl_arena_strdup(&m->arena, s);
		pfl_array_push(&m->deps, copy);
	}
	clang_disposeString(name);
}

static char *c__stand_ins(const pfl_model *m, CXTranslationUnit tu, CXFile main)
{
	PFL_ARRAY(char) out = { 0 };
	PFL_ARRAY(char *) seen = { 0 }; /* names, with what stands in for each: */
	PFL_ARRAY(int) kinds = { 0 };   /* 0 enumerator, 1 long, 2 struct typedef, 3 struct tag, 4 function */
	unsigned nd = clang_getNumDiagnostics(tu);
	for (unsigned i = 0; i < nd; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		CXString sp = clang_getDiagnosticSpelling(d);
		const char *msg = clang_getCString(sp);
		/* struct sockaddr_in v; where the header declaring it is missing. */
		static const char incomplete[] = "variable has incomplete type 'struct ";
		if (msg && strncmp(msg, incomplete, sizeof(incomplete) - 1) == 0) {
			const char *tag = msg + sizeof(incomplete) - 1, *end = strchr(tag, '\'');
			size_t k = 0, tl = end ? (size_t)(end - tag) : 0;
			while (tl && tl < 128 && end[1] == '\0' && k < seen.size &&
			       !(strlen(seen.items[k]) == tl && memcmp(seen.items[k], tag, tl) == 0))
				k++;
			if (tl && tl < 128 && end[1] == '\0' && k == seen.size) {
				pfl_array_push(&seen, pfl_strndup(tag, tl));
				pfl_array_push(&kinds, 3);
			}
		}
		static const char *const forms[] = { "unknown type name '", "use of undeclared identifier '" };
		for (int f = 0; msg && f < 2; f++) {
			size_t fl = strlen(forms[f]);
			if (strncmp(msg, forms[f], fl) != 0)
				continue;
			const char *name = msg + fl, *end = strchr(name, '\'');
			size_t len = end ? (size_t)(end - name) : 0;
			if (!len || len > 128 || end[1] != '\0')
				break;
			CXFile file;
			unsigned off;
			clang_getFileLocation(clang_getDiagnosticLocation(d), &file, NULL, NULL, &off);
			size_t flen = 0;
			const char *text = file ? clang_getFileContents(tu, file, &flen) : NULL;
			bool here = text && off + len <= flen && memcmp(text + off, name, len) == 0;
			/* A handle used through a pointer anywhere (PGconn *) is a struct; a value type (gint, size_t) a long. */
			bool pointer = f == 0 && !here;
			bool used = here && c__used_as_type(text, flen, off, len, &pointer);
			bool type = f == 0 || used;
			bool constant = true;
			for (size_t k = 0; k < len; k++)
				if (name[k] >= 'a' && name[k] <= 'z')
					constant = false;
			/*
			 * A lowercase name used as a value is most often a function
			 * passed by name (g_free): an old-style declaration lets it be
			 * passed and called.
			 */
			int kind = type ? (pointer ? 2 : 1) : constant ? 0 : 4;
			size_t k = 0;
			while (k < seen.size && !(strlen(seen.items[k]) == len && memcmp(seen.items[k], name, len) == 0))
				k++;
			if (k == seen.size) {
				pfl_array_push(&seen, pfl_strndup(name, len));
				pfl_array_push(&kinds, kind);
			} else if ((kind == 2 && kinds.items[k] != 3) || (kind == 1 && kinds.items[k] == 0)) {
				kinds.items[k] = kind; /* used through a pointer somewhere: a struct */
			}
			break;
		}
		clang_disposeString(sp);
		clang_disposeDiagnostic(d);
	}
	for (size_t k = 0; k < seen.size; k++) {
		char line[400];
		const char *nm = seen.items[k];
		int n = kinds.items[k] == 0 ? snprintf(line, sizeof(line), "enum { %s = 0 };\n", nm)
			: kinds.items[k] == 1 ? snprintf(line, sizeof(line), "typedef long %s;\n", nm)
			: kinds.items[k] == 2 ? snprintf(line, sizeof(line), "typedef struct %s { char pfl_opaque[256]; } %s;\n", nm, nm)
			: kinds.items[k] == 4 ? snprintf(line, sizeof(line), "int %s();\n", nm)
					      : snprintf(line, sizeof(line), "struct %s { char pfl_opaque[256]; };\n", nm);
		for (int c = 0; c < n && c < (int)sizeof(line) - 1; c++)
			pfl_array_push(&out, line[c]);
	}
	for (size_t k = 0; k < seen.size; k++)
		free(seen.items[k]);
	pfl_array_release(&seen);
	pfl_array_release(&kinds);
	if (!out.size)
		return NULL;
	pfl_array_push(&out, '\0');
	return out.items;
}

/* Parse with the given extra unsaved header (NULL for none); NULL with a diagnostic on failure. */
static CXTranslationUnit c__parse(CXIndex index, pfl_model *m, const char *abs, const char *const *args, size_t nargs,
				  const char *stand_ins)
{
	static const char prelude_path[] = "/perflint/missing-declarations.h";
	const char *all[4100];
	size_t n = 0;
	for (size_t i = 0; i < nargs && n < 4090; i++)
		all[n++] = args[i];
	struct CXUnsavedFile unsaved[2] = {
		{ abs, m->source, (unsigned long)m->source_len },
		{ prelude_path, stand_ins, stand_ins ? (unsigned long)strlen(stand_ins) : 0 },
	};
	if (stand_ins) {
		all[n++] = "-include";
		all[n++] = prelude_path;
	}
	unsigned opts = CXTranslationUnit_KeepGoing | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;
	CXTranslationUnit tu = NULL;
	enum CXErrorCode err =
		clang_parseTranslationUnit2(index, abs, all, (int)n, unsaved, stand_ins ? 2 : 1, opts, &tu);
	if (err != CXError_Success || !tu) {
		pfl_model_diag(m, PFL_DIAG_ERROR, "parse-failed", 0, 0, "libclang could not parse the file (%s)",
			       err == CXError_Crashed ? "it crashed" : err == CXError_ASTReadError ? "AST read error" : "failure");
		return NULL;
	}
	return tu;
}

void pfl_c_lower(CXIndex index, const pfl_cflags *cflags, pfl_model *m)
{
	pfl_scope *mod = pfl_array_grow_one(&m->scopes);
	memset(mod, 0, sizeof(*mod));
	mod->kind = PFL_SCOPE_MODULE;
	mod->name = "<file>";
	mod->qualname = NULL;
	mod->parent = -1;
	mod->loop = -1;

	size_t nargs = 0;
	int from_db = 0;
	const char *const *args = pfl_cflags_for(cflags, m->path, &nargs, &from_db);
	char *abs = pfl_path_absolute(m->path);
	CXTranslationUnit tu = c__parse(index, m, abs, args, nargs, NULL);
	if (!tu) {
		free((void *)args);
		free(abs);
		return;
	}
	c__ctx x;
	memset(&x, 0, sizeof(x));
	x.m = m;
	x.main = clang_getFile(tu, abs);
	c__diagnostics(&x, tu);
	/*
	 * Missing headers (or a header that relies on what its includer
	 * included first) leave types and constants undeclared, and clang
	 * drops every statement that uses them: parse again with stand-ins
	 * for them, to analyse what the file itself says.
	 */
	char *stand_ins = m->partial && x.main ? c__stand_ins(m, tu, x.main) : NULL;
	if (stand_ins) {
		CXTranslationUnit again = c__parse(index, m, abs, args, nargs, stand_ins);
		if (again) {
			clang_disposeTranslationUnit(tu);
			tu = again;
			x.main = clang_getFile(tu, abs);
		}
		free(stand_ins);
	}
	free((void *)args);
	x.loop = -1;
	x.once_loop = -1;
	free(abs);
	if (x.main)
		clang_visitChildren(clang_getTranslationUnitCursor(tu), c__top, &x);
	if (x.too_deep)
		pfl_model_diag(m, PFL_DIAG_WARNING, "too-deep", 0, 0,
			       "nested deeper than %d levels: the deepest parts were not analysed", C__MAX_DEPTH);
	pfl_array_release(&x.kids);
	clang_getInclusions(tu, c__inclusion, m);
	clang_disposeTranslationUnit(tu);
}
