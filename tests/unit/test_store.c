/*
 * test_store.c - the SQLite store: idempotent ingest, revisions and copies,
 * speakers joined across articles (and kept apart when they differ),
 * look-ups, FTS input that must never reach SQLite as syntax, curation, and
 * the schema-version and path errors.  Scan results are built by hand so the
 * tests do not depend on the scanner.
 */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qt_store.h"
#include "qt_store_int.h"
#include "store_fake.h"
#include "suites.h"

/* ---- collecting rows -------------------------------------------------- */

typedef struct {
    int n;
    char speakers[8][64];
    char outlets[8][32];
    char texts[8][128];
} rows;

static qt_status collect(const qt_quote_row *r, void *ctx, qt_error *err)
{
    (void)err;
    rows *c = ctx;
    if (c->n < 8) {
        snprintf(c->speakers[c->n], 64, "%s", r->speaker ? r->speaker : "");
        snprintf(c->outlets[c->n], 32, "%s", r->outlet ? r->outlet : "");
        snprintf(c->texts[c->n], 128, "%s", r->text);
    }
    c->n++;
    return QT_OK;
}

static int who(qt_store *s, const char *name, const qt_query *q, rows *out)
{
    memset(out, 0, sizeof *out);
    qt_error err;
    qt_error_clear(&err);
    qt_status st = qt_store_who(s, name, q, collect, out, NULL, &err);
    if (st == QT_ERR_NOTFOUND) return -1;
    ck_assert_msg(st == QT_OK, "who %s: %s", name, qt_error_message(&err));
    return out->n;
}

static qt_status count_speaker(const qt_speaker_row *r, void *ctx, qt_error *err)
{
    (void)r;
    (void)err;
    (*(int *)ctx)++;
    return QT_OK;
}

static int speakers(qt_store *s, const char *name, const char *kind)
{
    qt_query q = {0};
    q.speaker_kind = kind;
    int n = 0;
    ck_assert_int_eq(qt_store_speakers(s, name, &q, count_speaker, &n, NULL), QT_OK);
    return n;
}

/* ---- fixtures ---------------------------------------------------------- */

static char *dir, *dbpath;

static void setup(void)
{
    sf_db_temp(&dir, &dbpath);
}

static void teardown(void)
{
    sf_db_remove(dir, dbpath);
}

static qt_store *open_rw(void)
{
    qt_error err;
    qt_error_clear(&err);
    qt_store *s = qt_store_open(dbpath, 0, &err);
    ck_assert_msg(s != NULL, "%s", qt_error_message(&err));
    return s;
}

static const char T1[] = "\"We will respond,\" Blinken said. Kim said talks would go on.";
static const sp_spec BLINKEN = {"Antony Blinken", QT_SPEAKER_PERSON, {"Blinken", NULL}};
static const sp_spec BLINKEN_FULL = {
    "Antony Blinken", QT_SPEAKER_PERSON, {"U.S. Secretary of State Antony Blinken", NULL}};

START_TEST(ingest_is_idempotent)
{
    qt_store *s = open_rw();
    ck_assert_int_eq(qt_store_schema_version(s), qt_store_schema_latest());
    qt_article *a = sf_article("doc-1", T1, NULL, "Outlet A", "Nov 1, 2024");
    q_spec qs[] = {{"We will respond,", 0, QT_KIND_DIRECT}};
    ck_assert_int_eq(sf_put(s, a, &BLINKEN, 1, qs, 1), QT_INGEST_NEW);
    ck_assert_int_eq(sf_put(s, a, &BLINKEN, 1, qs, 1), QT_INGEST_UNCHANGED);
    qt_store_close(s);
    s = open_rw(); /* and after reopening */
    ck_assert_int_eq(sf_put(s, a, &BLINKEN, 1, qs, 1), QT_INGEST_UNCHANGED);
    rows r;
    ck_assert_int_eq(who(s, "blinken", NULL, &r), 1);
    ck_assert_str_eq(r.outlets[0], "Outlet A");
    qt_article_free(a);
    qt_store_close(s);
}
END_TEST

START_TEST(revisions_and_copies)
{
    qt_store *s = open_rw();
    qt_article *a = sf_article("doc-1", T1, "https://a.example/1", "Outlet A", NULL);
    q_spec qs[] = {{"We will respond,", 0, QT_KIND_DIRECT}};
    ck_assert_int_eq(sf_put(s, a, &BLINKEN, 1, qs, 1), QT_INGEST_NEW);
    /* same text under another id and URL: a copy, quotes stored once */
    qt_article *c = sf_article("doc-copy", T1, "https://b.example/9", "Outlet B", NULL);
    ck_assert_int_eq(sf_put(s, c, &BLINKEN, 1, qs, 1), QT_INGEST_COPY);
    rows r;
    ck_assert_int_eq(who(s, "Antony Blinken", NULL, &r), 1);
    /* same URL, new text: a revision; the old quote is superseded */
    static const char T2[] = "\"We will respond firmly,\" Blinken said.";
    qt_article *b = sf_article("doc-1-renamed", T2, "https://a.example/1", "Outlet A", NULL);
    q_spec qs2[] = {{"We will respond firmly,", 0, QT_KIND_DIRECT}};
    fake_scan f;
    sf_fake(&f, b, &BLINKEN, 1, qs2, 1);
    qt_ingest_info info;
    ck_assert_int_eq(qt_store_ingest_result(s, b, &f.res, &info, NULL), QT_OK);
    ck_assert_int_eq(info.outcome, QT_INGEST_REVISED);
    ck_assert_int_eq(info.revision, 2);
    /* the copy still carries the first text, so both quotes are current */
    ck_assert_int_eq(who(s, "Blinken", NULL, &r), 2);
    ck_assert_int_eq(sf_put(s, b, &BLINKEN, 1, qs2, 1), QT_INGEST_UNCHANGED);
    qt_article_free(a);
    qt_article_free(b);
    qt_article_free(c);
    qt_store_close(s);
}
END_TEST

START_TEST(speakers_across_articles)
{
    qt_store *s = open_rw();
    qt_article *a = sf_article("a", T1, NULL, "Outlet A", "2024-11-01");
    static const char T3[] = "U.S. Secretary of State Antony Blinken said: \"No.\" "
                             "Kim Jong Un said \"Yes.\" A senior defense official said \"Maybe.\"";
    qt_article *b = sf_article("b", T3, NULL, "Outlet B", "2024-11-05");
    sp_spec kim_amb = {"Ambassador Kim", QT_SPEAKER_PERSON, {"Kim", NULL}};
    sp_spec spa[] = {BLINKEN, kim_amb};
    q_spec qa[] = {{"We will respond,", 0, QT_KIND_DIRECT},
                   {"talks would go on", 1, QT_KIND_INDIRECT}};
    sf_put(s, a, spa, 2, qa, 2);
    sp_spec anon = {"a senior defense official", QT_SPEAKER_ANONYMOUS, {NULL}};
    sp_spec spb[] = {BLINKEN_FULL, {"Kim Jong Un", QT_SPEAKER_PERSON, {"Kim", NULL}}, anon};
    q_spec qb[] = {{"No.", 0, QT_KIND_DIRECT}, {"Yes.", 1, QT_KIND_DIRECT},
                   {"Maybe.", 2, QT_KIND_DIRECT}};
    sf_put(s, b, spb, 3, qb, 3);
    static const char T4[] = "A senior defense official said \"Perhaps.\" Kim Yong-hyun said \"Ok.\"";
    qt_article *c = sf_article("c", T4, NULL, "Outlet C", NULL);
    sp_spec spc[] = {anon, {"Kim Yong-hyun", QT_SPEAKER_PERSON, {"Kim", NULL}}};
    q_spec qc[] = {{"Perhaps.", 0, QT_KIND_DIRECT}, {"Ok.", 1, QT_KIND_DIRECT}};
    sf_put(s, c, spc, 2, qc, 2);

    rows r;
    /* one Blinken, found by any alias, in two outlets, in date order */
    ck_assert_int_eq(who(s, "U.S. Secretary of State Antony Blinken", NULL, &r), 2);
    ck_assert_str_eq(r.outlets[0], "Outlet A");
    ck_assert_str_eq(r.outlets[1], "Outlet B");
    ck_assert_int_eq(speakers(s, "blinken", NULL), 1);
    /* three Kims stay three */
    ck_assert_int_eq(speakers(s, "kim", "person"), 3);
    ck_assert_int_eq(who(s, "Kim Jong Un", NULL, &r), 1);
    ck_assert_str_eq(r.texts[0], "Yes.");
    ck_assert_int_eq(who(s, "Kim Yong-hyun", NULL, &r), 1);
    /* the bare "Kim" is ambiguous: every Kim's quote, each with its own speaker */
    ck_assert_int_eq(who(s, "Kim", NULL, &r), 3);
    /* unnamed sources stay per article, searchable by kind */
    ck_assert_int_eq(speakers(s, NULL, "anonymous"), 2);
    qt_query q = {0};
    q.speaker_kind = "anonymous";
    ck_assert_int_eq(who(s, NULL, &q, &r), 2);
    /* filters */
    memset(&q, 0, sizeof q);
    q.since = "2024-11-02";
    ck_assert_int_eq(who(s, "Blinken", &q, &r), 1);
    q.since = NULL;
    q.until = "November 1, 2024";
    ck_assert_int_eq(who(s, "Blinken", &q, &r), 1);
    q.until = NULL;
    q.outlet = "outlet b";
    ck_assert_int_eq(who(s, "Blinken", &q, &r), 1);
    memset(&q, 0, sizeof q);
    q.quote_kind = "indirect";
    ck_assert_int_eq(who(s, "Ambassador Kim", &q, &r), 1);
    ck_assert_int_eq(who(s, "Nobody", NULL, &r), -1);
    qt_article_free(a);
    qt_article_free(b);
    qt_article_free(c);
    qt_store_close(s);
}
END_TEST

