#ifndef GEOAPI_H
#define GEOAPI_H

#include <event2/event.h>
#include <event2/http.h>
#include <event2/bufferevent.h>
#include <event2/listener.h>
#include <sqlite3.h>

struct geoapi {
	struct event_base *base;
	struct evhttp *http;
	struct bufferevent *upstream;
	struct event *flush_ev;
	struct event *udp_ev;
	sqlite3 *db;
	int audit_fd;
	unsigned long hits, misses, pings;
};

extern struct geoapi g_api;

void handle_lookup(struct evhttp_request *req, void *arg);
void handle_static(struct evhttp_request *req, void *arg);
void on_flush(evutil_socket_t fd, short what, void *arg);
void on_udp_ping(evutil_socket_t fd, short what, void *arg);
void upstream_read(struct bufferevent *bev, void *arg);
void upstream_event(struct bufferevent *bev, short events, void *arg);
void on_accept(struct evconnlistener *l, evutil_socket_t fd,
	       struct sockaddr *sa, int socklen, void *arg);
int warm_cache(const char *path);

#endif
