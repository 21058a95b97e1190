/*
 * metricsd main: creates the handles and registers the callbacks that
 * metrics_handlers.c defines.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"

int main(int argc, char **argv)
{
    uv_udp_t udp;
    uv_timer_t flush;
    uv_async_t wakeup;
    uv_signal_t sigterm;
    struct sockaddr_in addr;
    struct compact_job *job;

    if (argc > 1)
        metrics_collector = argv[1];
    metrics_redis = redisConnect("127.0.0.1", 6379);
    if (metrics_redis == NULL || metrics_redis->err)
        return 1;
    metrics_loop = uv_default_loop();
    metrics_log_line("metricsd: starting");  // near-miss: PFL402 main() before uv_run is not a callback

    uv_udp_init(metrics_loop, &udp);
    uv_ip4_addr("0.0.0.0", 8125, &addr);
    uv_udp_bind(&udp, (const struct sockaddr *)&addr, UV_UDP_REUSEADDR);
    uv_udp_recv_start(&udp, metrics_alloc, metrics_on_packet);

    uv_timer_init(metrics_loop, &flush);
    uv_timer_start(&flush, metrics_on_flush, 10000, 10000);

    uv_async_init(metrics_loop, &wakeup, metrics_on_wakeup);

    uv_signal_init(metrics_loop, &sigterm);
    uv_signal_start(&sigterm, metrics_on_sigterm, SIGTERM);

    job = calloc(1, sizeof *job);
    if (job != NULL) {
        job->req.data = job;
        snprintf(job->path, sizeof job->path, "%s.1", METRICS_STATE);
        uv_queue_work(metrics_loop, &job->req, metrics_compact_work, metrics_compact_done);
    }

    uv_run(metrics_loop, UV_RUN_DEFAULT);
    metrics_write_report(METRICS_DUMP);  // near-miss: PFL402 main() after the loop: not a callback
    redisFree(metrics_redis);
    return 0;
}
