/*
 * metricsd: a statsd-style metrics aggregator on libuv.
 *
 *   metrics_main.c      creates the handles and registers the callbacks
 *   metrics_handlers.c  defines the callbacks (so they are registered in
 *                       another file than the one that defines them)
 *   metrics_store.c     the counter table and its persistence helpers
 *
 * The callbacks run on the loop thread: blocking calls in them are
 * PFL401, calls of the blocking helpers of metrics_store.c are PFL402.
 */
#ifndef METRICS_H
#define METRICS_H

#include <stddef.h>
#include <uv.h>
#include <hiredis/hiredis.h>

#define METRICS_STATE "/var/lib/metricsd/state"
#define METRICS_DUMP "/var/lib/metricsd/dump.txt"
#define METRICS_LOG "/var/log/metricsd.log"

struct compact_job {
    uv_work_t req;
    char path[256];
    int status;
};

extern uv_loop_t *metrics_loop;
extern redisContext *metrics_redis;
extern const char *metrics_collector;

/* metrics_handlers.c: event-loop callbacks */
void metrics_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf);
void metrics_on_packet(uv_udp_t *udp, ssize_t nread, const uv_buf_t *buf, const struct sockaddr *addr, unsigned flags);
void metrics_on_flush(uv_timer_t *timer);
void metrics_on_wakeup(uv_async_t *async);
void metrics_on_sigterm(uv_signal_t *sig, int signum);
void metrics_compact_work(uv_work_t *req);
void metrics_compact_done(uv_work_t *req, int status);
void metrics_write_report(const char *path);

/* metrics_store.c: pure table operations */
void metrics_record(const char *name, long value);
size_t metrics_format(char *out, size_t outsz, long now);
long metrics_pending(void);

/* metrics_store.c: helpers that block (file I/O) */
int metrics_save_state(const char *path);
int metrics_dump_file(const char *path);
void metrics_log_line(const char *msg);
int metrics_compact_file(const char *path);

#endif
