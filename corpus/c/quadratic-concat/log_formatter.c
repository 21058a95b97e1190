/*
 * logfmt: turn structured log records into logfmt lines
 * ("ts=... level=info msg=\"...\" key=value ...") for the log shipper.
 *
 * strcat/strncat onto one buffer inside a loop rescans the whole line on
 * every call (PFL201). Keeping a pointer to the end (stpcpy) or a length
 * (len += snprintf) does not; neither does a buffer that is reset on every
 * iteration.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LINE_MAX_LEN 8192

enum level { LVL_DEBUG, LVL_INFO, LVL_WARN, LVL_ERROR };

struct field {
    const char *key;
    const char *value;
};

struct record {
    time_t ts;
    enum level level;
    const char *msg;
    const struct field *fields;
    size_t nfields;
};

static const char *level_name(enum level l)
{
    static const char *const names[] = { "debug", "info", "warn", "error" };
    return names[l];
}

static void format_ts(time_t ts, char *out, size_t outsz)
{
    struct tm tm;
    gmtime_r(&ts, &tm);
    strftime(out, outsz, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The original formatter: every piece strcat'ed onto the line. */
static void format_record_naive(const struct record *r, char *line)
{
    char ts[32];

    format_ts(r->ts, ts, sizeof ts);
    sprintf(line, "ts=%s level=%s msg=\"%s\"", ts, level_name(r->level), r->msg);
    for (size_t i = 0; i < r->nfields; i++) {
        strcat(line, " ");  // expect: PFL201
        strcat(line, r->fields[i].key);  // expect: PFL201
        strcat(line, "=");  // expect: PFL201
        strncat(line, r->fields[i].value, 256);  // expect: PFL201
    }
}

/* The fix: a pointer to the end of the line, advanced by stpcpy. */
static void format_record(const struct record *r, char *line)
{
    char ts[32];
    char *p = line;

    format_ts(r->ts, ts, sizeof ts);
    p += sprintf(p, "ts=%s level=%s msg=\"%s\"", ts, level_name(r->level), r->msg);
    for (size_t i = 0; i < r->nfields; i++) {
        *p++ = ' ';
        p = stpcpy(p, r->fields[i].key);  // near-miss: PFL201 the end is tracked by the returned pointer
        *p++ = '=';
        p = stpcpy(p, r->fields[i].value);  // near-miss: PFL201 the end is tracked by the returned pointer
    }
}

/* Bounded variant for untrusted values: the length is tracked. */
static size_t format_record_bounded(const struct record *r, char *line, size_t cap)
{
    size_t len = (size_t)snprintf(line, cap, "level=%s msg=\"%s\"", level_name(r->level), r->msg);

    for (size_t i = 0; i < r->nfields && len < cap; i++)
        len += (size_t)snprintf(line + len, cap - len, " %s=%s", r->fields[i].key, r->fields[i].value);  // near-miss: PFL201 writes at a tracked offset
    return len < cap ? len : cap - 1;
}

/* Batch of records: one line each; the line buffer restarts every record. */
static void write_batch(FILE *out, const struct record *recs, size_t n)
{
    char line[LINE_MAX_LEN];

    for (size_t i = 0; i < n; i++) {
        line[0] = '\0';
        strcat(line, level_name(recs[i].level));  // near-miss: PFL201 the destination is reset in the same loop
        strcat(line, ": ");  // near-miss: PFL201 the destination is reset in the same loop
        strcat(line, recs[i].msg);  // near-miss: PFL201 the destination is reset in the same loop
        fprintf(out, "%s\n", line);
    }
}

/* Human-readable console output, one prefix per record. */
static void print_console(const struct record *recs, size_t n, int color)
{
    for (size_t i = 0; i < n; i++) {
        char prefix[64] = "";
        if (color && recs[i].level >= LVL_WARN)
            strcat(prefix, "\033[1;31m");  // near-miss: PFL201 prefix is declared (empty) in the loop body
        strcat(prefix, level_name(recs[i].level));  // near-miss: PFL201 prefix is declared (empty) in the loop body
        if (color && recs[i].level >= LVL_WARN)
            strcat(prefix, "\033[0m");  // near-miss: PFL201 prefix is declared (empty) in the loop body
        printf("%-20s %s\n", prefix, recs[i].msg);
    }
}

/* Collects the keys of a record for the schema registry, comma separated. */
static void schema_keys(const struct record *r, char *out, size_t outsz)
{
    out[0] = '\0';
    for (size_t i = 0; i < r->nfields; i++) {
        if (i > 0)
            strncat(out, ",", outsz - strlen(out) - 1);  // expect: PFL201
        strncat(out, r->fields[i].key, outsz - strlen(out) - 1);  // expect: PFL201
    }
}

/* Each record gets its own slot in the output array: no shared buffer. */
static void tag_records(char lines[][LINE_MAX_LEN], const struct record *recs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *dst = lines[i];
        format_record(&recs[i], dst);
        strcat(dst, " shipper=logfmt");  // near-miss: PFL201 the destination pointer is reassigned every iteration
    }
}

static void log_file_name(char *path, size_t pathsz, const char *dir, time_t now)
{
    char day[16];
    struct tm tm;

    gmtime_r(&now, &tm);
    strftime(day, sizeof day, "%Y%m%d", &tm);
    snprintf(path, pathsz, "%s/app-", dir);
    strcat(path, day);  // near-miss: PFL201 not in a loop
    strcat(path, ".log");  // near-miss: PFL201 not in a loop
}

int main(void)
{
    static char lines[2][LINE_MAX_LEN];
    static const struct field fields[] = {
        { "user", "alice" }, { "path", "/api/orders" }, { "status", "200" }, { "ms", "41" },
    };
    struct record recs[2] = {
        { 0, LVL_INFO, "request served", fields, 4 },
        { 0, LVL_ERROR, "upstream timeout", fields, 2 },
    };
    char line[LINE_MAX_LEN], keys[256], path[256];
    time_t now = time(NULL);

    recs[0].ts = recs[1].ts = now;
    format_record_naive(&recs[0], line);
    puts(line);
    format_record(&recs[1], line);
    puts(line);
    format_record_bounded(&recs[0], line, sizeof line);
    puts(line);
    write_batch(stdout, recs, 2);
    print_console(recs, 2, 1);
    schema_keys(&recs[0], keys, sizeof keys);
    tag_records(lines, recs, 2);
    log_file_name(path, sizeof path, "/var/log/app", now);
    printf("%s\n%s\n%s\n", keys, lines[0], path);
    return 0;
}
