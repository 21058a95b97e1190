/*
 * tcpfront: a small TCP front end on libev. It accepts clients, pairs each
 * with a backend connection and moves the bytes with splice(2); a timer
 * checks the backend's health endpoint.
 *
 * Watcher callbacks (ev_io_init, ev_timer_init, ev_init) run on the loop:
 * a blocking call in one (PFL401), or a call to a helper that blocks
 * (PFL402), stops every other client.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <ev.h>

#define CLIENT_LOG "/var/log/tcpfront/clients.log"
#define HEALTH_LOG "/var/log/tcpfront/health.log"

struct client {
    ev_io io;
    int fd;
    int backend_fd;
    int pipe[2];
};

static const char *backend_host = "app.internal";
static const char *backend_port = "9000";
static struct addrinfo *backend_addr;
static CURL *health_curl;
static int healthy = 1;
static ev_timer retry;

/* --- helpers --------------------------------------------------------------- */

static int open_backend(void)
{
    int fd;

    if (backend_addr == NULL)
        return -1;
    fd = socket(backend_addr->ai_family, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    if (connect(fd, backend_addr->ai_addr, backend_addr->ai_addrlen) != 0) {  // near-miss: PFL401 a plain helper: its caller gets PFL402
        close(fd);
        return -1;
    }
    return fd;
}

static void log_line(const char *path, const char *what, int value)
{
    FILE *f = fopen(path, "a");

    if (f == NULL)
        return;
    fprintf(f, "%ld %s %d\n", (long)time(NULL), what, value);
    fclose(f);
}

static void log_client(const struct client *c)
{
    log_line(CLIENT_LOG, "client", c->fd);
}

static const char *health_word(long code)
{
    return code == 200 ? "healthy" : "unhealthy";
}

/* --- watchers ---------------------------------------------------------------- */

static void on_client_readable(struct ev_loop *loop, ev_io *w, int revents)
{
    struct client *c = (struct client *)w;
    ssize_t n;

    (void)revents;
    n = splice(c->fd, NULL, c->pipe[1], NULL, 65536, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);  // near-miss: PFL401 non-blocking splice, not in the blocking list
    if (n > 0)
        n = splice(c->pipe[0], NULL, c->backend_fd, NULL, (size_t)n, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
    if (n <= 0) {
        log_client(c);  // expect: PFL402
        ev_io_stop(loop, w);
        close(c->fd);
        close(c->backend_fd);
        close(c->pipe[0]);
        close(c->pipe[1]);
        free(c);
    }
}

static void on_accept(struct ev_loop *loop, ev_io *w, int revents)
{
    struct client *c;
    int fd;

    (void)revents;
    fd = accept4(w->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);  // near-miss: PFL401 accept4 on a non-blocking listener, after a readiness event
    if (fd < 0)
        return;
    c = calloc(1, sizeof *c);
    if (c == NULL || !healthy || pipe2(c->pipe, O_NONBLOCK) != 0) {
        close(fd);
        free(c);
        return;
    }
    c->fd = fd;
    c->backend_fd = open_backend();  // expect: PFL402
    if (c->backend_fd < 0) {
        close(fd);
        free(c);
        ev_timer_start(loop, &retry);
        return;
    }
    ev_io_init(&c->io, on_client_readable, fd, EV_READ);
    ev_io_start(loop, &c->io);
}

static void on_health_check(struct ev_loop *loop, ev_timer *w, int revents)
{
    long code = 0;

    (void)loop;
    (void)w;
    (void)revents;
    if (curl_easy_perform(health_curl) == CURLE_OK)  // expect: PFL401
        curl_easy_getinfo(health_curl, CURLINFO_RESPONSE_CODE, &code);
    healthy = code == 200;
    log_line(HEALTH_LOG, health_word(code), (int)code);  // expect: PFL402
}

/* The backend did not answer: resolve it again, after a pause. */
static void on_retry(struct ev_loop *loop, ev_timer *w, int revents)
{
    struct timespec backoff = { 0, 200 * 1000 * 1000 };
    struct addrinfo hints = { 0 }, *res;

    (void)loop;
    (void)w;
    (void)revents;
    nanosleep(&backoff, NULL);  // expect: PFL401
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(backend_host, backend_port, &hints, &res) == 0) {  // expect: PFL401
        if (backend_addr != NULL)
            freeaddrinfo(backend_addr);
        backend_addr = res;
    }
}

/* --drain: called directly by main() after the loop, never registered. */
void drain_wait(struct ev_loop *loop, ev_timer *w, int revents)
{
    (void)loop;
    (void)w;
    (void)revents;
    sleep(5);  // near-miss: PFL401 not a registered callback
}

int main(int argc, char **argv)
{
    struct ev_loop *loop = EV_DEFAULT;
    struct addrinfo hints = { 0 };
    struct sockaddr_in addr = { 0 };
    ev_io accept_w;
    ev_timer health;
    int lfd, one = 1;

    if (argc > 1)
        backend_host = argv[1];
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(backend_host, backend_port, &hints, &backend_addr) != 0)  // near-miss: PFL401 main(), before the loop runs
        return 1;
    lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(8443);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(lfd, 128) != 0)
        return 1;

    health_curl = curl_easy_init();
    curl_easy_setopt(health_curl, CURLOPT_URL, "http://app.internal:9000/healthz");
    curl_easy_setopt(health_curl, CURLOPT_TIMEOUT, 2L);

    ev_io_init(&accept_w, on_accept, lfd, EV_READ);
    ev_io_start(loop, &accept_w);
    ev_timer_init(&health, on_health_check, 0., 5.);
    ev_timer_start(loop, &health);
    ev_init(&retry, on_retry);
    ev_timer_set(&retry, 1., 0.);

    ev_run(loop, 0);

    if (argc > 2 && strcmp(argv[2], "--drain") == 0)
        drain_wait(loop, NULL, 0);  // near-miss: PFL402 main(), after the loop
    curl_easy_cleanup(health_curl);
    freeaddrinfo(backend_addr);
    return 0;
}
