/*
 * upload_server: a libuv TCP service that receives raw uploads (one file
 * per connection), spools them to disk and thumbnails images on the
 * thread pool.
 *
 * Every callback below runs on the event loop thread: a blocking call in
 * one (fopen, fwrite, fsync, system...) stalls every other connection
 * (PFL401), and so does a call to a helper that blocks (PFL402). The
 * uv_fs_* functions with a callback, and uv_queue_work's work callback
 * (it runs on the thread pool), are the non-blocking ways.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <uv.h>

#define SPOOL_DIR "/var/spool/uploads"
#define AUDIT_LOG "/var/log/upload_server/audit.log"
#define CONFIG_PATH "/etc/upload_server.conf"

struct upload {
    uv_tcp_t tcp;
    char path[256];
    char peer[64];
    size_t bytes;
    FILE *spool;
};

struct thumb_job {
    uv_work_t req;
    char src[256];
    char dst[256];
    int status;
};

struct meta_write {
    uv_fs_t req;
    uv_buf_t buf;
    char text[320];
    uv_file file;
};

static uv_loop_t *loop;
static uv_tcp_t server;
static uv_timer_t rotate_timer;
static uv_signal_t sigterm;
static int index_fd = -1;
static unsigned long next_id;
static int max_uploads = 64;

/* --- helpers ------------------------------------------------------------ */

static void format_peer(const uv_tcp_t *tcp, char *out, size_t outsz)
{
    struct sockaddr_storage ss;
    int len = sizeof ss;

    out[0] = '\0';
    if (uv_tcp_getpeername(tcp, (struct sockaddr *)&ss, &len) == 0 && ss.ss_family == AF_INET)
        uv_ip4_name((const struct sockaddr_in *)&ss, out, outsz);
}

static void append_audit(const struct upload *up)
{
    FILE *log = fopen(AUDIT_LOG, "a");  // near-miss: PFL401 a plain helper, not a callback: its callers get PFL402

    if (log == NULL)
        return;
    fprintf(log, "%s %zu bytes from %s\n", up->path, up->bytes, up->peer);
    fclose(log);
}

static int compress_file(const char *path)
{
    char cmd[512];

    snprintf(cmd, sizeof cmd, "gzip -9 -f '%s'", path);
    return system(cmd);
}

static void rotate_audit_log(void)
{
    char rotated[300];

    snprintf(rotated, sizeof rotated, "%s.1", AUDIT_LOG);
    if (rename(AUDIT_LOG, rotated) == 0)
        compress_file(rotated);
}

static void write_index_entry(const struct thumb_job *job)
{
    FILE *idx = fopen(SPOOL_DIR "/thumbs.idx", "a");

    if (idx == NULL)
        return;
    fprintf(idx, "%s\t%s\t%d\n", job->src, job->dst, job->status);
    fclose(idx);
}

static int run_convert(const struct thumb_job *job)
{
    char cmd[640];
    FILE *p;

    snprintf(cmd, sizeof cmd, "convert '%s' -thumbnail 256x256 '%s' 2>&1", job->src, job->dst);
    p = popen(cmd, "r");
    if (p == NULL)
        return -1;
    return pclose(p);
}

static void load_config(const char *path)
{
    char line[128];
    FILE *f = fopen(path, "r");

    if (f == NULL)
        return;
    while (fgets(line, sizeof line, f) != NULL)
        sscanf(line, "max_uploads = %d", &max_uploads);
    fclose(f);
}

/* --- thread pool: thumbnails ------------------------------------------------ */

static void thumbnail_work(uv_work_t *req)
{
    struct thumb_job *job = req->data;

    job->status = run_convert(job);  // near-miss: PFL402 work callback: runs on the thread pool
}

static void thumbnail_done(uv_work_t *req, int status)
{
    struct thumb_job *job = req->data;

    if (status == 0)
        write_index_entry(job);  // expect: PFL402
    fsync(index_fd);  // expect: PFL401
    free(job);
}

static void schedule_thumbnail(const struct upload *up)
{
    struct thumb_job *job = calloc(1, sizeof *job);

    if (job == NULL)
        return;
    job->req.data = job;
    snprintf(job->src, sizeof job->src, "%s", up->path);
    snprintf(job->dst, sizeof job->dst, "%s.thumb.jpg", up->path);
    uv_queue_work(loop, &job->req, thumbnail_work, thumbnail_done);
}

/* --- metadata, written with the asynchronous uv_fs_* calls ---------------- */

static void on_meta_closed(uv_fs_t *req)
{
    struct meta_write *mw = req->data;

    uv_fs_req_cleanup(req);
    free(mw);
}

static void on_meta_written(uv_fs_t *req)
{
    struct meta_write *mw = req->data;

    uv_fs_req_cleanup(req);
    uv_fs_close(loop, &mw->req, mw->file, on_meta_closed);  // near-miss: PFL401 asynchronous close (callback given)
}

