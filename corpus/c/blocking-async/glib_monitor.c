/*
 * boxmon: the health monitor of an embedded gateway, on the GLib main
 * loop. It checks the disk, blinks the status LED, probes the uplink,
 * takes commands on stdin and logs who connects to its status socket.
 *
 * Sources added with g_timeout_add*, g_idle_add and g_io_add_watch, and
 * signal handlers connected with g_signal_connect, all run on the main
 * loop: a blocking call in one (PFL401), or a call to a helper that
 * blocks (PFL402), freezes the others. GLib's *_async functions do not.
 */
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <sqlite3.h>

#define CONFIG_PATH "/etc/boxmon.conf"
#define LED_PATH "/sys/class/leds/status/brightness"
#define PEERS_LOG "/var/log/boxmon-peers.log"

static GMainLoop *main_loop;
static sqlite3 *audit_db;
static int journal_fd = -1;
static int led_on;
static int disk_warn_percent = 90;
static char uplink[128] = "uplink.example.net";

/* --- helpers -------------------------------------------------------------- */

static int read_mounts(void)
{
    char *line = NULL;
    size_t cap = 0;
    int readonly = 0;
    FILE *f = fopen("/proc/mounts", "r");  // near-miss: PFL401 a plain helper, not a callback: see its callers (PFL402)

    if (f == NULL)
        return -1;
    while (getline(&line, &cap, f) > 0) {  // near-miss: PFL401 a plain helper, not a callback
        if (strstr(line, " / ") != NULL && strstr(line, " ro,") != NULL)
            readonly = 1;
    }
    free(line);
    fclose(f);
    return readonly;
}

static void record_peer(const char *addr)
{
    FILE *f = fopen(PEERS_LOG, "a");

    if (f == NULL)
        return;
    fprintf(f, "%s\n", addr);
    fclose(f);
}

static void notify_admins(const char *msg)
{
    gchar *cmd = g_strdup_printf("logger -t boxmon -p daemon.warning '%s'", msg);

    g_spawn_command_line_async(cmd, NULL);
    g_free(cmd);
}

static int percent_used(const char *df_line)
{
    int pct = -1;

    sscanf(df_line, "%*s %*s %*s %*s %d%%", &pct);
    return pct;
}

/* --- sources ---------------------------------------------------------------- */

static gboolean check_disk(gpointer data)
{
    char line[256];
    FILE *df;

    (void)data;
    df = popen("df -P /", "r");  // expect: PFL401
    if (df == NULL)
        return G_SOURCE_CONTINUE;
    while (fgets(line, sizeof line, df) != NULL) {  // expect: PFL401
        int pct = percent_used(line);  // near-miss: PFL402 parses a string
        if (pct >= disk_warn_percent)
            notify_admins("root file system almost full");  // near-miss: PFL402 g_spawn_command_line_async does not wait for the child
    }
    pclose(df);  // expect: PFL401
    if (read_mounts() == 1)  // expect: PFL402
        notify_admins("root file system is read-only");
    return G_SOURCE_CONTINUE;
}

static gboolean blink_led(gpointer data)
{
    FILE *led;

    (void)data;
    led_on = !led_on;
    led = fopen(LED_PATH, "w");  // expect: PFL401
    if (led != NULL) {
        fputs(led_on ? "1" : "0", led);
        fclose(led);
    }
    return G_SOURCE_CONTINUE;
}

static gboolean flush_journal(gpointer data)
{
    (void)data;
    if (journal_fd >= 0)
        fsync(journal_fd);  // expect: PFL401
    return G_SOURCE_REMOVE;
}

static gboolean probe_uplink(gpointer data)
{
    const char *host = data;
    struct hostent *he = gethostbyname(host);  // expect: PFL401

    if (he == NULL)
        g_warning("uplink %s does not resolve", host);
    return G_SOURCE_CONTINUE;
}

static gboolean on_command(GIOChannel *source, GIOCondition condition, gpointer data)
{
    gchar *line = NULL;
    gsize len = 0;

    (void)data;
    if (condition & (G_IO_HUP | G_IO_ERR)) {
        g_main_loop_quit(main_loop);
        return G_SOURCE_REMOVE;
    }
    if (g_io_channel_read_line(source, &line, &len, NULL, NULL) != G_IO_STATUS_NORMAL)
        return G_SOURCE_CONTINUE;
    g_strstrip(line);
    if (g_str_equal(line, "restart-uplink"))
        system("/etc/init.d/uplink restart");  // expect: PFL401
    else if (g_str_equal(line, "flush"))
        g_idle_add(flush_journal, NULL);
    else if (g_str_equal(line, "quit"))
        g_main_loop_quit(main_loop);
    g_free(line);
    return G_SOURCE_CONTINUE;
}

