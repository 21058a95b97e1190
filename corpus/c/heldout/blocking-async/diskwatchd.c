/*
 * diskwatchd - a small GLib daemon that watches free disk space, exposes
 * a status line on a UNIX socket, and records samples in PostgreSQL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <sys/un.h>
#include <unistd.h>
#include <glib.h>
#include <gio/gio.h>
#include <libpq-fe.h>

#define SOCK_PATH "/run/diskwatchd.sock"

typedef struct {
	gchar *mount;
	guint64 free_bytes;
	guint64 total_bytes;
	gboolean alerted;
} Volume;

static GMainLoop *main_loop;
static GPtrArray *volumes;
static PGconn *pg;
static gint threshold_pct = 10;
static GAsyncQueue *sample_queue;

static void volume_free(gpointer p)
{
	Volume *v = p;

	g_free(v->mount);
	g_free(v);
}

static gboolean refresh_volume(Volume *v)
{
	struct statvfs st;

	if (statvfs(v->mount, &st) != 0)
		return FALSE;
	v->free_bytes = (guint64)st.f_bavail * st.f_frsize;
	v->total_bytes = (guint64)st.f_blocks * st.f_frsize;
	return TRUE;
}

static void send_alert(const Volume *v)
{
	gchar *cmd = g_strdup_printf("mail -s 'disk low: %s' root < /dev/null", v->mount);

	if (system(cmd) != 0)
		g_warning("alert command failed for %s", v->mount);
	g_free(cmd);
}

static gchar *top_consumers(const gchar *mount)
{
	gchar cmd[256], line[256];
	GString *out = g_string_new(NULL);
	FILE *p;

	g_snprintf(cmd, sizeof cmd, "du -xsh %s/* 2>/dev/null | sort -rh | head -5", mount);
	p = popen(cmd, "r");
	if (!p)
		return g_string_free(out, FALSE);
	while (fgets(line, sizeof line, p))
		g_string_append(out, line);
	pclose(p);
	return g_string_free(out, FALSE);
}

static gboolean on_check(gpointer user_data)
{
	guint i;

	(void)user_data;
	for (i = 0; i < volumes->len; i++) {
		Volume *v = g_ptr_array_index(volumes, i);
		guint pct;

		if (!refresh_volume(v) || v->total_bytes == 0)
			continue;
		pct = (guint)(v->free_bytes * 100 / v->total_bytes);
		g_async_queue_push(sample_queue, g_strdup_printf("%s %" G_GUINT64_FORMAT, v->mount, v->free_bytes));
		if (pct < (guint)threshold_pct && !v->alerted) {
			gchar *top = top_consumers(v->mount); // expect: PFL402
			g_message("%s below %d%%:\n%s", v->mount, threshold_pct, top);
			g_free(top);
			send_alert(v); // expect: PFL402
			v->alerted = TRUE;
		} else if (pct >= (guint)threshold_pct) {
			v->alerted = FALSE;
		}
	}
	return G_SOURCE_CONTINUE;
}

/* Runs on its own thread: every 15 s, one multi-row INSERT of the queued samples. */
static gpointer sample_writer(gpointer data)
{
	GString *sql = g_string_new(NULL);
	gchar *s;

	(void)data;
	for (;;) {
		sleep(15);
		g_string_assign(sql, "INSERT INTO disk_samples(mount, free_bytes, ts) VALUES ");
		gsize base = sql->len;
		while ((s = g_async_queue_try_pop(sample_queue)) != NULL) {
			gchar **parts = g_strsplit(s, " ", 2);
			gchar *q = PQescapeLiteral(pg, parts[0], strlen(parts[0]));
			g_string_append_printf(sql, "%s(%s, %s, now())", sql->len > base ? ", " : "",
					       q, parts[1] ? parts[1] : "0");
			PQfreemem(q);
			g_strfreev(parts);
			g_free(s);
		}
		if (sql->len > base)
			PQclear(PQexec(pg, sql->str)); // near-miss: PFL101 flush loop sleeps in its body
	}
	return NULL;
}

