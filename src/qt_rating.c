/* qt_rating.c - ratings of quotes (see qt_rating.h). */
#include "qt_rating.h"

#include <stdlib.h>
#include <string.h>

#include "qt_date.h"
#include "qt_store_int.h"

/* The quote_id that ref names: QT_ERR_NOTFOUND when none, QT_ERR_USAGE when
 * ref is neither a number nor urn:quotetrack:quote:HASH:SEQ. */
static qt_status find_quote(qt_store *s, const char *ref, int64_t *id, qt_error *err)
{
    static const char urn[] = "urn:quotetrack:quote:";
    sqlite3_stmt *st = NULL;
    const char *num = ref[0] == '#' ? ref + 1 : ref;
    char *end = NULL;
    long long n = *num ? strtoll(num, &end, 10) : 0;
    int rc;
    *id = 0;
    if (end && !*end && n > 0) {
        rc = sqlite3_prepare_v2(s->db, "SELECT quote_id FROM quotes WHERE quote_id = ?1", -1,
                                &st, NULL);
        if (rc == SQLITE_OK) sqlite3_bind_int64(st, 1, n);
    } else if (strncmp(ref, urn, sizeof urn - 1) == 0 && strrchr(ref, ':') > ref + sizeof urn - 1) {
        /* urn:quotetrack:quote:HASH:SEQ - stable across databases. */
        const char *hash = ref + sizeof urn - 1, *colon = strrchr(ref, ':');
        long long seq = strtoll(colon + 1, &end, 10);
        if (*end || seq < 0 || colon[1] == '\0')
            return qt_error_set(err, QT_ERR_USAGE, "rate: '%s' is not a quote id", ref);
        rc = sqlite3_prepare_v2(s->db, "SELECT q.quote_id FROM quotes q JOIN texts t"
                                       " ON t.text_id = q.text_id WHERE t.hash = ?1 AND q.seq = ?2",
                                -1, &st, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_text(st, 1, hash, (int)(colon - hash), SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 2, seq);
        }
    } else {
        return qt_error_set(err, QT_ERR_USAGE,
                            "rate: '%s' is not a quote id (give a number as `who --format jsonl`"
                            " shows it, or urn:quotetrack:quote:...)",
                            ref);
    }
    if (rc != SQLITE_OK) {
        sqlite3_finalize(st);
        return qt_store_fail(s, rc, "looking up the quote", err);
    }
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW) return QT_OK;
    if (rc == SQLITE_DONE) return qt_error_set(err, QT_ERR_NOTFOUND, "no quote '%s'", ref);
    return qt_store_fail(s, rc, "looking up the quote", err);
}

static void bind_opt_long(sqlite3_stmt *st, int idx, int has, long v)
{
    if (has) sqlite3_bind_int64(st, idx, v);
    else sqlite3_bind_null(st, idx);
}

qt_status qt_store_rate(qt_store *s, const char *ref, const qt_rating *r, int64_t *rating_id,
                        qt_error *err)
{
    if (rating_id) *rating_id = 0;
    if (!ref || !r || !r->rating || !*r->rating)
        return qt_error_set(err, QT_ERR_USAGE, "rate: give the quote and a rating");
    if (r->has_best != r->has_worst)
        return qt_error_set(err, QT_ERR_USAGE, "rate: give both ends of the scale (--best and --worst)");
    if (r->has_value && r->has_best) {
        long lo = r->best < r->worst ? r->best : r->worst, hi = r->best < r->worst ? r->worst : r->best;
        if (r->value < lo || r->value > hi)
            return qt_error_set(err, QT_ERR_USAGE, "rate: value %ld is outside the scale %ld..%ld",
                                r->value, r->worst, r->best);
    }
    QT_TRY(qt_store_begin(s, err));
    int64_t quote_id = 0;
    qt_status st = find_quote(s, ref, &quote_id, err);
    sqlite3_stmt *ins = NULL;
    if (st == QT_OK) {
        int rc = sqlite3_prepare_v2(s->db,
                                    "INSERT INTO ratings(quote_id, rating, value, best, worst,"
                                    " reviewer, url, note, rated_at)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                    -1, &ins, NULL);
        if (rc == SQLITE_OK) {
            char now[QT_DATE_MAX];
            qt_date_now(now);
            sqlite3_bind_int64(ins, 1, quote_id);
            qt_store_bind_text(ins, 2, r->rating);
            bind_opt_long(ins, 3, r->has_value, r->value);
            bind_opt_long(ins, 4, r->has_best, r->best);
            bind_opt_long(ins, 5, r->has_worst, r->worst);
            qt_store_bind_text(ins, 6, r->reviewer);
            qt_store_bind_text(ins, 7, r->url);
            qt_store_bind_text(ins, 8, r->note);
            qt_store_bind_text(ins, 9, now);
            rc = sqlite3_step(ins);
            if (rc == SQLITE_DONE) rc = SQLITE_OK;
        }
        if (rc != SQLITE_OK) st = qt_store_fail(s, rc, "recording the rating", err);
        else if (rating_id) *rating_id = sqlite3_last_insert_rowid(s->db);
        sqlite3_finalize(ins);
    }
    if (st == QT_OK) return qt_store_commit(s, err);
    qt_store_rollback(s);
    return st;
}
