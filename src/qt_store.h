/*
 * qt_store.h - the SQLite store of articles, quotes, speaker mentions and
 * speakers, and the look-ups over it (who said what, full-text search).
 *
 * The schema is db/NNN_*.sql (embedded in the binary), applied in order and
 * recorded in PRAGMA user_version; a database from a newer quotetrack is
 * refused with QT_ERR_SCHEMA.  The store runs in WAL mode with foreign keys
 * on and a busy timeout; every statement is prepared once per handle, with
 * bound parameters.
 *
 * A qt_store handle is not thread-safe: use one per thread.
 *
 * Ownership in look-ups: rows are handed to a callback; every string and
 * pointer in a row is valid only during that call (copy what you keep).  A
 * callback returning anything but QT_OK stops the look-up, which returns that
 * status.
 */
#ifndef QT_STORE_H
#define QT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "qt_article.h"
#include "qt_error.h"
#include "qt_scan.h"

typedef struct qt_store qt_store;

enum {
    QT_STORE_READONLY = 1  /* open an existing database for look-ups only */
};

/* Busy timeout used unless $QUOTETRACK_BUSY_MS says otherwise. */
#define QT_STORE_BUSY_MS 15000

/* Process-wide SQLite settings, for speed: SQLite's memory statistics are
 * switched off (they take a mutex on every allocation: 3% of an ingest).
 * Call once at program start, before any other thread uses SQLite; the
 * store works without it. */
void qt_store_init(void);

/* Opens (and for writing, creates and migrates) the database at path.
 * Errors: QT_ERR_DB (missing directory, not a database, no database yet for
 * a read-only open, SQLite errors), QT_ERR_READONLY (file or directory not
 * writable), QT_ERR_BUSY (locked past the timeout), QT_ERR_SCHEMA (written by
 * a newer quotetrack, or too old for a read-only open), QT_ERR_NOMEM.
 * Returns NULL with err filled on failure. */
qt_store *qt_store_open(const char *path, int flags, qt_error *err);

/* Closes the handle; NULL is accepted. */
void qt_store_close(qt_store *store);

/* The schema version of the database and the newest one this build knows. */
int qt_store_schema_version(const qt_store *store);
int qt_store_schema_latest(void);

/* Batches: begin an immediate write transaction, retrying while another
 * process holds the lock (up to the busy timeout); commit; roll back.
 * When qt_store_ingest() fails inside a batch, the batch must be rolled back
 * (the article may be half written; nothing is committed until commit). */
qt_status qt_store_begin(qt_store *store, qt_error *err);
qt_status qt_store_commit(qt_store *store, qt_error *err);
void qt_store_rollback(qt_store *store);

/* How long the next batch should be, as a multiple (1 to
 * QT_BATCH_SCALE_MAX) of a caller's base batch, given the current
 * multiple and how many seconds the last batch spent working and then
 * committing.  Every page a batch changes is written to the WAL once per
 * batch, and in a large database the B-trees keyed by hash (fingerprints,
 * quote terms) get a new posting on almost every leaf page in each batch,
 * so a batch writes about the size of those indexes however few articles
 * it holds (adding 12 MB of articles to a 644 MB database wrote 3.1 GB in
 * 1-second batches).  So: twice as long when the commit took more than a
 * quarter of the work, half as long when it took under a twentieth.
 * Pure: no handle, no errors. */
#define QT_BATCH_SCALE_MAX 8
unsigned qt_store_batch_scale(unsigned scale, double work_s, double commit_s);

/* ---- ingest ------------------------------------------------------------ */

typedef enum {
    QT_INGEST_NEW = 0,     /* a document and text never seen */
    QT_INGEST_UNCHANGED,   /* same id or URL with the same text: nothing changed */
    QT_INGEST_REVISED,     /* same id or URL, different text: stored as a new revision */
    QT_INGEST_COPY         /* another id/URL with a text already stored: recorded as a copy */
} qt_ingest_outcome;

/* Returns "new", "unchanged", "revised" or "copy". */
const char *qt_ingest_outcome_name(qt_ingest_outcome outcome);

