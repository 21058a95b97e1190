/*
 * path.h - path strings. Every function returns a new heap string the
 * caller frees, or works in place on the caller's buffer as stated.
 */
#ifndef PFL_PATH_H
#define PFL_PATH_H

#include <stdbool.h>

/* dir + "/" + name, without doubling a trailing slash. */
char *pfl_path_join(const char *dir, const char *name);
/*
 * Lexically normalised path: "." and empty components removed, "a/.."
 * collapsed where a names a component, "./x" becomes "x", "" becomes ".".
 */
char *pfl_path_normalize(const char *path);
/* The last component (a pointer into path). */
const char *pfl_path_basename(const char *path);
/* Whether the basename ends with ext (ext includes the dot, ".py"). */
bool pfl_path_has_ext(const char *path, const char *ext);
/*
 * Whether glob matches path: "*" and "?" do not cross "/", "**" matches any
 * number of components, a pattern without "/" matches the basename of any
 * component, and a pattern that matches a directory matches everything
 * below it.
 */
bool pfl_path_glob_match(const char *glob, const char *path);
/* Absolute, symlink-free form of path (realpath), or NULL. */
char *pfl_path_real(const char *path);
/* Absolute form of path: realpath when it exists, else cwd + path normalised. */
char *pfl_path_absolute(const char *path);
/* The directory part of path (heap): "." without a slash, "/" for "/x". */
char *pfl_path_dirname(const char *path);
/* Path of target relative to base dir when it lies under it, else NULL. */
char *pfl_path_relative_to(const char *target, const char *base);

#endif
