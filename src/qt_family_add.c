/*
 * qt_family_add.c - placing a new text's quotes into families: candidates
 * from the term index, the pairs weighed with the rules of qt_family.c,
 * joins, merges, attribution conflicts, and the index kept up to date (see
 * qt_family.h).
 */
#include "qt_family_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Candidates: a quote is indexed under, and looks up, its TERM_KEYS
 * smallest distinct content keys (a bottom-k sketch: the same words give the
 * same keys, and a long claim costs no more than a short one); per key the
 * TERM_POSTINGS newest postings are read, and the MAX_CANDIDATES quotes
 * sharing the largest part of their keys (at least MIN_SHARED: every rule
 * needs 4 content words in common) are compared. */
#define TERM_KEYS 32
#define TERM_POSTINGS FAM_TERM_POSTINGS
#define MAX_CANDIDATES 12
#define MIN_SHARED 3

static int cmp_key(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Sorted distinct content keys of t into out (capacity QT_QDIFF_MAX_CONTENT). */
static size_t distinct_keys(const qt_qtext *t, uint64_t *out)
{
    memcpy(out, t->content, t->ncontent * sizeof *out);
    qsort(out, t->ncontent, sizeof *out, cmp_key);
    size_t n = 0;
    for (size_t i = 0; i < t->ncontent; i++)
        if (n == 0 || out[n - 1] != out[i]) out[n++] = out[i];
    return n;
}

/* ---- candidates ------------------------------------------------------ */

typedef struct {
    int64_t id;
    size_t keys;        /* keys the quote is indexed under */
    size_t hits;        /* of them, shared with the new quote */
    double share;       /* hits / the smaller key count */
} hit;

/* Postings are counted per quote in an open-addressed table rather than
 * sorted by id: there are up to TERM_KEYS * TERM_POSTINGS of them for every
 * new quote (counting saved 3.5% of ingest's instructions).  POST_SLOTS is a
 * power of two at least twice that, so the table never fills. */
#define POST_SLOTS 1024
_Static_assert(POST_SLOTS >= 2 * TERM_KEYS * TERM_POSTINGS, "posting table too small");

static size_t post_slot(int64_t id)
{
    uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 54) & (POST_SLOTS - 1);
}

static int cmp_hit(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->share != y->share) return x->share > y->share ? -1 : 1;
    return x->id > y->id ? -1 : x->id < y->id; /* newer first */
}

qt_status fam_candidates(qt_store *s, const qt_qtext *t, size_t max, size_t min_shared,
                         int64_t **ids_out, size_t *n_out, qt_error *err)
{
    *ids_out = NULL;
    *n_out = 0;
    uint64_t keys[QT_QDIFF_MAX_CONTENT];
    size_t nkeys = distinct_keys(t, keys);
    if (nkeys > TERM_KEYS) nkeys = TERM_KEYS;
    if (nkeys == 0) return QT_OK;
    /* post: one entry per distinct quote, in the order first seen; slot:
     * index + 1 into post of the quote hashed there, 0 when free. */
    hit *post = malloc(nkeys * TERM_POSTINGS * sizeof *post);
    uint16_t slot[POST_SLOTS] = {0};
    int64_t *ids = malloc(max * sizeof *ids);
    if (!post || !ids) {
        free(post);
        free(ids);
        return qt_error_set(err, QT_ERR_NOMEM, "out of memory finding candidates");
    }
    size_t np = 0;
    qt_status status = QT_OK;
    for (size_t k = 0; k < nkeys && status == QT_OK; k++) {
        fam_posting buf[TERM_POSTINGS];
        const fam_posting *pl;
        size_t npl;
        if ((status = fam_term_postings(s, keys[k], buf, &pl, &npl, err)) != QT_OK) break;
        for (size_t r = 0; r < npl; r++) {
            int64_t id = pl[r].quote_id;
            size_t h = post_slot(id);
            while (slot[h] && post[slot[h] - 1].id != id) h = (h + 1) & (POST_SLOTS - 1);
            if (slot[h]) {
                post[slot[h] - 1].hits++;
                continue;
            }
            /* TERM_POSTINGS per key: np stays below the capacity. */
            if (np == nkeys * TERM_POSTINGS) continue;
            post[np] = (hit){id, (size_t)pl[r].keys, 1, 0.0};
            slot[h] = (uint16_t)++np;
        }
    }
    if (status != QT_OK) {
        free(post);
        free(ids);
        return status;
    }
    /* Every rule needs a good share of the shorter text's words in common
     * (at least 0.4 of them, or 6); 0.3 leaves room for postings cut off by
     * TERM_POSTINGS. */
    size_t nh = 0;
    for (size_t i = 0; i < np; i++) {
        size_t hits = post[i].hits, fewer = post[i].keys < nkeys ? post[i].keys : nkeys;
        if (fewer == 0) fewer = 1;
        if (hits >= min_shared && (double)hits >= 0.3 * (double)fewer) {
            post[nh] = post[i];
            post[nh].share = (double)hits / (double)fewer;
            nh++;
        }
    }
    qsort(post, nh, sizeof *post, cmp_hit);
    if (nh > max) nh = max;
    for (size_t i = 0; i < nh; i++) ids[i] = post[i].id;
    free(post);
    *ids_out = ids;
    *n_out = nh;
    return QT_OK;
}

