/*
 * qt_words.h - normalised word tokens for reuse detection and quote
 * comparison, in any script.
 *
 * A word is a run of Unicode letters, digits and combining marks (PCRE2
 * \p{L}, \p{N}, \p{M}), with inner apostrophes kept ("don't", "Russia's").
 * Its key is the XXH3-64 hash of its folded form: lower case (ASCII, Latin-1,
 * Latin Extended-A, Greek, Cyrillic), combining marks dropped (so accents
 * and Arabic-script vowel signs written or not compare equal), the curly
 * apostrophe folded to ', and the Arabic/Urdu letter variants that
 * keyboards mix (ARABIC YEH/KAF vs FARSI YEH/KEHEH) folded together.  Words
 * on the stop-word list (patterns/stopwords.txt: English and Urdu function
 * words) are marked, so shingles can be built from content words only.
 */
#ifndef QT_WORDS_H
#define QT_WORDS_H

#include <stddef.h>
#include <stdint.h>
#include "qt_error.h"
#include "qt_patterns.h"

/* One word of a text: byte offsets into the text, end exclusive. */
typedef struct {
    size_t start, end;
    uint64_t key;       /* XXH3-64 of the folded form */
    int stop;           /* 1 when a stop word */
} qt_word;

/* A growable array of words; owned by the caller, freed with
 * qt_word_list_clear (the struct itself may live on the stack). */
typedef struct {
    qt_word *items;
    size_t count, cap;
} qt_word_list;

typedef struct qt_wordizer qt_wordizer;

/* Compiles the word pattern (with JIT where available) and loads the stop
 * words from pats ("stopwords.txt"; pats is only read during the call).
 * Returns the wordizer, or NULL with err set (QT_ERR_NOMEM, QT_ERR_PATTERN). */
qt_wordizer *qt_wordizer_create(const qt_patterns *pats, qt_error *err);

/* Frees it; NULL is accepted. */
void qt_wordizer_free(qt_wordizer *wz);

/* Replaces list's contents with the words of text[0..len) (valid UTF-8, as
 * qt_text_normalize produces).  A wordizer is not thread-safe (it owns its
 * match data); use one per thread.  Returns QT_OK, or QT_ERR_NOMEM with err
 * set (list then holds the words found so far). */
qt_status qt_words_split(qt_wordizer *wz, const char *text, size_t len,
                         qt_word_list *list, qt_error *err);

/* Writes the folded form of s[0..len) into out (at most cap bytes, always
 * NUL-terminated when cap > 0) and returns its length; when the result does
 * not fit it is truncated at a character boundary. */
size_t qt_word_fold(const char *s, size_t len, char *out, size_t cap);

/* XXH3-64 key of the folded form of s[0..len) (as qt_word.key). */
uint64_t qt_word_key(const char *s, size_t len);

/* 1 when s[0..len) (folded) is a stop word, else 0. */
int qt_word_is_stop(const qt_wordizer *wz, const char *s, size_t len);

/* Frees list's array and empties it; the list can be reused. */
void qt_word_list_clear(qt_word_list *list);

#endif
