/*
 * metrics_handlers: the callbacks of metricsd. They are registered in
 * metrics_main.c (uv_udp_recv_start, uv_timer_start, uv_async_init,
 * uv_signal_start, uv_queue_work), not here.
 */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "metrics.h"

uv_loop_t *metrics_loop;
redisContext *metrics_redis;
const char *metrics_collector = "graphite.internal";

void metrics_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf)
{
    static char slab[65536];

    (void)handle;
    (void)suggested;
    buf->base = slab;
    buf->len = sizeof slab;
}

/* "name:value|c" datagrams; "!dump" asks for a dump file. */
void metrics_on_packet(uv_udp_t *udp, ssize_t nread, const uv_buf_t *buf, const struct sockaddr *addr, unsigned flags)
{
    char name[64];
    long value;

    (void)udp;
    (void)addr;
    (void)flags;
    if (nread <= 0 || (size_t)nread >= buf->len)
        return;
    buf->base[nread] = '\0';
    if (strncmp(buf->base, "!dump", 5) == 0) {
        metrics_dump_file(METRICS_DUMP);  // expect: PFL402
        return;
    }
    if (sscanf(buf->base, "%63[^:]:%ld|c", name, &value) == 2)
        metrics_record(name, value);  // near-miss: PFL402 updates the in-memory table, no I/O
}

/* Every 10 s: send the table to the collector over a fresh TCP connection. */
void metrics_on_flush(uv_timer_t *timer)
{
    static char text[96 * 1024];
    struct addrinfo hints = { 0 }, *res;
    size_t len;
    int fd;

    (void)timer;
    len = metrics_format(text, sizeof text, (long)time(NULL));  // near-miss: PFL402 formats in memory
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(metrics_collector, "2003", &hints, &res) != 0)  // expect: PFL401
        return;
    fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    if (fd >= 0 && connect(fd, res->ai_addr, res->ai_addrlen) == 0)  // expect: PFL401
        send(fd, text, len, MSG_NOSIGNAL);  // expect: PFL401
    if (fd >= 0)
        close(fd);
    freeaddrinfo(res);
}

/* Worker threads wake the loop when they have counted events. */
void metrics_on_wakeup(uv_async_t *async)
{
    redisReply *r;

    (void)async;
    r = redisCommand(metrics_redis, "INCRBY metricsd:events %ld", metrics_pending());  // expect: PFL401
    if (r != NULL)
        freeReplyObject(r);
}

void metrics_on_sigterm(uv_signal_t *sig, int signum)
{
    (void)signum;
    metrics_save_state(METRICS_STATE);  // expect: PFL402
    metrics_log_line("metricsd: stopping on SIGTERM");  // expect: PFL402
    uv_signal_stop(sig);
    uv_stop(metrics_loop);
}

/* Compaction of the previous state file: on the thread pool. */
void metrics_compact_work(uv_work_t *req)
{
    struct compact_job *job = req->data;

    job->status = metrics_compact_file(job->path);  // near-miss: PFL402 work callback of uv_queue_work: runs on the thread pool
    sleep(1);  // near-miss: PFL401 work callback of uv_queue_work: runs on the thread pool
}

void metrics_compact_done(uv_work_t *req, int status)
{
    struct compact_job *job = req->data;
    char msg[320];

    snprintf(msg, sizeof msg, "compacted %s: %d/%d", job->path, status, job->status);
    metrics_log_line(msg);  // expect: PFL402
    free(job);
}

/* Called by main() after the loop has stopped: not a callback. */
void metrics_write_report(const char *path)
{
    static char text[96 * 1024];
    size_t len = metrics_format(text, sizeof text, (long)time(NULL));
    FILE *f = fopen(path, "w");  // near-miss: PFL401 not a registered callback

    if (f == NULL)
        return;
    fwrite(text, 1, len, f);  // near-miss: PFL401 not a registered callback
    fclose(f);
}
