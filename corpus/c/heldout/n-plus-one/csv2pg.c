/*
 * csv2pg - load a CSV of customer orders into PostgreSQL.
 *
 *   csv2pg "dbname=shop" orders.csv
 *
 * The first line names the columns.  Customers that do not exist yet are
 * created on the fly.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <unistd.h>
#include <libpq-fe.h>

#define MAXCOLS 16
#define STREQ(a, b) (strcmp((a), (b)) == 0)

struct row {
	char *field[MAXCOLS];
	int nfield;
};

struct order {
	long customer_id;
	char sku[24];
	int quantity;
	char placed_at[32];
};

static void die(PGconn *conn, const char *what)
{
	fprintf(stderr, "%s: %s", what, conn ? PQerrorMessage(conn) : "\n");
	if (conn)
		PQfinish(conn);
	exit(1);
}

static int split_csv(char *line, struct row *r)
{
	char *p = line;

	r->nfield = 0;
	while (*p && r->nfield < MAXCOLS) {
		r->field[r->nfield++] = p;
		while (*p && *p != ',' && *p != '\n')
			p++;
		if (*p == ',' || *p == '\n')
			*p++ = '\0';
	}
	return r->nfield;
}

static int ensure_customer(PGconn *conn, long id)
{
	char idbuf[32];
	const char *params[1];
	PGresult *res;
	int ok;

	snprintf(idbuf, sizeof idbuf, "%ld", id);
	params[0] = idbuf;
	res = PQexecParams(conn,
		"INSERT INTO customers(id) VALUES ($1::bigint) ON CONFLICT DO NOTHING",
		1, NULL, params, NULL, NULL, 0);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	return ok ? 0 : -1;
}

static int insert_order(PGconn *conn, const struct order *o)
{
	char cid[32], qty[16];
	const char *vals[4] = { cid, o->sku, qty, o->placed_at };
	PGresult *res;
	int rc = 0;

	snprintf(cid, sizeof cid, "%ld", o->customer_id);
	snprintf(qty, sizeof qty, "%d", o->quantity);
	res = PQexecPrepared(conn, "ins_order", 4, vals, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = -1;
	PQclear(res);
	return rc;
}

static int parse_order(const struct row *r, struct order *o)
{
	if (r->nfield < 4)
		return -1;
	o->customer_id = strtol(r->field[0], NULL, 10);
	snprintf(o->sku, sizeof o->sku, "%s", r->field[1]);
	o->quantity = atoi(r->field[2]);
	snprintf(o->placed_at, sizeof o->placed_at, "%s", r->field[3]);
	return 0;
}

static void load_orders(PGconn *conn, FILE *in)
{
	char line[1024];
	struct row r;
	struct order o;
	PGresult *res;
	unsigned long n = 0, bad = 0;

	res = PQprepare(conn, "ins_order",
		"INSERT INTO orders(customer_id, sku, quantity, placed_at) "
		"VALUES ($1, $2, $3, $4)", 4, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		die(conn, "prepare");
	PQclear(res);

	PQclear(PQexec(conn, "BEGIN"));
	while (fgets(line, sizeof line, in)) {
		split_csv(line, &r);
		if (parse_order(&r, &o) < 0) {
			bad++;
			continue;
		}
		if (ensure_customer(conn, o.customer_id) < 0) // expect: PFL102
			die(conn, "customer");
		if (insert_order(conn, &o) < 0) // expect: PFL102
			bad++;
		n++;
	}
	PQclear(PQexec(conn, "COMMIT"));
	fprintf(stderr, "%lu orders loaded, %lu rejected\n", n, bad);
}

/* Prints a per-customer summary, the slow way: one query per customer. */
static void summarize(PGconn *conn)
{
	PGresult *ids, *tot;
	int i, nrows;
	char q[160];

	ids = PQexec(conn, "SELECT id, name FROM customers ORDER BY id");
	if (PQresultStatus(ids) != PGRES_TUPLES_OK)
		die(conn, "customers");
	nrows = PQntuples(ids);
	for (i = 0; i < nrows; i++) {
		const char *id = PQgetvalue(ids, i, 0);
		snprintf(q, sizeof q,
			 "SELECT coalesce(sum(quantity), 0) FROM orders WHERE customer_id = %s", id);
		tot = PQexec(conn, q); // expect: PFL101
		if (PQresultStatus(tot) == PGRES_TUPLES_OK && PQntuples(tot) == 1)
			printf("%-8s %-24s %s\n", id, PQgetvalue(ids, i, 1), PQgetvalue(tot, 0, 0));
		PQclear(tot);
	}
	PQclear(ids);
}

