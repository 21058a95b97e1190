/*
 * metrics_store: the counter table of metricsd and its persistence.
 * Nothing here is a callback; the file I/O helpers are called from the
 * callbacks of metrics_handlers.c (PFL402 there).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "metrics.h"

#define NSLOTS 1024

struct counter {
    char name[64];
    long value;
    int used;
};

static struct counter table[NSLOTS];
static long pending;

static unsigned long slot_of(const char *name)
{
    unsigned long h = 14695981039346656037ul;

    for (const char *p = name; *p != '\0'; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ul;
    return h % NSLOTS;
}

void metrics_record(const char *name, long value)
{
    unsigned long s = slot_of(name);

    for (unsigned long probes = 0; probes < NSLOTS; probes++, s = (s + 1) % NSLOTS) {
        if (!table[s].used) {
            snprintf(table[s].name, sizeof table[s].name, "%s", name);
            table[s].used = 1;
        } else if (strncmp(table[s].name, name, sizeof table[s].name) != 0) {
            continue;
        }
        table[s].value += value;
        pending++;
        return;
    }
}

size_t metrics_format(char *out, size_t outsz, long now)
{
    size_t len = 0;

    for (size_t i = 0; i < NSLOTS && len < outsz; i++) {
        if (table[i].used)
            len += (size_t)snprintf(out + len, outsz - len, "metricsd.%s %ld %ld\n", table[i].name, table[i].value, now);
    }
    return len < outsz ? len : outsz - 1;
}

long metrics_pending(void)
{
    long p = pending;
    pending = 0;
    return p;
}

int metrics_save_state(const char *path)
{
    FILE *f = fopen(path, "wb");
    int rc;

    if (f == NULL)
        return -1;
    rc = fwrite(table, sizeof table, 1, f) == 1 ? 0 : -1;
    fflush(f);
    fsync(fileno(f));
    fclose(f);
    return rc;
}

int metrics_dump_file(const char *path)
{
    static char text[NSLOTS * 96];
    size_t len = metrics_format(text, sizeof text, 0);
    FILE *f = fopen(path, "w");

    if (f == NULL)
        return -1;
    fwrite(text, 1, len, f);
    fclose(f);
    return 0;
}

void metrics_log_line(const char *msg)
{
    FILE *f = fopen(METRICS_LOG, "a");

    if (f == NULL)
        return;
    fprintf(f, "%s\n", msg);
    fclose(f);
}

int metrics_compact_file(const char *path)
{
    char cmd[320];

    snprintf(cmd, sizeof cmd, "zstd -q --rm -f '%s'", path);
    return system(cmd);
}
