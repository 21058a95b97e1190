/*
 * audit_ship: ship the bastion host's audit log into the MariaDB audit
 * database and update each user's last-seen time.
 *
 *     audit_ship /var/log/bastion/audit.log
 *
 * Log lines: <unix time> <user> <action> <target>. A statement per event is
 * a round trip per event (PFL101, PFL102); one multi-row INSERT is not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <mariadb/mysql.h>

#define MAX_EVENTS 50000
#define ROW_MAX 420
#define ER_LOCK_DEADLOCK 1213

struct audit_event {
    long ts;
    char user[33];
    char action[17];
    char target[129];
};

static struct audit_event events[MAX_EVENTS];

static size_t read_log(FILE *in)
{
    char line[256];
    size_t n = 0;

    while (n < MAX_EVENTS && fgets(line, sizeof line, in) != NULL) {
        struct audit_event *e = &events[n];
        if (sscanf(line, "%ld %32s %16s %128s", &e->ts, e->user, e->action, e->target) == 4)
            n++;
    }
    return n;
}

/* Escapes into a caller buffer; libmariadb does this locally. */
static void escape_into(MYSQL *db, char *out, const char *text)
{
    mysql_real_escape_string(db, out, text, (unsigned long)strlen(text));
}

/* One INSERT per event. */
static int ship_naive(MYSQL *db, size_t n)
{
    int failed = 0;

    for (size_t i = 0; i < n; i++) {
        char user[67], target[259], sql[512];
        escape_into(db, user, events[i].user);  // near-miss: PFL102 escaping is local, no round trip
        escape_into(db, target, events[i].target);  // near-miss: PFL102 escaping is local, no round trip
        snprintf(sql, sizeof sql, "INSERT INTO audit_events (ts, user, action, target) VALUES (FROM_UNIXTIME(%ld), '%s', '%s', '%s')", events[i].ts, user, events[i].action, target);
        if (mysql_query(db, sql) != 0)  // expect: PFL101
            failed++;
    }
    return failed;
}

/* The fix: the rows go into one multi-row INSERT, sent once. */
static int ship(MYSQL *db, size_t n)
{
    size_t cap = n * ROW_MAX + 128, len;
    char *sql = malloc(cap);
    int rc;

    if (sql == NULL)
        return -1;
    len = (size_t)snprintf(sql, cap, "INSERT INTO audit_events (ts, user, action, target) VALUES ");
    for (size_t i = 0; i < n; i++) {
        char user[67], target[259];
        mysql_real_escape_string(db, user, events[i].user, (unsigned long)strlen(events[i].user));  // near-miss: PFL101 client-side escaping, no round trip
        mysql_real_escape_string(db, target, events[i].target, (unsigned long)strlen(events[i].target));
        len += (size_t)snprintf(sql + len, cap - len, "%s(FROM_UNIXTIME(%ld), '%s', '%s', '%s')", i ? ", " : "", events[i].ts, user, events[i].action, target);
    }
    rc = mysql_real_query(db, sql, (unsigned long)len);  // near-miss: PFL101 one statement after the loop
    free(sql);
    return rc;
}

static int record_login(MYSQL *db, const struct audit_event *e)
{
    char user[67], sql[256];

    escape_into(db, user, e->user);
    snprintf(sql, sizeof sql, "INSERT INTO audit_users (user, last_login) VALUES ('%s', FROM_UNIXTIME(%ld)) ON DUPLICATE KEY UPDATE last_login = VALUES(last_login)", user, e->ts);
    return mysql_query(db, sql);  // near-miss: PFL101 not in a loop: the caller's loop is PFL102
}

static long last_seen(MYSQL *db, const char *name)
{
    char user[67], sql[160];
    MYSQL_RES *res;
    MYSQL_ROW row;
    long ts = 0;

    escape_into(db, user, name);
    snprintf(sql, sizeof sql, "SELECT UNIX_TIMESTAMP(last_login) FROM audit_users WHERE user = '%s'", user);
    if (mysql_query(db, sql) != 0 || (res = mysql_store_result(db)) == NULL)
        return 0;
    if ((row = mysql_fetch_row(res)) != NULL && row[0] != NULL)
        ts = atol(row[0]);
    mysql_free_result(res);
    return ts;
}

static int is_login(const struct audit_event *e)
{
    return strcmp(e->action, "login") == 0;
}

static void update_logins(MYSQL *db, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!is_login(&events[i]))  // near-miss: PFL102 pure helper
            continue;
        if (events[i].ts <= last_seen(db, events[i].user))  // expect: PFL102
            continue;
        record_login(db, &events[i]);  // expect: PFL102
    }
}

/* Sessions of users removed from the bastion: one DELETE each. */
static void revoke_sessions(MYSQL *db, char **users, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char esc[67], sql[128];
        int len;
        escape_into(db, esc, users[i]);
        len = snprintf(sql, sizeof sql, "DELETE FROM bastion_sessions WHERE user = '%s'", esc);
        mysql_real_query(db, sql, (unsigned long)len);  // expect: PFL101
    }
}

/* Report: one query, then a row loop over its result. */
static void print_top_users(MYSQL *db)
{
    MYSQL_RES *res;
    MYSQL_ROW row;

    if (mysql_query(db, "SELECT user, COUNT(*) FROM audit_events GROUP BY user ORDER BY 2 DESC LIMIT 20") != 0)
        return;
    res = mysql_store_result(db);
    if (res == NULL)
        return;
    while ((row = mysql_fetch_row(res)) != NULL)  // near-miss: PFL101 rows of one result, no round trip
        printf("%-32s %s\n", row[0], row[1]);
    mysql_free_result(res);
}

/* Retry on deadlock: the call is the loop's condition. */
static int purge_old(MYSQL *db)
{
    static const char sql[] = "DELETE FROM audit_events WHERE ts < NOW() - INTERVAL 400 DAY";
    int tries = 0;

    while (mysql_real_query(db, sql, sizeof sql - 1) != 0 && mysql_errno(db) == ER_LOCK_DEADLOCK && tries < 5) {  // near-miss: PFL101 retry: the call is the loop condition
        tries++;
        usleep(200000);
    }
    return tries;
}

int main(int argc, char **argv)
{
    MYSQL *db = mysql_init(NULL);
    FILE *in;
    size_t n;

    if (argc < 2 || db == NULL) {
        fprintf(stderr, "usage: %s audit.log [REMOVED-USER...]\n", argv[0]);
        return 2;
    }
    if (mysql_real_connect(db, "audit-db.internal", "audit", getenv("AUDIT_DB_PASSWORD"), "audit", 3306, NULL, 0) == NULL) {
        fprintf(stderr, "connect: %s\n", mysql_error(db));
        return 1;
    }
    in = fopen(argv[1], "r");
    if (in == NULL) {
        perror(argv[1]);
        return 1;
    }
    n = read_log(in);
    fclose(in);
    if (getenv("AUDIT_NAIVE") != NULL)
        ship_naive(db, n);
    else
        ship(db, n);
    update_logins(db, n);
    revoke_sessions(db, argv + 2, (size_t)(argc - 2));
    for (int k = 0; k < 2; k++)
        mysql_query(db, k == 0 ? "ANALYZE TABLE audit_events" : "ANALYZE TABLE audit_users");  // near-miss: PFL101 two constant iterations
    if (n > 0)
        printf("%s last seen %ld\n", events[0].user, last_seen(db, events[0].user));  // near-miss: PFL102 not in a loop
    printf("purge retried %d times\n", purge_old(db));
    print_top_users(db);
    mysql_close(db);
    return 0;
}
