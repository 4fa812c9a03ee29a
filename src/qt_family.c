/*
 * qt_family.c - quote families: the family state of a store (lexicon and
 * statements), the matching rules, and quotes loaded for comparison (see
 * qt_family.h; qt_family_add.c places new quotes, qt_family_tree.c shapes a
 * family, qt_family_query.c answers trace and conflicts).
 */
#include "qt_family_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Reworded instances of a statement are at most this many days apart. */
#define REWORDED_DAYS 3

#define QUOTE_COLS                                                                          \
    "q.quote_id, q.text_id, q.seq, q.kind, q.text, q.speaker_id, s.kind, s.name,"           \
    " a.published, a.article_id, a.doc, m.family_id, f.speaker_id, fs.kind, fs.name"

#define HOME " JOIN texts t ON t.text_id = q.text_id JOIN articles a ON a.article_id = t.home_article_id"

static const char *const fam_sql_text[FS_COUNT] = {
    [FS_TEXT_QUOTES] = "SELECT quote_id FROM quotes WHERE text_id = ?1 ORDER BY seq",
    [FS_QUOTE] = "SELECT " QUOTE_COLS " FROM quotes q" HOME
                 " LEFT JOIN speakers s ON s.speaker_id = q.speaker_id"
                 " LEFT JOIN family_members m ON m.quote_id = q.quote_id"
                 " LEFT JOIN families f ON f.family_id = m.family_id"
                 " LEFT JOIN speakers fs ON fs.speaker_id = f.speaker_id"
                 " WHERE q.quote_id = ?1",
    [FS_TERMS] = "SELECT quote_id, keys FROM quote_terms WHERE key = ?1"
                 " ORDER BY quote_id DESC LIMIT ?2",
    [FS_NEW_FAMILY] = "INSERT INTO families(origin_quote_id, speaker_id, label, created_at)"
                      " VALUES (?1, ?2, ?3, ?4)",
    [FS_ADD_MEMBER] = "INSERT INTO family_members(quote_id, family_id, parent_quote_id, relation,"
                      " similarity, diff, wording, sort_key)"
                      " VALUES (?1, ?2, NULL, ?4, ?5, NULL, ?3, ?6)",
    /* The earliest member of the first wording from ?2 on: one index step
     * per distinct wording, however many copies each has. */
    [FS_NEXT_WORDING] = "SELECT wording, sort_key, quote_id FROM family_members"
                        " WHERE family_id = ?1 AND wording >= ?2"
                        " ORDER BY wording, sort_key LIMIT 1",
    [FS_LATER] = "SELECT 1 FROM family_members WHERE family_id = ?1 AND sort_key > ?2 LIMIT 1",
    [FS_SET_SORT] = "UPDATE family_members SET sort_key = ?2 WHERE quote_id = ?1",
    [FS_MEMBERS] = "SELECT m.quote_id, m.wording, m.parent_quote_id, m.relation, a.published,"
                   " a.article_id, q.seq, q.kind, q.text_id, q.speaker_id, m.sort_key"
                   " FROM family_members m"
                   " JOIN quotes q ON q.quote_id = m.quote_id" HOME " WHERE m.family_id = ?1",
    [FS_SET_MEMBER] = "UPDATE family_members SET parent_quote_id = ?2, relation = ?3,"
                      " similarity = ?4, diff = ?5 WHERE quote_id = ?1",
    [FS_SET_FAMILY] = "UPDATE families SET origin_quote_id = ?2, speaker_id = ?3, label = ?4"
                      " WHERE family_id = ?1",
    [FS_MOVE_MEMBERS] = "UPDATE family_members SET family_id = ?1 WHERE family_id = ?2",
    [FS_MOVE_CONFLICTS] = "UPDATE conflicts SET family_id = ?1 WHERE family_id = ?2",
    [FS_DELETE_FAMILY] = "DELETE FROM families WHERE family_id = ?1",
    [FS_CLEAR_ALTERED] = "DELETE FROM conflicts WHERE kind = 'altered' AND quote_id = ?1",
    /* Without a family (?4 NULL): the family of the other, earlier quote. */
    [FS_ADD_CONFLICT] = "INSERT OR IGNORE INTO conflicts(kind, quote_id, other_quote_id,"
                        " family_id, detail, detected_at) VALUES (?1, ?2, ?3, coalesce(?4,"
                        " (SELECT family_id FROM family_members WHERE quote_id = ?3)), ?5, ?6)",
    [FS_FAMILY_OF] = "SELECT m.family_id FROM quotes q"
                     " LEFT JOIN family_members m ON m.quote_id = q.quote_id"
                     " WHERE q.quote_id = ?1",
    [FS_FAMILY_INFO] = "SELECT label, (SELECT count(*) FROM family_members WHERE family_id = ?1),"
                       " origin_quote_id, speaker_id FROM families WHERE family_id = ?1",
    [FS_TRACE_MEMBERS] =
        "SELECT m.quote_id, m.parent_quote_id, m.relation, m.similarity, m.diff, q.kind,"
        " q.text, a.article_id, a.doc, a.outlet, a.published, s.name, s.kind, q.seq"
        " FROM family_members m JOIN quotes q ON q.quote_id = m.quote_id" HOME
        " LEFT JOIN speakers s ON s.speaker_id = q.speaker_id WHERE m.family_id = ?1",
    /* ?3..?5: the speaker as SPEAKER_MATCH (src/qt_store_sql.c) takes it
     * (name, key, #ID), matched on either side; ?6 either outlet; ?7 ?8 the
     * flagged quote's dates, as the who filters. */
    [FS_CONFLICTS] =
        "WITH sp(id) AS (SELECT speaker_id FROM speakers WHERE name = ?3 COLLATE NOCASE"
        " UNION SELECT speaker_id FROM speaker_aliases WHERE alias_key = ?4"
        " UNION SELECT speaker_id FROM speaker_keys WHERE key = ?4"
        " UNION SELECT speaker_id FROM speakers WHERE speaker_id = ?5)"
        " SELECT c.conflict_id, c.kind, c.family_id, c.detail, c.detected_at,"
        " c.quote_id, a.doc, a.outlet, a.published, s.name, q.kind, q.text,"
        " c.other_quote_id, oa.doc, oa.outlet, oa.published, os.name, o.kind, o.text"
        " FROM conflicts c JOIN quotes q ON q.quote_id = c.quote_id" HOME
        " LEFT JOIN speakers s ON s.speaker_id = q.speaker_id"
        " LEFT JOIN quotes o ON o.quote_id = c.other_quote_id"
        " LEFT JOIN texts ot ON ot.text_id = o.text_id"
        " LEFT JOIN articles oa ON oa.article_id = ot.home_article_id"
        " LEFT JOIN speakers os ON os.speaker_id = o.speaker_id"
        " WHERE (?1 IS NULL OR c.kind = ?1)"
        " AND (?3 IS NULL OR q.speaker_id IN sp OR o.speaker_id IN sp)"
        " AND (?6 IS NULL OR a.outlet = ?6 COLLATE NOCASE OR oa.outlet = ?6 COLLATE NOCASE)"
        " AND (?7 IS NULL OR a.published >= ?7)"
        " AND (?8 IS NULL OR substr(a.published, 1, length(?8)) <= ?8)"
        " ORDER BY a.published IS NULL, coalesce(a.published, a.ingested_at) DESC,"
        " a.article_id DESC, q.seq DESC, c.conflict_id DESC LIMIT ?2",
    [FS_FTS] = "SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?1 ORDER BY rank LIMIT ?2",
};