static void on_config_loaded(GObject *source, GAsyncResult *res, gpointer data)
{
    gchar *contents = NULL;
    gsize len = 0;

    (void)data;
    if (g_file_load_contents_finish(G_FILE(source), res, &contents, &len, NULL, NULL)) {
        sscanf(contents, "disk_warn_percent = %d", &disk_warn_percent);
        g_free(contents);
    }
}

static gboolean reload_config(gpointer data)
{
    GFile *file = g_file_new_for_path(CONFIG_PATH);

    (void)data;
    g_file_load_contents_async(file, NULL, on_config_loaded, NULL);  // near-miss: PFL401 asynchronous: the result comes to on_config_loaded
    g_object_unref(file);
    return G_SOURCE_CONTINUE;
}

static gboolean on_incoming(GSocketService *service, GSocketConnection *connection, GObject *source_object, gpointer data)
{
    GSocketAddress *remote = g_socket_connection_get_remote_address(connection, NULL);
    gchar *addr = NULL;
    char *sql;

    (void)service;
    (void)source_object;
    (void)data;
    if (remote != NULL && G_IS_INET_SOCKET_ADDRESS(remote))
        addr = g_inet_address_to_string(g_inet_socket_address_get_address(G_INET_SOCKET_ADDRESS(remote)));
    record_peer(addr ? addr : "?");  // expect: PFL402
    sql = sqlite3_mprintf("INSERT INTO connections (peer, at) VALUES (%Q, datetime('now'))", addr ? addr : "?");
    sqlite3_exec(audit_db, sql, NULL, NULL, NULL);  // expect: PFL401
    sqlite3_free(sql);
    g_free(addr);
    if (remote != NULL)
        g_object_unref(remote);
    return FALSE;
}

/* Written by main() after the loop has quit: not a callback. */
static void dump_state(const char *path)
{
    FILE *f = fopen(path, "w");  // near-miss: PFL401 not a registered callback

    if (f == NULL)
        return;
    fprintf(f, "led=%d disk_warn_percent=%d uplink=%s\n", led_on, disk_warn_percent, uplink);
    fclose(f);
}

int main(void)
{
    GSocketService *service;
    GIOChannel *in;
    char line[160];
    FILE *cfg = fopen(CONFIG_PATH, "r");  // near-miss: PFL401 main(), before the loop runs

    if (cfg != NULL) {
        while (fgets(line, sizeof line, cfg) != NULL)  // near-miss: PFL401 main(), before the loop runs
            sscanf(line, "uplink = %127s", uplink);
        fclose(cfg);
    }
    if (sqlite3_open("/var/lib/boxmon/audit.db", &audit_db) != SQLITE_OK)
        return 1;
    journal_fd = open("/var/lib/boxmon/journal", O_WRONLY | O_CREAT | O_APPEND, 0644);
    main_loop = g_main_loop_new(NULL, FALSE);

    g_timeout_add_seconds(30, check_disk, NULL);
    g_timeout_add(500, blink_led, NULL);
    g_timeout_add_seconds(300, reload_config, NULL);
    g_timeout_add_full(G_PRIORITY_LOW, 15000, probe_uplink, g_strdup(uplink), g_free);
    g_idle_add(flush_journal, NULL);

    in = g_io_channel_unix_new(STDIN_FILENO);
    g_io_add_watch(in, G_IO_IN | G_IO_HUP | G_IO_ERR, on_command, NULL);

    service = g_socket_service_new();
    g_socket_listener_add_inet_port(G_SOCKET_LISTENER(service), 7001, NULL, NULL);
    g_signal_connect(service, "incoming", G_CALLBACK(on_incoming), NULL);
    g_socket_service_start(service);

    g_main_loop_run(main_loop);

    dump_state("/var/lib/boxmon/state");  // near-miss: PFL402 main(), after the loop
    g_io_channel_unref(in);
    g_object_unref(service);
    g_main_loop_unref(main_loop);
    sqlite3_close(audit_db);
    return 0;
}
