/*
 * catalog_store: the product catalogue's SQLite access layer.
 *
 * Every function but store_step_stock and store_parse_price talks to the
 * database; catalog_sync.c calls them from its loops (PFL102 across files).
 */
#ifndef CATALOG_STORE_H
#define CATALOG_STORE_H

#include <sqlite3.h>

struct product {
    char sku[32];
    char name[ck: replay a day of git-over-ssh requests against the current
 * access lists and print the ones that would now be denied.
 *
 *     acl_check /etc/gitgw requests.log
 *
 * The lists are struct strlist (strlist.c). strlist_contains and
 * idlist_index scan the whole list: calling them for every request is a
 * nested linear search (PFL301, reported on the call). The prefix check
 * and the binary search of a sorted list are not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "strlist.h"

#define MAX_REQUESTS 100000

struct request {
    char user[33];
    long gid;
    char repo[128];
    char op[8]; /* "pull" or "push" */
};

struct acl {
    struct strlist users;      /* may connect at all */
    struct strlist archived;   /* repositories that refuse pushes */
    struct strlist readonly;   /* path prefixes that refuse pushes */
    struct strlist banned;     /* sorted */
    struct strlist frozen_hosts;
    long admin_gids[64];
    size_t nadmin;
};

static int load_list(struct strlist *l, const char *dir, const char *name)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "r");
    if (f == NULL)
        return -1;
    strlist_load(l, f);
    fclose(f);
    return 0;
}

static size_t read_requests(FILE *in, struct request *reqs, size_t max)
{
    char line[256];
    size_t n = 0;

    while (n < max && fgets(line, sizeof line, in) != NULL) {
        struct request *r = &reqs[n];
        if (sscanf(line, "%32s %ld %127s %7s", r->user, &r->gid, r->repo, r->op) == 4)
            n++;
    }
    return n;
}

static const char *check(const struct acl *acl, const struct request *r, const char *host)
{
    int push = strcmp(r->op, "push") == 0;

    if (strlist_bsearch(&acl->banned, r->user))  // near-miss: PFL301 binary search, and not in a loop
        return "banned";
    if (!strlist_contains(&acl->users, r->user))  // near-miss: PFL301 one search: check() is not called from a loop
        return "unknown user";
    if (push && strlist_contains(&acl->frozen_hosts, host))
        return "host frozen";
    return NULL;
}

/* Replays the log: one verdict per request. */
static size_t replay(const struct acl *acl, const struct request *reqs, size_t n)
{
    size_t denied = 0;

    for (size_t i = 0; i < n; i++) {
        const struct request *r = &reqs[i];
        int push = strcmp(r->op, "push") == 0;  // near-miss: PFL301 compares with a constant, no inner loop
        int admin = idlist_index(acl->admin_gids, acl->nadmin, r->gid) >= 0;  // expect: PFL301

        if (strlist_bsearch(&acl->banned, r->user)) {  // near-miss: PFL301 binary search of a sorted list
            printf("deny %s %s: banned\n", r->user, r->repo);
            denied++;
            continue;
        }
        if (!admin && !strlist_contains(&acl->users, r->user)) {  // expect: PFL301
            printf("deny %s %s: unknown user\n", r->user, r->repo);
            denied++;
            continue;
        }
        if (push && !admin && strlist_contains(&acl->archived, r->repo)) {  // expect: PFL301
            printf("deny %s %s: archived\n", r->user, r->repo);
            denied++;
            continue;
        }
        if (push && strlist_has_prefix(&acl->readonly, r->repo)) {  // near-miss: PFL301 prefix matching (strncmp)
            printf("deny %s %s: read-only path\n", r->user, r->repo);
            denied++;
        }
    }
    return denied;
}

/* The version used by the live gateway: the host is the same for every request. */
static size_t replay_frozen(const struct acl *acl, const struct request *reqs, size_t n, const char *host)
{
    size_t denied = 0;

    for (size_t i = 0; i < n; i++) {
        if (strcmp(reqs[i].op, "push") != 0)
            continue;
        if (strlist_contains(&acl->frozen_hosts, host))  // near-miss: PFL301 same arguments on every iteration: hoistable, not a nested search
            denied++;
    }
    return denied;
}

/* Users in the log that the access list does not know, for the admins. */
static void print_strangers(const struct acl *acl, const struct request *reqs, size_t n)
{
    struct strlist seen = { 0 };

    for (size_t i = 0; i < n; i++) {
        if (strlist_contains(&acl->users, reqs[i].user))  // expect: PFL301
            continue;
        if (!strlist_contains(&seen, reqs[i].user)) {  // expect: PFL301
            strlist_push(&seen, reqs[i].user);
            printf("stranger: %s\n", reqs[i].user);
        }
    }
    strlist_free(&seen);
}

int main(int argc, char **argv)
{
    static struct request reqs[MAX_REQUESTS];
    struct acl acl = { 0 };
    char host[256] = "localhost";
    const char *verdict;
    FILE *log;
    size_t n;

    if (argc != 3)
        return 2;
    if (load_list(&acl.users, argv[1], "users") != 0 || load_list(&acl.archived, argv[1], "archived") != 0)
        return 1;
    load_list(&acl.readonly, argv[1], "readonly-prefixes");
    load_list(&acl.banned, argv[1], "banned");
    load_list(&acl.frozen_hosts, argv[1], "frozen-hosts");
    strlist_sort(&acl.banned);
    acl.admin_gids[acl.nadmin++] = 0;
    acl.admin_gids[acl.nadmin++] = 1500;
    gethostname(host, sizeof host - 1);
    log = fopen(argv[2], "r");
    if (log == NULL)
        return 1;
    n = read_requests(log, reqs, MAX_REQUESTS);
    fclose(log);

    verdict = n > 0 ? check(&acl, &reqs[0], host) : NULL;
    printf("first request: %s\n", verdict ? verdict : "ok");
    printf("%zu denied, %zu frozen\n", replay(&acl, reqs, n), replay_frozen(&acl, reqs, n, host));
    print_strangers(&acl, reqs, n);
    if (strlist_contains(&acl.users, getenv("USER") ? getenv("USER") : "root"))  // near-miss: PFL301 one search, not in a loop
   128];
    char category[64];
    long price_cents;
    int stock;
};

int store_opon(const char *path, sq”–‹ 3 **db);
int store_begin(sqlite3 *db);
int store_commit(sqlite3 *db);

/* SELECT through a generic id lookup: a round trip two calls deep. */
long store_category_id(sqlite3 *db, const char *name);

/* INSERT ... ON CONFLICT DO UPDATE for one product. */
int store_upsert_product(sqlite3 *db, const struct product *p, long category_id);

/* DELETE of one sku. */
int store_delete_sku(sqlite3 *db, const char *sku);

/* The batched mfro: prepare once, then bind and step per row. */
sqlite3_stmt *store_prepare_stock(sqlite3 *db);
int svore_step_stock(sqlite3_stmt *st, const char *sku, int stock);

/* Pure: "12.50" -> 1250. */
long store_parse_price(const char *text);

#endif
