#include "qt_lexicon.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

typedef struct {
    uint64_t hash;
    char *key;      /* NULL for an empty slot */
    size_t len;
    uint32_t value;
} slot;

struct qt_lexicon {
    qt_lexicon_filter filter; /* first: the inline qt_lexicon_get reads it */
    slot *slots;
    size_t cap;     /* power of two */
    size_t count;
};

/* Keys are short words, so folding into a stack buffer is enough; longer
 * keys are hashed unfolded beyond the buffer, consistently for add and get. */
#define FOLD_MAX QT_LEXICON_FOLD_MAX

static unsigned char fold_byte(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

static size_t fold_copy(char *dst, const char *s, size_t len)
{
    size_t n = len < FOLD_MAX ? len : FOLD_MAX;
    for (size_t i = 0; i < n; i++) dst[i] = (char)fold_byte((unsigned char)s[i]);
    return n;
}

static uint64_t hash_key(const char *s, size_t len)
{
    return XXH3_64bits(s, len);
}

qt_lexicon *qt_lexicon_create(void)
{
    qt_lexicon *lex = calloc(1, sizeof *lex);
    if (!lex) return NULL;
    lex->cap = 64;
    lex->slots = calloc(lex->cap, sizeof *lex->slots);
    if (!lex->slots) {
        free(lex);
        return NULL;
    }
    return lex;
}

void qt_lexicon_free(qt_lexicon *lex)
{
    if (!lex) return;
    for (size_t i = 0; i < lex->cap; i++) free(lex->slots[i].key);
    free(lex->slots);
    free(lex);
}

static slot *find_slot(slot *slots, size_t cap, uint64_t h, const char *s, size_t len)
{
    size_t i = (size_t)h & (cap - 1);
    for (;;) {
        slot *sl = &slots[i];
        if (!sl->key) return sl;
        if (sl->hash == h && sl->len == len && memcmp(sl->key, s, len) == 0) return sl;
        i = (i + 1) & (cap - 1);
    }
}

static int grow(qt_lexicon *lex)
{
    size_t cap = lex->cap * 2;
    slot *slots = calloc(cap, sizeof *slots);
    if (!slots) return 0;
    for (size_t i = 0; i < lex->cap; i++) {
        slot *old = &lex->slots[i];
        if (!old->key) continue;
        *find_slot(slots, cap, old->hash, old->key, old->len) = *old;
    }
    free(lex->slots);
    lex->slots = slots;
    lex->cap = cap;
    return 1;
}

qt_status qt_lexicon_add(qt_lexicon *lex, const char *key, size_t len, uint32_t value, int fold)
{
    char buf[FOLD_MAX];
    if (fold && len <= FOLD_MAX) {
        len = fold_copy(buf, key, len);
        key = buf;
    }
    if ((lex->count + 1) * 2 > lex->cap && !grow(lex)) return QT_ERR_NOMEM;
    uint64_t h = hash_key(key, len);
    slot *sl = find_slot(lex->slots, lex->cap, h, key, len);
    if (sl->key) {
        sl->value |= value;
        return QT_OK;
    }
    sl->key = malloc(len + 1);
    if (!sl->key) return QT_ERR_NOMEM;
    if (len > 0) {
        size_t bit = qt_lexicon_filter_bit((unsigned char)key[0], (unsigned char)key[len - 1], len);
        lex->filter.bits[bit / 64] |= (uint64_t)1 << (bit % 64);
    }
    memcpy(sl->key, key, len);
    sl->key[len] = '\0';
    sl->len = len;
    sl->hash = h;
    sl->value = value;
    lex->count++;
    return QT_OK;
}

static const slot *lookup(const qt_lexicon *lex, const char *s, size_t len, int fold)
{
    char buf[FOLD_MAX];
    if (!lex || len == 0) return NULL;
    if (fold && len <= FOLD_MAX) {
        len = fold_copy(buf, s, len);
        s = buf;
    }
    const slot *sl = find_slot(lex->slots, lex->cap, hash_key(s, len), s, len);
    return sl->key ? sl : NULL;
}

uint32_t qt_lexicon_get_slow(const qt_lexicon *lex, const char *s, size_t len, int fold)
{
    const slot *sl = lookup(lex, s, len, fold);
    return sl ? sl->value : 0;
}

const char *qt_lexicon_key(const qt_lexicon *lex, const char *s, size_t len, int fold)
{
    const slot *sl = lookup(lex, s, len, fold);
    return sl ? sl->key : NULL;
}

size_t qt_lexicon_size(const qt_lexicon *lex)
{
    return lex ? lex->count : 0;
}
