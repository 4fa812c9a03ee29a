/*
 * qt_reuse.c - reuse detection at ingest (see qt_reuse.h): fingerprints,
 * candidates from the index, alignment, relation, direction and the
 * primary source.  The look-ups are in qt_reuse_query.c.
 */
#include "qt_reuse_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "qt_text.h"

/* Every statement the reuse code prepares, each once per store handle.
 * Rows are inserted one per statement: a multi-row INSERT into a table with
 * a foreign key needs a statement journal, which copies every page touched
 * and made fingerprint storage slower, not faster. */
#define REUSE_COLS                                                                          \
    "SELECT r.reuse_id, r.source_article_id, r.derived_article_id, s.doc, d.doc, s.outlet,"  \
    " d.outlet, s.published, d.published, s.revision, d.revision, s.is_current,"            \
    " d.is_current, r.relation, r.coverage, r.source_coverage, r.is_primary, r.dated,"      \
    " s.url, d.url, s.title, d.title"                                                       \
    " FROM reuse r JOIN articles s ON s.article_id = r.source_article_id"                   \
    " JOIN articles d ON d.article_id = r.derived_article_id"
/* qt_reuse_filter's fields, ?4..?11 (NULL or 0: any).  Dates are the
 * derived article's, so an undated one passes no date filter; --until
 * compares as many characters as the bound date has (a bare day is
 * inclusive).  Pairs across outlets need both outlets known. */
#define REUSE_FILTERS                                                                       \
    " AND (?4 IS NULL OR s.outlet = ?4 COLLATE NOCASE)"                                    \
    " AND (?5 IS NULL OR d.outlet = ?5 COLLATE NOCASE)"                                    \
    " AND (?6 IS NULL OR s.outlet = ?6 COLLATE NOCASE OR d.outlet = ?6 COLLATE NOCASE)"    \
    " AND (?7 IS NULL OR d.published >= ?7)"                                               \
    " AND (?8 IS NULL OR substr(d.published, 1, length(?8)) <= ?8)"                        \
    " AND (?9 IS NULL OR r.relation = ?9) AND r.coverage >= ?10"                           \
    " AND (?11 = 0 OR (s.outlet IS NOT NULL AND d.outlet IS NOT NULL"                      \
    " AND s.outlet <> d.outlet COLLATE NOCASE))"
#define REUSE_ORDER                                                                         \
    " ORDER BY coalesce(d.published, d.ingested_at), d.article_id, r.is_primary DESC,"      \
    " r.coverage DESC, r.reuse_id"

/* Up to FP_MANY postings per INSERT: one statement per posting spent about
 * as much in SQLite's per-statement work as in the B-tree.  What is left
 * after the 64-row statements (47 postings per text on average) goes in
 * 16- and 4-row statements, and only the last 0-3 one by one. */
#define FP_MANY 64
#define FP_ROWS4 "(?,?),(?,?),(?,?),(?,?)"
#define FP_ROWS16 FP_ROWS4 "," FP_ROWS4 "," FP_ROWS4 "," FP_ROWS4
#define FP_ROWS64 FP_ROWS16 "," FP_ROWS16 "," FP_ROWS16 "," FP_ROWS16

