/* qt_store.c - opening, migrating and closing the store; statement cache. */
#include "qt_store_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "qt_date.h"
#include "qt_family.h"
#include "qt_patterns.h"
#include "qt_reuse.h"

/* The schema files, embedded by the Makefile from db/NNN_name.sql. */
extern const qt_embedded_file qt_embedded_db[];
extern const size_t qt_embedded_db_count;

/* 'QTK1': marks a database as quotetrack's. */
#define QT_APPLICATION_ID 0x51544b31

static int migration_number(const char *name)
{
    if (!isdigit((unsigned char)name[0])) return 0;
    return atoi(name);
}

int qt_store_schema_latest(void)
{
    int latest = 0;
    for (size_t i = 0; i < qt_embedded_db_count; i++) {
        int n = migration_number(qt_embedded_db[i].name);
        if (n > latest) latest = n;
    }
    return latest;
}

int qt_store_schema_version(const qt_store *s)
{
    return s->schema_version;
}

qt_status qt_store_fail(qt_store *s, int rc, const char *what, qt_error *err)
{
    const char *path = s && s->path ? s->path : "database";
    const char *msg = s && s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return qt_error_set(err, QT_ERR_BUSY,
                            "%s: the database is locked by another process (%s); try again",
                            path, what);
    case SQLITE_READONLY:
        return qt_error_set(err, QT_ERR_READONLY, "%s: the database is read-only (%s)", path,
                            what);
    case SQLITE_NOMEM: return qt_error_set(err, QT_ERR_NOMEM, "%s: out of memory (%s)", path, what);
    case SQLITE_FULL:
        return qt_error_set(err, QT_ERR_DB, "%s: the disk is full (%s)", path, what);
    case SQLITE_NOTADB:
        return qt_error_set(err, QT_ERR_DB, "%s: not an SQLite database", path);
    case SQLITE_CORRUPT:
        return qt_error_set(err, QT_ERR_DB, "%s: the database is corrupt (%s)", path, what);
    case SQLITE_CANTOPEN:
        return qt_error_set(err, QT_ERR_DB, "%s: cannot open the database (%s)", path, msg);
    default:
        return qt_error_set(err, QT_ERR_DB, "%s: %s: %s", path, what, msg);
    }
}

sqlite3_stmt *qt_store_cached_stmt(qt_store *s, sqlite3_stmt **slot, const char *sql,
                                   const char *what, qt_error *err)
{
    if (*slot) {
        sqlite3_reset(*slot);
        sqlite3_clear_bindings(*slot);
        return *slot;
    }
    int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL);
    if (rc != SQLITE_OK) {
        qt_store_fail(s, rc, what, err);
        sqlite3_finalize(*slot);
        *slot = NULL;
    }
    return *slot;
}

sqlite3_stmt *qt_store_stmt(qt_store *s, qt_sql_id id, qt_error *err)
{
    return qt_store_cached_stmt(s, &s->stmts[id], qt_store_sql[id], "preparing a statement", err);
}

qt_status qt_store_exec_stmt(qt_store *s, sqlite3_stmt *st, const char *what, qt_error *err)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) return QT_OK;
    return qt_store_fail(s, rc, what, err);
}

qt_status qt_store_run(qt_store *s, qt_sql_id id, qt_error *err)
{
    sqlite3_stmt *st = qt_store_stmt(s, id, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    return qt_store_exec_stmt(s, st, qt_store_sql[id], err);
}

int qt_store_bind_text(sqlite3_stmt *st, int idx, const char *text)
{
    return text ? sqlite3_bind_text(st, idx, text, -1, SQLITE_STATIC) : sqlite3_bind_null(st, idx);
}

const char *qt_store_col_text(sqlite3_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(st, col);
}

char *qt_store_key(const char *name)
{
    size_t n = strlen(name);
    char *k = malloc(n + 1), *o = k;
    if (!k) return NULL;
    int space = 0;
    for (const char *p = name; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = o > k;
            continue;
        }
        if (space) *o++ = ' ';
        space = 0;
        *o++ = (char)tolower(c);
    }
    *o = '\0';
    return k;
}

void qt_store_now(char out[32])
{
    qt_date_now(out);
}

void qt_store_hash(const char *text, size_t len, char out[33])
{
    XXH128_hash_t h = XXH3_128bits(text, len);
    XXH128_canonical_t c;
    XXH128_canonicalFromHash(&c, h);
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 16; i++) {
        out[2 * i] = hex[c.digest[i] >> 4];
        out[2 * i + 1] = hex[c.digest[i] & 15];
    }
    out[32] = '\0';
}

