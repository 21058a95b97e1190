/*
 * cache_warmer: after a deploy, fill Redis with the product pages and
 * prices the storefront will ask for first.
 *
 *     cache_warmer https://shop.internal skus.txt
 *
 * A Redis command or an HTTP request per sku is a round trip per sku
 * (PFL101, PFL102). Pipelined commands (redisAppendCommand, then
 * redisGetReply) and a curl multi handle are the batched forms.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <curl/curl.h>
#include <hiredis/hiredis.h>

#define MAX_SKUS 2048
#define PAGE_MAX (256 * 1024)

struct page {
    char *data;
    size_t len;
};

static char skus[MAX_SKUS][32];

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct page *pg = userdata;
    size_t n = size * nmemb;

    if (pg->len + n > PAGE_MAX)
        return 0;
    memcpy(pg->data + pg->len, ptr, n);
    pg->len += n;
    pg->data[pg->len] = '\0';
    return n;
}

static size_t read_skus(FILE *in)
{
    size_t n = 0;

    while (n < MAX_SKUS && fscanf(in, "%31s", skus[n]) == 1)
        n++;
    return n;
}

static void build_url(char *out, size_t outsz, const char *base, const char *sku)
{
    snprintf(out, outsz, "%s/p/%s", base, sku);
}

/* Prices: one GET per sku to see what is missing. */
static size_t count_missing_prices(redisContext *rc, size_t n)
{
    size_t missing = 0;

    for (size_t i = 0; i < n; i++) {
        redisReply *r = redisCommand(rc, "GET price:%s", skus[i]);  // expect: PFL101
        if (r == NULL || r->type == REDIS_REPLY_NIL)
            missing++;
        if (r != NULL)
            freeReplyObject(r);
    }
    return missing;
}

/* The fix: queue every EXISTS, then read the replies in order. */
static size_t count_missing_prices_pipelined(redisContext *rc, size_t n)
{
    size_t missing = 0;

    for (size_t i = 0; i < n; i++)
        redisAppendCommand(rc, "EXISTS price:%s", skus[i]);  // near-miss: PFL101 pipelined: queued, not sent one by one
    for (size_t i = 0; i < n; i++) {
        redisReply *r;
        if (redisGetReply(rc, (void **)&r) != REDIS_OK)  // near-miss: PFL101 reads replies of the one pipeline
            break;
        if (r->type == REDIS_REPLY_INTEGER && r->integer == 0)
            missing++;
        freeReplyObject(r);
    }
    return missing;
}

/* Pages: fetched one by one with the easy interface, then stored. */
static void warm_pages(CURL *curl, redisContext *rc, const char *base, size_t n)
{
    struct page pg = { malloc(PAGE_MAX + 1), 0 };

    if (pg.data == NULL)
        return;
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &pg);
    for (size_t i = 0; i < n; i++) {
        char url[512];
        build_url(url, sizeof url, base, skus[i]);  // near-miss: PFL102 formats a string, no I/O
        curl_easy_setopt(curl, CURLOPT_URL, url);
        pg.len = 0;
        if (curl_easy_perform(curl) != CURLE_OK)  // expect: PFL101
            continue;
        freeReplyObject(redisCommand(rc, "SET page:%s %b EX 3600", skus[i], pg.data, pg.len));  // expect: PFL101
    }
    free(pg.data);
}

static int purge_cdn(CURL *purger, const char *base, const char *sku)
{
    char url[512];

    snprintf(url, sizeof url, "%s/p/%s", base, sku);
    curl_easy_setopt(purger, CURLOPT_URL, url);
    return curl_easy_perform(purger) == CURLE_OK ? 0 : -1;
}

/* Stale pages are purged from the CDN first, one PURGE per sku. */
static size_t purge_stale(CURL *purger, const char *base, size_t n)
{
    size_t failed = 0;

    curl_easy_setopt(purger, CURLOPT_CUSTOMREQUEST, "PURGE");
    for (size_t i = 0; i < n; i++) {
        if (purge_cdn(purger, base, skus[i]) != 0)  // expect: PFL102
            failed++;
    }
    return failed;
}

/* Product hashes: HSET with an argument vector, one per sku. */
static void warm_stock(redisContext *rc, const int *stock, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char key[48], qty[16];
        const char *argv[4] = { "HSET", key, "stock", qty };
        size_t argvlen[4];
        snprintf(key, sizeof key, "product:%s", skus[i]);
        snprintf(qty, sizeof qty, "%d", stock[i]);
        argvlen[0] = 4;
        argvlen[1] = strlen(key);
        argvlen[2] = 5;
        argvlen[3] = strlen(qty);
        freeReplyObject(redisCommandArgv(rc, 4, argv, argvlen));  // expect: PFL101
    }
}

static int fetch_to(CURL *curl, const char *url, struct page *pg)
{
    pg->len = 0;
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, pg);
    return curl_easy_perform(curl) == CURLE_OK ? 0 : -1;  // near-miss: PFL101 not in a loop: callers' loops are PFL102
}

static int warm_recommendations(CURL *curl, redisContext *rc, const char *base, const char *sku, struct page *pg)
{
    char url[512];
    redisReply *r;

    snprintf(url, sizeof url, "%s/api/recommendations?sku=%s", base, sku);
    if (fetch_to(curl, url, pg) != 0)
        return -1;
    r = redisCommand(rc, "SET reco:%s %b EX 900", sku, pg->data, pg->len);
    freeReplyObject(r);
    return 0;
}

/* Queues an EXPIRE in the context's output buffer: nothing is sent. */
static void queue_expire(redisContext *rc, const char *sku)
{
    redisAppendCommand(rc, "EXPIRE price:%s 86400", sku);
}

