/* fuzz-seeds: pair
 * fuzz-dict: scan
 *
 * fuzz_fingerprint.c - reuse detection's text side on arbitrary bytes:
 * word tokens and their folded keys (qt_words), winnowed shingle
 * fingerprints (qt_fingerprint), the word alignment of two texts
 * (qt_align) and the word diff of two passages of any length
 * (qt_qdiff_compute_long).
 *
 * Input layout: byte 0 picks k (1..8), byte 1 w (1..16); the rest is two
 * texts separated by the first 0x1E (the second is the "source").
 */
#include <string.h>

#include "fuzz.h"
#include "fuzz_engine.h"
#include "qt_align.h"
#include "qt_fingerprint.h"
#include "qt_qdiff.h"
#include "qt_text.h"
#include "qt_words.h"

static qt_wordizer *wz;
static qt_qlex *lex;

static void free_lexicon(void)
{
    qt_qlex_free(lex);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    wz = fuzz_wordizer();
    qt_error err;
    lex = qt_qlex_create(fuzz_patterns(), &err);
    FUZZ_CHECK(lex != NULL, "lexicon: %s", qt_error_message(&err));
    atexit(free_lexicon);
    return 0;
}

/* The passage diff of a (source) and b (derived) holds every word of both,
 * in order, within each text; short texts get qt_qdiff_compute's runs. */
static void check_long_diff(const char *a, size_t la, const char *b, size_t lb)
{
    qt_qtext ta = {0}, tb = {0};
    qt_qdiff d = {0}, bounded = {0};
    FUZZ_CHECK(qt_qtext_build(lex, a, la, &ta, NULL) == QT_OK && qt_qtext_build(lex, b, lb, &tb, NULL) == QT_OK,
               "qtext");
    FUZZ_CHECK(qt_qdiff_compute_long(&ta, &tb, &d, NULL) == QT_OK, "long diff");
    size_t in_a = 0, in_b = 0, prev_a = 0, prev_b = 0;
    for (size_t k = 0; k < d.count; k++) {
        const qt_qop *op = &d.ops[k];
        FUZZ_CHECK(op->words > 0 && op->start <= op->end, "diff run %zu", k);
        if (op->op != '+') in_a += op->words;
        if (op->op != '-') in_b += op->words;
        if (op->op == '-') {
            FUZZ_CHECK(op->end <= la && op->start >= prev_a, "dropped run %zu outside its text", k);
            prev_a = op->end;
        } else {
            FUZZ_CHECK(op->end <= lb && op->start >= prev_b, "run %zu outside its text", k);
            prev_b = op->end;
        }
    }
    FUZZ_CHECK(in_a == ta.nwords && in_b == tb.nwords, "long diff covers %zu/%zu of %zu/%zu words", in_a, in_b,
               ta.nwords, tb.nwords);
    if (ta.nwords < QT_QDIFF_MAX_WORDS && tb.nwords < QT_QDIFF_MAX_WORDS) {
        FUZZ_CHECK(qt_qdiff_compute(&ta, &tb, &bounded, NULL) == QT_OK && bounded.count == d.count,
                   "long diff differs from the diff of short texts");
        for (size_t k = 0; k < d.count; k++)
            FUZZ_CHECK(bounded.ops[k].op == d.ops[k].op && bounded.ops[k].start == d.ops[k].start &&
                           bounded.ops[k].end == d.ops[k].end && bounded.ops[k].words == d.ops[k].words,
                       "long diff run %zu differs", k);
    }
    qt_qdiff_clear(&d);
    qt_qdiff_clear(&bounded);
    qt_qtext_clear(&ta);
    qt_qtext_clear(&tb);
}

