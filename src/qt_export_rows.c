/*
 * qt_export_rows.c - the streamed formats: JSON Lines, CSV and W3C Web
 * Annotation, one quote at a time in constant memory; and the JSON helpers
 * the other JSON formats share.
 */
#include "qt_export_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "qt_csv.h"
#include "qt_date.h"

qt_status qt_ex_nomem(qt_error *err)
{
    return qt_error_set(err, QT_ERR_NOMEM, "out of memory writing the export");
}

qt_status qt_ex_write_failed(qt_error *err)
{
    return qt_error_set(err, QT_ERR_IO, "error writing the export");
}

/* ---- JSON helpers ------------------------------------------------------ */

/* json-c turns a NULL value into null, so a failed allocation and a
 * deliberate null look alike once added; these keep them apart. */
int qt_ex_add_obj(json_object *o, const char *key, json_object *v)
{
    if (!v) return -1;
    if (json_object_object_add(o, key, v) != 0) {
        json_object_put(v);
        return -1;
    }
    return 0;
}

int qt_ex_add_str(json_object *o, const char *key, const char *v)
{
    if (!v) return json_object_object_add(o, key, NULL);
    return qt_ex_add_obj(o, key, json_object_new_string(v));
}

int qt_ex_add_int(json_object *o, const char *key, int64_t v)
{
    return qt_ex_add_obj(o, key, json_object_new_int64(v));
}

/* A number with at most `decimals` decimals, written as the shortest of
 * "0.875", "0.9", "1.0" rather than json-c's 17 digits. */
int qt_ex_add_num(json_object *o, const char *key, double v, int decimals)
{
    if (!isfinite(v)) return json_object_object_add(o, key, NULL);
    double scale = pow(10.0, decimals);
    double r = round(v * scale) / scale;
    char buf[64];
    snprintf(buf, sizeof buf, "%.*f", decimals, r);
    size_t n = strlen(buf);
    while (n >= 2 && buf[n - 1] == '0' && buf[n - 2] != '.') buf[--n] = '\0';
    if (strcmp(buf, "-0.0") == 0) memmove(buf, buf + 1, strlen(buf));
    return qt_ex_add_obj(o, key, json_object_new_double_s(r, buf));
}

int qt_ex_push(json_object *array, json_object *v)
{
    if (!v) return -1;
    if (json_object_array_add(array, v) != 0) {
        json_object_put(v);
        return -1;
    }
    return 0;
}

qt_status qt_ex_write_json(FILE *out, json_object *obj, int pretty, qt_error *err)
{
    size_t len = 0;
    int flags = QT_EX_JSON_FLAGS;
    if (pretty) flags = JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE;
    const char *s = json_object_to_json_string_length(obj, flags, &len);
    if (!s) return qt_ex_nomem(err);
    if (fwrite(s, 1, len, out) != len || putc('\n', out) == EOF) return qt_ex_write_failed(err);
    return QT_OK;
}

/* ---- conflicts, looked up per streamed quote ---------------------------- */

/* Conflicts are few next to quotes, so they are read once into an array
 * sorted by quote (each conflict listed under both of its quotes). */
typedef struct {
    int64_t quote_id, other_quote_id, family_id;
    char *kind, *detail;
} conflict_ref;

typedef struct {
    conflict_ref *v;
    size_t n;
} conflict_index;

static int by_quote(const void *a, const void *b)
{
    const conflict_ref *x = a, *y = b;
    return (x->quote_id > y->quote_id) - (x->quote_id < y->quote_id);
}

static void conflicts_free(conflict_index *ci)
{
    for (size_t i = 0; i < ci->n; i++) {
        free(ci->v[i].kind);
        free(ci->v[i].detail);
    }
    free(ci->v);
}

