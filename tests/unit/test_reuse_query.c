/*
 * test_reuse_query.c - listing stored reuse pairs with a filter
 * (qt_reuse_filter: outlets on either side, across outlets, dates,
 * relation, coverage) and the summary by outlet pair.  Each filter's result
 * is checked against the unfiltered list filtered here, independently, and
 * must be a proper, non-empty subset, so a filter that does nothing fails.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "qt_reuse.h"
#include "qt_store.h"
#include "suites.h"

/* A wire story, a syndicated copy (the story plus a paragraph), a verbatim
 * copy with no outlet or date, and a partial rewrite in a third outlet. */
#define PARA1                                                                              \
    "Pumps are working around the clock to drain the Harbour City rail tunnel, flooded "   \
    "under two metres of water after three days of storms cut the main line to the "     \
    "capital.\n\n"
#define PARA2                                                                              \
    "Transport minister Alice Moreau told reporters the tunnel would stay closed for at "  \
    "least a week while engineers inspect the signalling cables and the drainage shafts.\n\n"
#define PARA3                                                                              \
    "Some forty thousand commuters use the tunnel each weekday. The authority has hired "  \
    "sixty coaches from neighbouring districts and extended ferry services across the "   \
    "bay.\n"
#define EXTRA                                                                              \
    "\nLocal shopkeepers near the station say trade has fallen by half since the storms, " \
    "and the chamber of commerce wants compensation.\n"
#define OTHER                                                                              \
    "The city council approved a new budget for public libraries on Monday, adding "      \
    "funds for longer opening hours, children's reading programmes and repairs to the "   \
    "roof of the central branch after a long campaign by parents.\n\n"                    \
    "Opposition councillors said the money would have been better spent on road "         \
    "repairs, while the library union welcomed the vote as overdue.\n\n"                  \
    "Some forty thousand commuters use the tunnel each weekday. The authority has hired "  \
    "sixty coaches from neighbouring districts and extended ferry services across the "   \
    "bay.\n"

typedef struct {
    const char *id, *outlet, *published, *text;
} art;

static const art arts[] = {
    {"wire", "Coastal Press", "2024-03-05T08:00:00Z", PARA1 PARA2 PARA3},
    {"copy", "Valley Gazette", "2024-03-05T11:30:00Z", PARA1 PARA2 PARA3 EXTRA},
    {"bare", NULL, NULL, PARA1 PARA2 PARA3 "\nEnds.\n"},
    {"council", "valley gazette", "2024-03-07", OTHER},
};

static void ingest_all(qt_store *s);

/* A fresh store in a temporary directory with arts[] ingested. */
static qt_store *seeded_store(char **dir, char **path)
{
    *dir = tu_temp_dir();
    *path = tu_dir_file(*dir, "r.db", "");
    remove(*path);
    qt_error err;
    qt_error_clear(&err);
    qt_store *s = qt_store_open(*path, 0, &err);
    ck_assert_msg(s != NULL, "%s", qt_error_message(&err));
    ingest_all(s);
    return s;
}

static void ingest_all(qt_store *s)
{
    for (size_t i = 0; i < sizeof arts / sizeof *arts; i++) {
        qt_article *x = NULL;
        qt_error err;
        qt_error_clear(&err);
        const art *a = &arts[i];
        ck_assert_int_eq(qt_article_from_bytes(a->id, a->text, strlen(a->text), &x, &err), QT_OK);
        if (a->outlet) ck_assert_int_eq(qt_article_set(x, "outlet", a->outlet, &err), QT_OK);
        if (a->published)
            ck_assert_int_eq(qt_article_set(x, "published", a->published, &err), QT_OK);
        ck_assert_msg(qt_store_ingest_result(s, x, NULL, NULL, &err) == QT_OK, "%s",
                      qt_error_message(&err));
        qt_article_free(x);
    }
}

/* A pair as the test sees it. */
typedef struct {
    char key[64];
    char source_outlet[32], derived_outlet[32], published[32];
    int has_source_outlet, has_derived_outlet, dated, primary;
    qt_reuse_relation relation;
    double coverage;
} pair;

typedef struct {
    pair items[32];
    size_t n;
} pair_list;

static void copy_opt(char *dst, size_t cap, const char *src, int *has)
{
    *has = src != NULL;
    snprintf(dst, cap, "%s", src ? src : "");
}

