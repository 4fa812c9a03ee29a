/*
 * test_words.c - word tokens and folded keys for reuse detection: any
 * script, case and diacritics folded, apostrophes inside words, stop words.
 */
#include <string.h>

#include "qt_patterns.h"
#include "qt_words.h"
#include "suites.h"

static qt_patterns *pats;
static qt_wordizer *wz;

static void setup(void)
{
    qt_error err;
    qt_error_clear(&err);
    pats = qt_patterns_load(NULL, &err);
    ck_assert_msg(pats != NULL, "%s", qt_error_message(&err));
    wz = qt_wordizer_create(pats, &err);
    ck_assert_msg(wz != NULL, "%s", qt_error_message(&err));
}

static void teardown(void)
{
    qt_wordizer_free(wz);
    qt_patterns_free(pats);
}

/* The text of word i of list. */
static int word_is(const char *text, const qt_word_list *l, size_t i, const char *want)
{
    return i < l->count && l->items[i].end - l->items[i].start == strlen(want) &&
           memcmp(text + l->items[i].start, want, strlen(want)) == 0;
}

START_TEST(english_words_and_offsets)
{
    const char *t = "\xE2\x80\x9C(He is) throwing Russians into the \xE2\x80\x98meat grinder\xE2\x80\x99\" "
                    "he created \xE2\x80\x94 don\xE2\x80\x99t, 1,200 soldiers.";
    qt_word_list l = { 0 };
    qt_error err;
    ck_assert_int_eq(qt_words_split(wz, t, strlen(t), &l, &err), QT_OK);
    ck_assert(word_is(t, &l, 0, "He"));
    ck_assert(word_is(t, &l, 1, "is"));
    ck_assert(word_is(t, &l, 6, "meat"));
    ck_assert(word_is(t, &l, 7, "grinder"));      /* closing quote is not part of it */
    ck_assert(word_is(t, &l, 10, "don\xE2\x80\x99t"));
    ck_assert(word_is(t, &l, 11, "1"));
    ck_assert(word_is(t, &l, 12, "200"));
    ck_assert_uint_eq(l.count, 14);
    ck_assert_int_eq(l.items[1].stop, 1);           /* "is" */
    ck_assert_int_eq(l.items[2].stop, 0);           /* "throwing" */
    /* Case and the curly apostrophe fold. */
    ck_assert(qt_word_key("DON'T", 5) == l.items[10].key);
    ck_assert(qt_word_key("he", 2) == l.items[0].key);
    qt_word_list_clear(&l);
}
END_TEST

START_TEST(folding_any_script)
{
    char out[64];
    /* Accented Latin upper case lower-cases; combining acute is dropped. */
    ck_assert_uint_eq(qt_word_fold("\xC3\x89TAT", 5, out, sizeof out), 5);
    ck_assert_str_eq(out, "\xC3\xA9tat");
    ck_assert(qt_word_key("e\xCC\x81", 3) == qt_word_key("e", 1));
    /* Greek and Cyrillic capitals. */
    ck_assert(qt_word_key("\xCE\x91\xCE\x98", 4) == qt_word_key("\xCE\xB1\xCE\xB8", 4));
    ck_assert(qt_word_key("\xD0\x9C\xD0\x98\xD0\xA0", 6) == qt_word_key("\xD0\xBC\xD0\xB8\xD1\x80", 6));
    /* Urdu: Arabic yeh/kaf vs Farsi yeh/keheh, and a zabar (U+064E) dropped. */
    ck_assert(qt_word_key("\xD9\x8A", 2) == qt_word_key("\xDB\x8C", 2));
    ck_assert(qt_word_key("\xD9\x83", 2) == qt_word_key("\xDA\xA9", 2));
    ck_assert(qt_word_key("\xD8\xA8\xD9\x8E", 4) == qt_word_key("\xD8\xA8", 2));
    /* Truncation keeps whole characters. */
    ck_assert_uint_eq(qt_word_fold("\xC3\xA9\xC3\xA9", 4, out, 4), 2);
}
END_TEST

START_TEST(urdu_words_and_stop_words)
{
    /* "Pakistan and India" in Urdu: three words, the middle one a stop word. */
    const char *t = "\xD9\xBE\xD8\xA7\xDA\xA9\xD8\xB3\xD8\xAA\xD8\xA7\xD9\x86 "
                    "\xD8\xA7\xD9\x88\xD8\xB1 \xD8\xA8\xDA\xBE\xD8\xA7\xD8\xB1\xD8\xAA\xDB\x94";
    qt_word_list l = { 0 };
    qt_error err;
    ck_assert_int_eq(qt_words_split(wz, t, strlen(t), &l, &err), QT_OK);
    ck_assert_uint_eq(l.count, 3);
    ck_assert_int_eq(l.items[0].stop, 0);
    ck_assert_int_eq(l.items[1].stop, 1);
    ck_assert_int_eq(l.items[2].stop, 0);
    /* The Urdu full stop (U+06D4) is not part of the word. */
    ck_assert_uint_eq(l.items[2].end, strlen(t) - 2);
    qt_word_list_clear(&l);
}
END_TEST

START_TEST(empty_and_wordless_text)
{
    qt_word_list l = { 0 };
    qt_error err;
    ck_assert_int_eq(qt_words_split(wz, "", 0, &l, &err), QT_OK);
    ck_assert_uint_eq(l.count, 0);
    ck_assert_int_eq(qt_words_split(wz, "\"' -- ... !?", 12, &l, &err), QT_OK);
    ck_assert_uint_eq(l.count, 0);
    qt_word_list_clear(&l);
    qt_wordizer_free(NULL);
}
END_TEST

Suite *words_suite(void)
{
    Suite *s = suite_create("words");
    TCase *tc = tcase_create("words");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, english_words_and_offsets);
    tcase_add_test(tc, folding_any_script);
    tcase_add_test(tc, urdu_words_and_stop_words);
    tcase_add_test(tc, empty_and_wordless_text);
    suite_add_tcase(s, tc);
    return s;
}
