/*
 * test_family.c - quote comparison (similarity, word diff, relations), the
 * family rules (strict, reworded, speakers), and families built at ingest:
 * the issue's examples on the seed articles, the same result whatever the
 * ingest order, an origin that moves when an earlier article arrives, and
 * two statements of one speaker in one news cycle kept apart.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qt_family.h"
#include "qt_family_int.h" /* the term cache, tested against the database */
#include "qt_input.h"
#include "qt_qdiff.h"
#include "qt_scan.h"
#include "suites.h"

static qt_patterns *pats;
static qt_qlex *lex;

static void lex_setup(void)
{
    qt_error err;
    qt_error_clear(&err);
    pats = qt_patterns_load(NULL, &err);
    ck_assert_msg(pats != NULL, "%s", qt_error_message(&err));
    lex = qt_qlex_create(pats, &err);
    ck_assert_msg(lex != NULL, "%s", qt_error_message(&err));
}

static void lex_teardown(void)
{
    qt_qlex_free(lex);
    qt_patterns_free(pats);
}

static void build(const char *text, qt_qtext *t)
{
    ck_assert_int_eq(qt_qtext_build(lex, text, strlen(text), t, NULL), QT_OK);
}

/* The relation of member to parent, and the diff as JSON (caller frees). */
static qt_relation relate(const char *parent, const char *member, char **json)
{
    qt_qtext p, m;
    build(parent, &p);
    build(member, &m);
    qt_qdiff d = {0};
    ck_assert_int_eq(qt_qdiff_compute(&p, &m, &d, NULL), QT_OK);
    qt_relation rel = qt_qrelation(&p, &m, &d);
    if (json) {
        *json = qt_qdiff_json(&p, &m, &d);
        ck_assert_ptr_nonnull(*json);
    }
    qt_qdiff_clear(&d);
    qt_qtext_clear(&p);
    qt_qtext_clear(&m);
    return rel;
}

static void compare(const char *a, const char *b, qt_qsim *sim)
{
    qt_qtext x, y;
    build(a, &x);
    build(b, &y);
    qt_qcompare(&x, &y, sim);
    qt_qtext_clear(&x);
    qt_qtext_clear(&y);
}

static const char MEAT[] = "[Russian President Vladimir] Putin has been throwing more and more "
                           "Russians into a meat grinder of his own making in Ukraine. Now he’s "
                           "turning to North Korean troops, and that is a clear sign of weakness.";
static const char SENDING[] =
    "President Putin has been sending more and more of his own Russian troops into a perilous "
    "and costly conflict in Ukraine. Now, in a clear sign of weakness, he is resorting to "
    "utilizing North Korean troops in the fray.";
static const char GRINDER[] = "(He is) throwing more Russians into the ‘meat grinder’";

/* ---- similarity -------------------------------------------------------- */

START_TEST(content_words_stems_and_synonyms)
{
    qt_qtext t;
    build("The Russians said the Russian aid was assistance, it's making things.", &t);
    /* content words: russians said russian aid assistance making things
     * ("it's", "the", "was" are stop words) */
    ck_assert_uint_eq(t.ncontent, 7);
    ck_assert(t.content[0] == t.content[2]); /* Russians = Russian */
    ck_assert(t.content[3] == t.content[4]); /* aid = assistance */
    ck_assert(t.content[0] != t.content[1]); /* said is not russian */
    qt_qtext_clear(&t);
    build("[Russian President Vladimir] Putin", &t);
    ck_assert_uint_eq(t.nwords, 4);
    ck_assert_int_eq(t.words[0].bracketed, 1);
    ck_assert_int_eq(t.words[2].bracketed, 1);
    ck_assert_int_eq(t.words[3].bracketed, 0);
    qt_qtext_clear(&t);
}
END_TEST

