#include "qt_article.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

void qt_article_free(qt_article *a)
{
    if (!a) return;
    free(a->id);
    free(a->text);
    free(a->title);
    free(a->outlet);
    free(a->url);
    free(a->published);
    free(a->byline);
    free(a->source);
    free(a);
}

qt_status qt_article_from_bytes(const char *id, const char *raw, size_t len,
                                qt_article **out, qt_error *err)
{
    qt_article *a = calloc(1, sizeof *a);
    if (!a) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    a->id = strdup(id);
    if (!a->id) {
        qt_article_free(a);
        return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    }
    qt_status st = qt_text_normalise(raw, len, &a->text, &a->len, &a->report, err);
    if (st != QT_OK) {
        qt_article_free(a);
        return st;
    }
    *out = a;
    return QT_OK;
}

qt_status qt_article_set(qt_article *a, const char *field, const char *value, qt_error *err)
{
    char **slot;
    if (strcmp(field, "title") == 0) slot = &a->title;
    else if (strcmp(field, "outlet") == 0) slot = &a->outlet;
    else if (strcmp(field, "url") == 0) slot = &a->url;
    else if (strcmp(field, "published") == 0) slot = &a->published;
    else if (strcmp(field, "byline") == 0) slot = &a->byline;
    else if (strcmp(field, "source") == 0) slot = &a->source;
    else return qt_error_set(err, QT_ERR_USAGE, "unknown article field '%s'", field);
    char *copy = NULL;
    if (value) {
        /* Metadata goes through the same normalisation as text, so a stray
         * invalid byte in a title cannot reach JSON or SQLite as invalid UTF-8. */
        size_t n;
        qt_status st = qt_text_normalise(value, strlen(value), &copy, &n, NULL, err);
        if (st != QT_OK) return st;
    }
    free(*slot);
    *slot = copy;
    return QT_OK;
}

qt_status qt_read_text_file(const char *path, qt_article **out, qt_error *err)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) return qt_error_set(err, QT_ERR_IO, "%s: %s", path, strerror(errno));
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    qt_status st = QT_OK;
    if (!buf) {
        st = qt_error_set(err, QT_ERR_NOMEM, "%s: out of memory", path);
        goto done;
    }
    for (;;) {
        if (n == cap) {
            if (cap >= QT_ARTICLE_MAX_BYTES) {
                st = qt_error_set(err, QT_ERR_LIMIT, "%s: larger than the %zu MiB article limit",
                                  path, QT_ARTICLE_MAX_BYTES >> 20);
                goto done;
            }
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                st = qt_error_set(err, QT_ERR_NOMEM, "%s: out of memory", path);
                goto done;
            }
            buf = bigger;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    if (ferror(f)) {
        st = qt_error_set(err, QT_ERR_IO, "%s: %s", path, strerror(errno ? errno : EIO));
        goto done;
    }
    st = qt_article_from_bytes(path, buf, n, out, err);
    if (st == QT_OK) st = qt_article_set(*out, "source", path, err);
done:
    free(buf);
    if (!is_stdin) fclose(f);
    return st;
}

struct qt_jsonl_reader {
    FILE *f;
    int is_stdin;
    char *path;
    char *line;
    size_t cap;
    size_t lineno;
    json_tokener *tok;
};

qt_jsonl_reader *qt_jsonl_open(const char *path, qt_error *err)
{
    qt_jsonl_reader *r = calloc(1, sizeof *r);
    if (!r) {
        qt_error_set(err, QT_ERR_NOMEM, "out of memory");
        return NULL;
    }
    r->is_stdin = strcmp(path, "-") == 0;
    r->f = r->is_stdin ? stdin : fopen(path, "rb");
    r->path = strdup(path);
    r->tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH);
    if (!r->f || !r->path || !r->tok) {
        qt_error_set(err, r->f ? QT_ERR_NOMEM : QT_ERR_IO, "%s: %s", path,
                     r->f ? "out of memory" : strerror(errno));
        qt_jsonl_close(r);
        return NULL;
    }
    /* Invalid UTF-8 inside a JSON string is an error of that line, reported
     * like any other malformed line, rather than bytes passed on silently. */
    json_tokener_set_flags(r->tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    return r;
}

void qt_jsonl_close(qt_jsonl_reader *r)
{
    if (!r) return;
    if (r->f && !r->is_stdin) fclose(r->f);
    if (r->tok) json_tokener_free(r->tok);
    free(r->path);
    free(r->line);
    free(r);
}

size_t qt_jsonl_line(const qt_jsonl_reader *r)
{
    return r->lineno;
}

