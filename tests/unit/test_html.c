/*
 * test_html.c - the HTML reader: body text one block per line, chrome
 * (nav, script, style, footer, comments) dropped, metadata from meta tags.
 */
#include <string.h>

#include "qt_html.h"
#include "suites.h"

static const char page[] =
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
    "<title>Page title | Site</title>"
    "<meta property=\"og:site_name\" content=\"Daily Example\">"
    "<meta property=\"og:title\" content=\"Blinken warns on troops\">"
    "<meta property=\"article:published_time\" content=\"2024-11-01T10:00:00Z\">"
    "<meta name=\"author\" content=\"Jane Doe\">"
    "<link rel=\"canonical\" href=\"https://example.com/a/1\">"
    "<style>p { color: red }</style><script>var x = \"said\";</script></head>"
    "<body><nav><a href=\"/\">Home</a> <a>World</a></nav>"
    "<header><h1>Site banner</h1></header>"
    "<article><h1>Blinken warns</h1>"
    "<p>Secretary of State Antony Blinken said on Thursday:</p>"
    "<p>\xE2\x80\x9C" "As many as 8,000 troops &amp; more,\xE2\x80\x9D he said.<br>Next line.</p>"
    "<!-- a comment \"not a quote\" -->"
    "<ul><li>First   point</li><li>Second\npoint</li></ul>"
    "<blockquote>A quoted block</blockquote>"
    "<div>Loose <b>div</b> text<div>inner div</div></div>"
    "<footer>Copyright 2024</footer></article>"
    "<footer>Site footer</footer></body></html>";

START_TEST(body_and_metadata)
{
    qt_article *a = NULL;
    qt_error err;
    qt_error_clear(&err);
    ck_assert_int_eq(qt_html_article("p.html", page, sizeof page - 1, &a, &err), QT_OK);
    ck_assert_str_eq(a->text, "Blinken warns\n"
                              "Secretary of State Antony Blinken said on Thursday:\n"
                              "\xE2\x80\x9C" "As many as 8,000 troops & more,\xE2\x80\x9D he said.\n"
                              "Next line.\n"
                              "First point\n"
                              "Second point\n"
                              "A quoted block\n"
                              "Loose div text\n"
                              "inner div");
    ck_assert_str_eq(a->title, "Blinken warns on troops");
    ck_assert_str_eq(a->outlet, "Daily Example");
    ck_assert_str_eq(a->url, "https://example.com/a/1");
    ck_assert_str_eq(a->published, "2024-11-01T10:00:00Z");
    ck_assert_str_eq(a->byline, "Jane Doe");
    ck_assert_str_eq(a->id, "p.html");
    qt_article_free(a);
}
END_TEST

START_TEST(fallbacks_and_broken_markup)
{
    static const char broken[] =
        "<html><head><title>Only title</title></head><body>"
        "<p>Unclosed paragraph <span class=\"byline\">By Sam Roe</span>"
        "<p>Caf\xC3\xA9 text, no charset declared"
        "<time datetime=\"2024-11-02\">Nov 2</time><script>broken(</body>";
    qt_article *a = NULL;
    ck_assert_int_eq(qt_html_article("b.html", broken, sizeof broken - 1, &a, NULL), QT_OK);
    ck_assert_str_eq(a->title, "Only title");
    ck_assert_str_eq(a->published, "2024-11-02");
    ck_assert_str_eq(a->byline, "By Sam Roe");
    ck_assert_ptr_null(a->outlet);
    ck_assert_ptr_nonnull(strstr(a->text, "Caf\xC3\xA9 text"));
    ck_assert_ptr_null(strstr(a->text, "broken("));
    qt_article_free(a);
}
END_TEST

START_TEST(empty_and_missing)
{
    qt_article *a = NULL;
    ck_assert_int_eq(qt_html_article("e.html", "", 0, &a, NULL), QT_OK);
    ck_assert_uint_eq(a->len, 0);
    qt_article_free(a);
    qt_error err;
    qt_error_clear(&err);
    ck_assert_int_eq(qt_read_html_file("/nonexistent/x.html", &a, &err), QT_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/x.html"));
}
END_TEST

Suite *html_suite(void)
{
    Suite *s = suite_create("html");
    TCase *tc = tcase_create("extract");
    tcase_add_test(tc, body_and_metadata);
    tcase_add_test(tc, fallbacks_and_broken_markup);
    tcase_add_test(tc, empty_and_missing);
    suite_add_tcase(s, tc);
    return s;
}
