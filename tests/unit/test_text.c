/*
 * test_text.c - qt_text: UTF-8 normalisation, decoding and offset mapping.
 * Every offset quotetrack prints depends on these, so the edge cases of
 * RFC 3629 (overlong forms, surrogates, truncation) are each pinned down.
 */
#include <stdlib.h>
#include <string.h>

#include "qt_text.h"
#include "suites.h"

#define FFFD "\xEF\xBF\xBD"

/* Normalises the len bytes of raw and checks the output equals want. */
static qt_text_report norm(const char *raw, size_t len, const char *want)
{
    char *out = NULL;
    size_t out_len = 0;
    qt_text_report rep;
    qt_error err;
    qt_error_clear(&err);
    ck_assert_int_eq(qt_text_normalise(raw, len, &out, &out_len, &rep, &err), QT_OK);
    ck_assert_uint_eq(out_len, strlen(want));
    ck_assert_mem_eq(out, want, out_len);
    ck_assert_int_eq(out[out_len], '\0');
    free(out);
    return rep;
}

START_TEST(clean_text_is_unchanged)
{
    const char *s = "Plain ASCII.\nCaf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D \xF0\x9F\x98\x80";
    qt_text_report r = norm(s, strlen(s), s);
    ck_assert_uint_eq(r.invalid_bytes, 0);
    ck_assert_uint_eq(r.nul_bytes, 0);
    ck_assert_uint_eq(r.crlf, 0);
    ck_assert_int_eq(r.had_bom, 0);
}
END_TEST

START_TEST(empty_input)
{
    qt_text_report r = norm("", 0, "");
    ck_assert_uint_eq(r.invalid_bytes, 0);
}
END_TEST

START_TEST(bom_is_dropped_once)
{
    qt_text_report r = norm("\xEF\xBB\xBFhi\xEF\xBB\xBF", 8, "hi\xEF\xBB\xBF");
    ck_assert_int_eq(r.had_bom, 1);
    /* Repeated leading BOMs (concatenated files) all go, so that
     * normalising again changes nothing (found by fuzz_text). */
    r = norm("\xEF\xBB\xBF\xEF\xBB\xBFhi", 8, "hi");
    ck_assert_int_eq(r.had_bom, 1);
    /* A BOM alone is an empty text. */
    r = norm("\xEF\xBB\xBF", 3, "");
    ck_assert_int_eq(r.had_bom, 1);
}
END_TEST

START_TEST(crlf_and_lone_cr_become_lf)
{
    qt_text_report r = norm("a\r\nb\rc\n\r\n", 9, "a\nb\nc\n\n");
    ck_assert_uint_eq(r.crlf, 3);
    r = norm("x\r", 2, "x\n"); /* CR as the very last byte */
    ck_assert_uint_eq(r.crlf, 1);
}
END_TEST

START_TEST(invalid_bytes_are_replaced)
{
    qt_text_report r = norm("ok\xFFgo\xFE", 6, "ok" FFFD "go" FFFD);
    ck_assert_uint_eq(r.invalid_bytes, 2);
    ck_assert_uint_eq(r.first_invalid_at, 2);
    /* A stray continuation byte. */
    r = norm("\x80", 1, FFFD);
    ck_assert_uint_eq(r.invalid_bytes, 1);
    ck_assert_uint_eq(r.first_invalid_at, 0);
}
END_TEST

START_TEST(overlong_forms_are_rejected)
{
    /* "/" as C0 AF, NUL as E0 80 80, and a 4-byte overlong: each byte of a
     * rejected sequence becomes one U+FFFD, as the first cannot start a valid
     * sequence and the rest are stray continuations. */
    qt_text_report r = norm("\xC0\xAF", 2, FFFD FFFD);
    ck_assert_uint_eq(r.invalid_bytes, 2);
    r = norm("a\xE0\x80\x80", 4, "a" FFFD FFFD FFFD);
    ck_assert_uint_eq(r.invalid_bytes, 3);
    ck_assert_uint_eq(r.first_invalid_at, 1);
    r = norm("\xF0\x80\x80\xAF", 4, FFFD FFFD FFFD FFFD);
    ck_assert_uint_eq(r.invalid_bytes, 4);
    /* The smallest valid 3- and 4-byte forms are kept. */
    norm("\xE0\xA0\x80\xF0\x90\x80\x80", 7, "\xE0\xA0\x80\xF0\x90\x80\x80");
}
END_TEST

