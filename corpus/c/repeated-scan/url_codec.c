/*
 * urlcodec: percent-encoding for a CGI helper ("urlcodec -d 'a%20b'").
 *
 * The decoders and encoders walk their input with strlen(src) in the loop
 * condition. When the loop only reads src (it writes to a separate output
 * buffer) each test rescans src: PFL501. Decoding in place writes the
 * string being measured, so the length really can change: not flagged.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decode src into dst (at least strlen(src) + 1 bytes). */
size_t url_decode(char *dst, const char *src)
{
    size_t i = 0, o = 0;

    while (i < strlen(src)) {  // expect: PFL501
        if (src[i] == '%' && isxdigit((unsigned char)src[i + 1]) && isxdigit((unsigned char)src[i + 2])) {
            dst[o++] = (char)(hexval(src[i + 1]) * 16 + hexval(src[i + 2]));
            i += 3;
        } else {
            dst[o++] = src[i] == '+' ? ' ' : src[i];
            i++;
        }
    }
    dst[o] = '\0';
    return o;
}

/* Encode src into dst (at least 3 * strlen(src) + 1 bytes). */
size_t url_encode(char *dst, const char *src)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;

    for (size_t i = 0; i < strlen(src); i++) {  // expect: PFL501
        unsigned char c = (unsigned char)src[i];
        if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            dst[o++] = (char)c;
        } else {
            dst[o++] = '%';
            dst[o++] = hex[c >> 4];
            dst[o++] = hex[c & 15];
        }
    }
    dst[o] = '\0';
    return o;
}

/* Hex digest text to bytes: two characters per byte. */
size_t hex_to_bytes(unsigned char *out, size_t max, const char *hexstr)
{
    size_t n = 0;

    for (size_t i = 0; i + 1 < strlen(hexstr) && n < max; i += 2)  // expect: PFL501
        out[n++] = (unsigned char)(hexval(hexstr[i]) * 16 + hexval(hexstr[i + 1]));
    return n;
}

/* Number of "k=v" pairs in a query string. */
size_t count_params(const char *query)
{
    size_t n = query[0] != '\0';

    for (size_t i = 0; i < strlen(query); i++) {  // expect: PFL501
        if (query[i] == '&')
            n++;
    }
    return n;
}

/* Decode in place: the loop writes the string it measures. */
void url_decode_inplace(char *s)
{
    size_t i = 0;

    while (i < strlen(s)) {  // near-miss: PFL501 the body writes s (memmove into it, s[i] = ...)
        if (s[i] == '%' && isxdigit((unsigned char)s[i + 1]) && isxdigit((unsigned char)s[i + 2])) {
            s[i] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            memmove(s + i + 1, s + i + 3, strlen(s + i + 3) + 1);
        } else if (s[i] == '+') {
            s[i] = ' ';
        }
        i++;
    }
}

/* '+' to space, in place. */
void plus_to_space(char *s)
{
    for (size_t i = 0; i < strlen(s); i++) {  // near-miss: PFL501 the body writes s[i]
        if (s[i] == '+')
            s[i] = ' ';
    }
}

/* The fix for the decoder: stop at the NUL. */
size_t url_decode_fast(char *dst, const char *src)
{
    size_t o = 0;

    for (const char *p = src; *p != '\0'; p++) {  // near-miss: PFL501 walks to the NUL, no strlen
        if (p[0] == '%' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])) {
            dst[o++] = (char)(hexval(p[1]) * 16 + hexval(p[2]));
            p += 2;
        } else {
            dst[o++] = *p == '+' ? ' ' : *p;
        }
    }
    dst[o] = '\0';
    return o;
}

int main(int argc, char **argv)
{
    static char out[3 * 4096 + 1];
    unsigned char digest[64];

    if (argc != 3 || strlen(argv[2]) > 4096) {
        fprintf(stderr, "usage: %s -d|-D|-e|-x|-q STRING\n", argv[0]);
        return 2;
    }
    if (strcmp(argv[1], "-d") == 0) {
        url_decode(out, argv[2]);
    } else if (strcmp(argv[1], "-D") == 0) {
        url_decode_fast(out, argv[2]);
    } else if (strcmp(argv[1], "-i") == 0) {
        plus_to_space(argv[2]);
        url_decode_inplace(argv[2]);
        snprintf(out, sizeof out, "%s", argv[2]);
    } else if (strcmp(argv[1], "-x") == 0) {
        snprintf(out, sizeof out, "%zu bytes", hex_to_bytes(digest, sizeof digest, argv[2]));
    } else if (strcmp(argv[1], "-q") == 0) {
        snprintf(out, sizeof out, "%zu params", count_params(argv[2]));
    } else {
        url_encode(out, argv[2]);
    }
    puts(out);
    return 0;
}