static const char *const reuse_sql[R_COUNT] = {
    /* OR IGNORE: a text's hashes are distinct (distinct_hashes), so this
     * only guards against a text fingerprinted twice. */
    [R_FP_INSERT] = "INSERT OR IGNORE INTO fingerprints(hash, text_id) VALUES (?1, ?2)",
    [R_FP_INSERT_MANY] = "INSERT OR IGNORE INTO fingerprints(hash, text_id) VALUES " FP_ROWS64,
    [R_FP_INSERT_16] = "INSERT OR IGNORE INTO fingerprints(hash, text_id) VALUES " FP_ROWS16,
    [R_FP_INSERT_4] = "INSERT OR IGNORE INTO fingerprints(hash, text_id) VALUES " FP_ROWS4,
    /* The primary key (hash, text_id, pos) returns the texts in id order,
     * a text's repeats together; the caller stops reading past max_texts
     * (DISTINCT or ORDER BY would build a temporary b-tree per look-up). */
    [R_FP_TEXTS] = "SELECT text_id FROM fingerprints WHERE hash = ?1",
    [R_TEXT_WORDS] = "INSERT OR REPLACE INTO text_words(text_id, words, content_words, fingerprints)"
                     " VALUES (?1, ?2, ?3, ?4)",
    [R_ARTICLE] = "SELECT doc, url, published FROM articles WHERE article_id = ?1",
    /* The current articles of a candidate text that are not revisions of
     * the new one (same doc or URL); text_article() picks the earliest. */
    [R_TEXT_ARTICLE] = "SELECT article_id, published FROM articles WHERE text_id = ?1"
                       " AND is_current = 1 AND doc <> ?2 AND (?3 IS NULL OR url IS NULL OR url <> ?3)",
    [R_TEXT_BODY] = "SELECT hash, body FROM texts WHERE text_id = ?1",
    [R_REUSE_DELETE] = "DELETE FROM reuse WHERE source_article_id = ?1 AND derived_article_id = ?2",
    [R_REUSE_INSERT] = "INSERT INTO reuse(source_article_id, derived_article_id, relation, coverage,"
                       " source_coverage, is_primary, dated, score, detected_at)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7, ?8)",
    [R_PASSAGE_INSERT] = "INSERT INTO reuse_passages(reuse_id, seq, source_start, source_end,"
                         " derived_start, derived_end, source_char_start, source_char_end,"
                         " derived_char_start, derived_char_end, words)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [R_PRIMARY_CLEAR] = "UPDATE reuse SET is_primary = 0 WHERE derived_article_id = ?1 AND is_primary = 1",
    /* The primary source: verbatim first; then a source the dates show to
     * be earlier (dated) before one merely ingested earlier (undated, or
     * the same day: it may have been published after the derived text);
     * then, of dated ones, those published at most ?2 days before the
     * derived article (news is taken from the day's or week's stories; an
     * older story on the same subject shares its set phrases); then the
     * best coverage (to two decimals, so a copy that adds a byline does
     * not beat its original), then the earliest.  A date julianday cannot
     * read counts as recent. */
    [R_PRIMARY_BEST] = "SELECT r.reuse_id FROM reuse r JOIN articles s ON s.article_id = r.source_article_id"
                       " JOIN articles d ON d.article_id = r.derived_article_id"
                       " WHERE r.derived_article_id = ?1"
                       " ORDER BY r.relation = 'verbatim' DESC, r.dated DESC,"
                       " (?2 > 0 AND r.dated = 1 AND"
                       " coalesce(julianday(d.published) - julianday(s.published), 0) > ?2),"
                       " round(r.coverage, 2) DESC, s.published IS NULL, s.published, s.article_id"
                       " LIMIT 1",
    [R_PRIMARY_SET] = "UPDATE reuse SET is_primary = 1 WHERE reuse_id = ?1",
    [R_LIST_ALL] = REUSE_COLS " WHERE (?1 = 1 OR d.is_current = 1) AND (?2 = 0 OR r.is_primary = 1)"
                   REUSE_FILTERS REUSE_ORDER,
    [R_LIST_ARTICLE] = REUSE_COLS " WHERE r.reuse_id IN (SELECT reuse_id FROM reuse WHERE"
                       " source_article_id = ?3 UNION SELECT reuse_id FROM reuse WHERE"
                       " derived_article_id = ?3) AND (?2 = 0 OR r.is_primary = 1)" REUSE_FILTERS REUSE_ORDER,
    /* qt_store_reuse_outlets: R_LIST_ALL's pairs (or R_LIST_ARTICLE's when
     * ?3 is set) counted by outlet pair, most pairs first. */
    [R_BY_OUTLET] = "SELECT s.outlet, d.outlet, count(*), sum(r.relation = 'verbatim'),"
                    " sum(r.relation = 'wholly'), sum(r.relation = 'partial'), sum(r.is_primary),"
                    " avg(r.coverage), min(d.published), max(d.published)"
                    " FROM reuse r JOIN articles s ON s.article_id = r.source_article_id"
                    " JOIN articles d ON d.article_id = r.derived_article_id"
                    " WHERE (?1 = 1 OR d.is_current = 1) AND (?2 = 0 OR r.is_primary = 1)"
                    " AND (?3 IS NULL OR r.source_article_id = ?3 OR r.derived_article_id = ?3)"
                    REUSE_FILTERS
                    " GROUP BY s.outlet, d.outlet ORDER BY count(*) DESC, s.outlet, d.outlet",
    [R_PASSAGES] = "SELECT source_start, source_end, derived_start, derived_end, source_char_start,"
                   " source_char_end, derived_char_start, derived_char_end, words"
                   " FROM reuse_passages WHERE reuse_id = ?1 ORDER BY seq",
    [R_REF] = "SELECT article_id FROM articles WHERE doc = ?1 OR url = ?1 OR article_id = ?2"
              " ORDER BY is_current DESC, article_id DESC LIMIT 1",
    [R_PRIMARY_OF] = REUSE_COLS " WHERE r.derived_article_id = ?1 AND r.is_primary = 1",
    [R_ARTICLE_BODY] = "SELECT t.body FROM articles a JOIN texts t ON t.text_id = a.text_id"
                       " WHERE a.article_id = ?1",
};

const char *qt_reuse_relation_name(qt_reuse_relation r)
{
    switch (r) {
    case QT_REUSE_PARTIAL: return "partial";
    case QT_REUSE_WHOLLY: return "wholly";
    case QT_REUSE_VERBATIM: return "verbatim";
    case QT_REUSE_NONE: break;
    }
    return "none";
}

qt_reuse_relation qt_reuse_relation_parse(const char *name)
{
    if (!name) return QT_REUSE_NONE;
    if (strcmp(name, "partial") == 0) return QT_REUSE_PARTIAL;
    if (strcmp(name, "wholly") == 0) return QT_REUSE_WHOLLY;
    if (strcmp(name, "verbatim") == 0) return QT_REUSE_VERBATIM;
    return QT_REUSE_NONE;
}

