/*
 * mdlite - convert a tiny subset of Markdown to HTML.
 *
 * Supports headings, paragraphs, `code`, *emphasis*, bullet lists and
 * [links](url).  Writes a table of contents before the body.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TABSTOP 4

struct outbuf {
	char *data;
	size_t len;
};

static char toc[8192];
static int nheadings;

static void out_append(struct outbuf *o, const char *s, size_t n)
{
	o->data = realloc(o->data, o->len + n + 1); // near-miss: PFL203 no loop in this function (callers loop)
	memcpy(o->data + o->len, s, n);
	o->len += n;
	o->data[o->len] = '\0';
}

static void out_puts(struct outbuf *o, const char *s)
{
	out_append(o, s, strlen(s));
}

static void escape_html(struct outbuf *o, const char *in)
{
	size_t i;

	for (i = 0; i < strlen(in); i++) { // expect: PFL501
		switch (in[i]) {
		case '<': out_puts(o, "&lt;"); break;
		case '>': out_puts(o, "&gt;"); break;
		case '&': out_puts(o, "&amp;"); break;
		case '"': out_puts(o, "&quot;"); break;
		default: out_append(o, &in[i], 1);
		}
	}
}

/* Replaces the tab at s[at] with spaces up to the next tab stop. */
static void expand_tab(char *s, size_t at, size_t cap)
{
	size_t pad = TABSTOP - at % TABSTOP, n = strlen(s);

	if (n + pad >= cap)
		pad = 1;
	memmove(s + at + pad, s + at + 1, n - at);
	memset(s + at, ' ', pad);
}

static void expand_tabs(char *line, size_t cap)
{
	size_t i;

	for (i = 0; i < strlen(line); i++) // near-miss: PFL501 line is passed to expand_tab(char *)
		if (line[i] == '\t')
			expand_tab(line, i, cap);
}

static int heading_level(const char *line)
{
	int level = 0;
	size_t i;

	for (i = 0; i < strlen(line) && line[i] == '#'; i++) // expect: PFL501
		level++;
	return level > 0 && level <= 6 && line[i] == ' ' ? level : 0;
}

static void slugify(const char *title, char *slug, size_t cap)
{
	size_t i, o = 0, n = strlen(title);

	for (i = 0; i < n && o + 1 < cap; i++) {
		unsigned char c = (unsigned char)title[i];
		if (isalnum(c))
			slug[o++] = (char)tolower(c);
		else if (o > 0 && slug[o - 1] != '-')
			slug[o++] = '-';
	}
	while (o > 0 && slug[o - 1] == '-')
		o--;
	slug[o] = '\0';
}

static void inline_markup(struct outbuf *o, const char *text)
{
	int in_code = 0, in_em = 0;
	int j;

	for (j = 0; j < (int)strlen(text); j++) { // expect: PFL501
		char c = text[j];
		if (c == '`') {
			out_puts(o, in_code ? "</code>" : "<code>");
			in_code = !in_code;
		} else if (c == '*' && !in_code) {
			out_puts(o, in_em ? "</em>" : "<em>");
			in_em = !in_em;
		} else if (c == '[' && !in_code) {
			const char *close = strstr(text + j, "](");
			const char *end = close ? strchr(close, ')') : NULL;
			if (close && end) {
				char href[512];
				snprintf(href, sizeof href, "<a href=\"%.*s\">",
					 (int)(end - close - 2), close + 2);
				out_puts(o, href);
				out_append(o, text + j + 1, (size_t)(close - text - j - 1));
				out_puts(o, "</a>");
				j = (int)(end - text);
			} else {
				out_append(o, &c, 1);
			}
		} else {
			char tmp[2] = { c, 0 };
			escape_html(o, tmp);
		}
	}
	if (in_em)
		out_puts(o, "</em>");
}

static int is_rule(const char *line)
{
	const char *p = line;
	int dashes = 0;

	while (strlen(p) > 0 && (*p == '-' || *p == ' ')) { // near-miss: PFL501 p is advanced in the loop
		dashes += *p == '-';
		p++;
	}
	return *p == '\0' && dashes >= 3;
}

static void add_toc(int level, const char *title, const char *slug)
{
	char item[300];

	snprintf(item, sizeof item, "%*s<li><a href=\"#%s\">%s</a></li>\n",
		 level * 2, "", slug, title);
	if (strlen(toc) + strlen(item) < sizeof toc)
		strcat(toc, item);
}

static int count_words(const char *para)
{
	size_t i, n = strlen(para);
	int words = 0, inword = 0;

	for (i = 0; i < n; i++) {
		if (isspace((unsigned char)para[i]))
			inword = 0;
		else if (!inword) {
			inword = 1;
			words++;
		}
	}
	return words;
}

static void convert(FILE *in, struct outbuf *body)
{
	char line[2048], slug[128];
	int in_list = 0, in_para = 0, level, words = 0;
	size_t len;

	while (fgets(line, sizeof line, in)) {
		line[strcspn(line, "\n")] = '\0';
		expand_tabs(line, sizeof line);
		len = strlen(line);
		if (len == 0 || is_rule(line)) {
			if (in_para)
				out_puts(body, "</p>\n");
			if (in_list)
				out_puts(body, "</ul>\n");
			if (len)
				out_puts(body, "<hr>\n");
			in_para = in_list = 0;
			continue;
		}
		if ((level = heading_level(line)) > 0) {
			char open[64];
			slugify(line + level + 1, slug, sizeof slug);
			snprintf(open, sizeof open, "<h%d id=\"%s\">", level, slug);
			out_puts(body, open);
			inline_markup(body, line + level + 1);
			snprintf(open, sizeof open, "</h%d>\n", level);
			out_puts(body, open);
			add_toc(level, line + level + 1, slug);
			nheadings++;
			continue;
		}
		if (line[0] == '-' && line[1] == ' ') {
			if (!in_list)
				out_puts(body, "<ul>\n");
			in_list = 1;
			out_puts(body, "<li>");
			inline_markup(body, line + 2);
			out_puts(body, "</li>\n");
			continue;
		}
		if (!in_para)
			out_puts(body, "<p>");
		in_para = 1;
		words += count_words(line);
		inline_markup(body, line);
		out_puts(body, "\n");
	}
	if (in_para)
		out_puts(body, "</p>\n");
	if (in_list)
		out_puts(body, "</ul>\n");
	fprintf(stderr, "%d words, %d headings\n", words, nheadings);
}

static void pad_title(char *title, size_t cap, size_t width)
{
	while (strlen(title) < width && strlen(title) + 1 < cap) // near-miss: PFL501 the body appends to title
		strcat(title, " "); // expect: PFL201
}

int main(int argc, char **argv)
{
	struct outbuf body = { NULL, 0 };
	FILE *in = argc > 1 ? fopen(argv[1], "r") : stdin;
	char title[80];
	size_t k;

	if (!in)
		return 1;
	convert(in, &body);
	snprintf(title, sizeof title, "%s", argc > 2 ? argv[2] : "Document");
	pad_title(title, sizeof title, 20);
	printf("<!doctype html>\n<title>%s</title>\n", title);
	if (nheadings > 1)
		printf("<ul class=\"toc\">\n%s</ul>\n", toc);
	for (k = 0; k < body.len; k += 4096)
		fwrite(body.data + k, 1, body.len - k < 4096 ? body.len - k : 4096, stdout);
	free(body.data);
	return 0;
}
