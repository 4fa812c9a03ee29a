/* qt_store_query.c - look-ups: who, search, speakers, articles, show. */
#include "qt_store_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "qt_date.h"

static qt_quote_kind kind_from(const char *k)
{
    if (k && strcmp(k, "partial") == 0) return QT_KIND_PARTIAL;
    if (k && strcmp(k, "indirect") == 0) return QT_KIND_INDIRECT;
    return QT_KIND_DIRECT;
}

static void col_span(sqlite3_stmt *st, int col, qt_span *sp)
{
    sp->start = (size_t)sqlite3_column_int64(st, col);
    sp->end = (size_t)sqlite3_column_int64(st, col + 1);
    sp->char_start = (size_t)sqlite3_column_int64(st, col + 2);
    sp->char_end = (size_t)sqlite3_column_int64(st, col + 3);
}

/* Fills a row from the QUOTE_COLS columns (plus the score in column 33). */
static void quote_row(sqlite3_stmt *st, qt_quote_row *r)
{
    memset(r, 0, sizeof *r);
    r->quote_id = sqlite3_column_int64(st, 0);
    r->article_id = sqlite3_column_int64(st, 1);
    r->doc = qt_store_col_text(st, 2);
    r->seq = sqlite3_column_int(st, 3);
    r->kind = kind_from(qt_store_col_text(st, 4));
    r->text = qt_store_col_text(st, 5);
    col_span(st, 6, &r->span);
    r->speaker_id = sqlite3_column_int64(st, 10);
    r->speaker = qt_store_col_text(st, 11);
    r->speaker_kind = qt_store_col_text(st, 12);
    r->speaker_title = qt_store_col_text(st, 13);
    r->has_mention = sqlite3_column_type(st, 14) != SQLITE_NULL;
    if (r->has_mention) col_span(st, 14, &r->mention);
    r->mention_text = qt_store_col_text(st, 18);
    r->has_cue = sqlite3_column_type(st, 19) != SQLITE_NULL;
    if (r->has_cue) col_span(st, 19, &r->cue);
    r->cue_text = qt_store_col_text(st, 23);
    r->confidence = sqlite3_column_double(st, 24);
    r->rule = qt_store_col_text(st, 25);
    r->parent = sqlite3_column_type(st, 26) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 26);
    r->outlet = qt_store_col_text(st, 27);
    r->url = qt_store_col_text(st, 28);
    r->title = qt_store_col_text(st, 29);
    r->published = qt_store_col_text(st, 30);
    r->revision = sqlite3_column_int(st, 31);
    r->copies = sqlite3_column_int(st, 32);
    r->score = sqlite3_column_double(st, 33);
}

/* Steps st and hands each row to fn; resets st. */
static qt_status each_quote(qt_store *s, sqlite3_stmt *st, qt_quote_fn fn, void *ctx,
                            size_t *rows, qt_error *err)
{
    qt_status status = QT_OK;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        qt_quote_row row;
        quote_row(st, &row);
        if (rows) (*rows)++;
        if ((status = fn(&row, ctx, err)) != QT_OK) break;
    }
    if (status == QT_OK && rc != SQLITE_DONE) status = qt_store_fail(s, rc, "reading quotes", err);
    sqlite3_reset(st);
    return status;
}

qt_status qt_store_filter_date(const char *in, const char *opt, char out[QT_DATE_MAX],
                               const char **res, qt_error *err)
{
    *res = NULL;
    if (!in) return QT_OK;
    if (qt_date_parse(in, out, NULL) != QT_OK)
        return qt_error_set(err, QT_ERR_USAGE, "%s: not a date: '%s' (try 2024-11-01)", opt, in);
    *res = out;
    return QT_OK;
}

/* Binds the shared filters ?3..?8; the dates live in the caller's buffers. */
static qt_status bind_filters(sqlite3_stmt *st, const qt_query *q, char since[QT_DATE_MAX],
                              char until[QT_DATE_MAX], long default_limit, qt_error *err)
{
    static const qt_query none = {0};
    if (!q) q = &none;
    const char *a, *b;
    QT_TRY(qt_store_filter_date(q->since, "--since", since, &a, err));
    QT_TRY(qt_store_filter_date(q->until, "--until", until, &b, err));
    qt_store_bind_text(st, 3, q->quote_kind);
    qt_store_bind_text(st, 4, q->speaker_kind);
    qt_store_bind_text(st, 5, a);
    qt_store_bind_text(st, 6, b);
    qt_store_bind_text(st, 7, q->outlet);
    long limit = q->limit > 0 ? q->limit : default_limit;
    sqlite3_bind_int64(st, 8, limit > 0 ? limit : -1);
    return QT_OK;
}

