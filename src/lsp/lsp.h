/*
 * lsp.h - `perflint lsp`: a Language Server Protocol 3.17 server on
 * standard input and output (docs/lsp.md). Standard output carries only
 * the protocol; logs go to standard error.
 */
#ifndef PFL_LSP_H
#define PFL_LSP_H

/*
 * Serve one client until it sends `exit` or closes the input. argv[0] is
 * "lsp". Returns the exit code: 0 after shutdown then exit, 1 when the
 * session ends without shutdown, 2 for a usage error. The rule registry
 * and the knowledge base must be loaded.
 */
int pfl_lsp_main(int argc, char **argv);

#endif