START_TEST(similarity_counts_content_words)
{
    qt_qsim sim;
    compare("North Korean troops reached the Kursk region on Monday",
            "troops reached Kursk on Monday", &sim);
    /* north korean troops reached kursk region monday / troops reached kursk monday */
    ck_assert_uint_eq(sim.na, 7);
    ck_assert_uint_eq(sim.nb, 4);
    ck_assert_uint_eq(sim.lcs, 4);
    ck_assert_uint_eq(sim.bag, 4);
    ck_assert_uint_eq(sim.run, 3);
    ck_assert_double_eq_tol(sim.cont, 1.0, 1e-9);
    ck_assert_double_eq_tol(sim.dice, 8.0 / 11.0, 1e-9);
    /* order matters to lcs, not to bag */
    compare("security aid will come soon", "soon will come security aid", &sim);
    ck_assert_uint_eq(sim.bag, 4);
    ck_assert_uint_eq(sim.lcs, 2);
    /* the issue's pair: a fragment wholly inside the full quote */
    compare(MEAT, GRINDER, &sim);
    ck_assert_uint_eq(sim.nb, 4);
    ck_assert_uint_eq(sim.lcs, 4);
    ck_assert_double_eq_tol(sim.cont, 1.0, 1e-9);
    ck_assert(qt_family_strict(&sim));
    /* the reworded Blinken quote: not strict, many words shared out of order */
    compare(MEAT, SENDING, &sim);
    ck_assert(!qt_family_strict(&sim));
    ck_assert_uint_ge(sim.bag, 10);
    ck_assert(qt_family_reworded(&sim, QT_SPK_SAME, 2, 0, 0));
    ck_assert(!qt_family_reworded(&sim, QT_SPK_SAME, 9, 0, 0));      /* another week */
    ck_assert(!qt_family_reworded(&sim, QT_SPK_DIFFERENT, 0, 0, 0)); /* another speaker */
    ck_assert(!qt_family_reworded(&sim, QT_SPK_SAME, 0, 1, 0));      /* a partial quote */
}
END_TEST

START_TEST(reworded_rule_needs_more_than_topic_words)
{
    qt_qsim sim;
    /* Two Blinken statements of one day: topic words only (north korean
     * troops russia kursk) in common. */
    compare("out of the 10,000 North Korean troops believed to be undergoing training in "
            "Russia, 80% are currently located in the Kursk area",
            "Around 8,000 North Korean soldiers have already been deployed to Russia’s intense "
            "combat zone in the Kursk region and could enter combat within days",
            &sim);
    ck_assert(!qt_family_strict(&sim));
    ck_assert(!qt_family_reworded(&sim, QT_SPK_SAME, 1, 0, 0));
    /* Undated pairs need more: 6 of 12 and 12 words shared is 0.5 ... */
    qt_qsim s = {.na = 12, .nb = 12, .bag = 6, .lcs = 3};
    ck_assert(qt_family_reworded(&s, QT_SPK_SAME, 0, 0, 0));
    ck_assert(qt_family_reworded(&s, QT_SPK_SAME, -1, 0, 0));
    s.na = 14; /* ... 12/26 is 0.46: enough with close dates, not without */
    ck_assert(qt_family_reworded(&s, QT_SPK_SAME, 3, 0, 0));
    ck_assert(!qt_family_reworded(&s, QT_SPK_SAME, -1, 0, 0));
    s.bag = 5; /* five shared words are never enough */
    s.na = 8;
    s.nb = 8;
    ck_assert(!qt_family_reworded(&s, QT_SPK_SAME, 0, 0, 0));
}
END_TEST

START_TEST(strict_rule_thresholds)
{
    qt_qsim s = {.na = 5, .nb = 5, .lcs = 3, .dice = 0.6, .cont = 0.6, .run = 3};
    ck_assert(!qt_family_strict(&s)); /* three words are not enough */
    s.lcs = 4;
    s.dice = 0.8;
    ck_assert(qt_family_strict(&s));
    s = (qt_qsim){.na = 30, .nb = 5, .lcs = 4, .dice = 8.0 / 35.0, .cont = 0.8, .run = 2};
    ck_assert(qt_family_strict(&s)); /* a fragment */
    s.cont = 0.75;
    s.lcs = 4;
    ck_assert(!qt_family_strict(&s));
    s = (qt_qsim){.na = 40, .nb = 40, .lcs = 7, .dice = 0.175, .cont = 0.175, .run = 6};
    ck_assert(qt_family_strict(&s)); /* a shared run of six */
}
END_TEST

/* ---- diffs and relations ---------------------------------------------- */

START_TEST(diff_ops_and_json)
{
    char *json;
    ck_assert_int_eq(relate("They will probably pay an increasing role in helping P2P spread,",
                            "They will probably play an increasing role in helping P2P spread,",
                            &json),
                     QT_REL_ALTERED);
    ck_assert_str_eq(json, "[{\"op\":\"=\",\"text\":\"They will probably\"},"
                           "{\"op\":\"-\",\"text\":\"pay\"},{\"op\":\"+\",\"text\":\"play\"},"
                           "{\"op\":\"=\",\"text\":\"an increasing role in helping P2P "
                           "spread\"}]");
    free(json);
    /* words only the member has come after those only the parent has */
    ck_assert_int_eq(relate("a meat grinder of his own making", "a perilous and costly conflict",
                            &json),
                     QT_REL_ALTERED);
    ck_assert_str_eq(json, "[{\"op\":\"=\",\"text\":\"a\"},"
                           "{\"op\":\"-\",\"text\":\"meat grinder of his own making\"},"
                           "{\"op\":\"+\",\"text\":\"perilous and costly conflict\"}]");
    free(json);
}
END_TEST

