/*
 * analyse.h - the language server's analysis of one open document: its
 * configuration (.perflint.yml, re-read when it changes), one engine run
 * on the document as a file named alone (its helpers in the workspace are
 * read as context; open documents stand in for their files, saved or
 * not), and the findings as LSP diagnostics.
 *
 * A pfl_analyser owns its configurations; the documents it is given stay
 * the caller's. Diagnostics are returned as a cJSON array the caller
 * deletes.
 */
#ifndef PFL_LSP_ANALYSE_H
#define PFL_LSP_ANALYSE_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "../model/model.h"
#include "text.h"

/* An open document, as the analysis sees it. */
typedef struct pfl_lsp_open {
	const char *uri;       /* as the client names it */
	const char *path;      /* absolute (pfl_path_absolute), or NULL when it is not a file */
	const pfl_text *text;  /* the editor's text */
	int64_t version;
} pfl_lsp_open;

/* LSP MessageType values for the log callback. */
enum { PFL_LSP_LOG_ERROR = 1, PFL_LSP_LOG_WARNING = 2, PFL_LSP_LOG_INFO = 3, PFL_LSP_LOG_LOG = 4 };

/* Where the analyser reports configuration problems (window/logMessage). */
typedef void (*pfl_lsp_log_fn)(void *ctx, int type, const char *message);

typedef struct pfl_analyser pfl_analyser;

/* An analyser positions diagnostics in enc and reports through log. */
pfl_analyser *pfl_analyser_new(pfl_encoding enc, pfl_lsp_log_fn log, void *log_ctx);
void pfl_analyser_free(pfl_analyser *a);

/* Forget what is known of configuration files: each is read again when next used. */
void pfl_analyser_forget_configs(pfl_analyser *a);

/*
 * The diagnostics of docs[which] (a document of language lang), the other
 * documents standing in for their files. An excluded file, or one that is
 * not Python or C, has none.
 */
cJSON *pfl_analyser_diagnose(pfl_analyser *a, const pfl_lsp_open *docs, size_t ndocs, size_t which, pfl_lang lang);

/* The language of a document from its path, else its languageId ("python", "c"). */
pfl_lang pfl_analyser_lang(const char *path, const char *language_id);

#endif
