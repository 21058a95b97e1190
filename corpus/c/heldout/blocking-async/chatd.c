/*
 * chatd - a tiny line-based chat server on libuv.
 *
 * Every line a client sends is broadcast to the others and appended to a
 * history log.  SIGHUP reloads the message of the day.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <uv.h>
#include <sqlite3.h>

#define MAX_CLIENTS 256
#define PORT 7070

typedef struct client {
	uv_tcp_t handle;
	char nick[32];
	int id;
	struct client *next;
} client_t;

typedef struct {
	uv_write_t req;
	uv_buf_t buf;
} write_req_t;

typedef struct {
	uv_work_t req;
	char *text;
} archive_job_t;

static uv_loop_t *loop;
static uv_tcp_t server;
static uv_timer_t stats_timer;
static uv_signal_t hup;
static client_t *clients;
static int next_id = 1;
static char motd[512];
static sqlite3 *histdb;
static unsigned long lines_seen;
static uv_fs_t log_open_req;
static uv_file log_fd = -1;

static void load_motd(const char *path)
{
	FILE *fp = fopen(path, "r");
	size_t n;

	if (!fp) {
		snprintf(motd, sizeof motd, "welcome\n");
		return;
	}
	n = fread(motd, 1, sizeof motd - 1, fp);
	motd[n] = '\0';
	fclose(fp);
}

static void alloc_cb(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	(void)h;
	buf->base = malloc(suggested);
	buf->len = suggested;
}

static void on_write(uv_write_t *req, int status)
{
	write_req_t *wr = (write_req_t *)req;

	if (status < 0)
		fprintf(stderr, "write: %s\n", uv_strerror(status));
	free(wr->buf.base);
	free(wr);
}

static void send_to(client_t *c, const char *data, size_t len)
{
	write_req_t *wr = malloc(sizeof *wr);

	wr->buf = uv_buf_init(malloc(len), (unsigned)len);
	memcpy(wr->buf.base, data, len);
	uv_write(&wr->req, (uv_stream_t *)&c->handle, &wr->buf, 1, on_write);
}

static void broadcast(client_t *from, const char *line, size_t len)
{
	client_t *c;
	char msg[600];
	int n = snprintf(msg, sizeof msg, "<%s> %.*s", from->nick, (int)len, line);

	for (c = clients; c; c = c->next)
		if (c != from)
			send_to(c, msg, (size_t)n);
}

static void append_history(const client_t *c, const char *line, size_t len)
{
	FILE *fp = fopen("chat-history.log", "a");

	if (!fp)
		return;
	fprintf(fp, "%d %s %.*s", c->id, c->nick, (int)len, line);
	fclose(fp);
}

static void on_log_written(uv_fs_t *req)
{
	if (req->result < 0)
		fprintf(stderr, "log: %s\n", uv_strerror((int)req->result));
	free(req->data);
	uv_fs_req_cleanup(req);
	free(req);
}

static void log_async(const char *line, size_t len)
{
	uv_fs_t *req;
	uv_buf_t b;

	if (log_fd < 0)
		return;
	req = malloc(sizeof *req);
	req->data = malloc(len);
	memcpy(req->data, line, len);
	b = uv_buf_init(req->data, (unsigned)len);
	uv_fs_write(loop, req, log_fd, &b, 1, -1, on_log_written);
}

static void archive_work(uv_work_t *req)
{
	archive_job_t *job = req->data;
	FILE *fp = fopen("archive.txt", "a");

	if (fp) {
		fputs(job->text, fp);
		fflush(fp);
		fsync(fileno(fp));
		fclose(fp);
	}
}

static void archive_done(uv_work_t *req, int status)
{
	archive_job_t *job = req->data;
	char sql[256];

	(void)status;
	snprintf(sql, sizeof sql, "UPDATE counters SET archived = archived + %zu", strlen(job->text));
	sqlite3_exec(histdb, sql, NULL, NULL, NULL); // expect: PFL401
	free(job->text);
	free(job);
}

static void on_close(uv_handle_t *h)
{
	client_t *c = (client_t *)h, **pp;

	for (pp = &clients; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	free(c);
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
	client_t *c = (client_t *)stream;

	if (nread < 0) {
		uv_close((uv_handle_t *)stream, on_close);
		free(buf->base);
		return;
	}
	if (nread > 6 && strncmp(buf->base, "/nick ", 6) == 0) {
		snprintf(c->nick, sizeof c->nick, "%.*s", (int)(nread - 7), buf->base + 6);
	} else if (nread > 0) {
		lines_seen++;
		broadcast(c, buf->base, (size_t)nread);
		log_async(buf->base, (size_t)nread);
		append_history(c, buf->base, (size_t)nread); // expect: PFL402
	}
	free(buf->base);
}

static void on_connection(uv_stream_t *srv, int status)
{
	client_t *c;
	FILE *ban;
	char addr[64] = "";
	struct sockaddr_storage sa;
	int salen = sizeof sa;

	if (status < 0)
		return;
	c = calloc(1, sizeof *c);
	uv_tcp_init(loop, &c->handle);
	if (uv_accept(srv, (uv_stream_t *)&c->handle) != 0) {
		uv_close((uv_handle_t *)&c->handle, on_close);
		return;
	}
	uv_tcp_getpeername(&c->handle, (struct sockaddr *)&sa, &salen);
	uv_ip4_name((struct sockaddr_in *)&sa, addr, sizeof addr);
	ban = fopen("/etc/chatd/banned", "r"); // expect: PFL401
	if (ban) {
		char line[64];
		while (fgets(line, sizeof line, ban)) { // expect: PFL401
			line[strcspn(line, "\n")] = '\0';
			if (strcmp(line, addr) == 0) {
				fclose(ban);
				uv_close((uv_handle_t *)&c->handle, on_close);
				return;
			}
		}
		fclose(ban);
	}
	c->id = next_id++;
	snprintf(c->nick, sizeof c->nick, "guest%d", c->id);
	c->next = clients;
	clients = c;
	send_to(c, motd, strlen(motd));
	uv_read_start((uv_stream_t *)&c->handle, alloc_cb, on_read);
}

static void write_stats_file(void)
{
	FILE *fp = fopen("/run/chatd.stats", "w");

	if (!fp)
		return;
	fprintf(fp, "lines %lu\n", lines_seen);
	fclose(fp);
}

static void on_stats(uv_timer_t *t)
{
	archive_job_t *job;
	char summary[128];

	(void)t;
	write_stats_file(); // expect: PFL402
	snprintf(summary, sizeof summary, "%lu lines\n", lines_seen);
	job = malloc(sizeof *job);
	job->text = strdup(summary);
	job->req.data = job;
	uv_queue_work(loop, &job->req, archive_work, archive_done);
}

static void on_hup(uv_signal_t *s, int signum)
{
	(void)s;
	(void)signum;
	load_motd("/etc/chatd/motd"); // expect: PFL402
	system("logger chatd: motd reloaded"); // expect: PFL401
}

static void on_log_open(uv_fs_t *req)
{
	log_fd = (uv_file)req->result;
	uv_fs_req_cleanup(req);
}

int main(int argc, char **argv)
{
	struct sockaddr_in addr;

	loop = uv_default_loop();
	load_motd(argc > 1 ? argv[1] : "/etc/chatd/motd");
	if (sqlite3_open("chatd.db", &histdb) != SQLITE_OK)
		return 1;
	sqlite3_exec(histdb, "CREATE TABLE IF NOT EXISTS counters(archived INTEGER)",
		     NULL, NULL, NULL);
	uv_fs_open(loop, &log_open_req, "chatd.log", O_WRONLY | O_APPEND | O_CREAT, 0644,
		   on_log_open);
	uv_tcp_init(loop, &server);
	uv_ip4_addr("0.0.0.0", PORT, &addr);
	uv_tcp_bind(&server, (const struct sockaddr *)&addr, 0);
	if (uv_listen((uv_stream_t *)&server, 128, on_connection) != 0)
		return 1;
	uv_timer_init(loop, &stats_timer);
	uv_timer_start(&stats_timer, on_stats, 10000, 10000);
	uv_signal_init(loop, &hup);
	uv_signal_start(&hup, on_hup, SIGHUP);
	return uv_run(loop, UV_RUN_DEFAULT);
}
