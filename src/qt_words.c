/*
 * qt_words.c - word tokens with folded keys (see qt_words.h).
 */
#include "qt_words.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "qt_text.h"

/* Letters, digits and marks, with apostrophe-joined parts ("don't").  A
 * leading mark is allowed so that a word never starts inside a run the
 * pattern skipped. */
static const char WORD_PATTERN[] = "[\\p{L}\\p{N}\\p{M}]+(?:['\\x{2019}][\\p{L}\\p{N}\\p{M}]+)*";

/* Folded words are hashed from a fixed buffer; a longer "word" (a run of
 * letters without spaces, as in a URL-like blob) is hashed on its prefix,
 * which is still a deterministic key. */
#define FOLD_MAX 256

/* Stop words are looked up by their key, which every word has anyway: an
 * open-addressing set of 64-bit keys (0 marks an empty slot; a real key of
 * 0 is kept in has_zero). */
struct qt_wordizer {
    pcre2_code *re;
    pcre2_match_data *md;
    uint64_t *stop;
    size_t stop_mask;
    int has_zero;
};

static size_t stop_slot(const qt_wordizer *wz, uint64_t key)
{
    size_t i = (size_t)(key ^ (key >> 31)) & wz->stop_mask;
    while (wz->stop[i] && wz->stop[i] != key) i = (i + 1) & wz->stop_mask;
    return i;
}

static int key_is_stop(const qt_wordizer *wz, uint64_t key)
{
    if (key == 0) return wz->has_zero;
    return wz->stop[stop_slot(wz, key)] == key;
}

qt_wordizer *qt_wordizer_create(const qt_patterns *pats, qt_error *err)
{
    qt_wordizer *wz = calloc(1, sizeof *wz);
    if (!wz) {
        qt_error_set(err, QT_ERR_NOMEM, "out of memory creating the word tokeniser");
        return NULL;
    }
    int code;
    PCRE2_SIZE offset;
    wz->re = pcre2_compile((PCRE2_SPTR)WORD_PATTERN, PCRE2_ZERO_TERMINATED,
                           PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK, &code, &offset, NULL);
    if (!wz->re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        qt_error_set(err, QT_ERR_PATTERN, "word pattern: %s at offset %zu", (char *)msg,
                     (size_t)offset);
        goto fail;
    }
    /* JIT is an optimisation: a platform without it still matches. */
    (void)pcre2_jit_compile(wz->re, PCRE2_JIT_COMPLETE);
    wz->md = pcre2_match_data_create_from_pattern(wz->re, NULL);
    if (!wz->md) {
        qt_error_set(err, QT_ERR_NOMEM, "out of memory creating the word tokeniser");
        goto fail;
    }
    size_t n = 0;
    const char *const *lines = pats ? qt_patterns_lines(pats, "stopwords.txt", &n, err) : NULL;
    if (pats && !lines) goto fail;
    size_t size = 64;
    while (size < 2 * n) size *= 2;
    wz->stop = calloc(size, sizeof *wz->stop);
    if (!wz->stop) {
        qt_error_set(err, QT_ERR_NOMEM, "out of memory loading stop words");
        goto fail;
    }
    wz->stop_mask = size - 1;
    for (size_t i = 0; i < n; i++) {
        uint64_t key = qt_word_key(lines[i], strlen(lines[i]));
        if (key == 0) wz->has_zero = 1;
        else wz->stop[stop_slot(wz, key)] = key;
    }
    return wz;
fail:
    qt_wordizer_free(wz);
    return NULL;
}

void qt_wordizer_free(qt_wordizer *wz)
{
    if (!wz) return;
    pcre2_match_data_free(wz->md);
    pcre2_code_free(wz->re);
    free(wz->stop);
    free(wz);
}

/* Combining marks dropped from keys: Latin combining diacritics, Hebrew
 * points, Arabic harakat and Quranic/Urdu signs.  Marks that are letters'
 * vowels in Indic scripts are kept (dropping them changes the word). */
static int is_dropped_mark(uint32_t cp)
{
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x0591 && cp <= 0x05C7) ||
           (cp >= 0x0610 && cp <= 0x061A) || (cp >= 0x064B && cp <= 0x065F) ||
           cp == 0x0670 || (cp >= 0x06D6 && cp <= 0x06ED);
}

/* Simple lower-casing for the scripts news is mostly written in; other
 * scripts are caseless or keep their code points. */
