/*
 * strutil: the string helpers of a text-statistics CLI
 * ("strutil stats FILE" prints vowels, digits, words and a hash per line).
 *
 * strlen(s) in a loop condition is evaluated before every iteration and
 * scans the whole string each time: O(n^2) for a string of n characters
 * when the loop does not change s (PFL501). Computing the length once, or
 * walking to the terminating NUL, is O(n). A loop that writes into s may
 * change its length, so strlen there is not flagged.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t count_vowels(const char *s)
{
    size_t n = 0;

    for (size_t i = 0; i < strlen(s); i++) {  // expect: PFL501
        if (strchr("aeiouAEIOU", s[i]) != NULL)
            n++;
    }
    return n;
}

int is_number(const char *s)
{
    size_t i = 0;

    if (s[0] == '-' || s[0] == '+')
        i = 1;
    if (s[i] == '\0')
        return 0;
    for (; i < strlen(s); i++) {  // expect: PFL501
        if (!isdigit((unsigned char)s[i]))
            return 0;
    }
    return 1;
}

unsigned long hash_line(const char *line)
{
    unsigned long h = 5381;
    size_t i = 0;

    while (i < strlen(line)) {  // expect: PFL501
        h = h * 33 + (unsigned char)line[i];
        i++;
    }
    return h;
}

size_t count_words(const char *s)
{
    size_t words = 0;
    int in_word = 0;

    for (size_t i = 0; strlen(s) > i; i++) {  // expect: PFL501
        if (isspace((unsigned char)s[i])) {
            in_word = 0;
        } else if (!in_word) {
            in_word = 1;
            words++;
        }
    }
    return words;
}

/* Doubled letters ("committee" has 3). */
size_t count_doubles(const char *s)
{
    size_t n = 0;

    for (size_t i = 0; i + 1 < strlen(s); i++) {  // expect: PFL501
        if (s[i] == s[i + 1] && isalpha((unsigned char)s[i]))
            n++;
    }
    return n;
}

/* The fix: the length, once. */
size_t count_digits(const char *s)
{
    size_t n = 0, len = strlen(s);

    for (size_t i = 0; i < len; i++) {  // near-miss: PFL501 the length is computed once, before the loop
        if (isdigit((unsigned char)s[i]))
            n++;
    }
    return n;
}

/* Or: walk to the NUL. */
size_t count_upper(const char *s)
{
    size_t n = 0;

    for (size_t i = 0; s[i] != '\0'; i++) {  // near-miss: PFL501 tests for the NUL, no strlen
        if (isupper((unsigned char)s[i]))
            n++;
    }
    return n;
}

/* In-place title case: the loop writes s[i]. */
void title_case(char *s)
{
    int start = 1;

    for (size_t i = 0; i < strlen(s); i++) {  // near-miss: PFL501 the body writes s[i]
        if (isalpha((unsigned char)s[i])) {
            s[i] = (char)(start ? toupper((unsigned char)s[i]) : tolower((unsigned char)s[i]));
            start = 0;
        } else {
            start = 1;
        }
    }
}

/* Strip trailing blanks: the body shortens s. */
void rtrim(char *s)
{
    while (strlen(s) > 0 && isspace((unsigned char)s[strlen(s) - 1]))  // near-miss: PFL501 the body writes s
        s[strlen(s) - 1] = '\0';
}

/* Skip leading blanks: the pointer itself moves. */
const char *skip_blanks(const char *p)
{
    while (strlen(p) > 0 && isspace((unsigned char)*p))  // near-miss: PFL501 p is advanced in the loop
        p++;
    return p;
}

/* Total length of the lines, for the summary. */
size_t total_length(char **lines, size_t n)
{
    size_t total = 0;

    for (size_t i = 0; i < n; i++)
        total += strlen(lines[i]);  // near-miss: PFL501 strlen in the body, not in the condition
    return total;
}

static void print_stats(const char *line)
{
    printf("%3zu vowels %3zu digits %3zu upper %3zu words %3zu doubles %s %016lx\n",
           count_vowels(line), count_digits(line), count_upper(line), count_words(line),
           count_doubles(line), is_number(skip_blanks(line)) ? "num" : "txt", hash_line(line));
}

int main(int argc, char **argv)
{
    char line[4096];
    char *lines[2] = { NULL, NULL };
    FILE *in = argc > 1 ? fopen(argv[1], "r") : stdin;
    size_t nlines = 0;

    if (in == NULL)
        return 1;
    while (fgets(line, sizeof line, in) != NULL) {
        rtrim(line);
        print_stats(line);
        if (nlines < 2)
            lines[nlines++] = strdup(line);
    }
    if (nlines > 0) {
        title_case(lines[0]);
        printf("%s (%zu chars in the first lines)\n", lines[0], total_length(lines, nlines));
    }
    free(lines[0]);
    free(lines[1]);
    return 0;
}
