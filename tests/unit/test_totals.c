/*
 * test_totals.c - what the store keeps so that look-ups need not work it
 * out: the quote and outlet counts of each speaker
 * (db/011_speaker_totals.sql) that `speakers` reads, and each quote's copy
 * of its text's home article and sort key (db/012_who_cover.sql) that
 * `who` reads in order.  After every kind of change (new texts, verbatim
 * copies in the same and other outlets, an article without an outlet,
 * revisions that retire a text and that come back to an older one, merge,
 * split, rename) they must equal what the quotes, texts and articles say
 * themselves, and the counts hold the figures worked out by hand.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qt_store.h"
#include "qt_store_int.h"
#include "store_fake.h"
#include "suites.h"

static char *dir;
static char *dbpath;

static void setup(void)
{
    sf_db_temp(&dir, &dbpath);
}

static void teardown(void)
{
    sf_db_remove(dir, dbpath);
}

/* Every speaker's stored counts equal the recount (SQL_SPEAKERS_RECOUNT),
 * and no outlet row is left at zero.  Returns how many speakers it saw. */
static int check_totals(qt_store *s, const char *when)
{
    sqlite3_stmt *st = qt_store_stmt(s, SQL_SPEAKERS_RECOUNT, NULL);
    ck_assert_ptr_nonnull(st);
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        ck_assert_msg(sqlite3_column_int64(st, 1) == sqlite3_column_int64(st, 3),
                      "%s: speaker %lld has %lld quotes, %lld stored", when, id,
                      sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 3));
        ck_assert_msg(sqlite3_column_int64(st, 2) == sqlite3_column_int64(st, 4),
                      "%s: speaker %lld is in %lld outlets, %lld stored", when, id,
                      sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 4));
        ck_assert_msg(sqlite3_column_int64(st, 5) == 0, "%s: speaker %lld has an empty outlet row",
                      when, id);
        n++;
    }
    ck_assert_int_eq(rc, SQLITE_DONE);
    sqlite3_reset(st);
    return n;
}

/* Every quote's home_article_id and home_order are its text's home article
 * and that article's coalesce(published, ingested_at). */
static void check_homes(qt_store *s, const char *when)
{
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(s->db,
                                        "SELECT count(*), sum(q.home_article_id IS NOT t.home_article_id"
                                        " OR q.home_order IS NOT coalesce(a.published, a.ingested_at))"
                                        " FROM quotes q JOIN texts t ON t.text_id = q.text_id"
                                        " LEFT JOIN articles a ON a.article_id = t.home_article_id",
                                        -1, &st, NULL),
                     SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    ck_assert_msg(sqlite3_column_int(st, 1) == 0, "%s: %d of %d quotes have a stale home", when,
                  sqlite3_column_int(st, 1), sqlite3_column_int(st, 0));
    sqlite3_finalize(st);
}

/* The quote ids statement id lists for name, all of them (at most cap). */
static size_t who_ids(qt_store *s, qt_sql_id id, const char *name, long long *ids, size_t cap)
{
    sqlite3_stmt *st = qt_store_stmt(s, id, NULL);
    ck_assert_ptr_nonnull(st);
    char *key = qt_store_key(name);
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, -1);
    sqlite3_bind_int64(st, 9, -1);
    size_t n = sf_step_ids(st, ids, cap);
    free(key);
    return n;
}

/* `who` for one speaker (SQL_WHO_ONE, reading the copies in quotes_who)
 * lists the rows SQL_WHO finds through texts and articles, in its order. */
static void check_who(qt_store *s, const char *name, const char *when)
{
    long long one[64], all[64];
    size_t n_one = who_ids(s, SQL_WHO_ONE, name, one, 64);
    size_t n_all = who_ids(s, SQL_WHO, name, all, 64);
    ck_assert_msg(n_one == n_all, "%s: who %s: %zu rows, %zu through the texts", when, name,
                  n_one, n_all);
    for (size_t i = 0; i < n_one; i++)
        ck_assert_msg(one[i] == all[i], "%s: who %s: row %zu is quote %lld, not %lld", when, name,
                      i, one[i], all[i]);
}

typedef struct {
    const char *name;
    long quotes, outlets;
    int found;
} counted;

static qt_status find_counts(const qt_speaker_row *r, void *ctx, qt_error *err)
{
    (void)err;
    counted *c = ctx;
    if (!strcmp(r->name, c->name)) {
        c->quotes = r->quotes;
        c->outlets = r->outlets;
        c->found++;
    }
    return QT_OK;
}

/* What `speakers` says of the speaker called name: its quotes and outlets. */
static void expect(qt_store *s, const char *name, long quotes, long outlets, const char *when)
{
    check_totals(s, when);
    check_homes(s, when);
    check_who(s, name, when);
    counted c = {name, -1, -1, 0};
    qt_error err;
    qt_error_clear(&err);
    ck_assert_int_eq(qt_store_speakers(s, NULL, NULL, find_counts, &c, &err), QT_OK);
    ck_assert_msg(c.found == 1, "%s: %s listed %d times", when, name, c.found);
    ck_assert_msg(c.quotes == quotes && c.outlets == outlets,
                  "%s: %s has %ld quotes in %ld outlets, expected %ld in %ld", when, name,
                  c.quotes, c.outlets, quotes, outlets);
}

