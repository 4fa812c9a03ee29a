/*
 * qt_export.c - `export`: formats, the filter, the selection of quotes in
 * publication order, the read transaction, and atomic output (see
 * qt_export.h).  The formats themselves are in qt_export_rows.c (jsonl, csv,
 * annotations), qt_export_ld.c (claimreview), qt_export_prov.c,
 * qt_export_dot.c and qt_export_html.c (+ _svg.c graphs, _css.c style); the
 * in-memory set they share is loaded by qt_export_data.c and indexed by
 * qt_export_index.c.
 */
#include "qt_export_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "qt_atomic.h"
#include "qt_date.h"

static const char *const format_names[] = {
    [QT_EXPORT_JSONL] = "jsonl",          [QT_EXPORT_CSV] = "csv",
    [QT_EXPORT_HTML] = "html",            [QT_EXPORT_DOT] = "dot",
    [QT_EXPORT_CLAIMREVIEW] = "claimreview", [QT_EXPORT_PROV] = "prov",
    [QT_EXPORT_ANNOTATIONS] = "annotations",
};
#define NFORMATS (sizeof format_names / sizeof *format_names)

qt_status qt_export_format_parse(const char *name, qt_export_format *out, qt_error *err)
{
    for (size_t i = 1; name && i < NFORMATS; i++) {
        if (strcmp(name, format_names[i]) == 0) {
            *out = (qt_export_format)i;
            return QT_OK;
        }
    }
    return qt_error_set(err, QT_ERR_USAGE,
                        "export: --format must be jsonl, csv, html, dot, claimreview, prov or "
                        "annotations, not '%s'",
                        name ? name : "");
}

const char *qt_export_format_name(qt_export_format f)
{
    return (size_t)f > 0 && (size_t)f < NFORMATS ? format_names[f] : "unknown";
}

qt_export_format qt_export_format_for_path(const char *path)
{
    static const struct {
        const char *ext;
        qt_export_format f;
    } exts[] = {{".jsonl", QT_EXPORT_JSONL}, {".ndjson", QT_EXPORT_JSONL},
                {".csv", QT_EXPORT_CSV},     {".html", QT_EXPORT_HTML},
                {".htm", QT_EXPORT_HTML},    {".dot", QT_EXPORT_DOT},
                {".gv", QT_EXPORT_DOT}};
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (!dot || strchr(dot, '/')) return 0;
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
        if (strcasecmp(dot, exts[i].ext) == 0) return exts[i].f;
    return 0;
}

sqlite3_stmt *qt_ex_prepare(qt_store *s, const char *sql, qt_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(st);
        qt_store_fail(s, rc, "preparing the export", err);
        return NULL;
    }
    return st;
}

/* ---- identifiers ------------------------------------------------------- */

void qt_ex_quote_iri(const char *hash, int seq, char *buf, size_t n)
{
    snprintf(buf, n, "urn:quotetrack:quote:%s:%d", hash ? hash : "unknown", seq);
}

char *qt_ex_article_iri(const char *doc, const char *url)
{
    if (url && (strncasecmp(url, "https://", 8) == 0 || strncasecmp(url, "http://", 7) == 0) &&
        !strpbrk(url, " \t\r\n\"<>\\^`{|}"))
        return strdup(url);
    static const char prefix[] = "urn:quotetrack:doc:";
    static const char hex[] = "0123456789ABCDEF";
    size_t n = doc ? strlen(doc) : 0;
    char *out = malloc(sizeof prefix + 3 * n);
    if (!out) return NULL;
    char *o = out + (sizeof prefix - 1);
    memcpy(out, prefix, sizeof prefix - 1);
    /* RFC 8141: the name keeps unreserved characters and "/"; everything else
     * (spaces, "#", "?", non-ASCII bytes) is percent-encoded. */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)doc[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            strchr("-._~/", c)) {
            *o++ = (char)c;
        } else {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o = '\0';
    return out;
}

