/*
 * fuzz.h - what the libFuzzer targets in tests/fuzz share.
 *
 * Each target is one file tests/fuzz/fuzz_NAME.c defining
 * LLVMFuzzerTestOneInput (and optionally LLVMFuzzerInitialize); the Makefile
 * links it with libFuzzer for `make fuzz` and with replay.c for `make check`,
 * which runs every file under fixtures/fuzz-regressions/NAME/ through it.
 *
 * A target does more than "not crash": it checks the invariants the rest of
 * quotetrack relies on (offsets inside the text and on code point boundaries,
 * valid UTF-8 everywhere, output that parses back), and a broken invariant
 * aborts, which libFuzzer reports as a crash with the input saved.
 */
#ifndef QT_FUZZ_H
#define QT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* An invariant: when it does not hold, say which and where, then abort. */
#define FUZZ_CHECK(cond, ...)                                                  \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: invariant failed: %s: ", __FILE__,         \
                    __LINE__, #cond);                                          \
            fprintf(stderr, __VA_ARGS__);                                      \
            fputc('\n', stderr);                                               \
            abort();                                                           \
        }                                                                      \
    } while (0)

/* Whether s[0..len) is valid UTF-8 (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF) without NUL bytes.  Written apart from
 * src/qt_text.c on purpose, so the check does not share the code it checks. */
static inline int fuzz_utf8_ok(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned c = p[i];
        size_t n;
        unsigned cp;
        if (c == 0) return 0;
        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xE0) == 0xC0) {
            n = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 4;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if (i + n > len) return 0;
        for (size_t k = 1; k < n; k++) {
            if ((p[i + k] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000)) return 0;
        if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
        if (cp > 0x10FFFF) return 0;
        i += n;
    }
    return 1;
}

/* Whether byte offset off of s (length len) is on a code point boundary. */
static inline int fuzz_on_boundary(const char *s, size_t len, size_t off)
{
    return off == len || (off < len && (((unsigned char)s[off]) & 0xC0) != 0x80);
}

/* Code points in s[0..off), counted independently of qt_utf8_count. */
static inline size_t fuzz_chars(const char *s, size_t off)
{
    size_t n = 0;
    for (size_t i = 0; i < off; i++)
        if ((((unsigned char)s[i]) & 0xC0) != 0x80) n++;
    return n;
}

#endif