START_TEST(relations)
{
    /* the scanner keeps the comma of `"...," he said`; typographic quotes */
    ck_assert_int_eq(relate("We will respond,", "We will respond.", NULL), QT_REL_VERBATIM);
    ck_assert_int_eq(relate("Putin’s ‘meat grinder’", "Putin's 'meat grinder'", NULL),
                     QT_REL_VERBATIM);
    /* case, brackets, ellipses, punctuation */
    ck_assert_int_eq(relate("[Russian President Vladimir] Putin has been throwing",
                            "Russian President Vladimir Putin has been throwing...", NULL),
                     QT_REL_NEAR_VERBATIM);
    ck_assert_int_eq(relate("I think in public you see this double-act pretending",
                            "I think in public you see this double act, pretending", NULL),
                     QT_REL_NEAR_VERBATIM);
    /* a fragment: the bracketed "(He is)" and "the" do not make it altered */
    char *json;
    ck_assert_int_eq(relate(MEAT, GRINDER, &json), QT_REL_PARTIAL);
    ck_assert_ptr_nonnull(strstr(json, "{\"op\":\"+\",\"text\":\"He is\"}"));
    ck_assert_ptr_nonnull(strstr(json, "{\"op\":\"-\",\"text\":\"and more\"}"));
    free(json);
    /* a cut inside is marked, or it is an alteration */
    ck_assert_int_eq(relate(MEAT, "Putin has been throwing more and more ... into a meat grinder",
                            NULL),
                     QT_REL_PARTIAL);
    ck_assert_int_eq(relate(MEAT, "Putin has been throwing more and more into a meat grinder",
                            NULL),
                     QT_REL_ALTERED);
    /* function words left out inside do not count */
    ck_assert_int_eq(relate(MEAT, "Putin has been throwing Russians into a meat grinder", NULL),
                     QT_REL_PARTIAL);
    /* a fragment with a word of its own is altered */
    ck_assert_int_eq(relate(MEAT, "throwing more Russians into a bloody meat grinder", NULL),
                     QT_REL_ALTERED);
    /* function words changed, nothing cut: altered */
    ck_assert_int_eq(relate("video evidence of the law being broken was to be passed onto police",
                            "video evidence of the law being broken would be passed onto police",
                            NULL),
                     QT_REL_ALTERED);
    /* the same words plus one: altered, not partial */
    ck_assert_int_eq(relate("a step in the right direction",
                            "another step in the right direction", NULL),
                     QT_REL_ALTERED);
    ck_assert_int_eq(relate(MEAT, SENDING, NULL), QT_REL_ALTERED);
    ck_assert_str_eq(qt_relation_name(QT_REL_NEAR_VERBATIM), "near-verbatim");
}
END_TEST

START_TEST(speaker_relations)
{
    qt_family_speaker blinken = {3, "person", "Antony Blinken"};
    qt_family_speaker blinken2 = {9, "person", "Blinken"};
    qt_family_speaker austin = {4, "person", "Lloyd Austin"};
    qt_family_speaker amb_kim = {5, "person", "Ambassador Kim"};
    qt_family_speaker kju = {6, "person", "Kim Jong Un"};
    qt_family_speaker kim = {7, "person", "Kim"};
    qt_family_speaker source = {8, "anonymous", "A government source"};
    qt_family_speaker none = {0, NULL, NULL};
    ck_assert_int_eq(qt_family_speaker_rel(&blinken, &blinken), QT_SPK_SAME);
    ck_assert_int_eq(qt_family_speaker_rel(&blinken, &blinken2), QT_SPK_NAMES);
    ck_assert_int_eq(qt_family_speaker_rel(&blinken, &austin), QT_SPK_DIFFERENT);
    ck_assert_int_eq(qt_family_speaker_rel(&amb_kim, &kju), QT_SPK_DIFFERENT);
    ck_assert_int_eq(qt_family_speaker_rel(&kim, &kju), QT_SPK_NAMES);
    ck_assert_int_eq(qt_family_speaker_rel(&source, &blinken), QT_SPK_MIXED);
    ck_assert_int_eq(qt_family_speaker_rel(&none, &austin), QT_SPK_UNKNOWN);
}
END_TEST

