/* rpc.c - reading and writing Content-Length framed messages. */
#include "rpc.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../util/alloc.h"

/* A header block longer than this is not a header block. */
#define RPC__MAX_HEADER 8192
#define RPC__READ_CHUNK 65536

struct pfl_rpc_reader {
	int fd;
	size_t max_body;
	char *buf;         /* buffered input: bytes [start, end) are unread */
	size_t start, end, cap;
	size_t body;       /* length of the body being read after a good header, or 0 */
	bool have_header;  /* a header block was parsed: body bytes follow */
	size_t discard;    /* bytes of a too large body still to drop */
	bool eof;
};

pfl_rpc_reader *pfl_rpc_reader_new(int fd, size_t max_body)
{
	pfl_rpc_reader *r = pfl_calloc(1, sizeof(*r));
	r->fd = fd;
	r->max_body = max_body;
	return r;
}

void pfl_rpc_reader_free(pfl_rpc_reader *r)
{
	if (!r)
		return;
	free(r->buf);
	free(r);
}

/* Where "\r\n\r\n" starts in the unread bytes, or NULL. */
static const char *rpc__header_end(const pfl_rpc_reader *r)
{
	const char *p = r->buf + r->start, *e = r->buf + r->end;
	for (; p + 4 <= e; p++)
		if (p[0] == '\r' && p[1] == '\n' && p[2] == '\r' && p[3] == '\n')
			return p;
	return NULL;
}

/*
 * Skip a bad header: drop unread bytes up to the next "Content-Length:"
 * after the first byte (case-insensitive); without one, past the bad
 * header block (hend, its "\r\n\r\n", when it is complete) or else all
 * but a tail that could begin one. Always moves forward, so a bad stream
 * cannot keep the reader in place.
 */
static void rpc__resync(pfl_rpc_reader *r, const char *hend)
{
	static const char key[] = "content-length:";
	size_t k = sizeof(key) - 1;
	for (size_t i = r->start + 1; i + k <= r->end; i++)
		if (strncasecmp(r->buf + i, key, k) == 0) {
			r->start = i;
			return;
		}
	size_t next = hend ? (size_t)(hend + 4 - r->buf) : r->end - r->start > k - 1 ? r->end - (k - 1) : r->start;
	r->start = next > r->start ? next : r->start + 1 <= r->end ? r->start + 1 : r->end;
}

/*
 * Parse the header block [start, hend). Returns 0 with r->body set, or -1
 * (reported) when it is malformed.
 */
static int rpc__parse_header(pfl_rpc_reader *r, const char *hend)
{
	const char *p = r->buf + r->start;
	bool have = false;
	size_t length = 0;
	while (p < hend) {
		const char *eol = p;
		while (eol < hend && !(eol[0] == '\r' && eol[1] == '\n'))
			eol++;
		const char *colon = memchr(p, ':', (size_t)(eol - p));
		if (!colon || colon == p) {
			fprintf(stderr, "perflint lsp: bad message header line '%.*s': skipped\n",
				(int)(eol - p > 80 ? 80 : eol - p), p);
			return -1;
		}
		if ((size_t)(colon - p) == 14 && strncasecmp(p, "content-length", 14) == 0) {
			const char *v = colon + 1;
			while (v < eol && (*v == ' ' || *v == '\t'))
				v++;
			size_t n = 0;
			const char *d = v;
			while (d < eol && *d >= '0' && *d <= '9' && n <= ((size_t)1 << 48))
				n = n * 10 + (size_t)(*d++ - '0');
			const char *rest = d;
			while (rest < eol && (*rest == ' ' || *rest == '\t'))
				rest++;
			if (d == v || rest != eol || (have && n != length)) {
				fprintf(stderr, "perflint lsp: bad Content-Length '%.*s': skipped\n",
					(int)(eol - v > 40 ? 40 : eol - v), v);
				return -1;
			}
			length = n;
			have = true;
		}
		p = eol + 2;
	}
	if (!have) {
		fprintf(stderr, "perflint lsp: message header without Content-Length: skipped\n");
		return -1;
	}
	r->body = length;
	return 0;
}

/* Read what is available into the buffer, waiting up to timeout_ms. 1 read, 0 timeout, -1 EOF. */
static int rpc__fill(pfl_rpc_reader *r, int timeout_ms)
{
	if (r->eof)
		return -1;
	struct pollfd pfd = { .fd = r->fd, .events = POLLIN };
	int n;
	do
		n = poll(&pfd, 1, timeout_ms);
	while (n < 0 && errno == EINTR);
	if (n == 0)
		return 0;
	if (n < 0) {
		r->eof = true;
		return -1;
	}
	/* Compact, then make room. */
	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	size_t want = RPC__READ_CHUNK;
	if (r->have_header && r->body > r->end)
		want = r->body - r->end > want ? r->body - r->end : want;
	if (r->cap - r->end < want) {
		r->cap = r->end + want;
		r->buf = pfl_realloc(r->buf, r->cap + 1);
	}
	ssize_t got;
	do
		got = read(r->fd, r->buf + r->end, r->cap - r->end);
	while (got < 0 && errno == EINTR);
	if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	if (got <= 0) {
		r->eof = true;
		return -1;
	}
	r->end += (size_t)got;
	return 1;
}

pfl_rpc_status pfl_rpc_read(pfl_rpc_reader *r, int timeout_ms, char **body, size_t *len)
{
	*body = NULL;
	*len = 0;
	for (;;) {
		size_t avail = r->end - r->start;
		if (r->discard) {
			size_t n = avail < r->discard ? avail : r->discard;
			r->start += n;
			r->discard -= n;
			if (!r->discard)
				return PFL_RPC_TOO_LARGE;
		} else if (r->have_header) {
			if (avail >= r->body) {
				*body = pfl_malloc(r->body + 1);
				memcpy(*body, r->buf + r->start, r->body);
				(*body)[r->body] = '\0';
				*len = r->body;
				r->start += r->body;
				r->have_header = false;
				return PFL_RPC_MESSAGE;
			}
		} else if (avail) {
			const char *hend = rpc__header_end(r);
			if (hend) {
				int ok = rpc__parse_header(r, hend);
				if (ok != 0) {
					rpc__resync(r, hend);
					continue;
				}
				r->start = (size_t)(hend + 4 - r->buf);
				if (r->body > r->max_body) {
					fprintf(stderr, "perflint lsp: message of %zu bytes is above the %zu-byte limit: "
						"dropped\n", r->body, r->max_body);
					r->discard = r->body;
					if (!r->discard)
						return PFL_RPC_TOO_LARGE;
				} else {
					r->have_header = true;
				}
				continue;
			}
			if (avail > RPC__MAX_HEADER) {
				fprintf(stderr, "perflint lsp: no message header in %zu bytes: skipped\n", avail);
				rpc__resync(r, NULL);
				continue;
			}
		}
		int f = rpc__fill(r, timeout_ms);
		if (f == 0)
			return PFL_RPC_TIMEOUT;
		if (f < 0)
			return PFL_RPC_EOF;
	}
}

/* Write all of data; -1 on an error. */
static int rpc__write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int pfl_rpc_write(int fd, const char *body, size_t len)
{
	char head[64];
	int n = snprintf(head, sizeof(head), "Content-Length: %zu\r\n\r\n", len);
	if (rpc__write_all(fd, head, (size_t)n) != 0 || rpc__write_all(fd, body, len) != 0)
		return -1;
	return 0;
}