typedef struct {
    qt_ingest_outcome outcome;
    int64_t article_id;     /* the article row (the existing one when unchanged) */
    int revision;           /* 1, 2, ... */
    int64_t copy_of;        /* for a copy: the article it repeats, else 0 */
    size_t quotes;          /* quotes stored (0 unless new text) */
    size_t new_speakers;    /* speakers created */
    int undated;            /* no usable published date */
    int bad_date;           /* a published date was given but not understood */
    char hash[33];          /* XXH3-128 of the normalised text, hex */
} qt_ingest_info;

/* Stores one article.  The text is hashed (XXH3-128); only a text not stored
 * before is scanned (with scanner) and its quotes, mentions and speakers
 * written.  Outside a batch the call runs in its own transaction.
 * info may be NULL.  Errors: QT_ERR_INPUT for a text that is empty or only
 * white space (nothing is written, and a batch stays usable), QT_ERR_DB,
 * QT_ERR_BUSY, QT_ERR_READONLY, QT_ERR_NOMEM, or the scanner's error. */
qt_status qt_store_ingest(qt_store *store, const qt_article *article, qt_scanner *scanner,
                          qt_ingest_info *info, qt_error *err);

/* The same with a scan result computed by the caller (used when the text is
 * new; ignored otherwise). result may be NULL for "no quotes". */
qt_status qt_store_ingest_result(qt_store *store, const qt_article *article,
                                 const qt_scan_result *result, qt_ingest_info *info,
                                 qt_error *err);

/* Hex XXH3-128 of len bytes (33 bytes with the NUL). */
void qt_store_hash(const char *text, size_t len, char out[33]);

/* ---- look-ups ---------------------------------------------------------- */

/* Filters; NULL / 0 fields are "any". */
typedef struct {
    const char *quote_kind;    /* direct | partial | indirect */
    const char *speaker_kind;  /* person | organization | group | anonymous */
    const char *since;         /* published on or after (any qt_date form) */
    const char *until;         /* published on or before (inclusive by day) */
    const char *outlet;        /* outlet name, case-insensitive */
    const char *speaker;       /* qt_store_search only: a speaker's quotes (name, alias or #ID) */
    long limit;                /* at most this many rows; 0 = no limit */
} qt_query;

/* One quote with where it was published.  Offsets refer to the stored text
 * of article doc (its home article: the first current article with that text). */
typedef struct {
    int64_t quote_id;
    int64_t article_id;
    const char *doc;
    int seq;                   /* index of the quote in its article */
    qt_quote_kind kind;
    const char *text;
    qt_span span;
    int64_t speaker_id;        /* 0 when no speaker */
    const char *speaker;       /* NULL when none */
    const char *speaker_kind;  /* NULL when none */
    const char *speaker_title;
    int has_mention;
    qt_span mention;
    const char *mention_text;
    int has_cue;
    qt_span cue;
    const char *cue_text;
    double confidence;
    const char *rule;
    int parent;                /* index of the enclosing claim, or -1 */
    const char *outlet, *url, *title, *published; /* NULL when unknown */
    int revision;
    int copies;                /* other articles carrying the same text */
    double score;              /* search: BM25 (lower is better); else 0 */
} qt_quote_row;

typedef qt_status (*qt_quote_fn)(const qt_quote_row *row, void *ctx, qt_error *err);

/* Every quote by the speaker(s) called name: canonical name or any alias,
 * case-insensitive, or "#SPEAKER_ID"; name may be NULL when q->speaker_kind is set (all
 * speakers of that kind).  Rows come in publication order (undated articles
 * by ingest time).  *matched (may be NULL) receives the number of distinct
 * speakers the name matched.  QT_ERR_NOTFOUND when no speaker matches. */
qt_status qt_store_who(qt_store *store, const char *name, const qt_query *q, qt_quote_fn fn,
                       void *ctx, size_t *matched, qt_error *err);

/* Full-text search over quote texts, best BM25 match first.  The text is
 * user input, never FTS syntax: words are matched as words (all of them),
 * "double-quoted runs" as phrases and a trailing * as a prefix; every other
 * character is treated as a separator.  QT_ERR_USAGE when nothing searchable
 * remains.  q->limit 0 means 50.  Rows' score is qt_bm25() (qt_store_rank.c):
 * FTS5's BM25, without the IDF factor when the query is one phrase.
 * Without filters, only the QT_SEARCH_WINDOW most recently stored matches
 * are ranked (every match when there are fewer; qt_store_search_count tells
 * which case it is); with filters, every match is. */