size_t qt_ex_cut(const char *s, size_t max_cp, int *cut)
{
    size_t i = 0, n = 0;
    if (cut) *cut = 0;
    while (s[i]) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (n == max_cp) {
                if (cut) *cut = 1;
                break;
            }
            n++;
        }
        i++;
    }
    return i;
}

void qt_ex_article_label(const qt_ex_article *a, char *buf, size_t n)
{
    const char *outlet = a->outlet ? a->outlet : "no outlet";
    size_t len = qt_ex_cut(outlet, 60, NULL);
    /* 60 code points of a non-Latin outlet can pass the buffer: snprintf
     * would then cut a character in two (found by fuzz_export), so the cut
     * backs up to a character boundary that leaves room for the date. */
    size_t room = n > 16 ? n - 16 : 0; /* " · " (4 bytes), 10 of the date, NUL */
    if (len > room) {
        len = room;
        while (len > 0 && ((unsigned char)outlet[len] & 0xC0) == 0x80) len--;
    }
    snprintf(buf, n, "%.*s \xC2\xB7 %.10s", (int)len, outlet, a->published ? a->published : "undated");
}

/* ---- rows from statements ---------------------------------------------- */

static void col_span(sqlite3_stmt *st, int col, qt_span *sp)
{
    sp->start = (size_t)sqlite3_column_int64(st, col);
    sp->end = (size_t)sqlite3_column_int64(st, col + 1);
    sp->char_start = (size_t)sqlite3_column_int64(st, col + 2);
    sp->char_end = (size_t)sqlite3_column_int64(st, col + 3);
}

void qt_ex_quote_from(sqlite3_stmt *st, qt_ex_quote *q)
{
    memset(q, 0, sizeof *q);
    q->quote_id = sqlite3_column_int64(st, 0);
    q->text_id = sqlite3_column_int64(st, 1);
    q->seq = sqlite3_column_int(st, 2);
    q->kind = qt_store_col_text(st, 3);
    q->text = qt_store_col_text(st, 4);
    if (!q->text) q->text = "";
    col_span(st, 5, &q->span);
    q->speaker_id = sqlite3_column_int64(st, 9);
    q->speaker = qt_store_col_text(st, 10);
    q->speaker_kind = qt_store_col_text(st, 11);
    q->speaker_title = qt_store_col_text(st, 12);
    q->has_mention = sqlite3_column_type(st, 13) != SQLITE_NULL;
    if (q->has_mention) col_span(st, 13, &q->mention);
    q->mention_text = qt_store_col_text(st, 17);
    q->has_cue = sqlite3_column_type(st, 18) != SQLITE_NULL;
    if (q->has_cue) col_span(st, 18, &q->cue);
    q->cue_text = qt_store_col_text(st, 22);
    q->confidence = sqlite3_column_double(st, 23);
    q->rule = qt_store_col_text(st, 24);
    q->parent = sqlite3_column_type(st, 25) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 25);
    const char *hash = qt_store_col_text(st, 26);
    q->iri = hash; /* the caller turns the hash into the IRI */
    q->family_id = sqlite3_column_int64(st, 27);
    q->parent_quote_id = sqlite3_column_int64(st, 28);
    q->relation = qt_store_col_text(st, 29);
    q->similarity = sqlite3_column_double(st, 30);
    q->diff = qt_store_col_text(st, 31);
    q->exact = qt_store_col_text(st, 32);
    q->prefix = qt_store_col_text(st, 33);
    q->suffix = qt_store_col_text(st, 34);
    if (!q->exact) q->exact = "";
    if (!q->prefix) q->prefix = "";
    if (!q->suffix) q->suffix = "";
    q->article = QT_EX_NONE;
}

