/* qt_reuse_query.c - listing stored reuse pairs and provenance chains (see qt_reuse.h). */
#include "qt_reuse_int.h"

#include <stdlib.h>
#include <string.h>

#include "qt_date.h"
#include "qt_family_int.h"

/* Resolves an article reference (doc id, URL or #ID) to its article id. */
static qt_status resolve(qt_store *s, const char *ref, int64_t *id, qt_error *err)
{
    sqlite3_stmt *st = qt_reuse_stmt(s, R_REF, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    qt_store_bind_text(st, 1, ref);
    if (ref[0] == '#' && ref[1]) sqlite3_bind_int64(st, 2, strtoll(ref + 1, NULL, 10));
    int rc = sqlite3_step(st);
    *id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return qt_store_fail(s, rc, "finding the article", err);
    if (!*id) return qt_error_set(err, QT_ERR_NOTFOUND, "no article '%s' in %s", ref, s->path);
    return QT_OK;
}

/* Reads the passages of pair reuse_id into *out (malloc'ed). */
static qt_status passages(qt_store *s, int64_t reuse_id, qt_reuse_passage **out, size_t *n,
                          qt_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = qt_reuse_stmt(s, R_PASSAGES, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    sqlite3_bind_int64(st, 1, reuse_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            qt_reuse_passage *p = realloc(*out, cap * sizeof *p);
            if (!p) {
                sqlite3_reset(st);
                return qt_error_set(err, QT_ERR_NOMEM, "out of memory reading passages");
            }
            *out = p;
        }
        size_t v[9];
        for (int i = 0; i < 9; i++) v[i] = (size_t)sqlite3_column_int64(st, i);
        (*out)[(*n)++] = (qt_reuse_passage){v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]};
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? QT_OK : qt_store_fail(s, rc, "reading passages", err);
}

/* Fills row from the current result row of a REUSE_COLS statement (strings
 * point into the statement; passages read separately). */
static void read_row(sqlite3_stmt *st, qt_reuse_row *row)
{
    memset(row, 0, sizeof *row);
    row->reuse_id = sqlite3_column_int64(st, 0);
    row->source_article_id = sqlite3_column_int64(st, 1);
    row->derived_article_id = sqlite3_column_int64(st, 2);
    row->source_doc = qt_store_col_text(st, 3);
    row->derived_doc = qt_store_col_text(st, 4);
    row->source_outlet = qt_store_col_text(st, 5);
    row->derived_outlet = qt_store_col_text(st, 6);
    row->source_published = qt_store_col_text(st, 7);
    row->derived_published = qt_store_col_text(st, 8);
    row->source_revision = sqlite3_column_int(st, 9);
    row->derived_revision = sqlite3_column_int(st, 10);
    row->source_current = sqlite3_column_int(st, 11);
    row->derived_current = sqlite3_column_int(st, 12);
    row->relation = qt_reuse_relation_parse(qt_store_col_text(st, 13));
    row->coverage = sqlite3_column_double(st, 14);
    row->source_coverage = sqlite3_column_double(st, 15);
    row->primary = sqlite3_column_int(st, 16);
    row->dated = sqlite3_column_int(st, 17);
    row->source_url = qt_store_col_text(st, 18);
    row->derived_url = qt_store_col_text(st, 19);
    row->source_title = qt_store_col_text(st, 20);
    row->derived_title = qt_store_col_text(st, 21);
}

/* Steps st and hands each row, with its passages, to fn. */
static qt_status each_row(qt_store *s, sqlite3_stmt *st, qt_reuse_fn fn, void *ctx,
                          qt_error *err)
{
    qt_status status = QT_OK;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        qt_reuse_row row;
        read_row(st, &row);
        qt_reuse_passage *ps = NULL;
        status = passages(s, row.reuse_id, &ps, &row.passage_count, err);
        row.passages = ps;
        if (status == QT_OK) status = fn(&row, ctx, err);
        free(ps);
        if (status != QT_OK) break;
    }
    sqlite3_reset(st);
    if (status != QT_OK) return status;
    return rc == SQLITE_DONE ? QT_OK : qt_store_fail(s, rc, "reading reuse pairs", err);
}

/* Binds ?1..?11 of a listing statement: the flags, the article (0: any)
 * and the filter (REUSE_FILTERS in qt_reuse.c).  The dates live in the
 * caller's buffers until the statement is reset. */
