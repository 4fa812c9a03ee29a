/*
 * fuzz_engine.h - the engine objects the fuzz targets share: the embedded
 * patterns, a scanner and a wordizer over them, each made once on first use.
 *
 * They live for the whole process and are freed at exit, so leak checkers
 * (LeakSanitizer in make fuzz and make asan, memcheck in make valgrind) see
 * a clean process: a static pointer written once may be optimised away and
 * its block then reported as lost.  A set-up failure aborts the target.
 */
#ifndef QT_FUZZ_ENGINE_H
#define QT_FUZZ_ENGINE_H

#include <stdlib.h>

#include "fuzz.h"
#include "qt_error.h"
#include "qt_patterns.h"
#include "qt_scan.h"
#include "qt_words.h"

typedef struct {
    qt_patterns *pats;
    qt_scanner *scanner;
    qt_wordizer *wz;
} fuzz_engine;

static inline fuzz_engine *fuzz_engine_get(void)
{
    static fuzz_engine engine;
    return &engine;
}

static inline void fuzz_engine_free(void)
{
    fuzz_engine *e = fuzz_engine_get();
    qt_scanner_free(e->scanner);
    qt_wordizer_free(e->wz);
    qt_patterns_free(e->pats);
    e->scanner = NULL;
    e->wz = NULL;
    e->pats = NULL;
}

/* The embedded patterns (owned here, freed at exit). */
static inline qt_patterns *fuzz_patterns(void)
{
    fuzz_engine *e = fuzz_engine_get();
    if (!e->pats) {
        qt_error err;
        e->pats = qt_patterns_load(NULL, &err);
        FUZZ_CHECK(e->pats != NULL, "patterns: %s", qt_error_message(&err));
        atexit(fuzz_engine_free);
    }
    return e->pats;
}

/* A scanner over the embedded patterns (owned here, freed at exit). */
static inline qt_scanner *fuzz_scanner(void)
{
    fuzz_engine *e = fuzz_engine_get();
    if (!e->scanner) {
        qt_error err;
        e->scanner = qt_scanner_create(fuzz_patterns(), &err);
        FUZZ_CHECK(e->scanner != NULL, "scanner: %s", qt_error_message(&err));
    }
    return e->scanner;
}

/* A wordizer over the embedded patterns (owned here, freed at exit). */
static inline qt_wordizer *fuzz_wordizer(void)
{
    fuzz_engine *e = fuzz_engine_get();
    if (!e->wz) {
        qt_error err;
        e->wz = qt_wordizer_create(fuzz_patterns(), &err);
        FUZZ_CHECK(e->wz != NULL, "wordizer: %s", qt_error_message(&err));
    }
    return e->wz;
}

#endif