START_TEST(surrogates_and_out_of_range_are_rejected)
{
    qt_text_report r = norm("\xED\xA0\x80", 3, FFFD FFFD FFFD); /* U+D800 */
    ck_assert_uint_eq(r.invalid_bytes, 3);
    r = norm("\xED\xBF\xBF", 3, FFFD FFFD FFFD); /* U+DFFF */
    ck_assert_uint_eq(r.invalid_bytes, 3);
    norm("\xED\x9F\xBF", 3, "\xED\x9F\xBF"); /* U+D7FF is fine */
    r = norm("\xF4\x90\x80\x80", 4, FFFD FFFD FFFD FFFD); /* U+110000 */
    ck_assert_uint_eq(r.invalid_bytes, 4);
    norm("\xF4\x8F\xBF\xBF", 4, "\xF4\x8F\xBF\xBF"); /* U+10FFFF */
    r = norm("\xF5\x80\x80\x80", 4, FFFD FFFD FFFD FFFD);
    ck_assert_uint_eq(r.invalid_bytes, 4);
}
END_TEST

START_TEST(truncated_sequence_at_end)
{
    qt_text_report r = norm("euro \xE2\x82", 7, "euro " FFFD FFFD);
    ck_assert_uint_eq(r.invalid_bytes, 2);
    ck_assert_uint_eq(r.first_invalid_at, 5);
    /* Truncated in the middle: the next ASCII byte survives. */
    norm("\xE2\x82x", 3, FFFD FFFD "x");
}
END_TEST

START_TEST(nul_bytes_are_replaced_and_counted_apart)
{
    qt_text_report r = norm("a\0b\0", 4, "a" FFFD "b" FFFD);
    ck_assert_uint_eq(r.nul_bytes, 2);
    ck_assert_uint_eq(r.first_nul_at, 1);
    ck_assert_uint_eq(r.invalid_bytes, 0);
}
END_TEST

START_TEST(offsets_are_raw_input_offsets)
{
    /* The BOM and CRLF before the bad byte shift the output, but the report
     * names the position in the bytes the user has. */
    qt_text_report r = norm("\xEF\xBB\xBF\r\nx\xFF", 7, "\nx" FFFD);
    ck_assert_uint_eq(r.first_invalid_at, 6);
}
END_TEST

START_TEST(utf8_next_and_prev)
{
    const char *s = "a\xC3\xA9\xE2\x80\x9C\xF0\x9F\x98\x80";
    size_t len = strlen(s), pos = 0;
    const uint32_t want[] = {'a', 0xE9, 0x201C, 0x1F600};
    for (size_t i = 0; i < 4; i++) ck_assert_uint_eq(qt_utf8_next(s, len, &pos), want[i]);
    ck_assert_uint_eq(pos, len);
    ck_assert_uint_eq(qt_utf8_next(s, len, &pos), 0);
    for (size_t i = 4; i-- > 0;) ck_assert_uint_eq(qt_utf8_prev(s, &pos), want[i]);
    ck_assert_uint_eq(pos, 0);
    ck_assert_uint_eq(qt_utf8_prev(s, &pos), 0);
    ck_assert_uint_eq(qt_utf8_count(s, len), 4);
    ck_assert_uint_eq(qt_utf8_count(s, 3), 2);
}
END_TEST

/* Builds a multi-byte text longer than several charmap blocks (4 KiB), with
 * characters of every length straddling the block edges. */
static char *big_text(size_t *len)
{
    static const char *const pieces[] = {"a", "\xC3\xA9", "\xE2\x80\x9C", "\xF0\x9F\x98\x80", " "};
    size_t cap = 40000, n = 0, k = 0;
    char *s = malloc(cap + 8);
    ck_assert_ptr_nonnull(s);
    while (n < cap) {
        const char *p = pieces[k++ % 5];
        size_t pl = strlen(p);
        memcpy(s + n, p, pl);
        n += pl;
        if (k % 7 == 0) k++; /* vary the phase against the block size */
    }
    s[n] = '\0';
    *len = n;
    return s;
}