/* ---- families at ingest ---------------------------------------------- */

static qt_scanner *scanner;
static char *dir, *dbpath;

static void store_setup(void)
{
    lex_setup();
    qt_error err;
    qt_error_clear(&err);
    scanner = qt_scanner_create(pats, &err);
    ck_assert_msg(scanner != NULL, "%s", qt_error_message(&err));
    dir = tu_temp_dir();
    size_t n = strlen(dir) + 16;
    dbpath = malloc(n);
    snprintf(dbpath, n, "%s/f.db", dir);
}

static void store_teardown(void)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
    free(dbpath);
    free(dir);
    qt_scanner_free(scanner);
    lex_teardown();
}

/* The seed articles, with the publication dates the CLI tests use (see
 * tests/cli/inputs/seeds.dates for where each comes from). */
static const struct {
    const char *file, *published;
} SEEDS[] = {
    {"000_eb6442cd20dd2195.txt", "2024-11-02"}, {"001_293c7af737423495.txt", "2025-04-28"},
    {"002_457032d09a867f08.txt", "2024-10-30"}, {"003_274c51c25673f51c.txt", "2024-10-31"},
    {"004_56f86b59b630956c.txt", "2024-11-01"},
};

static void ingest_seed(qt_store *s, size_t i)
{
    const char *fx = getenv("QT_FIXTURES");
    char path[1024];
    snprintf(path, sizeof path, "%s/seeds/%s", fx && *fx ? fx : "fixtures", SEEDS[i].file);
    char *raw = NULL;
    size_t len = 0;
    qt_error err;
    qt_error_clear(&err);
    ck_assert_msg(qt_input_read_file(path, &raw, &len, &err) == QT_OK, "%s",
                  qt_error_message(&err));
    qt_article *a = NULL;
    ck_assert_int_eq(qt_article_from_bytes(SEEDS[i].file, raw, len, &a, &err), QT_OK);
    free(raw);
    ck_assert_int_eq(qt_article_set(a, "published", SEEDS[i].published, &err), QT_OK);
    ck_assert_msg(qt_store_ingest(s, a, scanner, NULL, &err) == QT_OK, "%s",
                  qt_error_message(&err));
    qt_article_free(a);
}

static qt_store *open_store(void)
{
    qt_error err;
    qt_error_clear(&err);
    qt_store *s = qt_store_open(dbpath, 0, &err);
    ck_assert_msg(s != NULL, "%s", qt_error_message(&err));
    return s;
}

static sqlite3 *open_db(void)
{
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    return db;
}

/* One text value of a query with one text parameter (or NULL). */
static char *query1(sqlite3 *db, const char *sql, const char *arg)
{
    sqlite3_stmt *st;
    ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK, "%s",
                  sqlite3_errmsg(db));
    if (arg) sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
    char *out = NULL;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        out = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

/* Every family member as "doc#seq relation parent-doc#seq similarity" and
 * every conflict, sorted: what must not depend on ingest order (ids do). */
static char *canonical(void)
{
    sqlite3 *db = open_db();
    char *out = query1(
        db,
        "SELECT group_concat(line, char(10)) FROM (SELECT line FROM ("
        " SELECT o.doc || '#' || oq.seq || ' ' || a.doc || '#' || q.seq || ' ' || m.relation"
        "  || ' ' || coalesce(pa.doc || '#' || p.seq, '-') || ' ' || printf('%.3f', m.similarity)"
        "  AS line FROM family_members m JOIN quotes q ON q.quote_id = m.quote_id"
        "  JOIN texts t ON t.text_id = q.text_id JOIN articles a ON a.article_id = t.home_article_id"
        "  JOIN families f ON f.family_id = m.family_id"
        "  JOIN quotes oq ON oq.quote_id = f.origin_quote_id"
        "  JOIN texts ot ON ot.text_id = oq.text_id"
        "  JOIN articles o ON o.article_id = ot.home_article_id"
        "  LEFT JOIN quotes p ON p.quote_id = m.parent_quote_id"
        "  LEFT JOIN texts pt ON pt.text_id = p.text_id"
        "  LEFT JOIN articles pa ON pa.article_id = pt.home_article_id"
        " UNION ALL SELECT c.kind || ' ' || a.doc || '#' || q.seq || ' ' || oa.doc || '#' || o.seq"
        "  FROM conflicts c JOIN quotes q ON q.quote_id = c.quote_id"
        "  JOIN texts t ON t.text_id = q.text_id JOIN articles a ON a.article_id = t.home_article_id"
        "  JOIN quotes o ON o.quote_id = c.other_quote_id JOIN texts ot ON ot.text_id = o.text_id"
        "  JOIN articles oa ON oa.article_id = ot.home_article_id"
        ") ORDER BY line)",
        NULL);
    sqlite3_close(db);
    ck_assert_ptr_nonnull(out);
    return out;
}

