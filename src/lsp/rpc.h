/*
 * rpc.h - the Language Server Protocol's base protocol: JSON-RPC messages
 * framed by headers on a byte stream.
 *
 *   Content-Length: 52\r\n          (header names are case-insensitive;
 *   Content-Type: ...\r\n            other headers are ignored)
 *   \r\n
 *   {"jsonrpc":"2.0",...}           (exactly Content-Length bytes)
 *
 * The reader buffers the input and waits for it with poll(), so the
 * server can do work between messages. A malformed header block is
 * reported on stderr and skipped up to the next "Content-Length:"; a
 * body above the size limit is read and dropped. Bodies are returned as
 * heap strings the caller frees.
 */
#ifndef PFL_LSP_RPC_H
#define PFL_LSP_RPC_H

#include <stddef.h>

/* A framed-message reader on a file descriptor. */
typedef struct pfl_rpc_reader pfl_rpc_reader;

/* What pfl_rpc_read found. */
typedef enum pfl_rpc_status {
	PFL_RPC_MESSAGE,   /* *body holds a message body */
	PFL_RPC_TIMEOUT,   /* nothing complete arrived within the timeout */
	PFL_RPC_TOO_LARGE, /* a message above the limit was dropped */
	PFL_RPC_EOF,       /* the stream ended (or failed) */
} pfl_rpc_status;

/* A reader of fd that refuses bodies above max_body bytes. */
pfl_rpc_reader *pfl_rpc_reader_new(int fd, size_t max_body);
void pfl_rpc_reader_free(pfl_rpc_reader *r);

/*
 * The next message: waits up to timeout_ms for input (-1: as long as it
 * takes; 0: only what is buffered or readable now). On PFL_RPC_MESSAGE
 * *body is a NUL-terminated heap copy of the body and *len its length.
 */
pfl_rpc_status pfl_rpc_read(pfl_rpc_reader *r, int timeout_ms, char **body, size_t *len);

/* Write one framed message to fd. 0, or -1 when the stream is gone. */
int pfl_rpc_write(int fd, const char *body, size_t len);

#endif