static uint32_t fold_cp(uint32_t cp)
{
    if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
    if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
        return cp | 1;
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
        return (cp & 1) ? cp + 1 : cp;
    if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 32;
    if (cp >= 0x410 && cp <= 0x42F) return cp + 32;
    if (cp >= 0x400 && cp <= 0x40F) return cp + 80;
    switch (cp) {
    case 0x2019: case 0x2018: case 0x02BC: return '\'';
    case 0x064A: case 0x0649: return 0x06CC;   /* Arabic yeh, alef maksura -> Farsi yeh */
    case 0x0643: return 0x06A9;                /* Arabic kaf -> keheh */
    case 0x0647: return 0x06C1;                /* heh -> heh goal (Urdu) */
    default: return cp;
    }
}

static size_t put_utf8(uint32_t cp, char *out)
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t qt_word_fold(const char *s, size_t len, char *out, size_t cap)
{
    if (cap == 0) return 0;
    size_t pos = 0, n = 0;
    while (pos < len) {
        size_t before = pos;
        uint32_t cp = qt_utf8_next(s, len, &pos);
        if (pos == before) break;             /* defensive: no progress */
        if (is_dropped_mark(cp)) continue;
        char buf[4];
        size_t k = put_utf8(fold_cp(cp), buf);
        if (n + k + 1 > cap) break;
        memcpy(out + n, buf, k);
        n += k;
    }
    out[n] = '\0';
    return n;
}

uint64_t qt_word_key(const char *s, size_t len)
{
    char folded[FOLD_MAX];
    size_t n = qt_word_fold(s, len, folded, sizeof folded);
    return XXH3_64bits(folded, n);
}

int qt_word_is_stop(const qt_wordizer *wz, const char *s, size_t len)
{
    return key_is_stop(wz, qt_word_key(s, len));
}

static qt_status push_word(qt_word_list *list, const qt_word *w, qt_error *err)
{
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 256;
        qt_word *items = realloc(list->items, cap * sizeof *items);
        if (!items) return qt_error_set(err, QT_ERR_NOMEM, "out of memory splitting words");
        list->items = items;
        list->cap = cap;
    }
    list->items[list->count++] = *w;
    return QT_OK;
}

/* ASCII letters and digits: the only ASCII bytes in \p{L}, \p{N} or \p{M}. */
static int ascii_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Folds an all-ASCII word: lower case is all that changes. */
static size_t fold_ascii(const char *s, size_t len, char *out)
{
    if (len >= FOLD_MAX) len = FOLD_MAX - 1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    out[len] = '\0';
    return len;
}

qt_status qt_words_split(qt_wordizer *wz, const char *text, size_t len,
                         qt_word_list *list, qt_error *err)
{
    list->count = 0;
    const unsigned char *u = (const unsigned char *)text;
    size_t at = 0;
    /* English text is mostly ASCII: words of ASCII letters and digits
     * ended by ASCII punctuation or space are cut here, which is what the
     * pattern would match; whatever touches a non-ASCII byte or an
     * apostrophe goes to PCRE2 (the find-all loop of pcre2demo.c). */
    while (at < len) {
        while (at < len && u[at] < 0x80 && !ascii_alnum(u[at])) at++;
        if (at >= len) break;
        size_t start, end;
        int ascii = 0;
        if (u[at] < 0x80) {
            size_t e = at;
            while (e < len && ascii_alnum(u[e])) e++;
            ascii = e >= len || (u[e] < 0x80 && u[e] != '\'');
            start = at;
            end = e;
        }
        if (!ascii) {
            /* PCRE2_NO_UTF_CHECK because the text is normalised; the
             * pattern cannot match empty, so every match advances. */
            int rc = pcre2_match(wz->re, (PCRE2_SPTR)text, len, at, PCRE2_NO_UTF_CHECK, wz->md,
                                 NULL);
            if (rc < 0) break;                /* no more words (or a limit) */
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(wz->md);
            if (ov[1] <= ov[0]) break;
            start = ov[0];
            end = ov[1];
        }
        char folded[FOLD_MAX];
        size_t n = ascii ? fold_ascii(text + start, end - start, folded)
                         : qt_word_fold(text + start, end - start, folded, sizeof folded);
        uint64_t key = XXH3_64bits(folded, n);
        qt_word w = { .start = start, .end = end, .key = key, .stop = key_is_stop(wz, key) };
        QT_TRY(push_word(list, &w, err));
        at = end;
    }
    return QT_OK;
}

void qt_word_list_clear(qt_word_list *list)
{
    free(list->items);
    list->items = NULL;
    list->count = list->cap = 0;
}