static qt_status conflicts_load(qt_store *s, conflict_index *ci, qt_error *err)
{
    memset(ci, 0, sizeof *ci);
    sqlite3_stmt *st = qt_ex_prepare(s,
                                     "SELECT quote_id, other_quote_id, family_id, kind, detail"
                                     " FROM conflicts ORDER BY conflict_id",
                                     err);
    if (!st) return err ? err->code : QT_ERR_DB;
    qt_status status = QT_OK;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t a = sqlite3_column_int64(st, 0), b = sqlite3_column_int64(st, 1);
        for (int side = 0; side < (b ? 2 : 1); side++) {
            if (ci->n == cap) {
                size_t ncap = cap ? cap * 2 : 16;
                conflict_ref *nv = realloc(ci->v, ncap * sizeof *nv);
                if (!nv) {
                    status = qt_ex_nomem(err);
                    goto done;
                }
                ci->v = nv;
                cap = ncap;
            }
            conflict_ref *r = &ci->v[ci->n];
            const char *kind = qt_store_col_text(st, 3), *detail = qt_store_col_text(st, 4);
            r->quote_id = side ? b : a;
            r->other_quote_id = side ? a : b;
            r->family_id = sqlite3_column_int64(st, 2);
            r->kind = strdup(kind ? kind : "");
            r->detail = detail ? strdup(detail) : NULL;
            ci->n++;
            if (!r->kind || (detail && !r->detail)) {
                status = qt_ex_nomem(err);
                goto done;
            }
        }
    }
    if (rc != SQLITE_DONE) status = qt_store_fail(s, rc, "reading conflicts", err);
done:
    sqlite3_finalize(st);
    if (status == QT_OK && ci->n) qsort(ci->v, ci->n, sizeof *ci->v, by_quote);
    return status;
}

/* The conflicts of quote id as a JSON array (empty when none); NULL on OOM. */
static json_object *conflicts_json(const conflict_index *ci, int64_t id)
{
    json_object *arr = json_object_new_array();
    if (!arr || !ci->n) return arr;
    size_t lo = 0, hi = ci->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (ci->v[mid].quote_id < id) lo = mid + 1;
        else hi = mid;
    }
    for (size_t i = lo; i < ci->n && ci->v[i].quote_id == id; i++) {
        const conflict_ref *r = &ci->v[i];
        json_object *o = json_object_new_object();
        if (!o || qt_ex_push(arr, o) || qt_ex_add_str(o, "kind", r->kind) ||
            (r->other_quote_id ? qt_ex_add_int(o, "other_quote_id", r->other_quote_id)
                               : qt_ex_add_str(o, "other_quote_id", NULL)) ||
            (r->family_id ? qt_ex_add_int(o, "family", r->family_id)
                          : qt_ex_add_str(o, "family", NULL)) ||
            qt_ex_add_str(o, "detail", r->detail)) {
            json_object_put(arr);
            return NULL;
        }
    }
    return arr;
}

/* ---- JSON Lines -------------------------------------------------------- */

static int add_off(json_object *o, const char *key, size_t v, int present)
{
    return present ? qt_ex_add_int(o, key, (int64_t)v) : qt_ex_add_str(o, key, NULL);
}

static int add_id(json_object *o, const char *key, int64_t v)
{
    return v ? qt_ex_add_int(o, key, v) : qt_ex_add_str(o, key, NULL);
}

