/*
 * fuzz_lsp.c - what the language server takes from a client: the framed
 * message reader on an arbitrary byte stream (it must end, never hang),
 * positions in every encoding over arbitrary text, file URIs, and the
 * quick fixes. A suppression comment the fix adds must really silence the
 * finding it was made for.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "fuzz.h"

#include "engine/rule.h"
#include "engine/suppress.h"
#include "lsp/fixes.h"
#include "lsp/rpc.h"
#include "lsp/text.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (!getenv("PFL_FUZZ_VERBOSE") && !freopen("/dev/null", "w", stderr))
		abort();
	return pfl_rules_load() == 0 ? 0 : (abort(), 0);
}

/* The input as a client's byte stream: every message read, and the stream ends. */
static void fuzz__reader(const uint8_t *data, size_t size)
{
	int fd = memfd_create("pfl-fuzz-lsp", 0);
	if (fd < 0)
		abort();
	if (size && write(fd, data, size) != (ssize_t)size)
		abort();
	lseek(fd, 0, SEEK_SET);
	pfl_rpc_reader *r = pfl_rpc_reader_new(fd, 1 << 16);
	size_t rounds = 0;
	for (;;) {
		char *body = NULL;
		size_t len = 0;
		pfl_rpc_status st = pfl_rpc_read(r, 0, &body, &len);
		PFL_FUZZ_CHECK(++rounds <= size + 16, "the reader does not reach the end of the stream");
		if (st == PFL_RPC_MESSAGE) {
			PFL_FUZZ_CHECK(body && strlen(body) <= len, "a message body without its text");
			cJSON_Delete(cJSON_ParseWithLength(body, len));
			free(body);
			continue;
		}
		if (st == PFL_RPC_EOF)
			break;
	}
	pfl_rpc_reader_free(r);
	close(fd);
}

/* Positions, URIs and fixes over the input as a document. */
static void fuzz__document(const uint8_t *data, size_t size)
{
	pfl_text t = { 0 };
	pfl_text_set(&t, (const char *)data, size);
	uint32_t seed = size ? data[0] * 131u + data[size - 1] : 7;
	for (int e = PFL_ENC_UTF16; e <= PFL_ENC_UTF32; e++) {
		for (uint32_t k = 0; k < 8; k++) {
			pfl_position p = { (seed + k * 7) % (uint32_t)(t.nlines + 1), (seed * (k + 3)) % 300 };
			size_t off = pfl_text_offset(&t, p, (pfl_encoding)e);
			PFL_FUZZ_CHECK(off <= t.len, "a position past the end of the text");
			pfl_position back = pfl_text_position(&t, off, (pfl_encoding)e);
			PFL_FUZZ_CHECK(pfl_text_offset(&t, back, (pfl_encoding)e) == off,
				       "a position and its offset do not agree");
		}
	}
	/* The suppression fix, on a line of the text, for both languages. */
	for (int lang = 0; lang < 2; lang++) {
		uint32_t line = 1 + seed % (uint32_t)t.nlines;
		pfl_fix_edit edit = { 0 };
		if (pfl_fix_suppress(lang ? PFL_LANG_C : PFL_LANG_PYTHON, t.data, t.len, "PFL101", line, line, &edit) == 0) {
			PFL_FUZZ_CHECK(edit.start <= edit.end && edit.end <= t.len && edit.text, "an edit outside the text");
			pfl_text fixed = { 0 };
			pfl_text_set(&fixed, t.data, t.len);
			pfl_text_replace(&fixed, edit.start, edit.end, edit.text, strlen(edit.text));
			/* As the run reads a file: a lone CR ends a line; a NUL makes it binary (not analysed). */
			for (size_t i = 0; i < fixed.len; i++)
				if (fixed.data[i] == '\r' && (i + 1 == fixed.len || fixed.data[i + 1] != '\n'))
					fixed.data[i] = '\n';
			pfl_arena arena = { 0 };
			pfl_suppressions s = { 0 };
			pfl_suppress_parse(lang ? PFL_LANG_C : PFL_LANG_PYTHON, fixed.data, fixed.len, &arena, &s);
			PFL_FUZZ_CHECK(memchr(fixed.data, '\0', fixed.len) ||
				       pfl_suppress_match(&s, pfl_rules_find("PFL101")->meta, line, line) != NULL,
				       "the suppression fix does not silence the finding");
			pfl_suppressions_release(&s);
			pfl_arena_release(&arena);
			pfl_text_release(&fixed);
			pfl_fix_edit_release(&edit);
		}
	}
	/* The set-literal rewrite of an arbitrary span. */
	size_t a = size ? seed % (size + 1) : 0, b = size ? (seed * 31u) % (size + 1) : 0;
	pfl_fix_edit edit = { 0 };
	char *title = NULL;
	if (pfl_fix_set_literal(t.data, t.len, a < b ? a : b, a < b ? b : a, &edit, &title) == 0) {
		PFL_FUZZ_CHECK(edit.start <= edit.end && edit.end <= t.len && edit.text && title, "a bad rewrite");
		pfl_fix_edit_release(&edit);
		free(title);
	}
	/* A file URI and back. */
	char *path = pfl_uri_to_path(t.data);
	if (path && path[0] == '/') {
		char *uri = pfl_uri_from_path(path);
		char *again = uri ? pfl_uri_to_path(uri) : NULL;
		PFL_FUZZ_CHECK(again && strcmp(again, path) == 0, "a path does not survive its URI");
		free(again);
		free(uri);
	}
	free(path);
	pfl_text_release(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz__reader(data, size);
	fuzz__document(data, size);
	return 0;
}
