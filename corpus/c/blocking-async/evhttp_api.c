/*
 * shop_api: the storefront's JSON API on libevent's evhttp, with an admin
 * port (evconnlistener + bufferevents) and a periodic reload timer.
 *
 * One event base serves every request: a database query, a file read or
 * a child process waited for inside a handler blocks all the others
 * (PFL401), as does a call to a helper that does so (PFL402).
 * evhttp_make_request and evdns are the asynchronous ways to talk to
 * other services.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/dns.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/listener.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#define STATIC_ROOT "/srv/shop/static"
#define ROUTES_FILE "/etc/shop_api/routes.conf"

static struct event_base *base;
static struct evhttp_connection *stock_conn;
static struct evdns_base *dns;
static PGconn *pg;
static sqlite3 *orders_db;
static char revision[64] = "unknown";
static int cache_seconds = 60;

/* --- helpers ---------------------------------------------------------------- */

static int load_user_json(long id, struct evbuffer *out)
{
    char idbuf[24];
    const char *params[1] = { idbuf };
    PGresult *res;
    int found;

    snprintf(idbuf, sizeof idbuf, "%ld", id);
    res = PQexecParams(pg, "SELECT row_to_json(u) FROM users u WHERE id = $1", 1, NULL, params, NULL, NULL, 0);  // near-miss: PFL401 a plain helper: its callers get PFL402
    found = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;
    if (found)
        evbuffer_add_printf(out, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return found;
}

static int collect_row(void *arg, int ncols, char **values, char **names)
{
    struct evbuffer *out = arg;

    evbuffer_add_printf(out, "%s{\"%s\": \"%s\"}", evbuffer_get_length(out) > 1 ? "," : "", names[0], ncols > 0 && values[0] ? values[0] : "");
    return 0;
}

static void reload_routes(void)
{
    char line[256];
    FILE *f = fopen(ROUTES_FILE, "r");

    if (f == NULL)
        return;
    while (fgets(line, sizeof line, f) != NULL)
        sscanf(line, "cache_seconds = %d", &cache_seconds);
    fclose(f);
}

static void add_cache_headers(struct evhttp_request *req)
{
    char value[48];

    snprintf(value, sizeof value, "public, max-age=%d", cache_seconds);
    evhttp_add_header(evhttp_request_get_output_headers(req), "Cache-Control", value);
    evhttp_add_header(evhttp_request_get_output_headers(req), "X-Revision", revision);
}

static void on_stock_reply(struct evhttp_request *upstream, void *arg)
{
    struct evhttp_request *req = arg;
    struct evbuffer *out = evbuffer_new();

    if (upstream != NULL && evhttp_request_get_response_code(upstream) == 200)
        evbuffer_add_buffer(out, evhttp_request_get_input_buffer(upstream));
    else
        evbuffer_add_printf(out, "{\"error\": \"stock service unavailable\"}");
    evhttp_send_reply(req, upstream ? 200 : 502, "OK", out);
    evbuffer_free(out);
}

static void start_stock_request(struct evhttp_request *req, const char *sku)
{
    char uri[128];
    struct evhttp_request *upstream = evhttp_request_new(on_stock_reply, req);

    snprintf(uri, sizeof uri, "/stock/%s", sku);
    evhttp_add_header(evhttp_request_get_output_headers(upstream), "Host", "stock.internal");
    evhttp_make_request(stock_conn, upstream, EVHTTP_REQ_GET, uri);
}

/* --- HTTP handlers ---------------------------------------------------------- */

static void on_users(struct evhttp_request *req, void *arg)
{
    struct evkeyvalq query;
    struct evbuffer *out = evbuffer_new();
    const char *id;

    (void)arg;
    evhttp_parse_query_str(evhttp_uri_get_query(evhttp_request_get_evhttp_uri(req)), &query);
    id = evhttp_find_header(&query, "id");
    add_cache_headers(req);  // near-miss: PFL402 the helper only sets headers
    if (id != NULL && load_user_json(atol(id), out))  // expect: PFL402
        evhttp_send_reply(req, HTTP_OK, "OK", out);
    else
        evhttp_send_reply(req, HTTP_NOTFOUND, "Not Found", NULL);
    evhttp_clear_headers(&query);
    evbuffer_free(out);
}

static void on_orders(struct evhttp_request *req, void *arg)
{
    struct evbuffer *out = evbuffer_new();

    (void)arg;
    evbuffer_add(out, "[", 1);
    sqlite3_exec(orders_db, "SELECT id FROM orders WHERE state = 'open' ORDER BY id DESC LIMIT 50", collect_row, out, NULL);  // expect: PFL401
    evbuffer_add(out, "]", 1);
    evhttp_send_reply(req, HTTP_OK, "OK", out);
    evbuffer_free(out);
}

static void on_stock(struct evhttp_request *req, void *arg)
{
    const char *uri = evhttp_request_get_uri(req);
    const char *sku = strrchr(uri, '/');

    (void)arg;
    start_stock_request(req, sku ? sku + 1 : "");  // near-miss: PFL402 evhttp_make_request is asynchronous: the reply comes in on_stock_reply
}

/* Anything else: a file under STATIC_ROOT. */
static void on_static(struct evhttp_request *req, void *arg)
{
    char path[512], chunk[16384];
    const char *uri = evhttp_request_get_uri(req);
    struct evbuffer *out;
    size_t n;
    FILE *f;

    (void)arg;
    if (strstr(uri, "..") != NULL) {
        evhttp_send_error(req, HTTP_BADREQUEST, NULL);
        return;
    }
    snprintf(path, sizeof path, "%s%s", STATIC_ROOT, uri);
    f = fopen(path, "rb");  // expect: PFL401
    if (f == NULL) {
        evhttp_send_error(req, HTTP_NOTFOUND, NULL);
        return;
    }
    out = evbuffer_new();
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)  // expect: PFL401
        evbuffer_add(out, chunk, n);
    fclose(f);
    evhttp_send_reply(req, HTTP_OK, "OK", out);
    evbuffer_free(out);
}