static qt_status collect(const qt_reuse_row *r, void *ctx, qt_error *err)
{
    (void)err;
    pair_list *l = ctx;
    ck_assert_uint_lt(l->n, 32);
    pair *p = &l->items[l->n++];
    snprintf(p->key, sizeof p->key, "%s>%s", r->source_doc, r->derived_doc);
    copy_opt(p->source_outlet, sizeof p->source_outlet, r->source_outlet, &p->has_source_outlet);
    copy_opt(p->derived_outlet, sizeof p->derived_outlet, r->derived_outlet,
             &p->has_derived_outlet);
    copy_opt(p->published, sizeof p->published, r->derived_published, &p->dated);
    p->relation = r->relation;
    p->coverage = r->coverage;
    p->primary = r->primary;
    return QT_OK;
}

static void list(qt_store *s, const qt_reuse_filter *f, pair_list *l)
{
    qt_error err;
    qt_error_clear(&err);
    memset(l, 0, sizeof *l);
    ck_assert_msg(qt_store_reuse(s, NULL, 0, f, collect, l, &err) == QT_OK, "%s",
                  qt_error_message(&err));
}

/* The filter's rule, written independently of the SQL. */
static int keeps(const qt_reuse_filter *f, const pair *p)
{
    if (f->source_outlet && (!p->has_source_outlet || strcasecmp(f->source_outlet, p->source_outlet)))
        return 0;
    if (f->derived_outlet &&
        (!p->has_derived_outlet || strcasecmp(f->derived_outlet, p->derived_outlet)))
        return 0;
    if (f->outlet && !(p->has_source_outlet && !strcasecmp(f->outlet, p->source_outlet)) &&
        !(p->has_derived_outlet && !strcasecmp(f->outlet, p->derived_outlet)))
        return 0;
    if (f->cross_outlet && (!p->has_source_outlet || !p->has_derived_outlet ||
                            !strcasecmp(p->source_outlet, p->derived_outlet)))
        return 0;
    /* The test's dates are ISO days: compare the day. */
    if (f->since && (!p->dated || strncmp(p->published, f->since, 10) < 0)) return 0;
    if (f->until && (!p->dated || strncmp(p->published, f->until, 10) > 0)) return 0;
    if (f->relation != QT_REUSE_NONE && p->relation != f->relation) return 0;
    return p->coverage >= f->min_coverage;
}

static void check_filter(qt_store *s, const pair_list *all, const qt_reuse_filter *f,
                         const char *what)
{
    pair_list got;
    list(s, f, &got);
    size_t want = 0;
    for (size_t i = 0; i < all->n; i++) {
        if (!keeps(f, &all->items[i])) continue;
        want++;
        int found = 0;
        for (size_t j = 0; j < got.n; j++) found |= strcmp(got.items[j].key, all->items[i].key) == 0;
        ck_assert_msg(found, "%s: %s missing", what, all->items[i].key);
    }
    ck_assert_msg(got.n == want, "%s: %zu pairs listed, %zu expected", what, got.n, want);
    ck_assert_msg(want > 0 && want < all->n, "%s: keeps %zu of %zu (not a test)", what, want,
                  all->n);
}

START_TEST(filters_keep_what_they_say)
{
    char *dir, *path;
    qt_store *s = seeded_store(&dir, &path);
    qt_error err;
    qt_error_clear(&err);
    pair_list all;
    list(s, NULL, &all);
    /* wire>copy, wire>bare, copy>bare at least, and the rewrite's partial pair. */
    ck_assert_uint_ge(all.n, 4);

    qt_reuse_filter f = {.source_outlet = "COASTAL PRESS"};
    check_filter(s, &all, &f, "source outlet");
    f = (qt_reuse_filter){.derived_outlet = "Valley Gazette"};
    check_filter(s, &all, &f, "derived outlet (both spellings)");
    f = (qt_reuse_filter){.outlet = "valley gazette"};
    check_filter(s, &all, &f, "either outlet");
    f = (qt_reuse_filter){.cross_outlet = 1};
    check_filter(s, &all, &f, "across outlets");
    f = (qt_reuse_filter){.since = "2024-03-06"};
    check_filter(s, &all, &f, "since");
    f = (qt_reuse_filter){.until = "2024-03-05"};
    check_filter(s, &all, &f, "until (inclusive day)");
    f = (qt_reuse_filter){.relation = QT_REUSE_PARTIAL};
    check_filter(s, &all, &f, "relation");
    f = (qt_reuse_filter){.min_coverage = 0.9};
    check_filter(s, &all, &f, "coverage");
    f = (qt_reuse_filter){.source_outlet = "Coastal Press", .derived_outlet = "Valley Gazette",
                          .until = "Mar 5, 2024"};
    pair_list got;
    list(s, &f, &got);
    ck_assert_uint_eq(got.n, 1);
    ck_assert_str_eq(got.items[0].key, "wire>copy");

    f = (qt_reuse_filter){.since = "not a date"};
    ck_assert_int_eq(qt_store_reuse(s, NULL, 0, &f, collect, &got, &err), QT_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(qt_error_message(&err), "not a date"));
    qt_store_close(s);
    tu_remove(path);
    tu_remove(dir);
}
END_TEST

