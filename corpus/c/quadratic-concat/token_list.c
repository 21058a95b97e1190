/*
 * token_list: the lexer of a build tool's rule files
 * ("cc -O2 -o app main.c util.c  # comment").
 *
 * Token arrays and the string pool that holds the token texts are grown
 * inside the scanning loop. Growing by one element (or by the size of one
 * token) per iteration makes realloc copy the array again and again
 * (PFL203); doubling does not.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum tok_kind { TOK_WORD, TOK_STRING, TOK_OP };

struct token {
    enum tok_kind kind;
    size_t offset; /* into the pool */
    size_t len;
};

struct lexer {
    struct token *toks;
    size_t ntok, cap;
    char *pool;
    size_t pool_used, pool_cap;
};

static size_t scan_one(const char *src, size_t i, enum tok_kind *kind)
{
    size_t j = i;

    if (src[j] == '"') {
        *kind = TOK_STRING;
        for (j++; src[j] != '\0' && src[j] != '"'; j++)
            ;
        return src[j] == '"' ? j + 1 : j;
    }
    if (ispunct((unsigned char)src[j]) && src[j] != '-' && src[j] != '.' && src[j] != '/') {
        *kind = TOK_OP;
        return j + 1;
    }
    *kind = TOK_WORD;
    while (src[j] != '\0' && !isspace((unsigned char)src[j]) && src[j] != '"')
        j++;
    return j;
}

/* First version: the arrays grow by exactly what each token needs. */
static struct token *lex_naive(const char *src, char **poolp, size_t *ntokp)
{
    struct token *toks = NULL;
    char *pool = NULL;
    size_t ntok = 0, used = 0, i = 0;

    while (src[i] != '\0') {
        enum tok_kind kind;
        size_t end, len;

        if (isspace((unsigned char)src[i])) {
            i++;
            continue;
        }
        if (src[i] == '#')
            break;
        end = scan_one(src, i, &kind);
        len = end - i;
        toks = reallocarray(toks, ntok + 1, sizeof *toks);  // expect: PFL203
        pool = realloc(pool, used + len + 1);  // expect: PFL203
        memcpy(pool + used, src + i, len);
        pool[used + len] = '\0';
        toks[ntok].kind = kind;
        toks[ntok].offset = used;
        toks[ntok].len = len;
        ntok++;
        used += len + 1;
        i = end;
    }
    *poolp = pool;
    *ntokp = ntok;
    return toks;
}

static int lexer_push(struct lexer *lx, enum tok_kind kind, const char *text, size_t len)
{
    if (lx->ntok == lx->cap) {
        size_t cap = lx->cap ? lx->cap * 2 : 32;
        struct token *t = reallocarray(lx->toks, cap, sizeof *t);
        if (t == NULL)
            return -1;
        lx->toks = t;
        lx->cap = cap;
    }
    if (lx->pool_used + len + 1 > lx->pool_cap) {
        size_t cap = lx->pool_cap ? lx->pool_cap : 256;
        char *p;
        while (cap < lx->pool_used + len + 1)
            cap *= 2;
        p = realloc(lx->pool, cap);  // near-miss: PFL203 not in a loop; the capacity was doubled until it fits
        if (p == NULL)
            return -1;
        lx->pool = p;
        lx->pool_cap = cap;
    }
    memcpy(lx->pool + lx->pool_used, text, len);
    lx->pool[lx->pool_used + len] = '\0';
    lx->toks[lx->ntok].kind = kind;
    lx->toks[lx->ntok].offset = lx->pool_used;
    lx->toks[lx->ntok].len = len;
    lx->ntok++;
    lx->pool_used += len + 1;
    return 0;
}

/* The fix: capacities that double (see lexer_push). */
static int lex(struct lexer *lx, const char *src)
{
    size_t i = 0;

    while (src[i] != '\0' && src[i] != '#') {
        enum tok_kind kind;
        size_t end;

        if (isspace((unsigned char)src[i])) {
            i++;
            continue;
        }
        end = scan_one(src, i, &kind);
        if (lexer_push(lx, kind, src + i, end - i) != 0)  // near-miss: PFL203 no realloc in this loop; lexer_push doubles
            return -1;
        i = end;
    }
    return 0;
}