static const char TA[] = "\"We will respond,\" Blinken said. \"Not now,\" he added. "
                         "Kim said \"talks go on\". \"Unsigned words\" ran.";
static const char TB[] = "\"We will respond firmly,\" Blinken said.";
static const sp_spec TWO[] = {{"Antony Blinken", QT_SPEAKER_PERSON, {"Blinken", NULL}},
                              {"Ambassador Kim", QT_SPEAKER_PERSON, {"Kim", NULL}}};
static const q_spec QA[] = {{"We will respond,", 0, QT_KIND_DIRECT},
                            {"Not now,", 0, QT_KIND_DIRECT},
                            {"talks go on", 1, QT_KIND_DIRECT},
                            {"Unsigned words", -1, QT_KIND_DIRECT}};
static const q_spec QB[] = {{"We will respond firmly,", 0, QT_KIND_DIRECT}};

/* Ingests text TA (with_b 0) or TB (1) as article id of outlet (dated by the text). */
static qt_ingest_outcome put_text(qt_store *s, int with_b, const char *id, const char *url,
                                  const char *outlet)
{
    qt_article *a = sf_article(id, with_b ? TB : TA, url, outlet,
                               with_b ? "2024-11-02" : "2024-11-01");
    qt_ingest_outcome o = with_b ? sf_put(s, a, TWO, 1, QB, 1) : sf_put(s, a, TWO, 2, QA, 4);
    qt_article_free(a);
    return o;
}

#define put_a(s, id, url, outlet) put_text((s), 0, (id), (url), (outlet))
#define put_b(s, id, url, outlet) put_text((s), 1, (id), (url), (outlet))

START_TEST(totals_follow_every_change)
{
    qt_error err;
    qt_error_clear(&err);
    qt_store *s = qt_store_open(dbpath, 0, &err);
    ck_assert_msg(s != NULL, "%s", qt_error_message(&err));
    ck_assert_int_eq(put_a(s, "ap-1", "https://ap.example/1", "AP"), QT_INGEST_NEW);
    expect(s, "Antony Blinken", 2, 1, "new text");
    expect(s, "Ambassador Kim", 1, 1, "new text");
    /* copies: another outlet adds an outlet, not quotes; the same outlet
     * again and no outlet add neither */
    ck_assert_int_eq(put_a(s, "rt-1", "https://rt.example/1", "Reuters"), QT_INGEST_COPY);
    expect(s, "Antony Blinken", 2, 2, "copy in another outlet");
    ck_assert_int_eq(put_a(s, "ap-2", "https://ap.example/2", "AP"), QT_INGEST_COPY);
    ck_assert_int_eq(put_a(s, "blog", NULL, NULL), QT_INGEST_COPY);
    expect(s, "Antony Blinken", 2, 2, "copies in the same outlet and in none");
    ck_assert_int_eq(put_b(s, "nyt-1", NULL, "NYT"), QT_INGEST_NEW);
    expect(s, "Antony Blinken", 3, 3, "second text");
    /* the home article is revised away: the text moves to a copy (REHOME),
     * its quotes still count; the revision is a stored text (TB) */
    ck_assert_int_eq(put_b(s, "ap-1", "https://ap.example/1", "AP"), QT_INGEST_REVISED);
    expect(s, "Antony Blinken", 3, 3, "home revised away");
    expect(s, "Ambassador Kim", 1, 2, "home revised away");
    /* every article carrying TA revised away: its quotes drop out */
    ck_assert_int_eq(put_b(s, "rt-1", "https://rt.example/1", "Reuters"), QT_INGEST_REVISED);
    expect(s, "Ambassador Kim", 1, 1, "Reuters revised");
    ck_assert_int_eq(put_b(s, "ap-2", "https://ap.example/2", "AP"), QT_INGEST_REVISED);
    ck_assert_int_eq(put_b(s, "blog", NULL, NULL), QT_INGEST_REVISED);
    expect(s, "Ambassador Kim", 0, 0, "TA retired");
    expect(s, "Antony Blinken", 1, 3, "TA retired");
    /* and back: a revision to the retired wording rehomes it (HOME_IF_STALE) */
    ck_assert_int_eq(put_a(s, "rt-1", "https://rt.example/1", "Reuters"), QT_INGEST_REVISED);
    expect(s, "Ambassador Kim", 1, 1, "TA back");
    expect(s, "Antony Blinken", 3, 3, "TA back");
    /* curation: a merge moves the quotes, a split moves one article's back */
    ck_assert_int_eq(qt_store_speaker_merge(s, "Antony Blinken", "Ambassador Kim", &err), QT_OK);
    expect(s, "Antony Blinken", 4, 3, "merged");
    ck_assert_int_eq(check_totals(s, "merged"), 1);
    ck_assert_int_eq(qt_store_speaker_split(s, "Antony Blinken", "rt-1", "Split Off", &err),
                     QT_OK);
    expect(s, "Split Off", 3, 1, "split");
    expect(s, "Antony Blinken", 1, 2, "split");
    ck_assert_int_eq(qt_store_speaker_rename(s, "Split Off", "Kim Again", &err), QT_OK);
    expect(s, "Kim Again", 3, 1, "renamed");
    /* and the same after reopening: nothing lives only in memory */
    qt_store_close(s);
    s = qt_store_open(dbpath, QT_STORE_READONLY, &err);
    ck_assert_msg(s != NULL, "%s", qt_error_message(&err));
    expect(s, "Kim Again", 3, 1, "reopened");
    qt_store_close(s);
}
END_TEST

