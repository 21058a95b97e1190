/*
 * catalog_store: SQLite access for the product catalogue (see catalog_store.h).
 * No loops here: the round trips below become N+1 in the callers' loops.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog_store.h"

int store_open(const char *path, sqlite3 **db)
{
    if (sqlite3_open(path, db) != SQLITE_OK)
        return -1;
    sqlite3_busy_timeout(*db, 5000);
    return sqlite3_exec(*db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
}

int store_begin(sqlite3 *db)
{
    return sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
}

int store_commit(sqlite3 *db)
{
    return sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
}

static long lookup_id(sqlite3 *db, const char *sql, const char *key)
{
    sqlite3_stmt *st;
    long id = -1;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return id;
}

long store_category_id(sqlite3 *db, const char *name)
{
    return lookup_id(db, "SELECT id FROM categories WHERE name = ?1", name);
}

int store_upsert_product(sqlite3 *db, const struct product *p, long category_id)
{
    sqlite3_stmt *st;
    int rc;

    rc = sqlite3_prepare_v3(db, "INSERT INTO products (sku, name, category_id, price_cents, stock) VALUES (?1, ?2, ?3, ?4, ?5) "
                                "ON CONFLICT (sku) DO UPDATE SET name = excluded.name, category_id = excluded.category_id, "
                                "price_cents = excluded.price_cents, stock = excluded.stock",
                            -1, 0, &st, NULL);
    if (rc != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, p->sku, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, p->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, category_id);
    sqlite3_bind_int64(st, 4, p->price_cents);
    sqlite3_bind_int(st, 5, p->stock);
    rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
    sqlite3_finalize(st);
    return rc;
}

int store_delete_sku(sqlite3 *db, const char *sku)
{
    char *sql = sqlite3_mprintf("DELETE FROM products WHERE sku = %Q", sku);
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_free(sql);
    return rc;
}

sqlite3_stmt *store_prepare_stock(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db, "UPDATE products SET stock = ?2 WHERE sku = ?1", -1, &st, NULL);
    return st;
}

int store_step_stock(sqlite3_stmt *st, const char *sku, int stock)
{
    int rc;

    sqlite3_bind_text(st, 1, sku, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, stock);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

long store_parse_price(const char *text)
{
    long units, cents = 0;
    char *end;

    units = strtol(text, &end, 10);
    if ((*end == '.' || *end == ',') && end[1] >= '0' && end[1] <= '9') {
        cents = (end[1] - '0') * 10;
        if (end[2] >= '0' && end[2] <= '9')
            cents += end[2] - '0';
    }
    return units * 100 + cents;
}