static qt_status bind_listing(sqlite3_stmt *st, int flags, int64_t article_id,
                              const qt_reuse_filter *f, char since[QT_DATE_MAX],
                              char until[QT_DATE_MAX], qt_error *err)
{
    static const qt_reuse_filter none = {0};
    if (!f) f = &none;
    const char *a, *b;
    QT_TRY(qt_store_filter_date(f->since, "--since", since, &a, err));
    QT_TRY(qt_store_filter_date(f->until, "--until", until, &b, err));
    sqlite3_bind_int(st, 1, (flags & QT_REUSE_ALL) != 0);
    sqlite3_bind_int(st, 2, (flags & QT_REUSE_PRIMARY) != 0);
    if (article_id) sqlite3_bind_int64(st, 3, article_id);
    qt_store_bind_text(st, 4, f->source_outlet);
    qt_store_bind_text(st, 5, f->derived_outlet);
    qt_store_bind_text(st, 6, f->outlet);
    qt_store_bind_text(st, 7, a);
    qt_store_bind_text(st, 8, b);
    qt_store_bind_text(st, 9, f->relation != QT_REUSE_NONE ? qt_reuse_relation_name(f->relation)
                                                           : NULL);
    sqlite3_bind_double(st, 10, f->min_coverage);
    sqlite3_bind_int(st, 11, f->cross_outlet != 0);
    return QT_OK;
}

