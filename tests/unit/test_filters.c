/*
 * test_filters.c - look-up filters on the seeds ingested with outlets and
 * dates: conflicts (qt_conflict_filter: speaker on either side by name,
 * alias or #ID; outlet on either side; the flagged quote's dates) and
 * search --speaker.  Each filter's result is checked against the
 * unfiltered list filtered here, and must be a proper, non-empty subset.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "qt_article.h"
#include "qt_family.h"
#include "qt_input.h"
#include "qt_patterns.h"
#include "qt_scan.h"
#include "qt_store.h"
#include "suites.h"

static const struct {
    const char *file, *outlet, *published;
} SEEDS[] = {
    {"003_274c51c25673f51c.txt", "wire.example", "2024-10-31"},
    {"004_56f86b59b630956c.txt", "daily.example", "2024-11-01T09:00:00Z"},
    {"000_eb6442cd20dd2195.txt", "weekly.example", "2024-11-02"},
    {"002_457032d09a867f08.txt", NULL, "2024-10-30"},
};

static qt_store *seeded_store(char **dir, char **path)
{
    qt_error err;
    qt_error_clear(&err);
    qt_patterns *pats = qt_patterns_load(NULL, &err);
    ck_assert_msg(pats != NULL, "%s", qt_error_message(&err));
    qt_scanner *scanner = qt_scanner_create(pats, &err);
    ck_assert_msg(scanner != NULL, "%s", qt_error_message(&err));
    *dir = tu_temp_dir();
    *path = tu_dir_file(*dir, "c.db", "");
    remove(*path);
    qt_store *s = qt_store_open(*path, 0, &err);
    ck_assert_msg(s != NULL, "%s", qt_error_message(&err));
    const char *fx = getenv("QT_FIXTURES");
    for (size_t i = 0; i < sizeof SEEDS / sizeof *SEEDS; i++) {
        char file[1024];
        snprintf(file, sizeof file, "%s/seeds/%s", fx && *fx ? fx : "fixtures", SEEDS[i].file);
        char *raw = NULL;
        size_t len = 0;
        ck_assert_msg(qt_input_read_file(file, &raw, &len, &err) == QT_OK, "%s",
                      qt_error_message(&err));
        qt_article *a = NULL;
        ck_assert_int_eq(qt_article_from_bytes(SEEDS[i].file, raw, len, &a, &err), QT_OK);
        free(raw);
        ck_assert_int_eq(qt_article_set(a, "published", SEEDS[i].published, &err), QT_OK);
        if (SEEDS[i].outlet)
            ck_assert_int_eq(qt_article_set(a, "outlet", SEEDS[i].outlet, &err), QT_OK);
        ck_assert_msg(qt_store_ingest(s, a, scanner, NULL, &err) == QT_OK, "%s",
                      qt_error_message(&err));
        qt_article_free(a);
    }
    qt_scanner_free(scanner);
    qt_patterns_free(pats);
    return s;
}

typedef struct {
    long long id;
    char speaker[64], other_speaker[64], outlet[32], other_outlet[32], published[32], kind[16];
} conflict;

typedef struct {
    conflict items[64];
    size_t n;
} conflict_list;

static qt_status collect(const qt_conflict_row *r, void *ctx, qt_error *err)
{
    (void)err;
    conflict_list *l = ctx;
    ck_assert_uint_lt(l->n, 64);
    conflict *c = &l->items[l->n++];
    c->id = r->conflict_id;
    snprintf(c->speaker, sizeof c->speaker, "%s", r->speaker ? r->speaker : "");
    snprintf(c->other_speaker, sizeof c->other_speaker, "%s",
             r->other_speaker ? r->other_speaker : "");
    snprintf(c->outlet, sizeof c->outlet, "%s", r->outlet ? r->outlet : "");
    snprintf(c->other_outlet, sizeof c->other_outlet, "%s", r->other_outlet ? r->other_outlet : "");
    snprintf(c->published, sizeof c->published, "%s", r->published ? r->published : "");
    snprintf(c->kind, sizeof c->kind, "%s", r->kind);
    return QT_OK;
}

static void list(qt_store *s, const qt_conflict_filter *f, conflict_list *l)
{
    qt_error err;
    qt_error_clear(&err);
    memset(l, 0, sizeof *l);
    ck_assert_msg(qt_store_conflicts(s, f, collect, l, &err) == QT_OK, "%s",
                  qt_error_message(&err));
}

/* Which conflicts a filter keeps, by the rule the header states.  speaker
 * is compared with the canonical names; the test passes canonical names
 * (aliases are checked separately). */
