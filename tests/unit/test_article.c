/*
 * test_article.c - the article readers: plain-text files and the streaming
 * JSON Lines reader, including every way a line can be wrong.  A bad line
 * must be reported with file:line and must not stop the lines after it.
 */
#include <stdlib.h>
#include <string.h>

#include "qt_article.h"
#include "suites.h"

/* Reads the next article and expects success. */
static qt_article *next_ok(qt_jsonl_reader *r)
{
    qt_article *a = NULL;
    qt_error err;
    qt_error_clear(&err);
    qt_status st = qt_jsonl_next(r, &a, &err);
    ck_assert_msg(st == QT_OK, "unexpected error: %s", qt_error_message(&err));
    ck_assert_ptr_nonnull(a);
    return a;
}

/* Reads the next line, expects code, and checks the message contains want. */
static void next_fails(qt_jsonl_reader *r, qt_status code, const char *want)
{
    qt_article *a = NULL;
    qt_error err;
    qt_error_clear(&err);
    ck_assert_int_eq(qt_jsonl_next(r, &a, &err), code);
    ck_assert_ptr_null(a);
    ck_assert_msg(strstr(err.msg, want) != NULL, "message '%s' lacks '%s'", err.msg, want);
}

static void expect_end(qt_jsonl_reader *r)
{
    qt_article *a = (qt_article *)1;
    ck_assert_int_eq(qt_jsonl_next(r, &a, NULL), QT_OK);
    ck_assert_ptr_null(a);
}

START_TEST(text_file_is_one_article)
{
    const char raw[] = "\xEF\xBB\xBFLine one.\r\nLine two.";
    char *path = tu_temp_file(raw, sizeof raw - 1);
    qt_article *a = NULL;
    ck_assert_int_eq(qt_read_text_file(path, &a, NULL), QT_OK);
    ck_assert_str_eq(a->id, path);
    ck_assert_str_eq(a->source, path);
    ck_assert_str_eq(a->text, "Line one.\nLine two.");
    ck_assert_uint_eq(a->len, strlen(a->text));
    ck_assert_int_eq(a->report.had_bom, 1);
    ck_assert_ptr_null(a->title);
    qt_article_free(a);
    tu_remove(path);
}
END_TEST

START_TEST(text_file_larger_than_the_first_buffer)
{
    size_t n = 200000;
    char *raw = malloc(n);
    ck_assert_ptr_nonnull(raw);
    for (size_t i = 0; i < n; i++) raw[i] = (char)('a' + i % 26);
    char *path = tu_temp_file(raw, n);
    qt_article *a = NULL;
    ck_assert_int_eq(qt_read_text_file(path, &a, NULL), QT_OK);
    ck_assert_uint_eq(a->len, n);
    ck_assert_mem_eq(a->text, raw, n);
    qt_article_free(a);
    tu_remove(path);
    free(raw);
}
END_TEST

START_TEST(empty_text_file)
{
    char *path = tu_temp_file("", 0);
    qt_article *a = NULL;
    ck_assert_int_eq(qt_read_text_file(path, &a, NULL), QT_OK);
    ck_assert_uint_eq(a->len, 0);
    ck_assert_str_eq(a->text, "");
    qt_article_free(a);
    tu_remove(path);
}
END_TEST

START_TEST(missing_text_file)
{
    char *dir;
    char *path = tu_missing_path(&dir);
    qt_article *a = NULL;
    qt_error err;
    qt_error_clear(&err);
    ck_assert_int_eq(qt_read_text_file(path, &a, &err), QT_ERR_IO);
    ck_assert_ptr_null(a);
    ck_assert_int_eq(err.code, QT_ERR_IO);
    ck_assert_msg(strstr(err.msg, path) != NULL, "message '%s' does not name the file", err.msg);
    tu_remove(path);
    tu_remove(dir);
}
END_TEST