/* The family, relation and parent of the quote whose text contains needle
 * in document doc. */
typedef struct {
    long long quote_id, family_id, parent;
    char relation[16];
} membership;

static membership member_of(const char *doc, const char *needle)
{
    sqlite3 *db = open_db();
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(db,
                                        "SELECT m.quote_id, m.family_id,"
                                        " coalesce(m.parent_quote_id, 0), m.relation"
                                        " FROM v_family_members m WHERE m.doc = ?1"
                                        " AND instr(m.text, ?2) > 0",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, doc, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, needle, -1, SQLITE_STATIC);
    membership m = {0};
    ck_assert_msg(sqlite3_step(st) == SQLITE_ROW, "no quote with '%s' in %s", needle, doc);
    m.quote_id = sqlite3_column_int64(st, 0);
    m.family_id = sqlite3_column_int64(st, 1);
    m.parent = sqlite3_column_int64(st, 2);
    snprintf(m.relation, sizeof m.relation, "%s", (const char *)sqlite3_column_text(st, 3));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return m;
}

static long long count(const char *sql)
{
    sqlite3 *db = open_db();
    char *v = query1(db, sql, NULL);
    sqlite3_close(db);
    long long n = v ? atoll(v) : -1;
    free(v);
    return n;
}

#define S000 "000_eb6442cd20dd2195.txt"
#define S003 "003_274c51c25673f51c.txt"
#define S004 "004_56f86b59b630956c.txt"

START_TEST(seeds_issue_examples)
{
    qt_store *s = open_store();
    for (size_t i = 0; i < 5; i++) ingest_seed(s, i);
    qt_store_close(s);
    membership meat = member_of(S003, "meat grinder of his own making");
    membership grinder = member_of(S004, "throwing more Russians");
    membership sending = member_of(S000, "sending more and more");
    /* one family, the origin the earliest (seed 003, Oct 31) */
    ck_assert_str_eq(meat.relation, "origin");
    ck_assert_int_eq(grinder.family_id, meat.family_id);
    ck_assert_int_eq(sending.family_id, meat.family_id);
    ck_assert_str_eq(grinder.relation, "partial");
    ck_assert_int_eq(grinder.parent, meat.quote_id);
    ck_assert_str_eq(sending.relation, "altered");
    ck_assert_int_eq(sending.parent, meat.quote_id);
    char sql[256];
    /* the altered direct quote is flagged */
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM conflicts WHERE kind = 'altered' AND quote_id = %lld"
             " AND other_quote_id = %lld",
             sending.quote_id, meat.quote_id);
    ck_assert_int_eq(count(sql), 1);
    /* the security assistance: Blinken in 003, Austin in 004 */
    membership aid = member_of(S004, "additional security aid");
    membership assistance = member_of(S003, "further security assistance");
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM conflicts WHERE kind = 'attribution' AND quote_id = %lld"
             " AND other_quote_id = %lld",
             aid.quote_id, assistance.quote_id);
    ck_assert_int_eq(count(sql), 1);
    ck_assert_int_ne(aid.family_id, assistance.family_id);
}
END_TEST

START_TEST(seeds_same_families_in_any_order)
{
    static const size_t orders[3][5] = {{0, 1, 2, 3, 4}, {4, 3, 2, 1, 0}, {1, 4, 0, 2, 3}};
    char *first = NULL;
    for (int k = 0; k < 3; k++) {
        unlink(dbpath);
        char side[600];
        snprintf(side, sizeof side, "%s-wal", dbpath);
        unlink(side);
        snprintf(side, sizeof side, "%s-shm", dbpath);
        unlink(side);
        qt_store *s = open_store();
        for (size_t i = 0; i < 5; i++) ingest_seed(s, orders[k][i]);
        qt_store_close(s);
        char *c = canonical();
        if (!first) first = c;
        else {
            ck_assert_str_eq(c, first);
            free(c);
        }
        /* the origin is the earliest dated instance, whatever came first */
        membership meat = member_of(S003, "meat grinder of his own making");
        ck_assert_str_eq(meat.relation, "origin");
    }
    ck_assert_ptr_nonnull(strstr(first, "altered " S000));
    free(first);
}
END_TEST