/* ---- the family state ------------------------------------------------ */

void qt_family_ctx_free(qt_family_ctx *ctx)
{
    if (!ctx) return;
    for (int i = 0; i < FS_COUNT; i++) sqlite3_finalize(ctx->st[i]);
    for (int i = 0; i <= FAM_ADD_TERMS_MAX; i++) sqlite3_finalize(ctx->add_terms[i]);
    fam_term_cache_free(ctx->terms);
    qt_qlex_free(ctx->lex);
    free(ctx);
}

static qt_family_ctx *ctx_new(const qt_patterns *pats, qt_error *err)
{
    qt_family_ctx *c = calloc(1, sizeof *c);
    if (!c) {
        qt_error_set(err, QT_ERR_NOMEM, "out of memory");
        return NULL;
    }
    qt_patterns *own = NULL;
    if (!pats && !(pats = own = qt_patterns_load(NULL, err))) {
        free(c);
        return NULL;
    }
    c->lex = qt_qlex_create(pats, err);
    qt_patterns_free(own);
    if (!c->lex) {
        free(c);
        return NULL;
    }
    return c;
}

qt_status qt_family_use_patterns(qt_store *s, const qt_patterns *pats, qt_error *err)
{
    qt_family_ctx *c = ctx_new(pats, err);
    if (!c) return err ? err->code : QT_ERR_NOMEM;
    qt_family_ctx_free(s->families);
    s->families = c;
    return QT_OK;
}