/* The same report with a single GROUP BY; the loop only reads rows. */
static void summarize_fast(PGconn *conn)
{
	PGresult *res;
	int i;

	res = PQexec(conn,
		"SELECT c.id, c.name, coalesce(sum(o.quantity), 0) "
		"FROM customers c LEFT JOIN orders o ON o.customer_id = c.id "
		"GROUP BY c.id, c.name ORDER BY c.id");
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		die(conn, "summary");
	for (i = 0; i < PQntuples(res); i++)
		printf("%-8s %-24s %s\n", PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
		       PQgetvalue(res, i, 2));
	PQclear(res);
}

static void drop_temp_tables(PGconn *conn, const char *const *names, size_t n)
{
	size_t i;
	char sql[128];

	for (i = 0; i < n; i++) {
		PGresult *r;

		if (!STREQ(names[i], "") && isalpha((unsigned char)names[i][0])) {
			snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS %s", names[i]);
			r = PQexecParams(conn, sql, 0, NULL, NULL, NULL, NULL, 0); // expect: PFL101
			PQclear(r);
		}
	}
}

/* Waits for NOTIFY reload messages and re-reads the price table. */
static void listen_loop(PGconn *conn)
{
	PGnotify *note;
	PGresult *res;
	struct pollfd pfd;

	PQclear(PQexec(conn, "LISTEN reload"));
	for (;;) {
		pfd.fd = PQsocket(conn);
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 30000) < 0)
			break;
		PQconsumeInput(conn);
		while ((note = PQnotifies(conn)) != NULL) {
			fprintf(stderr, "reload from pid %d\n", note->be_pid);
			PQfreemem(note);
		}
		res = PQexec(conn, "REFRESH MATERIALIZED VIEW price_cache"); // near-miss: PFL101 service loop waiting in poll()
		PQclear(res);
	}
}

static int connect_with_retry(const char *conninfo, PGconn **out)
{
	PGconn *conn;
	int attempt;

	for (attempt = 0; attempt < 5; attempt++) {
		conn = PQconnectdb(conninfo);
		if (PQstatus(conn) == CONNECTION_OK) {
			*out = conn;
			return 0;
		}
		PQfinish(conn);
		sleep(1 << attempt);
	}
	return -1;
}

int main(int argc, char **argv)
{
	PGconn *conn;
	FILE *in;
	char header[1024];
	static const char *const temps[] = { "tmp_orders", "tmp_customers", "" };

	if (argc < 3) {
		fprintf(stderr, "usage: %s CONNINFO FILE.csv\n", argv[0]);
		return 2;
	}
	if (connect_with_retry(argv[1], &conn) < 0)
		die(NULL, "connect");
	in = STREQ(argv[2], "-") ? stdin : fopen(argv[2], "r");
	if (!in)
		die(conn, argv[2]);
	if (!fgets(header, sizeof header, in))
		die(conn, "empty input");
	load_orders(conn, in);
	if (in != stdin)
		fclose(in);
	drop_temp_tables(conn, temps, sizeof temps / sizeof temps[0]);
	if (getenv("CSV2PG_FAST"))
		summarize_fast(conn);
	else
		summarize(conn);
	if (argc > 3 && STREQ(argv[3], "--listen"))
		listen_loop(conn);
	PQfinish(conn);
	return 0;
}
