/*
 * test_search.c - full-text search over the store: input that must never
 * reach SQLite as syntax, the ranking window without filters, qt_bm25()
 * against FTS5's bm25(), and the two ways each of --speaker, --outlet and
 * --since/--until finds its rows (the same rows in the same order either
 * way).  Scan results are built by hand (store_fake.h).
 */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qt_store.h"
#include "qt_store_int.h"
#include "store_fake.h"
#include "suites.h"

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
    return sf_open(dbpath);
}

static const sp_spec BLINKEN = {"Antony Blinken", QT_SPEAKER_PERSON, {"Blinken", NULL}};

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
    ck_assert_int_eq(sf_search(s, "troops", QT_OK), 1);
    ck_assert_int_eq(sf_search(s, "deploy", QT_OK), 1);           /* stemmed */
    ck_assert_int_eq(sf_search(s, "\"korean troops\"", QT_OK), 1); /* phrase */
    ck_assert_int_eq(sf_search(s, "\"troops korean\"", QT_OK), 0);
    ck_assert_int_eq(sf_search(s, "Kur*", QT_OK), 1);              /* prefix */
    ck_assert_int_eq(sf_search(s, "'; DROP TABLE quotes; --", QT_OK), 0);
    ck_assert_int_eq(sf_search(s, "drop table", QT_OK), 1);
    ck_assert_int_eq(sf_search(s, "NEAR(troops kursk", QT_OK), 0);
    ck_assert_int_eq(sf_search(s, "troops AND OR NOT", QT_OK), 0);
    ck_assert_int_eq(sf_search(s, "\"korean troops", QT_OK), 1);
    ck_assert_int_eq(sf_search(s, "col:troops ^troops {x} (y) + -", QT_OK), 0);
    ck_assert_int_eq(sf_search(s, "*", QT_ERR_USAGE), 0);
    ck_assert_int_eq(sf_search(s, "\"", QT_ERR_USAGE), 0);
    ck_assert_int_eq(sf_search(s, "  ", QT_ERR_USAGE), 0);
    char *fts = NULL;
    ck_assert_int_eq(qt_store_fts_query("\"x y\" z* NEAR(", &fts, NULL), QT_OK);
    ck_assert_str_eq(fts, "\"x y\" \"z\" * \"NEAR(\"");
    free(fts);
    /* the table is still there */
    ck_assert_int_eq(sf_search(s, "troops", QT_OK), 1);
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
    sf_rows r;
    memset(&r, 0, sizeof r);
    qt_query q = {0};
    q.limit = 5;
    ck_assert_int_eq(qt_store_search(s, "common", &q, sf_collect, &r, NULL), QT_OK);
    ck_assert_int_eq(r.n, 5);
    for (int i = 0; i < 5; i++) ck_assert_str_ne(r.texts[i], "Common.");
    /* a filter ranks every match: now it comes first */
    memset(&r, 0, sizeof r);
    q.since = "2019-01-01";
    ck_assert_int_eq(qt_store_search(s, "common", &q, sf_collect, &r, NULL), QT_OK);
    ck_assert_int_eq(r.n, 5);
    ck_assert_str_eq(r.texts[0], "Common.");
    /* fewer matches than the window: all of them, old ones too */
    ck_assert_int_eq(sf_search(s, "rarewordzz", QT_OK), 1);
    ck_assert_int_eq(sf_search(s, "rarew*", QT_OK), 1);
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

/* The set of quote ids statement id gives with a, b bound to ?1, ?2 and
 * ref to ?3 (SQL_SPEAKER_IDS, SQL_OUTLET_IDS, SQL_DATE_IDS); free it with
 * qt_idset_free after the search that uses it. */
static qt_idset *id_set(qt_store *s, qt_sql_id id, const char *a, const char *b, long long ref)
{
    sqlite3_stmt *st = qt_store_stmt(s, id, NULL);
    ck_assert_ptr_nonnull(st);
    if (a) sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
    if (b) sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
    if (id == SQL_SPEAKER_IDS) sqlite3_bind_int64(st, 3, ref);
    qt_idset *set = qt_idset_new();
    ck_assert_ptr_nonnull(set);
    ck_assert_int_eq(qt_idset_fill(s, set, st, NULL), QT_OK);
    sqlite3_clear_bindings(st);
    return set;
}

/* Quote ids, in order, of one of the two `search --speaker` statements run
 * directly (the library picks between them by counts): SQL_SEARCH_SPEAKER
 * seeks the speaker's quotes, SQL_SEARCH tests each match against their set. */