/* `speakers` reads the stored counts: its plan touches neither quotes nor
 * articles, and a stored count is what it prints. */
START_TEST(speakers_read_stored_counts)
{
    qt_error err;
    qt_error_clear(&err);
    qt_store *s = qt_store_open(dbpath, 0, &err);
    ck_assert_msg(s != NULL, "%s", qt_error_message(&err));
    ck_assert_int_eq(put_a(s, "ap-1", NULL, "AP"), QT_INGEST_NEW);
    sqlite3 *db = s->db;
    char plan[4096];
    sf_query_plan(db, SQL_SPEAKERS, plan, sizeof plan);
    ck_assert_msg(!strstr(plan, " quotes ") && !strstr(plan, " q ") && !strstr(plan, "articles"),
                  "%s", plan);
    ck_assert_int_eq(sqlite3_exec(db, "UPDATE speaker_totals SET quotes = 41", NULL, NULL, NULL),
                     SQLITE_OK);
    counted c = {"Antony Blinken", -1, -1, 0};
    ck_assert_int_eq(qt_store_speakers(s, NULL, NULL, find_counts, &c, &err), QT_OK);
    ck_assert_int_eq(c.quotes, 41);
    qt_store_close(s);
}
END_TEST

typedef long counted_rows;

static qt_status count_who(const qt_quote_row *r, void *ctx, qt_error *err)
{
    (void)r;
    (void)err;
    (*(counted_rows *)ctx)++;
    return QT_OK;
}

/* `who` for one speaker reads one range of quotes_who in the order it
 * prints: no quote row, no texts row, no sort (db/012_who_cover.sql). */
START_TEST(who_reads_one_ordered_index)
{
    qt_error err;
    qt_error_clear(&err);
    qt_store *s = qt_store_open(dbpath, 0, &err);
    ck_assert_msg(s != NULL, "%s", qt_error_message(&err));
    char plan[4096];
    sf_query_plan(s->db, SQL_WHO_ONE, plan, sizeof plan);
    ck_assert_msg(strstr(plan, "SEARCH q USING COVERING INDEX quotes_who (speaker_id=?)"), "%s",
                  plan);
    ck_assert_msg(!strstr(plan, "TEMP B-TREE FOR ORDER BY") && !strstr(plan, " t "), "%s", plan);
    /* The count that picks it and the look-up share one read snapshot,
     * which ends with the look-up, found or not; inside a write batch the
     * batch's own transaction serves and stays open. */
    ck_assert_int_eq(put_a(s, "ap-1", NULL, "AP"), QT_INGEST_NEW);
    counted_rows n = 0;
    ck_assert_int_eq(qt_store_who(s, "Antony Blinken", NULL, count_who, &n, NULL, &err), QT_OK);
    ck_assert_int_eq(n, 2);
    ck_assert_int_ne(sqlite3_get_autocommit(s->db), 0);
    ck_assert_int_eq(qt_store_who(s, "Nobody Here", NULL, count_who, &n, NULL, &err),
                     QT_ERR_NOTFOUND);
    ck_assert_int_ne(sqlite3_get_autocommit(s->db), 0);
    ck_assert_int_eq(qt_store_begin(s, &err), QT_OK);
    ck_assert_int_eq(qt_store_who(s, "Blinken", NULL, count_who, &n, NULL, &err), QT_OK);
    ck_assert_int_eq(n, 4);
    ck_assert_int_eq(sqlite3_get_autocommit(s->db), 0);
    ck_assert_int_eq(qt_store_commit(s, &err), QT_OK);
    qt_store_close(s);
}
END_TEST

Suite *totals_suite(void)
{
    Suite *s = suite_create("totals");
    TCase *tc = tcase_create("totals");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, totals_follow_every_change);
    tcase_add_test(tc, speakers_read_stored_counts);
    tcase_add_test(tc, who_reads_one_ordered_index);
    suite_add_tcase(s, tc);
    return s;
}