/* Splits text into words and checks them; returns the number of content words. */
static size_t check_words(const char *text, size_t len, qt_word_list *list)
{
    qt_error err;
    FUZZ_CHECK(qt_words_split(wz, text, len, list, &err) == QT_OK, "split: %s", qt_error_message(&err));
    size_t content = 0, prev_end = 0;
    char folded[64];
    for (size_t i = 0; i < list->count; i++) {
        const qt_word *w = &list->items[i];
        FUZZ_CHECK(w->start < w->end && w->end <= len && w->start >= prev_end,
                   "word %zu [%zu, %zu) after %zu in %zu bytes", i, w->start, w->end, prev_end, len);
        FUZZ_CHECK(fuzz_on_boundary(text, len, w->start) && fuzz_on_boundary(text, len, w->end),
                   "word %zu splits a code point", i);
        FUZZ_CHECK(w->key == qt_word_key(text + w->start, w->end - w->start), "word %zu key", i);
        FUZZ_CHECK(w->stop == qt_word_is_stop(wz, text + w->start, w->end - w->start), "word %zu stop flag", i);
        /* Folding into a small buffer cuts at a character boundary. */
        size_t cap = 1 + (i % sizeof folded);
        size_t n = qt_word_fold(text + w->start, w->end - w->start, folded, cap);
        FUZZ_CHECK(n < cap && folded[n] == '\0' && fuzz_utf8_ok(folded, n), "fold of word %zu into %zu bytes",
                   i, cap);
        if (!w->stop) content++;
        prev_end = w->end;
    }
    return content;
}