typedef struct {
    char lines[16][128];
    size_t n, pairs, primary, wholly;
} outlet_list;

static qt_status collect_outlets(const qt_reuse_outlet_row *r, void *ctx, qt_error *err)
{
    (void)err;
    outlet_list *l = ctx;
    ck_assert_uint_lt(l->n, 16);
    ck_assert_uint_eq(r->pairs, r->verbatim + r->wholly + r->partial);
    ck_assert_uint_le(r->primary, r->pairs);
    snprintf(l->lines[l->n++], sizeof l->lines[0], "%s>%s %zu", r->source_outlet ? r->source_outlet : "-",
             r->derived_outlet ? r->derived_outlet : "-", r->pairs);
    l->pairs += r->pairs;
    l->primary += r->primary;
    l->wholly += r->wholly;
    return QT_OK;
}

START_TEST(outlet_summary_counts_the_listed_pairs)
{
    char *dir, *path;
    qt_store *s = seeded_store(&dir, &path);
    qt_error err;
    qt_error_clear(&err);
    pair_list all;
    list(s, NULL, &all);
    outlet_list o = {0};
    ck_assert_int_eq(qt_store_reuse_outlets(s, NULL, 0, NULL, collect_outlets, &o, &err), QT_OK);
    ck_assert_uint_eq(o.pairs, all.n);
    size_t primary = 0, wholly = 0;
    for (size_t i = 0; i < all.n; i++) {
        primary += all.items[i].primary != 0;
        wholly += all.items[i].relation == QT_REUSE_WHOLLY;
    }
    ck_assert_uint_eq(o.primary, primary);
    ck_assert_uint_eq(o.wholly, wholly);
    ck_assert_uint_lt(primary, all.n);
    /* Every listed pair is in the line of its outlets. */
    for (size_t i = 0; i < all.n; i++) {
        char prefix[80];
        const pair *p = &all.items[i];
        snprintf(prefix, sizeof prefix, "%s>%s ", p->has_source_outlet ? p->source_outlet : "-",
                 p->has_derived_outlet ? p->derived_outlet : "-");
        int found = 0;
        for (size_t j = 0; j < o.n; j++) found |= strncmp(o.lines[j], prefix, strlen(prefix)) == 0;
        ck_assert_msg(found, "no outlet line for %s", prefix);
    }
    /* With a filter, the counts follow it. */
    qt_reuse_filter f = {.cross_outlet = 1};
    pair_list cross;
    list(s, &f, &cross);
    memset(&o, 0, sizeof o);
    ck_assert_int_eq(qt_store_reuse_outlets(s, NULL, 0, &f, collect_outlets, &o, &err), QT_OK);
    ck_assert_uint_eq(o.pairs, cross.n);
    ck_assert_uint_lt(cross.n, all.n);
    /* One article's pairs only. */
    memset(&o, 0, sizeof o);
    ck_assert_int_eq(qt_store_reuse_outlets(s, "council", 0, NULL, collect_outlets, &o, &err),
                     QT_OK);
    size_t council = 0;
    for (size_t i = 0; i < all.n; i++) council += strstr(all.items[i].key, "council") != NULL;
    ck_assert_uint_eq(o.pairs, council);
    ck_assert_int_eq(qt_store_reuse_outlets(s, "nope", 0, NULL, collect_outlets, &o, &err),
                     QT_ERR_NOTFOUND);
    qt_store_close(s);
    tu_remove(path);
    tu_remove(dir);
}
END_TEST

