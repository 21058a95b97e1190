/*
 * quota_sync - nightly job that copies API plan limits from MariaDB into the
 * Redis keys used by the rate limiter, and writes yesterday's usage back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <mariadb/mysql.h>
#include <hiredis/hiredis.h>

#define KEY_MAX 128

struct account {
	unsigned long id;
	char plan[16];
	long limit_per_min;
	long used;
};

struct accounts {
	struct account *v;
	size_t n;
};

static void fail(MYSQL *db, const char *what)
{
	fprintf(stderr, "%s: %s\n", what, mysql_error(db));
	exit(1);
}

static int load_accounts(MYSQL *db, struct accounts *out)
{
	MYSQL_RES *res;
	MYSQL_ROW row;
	size_t i = 0;

	if (mysql_query(db, "SELECT a.id, a.plan, p.per_minute FROM accounts a "
			    "JOIN plans p ON p.name = a.plan WHERE a.active = 1"))
		return -1;
	res = mysql_store_result(db);
	if (!res)
		return -1;
	out->n = mysql_num_rows(res);
	out->v = calloc(out->n ? out->n : 1, sizeof *out->v);
	while ((row = mysql_fetch_row(res)) && i < out->n) {
		out->v[i].id = strtoul(row[0], NULL, 10);
		snprintf(out->v[i].plan, sizeof out->v[i].plan, "%s", row[1]);
		out->v[i].limit_per_min = atol(row[2]);
		i++;
	}
	mysql_free_result(res);
	out->n = i;
	return 0;
}

static long redis_get_long(redisContext *c, const char *key)
{
	redisReply *r = redisCommand(c, "GET %s", key);
	long v = 0;

	if (r && r->type == REDIS_REPLY_STRING)
		v = atol(r->str);
	freeReplyObject(r);
	return v;
}

static void push_limits(redisContext *c, const struct accounts *acc)
{
	char key[KEY_MAX], val[32];
	const char *argv[3];
	size_t i;

	argv[0] = "SET";
	for (i = 0; i < acc->n; i++) {
		redisReply *r;
		snprintf(key, sizeof key, "rl:limit:%lu", acc->v[i].id);
		snprintf(val, sizeof val, "%ld", acc->v[i].limit_per_min);
		argv[1] = key;
		argv[2] = val;
		r = redisCommandArgv(c, 3, argv, NULL); // expect: PFL101
		if (!r)
			break;
		freeReplyObject(r);
	}
}

static void pull_usage(redisContext *c, struct accounts *acc, const char *day)
{
	char key[KEY_MAX];
	size_t i;

	for (i = 0; i < acc->n; i++) {
		snprintf(key, sizeof key, "rl:used:%s:%lu", day, acc->v[i].id);
		acc->v[i].used = redis_get_long(c, key); // expect: PFL102
	}
}

/* Same thing with MGET in batches of 100: ceil(n/100) round trips. */
static void pull_usage_batched(redisContext *c, struct accounts *acc, const char *day)
{
	size_t base, j;
	char keys[100][KEY_MAX];
	const char *argv[101];

	for (base = 0; base < acc->n; base += 100) {
		size_t cnt = acc->n - base < 100 ? acc->n - base : 100;
		redisReply *r;

		argv[0] = "MGET";
		for (j = 0; j < cnt; j++) {
			snprintf(keys[j], KEY_MAX, "rl:used:%s:%lu", day, acc->v[base + j].id);
			argv[j + 1] = keys[j];
		}
		r = redisCommandArgv(c, (int)cnt + 1, argv, NULL); // near-miss: PFL101 one MGET per batch of 100: the fix
		if (r && r->type == REDIS_REPLY_ARRAY)
			for (j = 0; j < r->elements && j < cnt; j++)
				if (r->element[j]->type == REDIS_REPLY_STRING)
					acc->v[base + j].used = atol(r->element[j]->str);
		freeReplyObject(r);
	}
}

static int store_usage(MYSQL *db, const struct account *a, const char *day)
{
	char q[256];
	int len;

	len = snprintf(q, sizeof q,
		       "INSERT INTO usage_daily(account_id, day, calls) VALUES (%lu, '%s', %ld) "
		       "ON DUPLICATE KEY UPDATE calls = VALUES(calls)", a->id, day, a->used);
	return mysql_real_query(db, q, (unsigned long)len);
}

static void write_back(MYSQL *db, const struct accounts *acc, const char *day)
{
	size_t i;
	unsigned long failed = 0;

	if (mysql_autocommit(db, 0))
		fail(db, "autocommit");
	for (i = 0; i < acc->n; i++)
		if (acc->v[i].used > 0 && store_usage(db, &acc->v[i], day) != 0) // expect: PFL102
			failed++;
	if (mysql_commit(db))
		fail(db, "commit");
	if (failed)
		fprintf(stderr, "%lu usage rows failed\n", failed);
}

static void disable_overdrawn(MYSQL *db, const struct accounts *acc)
{
	char q[128];
	size_t i;

	for (i = 0; i < acc->n; i++) {
		if (acc->v[i].used <= acc->v[i].limit_per_min * 60 * 24)
			continue;
		snprintf(q, sizeof q, "UPDATE accounts SET active = 0 WHERE id = %lu",
			 acc->v[i].id);
		if (mysql_query(db, q)) // expect: PFL101
			fprintf(stderr, "disable %lu: %s\n", acc->v[i].id, mysql_error(db));
	}
}

static void wait_for_replica(MYSQL *db)
{
	MYSQL_RES *res;
	MYSQL_ROW row;
	long lag = 1;

	while (lag > 0) {
		sleep(2);
		if (mysql_query(db, "SELECT seconds_behind FROM replica_lag")) // near-miss: PFL101 polling loop that sleeps
			break;
		res = mysql_store_result(db);
		row = res ? mysql_fetch_row(res) : NULL;
		lag = row && row[0] ? atol(row[0]) : 0;
		if (res)
			mysql_free_result(res);
	}
}

static void reset_windows(redisContext *c, const struct accounts *acc)
{
	size_t i;
	redisReply *r;
	int queued = 0;

	for (i = 0; i < acc->n; i++) {
		redisAppendCommand(c, "DEL rl:window:%lu", acc->v[i].id);
		queued++;
	}
	while (queued-- > 0 && redisGetReply(c, (void **)&r) == REDIS_OK)
		freeReplyObject(r);
}

int main(int argc, char **argv)
{
	MYSQL *db = mysql_init(NULL);
	redisContext *c;
	struct accounts acc = { 0 };
	char day[16];
	time_t now = time(NULL) - 86400;

	strftime(day, sizeof day, "%Y-%m-%d", localtime(&now));
	if (!mysql_real_connect(db, getenv("DB_HOST"), "quota", getenv("DB_PASS"),
				"billing", 0, NULL, 0))
		fail(db, "connect");
	c = redisConnect("127.0.0.1", 6379);
	if (!c || c->err)
		return 1;
	wait_for_replica(db);
	if (load_accounts(db, &acc) < 0)
		fail(db, "load");
	push_limits(c, &acc);
	if (argc > 1 && strcmp(argv[1], "--batched") == 0)
		pull_usage_batched(c, &acc, day);
	else
		pull_usage(c, &acc, day);
	write_back(db, &acc, day);
	disable_overdrawn(db, &acc);
	reset_windows(c, &acc);
	free(acc.v);
	redisFree(c);
	mysql_close(db);
	return 0;
}