qt_family_ctx *fam_ctx(qt_store *s, qt_error *err)
{
    if (!s->families) s->families = ctx_new(NULL, err);
    return s->families;
}

sqlite3_stmt *fam_stmt(qt_store *s, fam_sql id, qt_error *err)
{
    qt_family_ctx *c = fam_ctx(s, err);
    if (!c) return NULL;
    return qt_store_cached_stmt(s, &c->st[id], fam_sql_text[id], "preparing a family statement",
                                err);
}

/* ---- the rules ------------------------------------------------------- */

/* 1 when every word of the shorter name is a word of the longer one
 * (case-insensitive, a trailing period ignored): "Blinken" and "Antony
 * Blinken", not "Ambassador Kim" and "Kim Jong Un". */
static int names_compatible(const char *a, const char *b)
{
    if (!a || !b) return 0;
    size_t wa = 0, wb = 0;
    for (const char *p = a; *p; p++) wa += (p == a || p[-1] == ' ') && *p != ' ';
    for (const char *p = b; *p; p++) wb += (p == b || p[-1] == ' ') && *p != ' ';
    const char *shorter = wa <= wb ? a : b, *longer = wa <= wb ? b : a;
    for (const char *p = shorter; *p;) {
        while (*p == ' ') p++;
        const char *s = p;
        while (*p && *p != ' ') p++;
        size_t n = (size_t)(p - s);
        if (n > 0 && s[n - 1] == '.') n--;
        if (n == 0) continue;
        int found = 0;
        for (const char *q = longer; *q && !found;) {
            while (*q == ' ') q++;
            const char *t = q;
            while (*q && *q != ' ') q++;
            size_t m = (size_t)(q - t);
            if (m > 0 && t[m - 1] == '.') m--;
            found = m == n && strncasecmp(s, t, n) == 0;
        }
        if (!found) return 0;
    }
    return 1;
}

static int is_person(const qt_family_speaker *s)
{
    return s->kind && strcmp(s->kind, "person") == 0;
}

qt_speaker_rel qt_family_speaker_rel(const qt_family_speaker *a, const qt_family_speaker *b)
{
    if (a->id && a->id == b->id) return QT_SPK_SAME;
    if (!a->id || !b->id) return QT_SPK_UNKNOWN;
    if (is_person(a) && is_person(b))
        return names_compatible(a->name, b->name) ? QT_SPK_NAMES : QT_SPK_DIFFERENT;
    return QT_SPK_MIXED;
}

int qt_family_strict(const qt_qsim *sim)
{
    if (sim->lcs < 4) return 0;
    return sim->dice >= 0.6 || sim->cont >= 0.8 || sim->run >= 6;
}

int qt_family_reworded(const qt_qsim *sim, qt_speaker_rel rel, long days_apart, int a_partial,
                       int b_partial)
{
    if (rel != QT_SPK_SAME && rel != QT_SPK_NAMES) return 0;
    if (a_partial || b_partial) return 0;
    if (days_apart > REWORDED_DAYS) return 0;
    if (sim->na < 6 || sim->nb < 6 || sim->bag < 6) return 0;
    /* Close dates are evidence of their own; without them the words must
     * say more. */
    double need = days_apart >= 0 ? 0.4 : 0.5;
    return 2.0 * (double)sim->bag / (double)(sim->na + sim->nb) >= need;
}