void qt_reuse_params_default(qt_reuse_params *p)
{
    /* Shingles of two content words and a window of three: Urdu rewrites
     * (COUNTER) share few longer runs, and three-word shingles missed a
     * third of the partially derived texts.  A shared fingerprint still
     * guarantees a common run of w + k - 1 = 4 content words. */
    p->enabled = 1;
    p->shingle = 2;
    p->window = 3;
    p->max_texts = 100;
    /* Eight texts aligned per new text: with the IDF weights of
     * find_candidates() every COUNTER source that shares a fingerprint with
     * its derived text ranks within the first 8 (16 changed nothing more
     * there, and added 22 borderline `partial` pairs on BBC-2225). */
    p->max_candidates = 8;
    p->min_shared = 1;
    qt_align_params_default(&p->align);
    p->min_longest = 4;
    /* Seven tenths of the derived text in passages: wholly; a third:
     * partial (the best cut-offs on COUNTER are 0.72 and 0.32). */
    p->wholly = 0.70;
    p->partial = 1.0 / 3.0;
    p->long_passage = 20;
    /* A week: a news cycle, fixed before measuring (COUNTER: 1-3 days give
     * one more right primary source, 14-30 the same, none two fewer; see
     * the README). */
    p->primary_days = 7.0;
}

qt_reuse_relation qt_reuse_classify(const qt_alignment *a, const qt_reuse_params *p)
{
    if (a->identical && a->d_content > 0) return QT_REUSE_VERBATIM;
    size_t longest = 0;
    for (size_t i = 0; i < a->count; i++)
        if (a->items[i].anchors > longest) longest = a->items[i].anchors;
    if (longest == 0 || longest < p->min_longest) return QT_REUSE_NONE;
    if (a->coverage >= p->wholly) return QT_REUSE_WHOLLY;
    if (a->coverage >= p->partial) return QT_REUSE_PARTIAL;
    if (p->long_passage && longest >= p->long_passage) return QT_REUSE_PARTIAL;
    return QT_REUSE_NONE;
}

int qt_reuse_source_side(const char *pub_a, int64_t id_a, const char *pub_b, int64_t id_b,
                         int *dated)
{
    *dated = 0;
    if (pub_a && pub_b && *pub_a && *pub_b) {
        /* ISO 8601 compares as text; a bare date only says which day. */
        size_t la = strlen(pub_a), lb = strlen(pub_b);
        size_t n = (la <= 10 || lb <= 10) ? 10 : (la > lb ? la : lb);
        int c = strncmp(pub_a, pub_b, n);
        if (c != 0) {
            *dated = 1;
            return c < 0 ? 0 : 1;
        }
    }
    return id_a <= id_b ? 0 : 1;
}

/* ---- state -------------------------------------------------------------- */

struct qt_reuse *qt_reuse_state(qt_store *s, qt_error *err)
{
    if (s->reuse) return s->reuse;
    struct qt_reuse *r = calloc(1, sizeof *r);
    if (!r) {
        qt_error_set(err, QT_ERR_NOMEM, "out of memory");
        return NULL;
    }
    qt_reuse_params_default(&r->p);
    s->reuse = r;
    return r;
}

sqlite3_stmt *qt_reuse_stmt(qt_store *s, qt_reuse_sql id, qt_error *err)
{
    struct qt_reuse *r = qt_reuse_state(s, err);
    if (!r) return NULL;
    return qt_store_cached_stmt(s, &r->st[id], reuse_sql[id], "preparing a reuse statement", err);
}

static void cache_slot_clear(qt_reuse_cached *c)
{
    free(c->body);
    qt_word_list_clear(&c->words);
    memset(c, 0, sizeof *c);
}

void qt_reuse_free(struct qt_reuse *r)
{
    if (!r) return;
    for (int i = 0; i < R_COUNT; i++) sqlite3_finalize(r->st[i]);
    for (int i = 0; i < QT_REUSE_CACHE; i++) cache_slot_clear(&r->cache[i]);
    qt_wordizer_free(r->wz);
    qt_fp_list_clear(&r->fps);
    free(r->uniq);
    free(r->hits);
    free(r);
}

qt_status qt_store_reuse_setup(qt_store *s, const qt_patterns *pats, const qt_reuse_params *p,
                               qt_error *err)
{
    struct qt_reuse *r = qt_reuse_state(s, err);
    if (!r) return QT_ERR_NOMEM;
    if (p && (p->shingle == 0 || p->window == 0 || p->shingle > 16))
        return qt_error_set(err, QT_ERR_USAGE, "reuse: shingle size and window must be 1..16");
    if (pats) {
        qt_wordizer *wz = qt_wordizer_create(pats, err);
        if (!wz) return err ? err->code : QT_ERR_PATTERN;
        qt_wordizer_free(r->wz);
        r->wz = wz;
    }
    if (p) r->p = *p;
    return QT_OK;
}

