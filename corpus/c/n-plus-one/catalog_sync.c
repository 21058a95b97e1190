/*
 * catalog_sync: apply a supplier's nightly feed to the catalogue.
 *
 *     catalog_sync catalogue.db feed.tsv discontinued.txt
 *
 * feed.tsv: sku<TAB>name<TAB>category<TAB>price<TAB>stock. The store
 * helpers live in catalog_store.c: each call of a querying helper with the
 * current row is a round trip per row (PFL102, across files).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog_store.h"

#define MAX_ROWS 20000

static struct product feed[MAX_ROWS];

static size_t read_feed(FILE *in)
{
    char line[512];
    size_t n = 0;

    while (n < MAX_ROWS && fgets(line, sizeof line, in) != NULL) {
        char price[32];
        struct product *p = &feed[n];
        if (sscanf(line, "%31[^\t]\t%127[^\t]\t%63[^\t]\t%31[^\t]\t%d", p->sku, p->name, p->category, price, &p->stock) != 5)
            continue;
        p->price_cents = store_parse_price(price);  // near-miss: PFL102 pure helper, no I/O
        n++;
    }
    return n;
}

/* Upsert every row, looking its category up first. */
static int apply_feed(sqlite3 *db, size_t n)
{
    int failed = 0;

    for (size_t i = 0; i < n; i++) {
        long category = store_category_id(db, feed[i].category);  // expect: PFL102
        if (category < 0) {
            fprintf(stderr, "%s: unknown category %s\n", feed[i].sku, feed[i].category);
            failed++;
            continue;
        }
        if (store_upsert_product(db, &feed[i], category) != 0)  // expect: PFL102
            failed++;
        if (i % 1000 == 999) {
            store_commit(db);  // near-miss: PFL102 same arguments every time: a periodic commit, not per row
            store_begin(db);  // near-miss: PFL102 same arguments every time
        }
    }
    return failed;
}

/* Stock-only runs: one prepared statement, stepped per row. */
static int apply_stock_levels(sqlite3 *db, size_t n)
{
    sqlite3_stmt *st = store_prepare_stock(db);
    int failed = 0;

    if (st == NULL)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (store_step_stock(st, feed[i].sku, feed[i].stock) != 0)  // near-miss: PFL102 binds and steps a statement prepared before the loop
            failed++;
    }
    sqlite3_finalize(st);
    return failed;
}

static size_t read_discontinued(FILE *list, char skus[][32], size_t max)
{
    size_t n = 0;

    while (n < max && fscanf(list, "%31s", skus[n]) == 1)
        n++;
    return n;
}

static size_t remove_discontinued(sqlite3 *db, char skus[][32], size_t n)
{
    size_t removed = 0;

    for (size_t i = 0; i < n; i++) {
        if (store_delete_sku(db, skus[i]) == SQLITE_OK)  // expect: PFL102
            removed++;
    }
    return removed;
}

/* Stamp the categories this feed used: one UPDATE per row. */
static void touch_categories(sqlite3 *db, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *sql = sqlite3_mprintf("UPDATE categories SET seen_at = date('now') WHERE name = %Q", feed[i].category);
        sqlite3_exec(db, sql, NULL, NULL, NULL);  // expect: PFL101
        sqlite3_free(sql);
    }
}

int main(int argc, char **argv)
{
    static char discontinued[1024][32];
    sqlite3 *db;
    FILE *in, *gone;
    size_t n;
    int stock_only = argc == 5 && strcmp(argv[4], "--stock-only") == 0;

    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: %s catalogue.db feed.tsv discontinued.txt [--stock-only]\n", argv[0]);
        return 2;
    }
    if (store_open(argv[1], &db) != 0)
        return 1;
    in = fopen(argv[2], "r");
    if (in == NULL) {
        perror(argv[2]);
        return 1;
    }
    n = read_feed(in);
    fclose(in);

    store_begin(db);
    if (stock_only) {
        apply_stock_levels(db, n);
    } else {
        printf("%d rows failed\n", apply_feed(db, n));
        touch_categories(db, n);
    }
    gone = fopen(argv[3], "r");
    if (gone != NULL) {
        size_t ngone = read_discontinued(gone, discontinued, 1024);
        fclose(gone);
        printf("%zu skus removed\n", remove_discontinued(db, discontinued, ngone));
    }
    if (store_commit(db) != SQLITE_OK)  // near-miss: PFL102 not in a loop
        fprintf(stderr, "commit: %s\n", sqlite3_errmsg(db));
    printf("first category id: %ld\n", store_category_id(db, feed[0].category));
    sqlite3_close(db);
    return 0;
}
