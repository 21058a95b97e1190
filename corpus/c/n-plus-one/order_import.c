/*
 * order_import: load a day's orders from a CSV export into the shop's
 * SQLite store and keep the per-customer counters in step.
 *
 *     order_import orders.db < orders-2024-05-01.csv
 *
 * Each *_naive function makes one statement per order (PFL101) or calls a
 * helper that does (PFL102); the function after it is the fix: a statement
 * prepared once before the loop and stepped per row, inside one
 * transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#define MAX_ORDERS 4096

struct order {
    long id;
    long customer_id;
    char email[96];
    char sku[32];
    int qty;
    long total_cents;
};

static size_t read_orders(FILE *in, struct order *out, size_t max)
{
    char line[512];
    size_t n = 0;

    while (n < max && fgets(line, sizeof line, in) != NULL) {
        struct order *o = &out[n];
        if (sscanf(line, "%ld,%95[^,],%31[^,],%d,%ld", &o->id, o->email, o->sku, &o->qty, &o->total_cents) == 5) {
            o->customer_id = -1;
            n++;
        }
    }
    return n;
}

/* One INSERT text built and executed per order. */
static int insert_orders_naive(sqlite3 *db, const struct order *orders, size_t n)
{
    int failures = 0;

    for (size_t i = 0; i < n; i++) {
        const struct order *o = &orders[i];
        char *err = NULL;
        char *sql = sqlite3_mprintf("INSERT INTO orders (id, customer_id, sku, qty, total_cents) VALUES (%ld, %ld, %Q, %d, %ld)", o->id, o->customer_id, o->sku, o->qty, o->total_cents);
        if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {  // expect: PFL101
            fprintf(stderr, "order %ld: %s\n", o->id, err);
            sqlite3_free(err);
            failures++;
        }
        sqlite3_free(sql);
    }
    return failures;
}

/* The fix: one prepared INSERT, bound and stepped per row. */
static int insert_orders(sqlite3 *db, const struct order *orders, size_t n)
{
    sqlite3_stmt *ins;
    int failures = 0;

    if (sqlite3_prepare_v2(db, "INSERT INTO orders (id, customer_id, sku, qty, total_cents) VALUES (?1, ?2, ?3, ?4, ?5)", -1, &ins, NULL) != SQLITE_OK)  // near-miss: PFL101 prepared once, before the loop
        return -1;
    for (size_t i = 0; i < n; i++) {
        sqlite3_bind_int64(ins, 1, orders[i].id);
        sqlite3_bind_int64(ins, 2, orders[i].customer_id);
        sqlite3_bind_text(ins, 3, orders[i].sku, -1, SQLITE_STATIC);
        sqlite3_bind_int(ins, 4, orders[i].qty);
        sqlite3_bind_int64(ins, 5, orders[i].total_cents);
        if (sqlite3_step(ins) != SQLITE_DONE)  // near-miss: PFL101 stepping a statement prepared before the loop is the fix
            failures++;
        sqlite3_reset(ins);  // near-miss: PFL101 reset is local
    }
    sqlite3_finalize(ins);
    return failures;
}

/* The counters: the UPDATE is compiled again for every order. */
static void bump_counters_naive(sqlite3 *db, const struct order *orders, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *upd;
        if (sqlite3_prepare_v2(db, "UPDATE customers SET order_count = order_count + 1, spent_cents = spent_cents + ?1 WHERE id = ?2", -1, &upd, NULL) != SQLITE_OK)  // expect: PFL101
            continue;
        sqlite3_bind_int64(upd, 1, orders[i].total_cents);
        sqlite3_bind_int64(upd, 2, orders[i].customer_id);
        sqlite3_step(upd);
        sqlite3_finalize(upd);
    }
}

/* The fix: add the whole day up in one statement from the orders table. */
static int bump_counters(sqlite3 *db, long first_id, long last_id)
{
    char sql[512];

    snprintf(sql, sizeof sql,
             "UPDATE customers SET order_count = order_count + d.n, spent_cents = spent_cents + d.s "
             "FROM (SELECT customer_id, COUNT(*) AS n, SUM(total_cents) AS s FROM orders "
             "WHERE id BETWEEN %ld AND %ld GROUP BY customer_id) AS d WHERE customers.id = d.customer_id",
             first_id, last_id);
    return sqlite3_exec(db, sql, NULL, NULL, NULL);  // near-miss: PFL101 one statement for the whole day, no loop
}

/* Cancelled orders come in as a list of ids: one DELETE each. */
static void drop_cancelled_naive(sqlite3 *db, const long *ids, size_t n)
{
    size_t i = 0;

    while (i < n) {
        char sql[128];
        snprintf(sql, sizeof sql, "DELETE FROM orders WHERE id = %ld", ids[i]);
        sqlite3_exec(db, sql, NULL, NULL, NULL);  // expect: PFL101
        i++;
    }
}

