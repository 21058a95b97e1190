/*
 * logdedup - collapse repeated syslog lines.
 *
 * Reads log lines on stdin, strips the timestamp, and prints each distinct
 * message once with a count and the list of hosts it came from.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NBUCKETS 1021
#define HOSTS_MAX 512

struct entry {
	char *msg;
	unsigned count;
	char **hosts;
	size_t nhosts;
	struct entry *next;
};

static struct entry *table[NBUCKETS];
static struct entry **order;
static size_t norder;

static unsigned long hash(const char *s)
{
	unsigned long h = 5381;
	int c;

	while ((c = (unsigned char)*s++))
		h = h * 33 + c;
	return h;
}

/* "Jan  3 10:22:01 host prog[12]: text" -> host and "prog: text" */
static int split_line(char *line, char **host, char **msg)
{
	char *p = line;
	int spaces = 0;

	while (*p && spaces < 3) {
		if (*p == ' ' && p[1] != ' ')
			spaces++;
		p++;
	}
	if (!*p)
		return -1;
	*host = p;
	p = strchr(p, ' ');
	if (!p)
		return -1;
	*p++ = '\0';
	*msg = p;
	p[strcspn(p, "\n")] = '\0';
	return 0;
}

static struct entry *lookup(const char *msg, int *created)
{
	unsigned long h = hash(msg) % NBUCKETS;
	struct entry *e;

	*created = 0;
	for (e = table[h]; e; e = e->next)
		if (strcmp(e->msg, msg) == 0)
			return e;
	e = calloc(1, sizeof *e);
	e->msg = strdup(msg);
	e->next = table[h];
	table[h] = e;
	*created = 1;
	return e;
}

static int has_host(const struct entry *e, const char *host)
{
	size_t i;

	for (i = 0; i < e->nhosts; i++)
		if (strcmp(e->hosts[i], host) == 0)
			return 1;
	return 0;
}

static void read_input(FILE *in)
{
	char *line = NULL;
	size_t cap = 0;
	char *host, *msg;
	struct entry *e;
	int created;

	while (getline(&line, &cap, in) > 0) {
		if (split_line(line, &host, &msg) < 0)
			continue;
		e = lookup(msg, &created);
		e->count++;
		if (created) {
			order = realloc(order, (norder + 1) * sizeof *order); // expect: PFL203
			order[norder++] = e;
		}
		if (e->nhosts < HOSTS_MAX && !has_host(e, host)) { // expect: PFL301
			e->hosts = reallocarray(e->hosts, e->nhosts + 1, sizeof *e->hosts); // expect: PFL203
			e->hosts[e->nhosts++] = strdup(host);
		}
	}
	free(line);
}

/* Builds "h1, h2, h3" - the naive way. */
static char *host_list(const struct entry *e)
{
	char *out = calloc(1, e->nhosts * 64 + 1);
	size_t i;

	for (i = 0; i < e->nhosts; i++) {
		if (i > 0)
			strcat(out, ", "); // expect: PFL201
		strncat(out, e->hosts[i], 63); // expect: PFL201
	}
	return out;
}

/* Builds the same list tracking the end with a pointer. */
static char *host_list_fast(const struct entry *e)
{
	size_t i, total = 1;
	char *out, *p;

	for (i = 0; i < e->nhosts; i++)
		total += strlen(e->hosts[i]) + 2;
	p = out = malloc(total);
	*p = '\0';
	for (i = 0; i < e->nhosts; i++) {
		if (i > 0)
			p = stpcpy(p, ", ");
		p = stpcpy(p, e->hosts[i]);
	}
	return out;
}

/* A message id derived from the first words, used as a short key. */
static void short_key(const char *msg, char *key, size_t keysz)
{
	char word[32];
	int w, n;

	key[0] = '\0';
	for (w = 0; w < 4 && *msg; w++) {
		if (sscanf(msg, "%31s%n", word, &n) != 1)
			break;
		strncat(key, word, keysz - strlen(key) - 1); // near-miss: PFL201 at most four iterations
		msg += n;
	}
}

static void print_entry(const struct entry *e, int fast)
{
	char line[160];
	char key[64];
	char *hosts;
	int k;

	short_key(e->msg, key, sizeof key);
	snprintf(line, sizeof line, "%6u  ", e->count);
	strcat(line, key);
	for (k = (int)strlen(line); k < 40; k++)
		strcat(line, "."); // expect: PFL201
	hosts = fast ? host_list_fast(e) : host_list(e);
	printf("%s %s\n        [%s]\n", line, e->msg, hosts);
	free(hosts);
}

static int by_count(const void *a, const void *b)
{
	const struct entry *x = *(struct entry *const *)a;
	const struct entry *y = *(struct entry *const *)b;

	return (x->count < y->count) - (x->count > y->count);
}

/* One summary line per run of equal counts: "12: a b c". */
static void count_histogram(void)
{
	char buf[4096];
	size_t i = 0;

	while (i < norder) {
		unsigned c = order[i]->count;
		snprintf(buf, sizeof buf, "%u:", c);
		while (i < norder && order[i]->count == c) {
			size_t used = strlen(buf);
			snprintf(buf + used, sizeof buf - used, " %.12s", order[i]->msg); // expect: PFL201
			i++;
		}
		puts(buf);
	}
}

static void csv_dump(FILE *out)
{
	size_t i, j;

	for (i = 0; i < norder; i++) {
		char row[1024] = "";
		const struct entry *e = order[i];

		strcat(row, "\"");
		strncat(row, e->msg, 500);
		strcat(row, "\"");
		fprintf(out, "%s,%u,%zu\n", row, e->count, e->nhosts);
		for (j = 0; j < e->nhosts; j++)
			fprintf(out, ",,%s\n", e->hosts[j]);
	}
}

int main(int argc, char **argv)
{
	size_t i;
	int fast = argc > 1 && strcmp(argv[1], "-f") == 0;

	read_input(stdin);
	qsort(order, norder, sizeof *order, by_count);
	for (i = 0; i < norder; i++)
		print_entry(order[i], fast);
	count_histogram();
	if (getenv("LOGDEDUP_CSV"))
		csv_dump(stderr);
	return 0;
}