static int keeps(const qt_conflict_filter *f, const conflict *c)
{
    if (f->kind && strcmp(f->kind, c->kind)) return 0;
    if (f->speaker && strcasecmp(f->speaker, c->speaker) && strcasecmp(f->speaker, c->other_speaker))
        return 0;
    if (f->outlet && strcasecmp(f->outlet, c->outlet) && strcasecmp(f->outlet, c->other_outlet))
        return 0;
    if (f->since && (!*c->published || strncmp(c->published, f->since, 10) < 0)) return 0;
    if (f->until && (!*c->published || strncmp(c->published, f->until, 10) > 0)) return 0;
    return 1;
}

static void check_filter(qt_store *s, const conflict_list *all, const qt_conflict_filter *f,
                         const char *what)
{
    conflict_list got;
    list(s, f, &got);
    size_t want = 0;
    for (size_t i = 0; i < all->n; i++) {
        if (!keeps(f, &all->items[i])) continue;
        ck_assert_msg(want < got.n && got.items[want].id == all->items[i].id,
                      "%s: conflict %lld missing or out of order", what, all->items[i].id);
        want++;
    }
    ck_assert_msg(got.n == want, "%s: %zu listed, %zu expected", what, got.n, want);
    ck_assert_msg(want > 0 && want < all->n, "%s: keeps %zu of %zu (not a test)", what, want,
                  all->n);
}

START_TEST(conflict_filters_keep_what_they_say)
{
    char *dir, *path;
    qt_store *s = seeded_store(&dir, &path);
    conflict_list all;
    list(s, NULL, &all);
    /* The seeds: the coming aid credited to Austin (004) and Blinken (003),
     * the training claim, and seed 000's altered meat-grinder quote. */
    ck_assert_uint_ge(all.n, 3);

    qt_conflict_filter f = {.speaker = "Lloyd Austin"};
    check_filter(s, &all, &f, "speaker on either side");
    f = (qt_conflict_filter){.outlet = "DAILY.example"};
    check_filter(s, &all, &f, "outlet on either side");
    f = (qt_conflict_filter){.since = "2024-11-02"};
    check_filter(s, &all, &f, "since");
    f = (qt_conflict_filter){.until = "Nov 1, 2024"};
    conflict_list until;
    list(s, &f, &until);
    f.until = "2024-11-01";
    check_filter(s, &all, &f, "until (inclusive day)");
    /* Any date form ingest reads: the same list. */
    conflict_list iso;
    list(s, &f, &iso);
    ck_assert_uint_eq(until.n, iso.n);
    for (size_t i = 0; i < iso.n; i++) ck_assert_int_eq(until.items[i].id, iso.items[i].id);
    f = (qt_conflict_filter){.kind = "altered", .speaker = "Antony Blinken"};
    check_filter(s, &all, &f, "kind and speaker");
    /* Later quotes are the flagged ones: in the attribution conflicts
     * Blinken and wire.example (seed 003) are on the other side only. */
    f = (qt_conflict_filter){.kind = "attribution", .speaker = "Antony Blinken"};
    check_filter(s, &all, &f, "speaker on the other side");
    f = (qt_conflict_filter){.kind = "attribution", .outlet = "wire.example"};
    check_filter(s, &all, &f, "outlet on the other side");
    f = (qt_conflict_filter){.limit = 1};
    conflict_list one;
    list(s, &f, &one);
    ck_assert_uint_eq(one.n, 1);
    ck_assert_int_eq(one.items[0].id, all.items[0].id);

    /* An alias and #ID name the same speaker as the canonical name. */
    f = (qt_conflict_filter){.speaker = "Lloyd Austin"};
    conflict_list by_name, by_alias;
    list(s, &f, &by_name);
    f.speaker = "Austin";
    list(s, &f, &by_alias);
    ck_assert_uint_eq(by_alias.n, by_name.n);
    for (size_t i = 0; i < by_name.n; i++) ck_assert_int_eq(by_alias.items[i].id, by_name.items[i].id);

    qt_error err;
    qt_error_clear(&err);
    f = (qt_conflict_filter){.speaker = "Nobody Atall"};
    ck_assert_int_eq(qt_store_conflicts(s, &f, collect, &one, &err), QT_ERR_NOTFOUND);
    ck_assert_ptr_nonnull(strstr(qt_error_message(&err), "no speaker called 'Nobody Atall'"));
    f = (qt_conflict_filter){.since = "someday"};
    ck_assert_int_eq(qt_store_conflicts(s, &f, collect, &one, &err), QT_ERR_USAGE);
    qt_store_close(s);
    tu_remove(path);
    tu_remove(dir);
}
END_TEST

