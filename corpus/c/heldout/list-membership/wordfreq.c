/*
 * wordfreq - count word frequencies in text files.
 *
 *   wordfreq [-n TOP] [-x PREFIX] [-c other.txt] file...
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define NBUCKETS 4093

struct wc {
	char *word;
	unsigned long n;
};

struct node {
	char *word;
	unsigned long n;
	struct node *next;
};

static const char *const stopwords[] = {
	"a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if",
	"in", "into", "is", "it", "no", "not", "of", "on", "or", "such", "that",
	"the", "their", "then", "there", "these", "they", "this", "to", "was",
	"will", "with",
};
#define NSTOP (sizeof stopwords / sizeof stopwords[0])

static struct node *buckets[NBUCKETS];

static int is_stopword(const char *w)
{
	size_t i;

	for (i = 0; i < NSTOP; i++)
		if (strcasecmp(stopwords[i], w) == 0)
			return 1;
	return 0;
}

/* stopwords[] is sorted, so a binary search does the same job. */
static int is_stopword_bsearch(const char *w)
{
	size_t lo = 0, hi = NSTOP;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcasecmp(w, stopwords[mid]);
		if (c == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

static void normalize(char *w)
{
	char *src = w, *dst = w;

	for (; *src; src++)
		if (isalnum((unsigned char)*src) || *src == '\'')
			*dst++ = (char)tolower((unsigned char)*src);
	*dst = '\0';
}

/* Version 1: a flat array searched linearly for every token. */
static size_t count_flat(FILE *fp, struct wc **out, int fast_stop)
{
	struct wc *tab = NULL;
	size_t ntab = 0, j;
	char line[4096], *tok, *save;

	while (fgets(line, sizeof line, fp)) {
		for (tok = strtok_r(line, " \t\r\n", &save); tok;
		     tok = strtok_r(NULL, " \t\r\n", &save)) {
			normalize(tok);
			if (!*tok)
				continue;
			if (fast_stop ? is_stopword_bsearch(tok) : is_stopword(tok)) // expect: PFL301
				continue;
			for (j = 0; j < ntab; j++)
				if (strcmp(tab[j].word, tok) == 0) // expect: PFL301
					break;
			if (j == ntab) {
				tab = realloc(tab, (ntab + 1) * sizeof *tab); // expect: PFL203
				tab[ntab].word = strdup(tok);
				tab[ntab].n = 0;
				ntab++;
			}
			tab[j].n++;
		}
	}
	*out = tab;
	return ntab;
}

static unsigned long hash(const char *s)
{
	unsigned long h = 2166136261UL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619UL;
	return h;
}

/* Version 2: chained hash table. */
static void count_hashed(FILE *fp)
{
	char word[128];
	struct node *e;

	while (fscanf(fp, "%127s", word) == 1) {
		normalize(word);
		if (!*word || is_stopword_bsearch(word))
			continue;
		for (e = buckets[hash(word) % NBUCKETS]; e; e = e->next)
			if (strcmp(e->word, word) == 0)
				break;
		if (!e) {
			unsigned long h = hash(word) % NBUCKETS;
			e = calloc(1, sizeof *e);
			e->word = strdup(word);
			e->next = buckets[h];
			buckets[h] = e;
		}
		e->n++;
	}
}

static int by_freq(const void *a, const void *b)
{
	const struct wc *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->word, y->word);
}

static int by_word(const void *a, const void *b)
{
	return strcmp(((const struct wc *)a)->word, ((const struct wc *)b)->word);
}

/* Words starting with a prefix: prefix matching, not membership. */
static void show_prefixed(struct wc *tab, size_t n, char **prefixes, int nprefix)
{
	int p;
	size_t j, plen;

	for (p = 0; p < nprefix; p++) {
		plen = strlen(prefixes[p]);
		for (j = 0; j < n; j++)
			if (strncmp(tab[j].word, prefixes[p], plen) == 0)
				printf("%s*\t%s\t%lu\n", prefixes[p], tab[j].word, tab[j].n);
	}
}

/* Words of the first table that are missing from the second: sorted merge. */
static void diff_sorted(struct wc *a, size_t na, struct wc *b, size_t nb)
{
	size_t i = 0, j = 0;

	while (i < na) {
		int c = j < nb ? strcmp(a[i].word, b[j].word) : -1;
		if (c == 0) {
			i++;
			j++;
		} else if (c < 0) {
			printf("only-left\t%s\n", a[i].word);
			i++;
		} else {
			j++;
		}
	}
}

/* Same question answered naively, for small inputs. */
static void diff_naive(struct wc *a, size_t na, struct wc *b, size_t nb)
{
	size_t i, j;

	for (i = 0; i < na; i++) {
		const char *w = a[i].word;
		int found = 0;
		for (j = 0; j < nb && !found; j++)
			found = !strcmp(b[j].word, w); // expect: PFL301
		if (!found)
			printf("only-left\t%s\n", w);
	}
}

/* Frequencies that occur for more than one word ("ties"). */
static void report_ties(struct wc *tab, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (tab[i].n == 0)
			continue;
		for (j = i + 1; j < n; j++) {
			if (i == j || tab[j].n == 0)
				continue;
			if (tab[j].n == tab[i].n) { // expect: PFL301
				printf("tie at %lu: %s %s\n", tab[i].n, tab[i].word, tab[j].word);
				break;
			}
		}
	}
}

int main(int argc, char **argv)
{
	struct wc *tab, *other = NULL;
	size_t n, nother = 0, i, top = 20;
	char *prefixes[16];
	int nprefix = 0, opt;
	const char *cmp = NULL;
	FILE *fp;

	while ((opt = getopt(argc, argv, "n:x:c:")) != -1) {
		switch (opt) {
		case 'n': top = strtoul(optarg, NULL, 10); break;
		case 'x': if (nprefix < 16) prefixes[nprefix++] = optarg; break;
		case 'c': cmp = optarg; break;
		default: return 2;
		}
	}
	fp = optind < argc ? fopen(argv[optind], "r") : stdin;
	if (!fp)
		return 1;
	if (getenv("WF_HASHED")) {
		count_hashed(fp);
		return 0;
	}
	n = count_flat(fp, &tab, getenv("WF_BSEARCH") != NULL);
	qsort(tab, n, sizeof *tab, by_freq);
	for (i = 0; i < n && i < top; i++)
		printf("%7lu %s\n", tab[i].n, tab[i].word);
	show_prefixed(tab, n, prefixes, nprefix);
	report_ties(tab, n);
	if (cmp && (fp = fopen(cmp, "r"))) {
		nother = count_flat(fp, &other, 1);
		fclose(fp);
		qsort(tab, n, sizeof *tab, by_word);
		qsort(other, nother, sizeof *other, by_word);
		if (n * nother < 10000)
			diff_naive(tab, n, other, nother);
		else
			diff_sorted(tab, n, other, nother);
	}
	return 0;
}