/* The wordizer, from the embedded stop words unless setup gave others. */
static qt_status wordizer(struct qt_reuse *r, qt_error *err)
{
    if (r->wz) return QT_OK;
    qt_patterns *pats = qt_patterns_load(NULL, err);
    if (!pats) return err ? err->code : QT_ERR_PATTERN;
    r->wz = qt_wordizer_create(pats, err);
    qt_patterns_free(pats);
    return r->wz ? QT_OK : (err ? err->code : QT_ERR_PATTERN);
}

/* ---- the words of stored texts ----------------------------------------- */

static qt_reuse_cached *cache_find(struct qt_reuse *r, int64_t text_id, const char *hash)
{
    for (int i = 0; i < QT_REUSE_CACHE; i++) {
        qt_reuse_cached *c = &r->cache[i];
        if (c->text_id == text_id && strcmp(c->hash, hash) == 0) {
            c->used = ++r->clock;
            return c;
        }
    }
    return NULL;
}

/* Takes over body and words (both emptied) into the least recently used slot. */
static qt_reuse_cached *cache_put(struct qt_reuse *r, int64_t text_id, const char *hash,
                                  char *body, size_t len, qt_word_list *words)
{
    qt_reuse_cached *c = &r->cache[0];
    for (int i = 1; i < QT_REUSE_CACHE; i++)
        if (r->cache[i].used < c->used) c = &r->cache[i];
    cache_slot_clear(c);
    c->text_id = text_id;
    snprintf(c->hash, sizeof c->hash, "%s", hash);
    c->body = body;
    c->len = len;
    c->words = *words;
    memset(words, 0, sizeof *words);
    c->used = ++r->clock;
    return c;
}

/* The words of stored text text_id, from the cache or split again. */
static qt_status text_words(qt_store *s, struct qt_reuse *r, int64_t text_id,
                            qt_reuse_cached **out, qt_error *err)
{
    sqlite3_stmt *st = qt_reuse_stmt(s, R_TEXT_BODY, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    sqlite3_bind_int64(st, 1, text_id);
    int rc = sqlite3_step(st);
    *out = NULL;
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? QT_OK : qt_store_fail(s, rc, "reading a text", err);
    }
    const char *hash = qt_store_col_text(st, 0);
    if (!hash) hash = "";
    if ((*out = cache_find(r, text_id, hash)) != NULL) {
        sqlite3_reset(st);
        return QT_OK;
    }
    size_t len = (size_t)sqlite3_column_bytes(st, 1);
    const char *body = qt_store_col_text(st, 1);
    char *copy = malloc(len + 1);
    char h[33];
    snprintf(h, sizeof h, "%s", hash);
    if (!copy) {
        sqlite3_reset(st);
        return qt_error_set(err, QT_ERR_NOMEM, "out of memory reading a text");
    }
    memcpy(copy, body ? body : "", len);
    copy[len] = '\0';
    sqlite3_reset(st);
    qt_word_list words = {0};
    qt_status status = qt_words_split(r->wz, copy, len, &words, err);
    if (status != QT_OK) {
        free(copy);
        qt_word_list_clear(&words);
        return status;
    }
    *out = cache_put(r, text_id, h, copy, len, &words);
    return QT_OK;
}

/* ---- storing pairs ------------------------------------------------------ */

typedef struct {
    int64_t article_id;
    char *doc, *url, *published;
} art_info;

static void art_info_free(art_info *a)
{
    free(a->doc);
    free(a->url);
    free(a->published);
    memset(a, 0, sizeof *a);
}

static char *dup_col(sqlite3_stmt *st, int col, int *oom)
{
    const char *v = qt_store_col_text(st, col);
    if (!v) return NULL;
    char *d = strdup(v);
    if (!d) *oom = 1;
    return d;
}