/* --- timers and signals ------------------------------------------------------ */

/* Once a minute: pick up the deployed revision, then re-arm. */
static void on_reload(evutil_socket_t fd, short events, void *arg)
{
    struct timeval every_minute = { 60, 0 };
    FILE *p;

    (void)fd;
    (void)events;
    evtimer_add((struct event *)arg, &every_minute);
    p = popen("git -C /srv/shop rev-parse --short HEAD", "r");  // expect: PFL401
    if (p == NULL)
        return;
    if (fgets(revision, sizeof revision, p) != NULL)  // expect: PFL401
        revision[strcspn(revision, "\n")] = '\0';
    pclose(p);  // expect: PFL401
}

static void on_sigchld(evutil_socket_t sig, short events, void *arg)
{
    int status;

    (void)sig;
    (void)events;
    (void)arg;
    waitpid(-1, &status, 0);  // expect: PFL401
}

static void on_resolved(int result, struct evutil_addrinfo *res, void *arg)
{
    (void)arg;
    if (result == 0 && res != NULL)
        evutil_freeaddrinfo(res);
}

/* --- admin port ----------------------------------------------------------------- */

static void on_admin_read(struct bufferevent *bev, void *arg)
{
    struct evbuffer *in = bufferevent_get_input(bev);
    char *line;

    (void)arg;
    while ((line = evbuffer_readln(in, NULL, EVBUFFER_EOL_CRLF)) != NULL) {
        if (strcmp(line, "reload") == 0) {
            reload_routes();  // expect: PFL402
            bufferevent_write(bev, "ok\n", 3);
        } else if (strcmp(line, "resolve") == 0) {
            evdns_getaddrinfo(dns, "stock.internal", "80", NULL, on_resolved, NULL);  // near-miss: PFL401 evdns resolves asynchronously
            bufferevent_write(bev, "resolving\n", 10);
        } else {
            bufferevent_write(bev, "?\n", 2);
        }
        free(line);
    }
}

static void on_admin_event(struct bufferevent *bev, short events, void *arg)
{
    (void)arg;
    if (events & (BEV_EVENT_EOF | BEV_EVENT_ERROR))
        bufferevent_free(bev);
}

static void on_admin_accept(struct evconnlistener *listener, evutil_socket_t fd, struct sockaddr *addr, int socklen, void *arg)
{
    struct bufferevent *bev = bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);

    (void)listener;
    (void)addr;
    (void)socklen;
    (void)arg;
    bufferevent_setcb(bev, on_admin_read, NULL, on_admin_event, NULL);
    bufferevent_enable(bev, EV_READ | EV_WRITE);
}

int main(void)
{
    struct evhttp *http;
    struct evconnlistener *admin;
    struct event *reload, *sigchld;
    struct timeval every_minute = { 60, 0 };
    struct sockaddr_in admin_addr = { 0 };

    pg = PQconnectdb("dbname=shop host=db.internal");
    if (PQstatus(pg) != CONNECTION_OK || sqlite3_open("/var/lib/shop/orders.db", &orders_db) != SQLITE_OK)
        return 1;
    sqlite3_exec(orders_db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);  // near-miss: PFL401 main(), before the loop runs
    reload_routes();  // near-miss: PFL402 main(), before the loop runs

    base = event_base_new();
    dns = evdns_base_new(base, EVDNS_BASE_INITIALIZE_NAMESERVERS);
    stock_conn = evhttp_connection_base_new(base, dns, "stock.internal", 80);
    http = evhttp_new(base);
    evhttp_set_cb(http, "/api/users", on_users, NULL);
    evhttp_set_cb(http, "/api/orders", on_orders, NULL);
    evhttp_set_cb(http, "/api/stock", on_stock, NULL);
    evhttp_set_gencb(http, on_static, NULL);
    evhttp_bind_socket(http, "0.0.0.0", 8080);

    admin_addr.sin_family = AF_INET;
    admin_addr.sin_port = htons(8081);
    admin_addr.sin_addr.s_addr = htonl(0x7f000001);
    admin = evconnlistener_new_bind(base, on_admin_accept, NULL, LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE, 16, (struct sockaddr *)&admin_addr, sizeof admin_addr);

    reload = evtimer_new(base, on_reload, event_self_cbarg());
    evtimer_add(reload, &every_minute);
    sigchld = event_new(base, SIGCHLD, EV_SIGNAL | EV_PERSIST, on_sigchld, NULL);
    event_add(sigchld, NULL);

    event_base_dispatch(base);

    evconnlistener_free(admin);
    event_free(reload);
    event_free(sigchld);
    evhttp_free(http);
    PQfinish(pg);
    sqlite3_close(orders_db);
    return 0;
}
