/*
 * qt_patterns.h - the data files under patterns/ (word lists and PCRE2
 * patterns), embedded in the binary at build time and optionally overridden
 * file by file from a directory (--patterns DIR).
 *
 * A file's lines are its entries: blank lines and lines starting with '#'
 * are ignored, and surrounding white space is trimmed.
 */
#ifndef QT_PATTERNS_H
#define QT_PATTERNS_H

#include <stddef.h>

#include "qt_error.h"

typedef struct qt_patterns qt_patterns;

/* Loads the embedded pattern files; when override_dir is not NULL, every
 * file of the same name in that directory replaces the embedded one (files
 * it lacks keep the embedded version).  Returns NULL and fills err when the
 * directory cannot be read or a file in it cannot be read. */
qt_patterns *qt_patterns_load(const char *override_dir, qt_error *err);

/* Frees the set; NULL is accepted. */
void qt_patterns_free(qt_patterns *pats);

/* Returns the raw content of file name (not NUL-terminated; *len set), or
 * NULL when there is no such file.  The memory belongs to pats. */
const char *qt_patterns_file(const qt_patterns *pats, const char *name, size_t *len);

/* Returns the entries of file name as a NULL-terminated array of strings, all
 * owned by pats (valid until qt_patterns_free); *count is set.  Returns NULL
 * with err set (QT_ERR_PATTERN) when the file does not exist. */
const char *const *qt_patterns_lines(const qt_patterns *pats, const char *name,
                                     size_t *count, qt_error *err);

/* Where the named file came from: "embedded" or the override path. */
const char *qt_patterns_origin(const qt_patterns *pats, const char *name);

/* Names of all files in the set, NULL-terminated, owned by pats. */
const char *const *qt_patterns_names(const qt_patterns *pats, size_t *count);

/* Embedded data, generated at build time by tools/embed.c. */
typedef struct {
    const char *name;
    const char *data;
    size_t len;
} qt_embedded_file;
extern const qt_embedded_file qt_embedded_patterns[];
extern const size_t qt_embedded_pattern_count;

#endif
