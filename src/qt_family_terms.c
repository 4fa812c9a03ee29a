/*
 * qt_family_terms.c - the term index of quote families read through a
 * per-batch cache (see fam_term_postings in qt_family_int.h).
 *
 * Why: placing a new quote looks up its 32 smallest content keys, and in a
 * batch of news the same words come back quote after quote ("government",
 * "minister"): on bbc-2225, 123,777 look-ups went to 10,598 distinct keys.
 * Each look-up is a B-tree seek and up to 16 rows stepped in SQLite (about
 * a fifth of ingest's instructions); from the cache it is a hash probe.
 * The cache holds exactly what the query would return, because inside a
 * batch the only writer of quote_terms is this connection, and every
 * insert it makes goes through fam_term_added().  It outlives a batch
 * while the store's cache_epoch stays (no other connection committed, no
 * batch rolled back; see qt_store_int.h): across the batches of one ingest
 * the same words keep coming.
 */
#include "qt_family_int.h"

#include <stdlib.h>
#include <string.h>

/* 16,384 keys (4.5 MB); when three quarters are used the cache starts
 * over, so memory stays bounded however many words a corpus has. */
#define CACHE_SLOTS 16384u
#define CACHE_FILL (CACHE_SLOTS / 4 * 3)

typedef struct {
    uint64_t key;
    uint32_t gen;         /* valid when equal to the cache's gen */
    uint32_t n;           /* postings held: all of the key's when < FAM_TERM_POSTINGS */
    fam_posting p[FAM_TERM_POSTINGS];
} term_entry;

struct fam_term_cache {
    unsigned long epoch;  /* qt_store.cache_epoch the entries belong to */
    uint32_t gen;         /* bumped to empty the cache without touching it */
    size_t used;
    term_entry slot[CACHE_SLOTS];
};

void fam_term_cache_free(struct fam_term_cache *c)
{
    free(c);
}

static size_t slot_of(uint64_t key)
{
    return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 50) & (CACHE_SLOTS - 1);
}

static void start_over(struct fam_term_cache *c)
{
    c->gen++;
    if (c->gen == 0) { /* wrapped: clear the slots for real */
        memset(c->slot, 0, sizeof c->slot);
        c->gen = 1;
    }
    c->used = 0;
}

/* The cache, emptied when the store's epoch moved; NULL outside a batch
 * (or when SQLite ended the transaction after an error) or when it cannot
 * be allocated: then the database answers. */
static struct fam_term_cache *cache_for_batch(qt_store *s)
{
    qt_family_ctx *ctx = s->families;
    if (!ctx || !s->in_batch || sqlite3_get_autocommit(s->db)) return NULL;
    struct fam_term_cache *c = ctx->terms;
    if (!c) {
        c = ctx->terms = calloc(1, sizeof *c);
        if (!c) return NULL;
        c->gen = 1;
        c->epoch = s->cache_epoch;
    }
    if (c->epoch != s->cache_epoch) {
        start_over(c);
        c->epoch = s->cache_epoch;
    }
    return c;
}

/* The slot of key: its entry when cached (*found 1), else the free slot
 * where it would go. */
static term_entry *find(struct fam_term_cache *c, uint64_t key, int *found)
{
    size_t h = slot_of(key);
    while (c->slot[h].gen == c->gen) {
        if (c->slot[h].key == key) {
            *found = 1;
            return &c->slot[h];
        }
        h = (h + 1) & (CACHE_SLOTS - 1);
    }
    *found = 0;
    return &c->slot[h];
}

static qt_status read_postings(qt_store *s, uint64_t key, fam_posting *out, size_t *n,
                               qt_error *err)
{
    *n = 0;
    sqlite3_stmt *st = fam_stmt(s, FS_TERMS, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)key);
    sqlite3_bind_int(st, 2, FAM_TERM_POSTINGS);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < FAM_TERM_POSTINGS) {
        out[*n].quote_id = sqlite3_column_int64(st, 0);
        out[*n].keys = sqlite3_column_int(st, 1);
        (*n)++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return qt_store_fail(s, rc, "reading the quote index", err);
    return QT_OK;
}

qt_status fam_term_postings(qt_store *s, uint64_t key, fam_posting buf[FAM_TERM_POSTINGS],
                            const fam_posting **out, size_t *n, qt_error *err)
{
    struct fam_term_cache *c = cache_for_batch(s);
    int found = 0;
    term_entry *e = c ? find(c, key, &found) : NULL;
    if (found) {
        *out = e->p;
        *n = e->n;
        return QT_OK;
    }
    QT_TRY(read_postings(s, key, buf, n, err));
    *out = buf;
    if (!c) return QT_OK;
    if (c->used >= CACHE_FILL) {
        start_over(c);
        e = find(c, key, &found);
    }
    e->key = key;
    e->gen = c->gen;
    e->n = (uint32_t)*n;
    memcpy(e->p, buf, *n * sizeof *buf);
    c->used++;
    *out = e->p;
    return QT_OK;
}

void fam_term_added(qt_store *s, uint64_t key, int64_t quote_id, int keys)
{
    struct fam_term_cache *c = cache_for_batch(s);
    int found = 0;
    term_entry *e = c ? find(c, key, &found) : NULL;
    if (!found) return; /* not cached: the next look-up reads the database */
    /* Keep the newest FAM_TERM_POSTINGS, newest (largest id) first. */
    size_t at = 0;
    while (at < e->n && e->p[at].quote_id > quote_id) at++;
    if (at < e->n && e->p[at].quote_id == quote_id) return; /* already there */
    if (at == FAM_TERM_POSTINGS) return;                    /* older than all kept */
    size_t keep = e->n < FAM_TERM_POSTINGS ? e->n : FAM_TERM_POSTINGS - 1;
    memmove(&e->p[at + 1], &e->p[at], (keep - at) * sizeof e->p[0]);
    e->p[at] = (fam_posting){quote_id, keys};
    e->n = (uint32_t)(keep + 1);
}