static qt_status article_info(qt_store *s, int64_t article_id, art_info *a, qt_error *err)
{
    memset(a, 0, sizeof *a);
    sqlite3_stmt *st = qt_reuse_stmt(s, R_ARTICLE, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    sqlite3_bind_int64(st, 1, article_id);
    int rc = sqlite3_step(st), oom = 0;
    if (rc == SQLITE_ROW) {
        a->article_id = article_id;
        a->doc = dup_col(st, 0, &oom);
        a->url = dup_col(st, 1, &oom);
        a->published = dup_col(st, 2, &oom);
        rc = SQLITE_DONE;
    }
    sqlite3_reset(st);
    if (oom) {
        art_info_free(a);
        return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    }
    return rc == SQLITE_DONE ? QT_OK : qt_store_fail(s, rc, "reading an article", err);
}

/* 1 when an article published pub (NULL: undated) with id comes before
 * the one in best: dated before undated, then by date, then ingest order. */
static int earlier(const char *pub, int64_t id, const art_info *best)
{
    if (!best->article_id) return 1;
    if (!pub != !best->published) return pub != NULL;
    int c = pub ? strcmp(pub, best->published) : 0;
    return c < 0 || (c == 0 && id < best->article_id);
}

/* The article standing for text_id in a pair with `self`: the earliest of
 * its current articles that are not self's document (see R_TEXT_ARTICLE);
 * other->article_id 0 when there is none.  Usually there is one row, so it
 * is picked here rather than sorted in SQL. */
static qt_status text_article(qt_store *s, int64_t text_id, const art_info *self, art_info *other,
                              qt_error *err)
{
    memset(other, 0, sizeof *other);
    sqlite3_stmt *st = qt_reuse_stmt(s, R_TEXT_ARTICLE, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    sqlite3_bind_int64(st, 1, text_id);
    qt_store_bind_text(st, 2, self->doc ? self->doc : "");
    qt_store_bind_text(st, 3, self->url);
    int rc, oom = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        const char *pub = qt_store_col_text(st, 1);
        if (!earlier(pub, id, other)) continue;
        free(other->published);
        other->article_id = id;
        other->published = dup_col(st, 1, &oom);
    }
    sqlite3_reset(st);
    if (oom) {
        art_info_free(other);
        return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    }
    return rc == SQLITE_DONE ? QT_OK : qt_store_fail(s, rc, "finding a candidate's article", err);
}

/* Makes the derived article's best source (see R_PRIMARY_BEST) its primary. */
static qt_status update_primary(qt_store *s, int64_t derived, qt_error *err)
{
    const struct qt_reuse *r = s->reuse;
    sqlite3_stmt *st = qt_reuse_stmt(s, R_PRIMARY_CLEAR, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    sqlite3_bind_int64(st, 1, derived);
    QT_TRY(qt_store_exec_stmt(s, st, "updating the primary source", err));
    if (!(st = qt_reuse_stmt(s, R_PRIMARY_BEST, err))) return err ? err->code : QT_ERR_DB;
    sqlite3_bind_int64(st, 1, derived);
    sqlite3_bind_double(st, 2, r ? r->p.primary_days : 0.0);
    int rc = sqlite3_step(st);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return qt_store_fail(s, rc, "choosing the primary source", err);
    if (!id) return QT_OK;
    if (!(st = qt_reuse_stmt(s, R_PRIMARY_SET, err))) return err ? err->code : QT_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    return qt_store_exec_stmt(s, st, "setting the primary source", err);
}

/* One side of a pair as stored: the article and its text. */
typedef struct {
    int64_t article_id;
    const char *text;
    size_t len;
} side;

typedef struct {
    size_t byte;
    size_t *chars;      /* where its code point offset goes */
} offset_ref;

static int cmp_offset(const void *a, const void *b)
{
    const offset_ref *x = a, *y = b;
    return x->byte < y->byte ? -1 : x->byte > y->byte;
}

/* Code point offsets of n byte offsets into text, in one pass over the
 * text however many passages there are. */
static void char_offsets(const char *text, size_t len, offset_ref *refs, size_t n)
{
    qsort(refs, n, sizeof *refs, cmp_offset);
    size_t at = 0, chars = 0;
    for (size_t i = 0; i < n; i++) {
        size_t to = refs[i].byte < len ? refs[i].byte : len;
        for (; at < to; at++) chars += ((unsigned char)text[at] & 0xC0) != 0x80;
        *refs[i].chars = chars;
    }
}

static qt_status insert_pair(qt_store *s, int64_t source, int64_t derived, qt_reuse_relation rel,
                             double coverage, double source_coverage, int dated, int64_t *id,
                             qt_error *err)
{
    sqlite3_stmt *st = qt_reuse_stmt(s, R_REUSE_DELETE, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    sqlite3_bind_int64(st, 1, source);
    sqlite3_bind_int64(st, 2, derived);
    QT_TRY(qt_store_exec_stmt(s, st, "replacing a reuse pair", err));
    if (!(st = qt_reuse_stmt(s, R_REUSE_INSERT, err))) return err ? err->code : QT_ERR_DB;
    char now[32];
    qt_store_now(now);
    sqlite3_bind_int64(st, 1, source);
    sqlite3_bind_int64(st, 2, derived);
    qt_store_bind_text(st, 3, qt_reuse_relation_name(rel));
    sqlite3_bind_double(st, 4, coverage);
    sqlite3_bind_double(st, 5, source_coverage);
    sqlite3_bind_int(st, 6, dated);
    sqlite3_bind_double(st, 7, coverage);
    qt_store_bind_text(st, 8, now);
    QT_TRY(qt_store_exec_stmt(s, st, "storing a reuse pair", err));
    *id = sqlite3_last_insert_rowid(s->db);
    return QT_OK;
}

static qt_status insert_passage(qt_store *s, int64_t reuse_id, size_t seq, const qt_reuse_passage *p,
                                qt_error *err)
{
    sqlite3_stmt *st = qt_reuse_stmt(s, R_PASSAGE_INSERT, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    const size_t v[] = {p->source_start,      p->source_end,      p->derived_start,
                        p->derived_end,       p->source_char_start, p->source_char_end,
                        p->derived_char_start, p->derived_char_end, p->words};
    sqlite3_bind_int64(st, 1, reuse_id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)seq);
    for (int i = 0; i < 9; i++) sqlite3_bind_int64(st, 3 + i, (sqlite3_int64)v[i]);
    return qt_store_exec_stmt(s, st, "storing a reuse passage", err);
}

/* Stores an aligned pair with its passages (offsets into both texts). */
static qt_status store_aligned(qt_store *s, const side *src, const side *der,
                               qt_reuse_relation rel, const qt_alignment *al, int dated,
                               qt_error *err)
{
    int64_t id;
    QT_TRY(insert_pair(s, src->article_id, der->article_id, rel, al->coverage,
                       al->source_coverage, dated, &id, err));
    qt_reuse_passage *ps = calloc(al->count ? al->count : 1, sizeof *ps);
    offset_ref *refs = malloc((al->count ? al->count : 1) * 2 * sizeof *refs);
    qt_status status = QT_OK;
    if (!ps || !refs) {
        status = qt_error_set(err, QT_ERR_NOMEM, "out of memory storing passages");
        goto done;
    }
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < al->count; i++) {
            const qt_passage *p = &al->items[i];
            ps[i].source_start = p->s_start;
            ps[i].source_end = p->s_end;
            ps[i].derived_start = p->d_start;
            ps[i].derived_end = p->d_end;
            ps[i].words = p->d_last - p->d_first + 1;
            refs[2 * i] = pass ? (offset_ref){p->d_start, &ps[i].derived_char_start}
                               : (offset_ref){p->s_start, &ps[i].source_char_start};
            refs[2 * i + 1] = pass ? (offset_ref){p->d_end, &ps[i].derived_char_end}
                                   : (offset_ref){p->s_end, &ps[i].source_char_end};
        }
        const side *sd = pass ? der : src;
        char_offsets(sd->text, sd->len, refs, 2 * al->count);
    }
    for (size_t i = 0; i < al->count && status == QT_OK; i++)
        status = insert_passage(s, id, i, &ps[i], err);
    if (status == QT_OK) status = update_primary(s, der->article_id, err);
done:
    free(ps);
    free(refs);
    return status;
}

/* ---- detection ---------------------------------------------------------- */

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static int cmp_hit(const void *a, const void *b)
{
    const qt_reuse_hit *x = a, *y = b;
    return x->text_id < y->text_id ? -1 : x->text_id > y->text_id;
}

typedef struct {
    int64_t text_id;
    size_t shared;
    double score;
} candidate;

/* Highest score first; the older text on ties. */
static int cmp_candidate(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return x->text_id < y->text_id ? -1 : x->text_id > y->text_id;
}

/* At most this many (text, shared fingerprint) hits per new text: a huge or
 * hostile text whose every fingerprint is in many texts stops collecting
 * leads here (16 MB) instead of growing without bound. */
#define MAX_HITS ((size_t)1 << 20)

static qt_status add_hit(struct qt_reuse *r, int64_t text_id, double weight, qt_error *err)
{
    if (r->nhits >= MAX_HITS) return QT_OK;
    if (r->nhits == r->hits_cap) {
        size_t cap = r->hits_cap ? r->hits_cap * 2 : 256;
        qt_reuse_hit *h = realloc(r->hits, cap * sizeof *h);
        if (!h) return qt_error_set(err, QT_ERR_NOMEM, "out of memory finding candidates");
        r->hits = h;
        r->hits_cap = cap;
    }
    r->hits[r->nhits++] = (qt_reuse_hit){text_id, weight};
    return QT_OK;
}

/* Looks the fingerprints up (each distinct hash once) and leaves in *out
 * (malloc'ed, *n entries) the best candidates.  A shared fingerprint
 * weighs its inverse document frequency, log(N / texts it is in): one found
 * in a single other text is strong evidence, one that many stories on the
 * topic share ("one day", "prime minister") weaker.  It replaced
 * 1/sqrt(texts it is in), which let two or three rare fingerprints shared
 * by chance outrank a real source's dozen commoner ones: on COUNTER three
 * sources of derived texts ranked 13th, 21st and 28th (now all sources
 * that share a fingerprint rank within the first 8), and 16 candidates
 * with the old weights found what 8 find now, for a fifth more CPU time
 * per article. */
static qt_status find_candidates(qt_store *s, struct qt_reuse *r, int64_t self, candidate **out,
                                 size_t *n, qt_error *err)
{
    *out = NULL;
    *n = 0;
    r->nhits = 0;
    if (r->nuniq == 0) return QT_OK;
    int64_t *found = malloc((r->p.max_texts + 1) * sizeof *found);
    qt_status status = QT_OK;
    if (!found) {
        status = qt_error_set(err, QT_ERR_NOMEM, "out of memory finding candidates");
        goto done;
    }
    for (size_t i = 0; i < r->nuniq; i++) {
        sqlite3_stmt *st = qt_reuse_stmt(s, R_FP_TEXTS, err);
        if (!st) {
            status = err ? err->code : QT_ERR_DB;
            goto done;
        }
        sqlite3_bind_int64(st, 1, (sqlite3_int64)r->uniq[i]);
        size_t nfound = 0;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            int64_t t = sqlite3_column_int64(st, 0);
            if (t == self || (nfound && found[nfound - 1] == t)) continue;
            found[nfound++] = t;
            if (nfound > r->p.max_texts) {
                rc = SQLITE_DONE;       /* boilerplate: stop reading */
                break;
            }
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) {
            status = qt_store_fail(s, rc, "looking up fingerprints", err);
            goto done;
        }
        /* Boilerplate: in too many texts to lead anywhere. */
        if (nfound == 0 || nfound > r->p.max_texts) continue;
        /* Inverse document frequency, log(N / texts having it), N the new
         * text's id (texts are numbered in storing order, so it bounds how
         * many are stored, without a count).  The floor keeps a weight
         * positive when ids were skipped (a rolled-back batch). */
        double weight = log((double)(self > 0 ? self : 1) / (double)nfound);
        if (weight < 0.1) weight = 0.1;
        for (size_t k = 0; k < nfound; k++)
            if ((status = add_hit(r, found[k], weight, err)) != QT_OK) goto done;
    }
    if (r->nhits == 0) goto done;
    qsort(r->hits, r->nhits, sizeof *r->hits, cmp_hit);
    size_t groups = 0;
    for (size_t i = 0; i < r->nhits; i++) groups += !i || r->hits[i].text_id != r->hits[i - 1].text_id;
    candidate *c = malloc(groups * sizeof *c);
    if (!c) {
        status = qt_error_set(err, QT_ERR_NOMEM, "out of memory finding candidates");
        goto done;
    }
    size_t g = 0;
    for (size_t i = 0; i < r->nhits; i++) {
        if (!i || r->hits[i].text_id != r->hits[i - 1].text_id)
            c[g++] = (candidate){r->hits[i].text_id, 0, 0.0};
        c[g - 1].shared++;
        c[g - 1].score += r->hits[i].weight;
    }
    /* Too few shared fingerprints: not a candidate at all. */
    size_t kept = 0;
    for (size_t i = 0; i < groups; i++)
        if (c[i].shared >= r->p.min_shared) c[kept++] = c[i];
    qsort(c, kept, sizeof *c, cmp_candidate);
    *out = c;
    *n = kept < r->p.max_candidates ? kept : r->p.max_candidates;
done:
    free(found);
    return status;
}

