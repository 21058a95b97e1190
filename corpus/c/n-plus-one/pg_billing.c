/*
 * pg_billing: the monthly billing run against the billing PostgreSQL
 * database (libpq).
 *
 *     pg_billing "dbname=billing host=db.internal" 2024-05
 *
 * Loads the due invoices once, then charges, converts and marks them.
 * A statement per invoice is a network round trip per invoice (PFL101,
 * PFL102); the batched forms are one statement with an array parameter,
 * COPY, and pipeline mode.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <libpq-fe.h>

#define MAX_INVOICES 10000

struct invoice {
    long id;
    long customer_id;
    long amount_cents;
    char currency[4];
    char email[128];
};

static struct invoice due[MAX_INVOICES];

static int load_due(PGconn *conn, const char *period)
{
    const char *params[1] = { period };
    PGresult *res = PQexecParams(conn, "SELECT id, customer_id, amount_cents, currency FROM invoices WHERE period = $1 AND state = 'due'", 1, NULL, params, NULL, NULL, 0);
    int n;

    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "load_due: %s", PQerrorMessage(conn));
        PQclear(res);
        return -1;
    }
    n = PQntuples(res);
    if (n > MAX_INVOICES)
        n = MAX_INVOICES;
    for (int r = 0; r < n; r++) {
        due[r].id = atol(PQgetvalue(res, r, 0));  // near-miss: PFL101 reading rows of one result, no round trip
        due[r].customer_id = atol(PQgetvalue(res, r, 1));
        due[r].amount_cents = atol(PQgetvalue(res, r, 2));
        snprintf(due[r].currency, sizeof due[r].currency, "%s", PQgetvalue(res, r, 3));
        due[r].email[0] = '\0';
    }
    PQclear(res);
    return n;
}

/* The customer's e-mail, one SELECT per invoice. */
static void fill_emails_naive(PGconn *conn, int n)
{
    for (int i = 0; i < n; i++) {
        char idbuf[24];
        const char *params[1] = { idbuf };
        PGresult *res;

        snprintf(idbuf, sizeof idbuf, "%ld", due[i].customer_id);
        res = PQexecParams(conn, "SELECT email FROM customers WHERE id = $1", 1, NULL, params, NULL, NULL, 0);  // expect: PFL101
        if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
            snprintf(due[i].email, sizeof due[i].email, "%s", PQgetvalue(res, 0, 0));
        PQclear(res);
    }
}

/* The fix: one query with an array of ids, then match the rows by position. */
static void fill_emails(PGconn *conn, int n)
{
    static char ids[MAX_INVOICES * 21 + 3];
    size_t len = 0;
    const char *params[1] = { ids };
    PGresult *res;

    ids[len++] = '{';
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(ids + len, sizeof ids - len, "%s%ld", i ? "," : "", due[i].customer_id);
    snprintf(ids + len, sizeof ids - len, "}");
    res = PQexecParams(conn, "SELECT c.email FROM unnest($1::bigint[]) WITH ORDINALITY AS u(id, pos) JOIN customers c ON c.id = u.id ORDER BY u.pos", 1, NULL, params, NULL, NULL, 0);  // near-miss: PFL101 one query for every invoice
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == n) {
        for (int i = 0; i < n; i++)
            snprintf(due[i].email, sizeof due[i].email, "%s", PQgetvalue(res, i, 0));  // near-miss: PFL101 row access
    }
    PQclear(res);
}

static int charge_invoice(PGconn *conn, const struct invoice *inv)
{
    char id[24], amount[24];
    const char *params[2] = { id, amount };
    PGresult *res;
    int ok;

    snprintf(id, sizeof id, "%ld", inv->id);
    snprintf(amount, sizeof amount, "%ld", inv->amount_cents);
    res = PQexecParams(conn, "INSERT INTO charges (invoice_id, amount_cents) VALUES ($1, $2)", 2, NULL, params, NULL, NULL, 0);  // near-miss: PFL101 not in a loop here: charge_all's loop is PFL102
    ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    return ok ? 0 : -1;
}

