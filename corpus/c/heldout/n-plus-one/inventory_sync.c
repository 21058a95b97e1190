/*
 * inventory_sync.c - reconcile a warehouse CSV export with the local
 * SQLite inventory database.
 *
 * usage: inventory_sync DB CSV
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>

#define MAX_ITEMS   4096
#define SKU_LEN     32
#define BUSY_TRIES  5

struct item {
	char sku[SKU_LEN];
	int qty;
	double price;
	int dirty;
};

struct inventory {
	struct item items[MAX_ITEMS];
	size_t count;
};

static int verbose;

#define LOG(...) do { if (verbose) fprintf(stderr, __VA_ARGS__); } while (0)

static int load_csv(const char *path, struct inventory *inv)
{
	FILE *fp = fopen(path, "r");
	char line[256];

	if (!fp)
		return -1;
	inv->count = 0;
	while (fgets(line, sizeof line, fp) && inv->count < MAX_ITEMS) {
		struct item *it = &inv->items[inv->count];
		if (sscanf(line, "%31[^,],%d,%lf", it->sku, &it->qty, &it->price) == 3) {
			it->dirty = 1;
			inv->count++;
		}
	}
	fclose(fp);
	return 0;
}

/* Executes one statement, retrying while the database is locked. */
static int exec_retry(sqlite3 *db, const char *sql)
{
	int rc, tries = 0;
	char *err = NULL;

	do {
		rc = sqlite3_exec(db, sql, NULL, NULL, &err);
		if (rc == SQLITE_BUSY)
			usleep(10000);
	} while (rc == SQLITE_BUSY && ++tries < BUSY_TRIES);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "sqlite: %s\n", err ? err : "?");
		sqlite3_free(err);
	}
	return rc;
}

static int upsert_item(sqlite3 *db, const struct item *it)
{
	char *sql = sqlite3_mprintf(
		"INSERT INTO stock(sku, qty, price) VALUES(%Q, %d, %f) "
		"ON CONFLICT(sku) DO UPDATE SET qty = excluded.qty, price = excluded.price",
		it->sku, it->qty, it->price);
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_free(sql);
	return rc;
}

static int log_change(sqlite3 *db, const char *sku, int delta)
{
	char sql[256];

	snprintf(sql, sizeof sql,
		 "INSERT INTO stock_log(sku, delta, ts) VALUES('%s', %d, strftime('%%s','now'))",
		 sku, delta);
	return exec_retry(db, sql);
}

static int audit(sqlite3 *db, const struct item *it, int old_qty)
{
	if (it->qty == old_qty)
		return 0;
	return log_change(db, it->sku, it->qty - old_qty);
}

static int current_qty(sqlite3 *db, const char *sku)
{
	sqlite3_stmt *st;
	int qty = -1;

	if (sqlite3_prepare_v2(db, "SELECT qty FROM stock WHERE sku = ?", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, sku, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		qty = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return qty;
}

/* The slow path: one query and one write per item. */
static int sync_naive(sqlite3 *db, struct inventory *inv)
{
	size_t i;

	for (i = 0; i < inv->count; i++) {
		struct item *it = &inv->items[i];
		int old = current_qty(db, it->sku); // expect: PFL102
		if (upsert_item(db, it) != SQLITE_OK) // expect: PFL102
			return -1;
		if (old >= 0)
			audit(db, it, old); // expect: PFL102
	}
	return 0;
}

/* The fast path: one statement prepared up front, stepped per item. */
static int sync_prepared(sqlite3 *db, struct inventory *inv)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc = -1;

	if (exec_retry(db, "BEGIN IMMEDIATE") != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db,
			"INSERT OR REPLACE INTO stock(sku, qty, price) VALUES(?, ?, ?)",
			-1, &st, NULL) != SQLITE_OK)
		goto fail;
	for (i = 0; i < inv->count; i++) {
		const struct item *it = &inv->items[i];
		if (!it->dirty)
			continue;
		sqlite3_bind_text(st, 1, it->sku, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, it->qty);
		sqlite3_bind_double(st, 3, it->price);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto fail;
		sqlite3_reset(st);
	}
	rc = exec_retry(db, "COMMIT");
	sqlite3_finalize(st);
	return rc;
fail:
	sqlite3_finalize(st);
	exec_retry(db, "ROLLBACK");
	return -1;
}