static gboolean on_client(GIOChannel *ch, GIOCondition cond, gpointer data)
{
	int fd = g_io_channel_unix_get_fd(ch);
	char req[64], reply[1024];
	gsize len = 0;
	guint i;
	ssize_t n;

	(void)data;
	if (cond & (G_IO_HUP | G_IO_ERR))
		goto done;
	n = recv(fd, req, sizeof req - 1, 0); // expect: PFL401
	if (n <= 0)
		goto done;
	req[n] = '\0';
	for (i = 0; i < volumes->len && len < sizeof reply; i++) {
		Volume *v = g_ptr_array_index(volumes, i);
		len += g_snprintf(reply + len, sizeof reply - len, "%s %" G_GUINT64_FORMAT "\n",
				  v->mount, v->free_bytes);
	}
	send(fd, reply, len, MSG_NOSIGNAL); // expect: PFL401
done:
	close(fd);
	return G_SOURCE_REMOVE;
}

static gboolean on_listen(GIOChannel *ch, GIOCondition cond, gpointer data)
{
	int lfd = g_io_channel_unix_get_fd(ch);
	int cfd;
	GIOChannel *cch;

	(void)cond;
	(void)data;
	cfd = accept(lfd, NULL, NULL); // expect: PFL401
	if (cfd < 0)
		return G_SOURCE_CONTINUE;
	cch = g_io_channel_unix_new(cfd);
	g_io_add_watch(cch, G_IO_IN | G_IO_HUP | G_IO_ERR, on_client, NULL);
	g_io_channel_unref(cch);
	return G_SOURCE_CONTINUE;
}

static gboolean on_reconnect(gpointer data)
{
	(void)data;
	if (PQstatus(pg) == CONNECTION_OK)
		return G_SOURCE_REMOVE;
	PQreset(pg);
	if (PQstatus(pg) != CONNECTION_OK)
		return G_SOURCE_CONTINUE;
	PQclear(PQexec(pg, "SET application_name = 'diskwatchd'")); // expect: PFL401
	return G_SOURCE_REMOVE;
}

static gboolean on_first_idle(gpointer data)
{
	(void)data;
	g_message("diskwatchd ready, %u volumes", volumes->len);
	return G_SOURCE_REMOVE;
}

static int open_listener(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	g_strlcpy(sun.sun_path, SOCK_PATH, sizeof sun.sun_path);
	unlink(SOCK_PATH);
	if (bind(fd, (struct sockaddr *)&sun, sizeof sun) < 0 || listen(fd, 8) < 0) {
		g_printerr("listen: %s\n", g_strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static void load_config(const char *path)
{
	GKeyFile *kf = g_key_file_new();
	gchar **mounts;
	gsize n, i;

	volumes = g_ptr_array_new_with_free_func(volume_free);
	if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL)) {
		Volume *v = g_new0(Volume, 1);
		v->mount = g_strdup("/");
		g_ptr_array_add(volumes, v);
		g_key_file_free(kf);
		return;
	}
	threshold_pct = g_key_file_get_integer(kf, "watch", "threshold", NULL);
	mounts = g_key_file_get_string_list(kf, "watch", "mounts", &n, NULL);
	for (i = 0; mounts && i < n; i++) {
		Volume *v = g_new0(Volume, 1);
		v->mount = g_strdup(mounts[i]);
		g_ptr_array_add(volumes, v);
	}
	g_strfreev(mounts);
	g_key_file_free(kf);
}

int main(int argc, char **argv)
{
	int lfd;
	GIOChannel *lch;

	load_config(argc > 1 ? argv[1] : "/etc/diskwatchd.conf");
	pg = PQconnectdb(g_getenv("DISKWATCH_PG") ? g_getenv("DISKWATCH_PG") : "dbname=metrics");
	if (PQstatus(pg) == CONNECTION_OK)
		PQclear(PQexec(pg, "CREATE TABLE IF NOT EXISTS disk_samples(mount text, free_bytes bigint, ts timestamptz)"));
	sample_queue = g_async_queue_new_full(g_free);
	g_thread_new("sample-writer", sample_writer, NULL);
	if ((lfd = open_listener()) < 0)
		return 1;
	lch = g_io_channel_unix_new(lfd);
	g_io_add_watch(lch, G_IO_IN, on_listen, NULL);
	g_timeout_add_seconds(60, on_check, NULL);
	g_timeout_add_seconds(30, on_reconnect, NULL);
	g_idle_add(on_first_idle, NULL);
	main_loop = g_main_loop_new(NULL, FALSE);
	g_main_loop_run(main_loop);
	return 0;
}