static double fx_rate(PGconn *conn, const char *currency)
{
    const char *params[1] = { currency };
    PGresult *res = PQexecParams(conn, "SELECT rate FROM fx_rates WHERE currency = $1 ORDER BY day DESC LIMIT 1", 1, NULL, params, NULL, NULL, 0);
    double rate = 1.0;

    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
        rate = strtod(PQgetvalue(res, 0, 0), NULL);
    PQclear(res);
    return rate;
}

static long to_eur_cents(long cents, double rate)
{
    return (long)((double)cents * rate + 0.5);
}

static int charge_all(PGconn *conn, int n, long *total_eur)
{
    int failed = 0;

    *total_eur = 0;
    for (int i = 0; i < n; i++) {
        double rate = fx_rate(conn, due[i].currency);  // expect: PFL102
        *total_eur += to_eur_cents(due[i].amount_cents, rate);  // near-miss: PFL102 arithmetic helper
        if (charge_invoice(conn, &due[i]) != 0)  // expect: PFL102
            failed++;
    }
    return failed;
}

static int enqueue_mail(PGconn *conn, const char *to, const char *template_name, long invoice_id)
{
    char id[24];
    const char *params[3] = { to, template_name, id };
    PGresult *res;
    int ok;

    snprintf(id, sizeof id, "%ld", invoice_id);
    res = PQexecParams(conn, "INSERT INTO mail_outbox (recipient, template, invoice_id) VALUES ($1, $2, $3)", 3, NULL, params, NULL, NULL, 0);
    ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    return ok ? 0 : -1;
}

static int notify_customer(PGconn *conn, const struct invoice *inv)
{
    return enqueue_mail(conn, inv->email, "invoice_issued", inv->id);
}

static void notify_all(PGconn *conn, int n)
{
    for (int i = 0; i < n; i++) {
        if (due[i].email[0] != '\0')
            notify_customer(conn, &due[i]);  // expect: PFL102
    }
}

/* Prepared once, but still executed once per invoice: a round trip each. */
static void mark_sent(PGconn *conn, int n)
{
    PGresult *res = PQprepare(conn, "mark_sent", "UPDATE invoices SET state = 'sent', sent_at = now() WHERE id = $1", 1, NULL);  // near-miss: PFL101 prepared once, before the loop
    PQclear(res);
    for (int i = 0; i < n; i++) {
        char id[24];
        const char *params[1] = { id };
        snprintf(id, sizeof id, "%ld", due[i].id);
        res = PQexecPrepared(conn, "mark_sent", 1, params, NULL, NULL, 0);  // expect: PFL101
        PQclear(res);
    }
}

/* One report statement per tenant schema, prepared inside the tenant loop. */
static void prepare_tenant_reports(PGconn *conn)
{
    PGresult *schemas = PQexec(conn, "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tenant\\_%' ORDER BY 1");  // near-miss: PFL101 one query, before the loop

    if (PQresultStatus(schemas) != PGRES_TUPLES_OK) {
        PQclear(schemas);
        return;
    }
    for (int t = 0; t < PQntuples(schemas); t++) {
        const char *schema = PQgetvalue(schemas, t, 0);
        char name[80], sql[256];
        PGresult *res;
        snprintf(name, sizeof name, "report_%s", schema);
        snprintf(sql, sizeof sql, "SELECT sum(amount_cents) FROM %s.charges WHERE created_at >= $1", schema);
        res = PQprepare(conn, name, sql, 1, NULL);  // expect: PFL101
        PQclear(res);
    }
    PQclear(schemas);
}

/* Drafts of the charged invoices: one DELETE text per invoice. */
static void purge_drafts(PGconn *conn, int n)
{
    for (int i = 0; i < n; i++) {
        char sql[96];
        snprintf(sql, sizeof sql, "DELETE FROM invoice_drafts WHERE invoice_id = %ld", due[i].id);
        PQclear(PQexec(conn, sql));  // expect: PFL101
    }
}