qt_status qt_store_reuse(qt_store *s, const char *ref, int flags, const qt_reuse_filter *filter,
                         qt_reuse_fn fn, void *ctx, qt_error *err)
{
    int64_t id = 0;
    if (ref) QT_TRY(resolve(s, ref, &id, err));
    sqlite3_stmt *st = qt_reuse_stmt(s, ref ? R_LIST_ARTICLE : R_LIST_ALL, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    char since[QT_DATE_MAX], until[QT_DATE_MAX];
    qt_status status = bind_listing(st, flags, id, filter, since, until, err);
    if (status != QT_OK) {
        sqlite3_clear_bindings(st);
        return status;
    }
    status = each_row(s, st, fn, ctx, err);
    /* The dates bound are in this frame's buffers (SQLITE_STATIC). */
    sqlite3_clear_bindings(st);
    return status;
}

qt_status qt_store_reuse_outlets(qt_store *s, const char *ref, int flags,
                                 const qt_reuse_filter *filter, qt_reuse_outlet_fn fn, void *ctx,
                                 qt_error *err)
{
    int64_t id = 0;
    if (ref) QT_TRY(resolve(s, ref, &id, err));
    sqlite3_stmt *st = qt_reuse_stmt(s, R_BY_OUTLET, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    char since[QT_DATE_MAX], until[QT_DATE_MAX];
    qt_status status = bind_listing(st, flags, id, filter, since, until, err);
    int rc = SQLITE_DONE;
    if (status == QT_OK) {
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            qt_reuse_outlet_row row = {
                .source_outlet = qt_store_col_text(st, 0),
                .derived_outlet = qt_store_col_text(st, 1),
                .pairs = (size_t)sqlite3_column_int64(st, 2),
                .verbatim = (size_t)sqlite3_column_int64(st, 3),
                .wholly = (size_t)sqlite3_column_int64(st, 4),
                .partial = (size_t)sqlite3_column_int64(st, 5),
                .primary = (size_t)sqlite3_column_int64(st, 6),
                .mean_coverage = sqlite3_column_double(st, 7),
                .first_published = qt_store_col_text(st, 8),
                .last_published = qt_store_col_text(st, 9),
            };
            if ((status = fn(&row, ctx, err)) != QT_OK) break;
        }
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (status != QT_OK) return status;
    return rc == SQLITE_DONE ? QT_OK : qt_store_fail(s, rc, "counting reuse pairs by outlet", err);
}

#define CHAIN_MAX 1000

qt_status qt_store_provenance(qt_store *s, const char *ref, qt_reuse_fn fn, void *ctx,
                              qt_error *err)
{
    int64_t id;
    QT_TRY(resolve(s, ref, &id, err));
    int64_t seen[CHAIN_MAX];
    size_t nseen = 0;
    while (nseen < CHAIN_MAX) {
        for (size_t i = 0; i < nseen; i++)
            if (seen[i] == id) return QT_OK;
        seen[nseen++] = id;
        sqlite3_stmt *st = qt_reuse_stmt(s, R_PRIMARY_OF, err);
        if (!st) return err ? err->code : QT_ERR_DB;
        sqlite3_bind_int64(st, 1, id);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_DONE) {
            sqlite3_reset(st);
            return QT_OK;
        }
        if (rc != SQLITE_ROW) {
            sqlite3_reset(st);
            return qt_store_fail(s, rc, "reading the provenance chain", err);
        }
        qt_reuse_row row;
        read_row(st, &row);
        int64_t next = row.source_article_id;
        qt_reuse_passage *ps = NULL;
        /* The row's strings live in st, which passages() does not touch. */
        qt_status status = passages(s, row.reuse_id, &ps, &row.passage_count, err);
        row.passages = ps;
        if (status == QT_OK) status = fn(&row, ctx, err);
        free(ps);
        sqlite3_reset(st);
        QT_TRY(status);
        id = next;
    }
    return QT_OK;
}

/* The stored text of article id, malloc'ed into *body (*len bytes). */
static qt_status article_body(qt_store *s, int64_t id, char **body, size_t *len, qt_error *err)
{
    *body = NULL;
    *len = 0;
    sqlite3_stmt *st = qt_reuse_stmt(s, R_ARTICLE_BODY, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    qt_status status = QT_OK;
    if (rc == SQLITE_ROW) {
        const void *b = sqlite3_column_blob(st, 0);
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        if (!(*body = malloc(n + 1))) status = qt_error_set(err, QT_ERR_NOMEM, "out of memory");
        else {
            if (n) memcpy(*body, b, n);
            (*body)[n] = '\0';
            *len = n;
        }
    } else if (rc == SQLITE_DONE) {
        status = qt_error_set(err, QT_ERR_NOTFOUND, "article #%lld has no stored text", (long long)id);
    } else {
        status = qt_store_fail(s, rc, "reading an article's text", err);
    }
    sqlite3_reset(st);
    return status;
}

/* Whether byte offset at of s[0..len) is inside a character (on a UTF-8
 * continuation byte). */
static int mid_char(const char *s, size_t len, size_t at)
{
    return at < len && ((unsigned char)s[at] & 0xC0) == 0x80;
}

/* Splits a passage's two texts into *a and *b and diffs them into *diff
 * (every word of both); on failure what was built is left for the caller's
 * clears. */
static qt_status diff_texts(const qt_family_ctx *c, const char *source, size_t source_len,
                            const char *derived, size_t derived_len, qt_qtext *a, qt_qtext *b,
                            qt_qdiff *diff, qt_error *err)
{
    QT_TRY(qt_qtext_build(c->lex, source, source_len, a, err));
    QT_TRY(qt_qtext_build(c->lex, derived, derived_len, b, err));
    return qt_qdiff_compute_long(a, b, diff, err);
}

qt_status qt_store_reuse_passage_texts(qt_store *s, const qt_reuse_row *row,
                                       qt_reuse_passage_fn fn, void *ctx, qt_error *err)
{
    qt_family_ctx *c = fam_ctx(s, err);
    if (!c) return err ? err->code : QT_ERR_NOMEM;
    char *src = NULL, *der = NULL;
    size_t slen = 0, dlen = 0;
    qt_status status = article_body(s, row->source_article_id, &src, &slen, err);
    if (status == QT_OK) status = article_body(s, row->derived_article_id, &der, &dlen, err);
    qt_qdiff diff = {0};
    for (size_t i = 0; i < row->passage_count && status == QT_OK; i++) {
        const qt_reuse_passage *p = &row->passages[i];
        /* The texts are valid UTF-8 (normalised at ingest); a passage must
         * lie inside its text and not split a character, or the word split
         * would read a broken sequence. */
        if (p->source_start > p->source_end || p->source_end > slen ||
            p->derived_start > p->derived_end || p->derived_end > dlen ||
            mid_char(src, slen, p->source_start) || mid_char(src, slen, p->source_end) ||
            mid_char(der, dlen, p->derived_start) || mid_char(der, dlen, p->derived_end)) {
            status = qt_error_set(err, QT_ERR_NOTFOUND,
                                  "passage %zu of %s and %s lies outside the stored text or"
                                  " splits a character",
                                  i + 1, row->source_doc, row->derived_doc);
            break;
        }
        qt_qtext a = {0}, b = {0};
        status = diff_texts(c, src + p->source_start, p->source_end - p->source_start,
                            der + p->derived_start, p->derived_end - p->derived_start, &a, &b,
                            &diff, err);
        if (status == QT_OK) {
            qt_reuse_passage_text pt = {p, a.text, a.len, b.text, b.len, diff.ops, diff.count, 0, 0};
            for (size_t k = 0; k < diff.count; k++) {
                if (diff.ops[k].op == '-') pt.dropped += diff.ops[k].words;
                if (diff.ops[k].op == '+') pt.added += diff.ops[k].words;
            }
            status = fn(&pt, i, ctx, err);
        }
        qt_qtext_clear(&a);
        qt_qtext_clear(&b);
    }
    qt_qdiff_clear(&diff);
    free(src);
    free(der);
    return status;
}

qt_status qt_reuse_diff_json(qt_store *s, const char *source, size_t source_len,
                             const char *derived, size_t derived_len, char **json,
                             qt_error *err)
{
    *json = NULL;
    qt_family_ctx *c = fam_ctx(s, err);
    if (!c) return err ? err->code : QT_ERR_NOMEM;
    qt_qtext a = {0}, b = {0};
    qt_qdiff diff = {0};
    qt_status status = diff_texts(c, source, source_len, derived, derived_len, &a, &b, &diff, err);
    if (status == QT_OK && !(*json = qt_qdiff_json(&a, &b, &diff)))
        status = qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    qt_qdiff_clear(&diff);
    qt_qtext_clear(&a);
    qt_qtext_clear(&b);
    return status;
}