/* ---- loading quotes -------------------------------------------------- */

/* Days since 1970-01-01 of an ISO date "YYYY-MM-DD..." (days_from_civil). */
static int iso_day(const char *s, long *day)
{
    if (!s || strlen(s) < 10 || s[4] != '-' || s[7] != '-') return 0;
    long y = atol(s), m = atol(s + 5), d = atol(s + 8);
    if (m < 1 || m > 12 || d < 1 || d > 31) return 0;
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    *day = era * 146097 + doe - 719468;
    return 1;
}

long fam_days_apart(const fam_quote *a, const fam_quote *b)
{
    if (!a->dated || !b->dated) return -1;
    return labs(a->day - b->day);
}

static char *dup_col(sqlite3_stmt *st, int col, int *oom)
{
    const char *v = qt_store_col_text(st, col);
    if (!v) return NULL;
    char *c = strdup(v);
    if (!c) *oom = 1;
    return c;
}

void fam_quote_clear(fam_quote *q)
{
    if (!q) return;
    qt_qtext_clear(&q->qt);
    free(q->text);
    free(q->doc);
    free((char *)q->speaker.name);
    free((char *)q->speaker.kind);
    free((char *)q->family_speaker.name);
    free((char *)q->family_speaker.kind);
    memset(q, 0, sizeof *q);
}

qt_status fam_quote_load(qt_store *s, int64_t id, fam_quote *q, int *found, qt_error *err)
{
    memset(q, 0, sizeof *q);
    *found = 0;
    qt_family_ctx *c = fam_ctx(s, err);
    if (!c) return err ? err->code : QT_ERR_NOMEM;
    sqlite3_stmt *st = fam_stmt(s, FS_QUOTE, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? QT_OK : qt_store_fail(s, rc, "reading a quote", err);
    }
    int oom = 0;
    q->quote_id = sqlite3_column_int64(st, 0);
    q->text_id = sqlite3_column_int64(st, 1);
    q->seq = sqlite3_column_int(st, 2);
    snprintf(q->kind, sizeof q->kind, "%s", qt_store_col_text(st, 3) ? qt_store_col_text(st, 3) : "");
    q->text = dup_col(st, 4, &oom);
    q->speaker.id = sqlite3_column_int64(st, 5);
    q->speaker.kind = dup_col(st, 6, &oom);
    q->speaker.name = dup_col(st, 7, &oom);
    const char *pub = qt_store_col_text(st, 8);
    if (pub) {
        snprintf(q->published, sizeof q->published, "%s", pub);
        q->dated = iso_day(pub, &q->day);
    }
    q->article_id = sqlite3_column_int64(st, 9);
    q->doc = dup_col(st, 10, &oom);
    q->family_id = sqlite3_column_int64(st, 11);
    q->family_speaker.id = sqlite3_column_int64(st, 12);
    q->family_speaker.kind = dup_col(st, 13, &oom);
    q->family_speaker.name = dup_col(st, 14, &oom);
    sqlite3_reset(st);
    if (oom || !q->text) {
        fam_quote_clear(q);
        return qt_error_set(err, QT_ERR_NOMEM, "out of memory reading a quote");
    }
    qt_status status = qt_qtext_build(c->lex, q->text, strlen(q->text), &q->qt, err);
    if (status != QT_OK) {
        fam_quote_clear(q);
        return status;
    }
    *found = 1;
    return QT_OK;
}

void fam_key(char out[FAM_KEY_MAX], int dated, const char *published, int64_t article_id,
             int seq, int64_t quote_id)
{
    /* A space sorts before every character of a date, so 2024-10-31 comes
     * before 2024-10-31T10:00:00Z as strcmp would have it. */
    snprintf(out, FAM_KEY_MAX, "%d%.*s %015lld %09d %015lld", dated ? 0 : 1, dated ? 40 : 0,
             dated && published ? published : "", (long long)article_id, seq,
             (long long)quote_id);
}

