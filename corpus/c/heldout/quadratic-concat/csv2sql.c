/*
 * csv2sql - turn a CSV file into a SQL script (CREATE TABLE + INSERTs).
 *
 *   csv2sql [-t table] [-b batch] < data.csv > load.sql
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAXCOL 64

typedef struct {
	char **cell;
	size_t ncell;
} record_t;

typedef struct {
	char *name[MAXCOL];
	int is_numeric[MAXCOL];
	size_t ncol;
} header_t;

static const char *table = "imported";

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);
	if (!q && n) {
		perror("realloc");
		exit(1);
	}
	return q;
}

/* Reads one field, honouring double quotes.  Grows the field one byte at a time. */
static char *read_field(const char **pp)
{
	const char *p = *pp;
	char *out = NULL;
	size_t n = 0;
	int quoted = (*p == '"');

	if (quoted)
		p++;
	while (*p) {
		if (quoted && p[0] == '"' && p[1] == '"') {
			p++;
		} else if (quoted && *p == '"') {
			p++;
			break;
		} else if (!quoted && (*p == ',' || *p == '\n')) {
			break;
		}
		out = xrealloc(out, n + 2); // near-miss: PFL203 realloc is inside the helper xrealloc call, not a realloc call here
		out[n++] = *p++;
	}
	if (*p == ',')
		p++;
	*pp = p;
	if (!out)
		out = calloc(1, 1);
	else
		out[n] = '\0';
	return out;
}

static void parse_record(const char *line, record_t *rec)
{
	rec->ncell = 0;
	rec->cell = NULL;
	while (*line && *line != '\n') {
		rec->cell = realloc(rec->cell, ++rec->ncell * sizeof(*rec->cell)); // expect: PFL203
		rec->cell[rec->ncell - 1] = read_field(&line);
	}
}

static void free_record(record_t *rec)
{
	size_t i;
	for (i = 0; i < rec->ncell; i++)
		free(rec->cell[i]);
	free(rec->cell);
}

static char *sql_quote(const char *s)
{
	size_t n = 0, cap = 16;
	char *out = malloc(cap);

	out[n++] = '\'';
	for (; *s; s++) {
		if (n + 3 > cap) {
			cap *= 2;
			out = xrealloc(out, cap);
		}
		if (*s == '\'')
			out[n++] = '\'';
		out[n++] = *s;
	}
	out[n++] = '\'';
	out[n] = '\0';
	return out;
}

static int looks_numeric(const char *s)
{
	char *end;
	if (!*s)
		return 0;
	strtod(s, &end);
	return *end == '\0';
}

static void emit_create(const header_t *h)
{
	char ddl[4096];
	size_t i;
	int len;

	len = snprintf(ddl, sizeof ddl, "CREATE TABLE %s (", table);
	for (i = 0; i < h->ncol && len < (int)sizeof ddl; i++)
		len += snprintf(ddl + len, sizeof ddl - len, "%s%s %s", i ? ", " : "",
				h->name[i], h->is_numeric[i] ? "NUMERIC" : "TEXT");
	printf("%s);\n", ddl);
}

/* Builds "INSERT INTO t (a, b) VALUES (...), (...);" for a batch of rows. */
static char *build_insert(const header_t *h, record_t *rows, size_t nrows)
{
	char *sql = malloc(64 + strlen(table));
	size_t r, c;

	sprintf(sql, "INSERT INTO %s VALUES ", table);
	for (r = 0; r < nrows; r++) {
		char rowbuf[2048];
		rowbuf[0] = '\0';
		strcat(rowbuf, r ? ",\n  (" : "\n  (");
		for (c = 0; c < rows[r].ncell && c < h->ncol; c++) {
			char *v = h->is_numeric[c] ? strdup(rows[r].cell[c]) : sql_quote(rows[r].cell[c]);
			if (c)
				strcat(rowbuf, ", "); // expect: PFL201
			strncat(rowbuf, v, sizeof rowbuf - strlen(rowbuf) - 3); // expect: PFL201
			free(v);
		}
		strcat(rowbuf, ")");
		sql = realloc(sql, strlen(sql) + strlen(rowbuf) + 2); // expect: PFL203
		strcat(sql, rowbuf); // expect: PFL201 realloc keeps the contents: strcat still rescans the whole statement
	}
	return sql;
}