/* Inside one batch the term index is read through a cache that the
 * batch's own inserts keep current (src/qt_family_terms.c): ingesting the
 * seeds in one batch must give what one batch per article gives. */
START_TEST(seeds_one_batch_same_families)
{
    qt_error err;
    qt_error_clear(&err);
    qt_store *s = open_store();
    for (size_t i = 0; i < 5; i++) ingest_seed(s, i);
    qt_store_close(s);
    char *separate = canonical();
    const char *sides[] = {"", "-wal", "-shm"};
    for (int k = 0; k < 3; k++) {
        char side[600];
        snprintf(side, sizeof side, "%s%s", dbpath, sides[k]);
        unlink(side);
    }
    s = open_store();
    ck_assert_int_eq(qt_store_begin(s, &err), QT_OK);
    for (size_t i = 0; i < 5; i++) ingest_seed(s, i);
    ck_assert_msg(qt_store_commit(s, &err) == QT_OK, "%s", qt_error_message(&err));
    qt_store_close(s);
    char *together = canonical();
    /* (not ck_assert_str_eq: Check cannot carry a message this long) */
    ck_assert_msg(strcmp(together, separate) == 0,
                  "families differ when the seeds come in one batch");
    ck_assert_ptr_nonnull(strstr(together, "altered " S000));
    free(separate);
    free(together);
}
END_TEST

/* The term cache against the database (src/qt_family_terms.c): it keeps
 * up with this connection's inserts, forgets a rolled-back batch, and sees
 * what another connection committed between two batches. */
static void posting_ids(qt_store *s, uint64_t key, long long *ids, size_t *n)
{
    qt_error err;
    qt_error_clear(&err);
    fam_posting buf[FAM_TERM_POSTINGS];
    const fam_posting *p;
    ck_assert_int_eq(fam_term_postings(s, key, buf, &p, n, &err), QT_OK);
    for (size_t i = 0; i < *n; i++) ids[i] = p[i].quote_id;
}

static void add_posting(qt_store *s, uint64_t key, long long id)
{
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(s->db,
                                        "INSERT OR IGNORE INTO quote_terms(key, quote_id, keys)"
                                        " VALUES (?1, ?2, 4)",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, (sqlite3_int64)key);
    sqlite3_bind_int64(st, 2, id);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
    int changed = sqlite3_changes(s->db);
    sqlite3_finalize(st);
    if (changed) fam_term_added(s, key, id, 4);
}

START_TEST(term_cache_follows_the_database)
{
    const uint64_t key = 0x1234567890abcdefull;
    qt_error err;
    qt_error_clear(&err);
    qt_store *a = open_store(), *b = open_store();
    ck_assert_ptr_nonnull(fam_ctx(a, &err));
    long long ids[FAM_TERM_POSTINGS];
    size_t n;
    /* this connection's inserts, newest first, at most FAM_TERM_POSTINGS */
    ck_assert_int_eq(qt_store_begin(a, &err), QT_OK);
    posting_ids(a, key, ids, &n);
    ck_assert_uint_eq(n, 0);
    for (long long id = 1; id <= FAM_TERM_POSTINGS + 2; id++) add_posting(a, key, id);
    add_posting(a, key, 5); /* ignored: already there */
    posting_ids(a, key, ids, &n);
    ck_assert_uint_eq(n, FAM_TERM_POSTINGS);
    ck_assert_int_eq(ids[0], FAM_TERM_POSTINGS + 2);
    ck_assert_int_eq(ids[FAM_TERM_POSTINGS - 1], 3);
    ck_assert_int_eq(qt_store_commit(a, &err), QT_OK);
    /* a rolled-back batch leaves nothing behind */
    ck_assert_int_eq(qt_store_begin(a, &err), QT_OK);
    add_posting(a, key, 100);
    posting_ids(a, key, ids, &n);
    ck_assert_int_eq(ids[0], 100);
    qt_store_rollback(a);
    ck_assert_int_eq(qt_store_begin(a, &err), QT_OK);
    posting_ids(a, key, ids, &n);
    ck_assert_int_eq(ids[0], FAM_TERM_POSTINGS + 2);
    ck_assert_int_eq(qt_store_commit(a, &err), QT_OK);
    /* another connection commits between two of a's batches */
    ck_assert_int_eq(qt_store_begin(b, &err), QT_OK);
    add_posting(b, key, 200);
    ck_assert_int_eq(qt_store_commit(b, &err), QT_OK);
    ck_assert_int_eq(qt_store_begin(a, &err), QT_OK);
    posting_ids(a, key, ids, &n);
    ck_assert_int_eq(ids[0], 200);
    ck_assert_int_eq(qt_store_commit(a, &err), QT_OK);
    qt_store_close(a);
    qt_store_close(b);
}
END_TEST