/* Command lines of a rule: an argv array for execvp, NULL-terminated. */
static char **to_argv_naive(const struct lexer *lx)
{
    char **argv = malloc(sizeof *argv);
    size_t argc = 0;

    if (argv == NULL)
        return NULL;
    for (size_t i = 0; i < lx->ntok; i++) {
        if (lx->toks[i].kind == TOK_OP)
            continue;
        argv = realloc(argv, (argc + 2) * sizeof *argv);  // expect: PFL203
        argv[argc++] = lx->pool + lx->toks[i].offset;
        argv[argc] = NULL;
    }
    argv[argc] = NULL;
    return argv;
}

static char **to_argv(const struct lexer *lx)
{
    char **argv = malloc((lx->ntok + 1) * sizeof *argv);  // near-miss: PFL203 sized once, before the loop
    size_t argc = 0;

    if (argv == NULL)
        return NULL;
    for (size_t i = 0; i < lx->ntok; i++) {
        if (lx->toks[i].kind != TOK_OP)
            argv[argc++] = lx->pool + lx->toks[i].offset;
    }
    argv[argc] = NULL;
    return realloc(argv, (argc + 1) * sizeof *argv);  // near-miss: PFL203 shrink-to-fit after the loop
}

/* Line offsets of a whole rule file, for error messages. */
static size_t *line_starts_naive(const char *text, size_t *nlinesp)
{
    size_t *starts = NULL;
    size_t nlines = 0;

    for (size_t i = 0; text[i] != '\0'; i++) {
        if (i == 0 || text[i - 1] == '\n') {
            nlines++;
            starts = realloc(starts, nlines * sizeof *starts);  // expect: PFL203
            starts[nlines - 1] = i;
        }
    }
    *nlinesp = nlines;
    return starts;
}

static size_t *line_starts(const char *text, size_t *nlinesp)
{
    size_t *starts = NULL;
    size_t nlines = 0, cap = 0;

    for (size_t i = 0; text[i] != '\0'; i++) {
        if (i != 0 && text[i - 1] != '\n')
            continue;
        if (nlines == cap) {
            size_t *s = realloc(starts, (cap ? cap * 2 : 16) * sizeof *s);  // near-miss: PFL203 doubles
            if (s == NULL)
                break;
            starts = s;
            cap = cap ? cap * 2 : 16;
        }
        starts[nlines++] = i;
    }
    *nlinesp = nlines;
    return starts;
}

/* The three implicit variables every command gets, appended to its argv. */
static char **add_builtins(char **argv)
{
    static char *const builtins[] = { "$@", "$<", "$^" };
    size_t argc = 0;

    while (argv[argc] != NULL)
        argc++;
    for (int k = 0; k < 3; k++) {
        argv = realloc(argv, (argc + 2) * sizeof *argv);  // near-miss: PFL203 three constant iterations
        argv[argc++] = builtins[k];
        argv[argc] = NULL;
    }
    return argv;
}

int main(void)
{
    static const char rule[] = "cc -O2 -o app main.c util.c \"-DVERSION=1.2\" ; strip app  # build\n";
    struct lexer lx = { 0 };
    char *pool, **argv;
    size_t ntok, nlines, *starts;
    struct token *toks = lex_naive(rule, &pool, &ntok);

    printf("%zu tokens (naive)\n", ntok);
    free(toks);
    free(pool);
    if (lex(&lx, rule) != 0)
        return 1;
    argv = getenv("LEX_NAIVE") ? to_argv_naive(&lx) : to_argv(&lx);
    argv = add_builtins(argv);
    starts = getenv("LEX_NAIVE") ? line_starts_naive(rule, &nlines) : line_starts(rule, &nlines);
    printf("%s ... %zu line(s), first at %zu\n", argv[0], nlines, nlines ? starts[0] : 0);
    free(starts);
    free(argv);
    return 0;
}