qt_status qt_ex_quote_json(const qt_ex_quote *q, const qt_ex_article *a, json_object *partials,
                           json_object *conflicts, json_object **out, qt_error *err)
{
    json_object *o = json_object_new_object();
    if (!o) {
        json_object_put(partials);
        json_object_put(conflicts);
        return qt_ex_nomem(err);
    }
    int m = q->has_mention, fam = q->family_id != 0;
    /* The scan record first (same names as `scan` and `who`), then the store's
     * fields, then family membership. */
    int bad = qt_ex_add_str(o, "doc", a->doc) || qt_ex_add_str(o, "kind", q->kind) ||
              qt_ex_add_str(o, "text", q->text) || add_off(o, "start", q->span.start, 1) ||
              add_off(o, "end", q->span.end, 1) ||
              add_off(o, "char_start", q->span.char_start, 1) ||
              add_off(o, "char_end", q->span.char_end, 1) ||
              qt_ex_add_str(o, "speaker", q->speaker) ||
              qt_ex_add_str(o, "speaker_kind", q->speaker_kind) ||
              qt_ex_add_str(o, "speaker_mention", m ? q->mention_text : NULL) ||
              add_off(o, "speaker_start", q->mention.start, m) ||
              add_off(o, "speaker_end", q->mention.end, m) ||
              add_off(o, "speaker_char_start", q->mention.char_start, m) ||
              add_off(o, "speaker_char_end", q->mention.char_end, m) ||
              qt_ex_add_str(o, "cue", q->has_cue ? q->cue_text : NULL) ||
              qt_ex_add_num(o, "confidence", q->confidence, 3) ||
              qt_ex_add_str(o, "rule", q->rule);
    /* As in `scan`: a claim lists the quoted fragments inside it. */
    if (!bad && partials) {
        bad = qt_ex_add_obj(o, "partials", partials);
        partials = NULL;
    }
    bad = bad || qt_ex_add_int(o, "quote_id", q->quote_id) ||
              qt_ex_add_int(o, "article_id", a->article_id) ||
              qt_ex_add_str(o, "outlet", a->outlet) || qt_ex_add_str(o, "url", a->url) ||
              qt_ex_add_str(o, "title", a->title) ||
              qt_ex_add_str(o, "published", a->published) ||
              qt_ex_add_int(o, "revision", a->revision) ||
              qt_ex_add_int(o, "copies", q->copies) || qt_ex_add_str(o, "byline", a->byline) ||
              qt_ex_add_str(o, "id", q->iri) || qt_ex_add_int(o, "seq", q->seq) ||
              (q->parent >= 0 ? qt_ex_add_int(o, "parent", q->parent)
                              : qt_ex_add_str(o, "parent", NULL)) ||
              add_id(o, "speaker_id", q->speaker_id) ||
              qt_ex_add_str(o, "speaker_title", q->speaker_title) ||
              add_id(o, "family", q->family_id) ||
              qt_ex_add_str(o, "relation", fam ? q->relation : NULL) ||
              add_id(o, "parent_quote_id", fam ? q->parent_quote_id : 0) ||
              (fam ? qt_ex_add_num(o, "similarity", q->similarity, 3)
                   : qt_ex_add_str(o, "similarity", NULL));
    if (!bad) {
        /* The stored diff is JSON; carried as JSON, or null if unreadable. */
        json_object *diff = fam && q->diff ? json_tokener_parse(q->diff) : NULL;
        bad = json_object_object_add(o, "diff", diff) != 0;
        if (bad) json_object_put(diff);
    }
    if (!bad && conflicts) {
        bad = qt_ex_add_obj(o, "conflicts", conflicts);
        conflicts = NULL;
    }
    json_object_put(partials);
    json_object_put(conflicts);
    if (bad) {
        json_object_put(o);
        return qt_ex_nomem(err);
    }
    *out = o;
    return QT_OK;
}

typedef struct {
    FILE *out;
    conflict_index conflicts;
    sqlite3_stmt *partials;  /* the fragments inside a claim */
    qt_export_stats *stats;
    const qt_export_options *opt;
    size_t rows;
} rows_ctx;

