/*
 * suites.h - the Check suites of the unit test runner, and small helpers
 * they share.
 *
 * To add a suite: write tests/unit/test_NAME.c defining `Suite *NAME_suite(void)`
 * and add X(NAME) to QT_UNIT_SUITES below; main.c declares and runs every
 * suite in the list, in order.  The Makefile compiles every .c file in tests/unit.
 * Run one suite alone with CK_RUN_SUITE=NAME, one case with CK_RUN_CASE=...
 */
#ifndef QT_TEST_SUITES_H
#define QT_TEST_SUITES_H

#include <stddef.h>

#include <check.h>

#define QT_UNIT_SUITES(X) \
    X(text)               \
    X(article)            \
    X(patterns)           \
    X(output)             \
    X(scan) \
    X(segment)            \
    X(date)               \
    X(html)               \
    X(store)              \
    X(search)             \
    X(export)             \
    X(words)              \
    X(family)             \
    X(qdiff)              \
    X(reuse)              \
    X(reuse_query)        \
    X(filters)            \
    X(totals)

#define QT_DECLARE_SUITE(name) Suite *name##_suite(void);
QT_UNIT_SUITES(QT_DECLARE_SUITE)
#undef QT_DECLARE_SUITE

/* Writes len bytes to a new temporary file and returns its path (free with
 * tu_remove).  Fails the test when the file cannot be written. */
char *tu_temp_file(const char *data, size_t len);

/* Creates a new empty temporary directory and returns its path. */
char *tu_temp_dir(void);

/* Writes data to DIR/NAME and returns that path (free with tu_remove). */
char *tu_dir_file(const char *dir, const char *name, const char *data);

/* Removes the file or empty directory at path and frees path; NULL is accepted. */
void tu_remove(char *path);

/* A path that does not exist (inside a fresh directory); free with tu_remove
 * after removing the directory returned in *dir. */
char *tu_missing_path(char **dir);

#endif
