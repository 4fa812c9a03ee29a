/* qt_fingerprint.c - content-word shingles and winnowing (see qt_fingerprint.h). */
#include "qt_fingerprint.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

/* Longest shingle hashed from the stack buffer; callers use 2 to 5. */
#define SHINGLE_MAX 16

uint64_t qt_shingle_hash(const uint64_t *keys, size_t k)
{
    unsigned char buf[SHINGLE_MAX * 8];
    if (k > SHINGLE_MAX) k = SHINGLE_MAX;
    for (size_t i = 0; i < k; i++)
        for (int b = 0; b < 8; b++) buf[i * 8 + (size_t)b] = (unsigned char)(keys[i] >> (8 * b));
    return XXH3_64bits(buf, k * 8);
}

static qt_status push(qt_fp_list *l, uint64_t hash, size_t pos, qt_error *err)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        qt_fp *items = realloc(l->items, cap * sizeof *items);
        if (!items) return qt_error_set(err, QT_ERR_NOMEM, "out of memory selecting fingerprints");
        l->items = items;
        l->cap = cap;
    }
    l->items[l->count++] = (qt_fp){hash, (uint32_t)pos};
    return QT_OK;
}

qt_status qt_fingerprints(const qt_word *words, size_t n, size_t k, size_t w, qt_fp_list *out,
                          size_t *content_words, qt_error *err)
{
    out->count = 0;
    if (k == 0 || w == 0 || k > SHINGLE_MAX)
        return qt_error_set(err, QT_ERR_USAGE, "fingerprints: shingle size %zu or window %zu out of range",
                            k, w);
    size_t nc = 0;
    for (size_t i = 0; i < n; i++) nc += !words[i].stop;
    if (content_words) *content_words = nc;
    if (nc < k) return QT_OK;

    size_t ns = nc - k + 1;
    uint64_t *keys = malloc(nc * sizeof *keys);
    uint64_t *hashes = malloc(ns * sizeof *hashes);
    qt_status st = QT_OK;
    if (!keys || !hashes) {
        st = qt_error_set(err, QT_ERR_NOMEM, "out of memory hashing shingles");
        goto done;
    }
    for (size_t i = 0, c = 0; i < n; i++)
        if (!words[i].stop) keys[c++] = words[i].key;
    size_t smallest = 0;
    for (size_t i = 0; i < ns; i++) {
        hashes[i] = qt_shingle_hash(keys + i, k);
        if (hashes[i] <= hashes[smallest]) smallest = i;
    }
    if (ns < w) {
        /* Shorter than one window: the window is the whole text. */
        st = push(out, hashes[smallest], smallest, err);
        goto done;
    }
    /* Robust winnowing: the minimum of each window, the rightmost on ties;
     * a position already recorded is not recorded again.  The minimum is
     * carried from window to window and only rescanned when it leaves. */
    size_t min = SIZE_MAX, last = SIZE_MAX;
    for (size_t start = 0; start + w <= ns; start++) {
        size_t end = start + w - 1;
        if (min == SIZE_MAX || min < start) {
            min = start;
            for (size_t i = start + 1; i <= end; i++)
                if (hashes[i] <= hashes[min]) min = i;
        } else if (hashes[end] <= hashes[min]) {
            min = end;
        }
        if (min != last) {
            if ((st = push(out, hashes[min], min, err)) != QT_OK) goto done;
            last = min;
        }
    }
done:
    free(keys);
    free(hashes);
    return st;
}

void qt_fp_list_clear(qt_fp_list *list)
{
    free(list->items);
    list->items = NULL;
    list->count = list->cap = 0;
}