/* The quoted fragments of claim q, or NULL (none, or *st set on failure). */
static json_object *partials_json(rows_ctx *c, const qt_ex_quote *q, qt_status *st, qt_error *err)
{
    if (strcmp(q->kind, "indirect") != 0) return NULL;
    sqlite3_reset(c->partials);
    sqlite3_bind_int64(c->partials, 1, q->text_id);
    sqlite3_bind_int(c->partials, 2, q->seq);
    json_object *arr = NULL;
    int rc;
    while ((rc = sqlite3_step(c->partials)) == SQLITE_ROW) {
        json_object *f = json_object_new_object();
        if (!arr && !(arr = json_object_new_array())) {
            json_object_put(f);
            break;
        }
        const char *t = qt_store_col_text(c->partials, 0);
        if (!f || qt_ex_push(arr, f) || qt_ex_add_str(f, "text", t ? t : "") ||
            qt_ex_add_int(f, "start", sqlite3_column_int64(c->partials, 1)) ||
            qt_ex_add_int(f, "end", sqlite3_column_int64(c->partials, 2)) ||
            qt_ex_add_int(f, "char_start", sqlite3_column_int64(c->partials, 3)) ||
            qt_ex_add_int(f, "char_end", sqlite3_column_int64(c->partials, 4))) {
            rc = SQLITE_NOMEM;
            break;
        }
    }
    sqlite3_reset(c->partials);
    if (rc != SQLITE_DONE) {
        json_object_put(arr);
        *st = rc == SQLITE_NOMEM || !arr ? qt_ex_nomem(err) : qt_error_set(err, QT_ERR_DB, "reading partial quotes");
        return NULL;
    }
    return arr;
}

static qt_status jsonl_row(const qt_ex_quote *q, const qt_ex_article *a, void *vctx,
                           qt_error *err)
{
    rows_ctx *c = vctx;
    qt_status st = QT_OK;
    json_object *parts = partials_json(c, q, &st, err);
    if (st != QT_OK) return st;
    json_object *conf = conflicts_json(&c->conflicts, q->quote_id);
    if (!conf) {
        json_object_put(parts);
        return qt_ex_nomem(err);
    }
    json_object *o = NULL;
    QT_TRY(qt_ex_quote_json(q, a, parts, conf, &o, err));
    st = qt_ex_write_json(c->out, o, 0, err);
    json_object_put(o);
    c->rows++;
    return st;
}

static qt_status count_article(const qt_ex_article *a, void *vctx, qt_error *err)
{
    (void)a;
    (void)err;
    rows_ctx *c = vctx;
    if (c->stats) c->stats->articles++;
    return QT_OK;
}

static qt_status run_rows(qt_store *s, const qt_ex_query *q, FILE *out, qt_export_stats *stats,
                          const qt_export_options *opt, qt_ex_row_fn fn, rows_ctx *c,
                          qt_error *err)
{
    c->out = out;
    c->stats = stats;
    c->opt = opt;
    c->partials = qt_ex_prepare(s, "SELECT text, start, \"end\", char_start, char_end FROM quotes"
                                   " WHERE text_id = ?1 AND parent_seq = ?2 ORDER BY seq", err);
    if (!c->partials) return err ? err->code : QT_ERR_DB;
    qt_status st = conflicts_load(s, &c->conflicts, err);
    if (st == QT_OK) st = qt_ex_select(s, q, fn, count_article, c, err);
    conflicts_free(&c->conflicts);
    sqlite3_finalize(c->partials);
    if (stats) stats->quotes = c->rows;
    return st;
}

qt_status qt_ex_jsonl(qt_store *s, const qt_ex_query *q, FILE *out, qt_export_stats *stats,
                      qt_error *err)
{
    rows_ctx c = {0};
    return run_rows(s, q, out, stats, NULL, jsonl_row, &c, err);
}

/* ---- CSV ---------------------------------------------------------------- */

static const char *const csv_columns[] = {
    "quote_id", "doc",        "article_id", "published",   "outlet",     "url",
    "title",    "speaker",    "speaker_kind", "kind",      "text",       "start",
    "end",      "char_start", "char_end",   "speaker_mention", "cue",    "confidence",
    "family",   "relation",   "parent_quote_id", "similarity", "conflicts"};
