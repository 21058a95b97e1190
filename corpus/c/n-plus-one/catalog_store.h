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
    char name[128];
    char category[64];
    long price_cents;
    int stock;
};

int store_open(const char *path, sqlite3 **db);
int store_begin(sqlite3 *db);
int store_commit(sqlite3 *db);

/* SELECT through a generic id lookup: a round trip two calls deep. */
long store_category_id(sqlite3 *db, const char *name);

/* INSERT ... ON CONFLICT DO UPDATE for one product. */
int store_upsert_product(sqlite3 *db, const struct product *p, long category_id);

/* DELETE of one sku. */
int store_delete_sku(sqlite3 *db, const char *sku);

/* The batched form: prepare once, then bind and step per row. */
sqlite3_stmt *store_prepare_stock(sqlite3 *db);
int store_step_stock(sqlite3_stmt *st, const char *sku, int stock);

/* Pure: "12.50" -> 1250. */
long store_parse_price(const char *text);

#endif
