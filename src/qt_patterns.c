#include "qt_patterns.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    char *name;
    char *data;          /* owned copy when loaded from the override directory */
    const char *view;    /* data or the embedded bytes */
    size_t len;
    char *origin;        /* "embedded" or the file path */
    char **lines;        /* parsed entries, built on first request */
    char *line_store;
    size_t line_count;
} pattern_file;

struct qt_patterns {
    pattern_file *files;
    size_t count;
    const char **names;
};

static void free_file(pattern_file *f)
{
    free(f->name);
    free(f->data);
    free(f->origin);
    free(f->lines);
    free(f->line_store);
}

void qt_patterns_free(qt_patterns *pats)
{
    if (!pats) return;
    for (size_t i = 0; i < pats->count; i++) free_file(&pats->files[i]);
    free(pats->files);
    free(pats->names);
    free(pats);
}

static pattern_file *find_file(const qt_patterns *pats, const char *name)
{
    for (size_t i = 0; i < pats->count; i++)
        if (strcmp(pats->files[i].name, name) == 0) return &pats->files[i];
    return NULL;
}

static qt_status read_whole(const char *path, char **out, size_t *len, qt_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) return qt_error_set(err, QT_ERR_PATTERN, "%s: %s", path, strerror(errno));
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return qt_error_set(err, QT_ERR_NOMEM, "out of memory reading %s", path);
    }
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                fclose(f);
                return qt_error_set(err, QT_ERR_NOMEM, "out of memory reading %s", path);
            }
            buf = bigger;
            cap *= 2;
        }
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        return qt_error_set(err, QT_ERR_PATTERN, "%s: read error", path);
    }
    *out = buf;
    *len = n;
    return QT_OK;
}

/* Adds or replaces a file entry; takes ownership of data (may be NULL for embedded). */
static qt_status put_file(qt_patterns *pats, const char *name, char *data, const char *view,
                          size_t len, const char *origin, qt_error *err)
{
    pattern_file *f = find_file(pats, name);
    if (!f) {
        pattern_file *grown = realloc(pats->files, (pats->count + 1) * sizeof *grown);
        if (!grown) {
            free(data);
            return qt_error_set(err, QT_ERR_NOMEM, "out of memory loading patterns");
        }
        pats->files = grown;
        f = &pats->files[pats->count++];
        memset(f, 0, sizeof *f);
        f->name = strdup(name);
    } else {
        free(f->data);
        free(f->origin);
    }
    f->data = data;
    f->view = data ? data : view;
    f->len = len;
    f->origin = strdup(origin);
    if (!f->name || !f->origin) return qt_error_set(err, QT_ERR_NOMEM, "out of memory loading patterns");
    return QT_OK;
}

static qt_status load_override_dir(qt_patterns *pats, const char *dir, qt_error *err)
{
    DIR *d = opendir(dir);
    if (!d) return qt_error_set(err, QT_ERR_PATTERN, "--patterns %s: %s", dir, strerror(errno));
    struct dirent *ent;
    qt_status st = QT_OK;
    while (st == QT_OK && (ent = readdir(d)) != NULL) {
        if (ent->d_name[0] == '.') continue;
        size_t need = strlen(dir) + strlen(ent->d_name) + 2;
        char *path = malloc(need);
        if (!path) {
            st = qt_error_set(err, QT_ERR_NOMEM, "out of memory loading patterns");
            break;
        }
        snprintf(path, need, "%s/%s", dir, ent->d_name);
        struct stat sb;
        if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
            char *data = NULL;
            size_t len = 0;
            st = read_whole(path, &data, &len, err);
            if (st == QT_OK) st = put_file(pats, ent->d_name, data, NULL, len, path, err);
        }
        free(path);
    }
    closedir(d);
    return st;
}

qt_patterns *qt_patterns_load(const char *override_dir, qt_error *err)
{
    qt_patterns *pats = calloc(1, sizeof *pats);
    if (!pats) {
        qt_error_set(err, QT_ERR_NOMEM, "out of memory loading patterns");
        return NULL;
    }
    for (size_t i = 0; i < qt_embedded_pattern_count; i++) {
        const qt_embedded_file *e = &qt_embedded_patterns[i];
        if (put_file(pats, e->name, NULL, e->data, e->len, "embedded", err) != QT_OK) {
            qt_patterns_free(pats);
            return NULL;
        }
    }
    if (override_dir && load_override_dir(pats, override_dir, err) != QT_OK) {
        qt_patterns_free(pats);
        return NULL;
    }
    pats->names = calloc(pats->count + 1, sizeof *pats->names);
    if (!pats->names) {
        qt_error_set(err, QT_ERR_NOMEM, "out of memory loading patterns");
        qt_patterns_free(pats);
        return NULL;
    }
    for (size_t i = 0; i < pats->count; i++) pats->names[i] = pats->files[i].name;
    return pats;
}

const char *qt_patterns_file(const qt_patterns *pats, const char *name, size_t *len)
{
    pattern_file *f = find_file(pats, name);
    if (!f) return NULL;
    if (len) *len = f->len;
    return f->view;
}

const char *qt_patterns_origin(const qt_patterns *pats, const char *name)
{
    pattern_file *f = find_file(pats, name);
    return f ? f->origin : NULL;
}

const char *const *qt_patterns_names(const qt_patterns *pats, size_t *count)
{
    if (count) *count = pats->count;
    return pats->names;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Splits the file into trimmed entries once; later calls reuse the result.
 * The cast drops const because the cache lives inside the set: callers see
 * an immutable object whose parsed view is built on demand. */
const char *const *qt_patterns_lines(const qt_patterns *pats, const char *name,
                                     size_t *count, qt_error *err)
{
    pattern_file *f = find_file(pats, name);
    if (!f) {
        qt_error_set(err, QT_ERR_PATTERN, "pattern file '%s' is missing", name);
        return NULL;
    }
    if (!f->lines) {
        size_t max_lines = 1;
        for (size_t i = 0; i < f->len; i++)
            if (f->view[i] == '\n') max_lines++;
        f->line_store = malloc(f->len + 1);
        f->lines = calloc(max_lines + 1, sizeof *f->lines);
        if (!f->line_store || !f->lines) {
            free(f->line_store);
            free(f->lines);
            f->line_store = NULL;
            f->lines = NULL;
            qt_error_set(err, QT_ERR_NOMEM, "out of memory reading pattern file '%s'", name);
            return NULL;
        }
        memcpy(f->line_store, f->view, f->len);
        f->line_store[f->len] = '\0';
        size_t n = 0;
        char *p = f->line_store;
        while (*p) {
            char *eol = strchr(p, '\n');
            char *next = eol ? eol + 1 : p + strlen(p);
            if (eol) *eol = '\0';
            while (is_blank(*p)) p++;
            char *end = p + strlen(p);
            while (end > p && is_blank(end[-1])) *--end = '\0';
            if (*p && *p != '#') f->lines[n++] = p;
            p = next;
        }
        f->line_count = n;
    }
    if (count) *count = f->line_count;
    return (const char *const *)f->lines;
}
