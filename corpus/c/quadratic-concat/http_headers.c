/*
 * http_headers: request parsing and response serialisation of the
 * embedded status server of a network appliance.
 *
 * Buffers grown per header, per chunk or per parameter (PFL203), and
 * header values joined with strcat (PFL201), next to their fixed
 * versions: geometric growth, a reserve before the loop, a write offset.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONN_BUF 16384

struct header {
    char name[64];
    char value[512];
};

struct response {
    int status;
    struct header *hdrs;
    size_t nhdrs;
    size_t hdr_cap;
};

struct param {
    const char *key;
    const char *value;
};

struct conn {
    int fd;
    char *buf;
    size_t len;
};

/* Serialise the header block: realloc'ed to the exact new size per header. */
static char *serialise_naive(const struct response *r)
{
    char *block = malloc(32);
    size_t len;

    if (block == NULL)
        return NULL;
    len = (size_t)sprintf(block, "HTTP/1.1 %d\r\n", r->status);
    for (size_t i = 0; i < r->nhdrs; i++) {
        char line[600];
        size_t n = (size_t)snprintf(line, sizeof line, "%s: %s\r\n", r->hdrs[i].name, r->hdrs[i].value);
        block = realloc(block, strlen(block) + strlen(line) + 1);  // expect: PFL203
        memcpy(block + len, line, n + 1);  // near-miss: PFL201 written at the tracked length
        len += n;
    }
    return block;
}

/* Same, with a capacity that only just fits. */
static char *serialise_exact(const struct response *r, size_t *lenp)
{
    size_t len = 0, cap = 0;
    char *buf = NULL;

    for (size_t i = 0; i < r->nhdrs; i++) {
        size_t n = strlen(r->hdrs[i].name) + strlen(r->hdrs[i].value) + 4;
        if (len + n + 1 > cap) {
            cap = len + n + 1;
            buf = realloc(buf, cap);  // expect: PFL203
        }
        len += (size_t)sprintf(buf + len, "%s: %s\r\n", r->hdrs[i].name, r->hdrs[i].value);  // near-miss: PFL201 len tracks the end
    }
    *lenp = len;
    return buf;
}

/* The fix: reserve what the loop needs before it. */
static char *serialise(const struct response *r, size_t *lenp)
{
    size_t need = 32, len;
    char *buf;

    for (size_t i = 0; i < r->nhdrs; i++)
        need += strlen(r->hdrs[i].name) + strlen(r->hdrs[i].value) + 4;
    buf = malloc(need + 3);  // near-miss: PFL203 one allocation, before the loop
    if (buf == NULL)
        return NULL;
    len = (size_t)sprintf(buf, "HTTP/1.1 %d\r\n", r->status);
    for (size_t i = 0; i < r->nhdrs; i++)
        len += (size_t)sprintf(buf + len, "%s: %s\r\n", r->hdrs[i].name, r->hdrs[i].value);  // near-miss: PFL201 len tracks the end
    memcpy(buf + len, "\r\n", 3);
    *lenp = len + 2;
    return buf;
}

/* Adding headers: the array grows by a fixed block of 8 slots. */
static void add_headers_naive(struct response *r, const struct header *extra, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (r->nhdrs == r->hdr_cap) {
            r->hdr_cap += 8;
            r->hdrs = realloc(r->hdrs, r->hdr_cap * sizeof *r->hdrs);  // expect: PFL203
        }
        r->hdrs[r->nhdrs++] = extra[i];
    }
}

static void add_headers(struct response *r, const struct header *extra, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (r->nhdrs == r->hdr_cap) {
            size_t cap = r->hdr_cap ? r->hdr_cap : 8;
            r->hdrs = realloc(r->hdrs, cap * 2 * sizeof *r->hdrs);  // near-miss: PFL203 realloc(p, cap * 2): doubles
            r->hdr_cap = cap * 2;
        }
        r->hdrs[r->nhdrs++] = extra[i];
    }
}

/* Chunked transfer decoding: the body grows by each chunk's size. */
static char *dechunk_naive(const char *in, size_t *lenp)
{
    char *body = NULL;
    size_t body_len = 0;
    const char *p = in;

    for (;;) {
        char *end;
        size_t chunk_len = strtoul(p, &end, 16);
        if (chunk_len == 0 || *end != '\r')
            break;
        p = end + 2;
        body = realloc(body, body_len + chunk_len);  // expect: PFL203
        memcpy(body + body_len, p, chunk_len);
        body_len += chunk_len;
        p += chunk_len + 2;
    }
    *lenp = body_len;
    return body;
}

