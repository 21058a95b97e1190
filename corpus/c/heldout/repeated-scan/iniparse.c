/*
 * iniparse.c - a small INI configuration reader with ${VAR} expansion,
 * used by the backup agent.
 *
 *   [section]
 *   key = value   ; comment
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_LEN 1024
#define NBUCKET 64

struct ini_entry {
	char *section;
	char *key;
	char *value;
	struct ini_entry *next;
};

struct ini {
	struct ini_entry *bucket[NBUCKET];
	unsigned nentries;
	unsigned nerrors;
};

static unsigned key_hash(const char *section, const char *key)
{
	unsigned h = 0;
	size_t k;

	for (k = 0; k < strlen(section); k++) // expect: PFL501
		h = h * 31 + (unsigned char)section[k];
	h = h * 31 + '.';
	for (k = 0; key[k]; k++)
		h = h * 31 + (unsigned char)key[k];
	return h % NBUCKET;
}

static char *rtrim(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

static char *ltrim(char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	return s;
}

static void lowercase(char *s)
{
	size_t i;

	for (i = 0; i < strlen(s); i++) // near-miss: PFL501 the body writes s[i]
		s[i] = (char)tolower((unsigned char)s[i]);
}

static int is_comment_char(const char *s, size_t i)
{
	return (s[i] == ';' || s[i] == '#') && (i == 0 || isspace((unsigned char)s[i - 1]));
}

/* Returns the offset of an inline comment, or the string length. */
static size_t comment_start(const char *line)
{
	size_t i;

	for (i = 0; i < strlen(line); i++) { // expect: PFL501
		if (line[i] == '"')
			while (line[++i] && line[i] != '"')
				;
		if (!line[i])
			break;
		if (is_comment_char(line, i))
			return i;
	}
	return strlen(line);
}

static int valid_key(const char *key)
{
	size_t i = 0, n = strlen(key);

	if (n == 0)
		return 0;
	while (i < n && (isalnum((unsigned char)key[i]) || key[i] == '_' || key[i] == '.'))
		i++;
	return i == n;
}

static int count_quotes(const char *value)
{
	int q = 0;
	unsigned i = 0;

	while (i < strlen(value)) { // expect: PFL501
		if (value[i] == '\\' && value[i + 1])
			i++;
		else if (value[i] == '"')
			q++;
		i++;
	}
	return q;
}

static void unquote(char *v)
{
	size_t i, o = 0;

	for (i = 0; v[i]; i++) {
		if (v[i] == '\\' && v[i + 1] == 'n') {
			v[o++] = '\n';
			i++;
		} else if (v[i] != '"') {
			v[o++] = v[i];
		}
	}
	v[o] = '\0';
}

/* Expands ${NAME} from the environment.  dst must hold dstlen bytes. */
static void expand_vars(const char *src, char *dst, size_t dstlen)
{
	size_t i = 0, o = 0;

	while (i < strlen(src) && o + 1 < dstlen) { // expect: PFL501
		if (src[i] == '$' && src[i + 1] == '{') {
			const char *end = strchr(src + i + 2, '}');
			if (end) {
				char name[64];
				const char *val;
				snprintf(name, sizeof name, "%.*s", (int)(end - src - i - 2), src + i + 2);
				val = getenv(name);
				while (val && *val && o + 1 < dstlen)
					dst[o++] = *val++;
				i = (size_t)(end - src) + 1;
				continue;
			}
		}
		dst[o++] = src[i++];
	}
	dst[o] = '\0';
}

static void ini_set(struct ini *ini, const char *section, const char *key, const char *value)
{
	unsigned h = key_hash(section, key);
	struct ini_entry *e;

	for (e = ini->bucket[h]; e; e = e->next)
		if (strcmp(e->section, section) == 0 && strcmp(e->key, key) == 0)
			break;
	if (!e) {
		e = calloc(1, sizeof *e);
		e->section = strdup(section);
		e->key = strdup(key);
		e->next = ini->bucket[h];
		ini->bucket[h] = e;
		ini->nentries++;
	} else {
		free(e->value);
	}
	e->value = strdup(value);
}

int ini_load(struct ini *ini, FILE *fp)
{
	char raw[LINE_MAX_LEN], section[128] = "", expanded[LINE_MAX_LEN];
	char *line, *eq, *key, *value;
	unsigned lineno = 0;

	while (fgets(raw, sizeof raw, fp)) {
		lineno++;
		line = ltrim(rtrim(raw));
		line[comment_start(line)] = '\0';
		rtrim(line);
		if (!*line)
			continue;
		if (*line == '[') {
			char *close = strchr(line, ']');
			if (!close) {
				ini->nerrors++;
				continue;
			}
			*close = '\0';
			snprintf(section, sizeof section, "%s", line + 1);
			lowercase(section);
			continue;
		}
		eq = strchr(line, '=');
		if (!eq) {
			fprintf(stderr, "line %u: missing '='\n", lineno);
			ini->nerrors++;
			continue;
		}
		*eq = '\0';
		key = rtrim(line);
		value = ltrim(eq + 1);
		lowercase(key);
		if (!valid_key(key) || count_quotes(value) % 2) {
			ini->nerrors++;
			continue;
		}
		expand_vars(value, expanded, sizeof expanded);
		unquote(expanded);
		ini_set(ini, section, key, expanded);
	}
	return ini->nerrors ? -1 : 0;
}

const char *ini_get(const struct ini *ini, const char *section, const char *key)
{
	struct ini_entry *e;

	for (e = ini->bucket[key_hash(section, key)]; e; e = e->next)
		if (!strcmp(e->section, section) && !strcmp(e->key, key))
			return e->value;
	return NULL;
}

/* Prints every entry; long values are wrapped at 60 columns. */
void ini_dump(const struct ini *ini, FILE *out)
{
	unsigned b;
	const struct ini_entry *e;
	size_t col;

	for (b = 0; b < NBUCKET; b++) {
		for (e = ini->bucket[b]; e; e = e->next) {
			fprintf(out, "%s.%s = ", e->section, e->key);
			for (col = 0; col < strlen(e->value); col++) { // expect: PFL501
				if (col && col % 60 == 0)
					fputs("\\\n    ", out);
				fputc(e->value[col], out);
			}
			fputc('\n', out);
		}
	}
}

/* Splits a comma list in place: strtok writes the string. */
unsigned ini_split_list(char *value, char **items, unsigned max)
{
	unsigned n = 0;
	char *tok;

	for (tok = strtok(value, ","); tok && n < max; tok = strtok(NULL, ","))
		items[n++] = ltrim(rtrim(tok));
	return n;
}

int main(int argc, char **argv)
{
	struct ini ini = { .nentries = 0 };
	FILE *fp = argc > 1 ? fopen(argv[1], "r") : stdin;
	const char *dirs;
	char *copy, *items[32];
	unsigned i, n;

	if (!fp)
		return 1;
	if (ini_load(&ini, fp) < 0)
		fprintf(stderr, "%u errors\n", ini.nerrors);
	dirs = ini_get(&ini, "backup", "dirs");
	if (dirs) {
		copy = strdup(dirs);
		n = ini_split_list(copy, items, 32);
		for (i = 0; i < n; i++)
			printf("dir[%u] = %s\n", i, items[i]);
		free(copy);
	}
	ini_dump(&ini, stdout);
	return 0;
}
