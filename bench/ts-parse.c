/*
 * ts-parse.c - the speed floor of perflint's design: tree-sitter alone.
 *
 * Reads file paths from stdin (one per line), and for each one reads the
 * file, parses it with tree-sitter-python and visits every node with a
 * TSTreeCursor, which is the least any tree-sitter frontend must do. Prints
 *
 *	files=N bytes=B nodes=K seconds=S
 *
 * where seconds is the wall time of reading, parsing and walking. With
 * -j N the files are shared out among N threads (one parser each), as
 * perflint's --jobs does.
 *
 * Built by bench/bench-python.sh:
 *	gcc -O2 -I node_modules/tree-sitter-python/src bench/ts-parse.c \
 *	    node_modules/tree-sitter-python/src/parser.c \
 *	    node_modules/tree-sitter-python/src/scanner.c -ltree-sitter -lpthread
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_python(void);

/* The work list and the totals, shared by the threads. */
struct job {
	char **paths;
	size_t npaths;
	atomic_size_t next;  /* next path to take */
	atomic_size_t files; /* files parsed */
	atomic_size_t bytes; /* bytes parsed */
	atomic_size_t nodes; /* nodes visited */
};

/* The whole file at path (heap), its length in *len; NULL if unreadable. */
static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		if (r == 0)
			break;
		n += r;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* Visit every node of tree in document order; returns how many. */
static size_t walk(TSTree *tree)
{
	TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(tree));
	size_t count = 1;
	for (;;) {
		if (ts_tree_cursor_goto_first_child(&c)) {
			count++;
			continue;
		}
		for (;;) {
			if (ts_tree_cursor_goto_next_sibling(&c)) {
				count++;
				break;
			}
			if (!ts_tree_cursor_goto_parent(&c)) {
				ts_tree_cursor_delete(&c);
				return count;
			}
		}
	}
}

/* One thread: take paths until none are left. */
static void *worker(void *arg)
{
	struct job *job = arg;
	TSParser *parser = ts_parser_new();
	if (!ts_parser_set_language(parser, tree_sitter_python())) {
		fprintf(stderr, "ts-parse: grammar ABI does not match the tree-sitter runtime\n");
		exit(2);
	}
	for (;;) {
		size_t i = atomic_fetch_add(&job->next, 1);
		if (i >= job->npaths)
			break;
		size_t len = 0;
		char *src = read_all(job->paths[i], &len);
		if (!src) {
			fprintf(stderr, "ts-parse: cannot read '%s'\n", job->paths[i]);
			continue;
		}
		TSTree *tree = ts_parser_parse_string(parser, NULL, src, (uint32_t)len);
		if (tree) {
			atomic_fetch_add(&job->nodes, walk(tree));
			ts_tree_delete(tree);
		}
		free(src);
		atomic_fetch_add(&job->files, 1);
		atomic_fetch_add(&job->bytes, len);
	}
	ts_parser_delete(parser);
	return NULL;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int nthreads = 1, opt;
	while ((opt = getopt(argc, argv, "j:h")) != -1) {
		switch (opt) {
		case 'j':
			nthreads = atoi(optarg);
			if (nthreads < 1 || nthreads > 256) {
				fprintf(stderr, "ts-parse: bad thread count '%s'\n", optarg);
				return 2;
			}
			break;
		default:
			fprintf(stderr, "usage: ts-parse [-j THREADS] < file-list\n");
			return opt == 'h' ? 0 : 2;
		}
	}

	struct job job = { 0 };
	size_t cap = 1024;
	job.paths = malloc(cap * sizeof(*job.paths));
	char *line = NULL;
	size_t linecap = 0;
	ssize_t n;
	while ((n = getline(&line, &linecap, stdin)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (n == 0)
			continue;
		if (job.npaths == cap) {
			cap *= 2;
			job.paths = realloc(job.paths, cap * sizeof(*job.paths));
		}
		job.paths[job.npaths++] = strdup(line);
	}
	free(line);

	double t0 = now();
	pthread_t *th = calloc((size_t)nthreads, sizeof(*th));
	for (int i = 0; i < nthreads; i++)
		if (pthread_create(&th[i], NULL, worker, &job) != 0) {
			fprintf(stderr, "ts-parse: cannot start thread %d\n", i);
			return 2;
		}
	for (int i = 0; i < nthreads; i++)
		pthread_join(th[i], NULL);
	double secs = now() - t0;

	printf("files=%zu bytes=%zu nodes=%zu seconds=%.3f\n", atomic_load(&job.files),
	       atomic_load(&job.bytes), atomic_load(&job.nodes), secs);
	for (size_t i = 0; i < job.npaths; i++)
		free(job.paths[i]);
	free(job.paths);
	free(th);
	return 0;
}
