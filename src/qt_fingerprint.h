/*
 * qt_fingerprint.h - fingerprints of a text for reuse detection: shingles of
 * k consecutive content words (words that are not stop words, see
 * qt_words.h), hashed with XXH3-64, of which winnowing keeps a few.
 *
 * Why content words: an edit that only changes function words ("the" ->
 * "a", "has said" -> "said") leaves the shingles intact.  Why winnowing
 * (Schleimer, Wilkerson & Aiken, SIGMOD 2003): it keeps about 2/(w+1) of
 * the shingles yet guarantees that any run of w + k - 1 content words two
 * texts share yields at least one common fingerprint, and it picks the same
 * fingerprints from the same run in both texts whatever surrounds it.
 */
#ifndef QT_FINGERPRINT_H
#define QT_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>

#include "qt_error.h"
#include "qt_words.h"

/* One selected fingerprint: the shingle's hash and the content-word index
 * (0-based, counting content words only) of its first word. */
typedef struct {
    uint64_t hash;
    uint32_t pos;
} qt_fp;

/* A growable array of fingerprints; owned by the caller, freed with
 * qt_fp_list_clear (the struct itself may live on the stack). */
typedef struct {
    qt_fp *items;
    size_t count, cap;
} qt_fp_list;

/* The XXH3-64 hash of a shingle of k word keys (their little-endian bytes),
 * identical on every platform, so stored fingerprints stay comparable. */
uint64_t qt_shingle_hash(const uint64_t *keys, size_t k);

/* Replaces out's contents with the winnowed fingerprints of words[0..n):
 * the content words' keys form shingles of k words (k >= 1), and in every
 * window of w consecutive shingle hashes (w >= 1) the smallest is kept (the
 * rightmost when tied), each position once, in text order.  A text with
 * fewer than w shingles keeps its smallest one; one with fewer than k
 * content words has none.  *content_words (may be NULL) receives the number
 * of content words.  Returns QT_OK, QT_ERR_USAGE (k or w is 0), or
 * QT_ERR_NOMEM (out then holds what was selected so far). */
qt_status qt_fingerprints(const qt_word *words, size_t n, size_t k, size_t w, qt_fp_list *out,
                          size_t *content_words, qt_error *err);

/* Frees list's array and empties it; the list can be reused. */
void qt_fp_list_clear(qt_fp_list *list);

#endif
