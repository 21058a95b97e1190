/*
 * sql_builder: text of the statements the sync daemon sends (column
 * lists, placeholders, IN lists, SET clauses).
 *
 * Finding the end of the buffer again on every append (buf + strlen(buf),
 * strchr(buf, '\0'), &buf[strlen(buf)]) inside a loop is quadratic
 * (PFL201), whatever function then writes there. Keeping the end in a
 * pointer or an offset is the fix.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SQL_MAX 16384

struct colspec {
    const char *name;
    const char *type;
};

/* "INSERT INTO t (a, b, c) VALUES ($1, $2, $3)" */
static void build_insert_naive(char *sql, const char *table, const struct colspec *cols, size_t ncols)
{
    sprintf(sql, "INSERT INTO %s (", table);
    for (size_t i = 0; i < ncols; i++) {
        if (i > 0)
            strcpy(sql + strlen(sql), ", ");  // expect: PFL201
        stpcpy(sql + strlen(sql), cols[i].name);  // expect: PFL201
    }
    strcpy(sql + strlen(sql), ") VALUES (");  // near-miss: PFL201 not in a loop
    for (size_t i = 0; i < ncols; i++)
        sprintf(&sql[strlen(sql)], "%s$%zu", i ? ", " : "", i + 1);  // expect: PFL201
    strcpy(sql + strlen(sql), ")");  // near-miss: PFL201 not in a loop
}

/* The fix: stpcpy returns the new end. */
static void build_insert(char *sql, const char *table, const struct colspec *cols, size_t ncols)
{
    char *p = sql + sprintf(sql, "INSERT INTO %s (", table);

    for (size_t i = 0; i < ncols; i++) {
        if (i > 0)
            p = stpcpy(p, ", ");  // near-miss: PFL201 the end is tracked in p
        p = stpcpy(p, cols[i].name);  // near-miss: PFL201 the end is tracked in p
    }
    p = stpcpy(p, ") VALUES (");
    for (size_t i = 0; i < ncols; i++)
        p += sprintf(p, "%s$%zu", i ? ", " : "", i + 1);  // near-miss: PFL201 the end is tracked in p
    strcpy(p, ")");
}

/* "UPDATE t SET a = $2, b = $3 WHERE id = $1" */
static void build_update_naive(char *sql, const char *table, const struct colspec *cols, size_t ncols)
{
    sprintf(sql, "UPDATE %s SET ", table);
    for (size_t i = 0; i < ncols; i++)
        sprintf(strchr(sql, '\0'), "%s%s = $%zu", i ? ", " : "", cols[i].name, i + 2);  // expect: PFL201
    strcat(sql, " WHERE id = $1");  // near-miss: PFL201 not in a loop
}

/* "... WHERE id IN (17, 18, 99)" from a list of ids. */
static void build_in_list_naive(char *sql, size_t cap, const long *ids, size_t n)
{
    snprintf(sql, cap, "DELETE FROM sync_queue WHERE id IN (");
    for (size_t i = 0; i < n; i++)
        snprintf(sql + strlen(sql), cap - strlen(sql), i ? ", %ld" : "%ld", ids[i]);  // expect: PFL201
    strncat(sql, ")", cap - strlen(sql) - 1);  // near-miss: PFL201 not in a loop
}

static void build_in_list(char *sql, size_t cap, const long *ids, size_t n)
{
    size_t len = (size_t)snprintf(sql, cap, "DELETE FROM sync_queue WHERE id IN (");

    for (size_t i = 0; i < n && len < cap; i++)
        len += (size_t)snprintf(sql + len, cap - len, i ? ", %ld" : "%ld", ids[i]);  // near-miss: PFL201 len tracks the end
    if (len + 2 <= cap)
        memcpy(sql + len, ")", 2);
}

/* CREATE TABLE with the column definitions copied in by memcpy. */
static void build_create_naive(char *sql, const char *table, const struct colspec *cols, size_t ncols)
{
    sprintf(sql, "CREATE TABLE IF NOT EXISTS %s (", table);
    for (size_t i = 0; i < ncols; i++) {
        char def[128];
        int n = snprintf(def, sizeof def, "%s%s %s", i ? ", " : "", cols[i].name, cols[i].type);
        memcpy(sql + strlen(sql), def, (size_t)n + 1);  // expect: PFL201
    }
    strcat(sql, ")");  // near-miss: PFL201 not in a loop
}

/* Statements for several tables: each gets a fresh buffer. */
static void build_truncates(char out[][256], const char *const *tables, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        strcpy(out[i], "TRUNCATE ");
        strcat(out[i], tables[i]);  // near-miss: PFL201 strcpy(out[i], ...) starts the string anew: a different destination every iteration
        strcat(out[i], " CASCADE");  // near-miss: PFL201 a different, fresh destination every iteration
    }
}

/* Comments for the migration log: the buffer is emptied each time. */
static void log_statements(FILE *log, const char *const *tables, size_t n)
{
    char line[300];

    for (size_t i = 0; i < n; i++) {
        strcpy(line, "");
        strcat(line, "-- synced ");  // near-miss: PFL201 strcpy(line, "") resets it in the same loop
        strcat(line, tables[i]);  // near-miss: PFL201 reset in the same loop
        fprintf(log, "%s\n", line);
    }
}

int main(void)
{
    static const struct colspec cols[] = {
        { "id", "bigint primary key" }, { "sku", "text not null" }, { "qty", "integer" }, { "updated_at", "timestamptz" },
    };
    static const char *const tables[] = { "products", "stock", "prices" };
    static const long ids[] = { 17, 18, 99, 1024 };
    static char sql[SQL_MAX];
    char truncs[3][256];

    build_insert_naive(sql, "products", cols, 4);
    puts(sql);
    build_insert(sql, "products", cols, 4);
    puts(sql);
    build_update_naive(sql, "products", cols + 1, 3);
    puts(sql);
    build_in_list_naive(sql, sizeof sql, ids, 4);
    puts(sql);
    build_in_list(sql, sizeof sql, ids, 4);
    puts(sql);
    build_create_naive(sql, "products", cols, 4);
    puts(sql);
    build_truncates(truncs, tables, 3);
    log_statements(stdout, tables, 3);
    puts(truncs[0]);
    return 0;
}