#define QT_SEARCH_WINDOW 2000
qt_status qt_store_search(qt_store *store, const char *text, const qt_query *q, qt_quote_fn fn,
                          void *ctx, qt_error *err);

/* Number of quotes that match text (as qt_store_search reads it), counting
 * no further than cap. */
qt_status qt_store_search_count(qt_store *store, const char *text, long cap, long *count,
                                qt_error *err);

/* Builds the FTS5 query qt_store_search runs for text (for tests and
 * --explain); *out is malloc'ed.  QT_ERR_USAGE when empty. */
qt_status qt_store_fts_query(const char *text, char **out, qt_error *err);

typedef struct {
    int64_t speaker_id;
    const char *name;
    const char *kind;
    const char *title;
    const char *const *aliases; /* NULL-terminated */
    size_t alias_count;
    long quotes;
    long outlets;
} qt_speaker_row;

typedef qt_status (*qt_speaker_fn)(const qt_speaker_row *row, void *ctx, qt_error *err);

/* Speakers, most quoted first; q->speaker_kind filters by kind, name (may be
 * NULL) keeps speakers whose name or an alias contains it. */
qt_status qt_store_speakers(qt_store *store, const char *name, const qt_query *q,
                            qt_speaker_fn fn, void *ctx, qt_error *err);

typedef struct {
    int64_t article_id;
    const char *doc, *url, *title, *outlet, *byline;
    const char *published;     /* normalised, NULL when undated */
    const char *published_raw; /* as found in the input */
    const char *ingested_at;
    const char *hash;
    int revision;
    int is_current;
    int64_t copy_of;           /* 0 unless a verbatim copy */
    const char *copy_of_doc;
    long bytes;
    long quotes;
    const char *text;          /* the stored text: only from qt_store_show */
} qt_article_row;

typedef qt_status (*qt_article_fn)(const qt_article_row *row, void *ctx, qt_error *err);

/* Current articles (all revisions when all_revisions), in publication order
 * (undated ones by ingest time); q->outlet, since, until and limit apply. */
qt_status qt_store_articles(qt_store *store, const qt_query *q, int all_revisions,
                            qt_article_fn fn, void *ctx, qt_error *err);

/* One article - ref is its doc id, its URL or "#ARTICLE_ID" - with its text,
 * then its quotes in text order.  QT_ERR_NOTFOUND when there is none. */
qt_status qt_store_show(qt_store *store, const char *ref, qt_article_fn afn, qt_quote_fn qfn,
                        void *ctx, qt_error *err);

/* ---- speaker curation (recorded in the curation table) ---------------- */

/* A speaker argument is a name or alias (case-insensitive) or "#SPEAKER_ID";
 * an ambiguous one gives QT_ERR_USAGE listing the candidates, an unknown one
 * QT_ERR_NOTFOUND. */

/* Merges speaker `from` into `into`: quotes, mentions, aliases and name keys
 * move, so later ingests of `from`'s name go to `into`. */
qt_status qt_store_speaker_merge(qt_store *store, const char *into, const char *from,
                                 qt_error *err);

/* Renames a speaker; the old name stays an alias and keeps mapping to it. */
qt_status qt_store_speaker_rename(qt_store *store, const char *name, const char *new_name,
                                  qt_error *err);

/* Adds an alias; later ingests whose canonical name is the alias (same kind)
 * go to this speaker.  QT_ERR_USAGE when the alias is another speaker's name
 * (merge instead). */
qt_status qt_store_speaker_alias(qt_store *store, const char *name, const char *alias,
                                 qt_error *err);

/* Undoes a wrong merge for one article: the quotes of speaker name in
 * article doc move to speaker new_name (created when missing; NULL means
 * "NAME (DOC)"), and ingesting that article again keeps them there. */
qt_status qt_store_speaker_split(qt_store *store, const char *name, const char *doc,
                                 const char *new_name, qt_error *err);

#endif
