/*
 * test_patterns.c - the embedded pattern files and --patterns overrides.
 * The tests take file names from the embedded set itself, so they keep
 * working as pattern files are added or renamed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "qt_patterns.h"
#include "suites.h"

START_TEST(embedded_set_loads)
{
    qt_error err;
    qt_error_clear(&err);
    qt_patterns *p = qt_patterns_load(NULL, &err);
    ck_assert_msg(p != NULL, "load failed: %s", qt_error_message(&err));
    size_t n = 0;
    const char *const *names = qt_patterns_names(p, &n);
    ck_assert_uint_eq(n, qt_embedded_pattern_count);
    ck_assert_ptr_null(names[n]);
    for (size_t i = 0; i < n; i++) {
        size_t len = 0;
        const char *data = qt_patterns_file(p, names[i], &len);
        ck_assert_ptr_nonnull(data);
        ck_assert_uint_eq(len, qt_embedded_patterns[i].len);
        ck_assert_str_eq(qt_patterns_origin(p, names[i]), "embedded");
        size_t count = 0;
        const char *const *lines = qt_patterns_lines(p, names[i], &count, &err);
        ck_assert_ptr_nonnull(lines);
        ck_assert_ptr_null(lines[count]);
        for (size_t k = 0; k < count; k++) {
            ck_assert_msg(lines[k][0] != '#' && lines[k][0] != '\0',
                          "%s: entry %zu is a comment or blank", names[i], k);
        }
    }
    ck_assert_ptr_null(qt_patterns_file(p, "no-such-file.txt", NULL));
    qt_patterns_free(p);
    qt_patterns_free(NULL);
}
END_TEST

START_TEST(lines_are_trimmed_and_comments_dropped)
{
    char *dir = tu_temp_dir();
    char *file = tu_dir_file(dir, "zz_test_list.txt",
                             "# a comment\n\n  alpha  \n\tbeta\r\n   # indented comment\ngamma");
    qt_patterns *p = qt_patterns_load(dir, NULL);
    ck_assert_ptr_nonnull(p);
    size_t count = 0;
    const char *const *lines = qt_patterns_lines(p, "zz_test_list.txt", &count, NULL);
    ck_assert_uint_eq(count, 3);
    ck_assert_str_eq(lines[0], "alpha");
    ck_assert_str_eq(lines[1], "beta");
    ck_assert_str_eq(lines[2], "gamma");
    /* Asking again returns the same parsed entries. */
    ck_assert_ptr_eq(qt_patterns_lines(p, "zz_test_list.txt", NULL, NULL), lines);
    qt_patterns_free(p);
    tu_remove(file);
    tu_remove(dir);
}
END_TEST

START_TEST(override_dir_replaces_a_file)
{
    ck_assert_msg(qt_embedded_pattern_count > 0, "no embedded pattern files");
    const char *name = qt_embedded_patterns[0].name;
    char *dir = tu_temp_dir();
    char *file = tu_dir_file(dir, name, "override-entry\n");
    char *extra = tu_dir_file(dir, "zz_extra.txt", "x\n");
    qt_error err;
    qt_error_clear(&err);
    qt_patterns *p = qt_patterns_load(dir, &err);
    ck_assert_msg(p != NULL, "load failed: %s", qt_error_message(&err));

    size_t len = 0;
    const char *data = qt_patterns_file(p, name, &len);
    ck_assert_uint_eq(len, strlen("override-entry\n"));
    ck_assert_mem_eq(data, "override-entry\n", len);
    ck_assert_str_eq(qt_patterns_origin(p, name), file);
    size_t count = 0;
    const char *const *lines = qt_patterns_lines(p, name, &count, NULL);
    ck_assert_uint_eq(count, 1);
    ck_assert_str_eq(lines[0], "override-entry");

    /* Files the directory lacks keep their embedded version; new names are added. */
    size_t n = 0;
    const char *const *names = qt_patterns_names(p, &n);
    ck_assert_uint_eq(n, qt_embedded_pattern_count + 1);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(names[i], name) == 0 || strcmp(names[i], "zz_extra.txt") == 0) continue;
        ck_assert_str_eq(qt_patterns_origin(p, names[i]), "embedded");
    }
    ck_assert_ptr_nonnull(qt_patterns_file(p, "zz_extra.txt", NULL));
    qt_patterns_free(p);
    tu_remove(file);
    tu_remove(extra);
    tu_remove(dir);
}
END_TEST

START_TEST(hidden_files_and_subdirectories_are_ignored)
{
    char *dir = tu_temp_dir();
    char *hidden = tu_dir_file(dir, ".swp", "junk\n");
    char *sub = malloc(strlen(dir) + 8);
    ck_assert_ptr_nonnull(sub);
    snprintf(sub, strlen(dir) + 8, "%s/sub", dir);
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    qt_patterns *p = qt_patterns_load(dir, NULL);
    ck_assert_ptr_nonnull(p);
    size_t n = 0;
    qt_patterns_names(p, &n);
    ck_assert_uint_eq(n, qt_embedded_pattern_count);
    qt_patterns_free(p);
    tu_remove(sub);
    tu_remove(hidden);
    tu_remove(dir);
}
END_TEST

START_TEST(missing_dir_is_an_error)
{
    char *dir;
    char *path = tu_missing_path(&dir);
    qt_error err;
    qt_error_clear(&err);
    ck_assert_ptr_null(qt_patterns_load(path, &err));
    ck_assert_int_eq(err.code, QT_ERR_PATTERN);
    ck_assert_msg(strstr(err.msg, path) != NULL, "message '%s' does not name the directory",
                  err.msg);
    tu_remove(path);
    tu_remove(dir);
}
END_TEST

START_TEST(missing_file_is_an_error)
{
    qt_patterns *p = qt_patterns_load(NULL, NULL);
    ck_assert_ptr_nonnull(p);
    qt_error err;
    qt_error_clear(&err);
    size_t count = 99;
    ck_assert_ptr_null(qt_patterns_lines(p, "no-such-list.txt", &count, &err));
    ck_assert_int_eq(err.code, QT_ERR_PATTERN);
    ck_assert_ptr_nonnull(strstr(err.msg, "no-such-list.txt"));
    ck_assert_ptr_null(qt_patterns_origin(p, "no-such-list.txt"));
    qt_patterns_free(p);
}
END_TEST

Suite *patterns_suite(void)
{
    Suite *s = suite_create("patterns");
    TCase *tc = tcase_create("load");
    tcase_add_test(tc, embedded_set_loads);
    tcase_add_test(tc, lines_are_trimmed_and_comments_dropped);
    tcase_add_test(tc, override_dir_replaces_a_file);
    tcase_add_test(tc, hidden_files_and_subdirectories_are_ignored);
    tcase_add_test(tc, missing_dir_is_an_error);
    tcase_add_test(tc, missing_file_is_an_error);
    suite_add_tcase(s, tc);
    return s;
}
