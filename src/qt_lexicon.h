/*
 * qt_lexicon.h - a string-to-value map for word lists (cue verbs, titles,
 * names), keyed by XXH3 hashes behind a miss filter.  Built once from pattern files; lookups are
 * allocation-free and take a byte range, so tokens need not be copied.
 */
#ifndef QT_LEXICON_H
#define QT_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "qt_error.h"

typedef struct qt_lexicon qt_lexicon;

/* Returns an empty lexicon, or NULL when out of memory. */
qt_lexicon *qt_lexicon_create(void);
/* Frees it; NULL is accepted. */
void qt_lexicon_free(qt_lexicon *lex);

/* Adds key (copied) with value; an existing key gets value OR-ed in.
 * fold: 1 to store the key ASCII-lower-cased.  Returns QT_OK or QT_ERR_NOMEM. */
qt_status qt_lexicon_add(qt_lexicon *lex, const char *key, size_t len, uint32_t value, int fold);

/* Value of key s[0..len) or 0 when absent; fold as for add.  Inline, see
 * below: the scanner asks several lexicons about every token. */
static inline uint32_t qt_lexicon_get(const qt_lexicon *lex, const char *s, size_t len, int fold);

/* Stored string for key (for canonical spellings), or NULL when absent. */
const char *qt_lexicon_key(const qt_lexicon *lex, const char *s, size_t len, int fold);

/* Number of keys. */
size_t qt_lexicon_size(const qt_lexicon *lex);

/* ---- internals of the inline qt_lexicon_get ---- */

/* Most look-ups miss, so every lexicon starts with a filter: one bit per
 * (length, first byte, last byte) class of its keys, as stored (folded when
 * added with fold).  A clear bit means absent, without folding or hashing. */
#define QT_LEXICON_FILTER_BITS 4096
typedef struct {
    uint64_t bits[QT_LEXICON_FILTER_BITS / 64];
} qt_lexicon_filter;

static inline size_t qt_lexicon_filter_bit(unsigned char first, unsigned char last, size_t len)
{
    uint32_t v = (uint32_t)(len & 0xFF) | (uint32_t)first << 8 | (uint32_t)last << 16;
    return (size_t)((v * 0x9E3779B1u) >> 20); /* top 12 bits */
}

/* Keys longer than this are neither folded nor filtered by case. */
#define QT_LEXICON_FOLD_MAX 128

/* The full look-up (qt_lexicon.c), for what passes the filter. */
uint32_t qt_lexicon_get_slow(const qt_lexicon *lex, const char *s, size_t len, int fold);

static inline uint32_t qt_lexicon_get(const qt_lexicon *lex, const char *s, size_t len, int fold)
{
    if (!lex || len == 0) return 0;
    unsigned char a = (unsigned char)s[0], b = (unsigned char)s[len - 1];
    if (fold && len <= QT_LEXICON_FOLD_MAX) {
        if ((unsigned)(a - 'A') < 26u) a += 32;
        if ((unsigned)(b - 'A') < 26u) b += 32;
    }
    size_t bit = qt_lexicon_filter_bit(a, b, len);
    /* The filter is the lexicon's first member (qt_lexicon.c). */
    const qt_lexicon_filter *f = (const qt_lexicon_filter *)(const void *)lex;
    if (!(f->bits[bit / 64] & ((uint64_t)1 << (bit % 64)))) return 0;
    return qt_lexicon_get_slow(lex, s, len, fold);
}

#endif