static size_t speaker_search_ids(qt_store *s, qt_sql_id id, const char *speaker, long long *ids,
                                 size_t cap)
{
    sqlite3_stmt *st = qt_store_stmt(s, id, NULL);
    ck_assert_ptr_nonnull(st);
    char *key = qt_store_key(speaker);
    qt_idset *set = NULL;
    sqlite3_bind_text(st, 1, "\"common\"", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, -1);
    if (id == SQL_SEARCH_SPEAKER) {
        sqlite3_bind_text(st, 10, speaker, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 11, key, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 12, -1);
    } else {
        set = id_set(s, SQL_SPEAKER_IDS, speaker, key, -1);
        sqlite3_bind_pointer(st, 13, set, QT_IDSET_TYPE, NULL);
        sqlite3_bind_int(st, 16, 1);
    }
    size_t n = sf_step_ids(st, ids, cap);
    qt_idset_free(set);
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
        sf_rows r;
        memset(&r, 0, sizeof r);
        qt_query q = {.speaker = who_[k], .limit = 1000};
        ck_assert_int_eq(qt_store_search(s, "common", &q, sf_collect, &r, NULL), QT_OK);
        ck_assert_int_eq(r.n, (int)want[k]);
        for (int i = 0; i < r.n && i < 8; i++) ck_assert_str_eq(r.speakers[i], who_[k]);
    }
    /* the rare speaker's denser quote ranks first */
    sf_rows r;
    memset(&r, 0, sizeof r);
    qt_query q = {.speaker = "Voice"};
    ck_assert_int_eq(qt_store_search(s, "common", &q, sf_collect, &r, NULL), QT_OK);
    ck_assert_int_eq(r.n, 2);
    ck_assert_str_eq(r.texts[0], "A common cause, and common sense, common ground.");
    qt_store_close(s);
}
END_TEST

/* The ids SQL_SEARCH gives for "common" in outlet ?7 (or any, NULL)
 * between since and until (either NULL), with the outlet's or the date
 * range's quote-id set (?14, ?15) built or not. */
static size_t filtered_search_ids(qt_store *s, const char *outlet, const char *since,
                                  const char *until, int use_set, long long *ids, size_t cap)
{
    sqlite3_stmt *st = qt_store_stmt(s, SQL_SEARCH, NULL);
    ck_assert_ptr_nonnull(st);
    sqlite3_bind_text(st, 1, "\"common\"", -1, SQLITE_STATIC);
    if (since) sqlite3_bind_text(st, 5, since, -1, SQLITE_STATIC);
    if (until) sqlite3_bind_text(st, 6, until, -1, SQLITE_STATIC);
    if (outlet) sqlite3_bind_text(st, 7, outlet, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, -1);
    qt_idset *set = NULL;
    if (use_set) {
        int slot = outlet ? 1 : 2; /* ?14 and ?17, or ?15 and ?18 */
        set = outlet ? id_set(s, SQL_OUTLET_IDS, outlet, NULL, 0)
                     : id_set(s, SQL_DATE_IDS, since, until, 0);
        sqlite3_bind_pointer(st, 13 + slot, set, QT_IDSET_TYPE, NULL);
        sqlite3_bind_int(st, 16 + slot, 1);
    }
    size_t n = sf_step_ids(st, ids, cap);
    qt_idset_free(set);
    return n;
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
        size_t n1 = filtered_search_ids(s, outlets[k], NULL, NULL, 1, by_set, 512);
        size_t n2 = filtered_search_ids(s, outlets[k], NULL, NULL, 0, by_join, 512);
        ck_assert_uint_eq(n1, want[k]);
        ck_assert_uint_eq(n2, want[k]);
        for (size_t i = 0; i < n1; i++) ck_assert_int_eq(by_set[i], by_join[i]);
        sf_rows r;
        memset(&r, 0, sizeof r);
        qt_query q = {.outlet = outlets[k], .limit = 1000};
        ck_assert_int_eq(qt_store_search(s, "common", &q, sf_collect, &r, NULL), QT_OK);
        ck_assert_int_eq(r.n, (int)want[k]);
    }
    qt_store_close(s);
    /* the set comes from the outlet index, in the look-ups' collation */
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
    char plan[8192];
    sf_query_plan(db, SQL_OUTLET_IDS, plan, sizeof plan);
    ck_assert_msg(strstr(plan, "USING COVERING INDEX articles_outlet_nocase"), "%s", plan);
    ck_assert_int_eq(sf_count_rows(db, "SELECT count(*) FROM sqlite_master WHERE name = 'articles_outlet'"),
                     0);
    sqlite3_close(db);
}
END_TEST

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
        size_t n1 = filtered_search_ids(s, NULL, ranges[k].since, ranges[k].until, 1, by_set, 512);
        size_t n2 = filtered_search_ids(s, NULL, ranges[k].since, ranges[k].until, 0, by_join, 512);
        ck_assert_msg(n1 == ranges[k].want && n2 == ranges[k].want,
                      "range %zu: %zu rows with the set, %zu joined, %zu expected", k, n1, n2,
                      ranges[k].want);
        for (size_t i = 0; i < n1; i++) ck_assert_int_eq(by_set[i], by_join[i]);
        sf_rows r;
        memset(&r, 0, sizeof r);
        qt_query q = {.since = ranges[k].since, .until = ranges[k].until, .limit = 1000};
        ck_assert_int_eq(qt_store_search(s, "common", &q, sf_collect, &r, NULL), QT_OK);
        ck_assert_int_eq(r.n, (int)ranges[k].want);
    }
    qt_store_close(s);
    /* the range is read from articles_order, the index of current articles */
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
    char plan[8192];
    sf_query_plan(db, SQL_DATE_IDS, plan, sizeof plan);
    ck_assert_msg(strstr(plan, "SEARCH da USING INDEX articles_order"), "%s", plan);
    sf_query_plan(db, SQL_DATE_COUNT, plan, sizeof plan);
    ck_assert_msg(strstr(plan, "SEARCH articles USING INDEX articles_order"), "%s", plan);
    sqlite3_close(db);
}
END_TEST

