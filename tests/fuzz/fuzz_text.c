/* fuzz-seeds: text
 *
 * fuzz_text.c - the plain-text reader: UTF-8 normalisation (qt_text.c), the
 * code point helpers and offset map every reported offset goes through, and
 * footer metadata (qt_input_footer) on arbitrary bytes.
 */
#include <string.h>

#include "fuzz.h"
#include "qt_article.h"
#include "qt_input.h"
#include "qt_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *raw = (const char *)data;
    char *text = NULL;
    size_t len = 0;
    qt_text_report rep;
    qt_error err;
    FUZZ_CHECK(qt_text_normalise(raw, size, &text, &len, &rep, &err) == QT_OK, "%s",
               qt_error_message(&err));

    /* Normalised text is valid UTF-8 without NUL or CR, terminated. */
    FUZZ_CHECK(text[len] == '\0', "not terminated");
    FUZZ_CHECK(fuzz_utf8_ok(text, len), "normalised text is not valid UTF-8");
    FUZZ_CHECK(memchr(text, '\r', len) == NULL, "CR left in normalised text");
    FUZZ_CHECK(len <= size * 3, "grew more than one U+FFFD per byte");
    FUZZ_CHECK(rep.invalid_bytes == 0 || rep.first_invalid_at < size, "first invalid byte %zu",
               rep.first_invalid_at);
    FUZZ_CHECK(rep.nul_bytes == 0 || (rep.first_nul_at < size && data[rep.first_nul_at] == 0),
               "first NUL at %zu", rep.first_nul_at);
    FUZZ_CHECK(rep.nul_bytes <= size && rep.invalid_bytes <= size, "counts beyond the input");

    /* Normalising is idempotent: clean text is its own normal form. */
    char *again = NULL;
    size_t again_len = 0;
    qt_text_report rep2;
    FUZZ_CHECK(qt_text_normalise(text, len, &again, &again_len, &rep2, NULL) == QT_OK, "second pass");
    FUZZ_CHECK(again_len == len && memcmp(again, text, len) == 0 && rep2.invalid_bytes == 0 &&
                   rep2.nul_bytes == 0 && rep2.crlf == 0,
               "normalisation is not idempotent");
    free(again);

    /* Walking forwards and backwards visits the same code point boundaries,
     * and the offset map agrees with counting at every one of them. */
    qt_charmap *map = qt_charmap_create(text, len);
    FUZZ_CHECK(map != NULL, "charmap");
    size_t pos = 0, chars = 0;
    /* A few dozen boundaries, not all: each look-up scans up to a block
     * (the count from the start), which would make the check quadratic, and
     * coverage instrumentation makes every scanned byte expensive. */
    size_t map_every = 1 + len / 48, count_every = 1 + len / 16;
    while (pos < len) {
        if (chars % map_every == 0)
            FUZZ_CHECK(qt_charmap_chars(map, pos) == chars, "charmap at %zu", pos);
        if (chars % count_every == 0)
            FUZZ_CHECK(qt_utf8_count(text, pos) == chars, "count at %zu", pos);
        size_t before = pos;
        uint32_t cp = qt_utf8_next(text, len, &pos);
        FUZZ_CHECK(pos > before && pos <= len && fuzz_on_boundary(text, len, pos), "next from %zu",
                   before);
        FUZZ_CHECK(cp != 0 && cp <= 0x10FFFF, "code point %u", (unsigned)cp);
        size_t back = pos;
        FUZZ_CHECK(qt_utf8_prev(text, &back) == cp && back == before, "prev from %zu", pos);
        chars++;
    }
    FUZZ_CHECK(qt_charmap_chars(map, len) == chars && fuzz_chars(text, len) == chars, "total chars");
    qt_charmap_free(map);

    /* The article built from the same bytes, and its footer metadata. */
    qt_article *a = NULL;
    FUZZ_CHECK(qt_article_from_bytes("fuzz", raw, size, &a, NULL) == QT_OK, "article");
    FUZZ_CHECK(a->len == len && memcmp(a->text, text, len) == 0, "article text differs");
    FUZZ_CHECK(qt_input_footer(a, NULL) == QT_OK, "footer");
    if (a->outlet) FUZZ_CHECK(fuzz_utf8_ok(a->outlet, strlen(a->outlet)), "outlet not UTF-8");
    /* Metadata from an untrusted source goes through the same normalisation. */
    FUZZ_CHECK(qt_article_set(a, "title", text, NULL) == QT_OK, "set title");
    FUZZ_CHECK(strcmp(a->title, text) == 0, "title changed clean text");
    qt_article_free(a);
    free(text);
    return 0;
}