#define NCSV (sizeof csv_columns / sizeof *csv_columns)

static qt_status csv_row(const qt_ex_quote *q, const qt_ex_article *a, void *vctx,
                         qt_error *err)
{
    rows_ctx *c = vctx;
    char num[10][32];
    snprintf(num[0], 32, "%lld", (long long)q->quote_id);
    snprintf(num[1], 32, "%lld", (long long)a->article_id);
    snprintf(num[2], 32, "%zu", q->span.start);
    snprintf(num[3], 32, "%zu", q->span.end);
    snprintf(num[4], 32, "%zu", q->span.char_start);
    snprintf(num[5], 32, "%zu", q->span.char_end);
    snprintf(num[6], 32, "%.3f", q->confidence);
    int fam = q->family_id != 0;
    snprintf(num[7], 32, "%lld", (long long)q->family_id);
    snprintf(num[8], 32, "%lld", (long long)q->parent_quote_id);
    snprintf(num[9], 32, "%.3f", q->similarity);
    /* Conflicts in one cell: "attribution with #12: detail; ..." */
    json_object *conf = conflicts_json(&c->conflicts, q->quote_id);
    if (!conf) return qt_ex_nomem(err);
    char *cell = NULL;
    size_t cell_len = 0;
    FILE *mem = open_memstream(&cell, &cell_len);
    if (!mem) {
        json_object_put(conf);
        return qt_ex_nomem(err);
    }
    for (size_t i = 0; i < json_object_array_length(conf); i++) {
        json_object *o = json_object_array_get_idx(conf, i), *v;
        fprintf(mem, "%s%s", i ? "; " : "",
                json_object_object_get_ex(o, "kind", &v) ? json_object_get_string(v) : "");
        if (json_object_object_get_ex(o, "other_quote_id", &v) && v)
            fprintf(mem, " with #%lld", (long long)json_object_get_int64(v));
        if (json_object_object_get_ex(o, "detail", &v) && v)
            fprintf(mem, ": %s", json_object_get_string(v));
    }
    json_object_put(conf);
    if (fclose(mem) != 0) {
        free(cell);
        return qt_ex_nomem(err);
    }
    const char *values[NCSV] = {num[0], a->doc, num[1], a->published, a->outlet, a->url,
                                a->title, q->speaker, q->speaker_kind, q->kind, q->text, num[2],
                                num[3], num[4], num[5], q->has_mention ? q->mention_text : NULL,
                                q->has_cue ? q->cue_text : NULL, num[6], fam ? num[7] : NULL,
                                fam ? q->relation : NULL,
                                fam && q->parent_quote_id ? num[8] : NULL, fam ? num[9] : NULL,
                                cell};
    qt_cell cells[NCSV];
    for (size_t i = 0; i < NCSV; i++) {
        cells[i].name = csv_columns[i];
        cells[i].value = values[i];
    }
    qt_status st = qt_csv_row(c->out, cells, NCSV, err);
    free(cell);
    c->rows++;
    return st;
}

qt_status qt_ex_csv(qt_store *s, const qt_ex_query *q, FILE *out, qt_export_stats *stats,
                    qt_error *err)
{
    /* The header comes first even when nothing matches: a spreadsheet still
     * opens it, and a script reading it finds the columns. */
    qt_cell head[NCSV];
    for (size_t i = 0; i < NCSV; i++) {
        head[i].name = csv_columns[i];
        head[i].value = NULL;
    }
    QT_TRY(qt_csv_header(out, head, NCSV, err));
    rows_ctx c = {0};
    return run_rows(s, q, out, stats, NULL, csv_row, &c, err);
}

/* ---- W3C Web Annotation ------------------------------------------------ */

/* The collection is one JSON-LD document, but its items are streamed: the
 * envelope is serialised by json-c with marker strings where the items and
 * the total go, and written in pieces around them.  The markers hold a
 * control character, so json-c writes them as \u0001 escapes that no other
 * part of the envelope (quotetrack's own fields, no article text) contains. */