/* A lone surname or "Title Surname" joins the one full-name person called by
 * that surname with a compatible title; two candidates or another title keep
 * it apart (the store half of "Blinken" = "Antony Blinken"). */
START_TEST(partial_names_join_one_full_name)
{
    qt_store *s = open_rw();
    static const char TA[] = "Health Minister Jane Doakes said \"We are ready.\" Kim Yong-hyun said \"Ok.\"";
    qt_article *a = sf_article("a", TA, NULL, "Outlet A", "2024-11-01");
    sp_spec spa[] = {{"Jane Doakes", QT_SPEAKER_PERSON, {"Doakes", NULL}},
                     {"Kim Yong-hyun", QT_SPEAKER_PERSON, {"Kim", NULL}}};
    q_spec qa[] = {{"We are ready.", 0, QT_KIND_DIRECT}, {"Ok.", 1, QT_KIND_DIRECT}};
    static const char *const ta[] = {"Health Minister", "Defense Minister"};
    sf_put_titled(s, a, spa, ta, 2, qa, 2);
    static const char TB[] = "Doakes said \"Next week.\" Minister Doakes said \"Yes.\" "
                             "Ambassador Doakes said \"No.\" Minister Kim said \"Fine.\"";
    qt_article *b = sf_article("b", TB, NULL, "Outlet B", "2024-11-02");
    sp_spec spb[] = {{"Doakes", QT_SPEAKER_PERSON, {NULL}},
                     {"Minister Doakes", QT_SPEAKER_PERSON, {NULL}},
                     {"Ambassador Doakes", QT_SPEAKER_PERSON, {NULL}},
                     {"Minister Kim", QT_SPEAKER_PERSON, {NULL}}};
    q_spec qb[] = {{"Next week.", 0, QT_KIND_DIRECT}, {"Yes.", 1, QT_KIND_DIRECT},
                   {"No.", 2, QT_KIND_DIRECT}, {"Fine.", 3, QT_KIND_DIRECT}};
    static const char *const tb[] = {NULL, "Minister", "Ambassador", "Minister"};
    sf_put_titled(s, b, spb, tb, 4, qb, 4);
    rows r;
    ck_assert_int_eq(who(s, "Jane Doakes", NULL, &r), 3);
    ck_assert_int_eq(who(s, "Ambassador Doakes", NULL, &r), 1);
    ck_assert_str_eq(r.speakers[0], "Ambassador Doakes");
    ck_assert_int_eq(who(s, "Kim Yong-hyun", NULL, &r), 2);
    /* A second full-name Kim makes a bare "Kim" ambiguous: it stays apart. */
    static const char TC[] = "Kim Jong Un said \"Never.\"";
    qt_article *c = sf_article("c", TC, NULL, "Outlet C", "2024-11-03");
    sp_spec spc[] = {{"Kim Jong Un", QT_SPEAKER_PERSON, {"Kim", NULL}}};
    q_spec qc[] = {{"Never.", 0, QT_KIND_DIRECT}};
    sf_put(s, c, spc, 1, qc, 1);
    static const char TD[] = "Kim said \"Maybe.\"";
    qt_article *d = sf_article("d", TD, NULL, "Outlet D", "2024-11-04");
    sp_spec spd[] = {{"Kim", QT_SPEAKER_PERSON, {NULL}}};
    q_spec qd[] = {{"Maybe.", 0, QT_KIND_DIRECT}};
    sf_put(s, d, spd, 1, qd, 1);
    ck_assert_int_eq(who(s, "Kim Jong Un", NULL, &r), 1);
    ck_assert_int_eq(who(s, "Kim Yong-hyun", NULL, &r), 2);
    ck_assert_int_eq(speakers(s, "kim", "person"), 3);
    qt_article_free(a);
    qt_article_free(b);
    qt_article_free(c);
    qt_article_free(d);
    qt_store_close(s);
}
END_TEST

static int search(qt_store *s, const char *text, qt_status want)
{
    rows r;
    memset(&r, 0, sizeof r);
    qt_error err;
    qt_error_clear(&err);
    qt_status st = qt_store_search(s, text, NULL, collect, &r, &err);
    ck_assert_msg(st == want, "search [%s]: status %d (%s)", text, st, qt_error_message(&err));
    return r.n;
}

START_TEST(search_treats_input_as_text)
{
    qt_store *s = open_rw();
    static const char T[] = "\"North Korean troops were deployed to Kursk,\" he said. "
                            "\"Drop the table,\" she said.";
    qt_article *a = sf_article("a", T, NULL, NULL, NULL);
    sp_spec sp[] = {BLINKEN, {"Jane Roe", QT_SPEAKER_PERSON, {NULL}}};
    q_spec qs[] = {{"North Korean troops were deployed to Kursk,", 0, QT_KIND_DIRECT},
                   {"Drop the table,", 1, QT_KIND_DIRECT}};
    sf_put(s, a, sp, 2, qs, 2);
    ck_assert_int_eq(search(s, "troops", QT_OK), 1);
    ck_assert_int_eq(search(s, "deploy", QT_OK), 1);           /* stemmed */
    ck_assert_int_eq(search(s, "\"korean troops\"", QT_OK), 1); /* phrase */
    ck_assert_int_eq(search(s, "\"troops korean\"", QT_OK), 0);
    ck_assert_int_eq(search(s, "Kur*", QT_OK), 1);              /* prefix */
    ck_assert_int_eq(search(s, "'; DROP TABLE quotes; --", QT_OK), 0);
    ck_assert_int_eq(search(s, "drop table", QT_OK), 1);
    ck_assert_int_eq(search(s, "NEAR(troops kursk", QT_OK), 0);
    ck_assert_int_eq(search(s, "troops AND OR NOT", QT_OK), 0);
    ck_assert_int_eq(search(s, "\"korean troops", QT_OK), 1);
    ck_assert_int_eq(search(s, "col:troops ^troops {x} (y) + -", QT_OK), 0);
    ck_assert_int_eq(search(s, "*", QT_ERR_USAGE), 0);
    ck_assert_int_eq(search(s, "\"", QT_ERR_USAGE), 0);
    ck_assert_int_eq(search(s, "  ", QT_ERR_USAGE), 0);
    char *fts = NULL;
    ck_assert_int_eq(qt_store_fts_query("\"x y\" z* NEAR(", &fts, NULL), QT_OK);
    ck_assert_str_eq(fts, "\"x y\" \"z\" * \"NEAR(\"");
    free(fts);
    /* the table is still there */
    ck_assert_int_eq(search(s, "troops", QT_OK), 1);
    qt_article_free(a);
    qt_store_close(s);
}
END_TEST