static int purge_missing(sqlite3 *db, char **skus, int n)
{
	char *err = NULL;
	int i;

	for (i = 0; i < n; i++) {
		char *sql = sqlite3_mprintf("DELETE FROM stock WHERE sku = %Q", skus[i]);
		if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) { // expect: PFL101
			fprintf(stderr, "purge %s: %s\n", skus[i], err);
			sqlite3_free(err);
		}
		sqlite3_free(sql);
	}
	return 0;
}

static int price_report(sqlite3 *db, const char **categories, size_t ncat)
{
	size_t c;
	sqlite3_stmt *st;

	for (c = 0; c < ncat; c++) {
		int rc = sqlite3_prepare_v2(db, // expect: PFL101
			"SELECT sku, price FROM stock WHERE category = ?1 ORDER BY price",
			-1, &st, NULL);
		if (rc != SQLITE_OK)
			continue;
		sqlite3_bind_text(st, 1, categories[c], -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW)
			printf("%s\t%s\t%.2f\n", categories[c],
			       (const char *)sqlite3_column_text(st, 0),
			       sqlite3_column_double(st, 1));
		sqlite3_finalize(st);
	}
	return 0;
}

/* Three fixed housekeeping statements: bounded, not an N+1. */
static void housekeeping(sqlite3 *db)
{
	static const char *const stmts[] = {
		"DELETE FROM stock_log WHERE ts < strftime('%s','now','-90 days')",
		"ANALYZE",
		"PRAGMA optimize",
	};
	int k;

	for (k = 0; k < 3; k++)
		sqlite3_exec(db, stmts[k], NULL, NULL, NULL); // near-miss: PFL101 three constant iterations
}

/* Finds the first item needing a manual recount and flags it, once. */
static void flag_first_negative(sqlite3 *db, struct inventory *inv)
{
	size_t i;

	for (i = 0; i < inv->count; i++) {
		if (inv->items[i].qty < 0) {
			char *sql = sqlite3_mprintf("UPDATE stock SET recount = 1 WHERE sku = %Q",
						    inv->items[i].sku);
			sqlite3_exec(db, sql, NULL, NULL, NULL); // near-miss: PFL101 followed by break
			sqlite3_free(sql);
			break;
		}
	}
}

static void wait_for_unlock(sqlite3 *db)
{
	while (sqlite3_exec(db, "BEGIN EXCLUSIVE", NULL, NULL, NULL) == SQLITE_BUSY) // near-miss: PFL101 call in the loop condition
		usleep(50000);
	exec_retry(db, "COMMIT");
}

static void touch_all(sqlite3 *db, struct inventory *inv)
{
	size_t i;
	char sql[128];

	for (i = 0; i < inv->count; i++) {
		snprintf(sql, sizeof sql, "UPDATE stock SET seen = 1 WHERE sku = '%s'",
			 inv->items[i].sku);
		LOG("%s\n", sql);
		exec_retry(db, sql); // expect: PFL102
	}
}

int main(int argc, char **argv)
{
	static struct inventory inv;
	sqlite3 *db;
	const char *cats[] = { "tools", "paint", "garden", "plumbing" };
	char *gone[] = { "X-100", "X-101" };

	if (argc < 3) {
		fprintf(stderr, "usage: %s DB CSV\n", argv[0]);
		return 2;
	}
	verbose = getenv("SYNC_VERBOSE") != NULL;
	if (sqlite3_open(argv[1], &db) != SQLITE_OK)
		return 1;
	if (load_csv(argv[2], &inv) < 0) {
		fprintf(stderr, "%s: %s\n", argv[2], strerror(errno));
		sqlite3_close(db);
		return 1;
	}
	wait_for_unlock(db);
	if (getenv("SYNC_SLOW"))
		sync_naive(db, &inv);
	else
		sync_prepared(db, &inv);
	touch_all(db, &inv);
	purge_missing(db, gone, 2);
	price_report(db, cats, sizeof cats / sizeof cats[0]);
	flag_first_negative(db, &inv);
	housekeeping(db);
	sqlite3_close(db);
	return 0;
}