/* Copies an optional string field; a present field of another type is an error. */
static qt_status take_optional(qt_article *a, json_object *obj, const char *field,
                               const char *where, qt_error *err)
{
    json_object *v;
    if (!json_object_object_get_ex(obj, field, &v) || json_object_is_type(v, json_type_null))
        return QT_OK;
    if (!json_object_is_type(v, json_type_string))
        return qt_error_set(err, QT_ERR_INPUT, "%s: field \"%s\" must be a string", where, field);
    return qt_article_set(a, field, json_object_get_string(v), err);
}

static qt_status article_from_json(json_object *obj, const char *where, qt_article **out,
                                   qt_error *err)
{
    json_object *id, *text;
    char idbuf[32];
    const char *id_str;
    if (!json_object_is_type(obj, json_type_object))
        return qt_error_set(err, QT_ERR_INPUT, "%s: not a JSON object", where);
    if (!json_object_object_get_ex(obj, "id", &id))
        return qt_error_set(err, QT_ERR_INPUT, "%s: missing \"id\"", where);
    if (json_object_is_type(id, json_type_string)) {
        id_str = json_object_get_string(id);
    } else if (json_object_is_type(id, json_type_int)) {
        snprintf(idbuf, sizeof idbuf, "%lld", (long long)json_object_get_int64(id));
        id_str = idbuf;
    } else {
        return qt_error_set(err, QT_ERR_INPUT, "%s: \"id\" must be a string or an integer", where);
    }
    if (!*id_str) return qt_error_set(err, QT_ERR_INPUT, "%s: \"id\" is empty", where);
    if (!json_object_object_get_ex(obj, "text", &text))
        return qt_error_set(err, QT_ERR_INPUT, "%s: missing \"text\"", where);
    if (!json_object_is_type(text, json_type_string))
        return qt_error_set(err, QT_ERR_INPUT, "%s: \"text\" must be a string", where);
    qt_article *a = NULL;
    qt_status st = qt_article_from_bytes(id_str, json_object_get_string(text),
                                         (size_t)json_object_get_string_len(text), &a, err);
    static const char *const optional[] = {"title", "outlet", "url", "published", "byline"};
    for (size_t i = 0; st == QT_OK && i < sizeof optional / sizeof *optional; i++)
        st = take_optional(a, obj, optional[i], where, err);
    if (st == QT_OK) st = qt_article_set(a, "source", where, err);
    if (st != QT_OK) {
        qt_article_free(a);
        return st;
    }
    *out = a;
    return QT_OK;
}

static int blank_line(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') return 0;
    return 1;
}

qt_status qt_jsonl_next(qt_jsonl_reader *r, qt_article **out, qt_error *err)
{
    *out = NULL;
    for (;;) {
        errno = 0;
        ssize_t n = getline(&r->line, &r->cap, r->f);
        if (n < 0) {
            if (ferror(r->f))
                return qt_error_set(err, QT_ERR_IO, "%s: read error after line %zu: %s", r->path,
                                    r->lineno, strerror(errno ? errno : EIO));
            return QT_OK; /* end of input */
        }
        r->lineno++;
        if (blank_line(r->line, (size_t)n)) continue;
        char where[512];
        snprintf(where, sizeof where, "%s:%zu", r->path, r->lineno);
        if ((size_t)n > QT_ARTICLE_MAX_BYTES)
            return qt_error_set(err, QT_ERR_LIMIT, "%s: line longer than the %zu MiB limit", where,
                                QT_ARTICLE_MAX_BYTES >> 20);
        if (memchr(r->line, '\0', (size_t)n))
            return qt_error_set(err, QT_ERR_INPUT, "%s: raw NUL byte in a JSON line", where);
        json_tokener_reset(r->tok);
        json_object *obj = json_tokener_parse_ex(r->tok, r->line, (int)n);
        enum json_tokener_error jerr = json_tokener_get_error(r->tok);
        if (!obj || jerr != json_tokener_success) {
            if (obj) json_object_put(obj);
            if (jerr == json_tokener_continue) jerr = json_tokener_error_parse_eof;
            return qt_error_set(err, QT_ERR_INPUT, "%s: invalid JSON (%s)", where,
                                json_tokener_error_desc(jerr));
        }
        /* Anything but white space after the object means two values on a line. */
        size_t used = json_tokener_get_parse_end(r->tok);
        if (!blank_line(r->line + used, (size_t)n - used)) {
            json_object_put(obj);
            return qt_error_set(err, QT_ERR_INPUT, "%s: extra data after the JSON object", where);
        }
        qt_status st = article_from_json(obj, where, out, err);
        json_object_put(obj);
        return st;
    }
}
