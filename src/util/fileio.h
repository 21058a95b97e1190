/*
 * fileio.h - reading source files safely and writing reports atomically.
 */
#ifndef PFL_FILEIO_H
#define PFL_FILEIO_H

#include <stdbool.h>
#include <stddef.h>

/* Why a read failed; pfl_read_status_str names it for users. */
typedef enum pfl_read_status {
	PFL_READ_OK,
	PFL_READ_ERRNO,      /* open/read failed: see the errno saved */
	PFL_READ_NOT_REGULAR,/* a FIFO, device, socket or directory */
	PFL_READ_TOO_LARGE,  /* larger than the limit */
} pfl_read_status;

/* The whole content of one file, NUL-terminated (heap, caller frees data). */
typedef struct pfl_file_content {
	char *data;
	size_t len;
	int err; /* errno for PFL_READ_ERRNO */
} pfl_file_content;

/*
 * Read path into *out. Only regular files are opened for reading (FIFOs and
 * devices are refused before open, and open is non-blocking as a second
 * guard); files above max_size bytes are refused (0: no limit).
 */
pfl_read_status pfl_read_file(const char *path, size_t max_size, pfl_file_content *out);
/* A user-facing phrase for a failed read ("permission denied"). */
const char *pfl_read_status_str(pfl_read_status st, int err);

/*
 * Write data to path atomically: a temporary file beside it, fsync, then
 * rename. On failure the temporary is removed, path is untouched, an error
 * naming path is printed and -1 returned.
 */
int pfl_write_file_atomic(const char *path, const char *data, size_t len);
/* The same for a regular file, without messages: 0 or -1 (a cache's best effort). */
int pfl_write_file_quiet(const char *path, const char *data, size_t len);

#endif