#define STMT(var, id)                                                                      \
    do {                                                                                   \
        (var) = qt_store_stmt(s, (id), err);                                               \
        if (!(var)) return err ? err->code : QT_ERR_DB;                                    \
    } while (0)

/* The id in "#123", or -1. */
static long long speaker_ref(const char *name)
{
    if (name[0] != '#' || !name[1]) return -1;
    char *end;
    long long id = strtoll(name + 1, &end, 10);
    return *end ? -1 : id;
}

long long qt_store_speaker_ref(const char *name)
{
    return speaker_ref(name);
}

qt_status qt_store_speaker_count(qt_store *s, const char *name, size_t *n, qt_error *err)
{
    *n = 0;
    char *key = qt_store_key(name);
    if (!key) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    sqlite3_stmt *st = qt_store_stmt(s, SQL_WHO_MATCHED, err);
    if (!st) {
        free(key);
        return err ? err->code : QT_ERR_DB;
    }
    qt_store_bind_text(st, 1, name);
    qt_store_bind_text(st, 2, key);
    sqlite3_bind_int64(st, 9, speaker_ref(name));
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *n = (size_t)sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    free(key);
    if (rc != SQLITE_ROW) return qt_store_fail(s, rc, "looking up the speaker", err);
    if (*n == 0) return qt_error_set(err, QT_ERR_NOTFOUND, "no speaker called '%s'", name);
    return QT_OK;
}

/* Whether SQL_WHO_WALK answers this look-up faster than SQL_WHO.  SQL_WHO
 * reads all of the speaker's C quotes and sorts them; the walk reads
 * articles in publication order until it has the LIMIT L quotes, about
 * L * N / C of the N articles when the speaker's quotes are spread evenly.
 * So the walk wins when C * C > L * N, here with a margin of 4 because
 * quotes bunch in time.  Filters make matches rarer along the walk and
 * there is no LIMIT without --limit, so both keep SQL_WHO.  A failed count
 * also keeps SQL_WHO, which reports the error itself. */
/* How many quotes the speakers called name (key: its qt_store_key) have,
 * and about how many articles there are (SQL_WHO_COUNT).  Returns 1, or 0
 * when the count failed (the caller then keeps its default plan). */
