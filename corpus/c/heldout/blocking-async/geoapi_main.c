/*
 * geoapi_main.c - wiring of the geo lookup service: libevent HTTP server,
 * periodic cache flush, UDP health pings and an admin listener.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "geoapi.h"

struct geoapi g_api;

static int udp_socket(unsigned short port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof sin) < 0)
		return -1;
	return fd;
}

int main(int argc, char **argv)
{
	struct timeval every_minute = { 60, 0 };
	struct sockaddr_in admin = { .sin_family = AF_INET, .sin_port = htons(9401) };
	struct evconnlistener *lst;
	int ufd, n;

	g_api.base = event_base_new();
	if (sqlite3_open_v2(argc > 1 ? argv[1] : "geo.db", &g_api.db, SQLITE_OPEN_READONLY, NULL))
		return 1;
	g_api.audit_fd = open("/var/log/geoapi-audit.log", O_WRONLY | O_APPEND | O_CREAT, 0640);
	n = warm_cache("/var/cache/geoapi/cache.txt");
	fprintf(stderr, "warmed %d entries\n", n);

	g_api.http = evhttp_new(g_api.base);
	evhttp_bind_socket(g_api.http, "0.0.0.0", 8080);
	evhttp_set_cb(g_api.http, "/lookup", handle_lookup, NULL);
	evhttp_set_gencb(g_api.http, handle_static, NULL);

	g_api.flush_ev = event_new(g_api.base, -1, EV_PERSIST, on_flush, NULL);
	event_add(g_api.flush_ev, &every_minute);

	if ((ufd = udp_socket(9402)) >= 0) {
		g_api.udp_ev = event_new(g_api.base, ufd, EV_READ | EV_PERSIST, on_udp_ping, NULL);
		event_add(g_api.udp_ev, NULL);
	}

	g_api.upstream = bufferevent_socket_new(g_api.base, -1, BEV_OPT_CLOSE_ON_FREE);
	bufferevent_setcb(g_api.upstream, upstream_read, NULL, upstream_event, NULL);
	bufferevent_enable(g_api.upstream, EV_READ);

	admin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lst = evconnlistener_new_bind(g_api.base, on_accept, NULL,
				      LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE, -1,
				      (struct sockaddr *)&admin, sizeof admin);
	if (!lst)
		return 1;

	event_base_dispatch(g_api.base);
	evconnlistener_free(lst);
	sqlite3_close(g_api.db);
	return 0;
}