static char *dechunk(const char *in, size_t *lenp)
{
    size_t body_len = 0, cap = 1024;
    char *body = malloc(cap);
    const char *p = in;

    while (body != NULL) {
        char *end;
        size_t chunk_len = strtoul(p, &end, 16);
        if (chunk_len == 0 || *end != '\r')
            break;
        p = end + 2;
        if (body_len + chunk_len > cap) {
            while (cap < body_len + chunk_len)
                cap *= 2;
            body = realloc(body, cap);  // near-miss: PFL203 the capacity doubles until it fits
        }
        memcpy(body + body_len, p, chunk_len);
        body_len += chunk_len;
        p += chunk_len + 2;
    }
    *lenp = body_len;
    return body;
}

/* Query string: "a=1&b=2" split in place, one param slot more per pair. */
static struct param *parse_query_naive(char *qs, size_t *np)
{
    struct param *params = NULL;
    size_t nparams = 0;
    char *save = NULL;

    for (char *pair = strtok_r(qs, "&", &save); pair != NULL; pair = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(pair, '=');
        params = realloc(params, sizeof(struct param) * (nparams + 1));  // expect: PFL203
        params[nparams].key = pair;
        params[nparams].value = eq ? eq + 1 : "";
        if (eq != NULL)
            *eq = '\0';
        nparams++;
    }
    *np = nparams;
    return params;
}

/* The "Allow" header from the route's methods. */
static void allow_header_naive(char *out, const char *const *methods, size_t n)
{
    strcpy(out, "Allow: ");
    for (size_t i = 0; i < n; i++) {
        strcat(out, methods[i]);  // expect: PFL201
        if (i + 1 < n)
            strcat(out, ", ");  // expect: PFL201
    }
}

/* Every connection's input buffer is set to the same fixed size. */
static void resize_conn_buffers(struct conn *conns, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        conns[i].buf = realloc(conns[i].buf, CONN_BUF);  // near-miss: PFL203 a different buffer each time, to a fixed size
        conns[i].len = 0;
    }
}

/* Default headers: three of them, a constant number of appends. */
static void add_defaults(struct response *r)
{
    static const char *const names[] = { "Server", "Cache-Control", "Connection" };
    static const char *const values[] = { "appliance-status/2.1", "no-store", "close" };

    for (int k = 0; k < 3; k++) {
        r->hdrs = realloc(r->hdrs, (r->nhdrs + 1) * sizeof *r->hdrs);  // near-miss: PFL203 three constant iterations
        r->hdr_cap = r->nhdrs + 1;
        snprintf(r->hdrs[r->nhdrs].name, sizeof r->hdrs[r->nhdrs].name, "%s", names[k]);
        snprintf(r->hdrs[r->nhdrs].value, sizeof r->hdrs[r->nhdrs].value, "%s", values[k]);
        r->nhdrs++;
    }
}

int main(void)
{
    static const char *const methods[] = { "GET", "HEAD", "OPTIONS" };
    static const struct header extra[] = { { "Content-Type", "application/json" }, { "X-Uptime", "86400" } };
    static const char chunked[] = "4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n";
    struct response r = { 200, NULL, 0, 0 };
    struct conn conns[2] = { { 3, NULL, 0 }, { 4, NULL, 0 } };
    char qs[] = "verbose=1&since=3600&format=json", allow[128], *block, *body;
    struct param *params;
    size_t len, np;

    add_defaults(&r);
    if (getenv("HTTP_NAIVE") != NULL) {
        add_headers_naive(&r, extra, 2);
        block = serialise_naive(&r);
        free(block);
        block = serialise_exact(&r, &len);
        body = dechunk_naive(chunked, &len);
        allow_header_naive(allow, methods, 3);
    } else {
        add_headers(&r, extra, 2);
        block = serialise(&r, &len);
        body = dechunk(chunked, &len);
        snprintf(allow, sizeof allow, "Allow: GET, HEAD, OPTIONS");
    }
    params = parse_query_naive(qs, &np);
    resize_conn_buffers(conns, 2);
    printf("%s\n%s%zu params, body %zu bytes\n", allow, block ? block : "", np, len);
    free(params);
    free(body);
    free(block);
    free(conns[0].buf);
    free(conns[1].buf);
    free(r.hdrs);
    return 0;
}
