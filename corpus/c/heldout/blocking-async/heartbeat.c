/*
 * heartbeat - libev agent that posts a heartbeat to a monitoring endpoint,
 * accepts commands on stdin and reloads its config on SIGHUP.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <pthread.h>
#include <sys/wait.h>
#include <ev.h>
#include <curl/curl.h>

struct config {
	char endpoint[256];
	char token[64];
	double interval;
	int jitter_ms;
};

static struct config cfg = { "http://127.0.0.1:9000/hb", "", 30.0, 0 };
static CURL *curl;
static ev_timer beat_w;
static ev_io cmd_w;
static ev_signal hup_w;
static unsigned long beats, failures;
static pid_t hook_pid;

static int parse_config(const char *path, struct config *out)
{
	FILE *fp = fopen(path, "r");
	char key[32], val[256];

	if (!fp)
		return -1;
	while (fscanf(fp, " %31[^=]=%255s", key, val) == 2) {
		if (strcmp(key, "endpoint") == 0)
			snprintf(out->endpoint, sizeof out->endpoint, "%s", val);
		else if (strcmp(key, "token") == 0)
			snprintf(out->token, sizeof out->token, "%s", val);
		else if (strcmp(key, "interval") == 0)
			out->interval = atof(val);
		else if (strcmp(key, "jitter_ms") == 0)
			out->jitter_ms = atoi(val);
	}
	fclose(fp);
	return 0;
}

static int post_heartbeat(void)
{
	char body[128];
	CURLcode rc;

	snprintf(body, sizeof body, "{\"beats\":%lu,\"failures\":%lu,\"ts\":%ld}",
		 beats, failures, (long)time(NULL));
	curl_easy_setopt(curl, CURLOPT_URL, cfg.endpoint);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
	rc = curl_easy_perform(curl);
	return rc == CURLE_OK ? 0 : -1;
}

static void format_status(char *buf, size_t len)
{
	snprintf(buf, len, "beats=%lu failures=%lu interval=%.1f\n", beats, failures, cfg.interval);
}

static void beat_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
	if (cfg.jitter_ms > 0)
		usleep((useconds_t)(rand() % cfg.jitter_ms) * 1000); // expect: PFL401
	if (post_heartbeat() < 0) // expect: PFL402
		failures++;
	beats++;
}

static void run_hook(const char *name)
{
	char cmd[300];
	int status;

	snprintf(cmd, sizeof cmd, "/etc/heartbeat/hooks/%s", name);
	hook_pid = fork();
	if (hook_pid == 0) {
		execl(cmd, cmd, (char *)NULL);
		_exit(127);
	}
	if (hook_pid > 0)
		waitpid(hook_pid, &status, 0);
}

static void cmd_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	char line[128], status[128];
	ssize_t n;

	(void)revents;
	n = read(w->fd, line, sizeof line - 1); // expect: PFL401
	if (n <= 0) {
		ev_io_stop(loop, w);
		ev_break(loop, EVBREAK_ALL);
		return;
	}
	line[n] = '\0';
	line[strcspn(line, "\r\n")] = '\0';
	if (strcmp(line, "status") == 0) {
		format_status(status, sizeof status);
		fputs(status, stdout);
		fflush(stdout);
	} else if (strncmp(line, "hook ", 5) == 0) {
		run_hook(line + 5); // expect: PFL402
	} else if (strcmp(line, "now") == 0) {
		ev_feed_event(loop, &beat_w, EV_TIMER);
	}
}

static void hup_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct config fresh = cfg;

	(void)w;
	(void)revents;
	if (parse_config("/etc/heartbeat.conf", &fresh) == 0) { // expect: PFL402
		cfg = fresh;
		ev_timer_set(&beat_w, cfg.interval, cfg.interval);
		ev_timer_again(loop, &beat_w);
	}
}

/* A plain thread that trims the local spool; not an event callback. */
static void *spool_janitor(void *arg)
{
	(void)arg;
	for (;;) {
		sleep(600);
		if (system("find /var/spool/heartbeat -mtime +7 -delete") != 0)
			fprintf(stderr, "janitor failed\n");
	}
	return NULL;
}

int main(int argc, char **argv)
{
	struct ev_loop *loop = EV_DEFAULT;
	pthread_t janitor;

	parse_config(argc > 1 ? argv[1] : "/etc/heartbeat.conf", &cfg);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	curl = curl_easy_init();
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 5L);
	if (post_heartbeat() < 0)
		fprintf(stderr, "initial heartbeat failed\n");
	pthread_create(&janitor, NULL, spool_janitor, NULL);

	ev_timer_init(&beat_w, beat_cb, cfg.interval, cfg.interval);
	ev_timer_start(loop, &beat_w);
	ev_io_init(&cmd_w, cmd_cb, STDIN_FILENO, EV_READ);
	ev_io_start(loop, &cmd_w);
	ev_init(&hup_w, hup_cb);
	ev_signal_set(&hup_w, SIGHUP);
	ev_signal_start(loop, &hup_w);

	ev_run(loop, 0);
	curl_easy_cleanup(curl);
	return 0;
}