START_TEST(jsonl_good_lines_and_metadata)
{
    const char *data =
        "{\"id\":\"a1\",\"text\":\"Caf\\u00e9 \\\"x\\\"\",\"title\":\"T\",\"outlet\":\"O\","
        "\"url\":\"https://e.x/1\",\"published\":\"2024-01-02\",\"byline\":\"B\"}\n"
        "{\"id\":\"a2\",\"text\":\"second\",\"title\":null,\"extra\":[1,2]}\r\n"
        "{\"text\":\"third\",\"id\":\"a3\"}"; /* no final newline */
    char *path = tu_temp_file(data, strlen(data));
    qt_jsonl_reader *r = qt_jsonl_open(path, NULL);
    ck_assert_ptr_nonnull(r);

    qt_article *a = next_ok(r);
    ck_assert_str_eq(a->id, "a1");
    ck_assert_str_eq(a->text, "Caf\xC3\xA9 \"x\"");
    ck_assert_str_eq(a->title, "T");
    ck_assert_str_eq(a->outlet, "O");
    ck_assert_str_eq(a->url, "https://e.x/1");
    ck_assert_str_eq(a->published, "2024-01-02");
    ck_assert_str_eq(a->byline, "B");
    ck_assert_uint_eq(qt_jsonl_line(r), 1);
    ck_assert_ptr_nonnull(strstr(a->source, ":1"));
    qt_article_free(a);

    a = next_ok(r);
    ck_assert_str_eq(a->id, "a2");
    ck_assert_ptr_null(a->title); /* null is the same as absent */
    qt_article_free(a);

    a = next_ok(r);
    ck_assert_str_eq(a->id, "a3");
    ck_assert_str_eq(a->text, "third");
    ck_assert_uint_eq(qt_jsonl_line(r), 3);
    qt_article_free(a);

    expect_end(r);
    expect_end(r); /* end stays the end */
    qt_jsonl_close(r);
    tu_remove(path);
}
END_TEST

START_TEST(jsonl_blank_lines_are_skipped_but_counted)
{
    const char *data = "\n  \t\n{\"id\":\"x\",\"text\":\"t\"}\n\n";
    char *path = tu_temp_file(data, strlen(data));
    qt_jsonl_reader *r = qt_jsonl_open(path, NULL);
    qt_article *a = next_ok(r);
    ck_assert_uint_eq(qt_jsonl_line(r), 3);
    qt_article_free(a);
    expect_end(r);
    qt_jsonl_close(r);
    tu_remove(path);
}
END_TEST

START_TEST(jsonl_number_ids)
{
    const char *data = "{\"id\":42,\"text\":\"a\"}\n{\"id\":-7,\"text\":\"b\"}\n"
                       "{\"id\":1.5,\"text\":\"c\"}\n{\"id\":\"\",\"text\":\"d\"}\n";
    char *path = tu_temp_file(data, strlen(data));
    qt_jsonl_reader *r = qt_jsonl_open(path, NULL);
    qt_article *a = next_ok(r);
    ck_assert_str_eq(a->id, "42");
    qt_article_free(a);
    a = next_ok(r);
    ck_assert_str_eq(a->id, "-7");
    qt_article_free(a);
    next_fails(r, QT_ERR_INPUT, "\"id\" must be a string or an integer");
    next_fails(r, QT_ERR_INPUT, "\"id\" is empty");
    expect_end(r);
    qt_jsonl_close(r);
    tu_remove(path);
}
END_TEST

START_TEST(jsonl_malformed_lines_name_file_and_line)
{
    const char *data = "{\"id\":\"ok1\",\"text\":\"a\"}\n"
                       "{\"id\":\"broken\",\"text\":\n"           /* 2: truncated */
                       "not json at all\n"                         /* 3 */
                       "{\"id\":\"a\",\"text\":\"b\"} {\"id\":2}\n" /* 4: two values */
                       "[1,2,3]\n"                                 /* 5: not an object */
                       "{\"id\":\"ok2\",\"text\":\"c\"}\n";         /* 6 */
    char *path = tu_temp_file(data, strlen(data));
    char where[600];
    qt_jsonl_reader *r = qt_jsonl_open(path, NULL);
    qt_article *a = next_ok(r);
    qt_article_free(a);
    snprintf(where, sizeof where, "%s:2: invalid JSON", path);
    next_fails(r, QT_ERR_INPUT, where);
    snprintf(where, sizeof where, "%s:3: invalid JSON", path);
    next_fails(r, QT_ERR_INPUT, where);
    /* Two values on one line: json-c's strict mode already rejects the
     * second, so only the location is pinned down here. */
    snprintf(where, sizeof where, "%s:4: ", path);
    next_fails(r, QT_ERR_INPUT, where);
    snprintf(where, sizeof where, "%s:5: not a JSON object", path);
    next_fails(r, QT_ERR_INPUT, where);
    a = next_ok(r); /* the reader went on past every bad line */
    ck_assert_str_eq(a->id, "ok2");
    ck_assert_uint_eq(qt_jsonl_line(r), 6);
    qt_article_free(a);
    expect_end(r);
    qt_jsonl_close(r);
    tu_remove(path);
}
END_TEST