#define MARK_ITEMS "\001qt-items"
#define MARK_TOTAL "\001qt-total"
#define MARK_ITEMS_JSON "\"\\u0001qt-items\""
#define MARK_TOTAL_JSON "\"\\u0001qt-total\""

typedef struct {
    rows_ctx rows;
    char generated[32];
} anno_ctx;

static json_object *text_body(const char *purpose, const char *value)
{
    json_object *b = json_object_new_object();
    if (!b || qt_ex_add_str(b, "type", "TextualBody") || qt_ex_add_str(b, "purpose", purpose) ||
        qt_ex_add_str(b, "value", value) || qt_ex_add_str(b, "format", "text/plain")) {
        json_object_put(b);
        return NULL;
    }
    return b;
}

/* Attach v to parent under key (or push it when key is NULL): v on success,
 * NULL (v freed) on failure, so a chain of these needs only the root freed. */
static json_object *child(json_object *parent, const char *key, json_object *v)
{
    if (key ? qt_ex_add_obj(parent, key, v) : qt_ex_push(parent, v)) return NULL;
    return v;
}

static qt_status anno_row(const qt_ex_quote *q, const qt_ex_article *a, void *vctx,
                          qt_error *err)
{
    anno_ctx *c = vctx;
    char id[160], desc[600];
    const char *local = q->iri + strlen("urn:quotetrack:quote:");
    snprintf(id, sizeof id, "urn:quotetrack:annotation:%s", local);
    const char *who = q->speaker ? q->speaker : "an unknown speaker";
    int wlen = (int)qt_ex_cut(who, 120, NULL); /* whole code points: the JSON stays UTF-8 */
    snprintf(desc, sizeof desc, "%s %s by %.*s%s%s%s", q->kind,
             strcmp(q->kind, "indirect") == 0 ? "claim" : "quote", wlen, who,
             q->speaker_kind ? " (" : "",
             q->speaker_kind ? q->speaker_kind : "", q->speaker_kind ? ")" : "");
    char *source = qt_ex_article_iri(a->doc, a->url);
    json_object *o = json_object_new_object(), *body, *target, *sel, *tq, *tp;
    int bad = !source || !o || qt_ex_add_str(o, "id", id) ||
              qt_ex_add_str(o, "type", "Annotation") ||
              qt_ex_add_str(o, "motivation", "identifying") ||
              qt_ex_add_str(o, "created", c->generated) ||
              !(body = child(o, "body", json_object_new_array())) ||
              (q->speaker && !child(body, NULL, text_body("identifying", q->speaker))) ||
              !child(body, NULL, text_body("tagging", q->kind)) ||
              !child(body, NULL, text_body("describing", desc)) ||
              !(target = child(o, "target", json_object_new_object())) ||
              qt_ex_add_str(target, "source", source) ||
              !(sel = child(target, "selector", json_object_new_array())) ||
              !(tq = child(sel, NULL, json_object_new_object())) ||
              !(tp = child(sel, NULL, json_object_new_object())) ||
              /* exact is the article text at the span, so a client finds it
               * again even where the quote text was cleaned up; positions
               * count code points, as TextPositionSelector does. */
              qt_ex_add_str(tq, "type", "TextQuoteSelector") ||
              qt_ex_add_str(tq, "exact", q->exact) || qt_ex_add_str(tq, "prefix", q->prefix) ||
              qt_ex_add_str(tq, "suffix", q->suffix) ||
              qt_ex_add_str(tp, "type", "TextPositionSelector") ||
              qt_ex_add_int(tp, "start", (int64_t)q->span.char_start) ||
              qt_ex_add_int(tp, "end", (int64_t)q->span.char_end);
    free(source);
    if (bad) {
        json_object_put(o);
        return qt_ex_nomem(err);
    }
    qt_status st = QT_OK;
    if (c->rows.rows > 0 && fputs(",\n", c->rows.out) == EOF) st = qt_ex_write_failed(err);
    size_t len = 0;
    const char *s = st == QT_OK ? json_object_to_json_string_length(o, QT_EX_JSON_FLAGS, &len)
                                : NULL;
    if (st == QT_OK && !s) st = qt_ex_nomem(err);
    if (st == QT_OK && fwrite(s, 1, len, c->rows.out) != len) st = qt_ex_write_failed(err);
    json_object_put(o);
    if (st == QT_OK) c->rows.rows++;
    return st;
}