void qt_ex_article_from(sqlite3_stmt *st, int c, qt_ex_article *a)
{
    memset(a, 0, sizeof *a);
    a->article_id = sqlite3_column_int64(st, c);
    a->text_id = sqlite3_column_int64(st, c + 1);
    a->doc = qt_store_col_text(st, c + 2);
    a->url = qt_store_col_text(st, c + 3);
    a->title = qt_store_col_text(st, c + 4);
    a->outlet = qt_store_col_text(st, c + 5);
    a->byline = qt_store_col_text(st, c + 6);
    a->published = qt_store_col_text(st, c + 7);
    a->ingested_at = qt_store_col_text(st, c + 8);
    a->hash = qt_store_col_text(st, c + 9);
    a->revision = sqlite3_column_int(st, c + 10);
    a->is_current = sqlite3_column_int(st, c + 11);
    a->copy_of = sqlite3_column_int64(st, c + 12);
    a->quotes = (long)sqlite3_column_int64(st, c + 13);
    a->copies = sqlite3_column_int(st, c + 14);
    if (a->copies < 0) a->copies = 0;
    if (!a->doc) a->doc = "";
}

/* ---- the filter -------------------------------------------------------- */

/* ?6 name, ?7 its key, ?8 #ID: every speaker the name denotes (as `who`). */
#define SPEAKER_IDS                                                                        \
    "SELECT speaker_id FROM speakers WHERE name = ?6 COLLATE NOCASE"                       \
    " UNION SELECT speaker_id FROM speaker_aliases WHERE alias_key = ?7"                   \
    " UNION SELECT speaker_id FROM speaker_keys WHERE key = ?7"                            \
    " UNION SELECT speaker_id FROM speakers WHERE speaker_id = ?8"

/* Quote-level filters: ?5 kind, ?6-?8 speaker, ?9 family. */
#define QUOTE_FILTERS                                                                      \
    " (?5 IS NULL OR q.kind = ?5)"                                                         \
    " AND (?6 IS NULL OR q.speaker_id IN (" SPEAKER_IDS "))"                               \
    " AND (?9 IS NULL OR m.family_id = ?9)"

/* Stage 1: articles in publication order.  ?1 outlet, ?2 since, ?3 until,
 * ?4 the --article, ?10 1 when a quote filter is set. */
static const char sql_articles[] =
    "SELECT " QT_EX_ARTICLE_COLS " FROM articles a JOIN texts t ON t.text_id = a.text_id"
    " WHERE (a.is_current = 1 OR a.article_id = ?4)"
    " AND (?1 IS NULL OR a.outlet = ?1 COLLATE NOCASE)"
    " AND (?2 IS NULL OR a.published >= ?2)"
    " AND (?3 IS NULL OR substr(a.published, 1, length(?3)) <= ?3)"
    " AND (?4 IS NULL OR a.article_id = ?4)"
    " AND (?10 = 0 OR EXISTS (SELECT 1 FROM quotes q"
    "   LEFT JOIN family_members m ON m.quote_id = q.quote_id"
    "   WHERE q.text_id = a.text_id AND" QUOTE_FILTERS "))"
    " ORDER BY coalesce(a.published, a.ingested_at), a.article_id";

/* Stage 2: the selected quotes of one text (?1), in text order. */
static const char sql_quotes[] = "SELECT " QT_EX_QUOTE_COLS QT_EX_QUOTE_FROM
                                 " WHERE q.text_id = ?1 AND" QUOTE_FILTERS " ORDER BY q.seq";

static void bind_quote_filters(sqlite3_stmt *st, const qt_ex_query *q, const char *key)
{
    const qt_export_filter *f = q->f;
    qt_store_bind_text(st, 5, f->kind);
    qt_store_bind_text(st, 6, f->speaker);
    qt_store_bind_text(st, 7, key);
    long long ref = -1;
    if (f->speaker && f->speaker[0] == '#' && f->speaker[1]) {
        char *end;
        ref = strtoll(f->speaker + 1, &end, 10);
        if (*end) ref = -1;
    }
    sqlite3_bind_int64(st, 8, ref);
    if (f->family > 0) sqlite3_bind_int64(st, 9, f->family);
    else sqlite3_bind_null(st, 9);
}