/* ---- assigning a new quote ------------------------------------------- */

/* A candidate the new quote may join. */
typedef struct {
    int64_t family_id;
    qt_family_speaker family_speaker;
    int strict;
    double score;
    int same_wording;
} join_option;

static int better(const join_option *a, const join_option *b)
{
    if (a->strict != b->strict) return a->strict > b->strict;
    return a->score > b->score;
}

static qt_status exec_ids(qt_store *s, fam_sql id, int64_t a, int64_t b, const char *what,
                          qt_error *err)
{
    sqlite3_stmt *st = fam_stmt(s, id, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    sqlite3_bind_int64(st, 1, a);
    if (b) sqlite3_bind_int64(st, 2, b);
    return qt_store_exec_stmt(s, st, what, err);
}

static qt_status add_conflict(qt_store *s, const char *kind, int64_t quote_id, int64_t other,
                              int64_t family_id, const char *detail, qt_error *err)
{
    sqlite3_stmt *st = fam_stmt(s, FS_ADD_CONFLICT, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    char now[32];
    qt_store_now(now);
    qt_store_bind_text(st, 1, kind);
    sqlite3_bind_int64(st, 2, quote_id);
    sqlite3_bind_int64(st, 3, other);
    if (family_id) sqlite3_bind_int64(st, 4, family_id);
    qt_store_bind_text(st, 5, detail);
    qt_store_bind_text(st, 6, now);
    return qt_store_exec_stmt(s, st, "recording a conflict", err);
}

static int fam_order(const fam_quote *a, const fam_quote *b)
{
    char ka[FAM_KEY_MAX], kb[FAM_KEY_MAX];
    fam_key(ka, a->dated, a->published, a->article_id, a->seq, a->quote_id);
    fam_key(kb, b->dated, b->published, b->article_id, b->seq, b->quote_id);
    return strcmp(ka, kb);
}

/* An attribution conflict found while comparing, written once the new
 * quote has its family.  The later instance is the one flagged, so the
 * record does not depend on which article came in first. */
typedef struct {
    int64_t quote_id, other_quote_id;
    char detail[512];
} pending_conflict;

/* Same claim, two different people: a flag for the fact-checker. */
static void attribution(const fam_quote *q, const fam_quote *c, const qt_qsim *sim,
                        pending_conflict *out, int *found)
{
    long days = fam_days_apart(q, c);
    *found = 0;
    if (!strcmp(q->kind, "partial") || !strcmp(c->kind, "partial")) return;
    if (sim->na < 4 || sim->nb < 4 || days > 7) return;
    const fam_quote *later = fam_order(q, c) > 0 ? q : c, *earlier = later == q ? c : q;
    out->quote_id = later->quote_id;
    out->other_quote_id = earlier->quote_id;
    snprintf(out->detail, sizeof out->detail,
             "the same claim is credited to %s here and to %s in %s (quote #%lld); "
             "similarity %.2f",
             later->speaker.name ? later->speaker.name : "?",
             earlier->speaker.name ? earlier->speaker.name : "?",
             earlier->doc ? earlier->doc : "?", (long long)earlier->quote_id, sim->dice);
    *found = 1;
}

/* The index key of a wording (all words, in order): a verbatim copy is
 * found with one look-up, and so is a short quote the content words would
 * not find. */
static uint64_t wording_key(uint64_t wording)
{
    return wording ^ 0x9E3779B97F4A7C15ull;
}

_Static_assert(TERM_KEYS + 1 <= FAM_ADD_TERMS_MAX, "add_terms too small");

/* The statement inserting m postings, prepared on first use; NULL with err
 * set. */
static sqlite3_stmt *add_terms_stmt(qt_store *s, size_t m, qt_error *err)
{
    qt_family_ctx *ctx = fam_ctx(s, err);
    if (!ctx) return NULL;
    static const char head[] = "INSERT OR IGNORE INTO quote_terms(key, quote_id, keys) VALUES ";
    char sql[sizeof head + FAM_ADD_TERMS_MAX * 8] = "";
    if (!ctx->add_terms[m]) { /* the text is needed only to prepare it */
        size_t len = sizeof head - 1;
        memcpy(sql, head, len);
        for (size_t i = 0; i < m; i++, len += 8) memcpy(sql + len, ",(?,?,?)", 8);
        sql[len] = '\0';
        sql[sizeof head - 1] = ' '; /* the first row has no comma before it */
    }
    return qt_store_cached_stmt(s, &ctx->add_terms[m], sql, "preparing the quote index insert",
                                err);
}

/* Indexes q under its wording and, when it is long enough to match by
 * content words, under those: one INSERT for all of them. */
static qt_status index_terms(qt_store *s, const fam_quote *q, qt_error *err)
{
    /* keys[0] is the wording's key (when it has words), keys[1..n] the
     * content keys; the wording is indexed under 0 keys, the others n. */
    uint64_t keys[QT_QDIFF_MAX_CONTENT + 1];
    size_t n = q->qt.ncontent >= 4 ? distinct_keys(&q->qt, keys + 1) : 0;
    if (n > TERM_KEYS) n = TERM_KEYS;
    size_t first = q->qt.nwords > 0 ? 0 : 1;
    keys[0] = wording_key(q->qt.wording);
    size_t m = n + 1 - first;
    if (m == 0) return QT_OK;
    sqlite3_stmt *st = add_terms_stmt(s, m, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    for (size_t i = first; i <= n; i++) {
        int row = (int)(i - first);
        sqlite3_bind_int64(st, 3 * row + 1, (sqlite3_int64)keys[i]);
        sqlite3_bind_int64(st, 3 * row + 2, q->quote_id);
        sqlite3_bind_int(st, 3 * row + 3, i ? (int)n : 0);
    }
    QT_TRY(qt_store_exec_stmt(s, st, "indexing a quote", err));
    /* INSERT OR IGNORE: when every row went in, each is news to the cache;
     * when one did not (a key equal to the wording's), which one is not
     * known, so the cache starts over. */
    if ((size_t)sqlite3_changes(s->db) == m) {
        for (size_t i = first; i <= n; i++)
            fam_term_added(s, keys[i], q->quote_id, i ? (int)n : 0);
    } else {
        s->cache_epoch++;
    }
    return QT_OK;
}

static qt_status new_family(qt_store *s, const fam_quote *q, int64_t *family_id, qt_error *err)
{
    sqlite3_stmt *st = fam_stmt(s, FS_NEW_FAMILY, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    char now[32];
    qt_store_now(now);
    sqlite3_bind_int64(st, 1, q->quote_id);
    if (q->speaker.id) sqlite3_bind_int64(st, 2, q->speaker.id);
    qt_store_bind_text(st, 3, q->text);
    qt_store_bind_text(st, 4, now);
    QT_TRY(qt_store_exec_stmt(s, st, "creating a family", err));
    *family_id = sqlite3_last_insert_rowid(s->db);
    return QT_OK;
}

/* Compares q with candidate c and says what the pair means: a family q may
 * join (*opt filled, *joinable 1), an attribution conflict (*conflict
 * filled, *conflicting 1), or nothing. */
static void weigh(const fam_quote *q, const fam_quote *c, join_option *opt, int *joinable,
                  pending_conflict *conflict, int *conflicting)
{
    *joinable = 0;
    *conflicting = 0;
    qt_qsim sim;
    qt_qcompare(&q->qt, &c->qt, &sim);
    qt_speaker_rel rel = qt_family_speaker_rel(&q->speaker, &c->speaker);
    int strict = qt_family_strict(&sim);
    if (!strict && !qt_family_reworded(&sim, rel, fam_days_apart(q, c),
                                       !strcmp(q->kind, "partial"), !strcmp(c->kind, "partial")))
        return;
    /* Without a shared speaker the words alone must carry the match: four
     * words in common ("nothing ... ever seen before") are not enough. */
    int same_words = q->qt.wording == c->qt.wording;
    int join = 0;
    switch (rel) {
    case QT_SPK_SAME:
    case QT_SPK_NAMES: join = 1; break;
    case QT_SPK_UNKNOWN: join = strict && (sim.lcs >= 5 || same_words); break;
    case QT_SPK_MIXED:
        join = strict && (sim.lcs >= 5 || same_words) && (sim.dice >= 0.75 || sim.cont >= 0.9);
        break;
    case QT_SPK_DIFFERENT:
        if (strict) attribution(q, c, &sim, conflict, conflicting);
        return;
    }
    /* The family may hold another person than this candidate (the
     * candidate itself may have no speaker). */
    if (join && qt_family_speaker_rel(&q->speaker, &c->family_speaker) == QT_SPK_DIFFERENT)
        join = 0;
    if (!join || !c->family_id) return;
    *joinable = 1;
    opt->family_id = c->family_id;
    opt->family_speaker = c->family_speaker;
    opt->strict = strict;
    opt->score = sim.dice > sim.cont ? sim.dice : sim.cont;
    opt->same_wording = same_words;
}

/* Whether q may join the family of c, which has the same words. */
static int same_words_join(const fam_quote *q, const fam_quote *c, qt_speaker_rel rel)
{
    if (q->qt.nwords == 0) return 0;
    if (qt_family_speaker_rel(&q->speaker, &c->family_speaker) == QT_SPK_DIFFERENT) return 0;
    if (q->qt.ncontent >= 4) return rel != QT_SPK_DIFFERENT;
    /* "Yes." or "heroes": only as the same person's words, in the same days. */
    long days = fam_days_apart(q, c);
    return (rel == QT_SPK_SAME || rel == QT_SPK_NAMES) && q->qt.ncontent > 0 && days <= 7;
}

#define WORDING_CANDIDATES 8

static qt_status add_quote(qt_store *s, int64_t quote_id, qt_error *err)
{
    fam_quote q;
    int found;
    QT_TRY(fam_quote_load(s, quote_id, &q, &found, err));
    if (!found || q.family_id) {
        fam_quote_clear(&q);
        return QT_OK;
    }
    join_option opts[MAX_CANDIDATES + 1];
    pending_conflict conflicts[MAX_CANDIDATES + WORDING_CANDIDATES];
    size_t nopt = 0, nconf = 0;
    /* The candidates stay loaded: placing q compares it with its family's
     * wordings, which are often among them. */
    fam_quote cands[MAX_CANDIDATES + WORDING_CANDIDATES];
    size_t ncand = 0;
    int64_t *ids = NULL;
    size_t nids = 0;
    qt_status status = QT_OK;

    /* First the same words: a copy joins its family without more work (its
     * matches with other wordings were weighed when that copy's first
     * instance came in). */
    sqlite3_stmt *st = fam_stmt(s, FS_TERMS, err);
    if (!st) status = err ? err->code : QT_ERR_DB;
    if (st) {
        sqlite3_bind_int64(st, 1, (sqlite3_int64)wording_key(q.qt.wording));
        sqlite3_bind_int(st, 2, WORDING_CANDIDATES);
        int64_t same[WORDING_CANDIDATES];
        size_t nsame = 0;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW && nsame < WORDING_CANDIDATES)
            same[nsame++] = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW)
            status = qt_store_fail(s, rc, "reading the quote index", err);
        for (size_t i = 0; i < nsame && status == QT_OK && nopt == 0; i++) {
            fam_quote *c = &cands[ncand];
            if ((status = fam_quote_load(s, same[i], c, &found, err)) != QT_OK) break;
            if (!found) continue;
            ncand++;
            if (c->text_id == q.text_id || c->qt.wording != q.qt.wording || !c->family_id)
                continue;
            qt_speaker_rel rel = qt_family_speaker_rel(&q.speaker, &c->speaker);
            if (rel == QT_SPK_DIFFERENT) {
                qt_qsim sim;
                qt_qcompare(&q.qt, &c->qt, &sim);
                int conflicting = 0;
                if (qt_family_strict(&sim)) attribution(&q, c, &sim, &conflicts[nconf], &conflicting);
                nconf += (size_t)conflicting;
            } else if (same_words_join(&q, c, rel)) {
                opts[nopt++] = (join_option){c->family_id, c->family_speaker, 1, 1.0, 1};
            }
        }
    }
    /* Then the content words. Fewer than 4 never match (the strict rule
     * needs 4 aligned): "the coming days" is only looked up as a wording. */
    if (status == QT_OK && nopt == 0 && q.qt.ncontent >= 4)
        status = fam_candidates(s, &q.qt, MAX_CANDIDATES, MIN_SHARED, &ids, &nids, err);
    for (size_t i = 0; i < nids && status == QT_OK; i++) {
        fam_quote *c = &cands[ncand];
        if ((status = fam_quote_load(s, ids[i], c, &found, err)) != QT_OK) break;
        if (!found) continue;
        ncand++;
        if (c->text_id == q.text_id) continue;
        int joinable = 0, conflicting = 0;
        weigh(&q, c, &opts[nopt], &joinable, &conflicts[nconf], &conflicting);
        nopt += (size_t)joinable;
        nconf += (size_t)conflicting;
    }
    free(ids);
    int64_t family = 0;
    int merged = 0;
    size_t best = 0;
    for (size_t i = 1; i < nopt; i++)
        if (better(&opts[i], &opts[best])) best = i;
    if (status == QT_OK && nopt > 0) {
        family = opts[best].family_id;
        /* Other families q matches become one with the best: q links them. */
        for (size_t i = 0; i < nopt && status == QT_OK; i++) {
            int64_t other = opts[i].family_id;
            if (other == family) continue;
            int seen = 0;
            for (size_t k = 0; k < i; k++) seen |= opts[k].family_id == other;
            if (seen || qt_family_speaker_rel(&opts[best].family_speaker,
                                              &opts[i].family_speaker) == QT_SPK_DIFFERENT)
                continue;
            merged = 1;
            status = exec_ids(s, FS_MOVE_MEMBERS, family, other, "merging families", err);
            if (status == QT_OK)
                status = exec_ids(s, FS_MOVE_CONFLICTS, family, other, "merging families", err);
            if (status == QT_OK)
                status = exec_ids(s, FS_DELETE_FAMILY, other, 0, "merging families", err);
        }
    } else if (status == QT_OK) {
        status = new_family(s, &q, &family, err);
    }
    if (status == QT_OK) {
        st = fam_stmt(s, FS_ADD_MEMBER, err);
        if (!st) status = err ? err->code : QT_ERR_DB;
        if (st) {
            sqlite3_bind_int64(st, 1, q.quote_id);
            sqlite3_bind_int64(st, 2, family);
            sqlite3_bind_int64(st, 3, (sqlite3_int64)q.qt.wording);
            /* A new family's only member is its origin; a joining member is
             * placed below. */
            qt_store_bind_text(st, 4, nopt ? "pending" : "origin");
            sqlite3_bind_double(st, 5, nopt ? 0.0 : 1.0);
            char key[FAM_KEY_MAX];
            fam_key(key, q.dated, q.published, q.article_id, q.seq, q.quote_id);
            qt_store_bind_text(st, 6, key);
            status = qt_store_exec_stmt(s, st, "adding a family member", err);
        }
    }
    if (status == QT_OK && nopt)
        status = merged ? fam_recompute(s, family, err)
                        : fam_place_new(s, family, &q, cands, ncand, err);
    /* A wording already in the index finds this family: only new wordings
     * are indexed. */
    int indexed = 0;
    for (size_t i = 0; i < nopt; i++) indexed |= opts[i].same_wording;
    if (status == QT_OK && !indexed) status = index_terms(s, &q, err);
    for (size_t i = 0; i < nconf && status == QT_OK; i++)
        status = add_conflict(s, "attribution", conflicts[i].quote_id,
                              conflicts[i].other_quote_id, 0, conflicts[i].detail, err);
    for (size_t i = 0; i < ncand; i++) fam_quote_clear(&cands[i]);
    fam_quote_clear(&q);
    return status;
}

qt_status qt_family_add_text(qt_store *s, int64_t text_id, qt_error *err)
{
    if (!fam_ctx(s, err)) return err ? err->code : QT_ERR_NOMEM;
    sqlite3_stmt *st = fam_stmt(s, FS_TEXT_QUOTES, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    sqlite3_bind_int64(st, 1, text_id);
    /* The ids first: assigning a quote runs other statements. */
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int rc;
    qt_status status = QT_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? 2 * cap : 32;
            int64_t *more = realloc(ids, cap * sizeof *ids);
            if (!more) {
                status = qt_error_set(err, QT_ERR_NOMEM, "out of memory");
                break;
            }
            ids = more;
        }
        ids[n++] = sqlite3_column_int64(st, 0);
    }
    if (status == QT_OK && rc != SQLITE_DONE) status = qt_store_fail(s, rc, "reading quotes", err);
    sqlite3_reset(st);
    for (size_t i = 0; i < n && status == QT_OK; i++) status = add_quote(s, ids[i], err);
    free(ids);
    return status;
}
