/* fileio.c - safe reads of source files, atomic writes of reports. */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "error.h"
#include "path.h"
#include "strbuf.h"

pfl_read_status pfl_read_file(const char *path, size_t max_size, pfl_file_content *out)
{
	struct stat st;
	out->data = NULL;
	out->len = 0;
	out->err = 0;
	if (stat(path, &st) != 0) {
		out->err = errno;
		return PFL_READ_ERRNO;
	}
	if (!S_ISREG(st.st_mode))
		return PFL_READ_NOT_REGULAR;
	if (max_size && (size_t)st.st_size > max_size)
		return PFL_READ_TOO_LARGE;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		out->err = errno;
		return PFL_READ_ERRNO;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return PFL_READ_NOT_REGULAR;
	}
	size_t cap = (size_t)st.st_size + 1, len = 0;
	char *buf = pfl_malloc(cap);
	for (;;) {
		if (len + 1 >= cap) {
			if (max_size && len > max_size) {
				free(buf);
				close(fd);
				return PFL_READ_TOO_LARGE;
			}
			cap *= 2;
			buf = pfl_realloc(buf, cap);
		}
		ssize_t r = read(fd, buf + len, cap - 1 - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			out->err = errno;
			free(buf);
			close(fd);
			return PFL_READ_ERRNO;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	if (max_size && len > max_size) {
		free(buf);
		return PFL_READ_TOO_LARGE;
	}
	buf[len] = '\0';
	out->data = buf;
	out->len = len;
	return PFL_READ_OK;
}

const char *pfl_read_status_str(pfl_read_status st, int err)
{
	switch (st) {
	case PFL_READ_OK:
		return "ok";
	case PFL_READ_ERRNO:
		switch (err) {
		case EACCES:
			return "permission denied";
		case ENOENT:
			return "no such file or directory";
		case ELOOP:
			return "too many levels of symbolic links";
		case EISDIR:
			return "is a directory";
		default:
			return strerror(err);
		}
	case PFL_READ_NOT_REGULAR:
		return "not a regular file";
	case PFL_READ_TOO_LARGE:
		return "file too large";
	}
	return "unknown error";
}

/* Write data to an open descriptor whole; 0 or an errno. */
static int fileio__write_all(int fd, const char *data, size_t len)
{
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		off += (size_t)w;
	}
	return 0;
}

/*
 * A target that is not a regular file (a terminal, /dev/null, a FIFO, a
 * full device) cannot be replaced by a rename, which would put a regular
 * file in its place: it is written in place.
 */
static int fileio__write_special(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_NOCTTY);
	if (fd < 0)
		return pfl_error("cannot write '%s': %s", path, pfl_read_status_str(PFL_READ_ERRNO, errno));
	int e = fileio__write_all(fd, data, len);
	if (close(fd) != 0 && !e)
		e = errno;
	if (e)
		return pfl_error("cannot write '%s': %s", path, pfl_read_status_str(PFL_READ_ERRNO, e));
	return 0;
}

/* The temporary-file-and-rename write of target; messages name shown (none when NULL). */
static int fileio__write_atomic(const char *target, const char *shown, const char *data, size_t len)
{
	const char *path = shown;
	pfl_strbuf tmp = PFL_STRBUF_INIT;
	pfl_strbuf_addf(&tmp, "%s.perflint-tmp-XXXXXX", target);
	int fd = mkstemp(tmp.buf);
	if (fd < 0) {
		int e = errno;
		pfl_strbuf_release(&tmp);
		return path ? pfl_error("cannot write '%s': %s", path, pfl_read_status_str(PFL_READ_ERRNO, e)) : -1;
	}
	int werr = fileio__write_all(fd, data, len);
	if (werr) {
		close(fd);
		unlink(tmp.buf);
		pfl_strbuf_release(&tmp);
		return path ? pfl_error("cannot write '%s': %s", path, pfl_read_status_str(PFL_READ_ERRNO, werr)) : -1;
	}
	/* A report is synced and made an ordinary file; a cache entry is neither. */
	if (path && fsync(fd) != 0 && errno != EINVAL && errno != EROFS) {
		int e = errno;
		close(fd);
		unlink(tmp.buf);
		pfl_strbuf_release(&tmp);
		return path ? pfl_error("cannot write '%s': %s", path, pfl_read_status_str(PFL_READ_ERRNO, e)) : -1;
	}
	/* mkstemp makes 0600; a report is an ordinary file. */
	if (path) {
		mode_t um = umask(0);
		umask(um);
		fchmod(fd, 0666 & ~um);
	}
	if (close(fd) != 0 || rename(tmp.buf, target) != 0) {
		int e = errno;
		unlink(tmp.buf);
		pfl_strbuf_release(&tmp);
		return path ? pfl_error("cannot write '%s': %s", path, pfl_read_status_str(PFL_READ_ERRNO, e)) : -1;
	}
	pfl_strbuf_release(&tmp);
	return 0;
}

int pfl_write_file_atomic(const char *path, const char *data, size_t len)
{
	struct stat sb;
	if (stat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return pfl_error("cannot write '%s': is a directory", path);
		if (!S_ISREG(sb.st_mode))
			return fileio__write_special(path, data, len);
	}
	/* Through a symbolic link: replace the file it points to, not the link. */
	char *real = NULL;
	struct stat lsb;
	if (lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode) && stat(path, &sb) == 0)
		real = realpath(path, NULL);
	int r = fileio__write_atomic(real ? real : path, path, data, len);
	free(real);
	return r;
}

int pfl_write_file_quiet(const char *path, const char *data, size_t len)
{
	return fileio__write_atomic(path, NULL, data, len);
}