START_TEST(seeds_different_statements_stay_apart)
{
    qt_store *s = open_store();
    for (size_t i = 0; i < 5; i++) ingest_seed(s, i);
    qt_store_close(s);
    /* Blinken, one news cycle, the same topic (North Korean troops in
     * Russia), different statements. */
    membership reasons = member_of(S000, "One of the reasons that Russia");
    membership meat = member_of(S003, "meat grinder of his own making");
    membership eighty = member_of(S003, "80% are currently located");
    membership around = member_of(S004, "Around 8,000 North Korean soldiers");
    membership drills = member_of(S004, "conducting drills in artillery");
    ck_assert_int_ne(reasons.family_id, meat.family_id);
    ck_assert_int_ne(eighty.family_id, around.family_id);
    ck_assert_int_ne(drills.family_id, around.family_id);
    ck_assert_int_ne(drills.family_id, meat.family_id);
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM family_members WHERE family_id = %lld",
             reasons.family_id);
    ck_assert_int_eq(count(sql), 1);
}
END_TEST

/* An article with one quote by speaker, built by hand (no scanner). */
static void put_quote(qt_store *s, const char *doc, const char *published, const char *text,
                      const char *speaker)
{
    char body[1024];
    snprintf(body, sizeof body, "\"%s\" %s said.", text, speaker);
    qt_article *a = NULL;
    ck_assert_int_eq(qt_article_from_bytes(doc, body, strlen(body), &a, NULL), QT_OK);
    if (published) qt_article_set(a, "published", published, NULL);
    qt_speaker sp = {0};
    sp.name = (char *)speaker;
    sp.kind = QT_SPEAKER_PERSON;
    qt_quote q = {0};
    q.kind = QT_KIND_DIRECT;
    q.span.start = q.span.char_start = 1;
    q.span.end = q.span.char_end = 1 + strlen(text);
    q.text = (char *)text;
    q.speaker = 0;
    q.confidence = 0.9;
    q.rule = "test";
    q.parent = -1;
    qt_scan_result r = {0};
    r.quotes = &q;
    r.count = 1;
    r.speakers = &sp;
    r.speaker_count = 1;
    qt_error err;
    qt_error_clear(&err);
    ck_assert_msg(qt_store_ingest_result(s, a, &r, NULL, &err) == QT_OK, "%s",
                  qt_error_message(&err));
    qt_article_free(a);
}

START_TEST(origin_moves_to_an_earlier_article)
{
    qt_store *s = open_store();
    put_quote(s, "later", "2024-11-05", "We will not allow Russia to win this war of aggression",
              "Jane Doe");
    put_quote(s, "copy", "2024-11-06", "We will not allow Russia to win this war of aggression.",
              "Jane Doe");
    membership later = member_of("later", "win this war");
    ck_assert_str_eq(later.relation, "origin");
    /* an article published before both arrives last */
    put_quote(s, "earlier", "2024-11-01",
              "We will not allow Russia to win this brutal war of aggression", "Jane Doe");
    qt_store_close(s);
    membership earlier = member_of("earlier", "win this brutal war");
    later = member_of("later", "win this war");
    membership copy = member_of("copy", "win this war");
    ck_assert_int_eq(earlier.family_id, later.family_id);
    ck_assert_int_eq(copy.family_id, later.family_id);
    ck_assert_str_eq(earlier.relation, "origin");
    ck_assert_str_eq(later.relation, "altered"); /* "brutal" dropped */
    ck_assert_int_eq(later.parent, earlier.quote_id);
    ck_assert_str_eq(copy.relation, "verbatim"); /* of the later one, its own words */
    ck_assert_int_eq(copy.parent, later.quote_id);
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT origin_quote_id FROM families WHERE family_id = %lld",
             earlier.family_id);
    ck_assert_int_eq(count(sql), earlier.quote_id);
    /* "later" is now an altered direct quote of "earlier" */
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM conflicts WHERE kind = 'altered' AND quote_id = %lld",
             later.quote_id);
    ck_assert_int_eq(count(sql), 1);
}
END_TEST

