/*
 * uniqw: print the distinct words of a text with their counts, in
 * first-seen order, leaving out stop words; --anagrams lists words that
 * are anagrams of another word of the text.
 *
 *     uniqw [--naive] [--anagrams] < chapter.txt
 *
 * Looking each word up in the array of words seen so far is a nested
 * linear search: O(n * m) string comparisons (PFL301). A hash set does one
 * bucket walk per word.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_WORDS 200000
#define NBUCKETS 65536

static const char *const stopwords[] = {
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in",
    "into", "is", "it", "of", "on", "or", "such", "that", "the", "their", "then",
    "there", "these", "they", "this", "to", "was", "will", "with",
};
#define NSTOP (sizeof stopwords / sizeof stopwords[0])

struct entry {
    const char *word;
    unsigned count;
    struct entry *next;
    struct entry *order_next;
};

struct wordset {
    struct entry *buckets[NBUCKETS];
    struct entry *first, *last;
    size_t size;
};

static size_t split_words(char *text, char **words, size_t max)
{
    size_t n = 0;
    char *save = NULL;

    for (char *w = strtok_r(text, " \t\r\n.,;:!?()\"", &save); w != NULL && n < max; w = strtok_r(NULL, " \t\r\n.,;:!?()\"", &save)) {
        for (char *p = w; *p != '\0'; p++)
            *p = (char)tolower((unsigned char)*p);
        words[n++] = w;
    }
    return n;
}

static int is_stopword_naive(const char *w)
{
    for (size_t k = 0; k < NSTOP; k++) {
        if (strcasecmp(stopwords[k], w) == 0)  // near-miss: PFL301 one search, not inside another loop
            return 1;
    }
    return 0;
}

/* The counts, with a linear search of the output for every word. */
static size_t count_naive(char **words, size_t n, const char **out, unsigned *counts)
{
    size_t nout = 0;

    for (size_t i = 0; i < n; i++) {
        size_t j;
        if (is_stopword_naive(words[i]))  // expect: PFL301
            continue;
        for (j = 0; j < nout; j++) {
            if (strcmp(out[j], words[i]) == 0)  // expect: PFL301
                break;
        }
        if (j == nout) {  // near-miss: PFL301 compares two indexes, after the inner loop
            out[nout] = words[i];
            counts[nout++] = 0;
        }
        counts[j]++;
    }
    return nout;
}

static unsigned long hash_str(const char *s)
{
    unsigned long h = 5381;

    for (; *s != '\0'; s++)
        h = h * 33 + (unsigned char)*s;
    return h;
}

/* The fix: a chained hash set; each lookup walks one bucket. */
static struct entry *wordset_add(struct wordset *set, const char *w)
{
    struct entry *e;

    for (e = set->buckets[hash_str(w) % NBUCKETS]; e != NULL; e = e->next) {
        if (strcmp(e->word, w) == 0)  // near-miss: PFL301 a hash-bucket chain, not the whole list
            return e;
    }
    e = calloc(1, sizeof *e);
    if (e == NULL)
        return NULL;
    e->word = w;
    e->next = set->buckets[hash_str(w) % NBUCKETS];
    set->buckets[hash_str(w) % NBUCKETS] = e;
    if (set->last != NULL)
        set->last->order_next = e;
    else
        set->first = e;
    set->last = e;
    set->size++;
    return e;
}

static struct wordset *count_hashed(char **words, size_t n, const struct wordset *stop)
{
    struct wordset *set = calloc(1, sizeof *set);

    if (set == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        struct entry *e = NULL;
        for (e = stop->buckets[hash_str(words[i]) % NBUCKETS]; e != NULL; e = e->next) {
            if (strcmp(e->word, words[i]) == 0)  // near-miss: PFL301 a hash-bucket chain
                break;
        }
        if (e != NULL)
            continue;
        e = wordset_add(set, words[i]);  // near-miss: PFL301 the helper walks one hash bucket
        if (e != NULL)
            e->count++;
    }
    return set;
}