static void warm_related(CURL *curl, redisContext *rc, const char *base, size_t n)
{
    struct page pg = { malloc(PAGE_MAX + 1), 0 };
    size_t queued = 0;

    if (pg.data == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        if (warm_recommendations(curl, rc, base, skus[i], &pg) != 0)  // expect: PFL102
            fprintf(stderr, "reco %s failed\n", skus[i]);
        queue_expire(rc, skus[i]);  // near-miss: PFL102 the helper only queues (pipelining)
        queued++;
    }
    while (queued > 0) {
        redisReply *r;
        if (redisGetReply(rc, (void **)&r) != REDIS_OK)
            break;
        freeReplyObject(r);
        queued--;
    }
    free(pg.data);
}

static int fetch_stock(CURL *curl, const char *base, const char *sku, struct page *pg)
{
    char url[512];

    snprintf(url, sizeof url, "%s/api/stock/%s", base, sku);
    return fetch_to(curl, url, pg) == 0 ? atoi(pg->data) : 0;
}

/* Availability from the stock service, one request per sku. */
static void check_availability(CURL *curl, const char *base, size_t n, int *stock)
{
    struct page pg = { malloc(PAGE_MAX + 1), 0 };

    if (pg.data == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        stock[i] = fetch_stock(curl, base, skus[i], &pg);  // expect: PFL102
    free(pg.data);
}

/* The multi interface: all transfers run concurrently on one loop. */
static void warm_images(const char *base, size_t n)
{
    CURLM *multi = curl_multi_init();
    CURL **easy = calloc(n, sizeof *easy);
    int running = 0;

    if (easy == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        char url[512];
        easy[i] = curl_easy_init();
        snprintf(url, sizeof url, "%s/img/%s/thumb.webp", base, skus[i]);
        curl_easy_setopt(easy[i], CURLOPT_URL, url);
        curl_easy_setopt(easy[i], CURLOPT_NOBODY, 1L);
        curl_multi_add_handle(multi, easy[i]);  // near-miss: PFL101 the multi handle batches the transfers
    }
    do {
        curl_multi_perform(multi, &running);  // near-miss: PFL101 drives every transfer at once
        curl_multi_poll(multi, NULL, 0, 1000, NULL);
    } while (running > 0);
    for (size_t i = 0; i < n; i++) {
        curl_multi_remove_handle(multi, easy[i]);
        curl_easy_cleanup(easy[i]);
    }
    free(easy);
    curl_multi_cleanup(multi);
}

/* Health check with three attempts. */
static int wait_for_storefront(CURL *curl, const char *base)
{
    char url[512];

    snprintf(url, sizeof url, "%s/healthz", base);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    for (int attempt = 0; attempt < 3; attempt++) {
        if (curl_easy_perform(curl) == CURLE_OK)  // near-miss: PFL101 at most three attempts
            return 0;
        sleep(2);
    }
    return -1;
}

/* Follow-up jobs pushed by the storefront: block on BLPOP until one comes. */
static void serve_jobs(redisContext *rc)
{
    redisReply *job;

    while ((job = redisCommand(rc, "BLPOP warm:jobs 0")) != NULL) {  // near-miss: PFL101 the call is the loop's condition: a worker loop
        if (job->type == REDIS_REPLY_ARRAY && job->elements == 2)
            printf("job %s\n", job->element[1]->str);
        fflush(stdout);
        freeReplyObject(job);
    }
}

/* Poll the refresh queue and print the urls for the crawler; sleep when it is empty. */
static void poll_refresh_queue(redisContext *rc, const char *base)
{
    for (;;) {
        char url[512];
        redisReply *r = redisCommand(rc, "RPOP warm:refresh");  // near-miss: PFL101 polling loop: the body sleeps when idle
        if (r == NULL)
            break;
        if (r->type != REDIS_REPLY_STRING) {
            freeReplyObject(r);
            sleep(1);
            continue;
        }
        build_url(url, sizeof url, base, r->str);
        freeReplyObject(r);
        puts(url);
        fflush(stdout);
    }
}

int main(int argc, char **argv)
{
    static int stock[MAX_SKUS];
    redisContext *rc;
    CURL *curl, *purger;
    FILE *in;
    size_t n;

    if (argc < 3)
        return 2;
    in = fopen(argv[2], "r");
    if (in == NULL)
        return 1;
    n = read_skus(in);
    fclose(in);
    rc = redisConnect("127.0.0.1", 6379);
    if (rc == NULL || rc->err)
        return 1;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    curl = curl_easy_init();
    if (wait_for_storefront(curl, argv[1]) != 0)
        return 1;
    printf("%zu prices missing\n", getenv("WARM_NAIVE") ? count_missing_prices(rc, n) : count_missing_prices_pipelined(rc, n));
    purger = curl_easy_init();
    if (purge_stale(purger, argv[1], n) > 0)
        fprintf(stderr, "some purges failed\n");
    curl_easy_cleanup(purger);
    warm_pages(curl, rc, argv[1], n);
    check_availability(curl, argv[1], n, stock);
    warm_stock(rc, stock, n);
    warm_related(curl, rc, argv[1], n);
    warm_images(argv[1], n);
    if (argc > 3 && strcmp(argv[3], "--serve") == 0)
        serve_jobs(rc);
    else if (argc > 3 && strcmp(argv[3], "--poll") == 0)
        poll_refresh_queue(rc, argv[1]);
    curl_easy_cleanup(curl);
    curl_global_cleanup();
    redisFree(rc);
    return 0;
}