static long customer_id_for_email(sqlite3 *db, const char *email)
{
    sqlite3_stmt *st;
    long id = -1;

    if (sqlite3_prepare_v2(db, "SELECT id FROM customers WHERE email = ?1", -1, &st, NULL) != SQLITE_OK)  // near-miss: PFL101 not in a loop: the callers' loops are PFL102
        return -1;
    sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return id;
}

static long customer_id_or_create(sqlite3 *db, const char *email)
{
    long id = customer_id_for_email(db, email);
    if (id < 0) {
        char *sql = sqlite3_mprintf("INSERT INTO customers (email) VALUES (%Q)", email);
        if (sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK)
            id = (long)sqlite3_last_insert_rowid(db);
        sqlite3_free(sql);
    }
    return id;
}

static int normalise_email(char *email)
{
    int changed = 0;
    for (char *p = email; *p != '\0'; p++) {
        if (*p >= 'A' && *p <= 'Z') {
            *p = (char)(*p - 'A' + 'a');
            changed = 1;
        }
    }
    return changed;
}

static void resolve_customers(sqlite3 *db, struct order *orders, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        normalise_email(orders[i].email);  // near-miss: PFL102 the helper does no I/O
        orders[i].customer_id = customer_id_or_create(db, orders[i].email);  // expect: PFL102
    }
}

static int reserve_stock(sqlite3 *db, const char *sku, int qty)
{
    char *sql = sqlite3_mprintf("UPDATE stock SET reserved = reserved + %d WHERE sku = %Q", qty, sku);
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);

    sqlite3_free(sql);
    return rc;
}

static int reserve_all(sqlite3 *db, const struct order *orders, size_t n)
{
    int short_skus = 0;

    for (size_t i = 0; i < n; i++) {
        if (reserve_stock(db, orders[i].sku, orders[i].qty) != SQLITE_OK)  // expect: PFL102
            short_skus++;
    }
    return short_skus;
}

/* A row that fails validation is logged once and stops the import. */
static int reject_first_invalid(sqlite3 *db, const struct order *orders, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (orders[i].qty <= 0 || orders[i].total_cents < 0) {
            char *sql = sqlite3_mprintf("INSERT INTO import_errors (order_id, reason) VALUES (%ld, 'bad quantity or total')", orders[i].id);
            sqlite3_exec(db, sql, NULL, NULL, NULL);  // near-miss: PFL101 followed by return in its block: runs at most once
            sqlite3_free(sql);
            return -1;
        }
    }
    return 0;
}

static int commit_with_retry(sqlite3 *db)
{
    int rc;

    do {
        rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);  // near-miss: PFL101 retry loop: the result decides the loop
    } while (rc == SQLITE_BUSY);
    return rc;
}

static void clear_staging(sqlite3 *db)
{
    static const char *const tables[] = { "orders_staging", "customers_staging", "returns_staging" };

    for (int t = 0; t < 3; t++) {
        char sql[96];
        snprintf(sql, sizeof sql, "DELETE FROM %s", tables[t]);
        sqlite3_exec(db, sql, NULL, NULL, NULL);  // near-miss: PFL101 three constant iterations
    }
}

int main(int argc, char **argv)
{
    static struct order orders[MAX_ORDERS];
    static long cancelled[MAX_ORDERS];
    size_t ncancelled = 0;
    FILE *cf;
    sqlite3 *db;
    size_t n;

    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: %s orders.db [--naive] < orders.csv\n", argv[0]);
        return 2;
    }
    if (sqlite3_open(argv[1], &db) != SQLITE_OK)
        return 1;
    n = read_orders(stdin, orders, MAX_ORDERS);
    if (n == 0 || reject_first_invalid(db, orders, n) != 0) {
        sqlite3_close(db);
        return 1;
    }

    sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    resolve_customers(db, orders, n);
    if (argc == 3 && strcmp(argv[2], "--naive") == 0) {
        insert_orders_naive(db, orders, n);
        bump_counters_naive(db, orders, n);
        cf = fopen("cancelled.txt", "r");
        while (cf != NULL && ncancelled < MAX_ORDERS && fscanf(cf, "%ld", &cancelled[ncancelled]) == 1)
            ncancelled++;
        if (cf != NULL)
            fclose(cf);
        drop_cancelled_naive(db, cancelled, ncancelled);
    } else {
        insert_orders(db, orders, n);
        bump_counters(db, orders[0].id, orders[n - 1].id);
    }
    if (reserve_all(db, orders, n) > 0)
        fprintf(stderr, "some skus are short\n");
    clear_staging(db);
    if (commit_with_retry(db) != SQLITE_OK)
        fprintf(stderr, "commit failed: %s\n", sqlite3_errmsg(db));
    printf("imported %zu orders, first customer %ld\n", n, customer_id_for_email(db, orders[0].email));
    sqlite3_close(db);
    return 0;
}