START_TEST(jsonl_wrong_types_and_missing_fields)
{
    const char *data = "{\"id\":\"a\"}\n"
                       "{\"text\":\"t\"}\n"
                       "{\"id\":\"a\",\"text\":5}\n"
                       "{\"id\":\"a\",\"text\":null}\n"
                       "{\"id\":true,\"text\":\"t\"}\n"
                       "{\"id\":\"a\",\"text\":\"t\",\"title\":7}\n"
                       "{\"id\":\"a\",\"text\":\"t\",\"url\":{\"x\":1}}\n";
    char *path = tu_temp_file(data, strlen(data));
    qt_jsonl_reader *r = qt_jsonl_open(path, NULL);
    next_fails(r, QT_ERR_INPUT, ":1: missing \"text\"");
    next_fails(r, QT_ERR_INPUT, ":2: missing \"id\"");
    next_fails(r, QT_ERR_INPUT, ":3: \"text\" must be a string");
    next_fails(r, QT_ERR_INPUT, ":4: \"text\" must be a string");
    next_fails(r, QT_ERR_INPUT, ":5: \"id\" must be a string or an integer");
    next_fails(r, QT_ERR_INPUT, ":6: field \"title\" must be a string");
    next_fails(r, QT_ERR_INPUT, ":7: field \"url\" must be a string");
    expect_end(r);
    qt_jsonl_close(r);
    tu_remove(path);
}
END_TEST

START_TEST(jsonl_bad_bytes)
{
    /* Invalid UTF-8 inside a JSON string and a raw NUL are errors of their
     * line; an escaped \u0000 is text, repaired like any NUL byte. */
    const char data[] = "{\"id\":\"a\",\"text\":\"bad \xFF byte\"}\n"
                        "{\"id\":\"b\",\"text\":\"raw \0 nul\"}\n"
                        "{\"id\":\"c\",\"text\":\"esc \\u0000 nul\"}\n";
    char *path = tu_temp_file(data, sizeof data - 1);
    qt_jsonl_reader *r = qt_jsonl_open(path, NULL);
    next_fails(r, QT_ERR_INPUT, ":1: invalid JSON");
    next_fails(r, QT_ERR_INPUT, ":2: raw NUL byte");
    qt_article *a = next_ok(r);
    ck_assert_str_eq(a->text, "esc \xEF\xBF\xBD nul");
    ck_assert_uint_eq(a->report.nul_bytes, 1);
    ck_assert_uint_eq(a->report.first_nul_at, 4);
    qt_article_free(a);
    expect_end(r);
    qt_jsonl_close(r);
    tu_remove(path);
}
END_TEST

START_TEST(jsonl_missing_file)
{
    char *dir;
    char *path = tu_missing_path(&dir);
    qt_error err;
    qt_error_clear(&err);
    ck_assert_ptr_null(qt_jsonl_open(path, &err));
    ck_assert_int_eq(err.code, QT_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.msg, path));
    tu_remove(path);
    tu_remove(dir);
}
END_TEST

START_TEST(jsonl_empty_file)
{
    char *path = tu_temp_file("", 0);
    qt_jsonl_reader *r = qt_jsonl_open(path, NULL);
    ck_assert_ptr_nonnull(r);
    expect_end(r);
    ck_assert_uint_eq(qt_jsonl_line(r), 0);
    qt_jsonl_close(r);
    qt_jsonl_close(NULL);
    tu_remove(path);
}
END_TEST

START_TEST(article_set_fields)
{
    qt_article *a = NULL;
    qt_error err;
    qt_error_clear(&err);
    ck_assert_int_eq(qt_article_from_bytes("id", "x", 1, &a, NULL), QT_OK);
    ck_assert_int_eq(qt_article_set(a, "title", "A \xFF title", NULL), QT_OK);
    ck_assert_str_eq(a->title, "A \xEF\xBF\xBD title"); /* metadata is normalised too */
    ck_assert_int_eq(qt_article_set(a, "title", NULL, NULL), QT_OK);
    ck_assert_ptr_null(a->title);
    ck_assert_int_eq(qt_article_set(a, "colour", "red", &err), QT_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "colour"));
    qt_article_free(a);
    qt_article_free(NULL);
}
END_TEST

Suite *article_suite(void)
{
    Suite *s = suite_create("article");
    TCase *tc = tcase_create("text");
    tcase_add_test(tc, text_file_is_one_article);
    tcase_add_test(tc, text_file_larger_than_the_first_buffer);
    tcase_add_test(tc, empty_text_file);
    tcase_add_test(tc, missing_text_file);
    tcase_add_test(tc, article_set_fields);
    suite_add_tcase(s, tc);
    tc = tcase_create("jsonl");
    tcase_add_test(tc, jsonl_good_lines_and_metadata);
    tcase_add_test(tc, jsonl_blank_lines_are_skipped_but_counted);
    tcase_add_test(tc, jsonl_number_ids);
    tcase_add_test(tc, jsonl_malformed_lines_name_file_and_line);
    tcase_add_test(tc, jsonl_wrong_types_and_missing_fields);
    tcase_add_test(tc, jsonl_bad_bytes);
    tcase_add_test(tc, jsonl_missing_file);
    tcase_add_test(tc, jsonl_empty_file);
    suite_add_tcase(s, tc);
    return s;
}
