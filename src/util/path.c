/* path.c - path string helpers. */
#include "path.h"

#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "strbuf.h"

char *pfl_path_join(const char *dir, const char *name)
{
	size_t dl = strlen(dir);
	pfl_strbuf sb = PFL_STRBUF_INIT;
	if (dl == 0 || (dl == 1 && dir[0] == '.')) {
		pfl_strbuf_adds(&sb, name);
		return pfl_strbuf_detach(&sb, NULL);
	}
	pfl_strbuf_add(&sb, dir, dl);
	if (dir[dl - 1] != '/')
		pfl_strbuf_addch(&sb, '/');
	pfl_strbuf_adds(&sb, name);
	return pfl_strbuf_detach(&sb, NULL);
}

char *pfl_path_normalize(const char *path)
{
	bool abs = path[0] == '/';
	size_t n = strlen(path);
	/* Component start offsets into out, to pop on "..". */
	char *out = pfl_malloc(n + 2);
	size_t *starts = pfl_malloc((n / 2 + 2) * sizeof(*starts));
	size_t ncomp = 0, len = 0;
	if (abs)
		out[len++] = '/';
	const char *p = path;
	while (*p) {
		while (*p == '/')
			p++;
		const char *e = p;
		while (*e && *e != '/')
			e++;
		size_t cl = (size_t)(e - p);
		if (cl == 0)
			break;
		if (cl == 1 && p[0] == '.') {
			/* skip */
		} else if (cl == 2 && p[0] == '.' && p[1] == '.' && ncomp > 0 &&
			   !(out[starts[ncomp - 1]] == '.' && out[starts[ncomp - 1] + 1] == '.' &&
			     (starts[ncomp - 1] + 2 == len))) {
			len = starts[--ncomp];
			if (len > (abs ? 1u : 0u))
				len--; /* the slash before it */
		} else if (cl == 2 && p[0] == '.' && p[1] == '.' && abs && ncomp == 0) {
			/* "/.." is "/" */
		} else {
			if (len > (abs ? 1u : 0u))
				out[len++] = '/';
			starts[ncomp++] = len;
			memcpy(out + len, p, cl);
			len += cl;
		}
		p = e;
	}
	if (len == 0)
		out[len++] = '.';
	out[len] = '\0';
	free(starts);
	return out;
}

const char *pfl_path_basename(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

bool pfl_path_has_ext(const char *path, const char *ext)
{
	const char *b = pfl_path_basename(path);
	size_t bl = strlen(b), el = strlen(ext);
	return bl > el && strcmp(b + bl - el, ext) == 0;
}

/* Match glob against path[0..n) where "**" may span components. */
static bool path__match(const char *g, const char *p)
{
	if (g[0] == '*' && g[1] == '*') {
		const char *rest = g + 2;
		if (*rest == '/')
			rest++;
		if (*rest == '\0')
			return true;
		for (const char *q = p;; q++) {
			if ((q == p || q[-1] == '/') && path__match(rest, q))
				return true;
			if (!*q)
				return false;
		}
	}
	/* Match one component of the glob with fnmatch. */
	const char *gs = strchr(g, '/');
	const char *ps = strchr(p, '/');
	size_t gl = gs ? (size_t)(gs - g) : strlen(g);
	size_t pl = ps ? (size_t)(ps - p) : strlen(p);
	char gbuf[PATH_MAX], pbuf[PATH_MAX];
	if (gl >= sizeof(gbuf) || pl >= sizeof(pbuf))
		return false;
	memcpy(gbuf, g, gl);
	gbuf[gl] = '\0';
	memcpy(pbuf, p, pl);
	pbuf[pl] = '\0';
	if (fnmatch(gbuf, pbuf, 0) != 0)
		return false;
	if (!gs || gs[1] == '\0')
		return true; /* glob done: the rest of path lies below the match */
	if (!ps)
		return false;
	return path__match(gs + 1, ps + 1);
}

bool pfl_path_glob_match(const char *glob, const char *path)
{
	while (glob[0] == '.' && glob[1] == '/')
		glob += 2;
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	if (strchr(glob, '/') == NULL) {
		/* Basename pattern: try it against every component. */
		for (const char *p = path; p;) {
			const char *s = strchr(p, '/');
			size_t l = s ? (size_t)(s - p) : strlen(p);
			char buf[PATH_MAX];
			if (l < sizeof(buf)) {
				memcpy(buf, p, l);
				buf[l] = '\0';
				if (fnmatch(glob, buf, 0) == 0)
					return true;
			}
			p = s ? s + 1 : NULL;
		}
		return false;
	}
	if (glob[0] == '/')
		glob++;
	return path__match(glob, path);
}

char *pfl_path_real(const char *path)
{
	char *r = realpath(path, NULL);
	return r;
}

char *pfl_path_absolute(const char *path)
{
	char *r = realpath(path, NULL);
	if (r)
		return r;
	if (path[0] == '/')
		return pfl_path_normalize(path);
	char cwd[4096];
	if (!getcwd(cwd, sizeof(cwd)))
		return pfl_path_normalize(path);
	char *j = pfl_path_join(cwd, path);
	char *n = pfl_path_normalize(j);
	free(j);
	return n;
}

char *pfl_path_relative_to(const char *target, const char *base)
{
	size_t bl = strlen(base);
	while (bl > 1 && base[bl - 1] == '/')
		bl--;
	if (strncmp(target, base, bl) != 0)
		return NULL;
	if (target[bl] == '\0')
		return pfl_strdup(".");
	if (target[bl] != '/' && !(bl == 1 && base[0] == '/'))
		return NULL;
	return pfl_strdup(target + bl + (target[bl] == '/'));
}

char *pfl_path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return pfl_strdup(".");
	if (slash == path)
		return pfl_strdup("/");
	return pfl_strndup(path, (size_t)(slash - path));
}