/* ---- passages with their texts and word changes ---------------------- */

/* Ingests text as article id, without metadata. */
static void ingest_text(qt_store *s, const char *id, const char *text)
{
    qt_article *x = NULL;
    qt_error err;
    qt_error_clear(&err);
    ck_assert_int_eq(qt_article_from_bytes(id, text, strlen(text), &x, &err), QT_OK);
    ck_assert_msg(qt_store_ingest_result(s, x, NULL, NULL, &err) == QT_OK, "%s",
                  qt_error_message(&err));
    qt_article_free(x);
}

typedef struct {
    qt_store *s;
    const char *source, *derived;     /* the two texts as ingested */
    size_t passages, dropped, added, same_words;
    int saw_edit, saw_cut;
} passage_check;

static qt_status check_passage(const qt_reuse_passage_text *p, size_t index, void *ctx,
                               qt_error *err)
{
    (void)err;
    passage_check *c = ctx;
    const qt_reuse_passage *ps = p->passage;
    ck_assert_uint_eq(index, c->passages);
    c->passages++;
    /* The texts are the passage's bytes in each stored text. */
    ck_assert_uint_eq(p->source_len, ps->source_end - ps->source_start);
    ck_assert_uint_eq(p->derived_len, ps->derived_end - ps->derived_start);
    ck_assert(memcmp(p->source_text, c->source + ps->source_start, p->source_len) == 0);
    ck_assert(memcmp(p->derived_text, c->derived + ps->derived_start, p->derived_len) == 0);
    size_t dropped = 0, added = 0;
    for (size_t k = 0; k < p->nops; k++) {
        const qt_qop *op = &p->ops[k];
        size_t len = op->op == '-' ? p->source_len : p->derived_len;
        ck_assert(op->start <= op->end && op->end <= len);
        const char *t = (op->op == '-' ? p->source_text : p->derived_text) + op->start;
        size_t n = op->end - op->start;
        if (op->op == '-') dropped += op->words;
        if (op->op == '+') added += op->words;
        if (op->op == '-' && n == 3 && !memcmp(t, "two", 3)) c->saw_edit |= 1;
        if (op->op == '+' && n == 5 && !memcmp(t, "three", 5)) c->saw_edit |= 2;
        if (op->op == '-' && n == 10 && !memcmp(t, "signalling", 10)) c->saw_cut = 1;
    }
    ck_assert_uint_eq(dropped, p->dropped);
    ck_assert_uint_eq(added, p->added);
    c->dropped += dropped;
    c->added += added;
    if (!dropped && !added) c->same_words++;
    return QT_OK;
}

static qt_status check_pair_passages(const qt_reuse_row *r, void *ctx, qt_error *err)
{
    passage_check *c = ctx;
    return qt_store_reuse_passage_texts(c->s, r, check_passage, c, err);
}

/* An edited copy (one word changed, two dropped) shows exactly those
 * changes in its passages, and a copy word for word shows none. */
START_TEST(passages_show_texts_and_changes)
{
    char *dir = tu_temp_dir(), *path = tu_dir_file(dir, "p.db", "");
    remove(path);
    qt_error err;
    qt_error_clear(&err);
    qt_store *s = qt_store_open(path, 0, &err);
    ck_assert_msg(s != NULL, "%s", qt_error_message(&err));
    static const char wire[] = PARA1 PARA2 PARA3;
    static const char edited[] =
        "Pumps are working around the clock to drain the Harbour City rail tunnel, flooded "
        "under three metres of water after three days of storms cut the main line to the "
        "capital.\n\n"
        "Transport minister Alice Moreau told reporters the tunnel would stay closed for at "
        "least a week while engineers inspect the cables and the drainage shafts.\n\n" PARA3;
    ingest_text(s, "wire", wire);
    ingest_text(s, "edited", edited);
    passage_check c = {s, wire, edited, 0, 0, 0, 0, 0, 0};
    ck_assert_msg(qt_store_reuse(s, "edited", 0, NULL, check_pair_passages, &c, &err) == QT_OK,
                  "%s", qt_error_message(&err));
    ck_assert_uint_ge(c.passages, 1);
    ck_assert_int_eq(c.saw_edit, 3);   /* [-two-] {+three+} */
    ck_assert(c.saw_cut);              /* [-signalling-] */
    ck_assert_uint_eq(c.added, 1);
    ck_assert_uint_eq(c.dropped, 2);
    qt_store_close(s);
    tu_remove(path);
    tu_remove(dir);

    /* The syndicated copy of the seeded store took its passages word for
     * word. */
    s = seeded_store(&dir, &path);
    passage_check v = {s, arts[0].text, arts[1].text, 0, 0, 0, 0, 0, 0};
    qt_reuse_filter f = {0};
    f.source_outlet = "Coastal Press";
    f.derived_outlet = "Valley Gazette";
    f.relation = QT_REUSE_WHOLLY;
    ck_assert_msg(qt_store_reuse(s, "copy", 0, &f, check_pair_passages, &v, &err) == QT_OK, "%s",
                  qt_error_message(&err));
    ck_assert_uint_ge(v.passages, 1);
    ck_assert_uint_eq(v.same_words, v.passages);
    ck_assert_uint_eq(v.dropped + v.added, 0);
    qt_store_close(s);
    tu_remove(path);
    tu_remove(dir);
}
END_TEST