/* The new text's distinct fingerprint hashes, ascending, into r->uniq:
 * both the look-up and the postings want each hash once (a text repeats
 * phrases). */
static qt_status distinct_hashes(struct qt_reuse *r, qt_error *err)
{
    size_t nf = r->fps.count;
    r->nuniq = 0;
    if (nf > r->uniq_cap) {
        uint64_t *u = realloc(r->uniq, nf * sizeof *u);
        if (!u) return qt_error_set(err, QT_ERR_NOMEM, "out of memory sorting fingerprints");
        r->uniq = u;
        r->uniq_cap = nf;
    }
    for (size_t i = 0; i < nf; i++) r->uniq[i] = r->fps.items[i].hash;
    if (nf) qsort(r->uniq, nf, sizeof *r->uniq, cmp_u64);
    for (size_t i = 0; i < nf; i++)
        if (!i || r->uniq[i] != r->uniq[r->nuniq - 1]) r->uniq[r->nuniq++] = r->uniq[i];
    return QT_OK;
}

/* One posting (hash, text) per distinct hash (db/008_fingerprint_postings.sql:
 * nothing reads a fingerprint's position, so it is not stored). */
static qt_status store_fingerprints(qt_store *s, struct qt_reuse *r, int64_t text_id,
                                    size_t words, size_t content, qt_error *err)
{
    static const struct {
        qt_reuse_sql id;
        size_t rows;
    } chunks[] = {{R_FP_INSERT_MANY, FP_MANY}, {R_FP_INSERT_16, 16}, {R_FP_INSERT_4, 4},
                  {R_FP_INSERT, 1}};
    size_t i = 0;
    for (size_t c = 0; c < sizeof chunks / sizeof *chunks; c++) {
        for (; i + chunks[c].rows <= r->nuniq; i += chunks[c].rows) {
            sqlite3_stmt *st = qt_reuse_stmt(s, chunks[c].id, err);
            if (!st) return err ? err->code : QT_ERR_DB;
            for (size_t k = 0; k < chunks[c].rows; k++) {
                sqlite3_bind_int64(st, (int)(2 * k + 1), (sqlite3_int64)r->uniq[i + k]);
                sqlite3_bind_int64(st, (int)(2 * k + 2), text_id);
            }
            QT_TRY(qt_store_exec_stmt(s, st, "storing fingerprints", err));
        }
    }
    sqlite3_stmt *st = qt_reuse_stmt(s, R_TEXT_WORDS, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    sqlite3_bind_int64(st, 1, text_id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)words);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)content);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)r->nuniq);
    return qt_store_exec_stmt(s, st, "storing word counts", err);
}

