/* A CSV exporter: one C finding of each string rule, for every reporter. */
#include <stdlib.h>
#include <string.h>

char *join_fields(char **fields, size_t n)
{
	char *line = calloc(1, 4096);

	for (size_t i = 0; i < n; i++) {
		strcat(line, fields[i]);
		strcat(line, ",");
	}
	return line;
}

size_t count_commas(const char *s)
{
	size_t n = 0;

	for (size_t i = 0; i < strlen(s); i++)
		if (s[i] == ',')
			n++;
	return n;
}