/* Without filters only the QT_SEARCH_WINDOW most recent matches are ranked;
 * a filter ranks them all. */
START_TEST(search_ranks_a_recent_window)
{
    qt_store *s = open_rw();
    qt_article *a = sf_article("early", "\"Common.\" she said. Rarewordzz here.", NULL, NULL,
                            "2020-01-01");
    q_spec first[] = {{"Common.", 0, QT_KIND_DIRECT}, {"Rarewordzz here.", 0, QT_KIND_INDIRECT}};
    sf_put(s, a, &BLINKEN, 1, first, 2);
    qt_article_free(a);
    int later = QT_SEARCH_WINDOW + 100;
    ck_assert_int_eq(qt_store_begin(s, NULL), QT_OK);
    for (int i = 0; i < later; i++) {
        char id[32], text[160];
        snprintf(id, sizeof id, "later-%d", i);
        snprintf(text, sizeof text, "\"Common words, said again and again, number %d.\"", i);
        a = sf_article(id, text, NULL, NULL, "2021-01-01");
        q_spec qs[] = {{text + 1, 0, QT_KIND_DIRECT}};
        char *close = strrchr(text, '"');
        *close = '\0'; /* the quote is the text between the marks */
        sf_put(s, a, &BLINKEN, 1, qs, 1);
        qt_article_free(a);
    }
    ck_assert_int_eq(qt_store_commit(s, NULL), QT_OK);
    long n = 0;
    ck_assert_int_eq(qt_store_search_count(s, "common", QT_SEARCH_WINDOW + 1L, &n, NULL), QT_OK);
    ck_assert_int_eq(n, QT_SEARCH_WINDOW + 1);
    ck_assert_int_eq(qt_store_search_count(s, "common", 1000000, &n, NULL), QT_OK);
    ck_assert_int_eq(n, later + 1);
    /* the shortest quote, BM25's best, is older than the window */
    rows r;
    memset(&r, 0, sizeof r);
    qt_query q = {0};
    q.limit = 5;
    ck_assert_int_eq(qt_store_search(s, "common", &q, collect, &r, NULL), QT_OK);
    ck_assert_int_eq(r.n, 5);
    for (int i = 0; i < 5; i++) ck_assert_str_ne(r.texts[i], "Common.");
    /* a filter ranks every match: now it comes first */
    memset(&r, 0, sizeof r);
    q.since = "2019-01-01";
    ck_assert_int_eq(qt_store_search(s, "common", &q, collect, &r, NULL), QT_OK);
    ck_assert_int_eq(r.n, 5);
    ck_assert_str_eq(r.texts[0], "Common.");
    /* fewer matches than the window: all of them, old ones too */
    ck_assert_int_eq(search(s, "rarewordzz", QT_OK), 1);
    ck_assert_int_eq(search(s, "rarew*", QT_OK), 1);
    qt_store_close(s);
}
END_TEST

/* qt_bm25() (src/qt_store_rank.c) against FTS5's own bm25() on one table:
 * the same scores whenever a query has several phrases (including phrases
 * in more than half the rows, whose IDF is the floor), and for one phrase
 * the same order, with bm25()'s score equal to ours times the phrase's IDF. */
static double idf_of(sqlite3 *db, const char *match)
{
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM t WHERE t MATCH ?1),"
                                            " (SELECT count(*) FROM t)", -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    double hits = sqlite3_column_double(st, 0), total = sqlite3_column_double(st, 1);
    sqlite3_finalize(st);
    double idf = log((total - hits + 0.5) / (hits + 0.5));
    return idf <= 0.0 ? 1e-6 : idf;
}

START_TEST(rank_function_matches_bm25)
{
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
    ck_assert_int_eq(qt_store_rank_register(db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter"
                                      " unicode61 remove_diacritics 2', prefix='2 3')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    /* "alpha" is in every row, "beta" in most, "gamma" in a few, rows of
     * different lengths and repetitions. */
    static const char *const vocab[] = {"beta", "delta", "epsilon", "zeta", "eta", "theta"};
    sqlite3_stmt *ins;
    ck_assert_int_eq(sqlite3_prepare_v2(db, "INSERT INTO t(x) VALUES (?1)", -1, &ins, NULL),
                     SQLITE_OK);
    unsigned seed = 12345;
    for (int row = 0; row < 400; row++) {
        char text[400];
        size_t n = (size_t)snprintf(text, sizeof text, "alpha");
        int words = 1 + row % 23;
        for (int w = 0; w < words; w++) {
            seed = seed * 1103515245u + 12345u;
            const char *word = vocab[(seed >> 16) % 6];
            if (w == 0 && row % 3) word = "beta";
            if ((seed >> 8) % 37 == 0) word = "gamma";
            n += (size_t)snprintf(text + n, sizeof text - n, " %s", word);
        }
        sqlite3_bind_text(ins, 1, text, -1, SQLITE_TRANSIENT);
        ck_assert_int_eq(sqlite3_step(ins), SQLITE_DONE);
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    static const char *const several[] = {"alpha beta", "beta gamma", "\"alpha beta\" delta",
                                          "del* gamma", "alpha* zeta eta", "ga* be*"};
    static const char *const one[] = {"alpha", "beta", "gamma", "de*", "\"beta delta\"", "th*"};
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT rowid, bm25(t), qt_bm25(t) FROM t WHERE t"
                                            " MATCH ?1 ORDER BY bm25(t), rowid", -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_stmt *ours;
    ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ?1"
                                            " ORDER BY qt_bm25(t), rowid", -1, &ours, NULL),
                     SQLITE_OK);
    for (size_t k = 0; k < sizeof several / sizeof *several + sizeof one / sizeof *one; k++) {
        int single = k >= sizeof several / sizeof *several;
        const char *match = single ? one[k - sizeof several / sizeof *several] : several[k];
        double idf = single ? idf_of(db, match) : 1.0;
        sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
        sqlite3_bind_text(ours, 1, match, -1, SQLITE_STATIC);
        int matched = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            double theirs = sqlite3_column_double(st, 1), mine = sqlite3_column_double(st, 2);
            if (single)
                ck_assert_msg(fabs(theirs - idf * mine) <= 1e-12 * fabs(theirs) + 1e-15,
                              "%s: bm25 %.17g, qt_bm25 %.17g x idf %.17g", match, theirs, mine,
                              idf);
            else
                ck_assert_msg(theirs == mine, "%s: bm25 %.17g, qt_bm25 %.17g", match, theirs,
                              mine);
            ck_assert_int_eq(sqlite3_step(ours), SQLITE_ROW);
            ck_assert_int_eq(sqlite3_column_int64(ours, 0), sqlite3_column_int64(st, 0));
            matched++;
        }
        ck_assert_int_eq(sqlite3_step(ours), SQLITE_DONE);
        ck_assert_msg(matched > 0, "%s matched nothing", match);
        sqlite3_reset(st);
        sqlite3_reset(ours);
    }
    /* The floor is reached: alpha is in every row, beta in most. */
    ck_assert(idf_of(db, "alpha") == 1e-6);
    ck_assert(idf_of(db, "beta") == 1e-6);
    ck_assert(idf_of(db, "gamma") > 1.0);
    sqlite3_finalize(st);
    sqlite3_finalize(ours);
    sqlite3_close(db);
}
END_TEST

/* A speaker with quotes in most articles is listed by walking the articles
 * in publication order (SQL_WHO_WALK); with a filter the same look-up takes
 * the sorting plan (SQL_WHO).  Both give the same rows in the same order. */