/* Aligns the new article with one candidate text and stores the pair when
 * it is reuse. */
static qt_status compare(qt_store *s, struct qt_reuse *r, const art_info *self, const side *mine,
                         const qt_word_list *my_words, int64_t cand_text, qt_error *err)
{
    art_info other;
    QT_TRY(text_article(s, cand_text, self, &other, err));
    if (!other.article_id) return QT_OK;
    qt_reuse_cached *c = NULL;
    qt_alignment al = {0};
    side theirs = {other.article_id, NULL, 0};
    qt_status status = text_words(s, r, cand_text, &c, err);
    if (status != QT_OK || !c) goto done;
    theirs.text = c->body;
    theirs.len = c->len;
    int dated;
    int mine_is_source =
        qt_reuse_source_side(self->published, self->article_id, other.published,
                             other.article_id, &dated) == 0;
    const qt_word_list *dw = mine_is_source ? &c->words : my_words;
    const qt_word_list *sw = mine_is_source ? my_words : &c->words;
    status = qt_align(dw->items, dw->count, sw->items, sw->count, &r->p.align, &al, err);
    if (status != QT_OK) goto done;
    qt_reuse_relation rel = qt_reuse_classify(&al, &r->p);
    if (rel != QT_REUSE_NONE)
        status = mine_is_source ? store_aligned(s, mine, &theirs, rel, &al, dated, err)
                                : store_aligned(s, &theirs, mine, rel, &al, dated, err);
done:
    /* A long text is not worth its memory in the cache. */
    if (c && c->len > QT_REUSE_CACHE_TEXT_MAX) cache_slot_clear(c);
    qt_alignment_clear(&al);
    art_info_free(&other);
    return status;
}

