/*
 * test_store.c - the SQLite store: idempotent ingest, revisions and copies,
 * speakers joined across articles (and kept apart when they differ),
 * `who`, `articles` and `show`, curation, schema upgrades, and the
 * schema-version and path errors (full-text search: test_search.c).  Scan results are built by hand so the
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

/* ---- collecting rows (sf_rows, sf_collect: store_fake.h) -------------- */

static int who(qt_store *s, const char *name, const qt_query *q, sf_rows *out)
{
    memset(out, 0, sizeof *out);
    qt_error err;
    qt_error_clear(&err);
    qt_status st = qt_store_who(s, name, q, sf_collect, out, NULL, &err);
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
    return sf_open(dbpath);
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
    sf_rows r;
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
    sf_rows r;
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

    sf_rows r;
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
    sf_rows r;
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
    sf_rows walk, sorted;
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
    ck_assert_int_eq(sf_search(s, "respond", QT_OK), 1); /* rebuilt from quotes */
    qt_article *a = sf_article("b", "\"Talks will resume,\" Kim said.", NULL, NULL, NULL);
    q_spec qb[] = {{"Talks will resume,", 0, QT_KIND_DIRECT}};
    sf_put(s, a, &BLINKEN, 1, qb, 1);
    qt_article_free(a);
    ck_assert_int_eq(sf_search(s, "resum*", QT_OK), 1);
    ck_assert_int_eq(sf_search(s, "talks", QT_OK), 1); /* indexed once, not twice */
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
    ck_assert_int_eq(sf_search(s, "zebras", QT_OK), 0);
    ck_assert_int_eq(sf_search(s, "giraffes", QT_OK), 3);
    /* a single ingest outside a batch commits (and indexes) by itself */
    a = sf_article("c", "\"Zebras will vote after all,\" Blinken said.", NULL, NULL, NULL);
    q_spec qc[] = {{"Zebras will vote after all,", 0, QT_KIND_DIRECT}};
    sf_put(s, a, &BLINKEN, 1, qc, 1);
    qt_article_free(a);
    ck_assert_int_eq(sf_search(s, "zebras", QT_OK), 1);
    qt_store_close(s);
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "INSERT INTO quotes_fts(quotes_fts, rank)"
                                      " VALUES ('integrity-check', 1)", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
}
END_TEST

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
    ck_assert_int_eq(sf_count_rows(db, "SELECT count(*) FROM fingerprints"), 3);
    ck_assert_int_eq(sf_count_rows(db, "SELECT count(*) FROM fingerprints WHERE hash = -5"), 2);
    ck_assert_int_eq(sf_count_rows(db, "SELECT count(*) FROM pragma_table_info('fingerprints')"), 2);
    ck_assert_int_eq(sf_count_rows(db, "SELECT count(*) FROM sqlite_master WHERE name = 'fingerprints_text'"),
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
    ck_assert_int_eq(sf_count_rows(db, "SELECT count(*) FROM articles"), 1);
    ck_assert_int_eq(sf_count_rows(db, "SELECT count(*) FROM texts WHERE bytes = 0"), 0);
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
    sf_query_plan(db, SQL_ARTICLES_CURRENT, plan, sizeof plan);
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
    sf_rows r;
    ck_assert_int_eq(who(s, "Antony Blinken", NULL, &r), 1);
    qt_store_close(s);
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
    ck_assert_int_eq(sf_count_rows(db, "SELECT count(*) FROM sqlite_master WHERE name = 'articles_text'"),
                     0);
    char plan[4096];
    static const qt_sql_id looked[] = {SQL_WHO, SQL_WHO_KIND, SQL_WHO_WALK};
    for (size_t i = 0; i < sizeof looked / sizeof *looked; i++) {
        sf_query_plan(db, looked[i], plan, sizeof plan);
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
    ck_assert_int_eq(sf_count_rows(s->db, "SELECT quotes FROM speaker_totals"), 1);
    ck_assert_int_eq(sf_count_rows(s->db, "SELECT count(*) FROM speaker_outlets WHERE outlet = 'AP'"
                                       " AND n = 1"), 1);
    ck_assert_int_eq(sf_count_rows(s->db, "SELECT quotes FROM v_speakers"), 1);
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
    ck_assert_int_eq(sf_count_rows(s->db, "SELECT count(*) FROM quotes q JOIN texts t USING (text_id)"
                                       " JOIN articles a ON a.article_id = t.home_article_id"
                                       " WHERE q.home_article_id = a.article_id"
                                       " AND q.home_order = '2024-11-01'"),
                     1);
    ck_assert_int_eq(sf_count_rows(s->db, "SELECT count(*) FROM sqlite_master"
                                       " WHERE name IN ('quotes_who', 'texts_home_quotes')"),
                     2);
    ck_assert_int_eq(sf_count_rows(s->db, "SELECT count(*) FROM sqlite_master"
                                       " WHERE name = 'quotes_speaker'"),
                     0);
    sf_rows r;
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
    sf_rows r;
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
    sf_rows r;
    memset(&r, 0, sizeof r);
    qt_error err;
    qt_error_clear(&err);
    ck_assert_int_eq(qt_store_show(s, "https://a.example/1", NULL, sf_collect, &r, &err), QT_OK);
    ck_assert_int_eq(r.n, 1);
    ck_assert_int_eq(qt_store_show(s, "#1", NULL, sf_collect, &r, &err), QT_OK);
    ck_assert_int_eq(qt_store_show(s, "nope", NULL, sf_collect, &r, &err), QT_ERR_NOTFOUND);
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
    tcase_add_test(tc, who_walk_matches_sorting_plan);
    tcase_add_test(tc, schema_fts_prefix_upgrade);
    tcase_add_test(tc, fts_written_at_commit);
    tcase_add_test(tc, schema_fingerprint_postings_upgrade);
    tcase_add_test(tc, schema_who_locality_upgrade);
    tcase_add_test(tc, schema_speaker_totals_upgrade);
    tcase_add_test(tc, schema_who_cover_upgrade);
    tcase_add_test(tc, articles_limit_walks_in_order);
    tcase_add_test(tc, blank_text_is_refused_and_the_batch_goes_on);
    tcase_add_test(tc, curation_applies_to_later_ingests);
    tcase_add_test(tc, schema_and_path_errors);
    tcase_add_test(tc, show_and_articles);
    tcase_add_test(tc, batch_scale_follows_commit_cost);
    suite_add_tcase(s, tc);
    return s;
}
