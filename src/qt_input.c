#include "qt_input.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

qt_input_format qt_input_format_parse(const char *name)
{
    if (!name) return QT_INPUT_AUTO;
    if (strcmp(name, "text") == 0 || strcmp(name, "txt") == 0) return QT_INPUT_TEXT;
    if (strcmp(name, "jsonl") == 0) return QT_INPUT_JSONL;
    if (strcmp(name, "html") == 0) return QT_INPUT_HTML;
    return QT_INPUT_AUTO;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

qt_input_format qt_input_format_for(const char *path)
{
    if (ends_with(path, ".html") || ends_with(path, ".htm") || ends_with(path, ".xhtml"))
        return QT_INPUT_HTML;
    if (ends_with(path, ".jsonl") || ends_with(path, ".ndjson")) return QT_INPUT_JSONL;
    return QT_INPUT_TEXT;
}

qt_status qt_input_read_file(const char *path, char **buf, size_t *len, qt_error *err)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) return qt_error_set(err, QT_ERR_IO, "%s: %s", path, strerror(errno));
    size_t cap = 65536, n = 0;
    char *b = malloc(cap);
    qt_status st = QT_OK;
    if (!b) {
        st = qt_error_set(err, QT_ERR_NOMEM, "%s: out of memory", path);
        goto done;
    }
    for (;;) {
        if (n + 1 >= cap) {
            if (cap > QT_ARTICLE_MAX_BYTES) {
                st = qt_error_set(err, QT_ERR_LIMIT, "%s: larger than the %zu MiB article limit",
                                  path, QT_ARTICLE_MAX_BYTES >> 20);
                goto done;
            }
            char *bigger = realloc(b, cap * 2);
            if (!bigger) {
                st = qt_error_set(err, QT_ERR_NOMEM, "%s: out of memory", path);
                goto done;
            }
            b = bigger;
            cap *= 2;
        }
        size_t got = fread(b + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) break;
    }
    if (ferror(f)) st = qt_error_set(err, QT_ERR_IO, "%s: %s", path, strerror(errno ? errno : EIO));
done:
    if (!is_stdin) fclose(f);
    if (st != QT_OK) {
        free(b);
        return st;
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return QT_OK;
}

qt_status qt_input_sidecar(qt_article *a, const char *path, int *found, qt_error *err)
{
    *found = 0;
    if (strcmp(path, "-") == 0) return QT_OK;
    size_t n = strlen(path);
    char *side = malloc(n + sizeof ".meta.json");
    if (!side) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    memcpy(side, path, n);
    memcpy(side + n, ".meta.json", sizeof ".meta.json");
    struct stat sb;
    if (stat(side, &sb) != 0) {
        free(side);
        return QT_OK;
    }
    *found = 1;
    char *buf = NULL;
    size_t len = 0;
    qt_status st = qt_input_read_file(side, &buf, &len, err);
    json_object *obj = NULL;
    if (st == QT_OK) {
        json_tokener *tok = json_tokener_new();
        if (!tok) {
            st = qt_error_set(err, QT_ERR_NOMEM, "out of memory");
        } else {
            obj = json_tokener_parse_ex(tok, buf, (int)len);
            if (!obj || json_tokener_get_error(tok) != json_tokener_success ||
                !json_object_is_type(obj, json_type_object))
                st = qt_error_set(err, QT_ERR_INPUT, "%s: not a JSON object", side);
            json_tokener_free(tok);
        }
    }
    static const char *const fields[] = {"title", "outlet", "url", "published", "byline"};
    for (size_t i = 0; st == QT_OK && i < sizeof fields / sizeof *fields; i++) {
        json_object *v;
        if (!json_object_object_get_ex(obj, fields[i], &v) || json_object_is_type(v, json_type_null))
            continue;
        if (!json_object_is_type(v, json_type_string)) {
            st = qt_error_set(err, QT_ERR_INPUT, "%s: field \"%s\" must be a string", side,
                              fields[i]);
            break;
        }
        st = qt_article_set(a, fields[i], json_object_get_string(v), err);
    }
    if (obj) json_object_put(obj);
    free(buf);
    free(side);
    return st;
}

static const char *const footer_keys[] = {"Original Source:", "Source:", "Originally published by",
                                          "Originally published at", "Originally published on",
                                          NULL};

qt_status qt_input_footer(qt_article *a, qt_error *err)
{
    if (a->outlet || !a->len) return QT_OK;
    size_t end = a->len;
    for (int lines = 0; lines < 6 && end > 0; lines++) {
        size_t start = end;
        while (start > 0 && a->text[start - 1] != '\n') start--;
        const char *s = a->text + start;
        size_t n = end - start;
        while (n && (*s == ' ' || *s == '\t')) s++, n--;
        for (const char *const *k = footer_keys; *k; k++) {
            size_t kl = strlen(*k);
            if (n > kl && strncasecmp(s, *k, kl) == 0) {
                const char *v = s + kl;
                size_t vl = n - kl;
                while (vl && (*v == ' ' || *v == '\t' || *v == ':')) v++, vl--;
                while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t' || v[vl - 1] == '.')) vl--;
                if (vl == 0 || vl > 100) continue;
                char *copy = strndup(v, vl);
                if (!copy) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
                qt_status st = qt_article_set(a, "outlet", copy, err);
                free(copy);
                return st;
            }
        }
        end = start ? start - 1 : 0;
    }
    return QT_OK;
}