START_TEST(who_walk_matches_sorting_plan)
{
    qt_store *s = open_rw();
    ck_assert_int_eq(qt_store_begin(s, NULL), QT_OK);
    for (int i = 0; i < 60; i++) {
        char id[32], text[96], date[16];
        int k = (i * 37) % 60; /* publication order differs from ingest order */
        snprintf(id, sizeof id, "walk-%d", i);
        snprintf(text, sizeof text, "\"Said on day %d.\" Blinken said.", k);
        snprintf(date, sizeof date, "2020-%02d-%02d", 1 + k / 28, 1 + k % 28);
        qt_article *a = sf_article(id, text, NULL, "Outlet", date);
        char quote[64];
        snprintf(quote, sizeof quote, "Said on day %d.", k);
        q_spec qs[] = {{quote, 0, QT_KIND_DIRECT}};
        sf_put(s, a, &BLINKEN, 1, qs, 1);
        qt_article_free(a);
    }
    ck_assert_int_eq(qt_store_commit(s, NULL), QT_OK);
    qt_query q = {0};
    q.limit = 5;
    rows walk, sorted;
    ck_assert_int_eq(who(s, "Blinken", &q, &walk), 5);
    q.since = "1900-01-01";
    ck_assert_int_eq(who(s, "Blinken", &q, &sorted), 5);
    for (int i = 0; i < 5; i++) {
        char want[64];
        snprintf(want, sizeof want, "Said on day %d.", i);
        ck_assert_str_eq(walk.texts[i], want);
        ck_assert_str_eq(sorted.texts[i], want);
    }
    qt_store_close(s);
}
END_TEST

/* What db/012_who_cover.sql added, taken away again: every downgrade below
 * goes to an older schema, which had neither the columns nor the index. */
#define UNDO_WHO_COVER                                                                      \
    "DROP TRIGGER texts_home_quotes; DROP INDEX quotes_who;"                                \
    " ALTER TABLE quotes DROP COLUMN home_order; ALTER TABLE quotes DROP COLUMN home_article_id;" \
    " CREATE INDEX quotes_speaker ON quotes(speaker_id, text_id);"

/* Stores T1 with Blinken's quote in a fresh database, then turns the file
 * back into an older schema with downgrade_sql (run by a plain sqlite3
 * connection after UNDO_WHO_COVER) for the next open_rw() to upgrade. */
static void store_then_downgrade(const char *downgrade_sql)
{
    qt_store *s = open_rw();
    qt_article *a = sf_article("a", T1, NULL, "AP", "2024-11-01");
    q_spec qs[] = {{"We will respond,", 0, QT_KIND_DIRECT}};
    sf_put(s, a, &BLINKEN, 1, qs, 1);
    qt_article_free(a);
    qt_store_close(s);
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, UNDO_WHO_COVER, NULL, NULL, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, downgrade_sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* A schema-2 database (quotes_fts without prefixes, indexed by trigger) is
 * upgraded: the index is rebuilt and ingest keeps it complete. */
START_TEST(schema_fts_prefix_upgrade)
{
    store_then_downgrade(
        "DROP TRIGGER quotes_ad; DROP TRIGGER quotes_au; DROP TABLE quotes_fts;"
        "CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content='quotes',"
        " content_rowid='quote_id', tokenize='porter unicode61 remove_diacritics 2');"
        "CREATE TRIGGER quotes_ai AFTER INSERT ON quotes BEGIN"
        " INSERT INTO quotes_fts(rowid, text) VALUES (new.quote_id, new.text); END;"
        "PRAGMA user_version = 4;");
    qt_store *s = open_rw();
    ck_assert_int_ge(qt_store_schema_version(s), 5); /* and later migrations */
    ck_assert_int_eq(search(s, "respond", QT_OK), 1); /* rebuilt from quotes */
    qt_article *a = sf_article("b", "\"Talks will resume,\" Kim said.", NULL, NULL, NULL);
    q_spec qb[] = {{"Talks will resume,", 0, QT_KIND_DIRECT}};
    sf_put(s, a, &BLINKEN, 1, qb, 1);
    qt_article_free(a);
    ck_assert_int_eq(search(s, "resum*", QT_OK), 1);
    ck_assert_int_eq(search(s, "talks", QT_OK), 1); /* indexed once, not twice */
    qt_store_close(s);
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "INSERT INTO quotes_fts(quotes_fts, rank)"
                                      " VALUES ('integrity-check', 1)", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE name = 'quotes_ai'", -1, &st,
                       NULL);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    ck_assert_int_eq(sqlite3_column_int(st, 0), 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
}
END_TEST

/* The full-text index is written when a batch commits (qt_store_commit):
 * a rolled-back batch leaves nothing in it, the next batch indexes its own
 * quotes once, and the index stays consistent with the quotes table. */
START_TEST(fts_written_at_commit)
{
    qt_store *s = open_rw();
    ck_assert_int_eq(qt_store_begin(s, NULL), QT_OK);
    qt_article *a = sf_article("a", "\"Zebras will vote,\" Blinken said.", NULL, NULL, NULL);
    q_spec qa[] = {{"Zebras will vote,", 0, QT_KIND_DIRECT}};
    sf_put(s, a, &BLINKEN, 1, qa, 1);
    qt_article_free(a);
    qt_store_rollback(s);
    ck_assert_int_eq(qt_store_begin(s, NULL), QT_OK);
    for (int i = 0; i < 3; i++) {
        char id[16], text[96];
        snprintf(id, sizeof id, "b%d", i);
        snprintf(text, sizeof text, "\"Giraffes number %d will abstain,\" Blinken said.", i);
        a = sf_article(id, text, NULL, NULL, NULL);
        char *close = strrchr(text, '"');
        *close = '\0';
        q_spec qb[] = {{text + 1, 0, QT_KIND_DIRECT}};
        sf_put(s, a, &BLINKEN, 1, qb, 1);
        qt_article_free(a);
    }
    ck_assert_int_eq(qt_store_commit(s, NULL), QT_OK);
    ck_assert_int_eq(search(s, "zebras", QT_OK), 0);
    ck_assert_int_eq(search(s, "giraffes", QT_OK), 3);
    /* a single ingest outside a batch commits (and indexes) by itself */
    a = sf_article("c", "\"Zebras will vote after all,\" Blinken said.", NULL, NULL, NULL);
    q_spec qc[] = {{"Zebras will vote after all,", 0, QT_KIND_DIRECT}};
    sf_put(s, a, &BLINKEN, 1, qc, 1);
    qt_article_free(a);
    ck_assert_int_eq(search(s, "zebras", QT_OK), 1);
    qt_store_close(s);
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "INSERT INTO quotes_fts(quotes_fts, rank)"
                                      " VALUES ('integrity-check', 1)", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
}
END_TEST

static int count_rows(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* A schema-7 database's fingerprints (hash, text_id, pos, with an index on
 * text_id) become one posting per (hash, text) (db/008). */
START_TEST(schema_fingerprint_postings_upgrade)
{
    qt_store *s = open_rw();
    qt_store_close(s);
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, UNDO_WHO_COVER
        "DROP TABLE fingerprints;"
        "CREATE TABLE fingerprints (hash INTEGER NOT NULL, text_id INTEGER NOT NULL,"
        " pos INTEGER NOT NULL, PRIMARY KEY (hash, text_id, pos)) WITHOUT ROWID;"
        "CREATE INDEX fingerprints_text ON fingerprints(text_id);"
        "INSERT INTO fingerprints VALUES (-5, 1, 0), (-5, 1, 9), (-5, 2, 3), (7, 1, 4);"
        "PRAGMA user_version = 7;", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    s = open_rw();
    ck_assert_int_ge(qt_store_schema_version(s), 8);
    qt_store_close(s);
    ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
    ck_assert_int_eq(count_rows(db, "SELECT count(*) FROM fingerprints"), 3);
    ck_assert_int_eq(count_rows(db, "SELECT count(*) FROM fingerprints WHERE hash = -5"), 2);
    ck_assert_int_eq(count_rows(db, "SELECT count(*) FROM pragma_table_info('fingerprints')"), 2);
    ck_assert_int_eq(count_rows(db, "SELECT count(*) FROM sqlite_master WHERE name = 'fingerprints_text'"),
                     0);
    sqlite3_close(db);
}
END_TEST

/* An empty or blank text is refused before anything is written: the batch
 * it came in goes on and commits the other articles. */
START_TEST(blank_text_is_refused_and_the_batch_goes_on)
{
    qt_store *s = open_rw();
    ck_assert_int_eq(qt_store_begin(s, NULL), QT_OK);
    static const char *const blank[] = {"", " \n\t \r\n", "\xc2\xa0 \xe2\x80\xa8\xe3\x80\x80\n"};
    for (size_t i = 0; i < 3; i++) {
        char id[16];
        snprintf(id, sizeof id, "blank-%zu", i);
        qt_article *e = sf_article(id, blank[i], NULL, NULL, NULL);
        qt_error err;
        qt_error_clear(&err);
        qt_ingest_info info;
        ck_assert_int_eq(qt_store_ingest_result(s, e, NULL, &info, &err), QT_ERR_INPUT);
        ck_assert_msg(strstr(qt_error_message(&err), "no text"), "%s", qt_error_message(&err));
        qt_article_free(e);
    }
    qt_article *a = sf_article("a", T1, NULL, "AP", "2024-11-01");
    q_spec qs[] = {{"We will respond,", 0, QT_KIND_DIRECT}};
    sf_put(s, a, &BLINKEN, 1, qs, 1);
    qt_article_free(a);
    ck_assert_int_eq(qt_store_commit(s, NULL), QT_OK);
    qt_store_close(s);
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
    ck_assert_int_eq(count_rows(db, "SELECT count(*) FROM articles"), 1);
    ck_assert_int_eq(count_rows(db, "SELECT count(*) FROM texts WHERE bytes = 0"), 0);
    sqlite3_close(db);
}
END_TEST

/* Steps a bound search statement: the quote ids of its rows, in order
 * (at most cap); resets it and clears its bindings. */
static size_t step_ids(sqlite3_stmt *st, long long *ids, size_t cap)
{
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        ck_assert_uint_lt(n, cap);
        ids[n++] = sqlite3_column_int64(st, 0);
    }
    ck_assert_int_eq(rc, SQLITE_DONE);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return n;
}