static qt_status passage_ok(const qt_reuse_passage_text *p, size_t index, void *ctx,
                            qt_error *err)
{
    (void)p;
    (void)index;
    (void)err;
    (*(size_t *)ctx)++;
    return QT_OK;
}

typedef struct {
    qt_store *s;
    size_t passages;
    qt_status status;
} damaged_check;

static qt_status list_damaged(const qt_reuse_row *r, void *ctx, qt_error *err)
{
    damaged_check *c = ctx;
    c->status = qt_store_reuse_passage_texts(c->s, r, passage_ok, &c->passages, err);
    return QT_OK;
}

/* A damaged database (a passage past its text, or starting inside a
 * two-byte character) gives a clear error, never a broken UTF-8 read. */
START_TEST(damaged_passages_are_refused)
{
    char *dir = tu_temp_dir(), *path = tu_dir_file(dir, "d.db", "");
    remove(path);
    qt_error err;
    qt_error_clear(&err);
    qt_store *s = qt_store_open(path, 0, &err);
    ck_assert_msg(s != NULL, "%s", qt_error_message(&err));
    static const char a[] = "Éloïse Dupré told the café owners in Montréal that the rénovation of "
                            "the église would begin in spring, after the council vote.\n";
    static const char b[] = "Éloïse Dupré told the café owners in Montréal that the rénovation of "
                            "the église would begin in spring, after the council vote. More soon.\n";
    ingest_text(s, "a", a);
    ingest_text(s, "b", b);
    damaged_check c = {s, 0, QT_OK};
    ck_assert_int_eq(qt_store_reuse(s, NULL, 0, NULL, list_damaged, &c, &err), QT_OK);
    ck_assert_int_eq(c.status, QT_OK);
    ck_assert_uint_ge(c.passages, 1);
    static const char *const damage[] = {
        "UPDATE reuse_passages SET derived_end = 100000",
        "UPDATE reuse_passages SET derived_start = 1",   /* inside the two bytes of "É" */
    };
    for (size_t k = 0; k < sizeof damage / sizeof *damage; k++) {
        sqlite3 *db;
        ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
        ck_assert_int_eq(sqlite3_exec(db, "UPDATE reuse_passages SET derived_start = 0,"
                                          " derived_end = 10", NULL, NULL, NULL), SQLITE_OK);
        ck_assert_int_eq(sqlite3_exec(db, damage[k], NULL, NULL, NULL), SQLITE_OK);
        sqlite3_close(db);
        c.status = QT_OK;
        ck_assert_int_eq(qt_store_reuse(s, NULL, 0, NULL, list_damaged, &c, &err), QT_OK);
        ck_assert_int_eq(c.status, QT_ERR_NOTFOUND);
        ck_assert(strstr(qt_error_message(&err), "lies outside the stored text") != NULL);
    }
    qt_store_close(s);
    tu_remove(path);
    tu_remove(dir);
}
END_TEST

Suite *reuse_query_suite(void)
{
    Suite *s = suite_create("reuse_query");
    TCase *tc = tcase_create("reuse_query");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, filters_keep_what_they_say);
    tcase_add_test(tc, outlet_summary_counts_the_listed_pairs);
    tcase_add_test(tc, passages_show_texts_and_changes);
    tcase_add_test(tc, damaged_passages_are_refused);
    suite_add_tcase(s, tc);
    return s;
}