static qt_status exec_sql(qt_store *s, const char *sql, const char *what, qt_error *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
    if (rc == SQLITE_OK) return QT_OK;
    qt_status st = qt_store_fail(s, rc, what, err);
    if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_READONLY && msg)
        qt_error_set(err, st, "%s: %s: %s", s->path, what, msg);
    sqlite3_free(msg);
    return st;
}

static int pragma_int(qt_store *s, const char *sql, int *out)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

/* Applies the migrations newer than the database's user_version, all in one
 * immediate transaction that re-reads the version (another process may have
 * migrated while this one waited for the lock). */
static qt_status migrate(qt_store *s, qt_error *err)
{
    int latest = qt_store_schema_latest();
    int version = 0, rc;
    if ((rc = pragma_int(s, "PRAGMA user_version", &version)) != SQLITE_OK)
        return qt_store_fail(s, rc, "reading the schema version", err);
    if (version > latest) goto newer;
    if (version == latest) {
        s->schema_version = version;
        return QT_OK;
    }
    QT_TRY(exec_sql(s, "BEGIN IMMEDIATE", "locking the database for the schema upgrade", err));
    qt_status st = QT_OK;
    int appid = 0, tables = 0;
    if ((rc = pragma_int(s, "PRAGMA user_version", &version)) != SQLITE_OK ||
        (rc = pragma_int(s, "PRAGMA application_id", &appid)) != SQLITE_OK ||
        (rc = pragma_int(s, "SELECT count(*) FROM sqlite_master", &tables)) != SQLITE_OK) {
        st = qt_store_fail(s, rc, "reading the schema version", err);
        goto fail;
    }
    if (version > latest) {
        exec_sql(s, "ROLLBACK", "rollback", NULL);
        goto newer;
    }
    if (version == 0 && tables > 0 && appid != QT_APPLICATION_ID) {
        st = qt_error_set(err, QT_ERR_DB,
                          "%s: an SQLite database that quotetrack did not create; "
                          "refusing to change it",
                          s->path);
        goto fail;
    }
    for (int n = version + 1; n <= latest; n++) {
        for (size_t i = 0; i < qt_embedded_db_count; i++) {
            if (migration_number(qt_embedded_db[i].name) != n) continue;
            char what[160];
            snprintf(what, sizeof what, "applying schema %s", qt_embedded_db[i].name);
            QT_CHECK(st, exec_sql(s, qt_embedded_db[i].data, what, err), fail);
        }
    }
    char sql[96];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d; PRAGMA application_id = %d", latest,
             QT_APPLICATION_ID);
    QT_CHECK(st, exec_sql(s, sql, "recording the schema version", err), fail);
    QT_CHECK(st, exec_sql(s, "COMMIT", "committing the schema", err), fail);
    s->schema_version = latest;
    return QT_OK;
fail:
    exec_sql(s, "ROLLBACK", "rollback", NULL);
    return st;
newer:
    return qt_error_set(err, QT_ERR_SCHEMA,
                        "%s: written by a newer quotetrack (schema %d; this one knows up to %d); "
                        "upgrade quotetrack - the database was not changed",
                        s->path, version, latest);
}

/* Checks the directory and file before SQLite does, for clear messages. */
static qt_status check_path(qt_store *s, int readonly, qt_error *err)
{
    struct stat sb;
    if (stat(s->path, &sb) == 0) {
        if (S_ISDIR(sb.st_mode))
            return qt_error_set(err, QT_ERR_DB, "%s: is a directory, not a database", s->path);
        if (!readonly && access(s->path, W_OK) != 0)
            return qt_error_set(err, QT_ERR_READONLY,
                                "%s: the database file is read-only (%s)", s->path,
                                strerror(errno));
        return QT_OK;
    }
    if (readonly)
        return qt_error_set(err, QT_ERR_DB,
                            "%s: no database here yet; run 'quotetrack ingest' first", s->path);
    char *dir = strdup(s->path);
    if (!dir) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    char *slash = strrchr(dir, '/');
    const char *d = ".";
    if (slash) {
        if (slash == dir) slash[1] = '\0';
        else *slash = '\0';
        d = dir;
    }
    qt_status st = QT_OK;
    if (stat(d, &sb) != 0 || !S_ISDIR(sb.st_mode))
        st = qt_error_set(err, QT_ERR_DB,
                          "%s: cannot create the database: directory '%s' does not exist",
                          s->path, d);
    else if (access(d, W_OK | X_OK) != 0)
        st = qt_error_set(err, QT_ERR_READONLY,
                          "%s: cannot create the database: directory '%s' is not writable",
                          s->path, d);
    free(dir);
    return st;
}