/* n articles of `outlet`, ids PREFIX-i, each with one quote by "Busy
 * Speaker" saying "common" once or twice (inside an open batch). */
static void put_common_quotes(qt_store *s, const char *prefix, int n, const char *outlet)
{
    static const sp_spec busy = {"Busy Speaker", QT_SPEAKER_PERSON, {NULL}};
    for (int i = 0; i < n; i++) {
        char id[32], text[200], quote[120];
        snprintf(id, sizeof id, "%s-%d", prefix, i);
        snprintf(quote, sizeof quote, "Common ground %d,%s", i, i % 3 ? " common again" : "");
        snprintf(text, sizeof text, "\"%s\" Busy said.", quote);
        qt_article *a = sf_article(id, text, NULL, outlet, "2024-11-01");
        q_spec qs[] = {{quote, 0, QT_KIND_DIRECT}};
        sf_put(s, a, &busy, 1, qs, 1);
        qt_article_free(a);
    }
}

/* Quote ids, in order, of one of the two `search --speaker` statements run
 * directly (the library picks between them by counts). */
static size_t speaker_search_ids(qt_store *s, qt_sql_id id, const char *speaker, long long *ids,
                                 size_t cap)
{
    sqlite3_stmt *st = qt_store_stmt(s, id, NULL);
    ck_assert_ptr_nonnull(st);
    char *key = qt_store_key(speaker);
    sqlite3_bind_text(st, 1, "\"common\"", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, -1);
    sqlite3_bind_text(st, 10, speaker, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 11, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 12, -1);
    size_t n = step_ids(st, ids, cap);
    free(key);
    return n;
}

/* search --speaker seeks a rare speaker's quotes in the full-text index and
 * tests a busy one's membership match by match: both statements give the
 * same rows in the same order, and the library's pick gives them too. */
START_TEST(search_by_speaker_either_way)
{
    qt_store *s = open_rw();
    ck_assert_int_eq(qt_store_begin(s, NULL), QT_OK);
    static const sp_spec rare = {"Rare Voice", QT_SPEAKER_PERSON, {"Voice", NULL}};
    put_common_quotes(s, "busy", 400, "AP");
    static const char R[] = "\"A common cause, and common sense, common ground.\" Voice said."
                            " \"Nothing shared here.\" \"We need common ground.\" Voice added.";
    qt_article *a = sf_article("rare", R, NULL, "AP", "2024-11-02");
    q_spec qr[] = {{"A common cause, and common sense, common ground.", 0, QT_KIND_DIRECT},
                   {"We need common ground.", 0, QT_KIND_DIRECT}};
    sf_put(s, a, &rare, 1, qr, 2);
    qt_article_free(a);
    ck_assert_int_eq(qt_store_commit(s, NULL), QT_OK);

    static long long by_seek[512], by_test[512];
    static const char *const who_[] = {"Rare Voice", "Busy Speaker"};
    static const size_t want[] = {2, 400};
    for (int k = 0; k < 2; k++) {
        size_t n1 = speaker_search_ids(s, SQL_SEARCH_SPEAKER, who_[k], by_seek, 512);
        size_t n2 = speaker_search_ids(s, SQL_SEARCH, who_[k], by_test, 512);
        ck_assert_uint_eq(n1, want[k]);
        ck_assert_uint_eq(n2, want[k]);
        for (size_t i = 0; i < n1; i++) ck_assert_int_eq(by_seek[i], by_test[i]);
        rows r;
        memset(&r, 0, sizeof r);
        qt_query q = {.speaker = who_[k], .limit = 1000};
        ck_assert_int_eq(qt_store_search(s, "common", &q, collect, &r, NULL), QT_OK);
        ck_assert_int_eq(r.n, (int)want[k]);
        for (int i = 0; i < r.n && i < 8; i++) ck_assert_str_eq(r.speakers[i], who_[k]);
    }
    /* the rare speaker's denser quote ranks first */
    rows r;
    memset(&r, 0, sizeof r);
    qt_query q = {.speaker = "Voice"};
    ck_assert_int_eq(qt_store_search(s, "common", &q, collect, &r, NULL), QT_OK);
    ck_assert_int_eq(r.n, 2);
    ck_assert_str_eq(r.texts[0], "A common cause, and common sense, common ground.");
    qt_store_close(s);
}
END_TEST

/* The plan of SQL statement `id` (EXPLAIN QUERY PLAN), one step per line. */
static void query_plan(sqlite3 *db, qt_sql_id id, char *out, size_t cap)
{
    char sql[4096];
    snprintf(sql, sizeof sql, "EXPLAIN QUERY PLAN %s", qt_store_sql[id]);
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    size_t n = 0;
    out[0] = '\0';
    while (sqlite3_step(st) == SQLITE_ROW && n + 1 < cap)
        n += (size_t)snprintf(out + n, cap - n, "%s\n", (const char *)sqlite3_column_text(st, 3));
    sqlite3_finalize(st);
}

/* The ids SQL_SEARCH gives for "common" in outlet ?7, with the outlet's
 * quote-id set (?13) built or not. */
static size_t outlet_search_ids(qt_store *s, const char *outlet, int use_set, long long *ids,
                                size_t cap)
{
    sqlite3_stmt *st = qt_store_stmt(s, SQL_SEARCH, NULL);
    ck_assert_ptr_nonnull(st);
    sqlite3_bind_text(st, 1, "\"common\"", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, outlet, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, -1);
    if (use_set) sqlite3_bind_text(st, 13, outlet, -1, SQLITE_STATIC);
    return step_ids(st, ids, cap);
}

/* search --outlet tests each match's rowid against the outlet's quote ids
 * when the words match many more quotes than the outlet has, and joins
 * each match to its article otherwise: both give the same rows in the same
 * order (a copy is listed under its text's home article, a superseded
 * revision not at all), the outlet compared without case either way. */
