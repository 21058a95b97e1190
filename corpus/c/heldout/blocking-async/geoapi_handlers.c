/*
 * geoapi_handlers.c - request handlers of the geo lookup service.
 * They are registered with libevent in geoapi_main.c.
 */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>
#include "geoapi.h"

#define CACHE_SIZE 1024

struct cache_ent {
	char ip[48];
	char country[4];
	int used;
};

static struct cache_ent cache[CACHE_SIZE];

static unsigned slot_for(const char *ip)
{
	unsigned h = 0;

	while (*ip)
		h = h * 131 + (unsigned char)*ip++;
	return h % CACHE_SIZE;
}

static const char *cache_get(const char *ip)
{
	struct cache_ent *e = &cache[slot_for(ip)];

	return e->used && strcmp(e->ip, ip) == 0 ? e->country : NULL;
}

static void cache_put(const char *ip, const char *cc)
{
	struct cache_ent *e = &cache[slot_for(ip)];

	snprintf(e->ip, sizeof e->ip, "%s", ip);
	snprintf(e->country, sizeof e->country, "%s", cc);
	e->used = 1;
}

/* Resolves a host name to its first IPv4/IPv6 address: blocks on DNS. */
static int resolve_host(const char *name, char *out, size_t outlen)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC }, *res;

	if (getaddrinfo(name, NULL, &hints, &res) != 0)
		return -1;
	getnameinfo(res->ai_addr, res->ai_addrlen, out, (socklen_t)outlen, NULL, 0, NI_NUMERICHOST);
	freeaddrinfo(res);
	return 0;
}

static int db_country(const char *ip, char cc[4])
{
	sqlite3_stmt *st;
	int found = 0;

	if (sqlite3_prepare_v2(g_api.db,
			"SELECT cc FROM ranges WHERE ?1 BETWEEN lo AND hi LIMIT 1",
			-1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, ip, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(cc, 4, "%s", (const char *)sqlite3_column_text(st, 0));
		found = 1;
	}
	sqlite3_finalize(st);
	return found;
}

void handle_lookup(struct evhttp_request *req, void *arg)
{
	struct evkeyvalq q;
	const char *host, *cc;
	char ip[64], buf[4];
	struct evbuffer *out = evbuffer_new();

	(void)arg;
	evhttp_parse_query(evhttp_request_get_uri(req), &q);
	host = evhttp_find_header(&q, "host");
	if (!host) {
		evhttp_send_error(req, HTTP_BADREQUEST, "missing host");
		goto out;
	}
	if (resolve_host(host, ip, sizeof ip) < 0) { // expect: PFL402
		evhttp_send_error(req, HTTP_NOTFOUND, "unknown host");
		goto out;
	}
	cc = cache_get(ip);
	if (!cc && db_country(ip, buf)) { // expect: PFL402
		cache_put(ip, buf);
		cc = buf;
		g_api.misses++;
	} else if (cc) {
		g_api.hits++;
	}
	evbuffer_add_printf(out, "{\"ip\":\"%s\",\"country\":\"%s\"}\n", ip, cc ? cc : "??");
	evhttp_send_reply(req, HTTP_OK, "OK", out);
out:
	evhttp_clear_headers(&q);
	evbuffer_free(out);
}

void handle_static(struct evhttp_request *req, void *arg)
{
	const char *uri = evhttp_request_get_uri(req);
	char path[256], chunk[4096];
	struct evbuffer *out;
	FILE *fp;
	size_t n;

	(void)arg;
	if (strstr(uri, "..")) {
		evhttp_send_error(req, HTTP_BADREQUEST, NULL);
		return;
	}
	snprintf(path, sizeof path, "/usr/share/geoapi/www%s", uri);
	fp = fopen(path, "rb"); // expect: PFL401
	if (!fp) {
		evhttp_send_error(req, HTTP_NOTFOUND, NULL);
		return;
	}
	out = evbuffer_new();
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) // expect: PFL401
		evbuffer_add(out, chunk, n);
	fclose(fp);
	evhttp_send_reply(req, HTTP_OK, "OK", out);
	evbuffer_free(out);
}

static void dump_cache(const char *path)
{
	FILE *fp = fopen(path, "w");
	int i;

	if (!fp)
		return;
	for (i = 0; i < CACHE_SIZE; i++)
		if (cache[i].used)
			fprintf(fp, "%s %s\n", cache[i].ip, cache[i].country);
	fflush(fp);
	fsync(fileno(fp));
	fclose(fp);
}

void on_flush(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	dump_cache("/var/cache/geoapi/cache.txt"); // expect: PFL402
}

void on_udp_ping(evutil_socket_t fd, short what, void *arg)
{
	char buf[64];
	ssize_t n;

	(void)what;
	(void)arg;
	n = recv(fd, buf, sizeof buf, 0); // expect: PFL401
	if (n > 0 && strncmp(buf, "PING", 4) == 0)
		g_api.pings++;
}

void upstream_read(struct bufferevent *bev, void *arg)
{
	struct evbuffer *in = bufferevent_get_input(bev);
	char *line;
	size_t len;

	(void)arg;
	while ((line = evbuffer_readln(in, &len, EVBUFFER_EOL_LF)) != NULL) {
		char ip[48], cc[4];
		if (sscanf(line, "%47s %3s", ip, cc) == 2)
			cache_put(ip, cc);
		free(line);
	}
}

static void reconnect_upstream(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(9400) };

	sin.sin_addr.s_addr = htonl(0x7f000001);
	bufferevent_socket_connect(g_api.upstream, (struct sockaddr *)&sin, sizeof sin);
}

void upstream_event(struct bufferevent *bev, short events, void *arg)
{
	(void)bev;
	(void)arg;
	if (events & (BEV_EVENT_EOF | BEV_EVENT_ERROR))
		reconnect_upstream();
}

void on_accept(struct evconnlistener *l, evutil_socket_t fd,
	       struct sockaddr *sa, int socklen, void *arg)
{
	char line[128];
	int n;

	(void)l;
	(void)sa;
	(void)socklen;
	(void)arg;
	n = snprintf(line, sizeof line, "admin connection fd=%d\n", (int)fd);
	write(g_api.audit_fd, line, (size_t)n); // expect: PFL401
	close(fd);
}

int warm_cache(const char *path)
{
	FILE *fp = fopen(path, "r");
	char ip[48], cc[4];
	int n = 0;

	if (!fp)
		return -1;
	while (fscanf(fp, "%47s %3s", ip, cc) == 2) {
		cache_put(ip, cc);
		n++;
	}
	fclose(fp);
	return n;
}