static int speaker_counts(qt_store *s, const char *name, const char *key, double *quotes,
                          double *articles)
{
    sqlite3_stmt *st = qt_store_stmt(s, SQL_WHO_COUNT, NULL);
    if (!st) return 0;
    qt_store_bind_text(st, 1, name);
    qt_store_bind_text(st, 2, key);
    sqlite3_bind_int64(st, 9, speaker_ref(name));
    int ok = sqlite3_step(st) == SQLITE_ROW;
    if (ok) {
        *quotes = (double)sqlite3_column_int64(st, 0);
        *articles = (double)sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return ok;
}

static int walk_is_cheaper(qt_store *s, const char *name, const char *key, const qt_query *q)
{
    if (!q || q->limit <= 0 || q->quote_kind || q->speaker_kind || q->since || q->until || q->outlet)
        return 0;
    double quotes, articles;
    if (!speaker_counts(s, name, key, &quotes, &articles)) return 0;
    return quotes * quotes > 4.0 * (double)q->limit * articles;
}

qt_status qt_store_who(qt_store *s, const char *name, const qt_query *q, qt_quote_fn fn,
                       void *ctx, size_t *matched, qt_error *err)
{
    sqlite3_stmt *st;
    char since[QT_DATE_MAX], until[QT_DATE_MAX];
    size_t n_match = 0;
    if (matched) *matched = 0;
    if (!name && !(q && q->speaker_kind))
        return qt_error_set(err, QT_ERR_USAGE, "who: give a name or a speaker kind");
    char *key = name ? qt_store_key(name) : NULL;
    if (name && !key) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    /* The count picks the statement (SQL_WHO_ONE reads one speaker), so it
     * and the look-up read one snapshot: a speaker merged, split or added by
     * another process in between would otherwise be missed. */
    int snapshot = sqlite3_get_autocommit(s->db);
    qt_status status = snapshot ? qt_store_run(s, SQL_READ_BEGIN, err) : QT_OK;
    if (status == QT_OK && name) {
        status = qt_store_speaker_count(s, name, &n_match, err);
        if (matched) *matched = n_match;
    }
    /* One speaker: its index range is in order (SQL_WHO_ONE).  Several (a
     * name two speakers share): their rows are merged and sorted, or, for
     * a short list of prolific ones, found by walking articles in order. */
    qt_sql_id which = name ? SQL_WHO : SQL_WHO_KIND;
    if (status == QT_OK && name && n_match == 1) which = SQL_WHO_ONE;
    else if (status == QT_OK && name && walk_is_cheaper(s, name, key, q)) which = SQL_WHO_WALK;
    if (status == QT_OK) {
        st = qt_store_stmt(s, which, err);
        if (!st) status = err ? err->code : QT_ERR_DB;
    }
    if (status == QT_OK) {
        qt_store_bind_text(st, 1, name);
        qt_store_bind_text(st, 2, key);
        if (name) sqlite3_bind_int64(st, 9, speaker_ref(name));
        status = bind_filters(st, q, since, until, 0, err);
        if (status == QT_OK) status = each_quote(s, st, fn, ctx, NULL, err);
        sqlite3_reset(st);
    }
    if (snapshot && !sqlite3_get_autocommit(s->db)) {
        qt_status end = qt_store_run(s, SQL_COMMIT, status == QT_OK ? err : NULL);
        if (status == QT_OK) status = end;
    }
    free(key);
    return status;
}

static int word_byte(unsigned char c)
{
    return isalnum(c) || c >= 0x80;
}

/* Appends "word" (inner double quotes doubled) when it holds a letter or digit. */
static int put_term(char **o, const char *w, size_t n, int prefix)
{
    int useful = 0;
    for (size_t i = 0; i < n; i++) useful |= word_byte((unsigned char)w[i]);
    if (!useful) return 0;
    char *p = *o;
    *p++ = '"';
    for (size_t i = 0; i < n; i++) {
        if (w[i] == '"') *p++ = '"';
        *p++ = w[i];
    }
    *p++ = '"';
    if (prefix) {
        *p++ = ' ';
        *p++ = '*';
    }
    *p++ = ' ';
    *o = p;
    return 1;
}

qt_status qt_store_fts_query(const char *text, char **out, qt_error *err)
{
    size_t n = strlen(text);
    char *buf = malloc(4 * n + 8), *o = buf;
    if (!buf) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    int terms = 0;
    const char *p = text;
    while (*p) {
        unsigned char c = (unsigned char)*p;
        if (isspace(c)) {
            p++;
            continue;
        }
        if (c == '"') {
            const char *close = strchr(p + 1, '"');
            if (close) { /* a phrase: its words, matched in order */
                const char *w = p + 1;
                size_t len = (size_t)(close - w);
                terms += put_term(&o, w, len, close[1] == '*');
                p = close + 1 + (close[1] == '*');
                continue;
            }
            p++; /* an unmatched quote is just a separator */
            continue;
        }
        const char *w = p;
        while (*p && !isspace((unsigned char)*p) && *p != '"') p++;
        size_t len = (size_t)(p - w);
        int prefix = 0;
        while (len && w[len - 1] == '*') {
            len--;
            prefix = 1;
        }
        terms += put_term(&o, w, len, prefix);
    }
    if (!terms) {
        free(buf);
        return qt_error_set(err, QT_ERR_USAGE,
                            "search: nothing to search for in '%s' (give words or a \"phrase\")",
                            text);
    }
    o[-1] = '\0';
    *out = buf;
    return QT_OK;
}

/* Whether the full-text query fts matches at least cap quotes (counting
 * stops there); a failed count says no, and the caller keeps the plan that
 * reports the error itself. */
static int matches_reach(qt_store *s, const char *fts, sqlite3_int64 cap)
{
    sqlite3_stmt *st = qt_store_stmt(s, SQL_SEARCH_COUNT, NULL);
    if (!st) return 0;
    sqlite3_int64 matches = 0;
    qt_store_bind_text(st, 1, fts);
    sqlite3_bind_int64(st, 2, cap);
    if (sqlite3_step(st) == SQLITE_ROW) matches = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return matches >= cap;
}

/* Whether `search --speaker` should seek each of the speaker's quotes in the
 * full-text index (SQL_SEARCH_SPEAKER) rather than test every match of the
 * words for being one of them (SQL_SEARCH).  A seek costs about SEEK_COST
 * membership tests (a million-quote database: 25 us against about 0.03 us
 * for reading a match and testing it in the speaker's bitmap,
 * qt_store_idset.c; 0.13 us when the test was an IN probe, and the constant
 * 190), so
 * seeking wins when the words match more than SEEK_COST times as many
 * quotes as the speaker has; counting the matches stops there.  A failed
 * count keeps SQL_SEARCH, which reports the error itself. */
#define SEEK_COST 800
static int speaker_seek_is_cheaper(qt_store *s, const char *fts, const char *speaker,
                                   const char *key)
{
    double quotes, articles;
    if (!speaker_counts(s, speaker, key, &quotes, &articles)) return 0;
    return matches_reach(s, fts, (sqlite3_int64)quotes * SEEK_COST + 1);
}

/* Whether `search --outlet` should test each match's rowid against the
 * outlet's quote ids (a set bound to ?14 of SQL_SEARCH) before its row is read,
 * rather than join every match to its article and compare the outlet
 * there.  Building the set costs about as much per outlet quote as the join
 * costs per match (a million-quote database: about 0.3 us each), so it
 * pays when the words match more than OUTLET_SET_COST times as many quotes
 * as the outlet has (estimated as its articles times the mean quotes per
 * article); counting the matches stops there.  A failed count keeps the
 * join, which gives the same rows. */
#define OUTLET_SET_COST 2

/* The counts SQL_OUTLET_COUNT and SQL_DATE_COUNT give, bound by the caller:
 * the filter's articles, the largest quote id and the largest article id
 * (zeros when the statement fails).  Resets st and clears its bindings. */
typedef struct {
    double articles, quotes, all_articles;
} filter_counts;

static filter_counts read_counts(sqlite3_stmt *st)
{
    filter_counts c = {0, 0, 0};
    if (sqlite3_step(st) == SQLITE_ROW) {
        c.articles = sqlite3_column_double(st, 0);
        c.quotes = sqlite3_column_double(st, 1);
        c.all_articles = sqlite3_column_double(st, 2);
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return c;
}

/* Whether the words match more than OUTLET_SET_COST times the quotes of the
 * filter's articles (estimated with the mean quotes per article). */
static int set_pays(qt_store *s, const char *fts, filter_counts c)
{
    return matches_reach(
        s, fts, (sqlite3_int64)(c.articles * (c.quotes / c.all_articles) * OUTLET_SET_COST) + 1);
}

static int outlet_set_is_cheaper(qt_store *s, const char *fts, const char *outlet)
{
    sqlite3_stmt *st = qt_store_stmt(s, SQL_OUTLET_COUNT, NULL);
    if (!st) return 0;
    qt_store_bind_text(st, 1, outlet);
    filter_counts c = read_counts(st);
    if (c.articles <= 0 || c.all_articles <= 0) return 0;
    return set_pays(s, fts, c);
}

/* Whether `search --since/--until` should test each match's rowid against
 * the quote ids of the articles in the date range (a set bound to ?15 of
 * SQL_SEARCH), built from the index articles_order, rather than join every
 * match to its article and compare the date there.  The outlet's rule and
 * cost: the set pays when the words match more than OUTLET_SET_COST times
 * as many quotes as the range holds (its articles times the mean quotes per
 * article).  Both counts are bounded so that deciding costs a small part of
 * the search: the range's articles are counted only up to an eighth of all
 * articles (a wider range is joined: counting it, and then the matches of a
 * common word in full, cost more than the set saved, 15 ms more at p95 on a
 * million quotes), and the matches only up to the number that decides.
 * since and until are normalised (either NULL). */
#define DATE_SET_MIN_MATCHES 4096
#define DATE_SET_MAX_SHARE 8
static int date_set_is_cheaper(qt_store *s, const char *fts, const char *since,
                               const char *until)
{
    /* A few thousand matches are joined in a millisecond or two. */
    if (!matches_reach(s, fts, DATE_SET_MIN_MATCHES)) return 0;
    sqlite3_stmt *st = qt_store_stmt(s, SQL_DATE_COUNT, NULL);
    if (!st) return 0;
    qt_store_bind_text(st, 1, since);
    qt_store_bind_text(st, 2, until);
    sqlite3_bind_int(st, 3, DATE_SET_MAX_SHARE);
    filter_counts c = read_counts(st);
    if (c.all_articles <= 0 || c.quotes <= 0) return 0;
    /* the count stops here: SQL_DATE_COUNT's LIMIT */
    sqlite3_int64 limit = (sqlite3_int64)c.all_articles / DATE_SET_MAX_SHARE + 1;
    if (c.articles >= (double)limit) return 0; /* a wide range */
    return set_pays(s, fts, c);
}

/* A new set *out of the quote ids statement id gives with text a bound to
 * ?1, b to ?2 and, for SQL_SPEAKER_IDS, ref to ?3. */
static qt_status build_set(qt_store *s, qt_sql_id id, const char *a, const char *b,
                           long long ref, qt_idset **out, qt_error *err)
{
    sqlite3_stmt *st = qt_store_stmt(s, id, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    if (!(*out = qt_idset_new())) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    qt_store_bind_text(st, 1, a);
    if (id != SQL_OUTLET_IDS) qt_store_bind_text(st, 2, b);
    if (id == SQL_SPEAKER_IDS) sqlite3_bind_int64(st, 3, ref);
    qt_status status = qt_idset_fill(s, *out, st, err);
    sqlite3_clear_bindings(st);
    return status;
}

qt_status qt_store_search(qt_store *s, const char *text, const qt_query *q, qt_quote_fn fn,
                          void *ctx, qt_error *err)
{
    sqlite3_stmt *st;
    char since[QT_DATE_MAX], until[QT_DATE_MAX];
    char *fts = NULL;
    QT_TRY(qt_store_fts_query(text, &fts, err));
    int filtered = q && (q->quote_kind || q->speaker_kind || q->since || q->until || q->outlet ||
                         q->speaker);
    /* An unknown speaker is an error, as in `who`, not an empty list. */
    size_t matched;
    char *key = NULL;
    qt_status status = QT_OK;
    if (q && q->speaker) {
        status = qt_store_speaker_count(s, q->speaker, &matched, err);
        if (status == QT_OK && !(key = qt_store_key(q->speaker)))
            status = qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    }
    qt_idset *sets[3] = {NULL, NULL, NULL}; /* speaker, outlet, date range */
    qt_sql_id which = filtered ? SQL_SEARCH : SQL_SEARCH_TOP;
    if (status == QT_OK && q && q->speaker && speaker_seek_is_cheaper(s, fts, q->speaker, key))
        which = SQL_SEARCH_SPEAKER;
    st = NULL;
    if (status == QT_OK) {
        st = qt_store_stmt(s, which, err);
        if (!st) status = err ? err->code : QT_ERR_DB;
    }
    if (status == QT_OK) {
        long limit = q && q->limit > 0 ? q->limit : 50;
        qt_store_bind_text(st, 1, fts);
        status = bind_filters(st, q, since, until, 50, err);
        if (filtered && which == SQL_SEARCH_SPEAKER) {
            qt_store_bind_text(st, 10, q->speaker);
            qt_store_bind_text(st, 11, key);
            sqlite3_bind_int64(st, 12, speaker_ref(q->speaker));
        }
        if (status == QT_OK && filtered && which == SQL_SEARCH) {
            const char *a = q->since ? since : NULL, *b = q->until ? until : NULL;
            if (q->speaker)
                status = build_set(s, SQL_SPEAKER_IDS, q->speaker, key,
                                   speaker_ref(q->speaker), &sets[0], err);
            if (status == QT_OK && q->outlet && outlet_set_is_cheaper(s, fts, q->outlet))
                status = build_set(s, SQL_OUTLET_IDS, q->outlet, NULL, 0, &sets[1], err);
            if (status == QT_OK && (a || b) && date_set_is_cheaper(s, fts, a, b))
                status = build_set(s, SQL_DATE_IDS, a, b, 0, &sets[2], err);
            for (int k = 0; k < 3; k++)
                if (sets[k]) {
                    sqlite3_bind_pointer(st, 13 + k, sets[k], QT_IDSET_TYPE, NULL);
                    sqlite3_bind_int(st, 16 + k, 1);
                }
        }
        if (!filtered) {
            sqlite3_bind_int64(st, 2, limit * 2 + 16);
            sqlite3_bind_int64(st, 9, QT_SEARCH_WINDOW > limit * 2 + 16 ? QT_SEARCH_WINDOW
                                                                         : limit * 2 + 16);
        }
        if (status == QT_OK) status = each_quote(s, st, fn, ctx, NULL, err);
        if (status == QT_ERR_DB)
            /* Cannot happen with the quoting above; say so plainly if it does. */
            qt_error_set(err, QT_ERR_USAGE, "search: cannot search for '%s': %s", text,
                         sqlite3_errmsg(s->db));
        if (status == QT_ERR_DB) status = QT_ERR_USAGE;
        sqlite3_reset(st);
        /* The bound texts live in this frame and the caller's (SQLITE_STATIC). */
        sqlite3_clear_bindings(st);
    }
    for (int k = 0; k < 3; k++) qt_idset_free(sets[k]);
    free(key);
    free(fts);
    return status;
}

qt_status qt_store_search_count(qt_store *s, const char *text, long cap, long *count,
                                qt_error *err)
{
    sqlite3_stmt *st;
    char *fts = NULL;
    *count = 0;
    QT_TRY(qt_store_fts_query(text, &fts, err));
    st = qt_store_stmt(s, SQL_SEARCH_COUNT, err);
    qt_status status = st ? QT_OK : (err ? err->code : QT_ERR_DB);
    if (status == QT_OK) {
        qt_store_bind_text(st, 1, fts);
        sqlite3_bind_int64(st, 2, cap);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) *count = (long)sqlite3_column_int64(st, 0);
        else status = qt_store_fail(s, rc, "counting search matches", err);
        sqlite3_reset(st);
    }
    free(fts);
    return status;
}

qt_status qt_store_speakers(qt_store *s, const char *name, const qt_query *q, qt_speaker_fn fn,
                            void *ctx, qt_error *err)
{
    sqlite3_stmt *st;
    char since[QT_DATE_MAX], until[QT_DATE_MAX];
    char *key = name ? qt_store_key(name) : NULL;
    if (name && !key) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    st = qt_store_stmt(s, SQL_SPEAKERS, err);
    qt_status status = st ? QT_OK : (err ? err->code : QT_ERR_DB);
    const char **aliases = NULL;
    size_t cap = 0;
    if (status == QT_OK) {
        qt_store_bind_text(st, 1, name);
        qt_store_bind_text(st, 2, key);
        status = bind_filters(st, q, since, until, 0, err);
    }
    int rc = SQLITE_DONE;
    while (status == QT_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        qt_speaker_row r = {0};
        r.speaker_id = sqlite3_column_int64(st, 0);
        r.name = qt_store_col_text(st, 1);
        r.kind = qt_store_col_text(st, 2);
        r.title = qt_store_col_text(st, 3);
        const char *joined = qt_store_col_text(st, 4);
        char *copy = joined ? strdup(joined) : NULL;
        size_t na = 0;
        if (copy) {
            for (char *p = copy; p; na++) {
                if (na + 2 > cap) {
                    size_t ncap = cap ? cap * 2 : 16;
                    const char **bigger = realloc(aliases, ncap * sizeof *bigger);
                    if (!bigger) {
                        status = qt_error_set(err, QT_ERR_NOMEM, "out of memory");
                        break;
                    }
                    aliases = bigger;
                    cap = ncap;
                }
                aliases[na] = p;
                p = strchr(p, '\x1f');
                if (p) *p++ = '\0';
            }
        }
        static const char *const empty[] = {NULL};
        if (status == QT_OK) {
            if (aliases) aliases[na] = NULL;
            r.aliases = aliases && na ? aliases : empty;
            r.alias_count = na;
            r.quotes = (long)sqlite3_column_int64(st, 5);
            r.outlets = (long)sqlite3_column_int64(st, 6);
            status = fn(&r, ctx, err);
        }
        free(copy);
    }
    if (status == QT_OK && rc != SQLITE_DONE) status = qt_store_fail(s, rc, "listing speakers", err);
    if (st) sqlite3_reset(st);
    free(aliases);
    free(key);
    return status;
}

static void article_row(sqlite3_stmt *st, qt_article_row *r)
{
    memset(r, 0, sizeof *r);
    r->article_id = sqlite3_column_int64(st, 0);
    r->doc = qt_store_col_text(st, 1);
    r->url = qt_store_col_text(st, 2);
    r->title = qt_store_col_text(st, 3);
    r->outlet = qt_store_col_text(st, 4);
    r->byline = qt_store_col_text(st, 5);
    r->published = qt_store_col_text(st, 6);
    r->published_raw = qt_store_col_text(st, 7);
    r->ingested_at = qt_store_col_text(st, 8);
    r->hash = qt_store_col_text(st, 9);
    r->revision = sqlite3_column_int(st, 10);
    r->is_current = sqlite3_column_int(st, 11);
    r->copy_of = sqlite3_column_int64(st, 12);
    r->copy_of_doc = qt_store_col_text(st, 13);
    r->bytes = (long)sqlite3_column_int64(st, 14);
    r->quotes = (long)sqlite3_column_int64(st, 15);
    r->text = qt_store_col_text(st, 16);
}

qt_status qt_store_articles(qt_store *s, const qt_query *q, int all_revisions, qt_article_fn fn,
                            void *ctx, qt_error *err)
{
    sqlite3_stmt *st;
    char since[QT_DATE_MAX], until[QT_DATE_MAX];
    /* The walk in publication order pays when it can stop early; a whole
     * list, or one outlet's articles (which may be few, far apart), is read
     * faster in rowid order and sorted (1M-quote database: `articles
     * --limit 20` 63 → 5 ms; an outlet of 2 articles 16 ms read so, 49 ms
     * walked). */
    STMT(st, !all_revisions && q && q->limit > 0 && !q->outlet ? SQL_ARTICLES_CURRENT
                                                                 : SQL_ARTICLES);
    sqlite3_bind_int(st, 1, all_revisions != 0);
    qt_status status = bind_filters(st, q, since, until, 0, err);
    int rc = SQLITE_DONE;
    while (status == QT_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        qt_article_row r;
        article_row(st, &r);
        status = fn(&r, ctx, err);
    }
    if (status == QT_OK && rc != SQLITE_DONE) status = qt_store_fail(s, rc, "listing articles", err);
    sqlite3_reset(st);
    return status;
}

qt_status qt_store_show(qt_store *s, const char *ref, qt_article_fn afn, qt_quote_fn qfn,
                        void *ctx, qt_error *err)
{
    sqlite3_stmt *st;
    STMT(st, SQL_ARTICLE_REF);
    qt_store_bind_text(st, 1, ref);
    long long id = -1;
    if (ref[0] == '#' && ref[1]) {
        char *end;
        id = strtoll(ref + 1, &end, 10);
        if (*end) id = -1;
    }
    sqlite3_bind_int64(st, 2, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        if (rc == SQLITE_DONE)
            return qt_error_set(err, QT_ERR_NOTFOUND, "no article '%s' (give its id, URL or #N)",
                                ref);
        return qt_store_fail(s, rc, "looking up the article", err);
    }
    qt_article_row r;
    article_row(st, &r);
    int64_t article_id = r.article_id;
    qt_status status = afn ? afn(&r, ctx, err) : QT_OK;
    sqlite3_reset(st);
    if (status != QT_OK || !qfn) return status;
    STMT(st, SQL_ARTICLE_QUOTES);
    sqlite3_bind_int64(st, 1, article_id);
    return each_quote(s, st, qfn, ctx, NULL, err);
}
