/*
 * test_date.c - publication dates: the forms news pages use, normalised to
 * sortable ISO 8601, and impossible or unknown dates refused.
 */
#include <string.h>

#include "qt_date.h"
#include "suites.h"

static void parses(const char *in, const char *want)
{
    char out[QT_DATE_MAX];
    qt_error err;
    qt_error_clear(&err);
    ck_assert_msg(qt_date_parse(in, out, &err) == QT_OK, "'%s': %s", in, qt_error_message(&err));
    ck_assert_msg(strcmp(out, want) == 0, "'%s' gave '%s', want '%s'", in, out, want);
}

static void refuses(const char *in)
{
    char out[QT_DATE_MAX];
    qt_error err;
    qt_error_clear(&err);
    ck_assert_msg(qt_date_parse(in, out, &err) == QT_ERR_INPUT, "'%s' was accepted", in);
    ck_assert_ptr_nonnull(strstr(err.msg, "not a date"));
}

START_TEST(iso_forms)
{
    parses("2024-11-01", "2024-11-01");
    parses("2024/11/1", "2024-11-01");
    parses("2024-11-01T10:00:00Z", "2024-11-01T10:00:00Z");
    parses("2024-11-01T10:00Z", "2024-11-01T10:00:00Z");
    parses("2024-11-01 10:00", "2024-11-01T10:00:00");
    parses("2024-11-01T10:00:00.123+02:00", "2024-11-01T08:00:00Z");
    parses("2024-11-01T01:30:00+0300", "2024-10-31T22:30:00Z");
    parses("2024-12-31T23:00:00-05:00", "2025-01-01T04:00:00Z");
    parses("  2024-02-29  ", "2024-02-29");
}
END_TEST

START_TEST(written_forms)
{
    parses("Nov 1, 2024", "2024-11-01");
    parses("Nov. 1st, 2024", "2024-11-01");
    parses("November 1 2024", "2024-11-01");
    parses("1 November 2024", "2024-11-01");
    parses("01 Nov 2024", "2024-11-01");
    parses("Friday, November 1, 2024", "2024-11-01");
    parses("Sept 3, 2023", "2023-09-03");
    parses("November 1, 2024 10:05 PM", "2024-11-01T22:05:00");
    parses("November 1, 2024 at 12:30 a.m. EST", "2024-11-01T05:30:00Z");
    parses("Fri, 01 Nov 2024 10:00:00 GMT", "2024-11-01T10:00:00Z");
    parses("Fri, 01 Nov 2024 10:00:00 +0100", "2024-11-01T09:00:00Z");
}
END_TEST

START_TEST(bad_dates)
{
    refuses("");
    refuses("yesterday");
    refuses("2024-02-30");
    refuses("2023-02-29");
    refuses("2024-13-01");
    refuses("Nov 31, 2024");
    refuses("2024-11-01T25:00");
    refuses("2024-11-01 garbage");
    refuses("11/01/2024"); /* ambiguous day/month order */
    refuses("Smarch 1, 2024");
}
END_TEST

Suite *date_suite(void)
{
    Suite *s = suite_create("date");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, iso_forms);
    tcase_add_test(tc, written_forms);
    tcase_add_test(tc, bad_dates);
    suite_add_tcase(s, tc);
    return s;
}