/* Switches to WAL.  Changing the journal mode does not wait on the busy
 * handler, so a second process creating the same database at the same
 * moment would fail at once; retry until the busy timeout instead. */
static qt_status wal_mode(qt_store *s, int busy_ms, qt_error *err)
{
    for (int waited = 0;; waited += 10) {
        int rc = sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
        if (rc == SQLITE_OK) return QT_OK;
        if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || waited >= busy_ms)
            return qt_store_fail(s, rc, "switching to WAL mode", err);
        usleep(10000);
    }
}

/* Reopens s->path read-only as an immutable URI, when no -wal file exists
 * (otherwise its pages would be missed). */
static int open_immutable(qt_store *s)
{
    size_t n = strlen(s->path);
    char *wal = malloc(n + 5);
    if (!wal) return SQLITE_NOMEM;
    snprintf(wal, n + 5, "%s-wal", s->path);
    struct stat sb;
    int has_wal = stat(wal, &sb) == 0 && sb.st_size > 0;
    free(wal);
    if (has_wal) return SQLITE_READONLY;
    char *uri = malloc(3 * n + 32), *o = uri;
    if (!uri) return SQLITE_NOMEM;
    o += sprintf(o, "file:");
    for (const char *p = s->path; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '%' || c == '?' || c == '#' || c < 0x20) o += sprintf(o, "%%%02X", c);
        else *o++ = (char)c;
    }
    sprintf(o, "?immutable=1");
    int rc = sqlite3_open_v2(uri, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    free(uri);
    return rc;
}

void qt_store_init(void)
{
    /* SQLITE_MISUSE once SQLite is initialised: then it simply stays on. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

qt_store *qt_store_open(const char *path, int flags, qt_error *err)
{
    qt_store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        qt_error_set(err, QT_ERR_NOMEM, "out of memory");
        return NULL;
    }
    s->readonly = (flags & QT_STORE_READONLY) != 0;
    s->data_version = -1;
    qt_status st;
    QT_CHECK(st, check_path(s, s->readonly, err), fail);
    int oflags = s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        st = qt_store_fail(s, rc, "opening", err);
        goto fail;
    }
    sqlite3_extended_result_codes(s->db, 0);
    int busy_ms = QT_STORE_BUSY_MS;
    const char *env = getenv("QUOTETRACK_BUSY_MS");
    if (env && *env) busy_ms = atoi(env);
    sqlite3_busy_timeout(s->db, busy_ms);
    if (!s->readonly && sqlite3_db_readonly(s->db, "main") == 1) {
        st = qt_error_set(err, QT_ERR_READONLY, "%s: the database is read-only", path);
        goto fail;
    }
    /* A file that is not SQLite fails here, on the first read. */
    int version = 0;
    rc = pragma_int(s, "PRAGMA user_version", &version);
    if (s->readonly && (rc == SQLITE_READONLY || rc == SQLITE_CANTOPEN)) {
        /* A WAL database we may not write to (no -shm and a read-only
         * directory): fully checkpointed, it can be read as immutable. */
        sqlite3_close(s->db);
        s->db = NULL;
        rc = open_immutable(s);
        if (rc == SQLITE_OK) rc = pragma_int(s, "PRAGMA user_version", &version);
    }
    if (rc != SQLITE_OK) {
        st = qt_store_fail(s, rc, "reading the schema version", err);
        goto fail;
    }
    QT_CHECK(st, exec_sql(s, "PRAGMA foreign_keys = ON", "enabling foreign keys", err), fail);
    /* search ranks with qt_bm25() (qt_store_rank.c), on this connection only:
     * the database itself names no function of ours, so any sqlite3 shell
     * can still query it. */
    rc = qt_store_rank_register(s->db);
    if (rc == SQLITE_OK) rc = qt_idset_register(s->db);
    if (rc != SQLITE_OK) {
        st = qt_error_set(err, QT_ERR_DB, "%s: this SQLite has no usable FTS5 (%s)", path,
                          sqlite3_errstr(rc));
        goto fail;
    }
    if (s->readonly) {
        int latest = qt_store_schema_latest();
        if (version > latest) {
            st = qt_error_set(err, QT_ERR_SCHEMA,
                              "%s: written by a newer quotetrack (schema %d; this one knows up "
                              "to %d); upgrade quotetrack",
                              path, version, latest);
            goto fail;
        }
        if (version == 0) {
            st = qt_error_set(err, QT_ERR_DB, "%s: not a quotetrack database (no schema)", path);
            goto fail;
        }
        if (version < latest) {
            st = qt_error_set(err, QT_ERR_SCHEMA,
                              "%s: uses schema %d; run 'quotetrack ingest' once to upgrade it "
                              "to %d",
                              path, version, latest);
            goto fail;
        }
        s->schema_version = version;
        return s;
    }
    if (version > qt_store_schema_latest()) {
        st = migrate(s, err); /* reports the newer schema */
        goto fail;
    }
    QT_CHECK(st, wal_mode(s, busy_ms, err), fail);
    QT_CHECK(st, exec_sql(s, "PRAGMA synchronous = NORMAL", "setting synchronous", err), fail);
    /* A batch's changed pages stay in memory until commit rather than
     * spilling into the WAL mid-batch (bounded: 128 MiB, whatever the size
     * of the database).  Adding 12 MB of articles to a 644 MB database
     * took 14.9 s with 32 MiB and 1-second batches, 8.9 s with 128 MiB and
     * longer batches (see BATCH_ARTICLES in src/cli/cmd_ingest.c); a small
     * database never fills it. */
    QT_CHECK(st, exec_sql(s, "PRAGMA cache_size = -131072", "setting the cache size", err), fail);
    /* Per-article savepoints journal to memory, not to temp files. */
    QT_CHECK(st, exec_sql(s, "PRAGMA temp_store = MEMORY", "setting temp_store", err), fail);
    QT_CHECK(st, migrate(s, err), fail);
    return s;
fail:
    (void)st;
    qt_store_close(s);
    return NULL;
}