START_TEST(charmap_matches_counting)
{
    size_t len;
    char *s = big_text(&len);
    qt_charmap *map = qt_charmap_create(s, len);
    ck_assert_ptr_nonnull(map);
    for (size_t off = 0; off <= len;) {
        ck_assert_uint_eq(qt_charmap_chars(map, off), qt_utf8_count(s, off));
        size_t next = off;
        if (off == len || qt_utf8_next(s, len, &next) == 0) break;
        off = next;
    }
    /* Around the block edges exactly, including mid-character offsets, it
     * counts the characters that start before the offset, like qt_utf8_count. */
    for (size_t b = 4096; b < len; b += 4096)
        for (size_t d = b - 3; d <= b + 3 && d <= len; d++)
            ck_assert_uint_eq(qt_charmap_chars(map, d), qt_utf8_count(s, d));
    ck_assert_uint_eq(qt_charmap_chars(map, len + 100), qt_utf8_count(s, len));
    qt_charmap_free(map);
    free(s);
}
END_TEST

START_TEST(charmap_on_empty_and_tiny_text)
{
    qt_charmap *map = qt_charmap_create("", 0);
    ck_assert_ptr_nonnull(map);
    ck_assert_uint_eq(qt_charmap_chars(map, 0), 0);
    qt_charmap_free(map);
    map = qt_charmap_create("\xC3\xA9t\xC3\xA9", 5);
    ck_assert_uint_eq(qt_charmap_chars(map, 2), 1);
    ck_assert_uint_eq(qt_charmap_chars(map, 3), 2);
    ck_assert_uint_eq(qt_charmap_chars(map, 5), 3);
    qt_charmap_free(map);
    qt_charmap_free(NULL);
}
END_TEST

START_TEST(code_point_classes)
{
    ck_assert(qt_cp_is_space(0xA0));
    ck_assert(qt_cp_is_space(0x202F));
    ck_assert(!qt_cp_is_space('x'));
    ck_assert(qt_cp_is_upper(0xC9) && qt_cp_is_lower(0xE9));
    ck_assert(!qt_cp_is_upper(0xD7)); /* multiplication sign */
    ck_assert(qt_cp_is_upper(0x416) && qt_cp_is_lower(0x436)); /* Cyrillic Zhe */
    ck_assert(qt_cp_is_letter(0x4E2D)); /* CJK counts as a letter */
    ck_assert(!qt_cp_is_letter(0x201C) && !qt_cp_is_letter(0xFFFD));
    ck_assert(qt_cp_is_digit('7') && !qt_cp_is_digit('a'));
}
END_TEST

Suite *text_suite(void)
{
    Suite *s = suite_create("text");
    TCase *tc = tcase_create("normalise");
    tcase_add_test(tc, clean_text_is_unchanged);
    tcase_add_test(tc, empty_input);
    tcase_add_test(tc, bom_is_dropped_once);
    tcase_add_test(tc, crlf_and_lone_cr_become_lf);
    tcase_add_test(tc, invalid_bytes_are_replaced);
    tcase_add_test(tc, overlong_forms_are_rejected);
    tcase_add_test(tc, surrogates_and_out_of_range_are_rejected);
    tcase_add_test(tc, truncated_sequence_at_end);
    tcase_add_test(tc, nul_bytes_are_replaced_and_counted_apart);
    tcase_add_test(tc, offsets_are_raw_input_offsets);
    suite_add_tcase(s, tc);
    tc = tcase_create("decode");
    tcase_add_test(tc, utf8_next_and_prev);
    tcase_add_test(tc, charmap_matches_counting);
    tcase_add_test(tc, charmap_on_empty_and_tiny_text);
    tcase_add_test(tc, code_point_classes);
    suite_add_tcase(s, tc);
    return s;
}