static qt_status step_one(qt_store *s, sqlite3_stmt *st, int *found, const char *what,
                          qt_error *err)
{
    int rc = sqlite3_step(st);
    *found = rc == SQLITE_ROW;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return qt_store_fail(s, rc, what, err);
    return QT_OK;
}

qt_status qt_ex_resolve(qt_store *s, const qt_export_filter *f, qt_ex_query *q, qt_error *err)
{
    static const qt_export_filter none = {0};
    memset(q, 0, sizeof *q);
    q->f = f ? f : &none;
    f = q->f;
    if (f->kind && strcmp(f->kind, "direct") && strcmp(f->kind, "partial") &&
        strcmp(f->kind, "indirect"))
        return qt_error_set(err, QT_ERR_USAGE,
                            "export: --kind must be direct, partial or indirect, not '%s'",
                            f->kind);
    if (f->since) {
        if (qt_date_parse(f->since, q->since, NULL) != QT_OK)
            return qt_error_set(err, QT_ERR_USAGE, "--since: not a date: '%s' (try 2024-11-01)",
                                f->since);
        q->has_since = 1;
    }
    if (f->until) {
        if (qt_date_parse(f->until, q->until, NULL) != QT_OK)
            return qt_error_set(err, QT_ERR_USAGE, "--until: not a date: '%s' (try 2024-11-01)",
                                f->until);
        q->has_until = 1;
    }
    if (f->family < 0)
        return qt_error_set(err, QT_ERR_USAGE, "export: --family must be a family id");
    q->quote_filter = f->kind || f->speaker || f->family > 0;

    qt_status status = QT_OK;
    int found = 0;
    sqlite3_stmt *st = NULL;
    char *key = NULL;
    if (f->speaker) {
        if (!(key = qt_store_key(f->speaker))) return qt_ex_nomem(err);
        st = qt_ex_prepare(s, "SELECT count(*) FROM (SELECT speaker_id FROM speakers WHERE"
                              " name = ?6 COLLATE NOCASE UNION SELECT speaker_id FROM"
                              " speaker_aliases WHERE alias_key = ?7 UNION SELECT speaker_id"
                              " FROM speaker_keys WHERE key = ?7 UNION SELECT speaker_id FROM"
                              " speakers WHERE speaker_id = ?8)",
                           err);
        if (!st) status = err ? err->code : QT_ERR_DB;
        if (status == QT_OK) {
            qt_export_filter only = {.speaker = f->speaker};
            qt_ex_query tmp = {.f = &only};
            bind_quote_filters(st, &tmp, key);
            status = step_one(s, st, &found, "looking up the speaker", err);
            if (status == QT_OK && sqlite3_column_int64(st, 0) == 0)
                status = qt_error_set(err, QT_ERR_NOTFOUND, "no speaker called '%s'",
                                      f->speaker);
        }
        sqlite3_finalize(st);
        free(key);
        if (status != QT_OK) return status;
    }
    if (f->article) {
        st = qt_ex_prepare(s, "SELECT article_id, text_id FROM articles WHERE doc = ?1"
                              " OR url = ?1 OR article_id = ?2"
                              " ORDER BY is_current DESC, article_id DESC LIMIT 1",
                           err);
        if (!st) return err ? err->code : QT_ERR_DB;
        qt_store_bind_text(st, 1, f->article);
        long long id = -1;
        if (f->article[0] == '#' && f->article[1]) {
            char *end;
            id = strtoll(f->article + 1, &end, 10);
            if (*end) id = -1;
        }
        sqlite3_bind_int64(st, 2, id);
        status = step_one(s, st, &found, "looking up the article", err);
        if (status == QT_OK && !found)
            status = qt_error_set(err, QT_ERR_NOTFOUND,
                                  "no article '%s' (give its id, URL or #N)", f->article);
        if (status == QT_OK) {
            q->article_id = sqlite3_column_int64(st, 0);
            q->article_text_id = sqlite3_column_int64(st, 1);
        }
        sqlite3_finalize(st);
        if (status != QT_OK) return status;
    }
    if (f->family > 0) {
        st = qt_ex_prepare(s, "SELECT 1 FROM families WHERE family_id = ?1", err);
        if (!st) return err ? err->code : QT_ERR_DB;
        sqlite3_bind_int64(st, 1, f->family);
        status = step_one(s, st, &found, "looking up the family", err);
        if (status == QT_OK && !found)
            status = qt_error_set(err, QT_ERR_NOTFOUND, "no quote family %lld",
                                  (long long)f->family);
        sqlite3_finalize(st);
    }
    return status;
}

