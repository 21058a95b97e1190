/*
 * linkcheck - crawl a list of seed pages, extract href targets and report
 * broken links.  Redis remembers which URLs were already checked so that
 * several linkcheck processes can share the work.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <curl/curl.h>
#include <hiredis/hiredis.h>

#define MAX_LINKS 512

struct membuf {
	char *data;
	size_t len, cap;
};

struct link {
	char *url;
	long status;
};

static size_t collect(void *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct membuf *mb = userdata;
	size_t n = size * nmemb;

	if (mb->len + n + 1 > mb->cap) {
		size_t ncap = mb->cap ? mb->cap : 4096;
		char *tmp;
		while (ncap < mb->len + n + 1)
			ncap *= 2;
		tmp = realloc(mb->data, ncap);
		if (!tmp)
			return 0;
		mb->data = tmp;
		mb->cap = ncap;
	}
	memcpy(mb->data + mb->len, ptr, n);
	mb->len += n;
	mb->data[mb->len] = '\0';
	return n;
}

static size_t discard(void *ptr, size_t size, size_t nmemb, void *userdata)
{
	(void)ptr;
	(void)userdata;
	return size * nmemb;
}

static long head_status(CURL *h, const char *url)
{
	long code = 0;

	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	if (curl_easy_perform(h) == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	return code;
}

static int extract_links(const char *html, struct link *out, int max)
{
	const char *p = html;
	int n = 0;

	while (n < max && (p = strstr(p, "href=\"")) != NULL) {
		const char *end;
		p += 6;
		end = strchr(p, '"');
		if (!end)
			break;
		if (strncasecmp(p, "http", 4) == 0) {
			out[n].url = strndup(p, (size_t)(end - p));
			out[n].status = 0;
			n++;
		}
		p = end + 1;
	}
	return n;
}

static int fetch_page(CURL *h, const char *url, struct membuf *mb)
{
	CURLcode rc;
	int tries = 3;

	mb->len = 0;
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_NOBODY, 0L);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, mb);
	do {
		rc = curl_easy_perform(h); // near-miss: PFL101 retry loop decided by rc
	} while (rc == CURLE_OPERATION_TIMEDOUT && --tries > 0);
	return rc == CURLE_OK ? 0 : -1;
}

static int already_checked(redisContext *rc, const char *url)
{
	redisReply *r = redisCommand(rc, "SISMEMBER linkcheck:seen %s", url);
	int seen = r && r->type == REDIS_REPLY_INTEGER && r->integer == 1;

	freeReplyObject(r);
	return seen;
}

static void check_links(CURL *h, redisContext *rc, struct link *links, int n)
{
	int i;
	redisReply *r;

	for (i = 0; i < n; i++) {
		if (already_checked(rc, links[i].url)) // expect: PFL102
			continue;
		links[i].status = head_status(h, links[i].url); // expect: PFL102
		r = redisCommand(rc, "SADD linkcheck:seen %s", links[i].url); // expect: PFL101
		freeReplyObject(r);
	}
}

/* Records results with one pipelined round trip instead of n. */
static void record_results(redisContext *rc, const struct link *links, int n)
{
	int i;
	redisReply *r;

	for (i = 0; i < n; i++)
		redisAppendCommand(rc, "HSET linkcheck:status %s %ld", links[i].url,
				   links[i].status);
	for (i = 0; i < n; i++) {
		if (redisGetReply(rc, (void **)&r) != REDIS_OK)
			break;
		freeReplyObject(r);
	}
}

static void crawl_seeds(CURL *h, redisContext *rc, char **seeds, int nseeds)
{
	struct membuf mb = { 0 };
	struct link links[MAX_LINKS];
	int s, n, i;

	for (s = 0; s < nseeds; s++) {
		if (fetch_page(h, seeds[s], &mb) < 0) { // expect: PFL102
			fprintf(stderr, "cannot fetch %s\n", seeds[s]);
			continue;
		}
		n = extract_links(mb.data, links, MAX_LINKS);
		check_links(h, rc, links, n); // expect: PFL102
		record_results(rc, links, n);
		for (i = 0; i < n; i++) {
			if (links[i].status >= 400)
				printf("%ld %s (on %s)\n", links[i].status, links[i].url, seeds[s]);
			free(links[i].url);
		}
	}
	free(mb.data);
}

/* Worker mode: drain the shared queue (5 s timeout), then crawl the batch. */
static void worker(CURL *h, redisContext *rc)
{
	redisReply *job;
	char *batch[64];
	int n = 0;

	while (n < 64 && (job = redisCommand(rc, "BLPOP linkcheck:queue 5")) != NULL) { // near-miss: PFL101 call is the loop condition
		if (job->type != REDIS_REPLY_ARRAY || job->elements != 2) {
			freeReplyObject(job);
			break;
		}
		batch[n++] = strdup(job->element[1]->str);
		freeReplyObject(job);
	}
	crawl_seeds(h, rc, batch, n);
	while (n > 0)
		free(batch[--n]);
}

static void retry_failed(CURL *h, char **urls, int n)
{
	char errbuf[CURL_ERROR_SIZE];
	int i;

	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
	for (i = 0; i < n; i++) {
		curl_easy_setopt(h, CURLOPT_URL, urls[i]);
		if (curl_easy_perform(h) != CURLE_OK) // expect: PFL101
			fprintf(stderr, "%s: %s\n", urls[i], errbuf);
	}
}

int main(int argc, char **argv)
{
	CURL *h;
	redisContext *rc;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	h = curl_easy_init();
	rc = redisConnect("127.0.0.1", 6379);
	if (!h || !rc || rc->err) {
		fprintf(stderr, "init failed\n");
		return 1;
	}
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 15L);
	if (argc > 1 && strcmp(argv[1], "--worker") == 0)
		worker(h, rc);
	else if (argc > 1 && strcmp(argv[1], "--retry") == 0)
		retry_failed(h, argv + 2, argc - 2);
	else
		crawl_seeds(h, rc, argv + 1, argc - 1);
	redisFree(rc);
	curl_easy_cleanup(h);
	curl_global_cleanup();
	return 0;
}