static qt_status write_span(FILE *out, const char *from, const char *to, qt_error *err)
{
    size_t n = (size_t)(to - from);
    return fwrite(from, 1, n, out) == n ? QT_OK : qt_ex_write_failed(err);
}

qt_status qt_ex_annotations(qt_store *s, const qt_ex_query *q, const qt_export_options *opt,
                            FILE *out, qt_export_stats *stats, qt_error *err)
{
    anno_ctx c = {0};
    if (opt->generated_at) snprintf(c.generated, sizeof c.generated, "%s", opt->generated_at);
    else qt_date_now(c.generated);
    json_object *env = json_object_new_object(), *page = json_object_new_object();
    int bad = !env || !page || qt_ex_add_str(env, "@context", "http://www.w3.org/ns/anno.jsonld") ||
              qt_ex_add_str(env, "id", "urn:quotetrack:export:annotations") ||
              qt_ex_add_str(env, "type", "AnnotationCollection") ||
              qt_ex_add_str(env, "label", opt->title ? opt->title : "quotetrack: quotes and their speakers") ||
              qt_ex_add_str(env, "created", c.generated);
    if (!bad) {
        bad = qt_ex_add_obj(env, "first", page);
        page = bad ? page : NULL;
    }
    json_object *pg = NULL;
    if (!bad) json_object_object_get_ex(env, "first", &pg);
    bad = bad || !pg || qt_ex_add_str(pg, "type", "AnnotationPage") ||
          qt_ex_add_int(pg, "startIndex", 0) || qt_ex_add_str(pg, "items", MARK_ITEMS) ||
          qt_ex_add_str(env, "total", MARK_TOTAL);
    json_object_put(page);
    if (bad) {
        json_object_put(env);
        return qt_ex_nomem(err);
    }
    const char *text = json_object_to_json_string_ext(env, QT_EX_JSON_FLAGS);
    const char *items = text ? strstr(text, MARK_ITEMS_JSON) : NULL;
    const char *total = items ? strstr(items, MARK_TOTAL_JSON) : NULL;
    qt_status st = total ? QT_OK : qt_ex_nomem(err);
    if (st == QT_OK) st = write_span(out, text, items, err);
    if (st == QT_OK && fputs("[\n", out) == EOF) st = qt_ex_write_failed(err);
    if (st == QT_OK) st = run_rows(s, q, out, stats, opt, anno_row, &c.rows, err);
    if (st == QT_OK && fputs("\n]", out) == EOF) st = qt_ex_write_failed(err);
    if (st == QT_OK)
        st = write_span(out, items + strlen(MARK_ITEMS_JSON), total, err);
    if (st == QT_OK) {
        json_object *n = json_object_new_int64((int64_t)c.rows.rows);
        const char *num = n ? json_object_to_json_string_ext(n, QT_EX_JSON_FLAGS) : NULL;
        st = num ? write_span(out, num, num + strlen(num), err) : qt_ex_nomem(err);
        json_object_put(n);
    }
    if (st == QT_OK) {
        const char *rest = total + strlen(MARK_TOTAL_JSON);
        st = write_span(out, rest, rest + strlen(rest), err);
    }
    if (st == QT_OK && putc('\n', out) == EOF) st = qt_ex_write_failed(err);
    json_object_put(env);
    return st;
}