/* ---- the selection ----------------------------------------------------- */

qt_status qt_ex_select(qt_store *s, const qt_ex_query *q, qt_ex_row_fn fn,
                       qt_status (*article_fn)(const qt_ex_article *a, void *ctx, qt_error *err),
                       void *ctx, qt_error *err)
{
    const qt_export_filter *f = q->f;
    char *key = f->speaker ? qt_store_key(f->speaker) : NULL;
    if (f->speaker && !key) return qt_ex_nomem(err);
    sqlite3_stmt *arts = qt_ex_prepare(s, sql_articles, err);
    sqlite3_stmt *quotes = arts ? qt_ex_prepare(s, sql_quotes, err) : NULL;
    qt_status status = quotes ? QT_OK : (err ? err->code : QT_ERR_DB);
    /* Each text's quotes are reported once, under the first article
     * carrying it. */
    qt_ex_map seen = {0};
    if (status == QT_OK) {
        qt_store_bind_text(arts, 1, f->outlet);
        qt_store_bind_text(arts, 2, q->has_since ? q->since : NULL);
        qt_store_bind_text(arts, 3, q->has_until ? q->until : NULL);
        if (q->article_id) sqlite3_bind_int64(arts, 4, q->article_id);
        else sqlite3_bind_null(arts, 4);
        sqlite3_bind_int(arts, 10, q->quote_filter);
        bind_quote_filters(arts, q, key);
        bind_quote_filters(quotes, q, key);
    }
    int rc = SQLITE_DONE;
    while (status == QT_OK && (rc = sqlite3_step(arts)) == SQLITE_ROW) {
        qt_ex_article a;
        qt_ex_article_from(arts, 0, &a);
        a.in_scope = 1;
        if (article_fn && (status = article_fn(&a, ctx, err)) != QT_OK) break;
        int fresh = qt_ex_map_get(&seen, a.text_id) == QT_EX_NONE;
        if (fresh && qt_ex_map_put(&seen, a.text_id, 1)) {
            status = qt_ex_nomem(err);
            break;
        }
        if (!fresh || !fn) continue;
        sqlite3_reset(quotes);
        sqlite3_bind_int64(quotes, 1, a.text_id);
        int qrc;
        while ((qrc = sqlite3_step(quotes)) == SQLITE_ROW) {
            qt_ex_quote row;
            qt_ex_quote_from(quotes, &row);
            char iri[96];
            qt_ex_quote_iri(row.iri, row.seq, iri, sizeof iri);
            row.iri = iri;
            row.copies = a.copies;
            row.in_scope = 1;
            if ((status = fn(&row, &a, ctx, err)) != QT_OK) break;
        }
        if (status == QT_OK && qrc != SQLITE_DONE)
            status = qt_store_fail(s, qrc, "reading quotes", err);
    }
    if (status == QT_OK && rc != SQLITE_DONE) status = qt_store_fail(s, rc, "reading articles", err);
    qt_ex_map_free(&seen);
    sqlite3_finalize(quotes);
    sqlite3_finalize(arts);
    free(key);
    return status;
}

/* ---- running an export ------------------------------------------------- */