START_TEST(search_by_outlet_either_way)
{
    qt_store *s = open_rw();
    ck_assert_int_eq(qt_store_begin(s, NULL), QT_OK);
    static const sp_spec busy = {"Busy Speaker", QT_SPEAKER_PERSON, {NULL}};
    put_common_quotes(s, "ap", 300, "AP");
    static const char *const small[] = {
        "\"A common cause.\" Busy said.", "\"Common sense, common ground.\" Busy said.",
        "\"Nothing shared.\" Busy said.", "\"Common ground, first draft.\" Busy said.",
        "\"Common ground, revised.\" Busy said."};
    static const char *const small_quotes[] = {"A common cause.", "Common sense, common ground.",
                                               "Nothing shared.", "Common ground, first draft.",
                                               "Common ground, revised."};
    static const char *const small_ids[] = {"w-1", "w-2", "w-3", "w-4", "w-4"};
    for (int i = 0; i < 5; i++) {
        qt_article *a = sf_article(small_ids[i], small[i], NULL, "Small Wire", "2024-11-02");
        q_spec qs[] = {{small_quotes[i], 0, QT_KIND_DIRECT}};
        sf_put(s, a, &busy, 1, qs, 1);
        qt_article_free(a);
    }
    /* AP carries one of the wire's texts verbatim, later: it stays the wire's */
    qt_article *c = sf_article("ap-copy", small[0], NULL, "AP", "2024-11-03");
    q_spec qc[] = {{small_quotes[0], 0, QT_KIND_DIRECT}};
    sf_put(s, c, &busy, 1, qc, 1);
    qt_article_free(c);
    ck_assert_int_eq(qt_store_commit(s, NULL), QT_OK);

    static long long by_set[512], by_join[512];
    static const char *const outlets[] = {"small wire", "AP", "Nobody"};
    static const size_t want[] = {3, 300, 0};
    for (int k = 0; k < 3; k++) {
        size_t n1 = outlet_search_ids(s, outlets[k], 1, by_set, 512);
        size_t n2 = outlet_search_ids(s, outlets[k], 0, by_join, 512);
        ck_assert_uint_eq(n1, want[k]);
        ck_assert_uint_eq(n2, want[k]);
        for (size_t i = 0; i < n1; i++) ck_assert_int_eq(by_set[i], by_join[i]);
        rows r;
        memset(&r, 0, sizeof r);
        qt_query q = {.outlet = outlets[k], .limit = 1000};
        ck_assert_int_eq(qt_store_search(s, "common", &q, collect, &r, NULL), QT_OK);
        ck_assert_int_eq(r.n, (int)want[k]);
    }
    qt_store_close(s);
    /* the set comes from the outlet index, in the look-ups' collation */
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
    ck_assert_int_eq(qt_store_rank_register(db), SQLITE_OK); /* SQL_SEARCH ranks by qt_bm25 */
    char plan[8192];
    query_plan(db, SQL_SEARCH, plan, sizeof plan);
    ck_assert_msg(strstr(plan, "USING COVERING INDEX articles_outlet_nocase"), "%s", plan);
    ck_assert_int_eq(count_rows(db, "SELECT count(*) FROM sqlite_master WHERE name = 'articles_outlet'"),
                     0);
    sqlite3_close(db);
}
END_TEST

/* The ids SQL_SEARCH gives for "common" between since and until (either
 * NULL), with the date range's quote-id set (?14) built or not. */
static size_t date_search_ids(qt_store *s, const char *since, const char *until, int use_set,
                              long long *ids, size_t cap)
{
    sqlite3_stmt *st = qt_store_stmt(s, SQL_SEARCH, NULL);
    ck_assert_ptr_nonnull(st);
    sqlite3_bind_text(st, 1, "\"common\"", -1, SQLITE_STATIC);
    if (since) sqlite3_bind_text(st, 5, since, -1, SQLITE_STATIC);
    if (until) sqlite3_bind_text(st, 6, until, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, -1);
    if (use_set) sqlite3_bind_int(st, 14, 1);
    return step_ids(st, ids, cap);
}

/* search --since/--until tests each match's rowid against the quote ids of
 * the articles in the date range when the words match many more quotes than
 * the range has, and joins each match to its article otherwise: the same
 * rows in the same order either way.  The set also holds undated articles
 * ingested in the range and every date-time of the last day; the filter on
 * the article still leaves out the undated, a copy is dated by its text's
 * home article, and a superseded revision is not listed. */
START_TEST(search_by_date_either_way)
{
    qt_store *s = open_rw();
    ck_assert_int_eq(qt_store_begin(s, NULL), QT_OK);
    static const sp_spec busy = {"Busy Speaker", QT_SPEAKER_PERSON, {NULL}};
    put_common_quotes(s, "ap", 300, "AP"); /* 2024-11-01 */
    static const struct {
        const char *id, *quote, *published;
    } small[] = {{"d-1", "Common one.", "2024-10-30"},
                 {"d-2", "Common two.", "2024-11-02T10:00:00Z"},
                 {"d-3", "Common three.", NULL},
                 {"d-4", "Common four, first.", "2024-11-03"},
                 {"d-4", "Common four, second.", "2024-11-04"},
                 {"copy", "Common one.", "2024-11-05"}};
    for (size_t i = 0; i < sizeof small / sizeof *small; i++) {
        char text[96];
        snprintf(text, sizeof text, "\"%s\" Busy said.", small[i].quote);
        qt_article *a = sf_article(small[i].id, text, NULL, "Wire", small[i].published);
        q_spec qs[] = {{small[i].quote, 0, QT_KIND_DIRECT}};
        sf_put(s, a, &busy, 1, qs, 1);
        qt_article_free(a);
    }
    ck_assert_int_eq(qt_store_commit(s, NULL), QT_OK);

    static long long by_set[512], by_join[512];
    static const struct {
        const char *since, *until;
        size_t want;
    } ranges[] = {{"2024-11-02", NULL, 2},        {NULL, "2024-10-31", 1},
                  {"2024-11-02", "2024-11-02", 1}, {"2026-01-01", NULL, 0},
                  {"2024-11-05", NULL, 0},         {NULL, "2024-11-01", 301}};
    for (size_t k = 0; k < sizeof ranges / sizeof *ranges; k++) {
        size_t n1 = date_search_ids(s, ranges[k].since, ranges[k].until, 1, by_set, 512);
        size_t n2 = date_search_ids(s, ranges[k].since, ranges[k].until, 0, by_join, 512);
        ck_assert_msg(n1 == ranges[k].want && n2 == ranges[k].want,
                      "range %zu: %zu rows with the set, %zu joined, %zu expected", k, n1, n2,
                      ranges[k].want);
        for (size_t i = 0; i < n1; i++) ck_assert_int_eq(by_set[i], by_join[i]);
        rows r;
        memset(&r, 0, sizeof r);
        qt_query q = {.since = ranges[k].since, .until = ranges[k].until, .limit = 1000};
        ck_assert_int_eq(qt_store_search(s, "common", &q, collect, &r, NULL), QT_OK);
        ck_assert_int_eq(r.n, (int)ranges[k].want);
    }
    qt_store_close(s);
    /* the range is read from articles_order, the index of current articles */
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
    ck_assert_int_eq(qt_store_rank_register(db), SQLITE_OK);
    char plan[8192];
    query_plan(db, SQL_SEARCH, plan, sizeof plan);
    ck_assert_msg(strstr(plan, "SEARCH da USING INDEX articles_order"), "%s", plan);
    query_plan(db, SQL_DATE_COUNT, plan, sizeof plan);
    ck_assert_msg(strstr(plan, "SEARCH articles USING INDEX articles_order"), "%s", plan);
    sqlite3_close(db);
}
END_TEST

typedef struct {
    char docs[32][32];
    int n;
} doc_list;

static qt_status collect_doc(const qt_article_row *r, void *ctx, qt_error *err)
{
    (void)err;
    doc_list *l = ctx;
    ck_assert_int_lt(l->n, 32);
    snprintf(l->docs[l->n++], sizeof l->docs[0], "%s", r->doc);
    return QT_OK;
}

/* `articles --limit N` walks the current articles in publication order and
 * stops after N (no sort of them all): the first N of the whole list, the
 * same with a date filter, and an outlet filter or --all (the sorted read)
 * unchanged. */
