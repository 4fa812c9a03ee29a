/* fuzz-seeds: text
 * fuzz-dict: scan
 *
 * fuzz_scan.c - the whole scanner on arbitrary bytes: normalisation,
 * segmentation, quote pairing, mentions, coreference and the attribution
 * sieve (qt_scan_article), checking every span of the result against the
 * text it claims to point into.
 */
#include <string.h>

#include "fuzz.h"
#include "fuzz_engine.h"
#include "qt_scan.h"
#include "qt_text.h"

static qt_scanner *scanner;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    scanner = fuzz_scanner();
    return 0;
}

static void check_span(const qt_article *a, const qt_span *sp, const char *what, size_t i)
{
    FUZZ_CHECK(sp->start <= sp->end && sp->end <= a->len, "%s of quote %zu: [%zu, %zu) in %zu bytes",
               what, i, sp->start, sp->end, a->len);
    FUZZ_CHECK(fuzz_on_boundary(a->text, a->len, sp->start) &&
                   fuzz_on_boundary(a->text, a->len, sp->end),
               "%s of quote %zu splits a code point", what, i);
    FUZZ_CHECK(sp->char_start == fuzz_chars(a->text, sp->start) &&
                   sp->char_end == fuzz_chars(a->text, sp->end),
               "%s of quote %zu: code point offsets %zu..%zu wrong", what, i, sp->char_start,
               sp->char_end);
}

static void check_text(const qt_article *a, const qt_span *sp, const char *s, const char *what,
                       size_t i)
{
    FUZZ_CHECK(s != NULL, "%s of quote %zu missing", what, i);
    size_t n = sp->end - sp->start;
    FUZZ_CHECK(strlen(s) == n && memcmp(s, a->text + sp->start, n) == 0,
               "%s of quote %zu is not the text at its offsets", what, i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!scanner) LLVMFuzzerInitialize(NULL, NULL);
    qt_article *a = NULL;
    FUZZ_CHECK(qt_article_from_bytes("fuzz", (const char *)data, size, &a, NULL) == QT_OK, "article");
    qt_scan_result *res = NULL;
    qt_error err;
    qt_status st = qt_scan_article(scanner, a, &res, &err);
    FUZZ_CHECK(st == QT_OK && res != NULL, "scan: %s", qt_error_message(&err));
    for (size_t i = 0; i < res->count; i++) {
        const qt_quote *q = &res->quotes[i];
        FUZZ_CHECK(q->kind == QT_KIND_DIRECT || q->kind == QT_KIND_PARTIAL ||
                       q->kind == QT_KIND_INDIRECT,
                   "kind %d", (int)q->kind);
        check_span(a, &q->span, "span", i);
        check_text(a, &q->span, q->text, "text", i);
        FUZZ_CHECK(q->speaker >= -1 && (q->speaker < 0 || (size_t)q->speaker < res->speaker_count),
                   "speaker %d of %zu", q->speaker, res->speaker_count);
        if (q->has_mention) {
            check_span(a, &q->mention, "mention", i);
            FUZZ_CHECK(q->mention_text != NULL && fuzz_utf8_ok(q->mention_text, strlen(q->mention_text)),
                       "mention text of quote %zu", i);
        }
        if (q->has_cue) {
            check_span(a, &q->cue, "cue", i);
            check_text(a, &q->cue, q->cue_text, "cue text", i);
        }
        FUZZ_CHECK(q->confidence >= 0.0 && q->confidence <= 1.0, "confidence %f", q->confidence);
        FUZZ_CHECK(q->rule != NULL, "quote %zu has no rule", i);
        FUZZ_CHECK(q->parent >= -1 && q->parent < (int)res->count && q->parent != (int)i,
                   "parent %d of quote %zu", q->parent, i);
        /* A partial starts inside its claim (the JSON writer relies on it). */
        if (q->parent >= 0) {
            const qt_span *ps = &res->quotes[q->parent].span;
            FUZZ_CHECK(ps->start <= q->span.start && q->span.start < ps->end,
                       "quote %zu starts outside its parent %d", i, q->parent);
        }
        /* Quotes come in text order: by start, then the longest first. */
        if (i > 0) {
            const qt_span *p = &res->quotes[i - 1].span;
            FUZZ_CHECK(p->start < q->span.start || (p->start == q->span.start && p->end >= q->span.end),
                       "quote %zu out of order", i);
        }
    }
    for (size_t s = 0; s < res->speaker_count; s++) {
        const qt_speaker *sp = &res->speakers[s];
        FUZZ_CHECK(sp->name && *sp->name && fuzz_utf8_ok(sp->name, strlen(sp->name)), "speaker %zu name", s);
        if (sp->title) FUZZ_CHECK(fuzz_utf8_ok(sp->title, strlen(sp->title)), "speaker %zu title", s);
        for (size_t k = 0; k < sp->alias_count; k++)
            FUZZ_CHECK(sp->aliases[k] && fuzz_utf8_ok(sp->aliases[k], strlen(sp->aliases[k])),
                       "speaker %zu alias %zu", s, k);
        FUZZ_CHECK(sp->aliases == NULL || sp->aliases[sp->alias_count] == NULL, "aliases not terminated");
    }
    qt_scan_result_free(res);
    qt_article_free(a);
    return 0;
}