static void emit_comment(const header_t *h)
{
	char cols[1024];
	size_t i;

	cols[0] = '\0';
	for (i = 0; i < h->ncol; i++)
		sprintf(cols + strlen(cols), "%s%s", i ? "," : "", h->name[i]); // expect: PFL201
	printf("-- columns: %s\n", cols);
}

static void emit_trailer(size_t total)
{
	char note[128];
	static const char *const stmts[] = { "ANALYZE", "COMMIT" };
	int k;

	note[0] = '\0';
	for (k = 0; k < 2; k++) {
		strcat(note, stmts[k]); // near-miss: PFL201 two iterations
		strcat(note, "; ");
	}
	printf("%s\n-- %zu rows\n", note, total);
}

/* Collects notes about odd rows; the log grows by a fixed step. */
static char *warnings;
static size_t warn_cap, warn_len;

static void warn_short_rows(record_t *rows, size_t nrows, size_t ncol)
{
	size_t r;
	char line[96];

	for (r = 0; r < nrows; r++) {
		int n;
		if (rows[r].ncell >= ncol)
			continue;
		n = snprintf(line, sizeof line, "-- row %zu has %zu cells\n", r, rows[r].ncell);
		if (warn_len + n + 1 > warn_cap) {
			warn_cap += 256;
			warnings = realloc(warnings, warn_cap); // expect: PFL203
		}
		memcpy(warnings + warn_len, line, n + 1);
		warn_len += n;
	}
}

int main(int argc, char **argv)
{
	header_t hdr = { .ncol = 0 };
	record_t *batch = NULL, first;
	size_t nbatch = 0, batch_cap = 0, batch_max = 500, total = 0, i;
	char *line = NULL, *sql;
	size_t linecap = 0;
	int opt;

	while ((opt = getopt(argc, argv, "t:b:")) != -1) {
		if (opt == 't')
			table = optarg;
		else if (opt == 'b')
			batch_max = strtoul(optarg, NULL, 10);
	}
	if (getline(&line, &linecap, stdin) <= 0)
		return 1;
	parse_record(line, &first);
	for (i = 0; i < first.ncell && i < MAXCOL; i++)
		hdr.name[hdr.ncol++] = strdup(first.cell[i]);
	free_record(&first);

	puts("BEGIN;");
	while (getline(&line, &linecap, stdin) > 0) {
		if (nbatch == batch_cap) {
			batch_cap = batch_cap ? batch_cap * 2 : 64;
			batch = xrealloc(batch, batch_cap * sizeof *batch);
		}
		parse_record(line, &batch[nbatch]);
		if (total == 0)
			for (i = 0; i < hdr.ncol && i < batch[0].ncell; i++)
				hdr.is_numeric[i] = looks_numeric(batch[0].cell[i]);
		if (total == 0)
			emit_create(&hdr);
		nbatch++;
		total++;
		if (nbatch == batch_max) {
			warn_short_rows(batch, nbatch, hdr.ncol);
			sql = build_insert(&hdr, batch, nbatch);
			printf("%s;\n", sql);
			free(sql);
			for (i = 0; i < nbatch; i++)
				free_record(&batch[i]);
			nbatch = 0;
		}
	}
	if (nbatch) {
		sql = build_insert(&hdr, batch, nbatch);
		printf("%s;\n", sql);
		free(sql);
	}
	emit_comment(&hdr);
	emit_trailer(total);
	if (warnings) {
		warnings = realloc(warnings, warn_len + 1);
		fputs(warnings, stdout);
	}
	free(line);
	free(batch);
	return 0;
}
