/*
 * line_reader: the input layer of a small text-processing CLI
 * ("lines -n FILE" prints the line count and the longest line).
 *
 * A realloc inside a loop that grows the buffer by a constant or by one
 * item each time may copy the whole buffer on every call: O(n^2) bytes
 * copied for n bytes read (PFL203). Growing the capacity geometrically
 * (doubling, or by half) makes the copies O(n) in total.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 4096

/* One more byte for every character read. */
static char *read_line_naive(FILE *in)
{
    char *line = NULL;
    size_t n = 0;
    int c;

    while ((c = getc(in)) != EOF && c != '\n') {
        char *tmp = realloc(line, n + 2);  // expect: PFL203
        if (tmp == NULL) {
            free(line);
            return NULL;
        }
        line = tmp;
        line[n++] = (char)c;
        line[n] = '\0';
    }
    return line;
}

/* The fix: double the capacity when it runs out. */
static char *read_line(FILE *in, size_t *lenp)
{
    char *line = NULL;
    size_t n = 0, cap = 0;
    int c;

    while ((c = getc(in)) != EOF && c != '\n') {
        if (n + 2 > cap) {
            char *tmp;
            cap = cap ? cap * 2 : 64;
            tmp = realloc(line, cap);  // near-miss: PFL203 geometric growth (cap = cap ? cap * 2 : 64)
            if (tmp == NULL) {
                free(line);
                return NULL;
            }
            line = tmp;
        }
        line[n++] = (char)c;
    }
    if (line != NULL)
        line[n] = '\0';
    *lenp = n;
    return line;
}

/* Every line pointer appended to an array grown by one slot. */
static char **read_all_lines_naive(FILE *in, size_t *countp)
{
    char **lines = NULL;
    size_t count = 0, len;
    char *line;

    while ((line = read_line(in, &len)) != NULL) {
        lines = realloc(lines, (count + 1) * sizeof *lines);  // expect: PFL203
        lines[count++] = line;
    }
    *countp = count;
    return lines;
}

static char **read_all_lines(FILE *in, size_t *countp)
{
    char **lines = NULL;
    size_t count = 0, cap = 0, len;
    char *line;

    while ((line = read_line(in, &len)) != NULL) {
        if (count == cap) {
            cap = cap ? cap << 1 : 128;
            lines = realloc(lines, cap * sizeof *lines);  // near-miss: PFL203 geometric growth (shift left)
        }
        lines[count++] = line;
    }
    if (count > 0 && count < cap)
        lines = realloc(lines, count * sizeof *lines);  // near-miss: PFL203 shrink-to-fit after the loop
    *countp = count;
    return lines;
}

/* Whole file into memory: the buffer grows by one chunk per read. */
static char *slurp_naive(FILE *in, size_t *lenp)
{
    char *buf = NULL;
    size_t len = 0, cap = 0, got;

    do {
        cap += CHUNK;
        buf = realloc(buf, cap);  // expect: PFL203
        got = fread(buf + len, 1, CHUNK, in);
        len += got;
    } while (got == CHUNK);
    *lenp = len;
    return buf;
}

static char *slurp(FILE *in, size_t *lenp)
{
    size_t len = 0, cap = CHUNK, got;
    char *buf = malloc(cap);

    while (buf != NULL && (got = fread(buf + len, 1, cap - len, in)) > 0) {
        len += got;
        if (len == cap) {
            cap += cap / 2;
            buf = realloc(buf, cap);  // near-miss: PFL203 grows by half the capacity: geometric
        }
    }
    *lenp = len;
    return buf;
}

/* Lengths of the non-empty lines, for the statistics: one slot more each. */
static size_t *nonempty_lengths_naive(char **lines, size_t count, size_t *np)
{
    size_t *lens = NULL, n = 0;

    for (size_t i = 0; i < count; i++) {
        if (lines[i][0] == '\0')
            continue;
        lens = realloc(lens, ++n * sizeof(*lens));  // expect: PFL203
        lens[n - 1] = strlen(lines[i]);
    }
    *np = n;
    return lens;
}

int main(int argc, char **argv)
{
    FILE *in = argc > 1 ? fopen(argv[1], "r") : stdin;
    char **lines, *first, *rest;
    size_t count, nonempty, longest = 0, len, *lens;

    if (in == NULL)
        return 1;
    first = read_line_naive(in);
    lines = getenv("LINES_NAIVE") ? read_all_lines_naive(in, &count) : read_all_lines(in, &count);
    lens = nonempty_lengths_naive(lines, count, &nonempty);
    for (size_t i = 0; i < nonempty; i++) {
        if (lens[i] > longest)
            longest = lens[i];
    }
    rewind(in);
    rest = getenv("LINES_NAIVE") ? slurp_naive(in, &len) : slurp(in, &len);
    printf("%zu lines, longest %zu, %zu bytes, first: %s\n", count + 1, longest, len, first ? first : "");
    free(rest);
    free(first);
    return 0;
}