START_TEST(one_speaker_two_statements_not_merged)
{
    qt_store *s = open_store();
    put_quote(s, "a", "2024-11-01",
              "Russia is sending North Korean troops to Ukraine because Putin is desperate and "
              "running out of men",
              "Jane Doe");
    put_quote(s, "b", "2024-11-01",
              "North Korean troops in Russia will be legitimate targets once they fight Ukraine",
              "Jane Doe");
    /* and the same statement reworded by another outlet does join */
    put_quote(s, "c", "2024-11-02",
              "Putin is desperate and running out of men, so Russia is sending North Korean "
              "troops to Ukraine",
              "Jane Doe");
    qt_store_close(s);
    membership a = member_of("a", "desperate"), b = member_of("b", "legitimate targets"),
               c = member_of("c", "desperate");
    ck_assert_int_ne(a.family_id, b.family_id);
    ck_assert_int_eq(c.family_id, a.family_id);
    ck_assert_str_eq(c.relation, "altered");
}
END_TEST

/* trace and conflicts through the library */
typedef struct {
    int rows, origins, matched;
    long long family;
} trace_count;

static qt_status count_row(const qt_family_row *r, void *ctx, qt_error *err)
{
    (void)err;
    trace_count *c = ctx;
    c->rows++;
    c->origins += r->depth == 0;
    c->matched += r->matched;
    c->family = r->family_id;
    ck_assert(r->depth == 0 ? r->parent_quote_id == 0 && r->diff == NULL
                            : r->parent_quote_id != 0 && r->diff != NULL);
    return QT_OK;
}

static qt_status count_conflict(const qt_conflict_row *r, void *ctx, qt_error *err)
{
    (void)err;
    (void)r;
    (*(int *)ctx)++;
    return QT_OK;
}

START_TEST(trace_and_conflicts_lookups)
{
    qt_store *s = open_store();
    for (size_t i = 0; i < 5; i++) ingest_seed(s, i);
    membership meat = member_of(S003, "meat grinder of his own making");
    trace_count c = {0};
    ck_assert_int_eq(qt_store_trace_quote(s, meat.quote_id, count_row, &c, NULL), QT_OK);
    ck_assert_int_eq(c.rows, 3);
    ck_assert_int_eq(c.origins, 1);
    ck_assert_int_eq(c.matched, 1);
    ck_assert_int_eq(c.family, meat.family_id);
    memset(&c, 0, sizeof c);
    size_t families = 0;
    ck_assert_int_eq(qt_store_trace_text(s, "the meat grinder", 0, count_row, &c, &families,
                                         NULL),
                     QT_OK);
    ck_assert_uint_eq(families, 1);
    ck_assert_int_eq(c.family, meat.family_id);
    ck_assert_int_eq(c.matched, 2); /* seed 003's and seed 004's */
    qt_error err;
    ck_assert_int_eq(qt_store_trace_quote(s, 999999, count_row, &c, &err), QT_ERR_NOTFOUND);
    ck_assert_int_eq(qt_store_trace_text(s, "…", 0, count_row, &c, NULL, &err), QT_ERR_USAGE);
    int n = 0;
    ck_assert_int_eq(qt_store_conflicts(s, NULL, count_conflict, &n, NULL), QT_OK);
    ck_assert_int_eq(n, 3);
    n = 0;
    qt_conflict_filter altered = {.kind = "altered"};
    ck_assert_int_eq(qt_store_conflicts(s, &altered, count_conflict, &n, NULL), QT_OK);
    ck_assert_int_eq(n, 1);
    qt_store_close(s);
}
END_TEST

Suite *family_suite(void)
{
    Suite *s = suite_create("family");
    TCase *tc = tcase_create("compare");
    tcase_add_checked_fixture(tc, lex_setup, lex_teardown);
    tcase_add_test(tc, content_words_stems_and_synonyms);
    tcase_add_test(tc, similarity_counts_content_words);
    tcase_add_test(tc, reworded_rule_needs_more_than_topic_words);
    tcase_add_test(tc, strict_rule_thresholds);
    tcase_add_test(tc, diff_ops_and_json);
    tcase_add_test(tc, relations);
    tcase_add_test(tc, speaker_relations);
    suite_add_tcase(s, tc);
    tc = tcase_create("ingest");
    tcase_add_checked_fixture(tc, store_setup, store_teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, seeds_issue_examples);
    tcase_add_test(tc, seeds_same_families_in_any_order);
    tcase_add_test(tc, seeds_one_batch_same_families);
    tcase_add_test(tc, term_cache_follows_the_database);
    tcase_add_test(tc, seeds_different_statements_stay_apart);
    tcase_add_test(tc, origin_moves_to_an_earlier_article);
    tcase_add_test(tc, one_speaker_two_statements_not_merged);
    tcase_add_test(tc, trace_and_conflicts_lookups);
    suite_add_tcase(s, tc);
    return s;
}