typedef struct {
    long long ids[64];
    char speakers[64][64];
    size_t n;
} hit_list;

static qt_status collect_hit(const qt_quote_row *r, void *ctx, qt_error *err)
{
    (void)err;
    hit_list *l = ctx;
    ck_assert_uint_lt(l->n, 64);
    l->ids[l->n] = r->quote_id;
    snprintf(l->speakers[l->n], sizeof l->speakers[0], "%s", r->speaker ? r->speaker : "");
    l->n++;
    return QT_OK;
}

static void search(qt_store *s, const char *text, const char *speaker, hit_list *l)
{
    qt_query q = {.speaker = speaker};
    qt_error err;
    qt_error_clear(&err);
    memset(l, 0, sizeof *l);
    ck_assert_msg(qt_store_search(s, text, &q, collect_hit, l, &err) == QT_OK, "%s",
                  qt_error_message(&err));
}

START_TEST(search_by_speaker)
{
    char *dir, *path;
    qt_store *s = seeded_store(&dir, &path);
    const char *words[] = {"security", "troops", "Russia"};
    for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
        hit_list all, austin, alias;
        search(s, words[w], NULL, &all);
        search(s, words[w], "Lloyd Austin", &austin);
        search(s, words[w], "AUSTIN", &alias);
        size_t want = 0;
        for (size_t i = 0; i < all.n; i++) want += strcmp(all.speakers[i], "Lloyd Austin") == 0;
        ck_assert_msg(austin.n == want, "%s: %zu of Austin's, %zu expected", words[w], austin.n,
                      want);
        for (size_t i = 0; i < austin.n; i++) {
            ck_assert_str_eq(austin.speakers[i], "Lloyd Austin");
            ck_assert_int_eq(alias.ids[i], austin.ids[i]);
        }
        ck_assert_uint_eq(alias.n, austin.n);
        if (w == 0) ck_assert_msg(want > 0 && want < all.n, "security: %zu of %zu", want, all.n);
    }
    hit_list none;
    qt_query q = {.speaker = "Nobody Atall"};
    qt_error err;
    qt_error_clear(&err);
    ck_assert_int_eq(qt_store_search(s, "security", &q, collect_hit, &none, &err),
                     QT_ERR_NOTFOUND);
    qt_store_close(s);
    tu_remove(path);
    tu_remove(dir);
}
END_TEST

Suite *filters_suite(void)
{
    Suite *s = suite_create("filters");
    TCase *tc = tcase_create("filters");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, conflict_filters_keep_what_they_say);
    tcase_add_test(tc, search_by_speaker);
    suite_add_tcase(s, tc);
    return s;
}
