/*
 * main.c - the unit test runner: every suite listed in suites.h, one report.
 * CK_FORK=no (set under AddressSanitizer) runs tests in this process so the
 * sanitizer sees them; otherwise each test runs in a child and a crash fails
 * only that test.
 */
#include <stdlib.h>

#include "suites.h"

int main(void)
{
#define QT_SUITE_ENTRY(name) name##_suite,
    static Suite *(*const suites[])(void) = {QT_UNIT_SUITES(QT_SUITE_ENTRY)};
#undef QT_SUITE_ENTRY
    SRunner *sr = srunner_create(NULL);
    for (size_t i = 0; i < sizeof suites / sizeof *suites; i++) srunner_add_suite(sr, suites[i]());
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