START_TEST(articles_limit_walks_in_order)
{
    qt_store *s = open_rw();
    ck_assert_int_eq(qt_store_begin(s, NULL), QT_OK);
    static const char *const docs[] = {"d-5", "d-1", "d-4", "d-2", "d-3", "d-2"};
    static const char *const dates[] = {"2024-11-05", "2024-11-01", "2024-11-04",
                                        "2024-11-02", "2024-11-03", "2024-11-06"};
    for (int i = 0; i < 6; i++) {
        char text[96];
        snprintf(text, sizeof text, "\"Words number %d.\" Busy said.", i);
        qt_article *a = sf_article(docs[i], text, NULL, i % 2 ? "AP" : "Wire", dates[i]);
        q_spec qs[] = {{"Words", 0, QT_KIND_DIRECT}};
        sf_put(s, a, &BLINKEN, 1, qs, 1);
        qt_article_free(a);
    }
    ck_assert_int_eq(qt_store_commit(s, NULL), QT_OK);
    doc_list all, few;
    memset(&all, 0, sizeof all);
    ck_assert_int_eq(qt_store_articles(s, NULL, 0, collect_doc, &all, NULL), QT_OK);
    ck_assert_int_eq(all.n, 5); /* d-2's first revision is superseded */
    static const char *const order[] = {"d-1", "d-3", "d-4", "d-5", "d-2"};
    for (int i = 0; i < 5; i++) ck_assert_str_eq(all.docs[i], order[i]);
    for (long lim = 1; lim <= 6; lim++) {
        memset(&few, 0, sizeof few);
        qt_query q = {.limit = lim};
        ck_assert_int_eq(qt_store_articles(s, &q, 0, collect_doc, &few, NULL), QT_OK);
        ck_assert_int_eq(few.n, lim < 5 ? (int)lim : 5);
        for (int i = 0; i < few.n; i++) ck_assert_str_eq(few.docs[i], order[i]);
    }
    memset(&few, 0, sizeof few);
    qt_query since = {.limit = 2, .since = "2024-11-04"};
    ck_assert_int_eq(qt_store_articles(s, &since, 0, collect_doc, &few, NULL), QT_OK);
    ck_assert_int_eq(few.n, 2);
    ck_assert_str_eq(few.docs[0], "d-4");
    ck_assert_str_eq(few.docs[1], "d-5");
    memset(&few, 0, sizeof few);
    qt_query wire = {.limit = 2, .outlet = "wire"};
    ck_assert_int_eq(qt_store_articles(s, &wire, 0, collect_doc, &few, NULL), QT_OK);
    ck_assert_int_eq(few.n, 2);
    ck_assert_str_eq(few.docs[0], "d-3");
    ck_assert_str_eq(few.docs[1], "d-4");
    memset(&few, 0, sizeof few);
    qt_query lim3 = {.limit = 3};
    ck_assert_int_eq(qt_store_articles(s, &lim3, 1, collect_doc, &few, NULL), QT_OK);
    ck_assert_int_eq(few.n, 3);
    ck_assert_str_eq(few.docs[1], "d-2"); /* the superseded revision, 2024-11-02 */
    qt_store_close(s);
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
    char plan[4096];
    query_plan(db, SQL_ARTICLES_CURRENT, plan, sizeof plan);
    ck_assert_msg(strstr(plan, "SCAN a USING INDEX articles_order"), "%s", plan);
    ck_assert_msg(!strstr(plan, "TEMP B-TREE"), "%s", plan);
    sqlite3_close(db);
}
END_TEST

/* A schema-8 database gains the look-up indexes of db/009 and loses the
 * index they replace; `who` then finds a text's home article and counts
 * its copies from those indexes alone, never from the texts and articles
 * rows (which hold the article bodies and metadata). */
START_TEST(schema_who_locality_upgrade)
{
    store_then_downgrade("DROP INDEX texts_home; DROP INDEX articles_text_current;"
                         "CREATE INDEX articles_text ON articles(text_id);"
                         "PRAGMA user_version = 8;");
    qt_store *s = open_rw();
    ck_assert_int_ge(qt_store_schema_version(s), 9);
    rows r;
    ck_assert_int_eq(who(s, "Antony Blinken", NULL, &r), 1);
    qt_store_close(s);
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
    ck_assert_int_eq(count_rows(db, "SELECT count(*) FROM sqlite_master WHERE name = 'articles_text'"),
                     0);
    char plan[4096];
    static const qt_sql_id looked[] = {SQL_WHO, SQL_WHO_KIND, SQL_WHO_WALK};
    for (size_t i = 0; i < sizeof looked / sizeof *looked; i++) {
        query_plan(db, looked[i], plan, sizeof plan);
        ck_assert_msg(strstr(plan, "SEARCH t USING COVERING INDEX texts_home"), "%s", plan);
        ck_assert_msg(strstr(plan, "SEARCH c USING COVERING INDEX articles_text_current"), "%s",
                      plan);
    }
    sqlite3_close(db);
}
END_TEST

/* A schema-10 database gets its speakers' counts (db/011) from what it holds. */
START_TEST(schema_speaker_totals_upgrade)
{
    store_then_downgrade("DROP TRIGGER quotes_totals_delete; DROP TRIGGER quotes_totals_update;"
                         "DROP TRIGGER articles_totals_update; DROP TRIGGER articles_totals_delete;"
                         "DROP TRIGGER speakers_totals_delete; DROP TABLE speaker_totals;"
                         "DROP TABLE speaker_outlets; PRAGMA user_version = 10;");
    qt_store *s = open_rw();
    ck_assert_int_ge(qt_store_schema_version(s), 11);
    ck_assert_int_eq(count_rows(s->db, "SELECT quotes FROM speaker_totals"), 1);
    ck_assert_int_eq(count_rows(s->db, "SELECT count(*) FROM speaker_outlets WHERE outlet = 'AP'"
                                       " AND n = 1"), 1);
    ck_assert_int_eq(count_rows(s->db, "SELECT quotes FROM v_speakers"), 1);
    qt_store_close(s);
}
END_TEST

/* A schema-11 database gains each quote's copy of its home article and
 * the index `who` reads in order (db/012), filled from what it holds. */
START_TEST(schema_who_cover_upgrade)
{
    store_then_downgrade("PRAGMA user_version = 11;");
    qt_store *s = open_rw();
    ck_assert_int_ge(qt_store_schema_version(s), 12);
    ck_assert_int_eq(count_rows(s->db, "SELECT count(*) FROM quotes q JOIN texts t USING (text_id)"
                                       " JOIN articles a ON a.article_id = t.home_article_id"
                                       " WHERE q.home_article_id = a.article_id"
                                       " AND q.home_order = '2024-11-01'"),
                     1);
    ck_assert_int_eq(count_rows(s->db, "SELECT count(*) FROM sqlite_master"
                                       " WHERE name IN ('quotes_who', 'texts_home_quotes')"),
                     2);
    ck_assert_int_eq(count_rows(s->db, "SELECT count(*) FROM sqlite_master"
                                       " WHERE name = 'quotes_speaker'"),
                     0);
    rows r;
    ck_assert_int_eq(who(s, "Antony Blinken", NULL, &r), 1);
    qt_store_close(s);
}
END_TEST