static void check_fingerprints(const char *text, const qt_word_list *list, size_t content, size_t k, size_t w)
{
    (void)text;
    qt_fp_list fps = {0};
    size_t counted = 0;
    qt_error err;
    FUZZ_CHECK(qt_fingerprints(list->items, list->count, k, w, &fps, &counted, &err) == QT_OK, "fingerprints: %s",
               qt_error_message(&err));
    FUZZ_CHECK(counted == content, "%zu content words, fingerprints say %zu", content, counted);
    if (content < k) {
        FUZZ_CHECK(fps.count == 0, "%zu fingerprints from %zu content words, k %zu", fps.count, content, k);
        qt_fp_list_clear(&fps);
        return;
    }
    size_t shingles = content - k + 1;
    FUZZ_CHECK(fps.count >= 1 && fps.count <= shingles, "%zu fingerprints of %zu shingles", fps.count, shingles);
    uint64_t *keys = malloc(content * sizeof *keys);
    FUZZ_CHECK(keys != NULL, "out of memory");
    size_t c = 0;
    for (size_t i = 0; i < list->count; i++)
        if (!list->items[i].stop) keys[c++] = list->items[i].key;
    for (size_t i = 0; i < fps.count; i++) {
        const qt_fp *fp = &fps.items[i];
        FUZZ_CHECK(fp->pos < shingles, "fingerprint %zu at %u of %zu shingles", i, fp->pos, shingles);
        FUZZ_CHECK(i == 0 || fp->pos > fps.items[i - 1].pos, "fingerprints out of order at %zu", i);
        FUZZ_CHECK(fp->hash == qt_shingle_hash(keys + fp->pos, k), "fingerprint %zu is not its shingle's hash", i);
    }
    /* Winnowing's guarantee: every window of w shingles holds a selected one. */
    if (shingles >= w) {
        FUZZ_CHECK(fps.items[0].pos < w, "first fingerprint at %u, window %zu", fps.items[0].pos, w);
        FUZZ_CHECK(fps.items[fps.count - 1].pos + w >= shingles, "last fingerprint at %u of %zu",
                   fps.items[fps.count - 1].pos, shingles);
        for (size_t i = 1; i < fps.count; i++)
            FUZZ_CHECK(fps.items[i].pos - fps.items[i - 1].pos <= w, "gap %u..%u wider than %zu",
                       fps.items[i - 1].pos, fps.items[i].pos, w);
    }
    free(keys);
    qt_fp_list_clear(&fps);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!wz) LLVMFuzzerInitialize(NULL, NULL);
    if (size < 2) return 0;
    size_t k = 1 + data[0] % 8, w = 1 + data[1] % 16;
    const char *raw = (const char *)data + 2;
    size_t rlen = size - 2;
    const char *sep = memchr(raw, 0x1E, rlen);
    size_t alen = sep ? (size_t)(sep - raw) : rlen;
    char *a = NULL, *b = NULL;
    size_t la = 0, lb = 0;
    FUZZ_CHECK(qt_text_normalise(raw, alen, &a, &la, NULL, NULL) == QT_OK, "normalise");
    FUZZ_CHECK(qt_text_normalise(sep ? sep + 1 : "", sep ? rlen - alen - 1 : 0, &b, &lb, NULL, NULL) == QT_OK,
               "normalise");

    qt_word_list wa = {0}, wb = {0};
    size_t ca = check_words(a, la, &wa);
    size_t cb = check_words(b, lb, &wb);
    check_fingerprints(a, &wa, ca, k, w);

    /* The same text gives the same fingerprints: reuse detection relies on it. */
    qt_fp_list f1 = {0}, f2 = {0};
    FUZZ_CHECK(qt_fingerprints(wa.items, wa.count, k, w, &f1, NULL, NULL) == QT_OK &&
                   qt_fingerprints(wa.items, wa.count, k, w, &f2, NULL, NULL) == QT_OK,
               "fingerprints");
    FUZZ_CHECK(f1.count == f2.count, "fingerprints differ between two runs");
    for (size_t i = 0; i < f1.count; i++)
        FUZZ_CHECK(f1.items[i].hash == f2.items[i].hash && f1.items[i].pos == f2.items[i].pos,
                   "fingerprint %zu differs between two runs", i);
    qt_fp_list_clear(&f1);
    qt_fp_list_clear(&f2);

    /* Alignment of a (derived) with b (source). */
    qt_alignment al = {0};
    qt_error err;
    FUZZ_CHECK(qt_align(wa.items, wa.count, wb.items, wb.count, NULL, &al, &err) == QT_OK, "align: %s",
               qt_error_message(&err));
    FUZZ_CHECK(al.d_content == ca && al.s_content == cb, "content words %zu/%zu, align says %zu/%zu", ca, cb,
               al.d_content, al.s_content);
    FUZZ_CHECK(al.d_covered <= al.d_content && al.s_covered <= al.s_content, "coverage counts");
    FUZZ_CHECK(al.coverage >= 0.0 && al.coverage <= 1.0 && al.source_coverage >= 0.0 && al.source_coverage <= 1.0,
               "coverage %f / %f", al.coverage, al.source_coverage);
    for (size_t i = 0; i < al.count; i++) {
        const qt_passage *p = &al.items[i];
        FUZZ_CHECK(p->d_first <= p->d_last && p->d_last < wa.count && p->s_first <= p->s_last && p->s_last < wb.count,
                   "passage %zu word range", i);
        FUZZ_CHECK(p->d_start == wa.items[p->d_first].start && p->d_end == wa.items[p->d_last].end &&
                       p->s_start == wb.items[p->s_first].start && p->s_end == wb.items[p->s_last].end,
                   "passage %zu byte offsets", i);
        FUZZ_CHECK(i == 0 || p->d_first > al.items[i - 1].d_last, "passages overlap or out of order at %zu", i);
        FUZZ_CHECK(p->anchors >= 1 && p->anchors <= p->d_content, "passage %zu anchors", i);
    }
    check_long_diff(a, la, b, lb);
    /* A text aligned with itself is identical and fully covered. */
    qt_alignment self = {0};
    FUZZ_CHECK(qt_align(wa.items, wa.count, wa.items, wa.count, NULL, &self, NULL) == QT_OK, "self align");
    FUZZ_CHECK(self.identical, "a text is not identical to itself");
    qt_alignment_clear(&self);
    qt_alignment_clear(&al);
    qt_word_list_clear(&wa);
    qt_word_list_clear(&wb);
    free(a);
    free(b);
    return 0;
}
