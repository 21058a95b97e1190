/*
 * standalone.c - replay inputs through a fuzz harness without libFuzzer.
 *
 * Usage: fuzz_NAME_replay FILE|DIR...
 * Every regular file named, or found (recursively, in sorted order) under a
 * directory named, is one input. Prints "N inputs" and exits 0 when none
 * crashed; a crash is the harness aborting, which fails the test.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* A harness without its own initialisation gets this one. */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static size_t standalone__count;

static void standalone__file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "replay: cannot open '%s'\n", path);
		exit(2);
	}
	size_t cap = 1 << 16, len = 0;
	uint8_t *buf = malloc(cap);
	size_t n;
	while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
	}
	fclose(f);
	if (!buf) {
		fprintf(stderr, "replay: out of memory reading '%s'\n", path);
		exit(2);
	}
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	standalone__count++;
}

static int standalone__cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void standalone__path(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0) {
		fprintf(stderr, "replay: cannot access '%s'\n", path);
		exit(2);
	}
	if (!S_ISDIR(sb.st_mode)) {
		standalone__file(path);
		return;
	}
	DIR *d = opendir(path);
	if (!d)
		return;
	char **names = NULL;
	size_t nn = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = realloc(names, (nn + 1) * sizeof(*names));
		size_t l = strlen(path) + strlen(de->d_name) + 2;
		names[nn] = malloc(l);
		snprintf(names[nn], l, "%s/%s", path, de->d_name);
		nn++;
	}
	closedir(d);
	if (nn > 1)
		qsort(names, nn, sizeof(*names), standalone__cmp);
	for (size_t i = 0; i < nn; i++) {
		standalone__path(names[i]);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++)
		standalone__path(argv[i]);
	printf("%zu inputs\n", standalone__count);
	return 0;
}