START_TEST(curation_applies_to_later_ingests)
{
    qt_store *s = open_rw();
    static const char T[] = "Tony Blinken said \"one\". Ambassador Kim said \"two\".";
    qt_article *a = sf_article("a", T, NULL, NULL, NULL);
    sp_spec sp[] = {{"Tony Blinken", QT_SPEAKER_PERSON, {NULL}},
                    {"Ambassador Kim", QT_SPEAKER_PERSON, {NULL}}};
    q_spec qs[] = {{"one", 0, QT_KIND_DIRECT}, {"two", 1, QT_KIND_DIRECT}};
    sf_put(s, a, sp, 2, qs, 2);
    qt_article *b = sf_article("b", T1, NULL, NULL, NULL);
    q_spec qb[] = {{"We will respond,", 0, QT_KIND_DIRECT}};
    sf_put(s, b, &BLINKEN, 1, qb, 1);
    qt_error err;
    qt_error_clear(&err);
    ck_assert_int_eq(qt_store_speaker_merge(s, "Antony Blinken", "Tony Blinken", &err), QT_OK);
    rows r;
    ck_assert_int_eq(who(s, "Antony Blinken", NULL, &r), 2);
    ck_assert_int_eq(who(s, "Tony Blinken", NULL, &r), 2);
    /* a later article naming "Tony Blinken" joins the merged speaker */
    static const char T5[] = "Tony Blinken said \"three\".";
    qt_article *c = sf_article("c", T5, NULL, NULL, NULL);
    sp_spec sc = {"Tony Blinken", QT_SPEAKER_PERSON, {NULL}};
    q_spec qc[] = {{"three", 0, QT_KIND_DIRECT}};
    sf_put(s, c, &sc, 1, qc, 1);
    ck_assert_int_eq(who(s, "Antony Blinken", NULL, &r), 3);
    ck_assert_int_eq(speakers(s, "blinken", NULL), 1);
    /* rename keeps the old name as an alias */
    ck_assert_int_eq(qt_store_speaker_rename(s, "Antony Blinken", "Antony J. Blinken", &err),
                     QT_OK);
    ck_assert_int_eq(who(s, "Antony Blinken", NULL, &r), 3);
    ck_assert_str_eq(r.speakers[0], "Antony J. Blinken");
    /* alias add; an alias that is another speaker's name is refused */
    ck_assert_int_eq(qt_store_speaker_alias(s, "Ambassador Kim", "Philip Goldberg", &err), QT_OK);
    ck_assert_int_eq(who(s, "philip goldberg", NULL, &r), 1);
    ck_assert_int_eq(qt_store_speaker_alias(s, "Ambassador Kim", "Tony Blinken", &err),
                     QT_ERR_USAGE);
    /* split one article's quotes off again */
    ck_assert_int_eq(qt_store_speaker_split(s, "Antony J. Blinken", "a", "Tony Blinken (a)", &err),
                     QT_OK);
    ck_assert_int_eq(who(s, "Antony J. Blinken", NULL, &r), 2);
    ck_assert_int_eq(who(s, "Tony Blinken (a)", NULL, &r), 1);
    ck_assert_int_eq(qt_store_speaker_split(s, "Antony J. Blinken", "nope", NULL, &err),
                     QT_ERR_NOTFOUND);
    ck_assert_int_eq(qt_store_speaker_merge(s, "Nobody", "Ambassador Kim", &err), QT_ERR_NOTFOUND);
    qt_article_free(a);
    qt_article_free(b);
    qt_article_free(c);
    qt_store_close(s);
}
END_TEST

START_TEST(schema_and_path_errors)
{
    qt_error err;
    qt_error_clear(&err);
    /* read-only open of a database that does not exist */
    ck_assert_ptr_null(qt_store_open(dbpath, QT_STORE_READONLY, &err));
    ck_assert_int_eq(err.code, QT_ERR_DB);
    /* missing directory */
    char missing[600];
    snprintf(missing, sizeof missing, "%s/no/such/dir/x.db", dir);
    ck_assert_ptr_null(qt_store_open(missing, 0, &err));
    ck_assert_int_eq(err.code, QT_ERR_DB);
    ck_assert_ptr_nonnull(strstr(err.msg, "does not exist"));
    /* a file that is not a database */
    char junk[600];
    snprintf(junk, sizeof junk, "%s/junk.db", dir);
    FILE *f = fopen(junk, "w");
    fputs("this is not sqlite, just some text that is long enough to matter........", f);
    fclose(f);
    ck_assert_ptr_null(qt_store_open(junk, 0, &err));
    ck_assert_int_eq(err.code, QT_ERR_DB);
    /* a database from a newer quotetrack is refused and left alone */
    qt_store_close(open_rw());
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    ck_assert_ptr_null(qt_store_open(dbpath, 0, &err));
    ck_assert_int_eq(err.code, QT_ERR_SCHEMA);
    ck_assert_ptr_nonnull(strstr(err.msg, "newer"));
    ck_assert_ptr_null(qt_store_open(dbpath, QT_STORE_READONLY, &err));
    ck_assert_int_eq(err.code, QT_ERR_SCHEMA);
    ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    ck_assert_int_eq(sqlite3_column_int(st, 0), 999);
    sqlite3_finalize(st);
    sqlite3_close(db);
    /* someone else's SQLite database is not touched */
    char other[600];
    snprintf(other, sizeof other, "%s/other.db", dir);
    ck_assert_int_eq(sqlite3_open(other, &db), SQLITE_OK);
    sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL);
    sqlite3_close(db);
    ck_assert_ptr_null(qt_store_open(other, 0, &err));
    ck_assert_int_eq(err.code, QT_ERR_DB);
    ck_assert_ptr_nonnull(strstr(err.msg, "did not create"));
}
END_TEST

START_TEST(show_and_articles)
{
    qt_store *s = open_rw();
    qt_article *a = sf_article("a", T1, "https://a.example/1", "Outlet A", "garbage date");
    q_spec qs[] = {{"We will respond,", 0, QT_KIND_DIRECT}};
    fake_scan f;
    sf_fake(&f, a, &BLINKEN, 1, qs, 1);
    qt_ingest_info info;
    ck_assert_int_eq(qt_store_ingest_result(s, a, &f.res, &info, NULL), QT_OK);
    ck_assert_int_eq(info.bad_date, 1);
    ck_assert_int_eq(info.undated, 1);
    rows r;
    memset(&r, 0, sizeof r);
    qt_error err;
    qt_error_clear(&err);
    ck_assert_int_eq(qt_store_show(s, "https://a.example/1", NULL, collect, &r, &err), QT_OK);
    ck_assert_int_eq(r.n, 1);
    ck_assert_int_eq(qt_store_show(s, "#1", NULL, collect, &r, &err), QT_OK);
    ck_assert_int_eq(qt_store_show(s, "nope", NULL, collect, &r, &err), QT_ERR_NOTFOUND);
    qt_article_free(a);
    qt_store_close(s);
}
END_TEST

/* The batch length policy of ingest: longer when commits dominate, back to
 * the base when they are cheap, always within 1..QT_BATCH_SCALE_MAX. */
START_TEST(batch_scale_follows_commit_cost)
{
    /* a cheap commit keeps the base batch */
    ck_assert_uint_eq(qt_store_batch_scale(1, 1.0, 0.01), 1);
    /* a commit costing half the work doubles it, up to the maximum */
    unsigned scale = 1;
    for (int i = 0; i < 10; i++) scale = qt_store_batch_scale(scale, 1.0 * scale, 0.5 * scale);
    ck_assert_uint_eq(scale, QT_BATCH_SCALE_MAX);
    /* between a twentieth and a quarter: stays */
    ck_assert_uint_eq(qt_store_batch_scale(4, 4.0, 0.5), 4);
    /* cheap again: halves back to 1 and no further */
    for (int i = 0; i < 10; i++) scale = qt_store_batch_scale(scale, 1.0, 0.001);
    ck_assert_uint_eq(scale, 1);
    /* out-of-range input is clamped, zero times do not divide */
    ck_assert_uint_eq(qt_store_batch_scale(0, 0.0, 0.0), 1);
    ck_assert_uint_eq(qt_store_batch_scale(100, 1.0, 1.0), QT_BATCH_SCALE_MAX);
}
END_TEST

Suite *store_suite(void)
{
    Suite *s = suite_create("store");
    TCase *tc = tcase_create("store");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, ingest_is_idempotent);
    tcase_add_test(tc, revisions_and_copies);
    tcase_add_test(tc, speakers_across_articles);
    tcase_add_test(tc, partial_names_join_one_full_name);
    tcase_add_test(tc, search_treats_input_as_text);
    tcase_add_test(tc, search_ranks_a_recent_window);
    tcase_add_test(tc, rank_function_matches_bm25);
    tcase_add_test(tc, who_walk_matches_sorting_plan);
    tcase_add_test(tc, schema_fts_prefix_upgrade);
    tcase_add_test(tc, fts_written_at_commit);
    tcase_add_test(tc, schema_fingerprint_postings_upgrade);
    tcase_add_test(tc, schema_who_locality_upgrade);
    tcase_add_test(tc, schema_speaker_totals_upgrade);
    tcase_add_test(tc, schema_who_cover_upgrade);
    tcase_add_test(tc, search_by_outlet_either_way);
    tcase_add_test(tc, search_by_date_either_way);
    tcase_add_test(tc, articles_limit_walks_in_order);
    tcase_add_test(tc, blank_text_is_refused_and_the_batch_goes_on);
    tcase_add_test(tc, search_by_speaker_either_way);
    tcase_add_test(tc, curation_applies_to_later_ingests);
    tcase_add_test(tc, schema_and_path_errors);
    tcase_add_test(tc, show_and_articles);
    tcase_add_test(tc, batch_scale_follows_commit_cost);
    suite_add_tcase(s, tc);
    return s;
}