/* Words of the user's personal dictionary that the text uses. */
static size_t dictionary_hits(char **words, size_t n, char **dict, size_t ndict)
{
    size_t hits = 0;

    for (size_t i = 0; i < n; i++) {
        const char *w = words[i];
        for (size_t j = 0; j < ndict; j++) {
            if (!strcmp(dict[j], w)) {  // expect: PFL301
                hits++;
                break;
            }
        }
    }
    return hits;
}

/* Words that start with one of the user's prefixes (tags like "todo-"). */
static size_t tagged_words(char **words, size_t n, char **prefixes, const size_t *plen, size_t nprefixes)
{
    size_t tagged = 0;

    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < nprefixes; j++) {
            if (strncmp(words[i], prefixes[j], plen[j]) == 0) {  // near-miss: PFL301 prefix matching, not equality
                tagged++;
                break;
            }
        }
    }
    return tagged;
}

/* Apostrophes per word, for the "contractions" statistic. */
static size_t contractions(char **words, size_t n)
{
    size_t found = 0;

    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; words[i][j] != '\0'; j++) {
            if (words[i][j] == '\'') {  // near-miss: PFL301 compares with a constant
                found++;
                break;
            }
        }
    }
    return found;
}

static int cmp_char(const void *a, const void *b)
{
    return *(const char *)a - *(const char *)b;
}

/* Anagram pairs among the distinct words: every signature against every other one. */
static void print_anagrams(const char **words, size_t n)
{
    char **sig = calloc(n, sizeof *sig);

    if (sig == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        sig[i] = strdup(words[i]);
        qsort(sig[i], strlen(sig[i]), 1, cmp_char);
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            if (i == j)  // near-miss: PFL301 compares the two indexes
                continue;
            if (strcmp(sig[j], sig[i]) == 0) {  // expect: PFL301
                printf("%s ~ %s\n", words[i], words[j]);
                break;
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        free(sig[i]);
    free(sig);
}

int main(int argc, char **argv)
{
    static char text[1 << 22];
    static char *words[MAX_WORDS];
    static const char *out[MAX_WORDS];
    static unsigned counts[MAX_WORDS];
    static struct wordset stop;
    static char dict_words[4096][48];
    static char *dict[4096];
    size_t ndict = 0;
    FILE *df = fopen(getenv("UNIQW_DICT") ? getenv("UNIQW_DICT") : "/usr/share/uniqw/personal.dict", "r");
    char *prefixes[] = { "todo-", "fixme-" };
    const size_t plen[] = { 5, 6 };
    size_t len = fread(text, 1, sizeof text - 1, stdin), n, nout = 0;
    int naive = argc > 1 && strcmp(argv[1], "--naive") == 0;

    text[len] = '\0';
    while (df != NULL && ndict < 4096 && fscanf(df, "%47s", dict_words[ndict]) == 1) {
        dict[ndict] = dict_words[ndict];
        ndict++;
    }
    if (df != NULL)
        fclose(df);
    n = split_words(text, words, MAX_WORDS);
    if (naive) {
        nout = count_naive(words, n, out, counts);
        for (size_t i = 0; i < nout; i++)
            printf("%7u %s\n", counts[i], out[i]);
    } else {
        struct wordset *set;
        for (size_t k = 0; k < NSTOP; k++)
            wordset_add(&stop, stopwords[k]);  // near-miss: PFL301 the helper walks one hash bucket
        set = count_hashed(words, n, &stop);
        for (struct entry *e = set ? set->first : NULL; e != NULL; e = e->order_next) {
            printf("%7u %s\n", e->count, e->word);
            out[nout++] = e->word;
        }
    }
    printf("%zu dictionary words, %zu tagged, %zu contractions\n", dictionary_hits(words, n, dict, ndict), tagged_words(words, n, prefixes, plen, 2), contractions(words, n));
    if (argc > 2 && strcmp(argv[2], "--anagrams") == 0)
        print_anagrams(out, nout);
    return 0;
}