/* The batched write: COPY the ledger lines in one statement. */
static int copy_ledger(PGconn *conn, int n)
{
    PGresult *res = PQexec(conn, "COPY ledger (invoice_id, amount_cents, currency) FROM STDIN");  // near-miss: PFL101 one COPY statement, before the loop
    int ok = PQresultStatus(res) == PGRES_COPY_IN;

    PQclear(res);
    if (!ok)
        return -1;
    for (int i = 0; i < n; i++) {
        char line[96];
        int len = snprintf(line, sizeof line, "%ld\t%ld\t%s\n", due[i].id, due[i].amount_cents, due[i].currency);
        PQputCopyData(conn, line, len);  // near-miss: PFL101 streams rows of the one COPY
    }
    PQputCopyEnd(conn, NULL);
    res = PQgetResult(conn);
    ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    return ok ? 0 : -1;
}

/* Pipeline mode: every UPDATE is queued, one sync waits for them all. */
static void flag_reminders(PGconn *conn, int n)
{
    PGresult *res;

    PQenterPipelineMode(conn);
    for (int i = 0; i < n; i++) {
        char id[24];
        const char *params[1] = { id };
        snprintf(id, sizeof id, "%ld", due[i].id);
        PQsendQueryParams(conn, "UPDATE invoices SET reminder_due = now() + interval '14 days' WHERE id = $1", 1, NULL, params, NULL, NULL, 0);  // near-miss: PFL101 queued in the pipeline, no wait
    }
    PQpipelineSync(conn);
    while ((res = PQgetResult(conn)) != NULL || PQpipelineStatus(conn) == PQ_PIPELINE_ON) {
        if (res != NULL && PQresultStatus(res) == PGRES_PIPELINE_SYNC) {
            PQclear(res);
            break;
        }
        PQclear(res);
    }
    PQexitPipelineMode(conn);
}

/* Worker mode: wait for NOTIFY billing_due, then take one batch. */
static void serve_notifications(PGconn *conn)
{
    int sock = PQsocket(conn);

    PQclear(PQexec(conn, "LISTEN billing_due"));
    for (;;) {
        fd_set in;
        PGnotify *note;
        PGresult *res;

        FD_ZERO(&in);
        FD_SET(sock, &in);
        if (select(sock + 1, &in, NULL, NULL, NULL) < 0)
            break;
        PQconsumeInput(conn);
        while ((note = PQnotifies(conn)) != NULL)
            PQfreemem(note);
        res = PQexec(conn, "UPDATE invoices SET state = 'queued' WHERE state = 'due' AND queued_at IS NULL");  // near-miss: PFL101 service loop: the body waits in select()
        PQclear(res);
    }
}

int main(int argc, char **argv)
{
    static const char *const majors[] = { "USD", "GBP", "CHF" };
    PGconn *conn;
    long total;
    int n;

    if (argc != 3) {
        fprintf(stderr, "usage: %s conninfo YYYY-MM | %s conninfo --serve\n", argv[0], argv[0]);
        return 2;
    }
    conn = PQconnectdb(argv[1]);
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "%s", PQerrorMessage(conn));
        PQfinish(conn);
        return 1;
    }
    if (strcmp(argv[2], "--serve") == 0) {
        serve_notifications(conn);
        PQfinish(conn);
        return 0;
    }
    n = load_due(conn, argv[2]);
    if (n <= 0) {
        PQfinish(conn);
        return n < 0;
    }
    if (getenv("BILLING_NAIVE") != NULL)
        fill_emails_naive(conn, n);
    else
        fill_emails(conn, n);
    PQclear(PQexec(conn, "BEGIN"));
    printf("%d charges failed\n", charge_all(conn, n, &total));
    notify_all(conn, n);
    mark_sent(conn, n);
    copy_ledger(conn, n);
    purge_drafts(conn, n);
    PQclear(PQexec(conn, "COMMIT"));
    flag_reminders(conn, n);
    prepare_tenant_reports(conn);
    printf("total %ld.%02ld EUR\n", total / 100, total % 100);
    for (int k = 0; k < 3; k++)
        printf("%s %.4f\n", majors[k], fx_rate(conn, majors[k]));  // near-miss: PFL102 three constant iterations
    PQfinish(conn);
    return 0;
}