/* qt_idset: ids at both ends of the range and next to them, an empty set,
 * and qt_in_ids() with the set bound, bound to something else, and not
 * bound at all (which lets everything through). */
START_TEST(idset_bounds_and_unbound_sets)
{
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
    ck_assert_int_eq(qt_idset_register(db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY);"
                                      "INSERT INTO t VALUES (7), (8), (15), (16), (1000);",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_stmt *ids, *none, *in;
    ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT id FROM t WHERE id IN (8, 15, 1000, 8)", -1,
                                        &ids, NULL),
                     SQLITE_OK);
    ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT id FROM t WHERE 0", -1, &none, NULL),
                     SQLITE_OK);
    ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT group_concat(id) FROM"
                                            " (SELECT id FROM t WHERE qt_in_ids(?1, id) ORDER BY id)",
                                        -1, &in, NULL),
                     SQLITE_OK);
    qt_idset *set = qt_idset_new(), *empty = qt_idset_new();
    ck_assert_int_eq(qt_idset_fill(NULL, set, ids, NULL), QT_OK);
    ck_assert_int_eq(qt_idset_fill(NULL, empty, none, NULL), QT_OK);
    ck_assert_uint_eq(qt_idset_count(set), 3);
    static const long long probe[] = {-1, 0, 7, 8, 9, 15, 16, 999, 1000, 1001, 1LL << 40};
    static const int want[] = {0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0};
    for (size_t i = 0; i < sizeof probe / sizeof *probe; i++) {
        ck_assert_int_eq(qt_idset_has(set, probe[i]), want[i]);
        ck_assert_int_eq(qt_idset_has(empty, probe[i]), 0);
    }
    static const char *const lists[] = {"8,15,1000", NULL, "7,8,15,16,1000", "7,8,15,16,1000"};
    for (int k = 0; k < 4; k++) {
        if (k == 0) sqlite3_bind_pointer(in, 1, set, QT_IDSET_TYPE, NULL);
        if (k == 1) sqlite3_bind_pointer(in, 1, empty, QT_IDSET_TYPE, NULL);
        if (k == 2) sqlite3_bind_pointer(in, 1, set, "another_type", NULL);
        ck_assert_int_eq(sqlite3_step(in), SQLITE_ROW);
        const char *got = (const char *)sqlite3_column_text(in, 0);
        if (lists[k]) ck_assert_str_eq(got, lists[k]);
        else ck_assert_ptr_null(got);
        sqlite3_reset(in);
        sqlite3_clear_bindings(in);
    }
    qt_idset_free(set);
    qt_idset_free(empty);
    qt_idset_free(NULL);
    sqlite3_finalize(ids);
    sqlite3_finalize(none);
    sqlite3_finalize(in);
    sqlite3_close(db);
}
END_TEST

Suite *search_suite(void)
{
    Suite *s = suite_create("search");
    TCase *tc = tcase_create("search");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, search_treats_input_as_text);
    tcase_add_test(tc, search_ranks_a_recent_window);
    tcase_add_test(tc, rank_function_matches_bm25);
    tcase_add_test(tc, search_by_speaker_either_way);
    tcase_add_test(tc, search_by_outlet_either_way);
    tcase_add_test(tc, search_by_date_either_way);
    tcase_add_test(tc, idset_bounds_and_unbound_sets);
    suite_add_tcase(s, tc);
    return s;
}
