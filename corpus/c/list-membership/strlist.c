/*
 * strlist: see strlist.h. The searches here are single scans (no loop
 * around them in this file); acl_check.c calls them from its loops.
 */
#include <stdlib.h>
#include <string.h>

#include "strlist.h"

int strlist_push(struct strlist *l, const char *s)
{
    if (l->len == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        char **items = realloc(l->items, cap * sizeof *items);
        if (items == NULL)
            return -1;
        l->items = items;
        l->cap = cap;
    }
    l->items[l->len] = strdup(s);
    return l->items[l->len++] != NULL ? 0 : -1;
}

size_t strlist_load(struct strlist *l, FILE *in)
{
    char line[256];
    size_t added = 0;

    while (fgets(line, sizeof line, in) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0' || line[0] == '#')
            continue;
        if (strlist_push(l, line) == 0)
            added++;
    }
    return added;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void strlist_sort(struct strlist *l)
{
    qsort(l->items, l->len, sizeof *l->items, cmp_str);
}

void strlist_free(struct strlist *l)
{
    for (size_t i = 0; i < l->len; i++)
        free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->len = l->cap = 0;
}

int strlist_contains(const struct strlist *l, const char *s)
{
    for (size_t i = 0; i < l->len; i++) {
        if (strcmp(l->items[i], s) == 0)  // near-miss: PFL301 a single scan: reported where it is called in a loop
            return 1;
    }
    return 0;
}

long idlist_index(const long *ids, size_t n, long id)
{
    for (size_t i = 0; i < n; i++) {
        if (ids[i] == id)  // near-miss: PFL301 a single scan: reported where it is called in a loop
            return (long)i;
    }
    return -1;
}

int strlist_has_prefix(const struct strlist *l, const char *s)
{
    for (size_t i = 0; i < l->len; i++) {
        if (strncmp(s, l->items[i], strlen(l->items[i])) == 0)
            return 1;
    }
    return 0;
}

int strlist_bsearch(const struct strlist *l, const char *s)
{
    size_t lo = 0, hi = l->len;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(l->items[mid], s);
        if (c == 0)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}
