/*
 * qt_lexicon.h - a string-to-value map for word lists (cue verbs, titles,
 * names), keyed by XXH3 hashes.  Built once from pattern files; lookups are
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

/* Value of key s[0..len) or 0 when absent; fold as for add. */
uint32_t qt_lexicon_get(const qt_lexicon *lex, const char *s, size_t len, int fold);

/* Stored string for key (for canonical spellings), or NULL when absent. */
const char *qt_lexicon_key(const qt_lexicon *lex, const char *s, size_t len, int fold);

/* Number of keys. */
size_t qt_lexicon_size(const qt_lexicon *lex);

#endif
