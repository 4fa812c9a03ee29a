/*
 * qt_store_int.h - internals shared by the qt_store_*.c files (not part of
 * the public API): the handle, the prepared-statement cache and helpers.
 */
#ifndef QT_STORE_INT_H
#define QT_STORE_INT_H

#include <sqlite3.h>

#include "qt_date.h"
#include "qt_store.h"

/* Every SQL statement the store runs; the text is in qt_store_sql.c.  Each
 * is prepared once per handle, on first use. */
typedef enum {
    SQL_BEGIN,
    SQL_READ_BEGIN,
    SQL_COMMIT,
    SQL_ROLLBACK,
    /* ingest */
    SQL_FIND_DOC,
    SQL_FIND_URL,
    SQL_FIND_TEXT,
    SQL_INSERT_TEXT,
    SQL_INSERT_ARTICLE,
    SQL_SET_NOT_CURRENT,
    SQL_SET_HOME,
    SQL_REHOME,
    SQL_HOME_IF_STALE,
    SQL_SPLIT_TARGET,
    SQL_FIND_KEY,
    SQL_INSERT_SPEAKER,
    SQL_INSERT_KEY,
    SQL_UPDATE_TITLE,
    SQL_INSERT_ALIAS,
    SQL_SURNAME_CANDIDATES,
    SQL_INSERT_QUOTE,
    SQL_INSERT_QUOTE_FTS,
    SQL_TOTALS_ADD_QUOTES,
    SQL_TOTALS_ADD_OUTLETS,
    SQL_TOTALS_ADD_ARTICLE,
    SQL_TEXT_HOME,
    SQL_TOTALS_MOVE_HOME,
    SQL_INSERT_MENTION,
    /* look-ups */
    SQL_WHO,
    SQL_WHO_ONE,
    SQL_WHO_KIND,
    SQL_WHO_MATCHED,
    SQL_WHO_COUNT,
    SQL_WHO_WALK,
    SQL_SEARCH,
    SQL_SEARCH_SPEAKER,
    SQL_SEARCH_TOP,
    SQL_OUTLET_COUNT,
    SQL_SPEAKER_IDS,
    SQL_OUTLET_IDS,
    SQL_DATE_IDS,
    SQL_DATE_COUNT,
    SQL_SEARCH_COUNT,
    SQL_SPEAKERS,
    SQL_SPEAKERS_RECOUNT,
    SQL_ARTICLES,
    SQL_ARTICLES_CURRENT,
    SQL_ARTICLE_REF,
    SQL_ARTICLE_QUOTES,
    /* curation */
    SQL_RESOLVE_SPEAKER,
    SQL_SPEAKER_BY_ID,
    SQL_MOVE_QUOTES,
    SQL_MOVE_MENTIONS,
    SQL_MOVE_ALIASES,
    SQL_MOVE_KEYS,
    SQL_DELETE_SPEAKER,
    SQL_RENAME_SPEAKER,
    SQL_CURATION_LOG,
    SQL_KEY_OWNER,
    SQL_SPLIT_QUOTES,
    SQL_SPLIT_MENTIONS,
    SQL_SPLIT_LOCALS,
    SQL_COUNT
} qt_sql_id;

extern const char *const qt_store_sql[SQL_COUNT];

struct qt_store {
    sqlite3 *db;
    char *path;
    int readonly;
    int in_batch;          /* inside qt_store_begin .. commit */
    /* What this connection caches of the database (the family term index,
     * qt_family_terms.c) is good while cache_epoch stays the same: it moves
     * when another connection has committed since our last batch (PRAGMA
     * data_version) and when a batch of ours is rolled back or fails to
     * commit.  Caches are used only inside a batch, which holds the write
     * lock, so nothing else changes the database meanwhile. */
    unsigned long cache_epoch;
    int data_version;      /* at the last qt_store_begin; -1 before the first */
    int64_t fts_from;      /* first quote of the batch not yet in quotes_fts, 0 for none */
    int schema_version;
    sqlite3_stmt *stmts[SQL_COUNT];
    struct qt_family_ctx *families; /* quote families (qt_family.c); NULL until used */
    struct qt_reuse *reuse; /* reuse detection state (qt_reuse_int.h), on first use */
};