void qt_store_close(qt_store *s)
{
    if (!s) return;
    qt_reuse_free(s->reuse);
    for (int i = 0; i < SQL_COUNT; i++) sqlite3_finalize(s->stmts[i]);
    qt_family_ctx_free(s->families);
    if (s->db) {
        if (s->in_batch) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(s->db);
    }
    free(s->path);
    free(s);
}

qt_status qt_store_begin(qt_store *s, qt_error *err)
{
    if (s->in_batch) return qt_error_set(err, QT_ERR_USAGE, "a batch is already open");
    qt_status st = QT_OK;
    /* The busy handler already waits up to the timeout; a second round
     * covers the rare case of a lock handed over at the last moment. */
    for (int attempt = 0; attempt < 2; attempt++) {
        st = qt_store_run(s, SQL_BEGIN, err);
        if (st != QT_ERR_BUSY) break;
    }
    if (st == QT_OK) {
        s->in_batch = 1;
        int version = -1;
        if (pragma_int(s, "PRAGMA data_version", &version) != SQLITE_OK || version < 0 ||
            version != s->data_version)
            s->cache_epoch++;
        s->data_version = version;
    }
    return st;
}

qt_status qt_store_commit(qt_store *s, qt_error *err)
{
    if (!s->in_batch) return QT_OK;
    qt_status st = QT_OK;
    /* The batch's quotes into the full-text index, all at once.  Inserted
     * with each quote, FTS5 had to flush its pending terms into a new
     * segment at the next write that opened a statement savepoint (every
     * fingerprint and family write does), once per article: a tenth of
     * ingest time, and a index of thousands of small segments to merge.
     * Searches run in other connections, which see the batch only once
     * it commits, so none sees the quotes without their index. */
    if (s->fts_from) {
        sqlite3_stmt *fts = qt_store_stmt(s, SQL_INSERT_QUOTE_FTS, err);
        if (!fts) return err ? err->code : QT_ERR_DB;
        sqlite3_bind_int64(fts, 1, s->fts_from);
        QT_TRY(qt_store_exec_stmt(s, fts, "indexing the batch's quotes", err));
        s->fts_from = 0;
    }
    for (int attempt = 0; attempt < 3; attempt++) {
        st = qt_store_run(s, SQL_COMMIT, err);
        if (st != QT_ERR_BUSY) break;
    }
    if (st == QT_OK) s->in_batch = 0;
    else s->cache_epoch++;
    return st;
}

unsigned qt_store_batch_scale(unsigned scale, double work_s, double commit_s)
{
    if (scale < 1) scale = 1;
    if (scale > QT_BATCH_SCALE_MAX) scale = QT_BATCH_SCALE_MAX;
    if (commit_s > 0.25 * work_s && scale < QT_BATCH_SCALE_MAX) return scale * 2;
    if (commit_s < 0.05 * work_s && scale > 1) return scale / 2;
    return scale;
}

void qt_store_rollback(qt_store *s)
{
    if (!s || !s->in_batch) return;
    s->fts_from = 0;
    s->cache_epoch++;
    qt_store_run(s, SQL_ROLLBACK, NULL);
    if (sqlite3_get_autocommit(s->db)) s->in_batch = 0;
}
