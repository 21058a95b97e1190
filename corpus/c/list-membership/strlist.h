/*
 * strlist: a growable array of strings and two id-list helpers, shared by
 * acl_check.c. strlist_contains and idlist_index are linear scans: called
 * in a loop with the loop's item they make a nested linear search
 * (PFL301, reported at the call). strlist_has_prefix (prefix matching) and
 * strlist_bsearch (sorted list) are not membership scans.
 */
#ifndef STRLIST_H
#define STRLIST_H

#include <stdio.h>
#include <stddef.h>

struct strlist {
    char **items;
    size_t len, cap;
};

int strlist_push(struct strlist *l, const char *s);
size_t strlist_load(struct strlist *l, FILE *in);
void strlist_sort(struct strlist *l);
void strlist_free(struct strlist *l);

/* Linear: 1 if s is an element of l. */
int strlist_contains(const struct strlist *l, const char *s);

/* Linear: position of id in ids, or -1. */
long idlist_index(const long *ids, size_t n, long id);

/* 1 if one element of l is a prefix of s (strncmp). */
int strlist_has_prefix(const struct strlist *l, const char *s);

/* Binary search of a sorted list. */
int strlist_bsearch(const struct strlist *l, const char *s);

#endif