static void on_meta_open(uv_fs_t *req)
{
    struct meta_write *mw = req->data;

    if (req->result < 0) {
        uv_fs_req_cleanup(req);
        free(mw);
        return;
    }
    mw->file = (uv_file)req->result;
    uv_fs_req_cleanup(req);
    mw->buf = uv_buf_init(mw->text, (unsigned)strlen(mw->text));
    uv_fs_write(loop, &mw->req, mw->file, &mw->buf, 1, -1, on_meta_written);  // near-miss: PFL401 asynchronous write (callback given)
}

static void write_meta(const struct upload *up)
{
    struct meta_write *mw = calloc(1, sizeof *mw);
    char path[280];

    if (mw == NULL)
        return;
    mw->req.data = mw;
    snprintf(mw->text, sizeof mw->text, "peer=%s\nbytes=%zu\n", up->peer, up->bytes);
    snprintf(path, sizeof path, "%s.meta", up->path);
    uv_fs_open(loop, &mw->req, path, O_WRONLY | O_CREAT | O_TRUNC, 0644, on_meta_open);  // near-miss: PFL401 asynchronous open (callback given)
}

/* --- connections -------------------------------------------------------------- */

static void alloc_buffer(uv_handle_t *handle, size_t suggested, uv_buf_t *buf)
{
    (void)handle;
    buf->base = malloc(suggested);
    buf->len = buf->base ? suggested : 0;
}

static void on_closed(uv_handle_t *handle)
{
    struct upload *up = handle->data;

    append_audit(up);  // expect: PFL402
    free(up);
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    struct upload *up = stream->data;

    if (nread > 0) {
        fwrite(buf->base, 1, (size_t)nread, up->spool);  // expect: PFL401
        up->bytes += (size_t)nread;
    } else if (nread < 0) {
        fclose(up->spool);
        up->spool = NULL;
        if (nread == UV_EOF) {
            write_meta(up);  // near-miss: PFL402 the helper only starts asynchronous uv_fs_* requests
            schedule_thumbnail(up);  // near-miss: PFL402 the helper queues the blocking work on the thread pool
        }
        uv_close((uv_handle_t *)stream, on_closed);
    }
    free(buf->base);
}

static void on_connection(uv_stream_t *srv, int status)
{
    struct upload *up;

    if (status < 0)
        return;
    up = calloc(1, sizeof *up);
    if (up == NULL)
        return;
    uv_tcp_init(loop, &up->tcp);
    up->tcp.data = up;
    if (uv_accept(srv, (uv_stream_t *)&up->tcp) != 0) {
        uv_close((uv_handle_t *)&up->tcp, on_closed);
        return;
    }
    format_peer(&up->tcp, up->peer, sizeof up->peer);  // near-miss: PFL402 the helper does no I/O
    snprintf(up->path, sizeof up->path, "%s/upload-%lu.bin", SPOOL_DIR, ++next_id);
    up->spool = fopen(up->path, "wb");  // expect: PFL401
    if (up->spool == NULL) {
        uv_close((uv_handle_t *)&up->tcp, on_closed);
        return;
    }
    uv_read_start((uv_stream_t *)&up->tcp, alloc_buffer, on_read);
}

/* --- housekeeping ------------------------------------------------------------ */

static void on_rotate(uv_timer_t *timer)
{
    (void)timer;
    rotate_audit_log();  // expect: PFL402
    system("find " SPOOL_DIR " -name 'upload-*' -mtime +7 -delete");  // expect: PFL401
}

static void on_sigterm(uv_signal_t *handle, int signum)
{
    (void)signum;
    uv_signal_stop(handle);
    uv_timer_stop(&rotate_timer);
    uv_close((uv_handle_t *)&server, NULL);
    uv_stop(loop);
}

int main(void)
{
    struct sockaddr_in addr;
    int lock_fd;

    load_config(CONFIG_PATH);  // near-miss: PFL402 main() is not a callback: it runs before the loop starts
    lock_fd = open(SPOOL_DIR "/.lock", O_RDWR | O_CREAT, 0644);
    if (lock_fd < 0 || flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
        fprintf(stderr, "another instance is running\n");
        return 1;
    }
    index_fd = open(SPOOL_DIR "/thumbs.idx", O_WRONLY | O_CREAT | O_APPEND, 0644);
    loop = uv_default_loop();
    uv_tcp_init(loop, &server);
    uv_ip4_addr("0.0.0.0", 7070, &addr);
    uv_tcp_bind(&server, (const struct sockaddr *)&addr, 0);
    if (uv_listen((uv_stream_t *)&server, max_uploads, on_connection) != 0)
        return 1;
    uv_timer_init(loop, &rotate_timer);
    uv_timer_start(&rotate_timer, on_rotate, 3600 * 1000, 3600 * 1000);
    uv_signal_init(loop, &sigterm);
    uv_signal_start(&sigterm, on_sigterm, SIGTERM);
    uv_run(loop, UV_RUN_DEFAULT);
    fsync(index_fd);  // near-miss: PFL401 after uv_run returns, in main: not a callback
    close(index_fd);
    return 0;
}
