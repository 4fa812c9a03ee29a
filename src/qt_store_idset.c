/*
 * qt_store_idset.c - sets of quote ids for the filtered searches, and the
 * SQL function qt_in_ids() that tests a full-text match against one.
 *
 * `search --speaker/--outlet/--since/--until` for common words tests each
 * of hundreds of thousands of matches for being one of a filter's quotes
 * before reading its row.  Written as `f.rowid IN (SELECT ...)`, SQLite
 * probes an ephemeral B-tree per match: 80-130 ns, most of a search for a
 * word in half of a million quotes (a million-quote database, `ka` in one
 * outlet: 60-75 ms of probes for 470,000 matches, against 12-17 ms with the
 * bitmap below).  The set is built once in C from the filter's statement
 * and handed to the search with sqlite3_bind_pointer(), and qt_in_ids()
 * looks a rowid up in its bitmap.
 *
 * A bitmap over the ids' range: one bit per id from the smallest to the
 * largest, so 125 KB for a range of a million quote ids, built from the ids
 * collected first (their range is known only at the end).
 */
#include <stdlib.h>
#include <string.h>

#include "qt_store_int.h"

struct qt_idset {
    int64_t lo;          /* the smallest id */
    uint64_t span;       /* bits in the bitmap: largest - lo + 1, or 0 */
    unsigned char *bits;
    int64_t *ids;        /* collected ids, until the bitmap is built */
    size_t n, cap;
};

qt_idset *qt_idset_new(void)
{
    return calloc(1, sizeof(qt_idset));
}

void qt_idset_free(qt_idset *set)
{
    if (!set) return;
    free(set->bits);
    free(set->ids);
    free(set);
}

int qt_idset_has(const qt_idset *set, int64_t id)
{
    if (!set->bits || id < set->lo) return 0;
    uint64_t off = (uint64_t)id - (uint64_t)set->lo;
    return off < set->span && (set->bits[off >> 3] >> (off & 7) & 1);
}

size_t qt_idset_count(const qt_idset *set)
{
    return set->n;
}

static qt_status grow(qt_idset *set, qt_error *err)
{
    size_t cap = set->cap ? set->cap * 2 : 1024;
    int64_t *ids = realloc(set->ids, cap * sizeof *ids);
    if (!ids) return qt_error_set(err, QT_ERR_NOMEM, "out of memory building a quote set");
    set->ids = ids;
    set->cap = cap;
    return QT_OK;
}

qt_status qt_idset_fill(qt_store *s, qt_idset *set, sqlite3_stmt *st, qt_error *err)
{
    qt_status status = QT_OK;
    int rc;
    set->n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (set->n == set->cap && (status = grow(set, err)) != QT_OK) break;
        set->ids[set->n++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    if (status != QT_OK) return status;
    if (rc != SQLITE_DONE) return qt_store_fail(s, rc, "collecting quote ids", err);
    free(set->bits);
    set->bits = NULL;
    set->span = 0;
    if (set->n == 0) {
        /* An empty set matches nothing: a bitmap of one clear bit. */
        set->bits = calloc(1, 1);
        set->span = 1;
        return set->bits ? QT_OK : qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    }
    int64_t lo = set->ids[0], hi = set->ids[0];
    for (size_t i = 1; i < set->n; i++) {
        if (set->ids[i] < lo) lo = set->ids[i];
        if (set->ids[i] > hi) hi = set->ids[i];
    }
    set->lo = lo;
    set->span = (uint64_t)hi - (uint64_t)lo + 1;
    set->bits = calloc((size_t)(set->span / 8 + 1), 1);
    if (!set->bits) {
        set->span = 0;
        return qt_error_set(err, QT_ERR_NOMEM, "out of memory building a quote set");
    }
    for (size_t i = 0; i < set->n; i++) {
        uint64_t off = (uint64_t)set->ids[i] - (uint64_t)lo;
        set->bits[off >> 3] |= (unsigned char)(1u << (off & 7));
    }
    return QT_OK;
}

/* qt_in_ids(SET, ID): 1 when ID is in SET, 0 when not; 1 when no set is
 * bound (a parameter left unbound or bound to something else is NULL to
 * sqlite3_value_pointer), so that one statement serves with and without
 * the filter. */
static void in_ids(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const qt_idset *set = sqlite3_value_pointer(argv[0], QT_IDSET_TYPE);
    sqlite3_result_int(ctx, !set || qt_idset_has(set, sqlite3_value_int64(argv[1])));
}

int qt_idset_register(sqlite3 *db)
{
    return sqlite3_create_function(db, "qt_in_ids", 2, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL,
                                   in_ids, NULL, NULL);
}