static qt_status detect(qt_store *s, struct qt_reuse *r, const art_info *self, int64_t text_id,
                        const char *text, size_t len, qt_error *err)
{
    qt_word_list words = {0};
    candidate *cands = NULL;
    size_t ncands = 0, content = 0;
    side mine = {self->article_id, text, len};
    qt_status status = qt_words_split(r->wz, text, len, &words, err);
    if (status == QT_OK)
        status = qt_fingerprints(words.items, words.count, r->p.shingle, r->p.window, &r->fps,
                                 &content, err);
    if (status == QT_OK) status = distinct_hashes(r, err);
    /* Candidates before storing: the text must not find itself. */
    if (status == QT_OK) status = find_candidates(s, r, text_id, &cands, &ncands, err);
    if (status == QT_OK) status = store_fingerprints(s, r, text_id, words.count, content, err);
    for (size_t i = 0; i < ncands && status == QT_OK; i++)
        status = compare(s, r, self, &mine, &words, cands[i].text_id, err);
    /* The new text is the likeliest candidate of the next few: keep its words. */
    if (status == QT_OK && len <= QT_REUSE_CACHE_TEXT_MAX) {
        char hash[33];
        qt_store_hash(text, len, hash);
        char *body = malloc(len + 1);
        if (body) {
            memcpy(body, text, len);
            body[len] = '\0';
            cache_put(r, text_id, hash, body, len, &words);
        }
    }
    qt_word_list_clear(&words);
    free(cands);
    return status;
}

/* A verbatim copy: one passage over the whole text. */
static qt_status record_copy(qt_store *s, struct qt_reuse *r, const art_info *self, int64_t text_id,
                             const char *text, size_t len, qt_error *err)
{
    art_info other;
    QT_TRY(text_article(s, text_id, self, &other, err));
    if (!other.article_id) return QT_OK;
    int dated;
    int mine_is_source = qt_reuse_source_side(self->published, self->article_id, other.published,
                                              other.article_id, &dated) == 0;
    int64_t src = mine_is_source ? self->article_id : other.article_id;
    int64_t der = mine_is_source ? other.article_id : self->article_id;
    art_info_free(&other);
    qt_word_list words = {0};
    int64_t id;
    QT_TRY(qt_words_split(r->wz, text, len, &words, err));
    size_t nwords = words.count;
    qt_word_list_clear(&words);
    QT_TRY(insert_pair(s, src, der, QT_REUSE_VERBATIM, 1.0, 1.0, dated, &id, err));
    size_t chars = qt_utf8_count(text, len);
    qt_reuse_passage p = {0, len, 0, len, 0, chars, 0, chars, nwords};
    QT_TRY(insert_passage(s, id, 0, &p, err));
    return update_primary(s, der, err);
}

qt_status qt_reuse_ingested(qt_store *s, int64_t article_id, int64_t text_id, int new_text,
                            const char *text, size_t len, qt_error *err)
{
    struct qt_reuse *r = qt_reuse_state(s, err);
    if (!r) return QT_ERR_NOMEM;
    if (!r->p.enabled) return QT_OK;
    QT_TRY(wordizer(r, err));
    art_info self;
    QT_TRY(article_info(s, article_id, &self, err));
    if (!self.article_id) return QT_OK;
    qt_status st = new_text ? detect(s, r, &self, text_id, text, len, err)
                            : record_copy(s, r, &self, text_id, text, len, err);
    art_info_free(&self);
    return st;
}
