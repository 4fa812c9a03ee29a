/*
 * test_qdiff.c - the word diff of article passages (qt_qdiff_compute_long):
 * the same runs as the bounded quote diff on short texts, and every word of
 * both texts, with the edits found, far past one window.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qt_qdiff.h"
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

static const char MEAT[] = "[Russian President Vladimir] Putin has been throwing more and more "
                           "Russians into a meat grinder of his own making in Ukraine.";

/* Writes a text of n words w0 w1 ... (every one distinct, content words)
 * into a malloc'ed string, with word k replaced by "changed" when k % edit
 * == edit - 1 (edit 0: none). */
static char *numbered_words(size_t n, size_t edit)
{
    char *t = malloc(n * 12 + 1), *p = t;
    ck_assert_ptr_nonnull(t);
    for (size_t k = 0; k < n; k++) {
        if (edit && k % edit == edit - 1) p += sprintf(p, "%schanged", k ? " " : "");
        else p += sprintf(p, "%sw%zu", k ? " " : "", k);
    }
    *p = '\0';
    return t;
}

static void count_ops(const qt_qdiff *d, size_t *same, size_t *dropped, size_t *added)
{
    *same = *dropped = *added = 0;
    for (size_t k = 0; k < d->count; k++) {
        if (d->ops[k].op == '=') *same += d->ops[k].words;
        else if (d->ops[k].op == '-') *dropped += d->ops[k].words;
        else *added += d->ops[k].words;
    }
}

/* Passages of reuse pairs are diffed window by window: short texts get
 * exactly qt_qdiff_compute's operations, long ones every word of both
 * sides, with the edits found and nothing else marked. */
START_TEST(long_diff_covers_every_word)
{
    qt_qtext p, m;
    qt_qdiff a = {0}, b = {0};
    build(MEAT, &p);
    build("Putin has been throwing more Russians into the meat grinder he created in Ukraine", &m);
    ck_assert_int_eq(qt_qdiff_compute(&p, &m, &a, NULL), QT_OK);
    ck_assert_int_eq(qt_qdiff_compute_long(&p, &m, &b, NULL), QT_OK);
    ck_assert_uint_eq(a.count, b.count);
    for (size_t k = 0; k < a.count; k++) {
        ck_assert_int_eq(a.ops[k].op, b.ops[k].op);
        ck_assert_uint_eq(a.ops[k].start, b.ops[k].start);
        ck_assert_uint_eq(a.ops[k].end, b.ops[k].end);
        ck_assert_uint_eq(a.ops[k].words, b.ops[k].words);
        ck_assert_uint_eq(a.ops[k].content, b.ops[k].content);
    }
    qt_qtext_clear(&p);
    qt_qtext_clear(&m);
    /* 3,000 words, one in 97 replaced; then the edited text with 40 words
     * cut from the middle: far past one window of QT_QDIFF_MAX_WORDS. */
    size_t n = 3000, same, dropped, added;
    char *orig = numbered_words(n, 0), *edited = numbered_words(n, 97);
    build(orig, &p);
    build(edited, &m);
    ck_assert_int_eq(qt_qdiff_compute_long(&p, &m, &b, NULL), QT_OK);
    count_ops(&b, &same, &dropped, &added);
    ck_assert_uint_eq(dropped, n / 97);
    ck_assert_uint_eq(added, n / 97);
    ck_assert_uint_eq(same + dropped, p.nwords);
    ck_assert_uint_eq(same + added, m.nwords);
    /* The bounded diff of qt_qdiff_compute stops at its window. */
    ck_assert_int_eq(qt_qdiff_compute(&p, &m, &a, NULL), QT_OK);
    count_ops(&a, &same, &dropped, &added);
    ck_assert_uint_lt(same + dropped, p.nwords);
    qt_qtext_clear(&m);
    char *cut = strdup(orig);
    ck_assert_ptr_nonnull(cut);
    char *from = strstr(cut, " w1500 "), *to = strstr(cut, " w1540 ");
    memmove(from, to, strlen(to) + 1);
    build(cut, &m);
    ck_assert_int_eq(qt_qdiff_compute_long(&p, &m, &b, NULL), QT_OK);
    count_ops(&b, &same, &dropped, &added);
    ck_assert_uint_eq(dropped, 40);
    ck_assert_uint_eq(added, 0);
    ck_assert_uint_eq(same, n - 40);
    /* Two unrelated texts: everything dropped and added, nothing lost. */
    qt_qtext_clear(&m);
    build("alpha beta gamma delta epsilon", &m);
    ck_assert_int_eq(qt_qdiff_compute_long(&p, &m, &b, NULL), QT_OK);
    count_ops(&b, &same, &dropped, &added);
    ck_assert_uint_eq(same, 0);
    ck_assert_uint_eq(dropped, n);
    ck_assert_uint_eq(added, 5);
    qt_qdiff_clear(&a);
    qt_qdiff_clear(&b);
    qt_qtext_clear(&p);
    qt_qtext_clear(&m);
    free(orig);
    free(edited);
    free(cut);
}
END_TEST

Suite *qdiff_suite(void)
{
    Suite *s = suite_create("qdiff");
    TCase *tc = tcase_create("qdiff");
    tcase_add_checked_fixture(tc, lex_setup, lex_teardown);
    tcase_add_test(tc, long_diff_covers_every_word);
    suite_add_tcase(s, tc);
    return s;
}