static qt_status run_sql(qt_store *s, const char *sql, qt_error *err)
{
    sqlite3_stmt *st = qt_ex_prepare(s, sql, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? QT_OK : qt_store_fail(s, rc, sql, err);
}

static qt_status dispatch(qt_store *s, qt_export_format format, const qt_ex_query *q,
                          const qt_export_options *opt, FILE *out, qt_export_stats *stats,
                          qt_error *err)
{
    switch (format) {
    case QT_EXPORT_JSONL: return qt_ex_jsonl(s, q, out, stats, err);
    case QT_EXPORT_CSV: return qt_ex_csv(s, q, out, stats, err);
    case QT_EXPORT_ANNOTATIONS: return qt_ex_annotations(s, q, opt, out, stats, err);
    default: break;
    }
    qt_ex_set *set = NULL;
    QT_TRY(qt_ex_set_load(s, q, opt, &set, err));
    qt_status st;
    switch (format) {
    case QT_EXPORT_HTML: st = qt_ex_html(set, out, err); break;
    case QT_EXPORT_DOT: st = qt_ex_dot(set, out, err); break;
    case QT_EXPORT_CLAIMREVIEW: st = qt_ex_claimreview(set, out, err); break;
    case QT_EXPORT_PROV: st = qt_ex_prov(set, out, err); break;
    default: st = qt_error_set(err, QT_ERR_USAGE, "export: unknown format"); break;
    }
    if (st == QT_OK && stats) {
        stats->quotes = set->nselected;
        stats->articles = set->narticles;
        stats->families = set->nshared;
        stats->reuse = set->nlinks;
        stats->conflicts = set->nconflicts;
    }
    qt_ex_set_free(set);
    return st;
}

qt_status qt_export(qt_store *s, qt_export_format format, const qt_export_filter *filter,
                    const qt_export_options *opt, FILE *out, qt_export_stats *stats,
                    qt_error *err)
{
    static const qt_export_options defaults = {0};
    if (stats) memset(stats, 0, sizeof *stats);
    if (!opt) opt = &defaults;
    if ((size_t)format == 0 || (size_t)format >= NFORMATS)
        return qt_error_set(err, QT_ERR_USAGE, "export: unknown format");
    /* One read transaction: the selection, families and reuse all come from
     * the same snapshot even while another process ingests. */
    QT_TRY(run_sql(s, "BEGIN", err));
    qt_ex_query q;
    qt_status st = qt_ex_resolve(s, filter, &q, err);
    if (st == QT_OK) st = dispatch(s, format, &q, opt, out, stats, err);
    if (st == QT_OK && (fflush(out) != 0 || ferror(out))) st = qt_ex_write_failed(err);
    qt_status end = run_sql(s, st == QT_OK ? "COMMIT" : "ROLLBACK", st == QT_OK ? err : NULL);
    return st != QT_OK ? st : end;
}

/* Same file (device and inode) as path, which must exist. */
static int same_file(const struct stat *a, const char *path)
{
    struct stat b;
    return stat(path, &b) == 0 && a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

qt_status qt_export_check_target(qt_store *s, const char *path, qt_error *err)
{
    struct stat target;
    if (!path || !s->path || stat(path, &target) != 0) return QT_OK;
    static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof sfx / sizeof *sfx; i++) {
        char db[4096];
        snprintf(db, sizeof db, "%s%s", s->path, sfx[i]);
        if (same_file(&target, db))
            return qt_error_set(err, QT_ERR_USAGE, "%s: is the database; refusing to overwrite it",
                                path);
    }
    return QT_OK;
}

qt_status qt_export_file(qt_store *s, qt_export_format format, const qt_export_filter *filter,
                         const qt_export_options *opt, const char *path, qt_export_stats *stats,
                         qt_error *err)
{
    QT_TRY(qt_export_check_target(s, path, err));
    qt_atomic_file *f = qt_atomic_create(path, err);
    if (!f) return err ? err->code : QT_ERR_IO;
    qt_status st = qt_export(s, format, filter, opt, qt_atomic_stream(f), stats, err);
    if (st != QT_OK) {
        qt_atomic_abort(f);
        return st;
    }
    return qt_atomic_commit(f, err);
}