/* The statement cached in *slot, reset and with its bindings cleared, or
 * sql prepared into *slot (persistent) on first use; NULL with err filled
 * (naming what) when it cannot be prepared.  The slot's owner finalizes it. */
sqlite3_stmt *qt_store_cached_stmt(qt_store *s, sqlite3_stmt **slot, const char *sql,
                                   const char *what, qt_error *err);

/* The prepared statement id, reset and with its bindings cleared; NULL with
 * err filled when it cannot be prepared. */
sqlite3_stmt *qt_store_stmt(qt_store *s, qt_sql_id id, qt_error *err);

/* Registers the FTS5 ranking function qt_bm25() on db (qt_store_rank.c).
 * Returns SQLITE_OK, or an SQLite error code when FTS5 is missing or too
 * old. */
int qt_store_rank_register(sqlite3 *db);

/* Sets of quote ids for the filtered searches (qt_store_idset.c), bound to
 * a statement with sqlite3_bind_pointer(st, i, set, QT_IDSET_TYPE, NULL)
 * and tested there by qt_in_ids(?i, f.rowid).  The caller owns the set and
 * keeps it until the statement is reset. */
#define QT_IDSET_TYPE "qt_idset"
typedef struct qt_idset qt_idset;
/* A new empty set, or NULL when out of memory.  qt_idset_free accepts NULL. */
qt_idset *qt_idset_new(void);
void qt_idset_free(qt_idset *set);
/* Replaces the set's ids with those in the first column of st's rows
 * (steps st and resets it).  QT_OK, QT_ERR_NOMEM or the statement's error. */
qt_status qt_idset_fill(qt_store *s, qt_idset *set, sqlite3_stmt *st, qt_error *err);
/* Whether id is in the set; how many ids were added (repeats counted). */
int qt_idset_has(const qt_idset *set, int64_t id);
size_t qt_idset_count(const qt_idset *set);
/* Registers qt_in_ids(SET, ID) on db: 1 when ID is in SET or no set is
 * bound.  SQLITE_OK or an SQLite error code. */
int qt_idset_register(sqlite3 *db);

/* Maps an SQLite result code to a status with a message naming what failed. */
qt_status qt_store_fail(qt_store *s, int rc, const char *what, qt_error *err);

/* Steps a statement that returns no rows and resets it. */
qt_status qt_store_exec_stmt(qt_store *s, sqlite3_stmt *st, const char *what, qt_error *err);

/* Runs a fixed statement (savepoint, begin, ...) by id. */
qt_status qt_store_run(qt_store *s, qt_sql_id id, qt_error *err);

/* Binds text or NULL. */
int qt_store_bind_text(sqlite3_stmt *st, int idx, const char *text);

/* Column text or NULL. */
const char *qt_store_col_text(sqlite3_stmt *st, int col);

/* Lower-cases ASCII letters and collapses white space: the key names and
 * aliases are matched on.  Returns a malloc'ed string or NULL. */
char *qt_store_key(const char *name);

/* Normalises a --since/--until date (any qt_date form) into out and points
 * *res at it; in NULL gives *res NULL.  QT_ERR_USAGE "OPT: not a date: ..."
 * when it is not one. */
qt_status qt_store_filter_date(const char *in, const char *opt, char out[QT_DATE_MAX],
                               const char **res, qt_error *err);

/* The id in a "#123" speaker reference, or -1 (SPEAKER_MATCH's ?9). */
long long qt_store_speaker_ref(const char *name);

/* How many stored speakers name (a name, alias or #ID) matches, in *n.
 * Returns QT_OK when at least one, QT_ERR_NOTFOUND ("no speaker called
 * ...") when none, or QT_ERR_DB / QT_ERR_NOMEM. */
qt_status qt_store_speaker_count(qt_store *store, const char *name, size_t *n, qt_error *err);

/* Current UTC time, ISO 8601. */
void qt_store_now(char out[32]);

/* Looks up a speaker argument (name, alias or #ID) for curation: exactly one
 * match, else QT_ERR_NOTFOUND / QT_ERR_USAGE. *kind_out (malloc'ed, may be
 * NULL) receives its kind and *name_out its name. */
qt_status qt_store_resolve_speaker(qt_store *s, const char *ref, int64_t *id, char **name_out,
                                   char **kind_out, qt_error *err);

#endif
