/*
 * appconf: the INI-style configuration reader of a daemon.
 *
 *     [server]
 *     listen = 0.0.0.0:8080
 *     banner = Welcome\, friend \
 *              (continued)
 *
 * Loops over a line or a value with strlen(...) in their condition rescan
 * the string before every iteration (PFL501) unless the loop changes the
 * string: lowercasing in place, unescaping, truncating, or reading a
 * continuation line into it.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LINE_MAX_LEN 1024

struct setting {
    char section[64];
    char key[64];
    char value[LINE_MAX_LEN];
};

static int is_escape_at(const char *s, size_t i)
{
    return s[i] == '\\' && s[i + 1] != '\0';
}

/* Removes the backslash at s[i]: shifts the rest of s left by one. */
static void unescape_at(char *s, size_t i)
{
    memmove(s + i, s + i + 1, strlen(s + i + 1) + 1);
}

static size_t indentation(const char *line)
{
    size_t indent = 0;

    while (indent < strlen(line) && (line[indent] == ' ' || line[indent] == '\t'))  // expect: PFL501
        indent++;
    return indent;
}

static int valid_key(const char *key)
{
    if (key[0] == '\0')
        return 0;
    for (size_t i = 0; i < strlen(key); i++) {  // expect: PFL501
        if (!isalnum((unsigned char)key[i]) && key[i] != '_' && key[i] != '.')
            return 0;
    }
    return 1;
}

static size_t count_escapes(const char *value)
{
    size_t n = 0;

    for (size_t i = 0; i < strlen(value); i++) {  // expect: PFL501
        if (is_escape_at(value, i))
            n++;
    }
    return n;
}

static void lowercase_key(char *key)
{
    for (size_t i = 0; i < strlen(key); i++)  // near-miss: PFL501 the body writes key[i]
        key[i] = (char)tolower((unsigned char)key[i]);
}

static void unescape(char *value)
{
    for (size_t i = 0; i < strlen(value); i++) {  // near-miss: PFL501 value goes to unescape_at(char *, ...), which shortens it
        if (is_escape_at(value, i))
            unescape_at(value, i);
    }
}

/* Splits "key = value" at the first '=': 0 when there is none. */
static int split_line(char *line, char **key, char **value)
{
    size_t eq;

    for (eq = 0; eq < strlen(line); eq++) {  // expect: PFL501
        if (line[eq] == '=')
            break;
    }
    if (line[eq] != '=')
        return 0;
    line[eq] = '\0';
    *key = line + indentation(line);
    *value = line + eq + 1;
    while (**value == ' ')
        (*value)++;
    for (size_t k = strlen(*key); k > 0 && (*key)[k - 1] == ' '; k--)  // near-miss: PFL501 strlen in the init clause, evaluated once
        (*key)[k - 1] = '\0';
    return 1;
}

/* A value ending in a backslash continues on the next line. */
static void read_continuations(char *line, size_t size, FILE *in)
{
    while (strlen(line) > 0 && line[strlen(line) - 1] == '\\') {  // near-miss: PFL501 fgets writes the next line into it
        size_t keep = strlen(line) - 1;
        if (fgets(line + keep, (int)(size - keep), in) == NULL)
            break;
        line[strcspn(line, "\r\n")] = '\0';
    }
}

/* Looks for ./appconf.ini, then ../appconf.ini, up to the root. */
static int find_config(char *dir, char *found, size_t foundsz)
{
    while (strlen(dir) > 1) {  // near-miss: PFL501 the body truncates dir
        char *slash;
        snprintf(found, foundsz, "%s/appconf.ini", dir);
        if (access(found, R_OK) == 0)
            return 1;
        slash = strrchr(dir, '/');
        if (slash == NULL)
            break;
        dir[slash == dir ? 1 : slash - dir] = '\0';
    }
    return 0;
}

static size_t parse(FILE *in, struct setting *out, size_t max)
{
    char line[LINE_MAX_LEN], section[64] = "";
    size_t n = 0;

    while (n < max && fgets(line, sizeof line, in) != NULL) {
        char *key, *value;
        line[strcspn(line, "\r\n")] = '\0';
        read_continuations(line, sizeof line, in);
        if (line[indentation(line)] == '#' || line[indentation(line)] == '\0')
            continue;
        if (line[0] == '[') {
            sscanf(line, "[%63[^]]", section);
            continue;
        }
        if (!split_line(line, &key, &value) || !valid_key(key))
            continue;
        lowercase_key(key);
        if (count_escapes(value) > 0)
            unescape(value);
        snprintf(out[n].section, sizeof out[n].section, "%s", section);
        snprintf(out[n].key, sizeof out[n].key, "%s", key);
        snprintf(out[n].value, sizeof out[n].value, "%s", value);
        n++;
    }
    return n;
}

int main(int argc, char **argv)
{
    static struct setting settings[256];
    char dir[512], path[600];
    FILE *in;
    size_t n;

    if (argc > 1) {
        snprintf(path, sizeof path, "%s", argv[1]);
    } else {
        if (getcwd(dir, sizeof dir) == NULL || !find_config(dir, path, sizeof path))
            return 1;
    }
    in = fopen(path, "r");
    if (in == NULL)
        return 1;
    n = parse(in, settings, 256);
    fclose(in);
    for (size_t i = 0; i < n; i++)
        printf("%s.%s = %s\n", settings[i].section, settings[i].key, settings[i].value);
    return 0;
}
