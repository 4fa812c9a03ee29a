/* qt_store_curate.c - speaker curation: merge, rename, alias, split. */
#include "qt_store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

qt_status qt_store_resolve_speaker(qt_store *s, const char *ref, int64_t *id, char **name_out,
                                   char **kind_out, qt_error *err)
{
    sqlite3_stmt *st;
    char *key = NULL;
    long long want = -1;
    if (ref[0] == '#' && ref[1]) {
        char *end;
        want = strtoll(ref + 1, &end, 10);
        if (*end) want = -1;
    }
    if (want >= 0) {
        st = qt_store_stmt(s, SQL_SPEAKER_BY_ID, err);
        if (st) sqlite3_bind_int64(st, 1, want);
    } else {
        key = qt_store_key(ref);
        if (!key) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
        st = qt_store_stmt(s, SQL_RESOLVE_SPEAKER, err);
        if (st) {
            qt_store_bind_text(st, 1, ref);
            qt_store_bind_text(st, 2, key);
        }
    }
    if (!st) {
        free(key);
        return err ? err->code : QT_ERR_DB;
    }
    char list[300] = "";
    size_t exact = 0, total = 0, used = 0;
    int64_t first_id = 0, first_exact = 0;
    char *name = NULL, *kind = NULL, *exact_name = NULL, *exact_kind = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t sid = sqlite3_column_int64(st, 0);
        const char *nm = qt_store_col_text(st, 1), *kd = qt_store_col_text(st, 2);
        int is_exact = sqlite3_column_int(st, 3);
        if (total == 0) {
            first_id = sid;
            name = strdup(nm ? nm : "");
            kind = strdup(kd ? kd : "");
        }
        if (is_exact && exact++ == 0) {
            first_exact = sid;
            exact_name = strdup(nm ? nm : "");
            exact_kind = strdup(kd ? kd : "");
        }
        total++;
        if (used < sizeof list - 40)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s#%lld %s (%s)",
                                     used ? ", " : "", (long long)sid, nm ? nm : "", kd ? kd : "");
    }
    sqlite3_reset(st);
    free(key);
    qt_status status = QT_OK;
    if (rc != SQLITE_DONE) {
        status = qt_store_fail(s, rc, "looking up the speaker", err);
    } else if (total == 0) {
        status = qt_error_set(err, QT_ERR_NOTFOUND, "no speaker called '%s'", ref);
    } else if (exact == 1 || total == 1) {
        int use_exact = exact == 1;
        *id = use_exact ? first_exact : first_id;
        char *nm = use_exact ? exact_name : name, *kd = use_exact ? exact_kind : kind;
        if (!nm || !kd) {
            status = qt_error_set(err, QT_ERR_NOMEM, "out of memory");
        } else {
            if (name_out) {
                *name_out = nm;
                if (use_exact) exact_name = NULL;
                else name = NULL;
            }
            if (kind_out) {
                *kind_out = kd;
                if (use_exact) exact_kind = NULL;
                else kind = NULL;
            }
        }
    } else {
        status = qt_error_set(err, QT_ERR_USAGE,
                              "'%s' names %zu speakers: %s; use #ID to pick one", ref, total,
                              list);
    }
    free(name);
    free(kind);
    free(exact_name);
    free(exact_kind);
    return status;
}

static qt_status move(qt_store *s, qt_sql_id id, int64_t to, int64_t from, qt_error *err)
{
    sqlite3_stmt *st = qt_store_stmt(s, id, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    sqlite3_bind_int64(st, 1, to);
    sqlite3_bind_int64(st, 2, from);
    return qt_store_exec_stmt(s, st, "updating speakers", err);
}

static qt_status log_op(qt_store *s, const char *op, const char *a, const char *b,
                        const char *doc, qt_error *err)
{
    char now[32];
    qt_store_now(now);
    char *key = qt_store_key(a);
    if (!key) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    sqlite3_stmt *st = qt_store_stmt(s, SQL_CURATION_LOG, err);
    qt_status status = err ? err->code : QT_ERR_DB;
    if (st) {
        qt_store_bind_text(st, 1, op);
        qt_store_bind_text(st, 2, a);
        qt_store_bind_text(st, 3, key);
        qt_store_bind_text(st, 4, b);
        qt_store_bind_text(st, 5, doc);
        qt_store_bind_text(st, 6, now);
        status = qt_store_exec_stmt(s, st, "recording the curation", err);
    }
    free(key);
    return status;
}

static qt_status add_key(qt_store *s, const char *name, const char *kind, int64_t id,
                         qt_error *err)
{
    char *key = qt_store_key(name);
    if (!key) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    sqlite3_stmt *st = qt_store_stmt(s, SQL_INSERT_KEY, err);
    qt_status status = err ? err->code : QT_ERR_DB;
    if (st) {
        qt_store_bind_text(st, 1, key);
        qt_store_bind_text(st, 2, kind);
        sqlite3_bind_int64(st, 3, 0);
        sqlite3_bind_int64(st, 4, id);
        status = qt_store_exec_stmt(s, st, "adding a speaker key", err);
    }
    if (status == QT_OK) {
        st = qt_store_stmt(s, SQL_INSERT_ALIAS, err);
        if (!st) status = err ? err->code : QT_ERR_DB;
        else {
            sqlite3_bind_int64(st, 1, id);
            qt_store_bind_text(st, 2, key);
            qt_store_bind_text(st, 3, name);
            status = qt_store_exec_stmt(s, st, "adding an alias", err);
        }
    }
    free(key);
    return status;
}

/* Another speaker (not id) whose shared name key is name, or 0. */
static qt_status key_owner(qt_store *s, const char *name, int64_t id, int64_t *owner,
                           qt_error *err)
{
    char *key = qt_store_key(name);
    if (!key) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    sqlite3_stmt *st = qt_store_stmt(s, SQL_KEY_OWNER, err);
    qt_status status = err ? err->code : QT_ERR_DB;
    *owner = 0;
    if (st) {
        qt_store_bind_text(st, 1, key);
        sqlite3_bind_int64(st, 2, id);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) *owner = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        status = rc == SQLITE_ROW || rc == SQLITE_DONE ? QT_OK
                                                       : qt_store_fail(s, rc, "looking up", err);
    }
    free(key);
    return status;
}

/* Runs body inside a write transaction. */
#define IN_TXN(s, err, body)                                                               \
    do {                                                                                   \
        if ((s)->readonly)                                                                 \
            return qt_error_set(err, QT_ERR_READONLY, "%s: opened read-only", (s)->path);  \
        QT_TRY(qt_store_begin(s, err));                                                    \
        qt_status txn_st_ = (body);                                                        \
        if (txn_st_ == QT_OK) txn_st_ = qt_store_commit(s, err);                           \
        if (txn_st_ != QT_OK) qt_store_rollback(s);                                        \
        return txn_st_;                                                                    \
    } while (0)

static qt_status merge(qt_store *s, const char *into, const char *from, qt_error *err)
{
    int64_t a, b;
    QT_TRY(qt_store_resolve_speaker(s, into, &a, NULL, NULL, err));
    QT_TRY(qt_store_resolve_speaker(s, from, &b, NULL, NULL, err));
    if (a == b) return qt_error_set(err, QT_ERR_USAGE, "'%s' and '%s' are already one speaker",
                                    into, from);
    QT_TRY(move(s, SQL_MOVE_QUOTES, a, b, err));
    QT_TRY(move(s, SQL_MOVE_MENTIONS, a, b, err));
    QT_TRY(move(s, SQL_MOVE_ALIASES, a, b, err));
    QT_TRY(move(s, SQL_MOVE_KEYS, a, b, err));
    sqlite3_stmt *st = qt_store_stmt(s, SQL_DELETE_SPEAKER, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    sqlite3_bind_int64(st, 1, b);
    QT_TRY(qt_store_exec_stmt(s, st, "removing the merged speaker", err));
    return log_op(s, "merge", into, from, NULL, err);
}

qt_status qt_store_speaker_merge(qt_store *s, const char *into, const char *from, qt_error *err)
{
    IN_TXN(s, err, merge(s, into, from, err));
}

static qt_status rename_speaker(qt_store *s, const char *name, const char *new_name,
                                qt_error *err)
{
    int64_t id, owner;
    char *kind = NULL;
    if (!*new_name) return qt_error_set(err, QT_ERR_USAGE, "the new name is empty");
    QT_TRY(qt_store_resolve_speaker(s, name, &id, NULL, &kind, err));
    qt_status st = key_owner(s, new_name, id, &owner, err);
    if (st == QT_OK && owner)
        st = qt_error_set(err, QT_ERR_USAGE,
                          "'%s' is already speaker #%lld; use 'speaker merge' to join them",
                          new_name, (long long)owner);
    sqlite3_stmt *ps = st == QT_OK ? qt_store_stmt(s, SQL_RENAME_SPEAKER, err) : NULL;
    if (st == QT_OK && !ps) st = err ? err->code : QT_ERR_DB;
    if (st == QT_OK) {
        sqlite3_bind_int64(ps, 1, id);
        qt_store_bind_text(ps, 2, new_name);
        st = qt_store_exec_stmt(s, ps, "renaming the speaker", err);
    }
    if (st == QT_OK) st = add_key(s, new_name, kind, id, err);
    if (st == QT_OK) st = log_op(s, "rename", name, new_name, NULL, err);
    free(kind);
    return st;
}

qt_status qt_store_speaker_rename(qt_store *s, const char *name, const char *new_name,
                                  qt_error *err)
{
    IN_TXN(s, err, rename_speaker(s, name, new_name, err));
}

static qt_status alias_speaker(qt_store *s, const char *name, const char *alias, qt_error *err)
{
    int64_t id, owner;
    char *kind = NULL;
    if (!*alias) return qt_error_set(err, QT_ERR_USAGE, "the alias is empty");
    QT_TRY(qt_store_resolve_speaker(s, name, &id, NULL, &kind, err));
    qt_status st = key_owner(s, alias, id, &owner, err);
    if (st == QT_OK && owner)
        st = qt_error_set(err, QT_ERR_USAGE,
                          "'%s' is already the name of speaker #%lld; use 'speaker merge'",
                          alias, (long long)owner);
    if (st == QT_OK) st = add_key(s, alias, kind, id, err);
    if (st == QT_OK) st = log_op(s, "alias", name, alias, NULL, err);
    free(kind);
    return st;
}

qt_status qt_store_speaker_alias(qt_store *s, const char *name, const char *alias, qt_error *err)
{
    IN_TXN(s, err, alias_speaker(s, name, alias, err));
}

static qt_status split(qt_store *s, const char *name, const char *doc, const char *new_name,
                       qt_error *err)
{
    int64_t id, target, text_id = 0;
    char *kind = NULL, *canon = NULL, *made = NULL;
    QT_TRY(qt_store_resolve_speaker(s, name, &id, &canon, &kind, err));
    qt_status st = QT_OK;
    sqlite3_stmt *ps = qt_store_stmt(s, SQL_FIND_DOC, err);
    if (!ps) st = err ? err->code : QT_ERR_DB;
    if (st == QT_OK) {
        qt_store_bind_text(ps, 1, doc);
        int rc = sqlite3_step(ps);
        if (rc == SQLITE_ROW) text_id = sqlite3_column_int64(ps, 1);
        sqlite3_reset(ps);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) st = qt_store_fail(s, rc, "finding", err);
        else if (!text_id) st = qt_error_set(err, QT_ERR_NOTFOUND, "no article '%s'", doc);
    }
    if (st == QT_OK && !new_name) {
        size_t n = strlen(canon) + strlen(doc) + 4;
        made = malloc(n);
        if (!made) st = qt_error_set(err, QT_ERR_NOMEM, "out of memory");
        else snprintf(made, n, "%s (%s)", canon, doc);
        new_name = made;
    }
    int64_t owner = 0;
    if (st == QT_OK) st = key_owner(s, new_name, id, &owner, err);
    if (st == QT_OK && !owner) {
        ps = qt_store_stmt(s, SQL_INSERT_SPEAKER, err);
        if (!ps) st = err ? err->code : QT_ERR_DB;
        else {
            qt_store_bind_text(ps, 1, new_name);
            qt_store_bind_text(ps, 2, kind);
            sqlite3_bind_int64(ps, 4, 0);
            st = qt_store_exec_stmt(s, ps, "adding the split speaker", err);
        }
        owner = sqlite3_last_insert_rowid(s->db);
        if (st == QT_OK) st = add_key(s, new_name, kind, owner, err);
    }
    target = owner;
    if (st == QT_OK && target == id)
        st = qt_error_set(err, QT_ERR_USAGE, "'%s' is the same speaker", new_name);
    for (int i = 0; st == QT_OK && i < 2; i++) {
        ps = qt_store_stmt(s, i ? SQL_SPLIT_MENTIONS : SQL_SPLIT_QUOTES, err);
        if (!ps) {
            st = err ? err->code : QT_ERR_DB;
            break;
        }
        sqlite3_bind_int64(ps, 1, target);
        sqlite3_bind_int64(ps, 2, id);
        sqlite3_bind_int64(ps, 3, text_id);
        st = qt_store_exec_stmt(s, ps, "moving the quotes", err);
        if (st == QT_OK && !i && sqlite3_changes(s->db) == 0)
            st = qt_error_set(err, QT_ERR_NOTFOUND, "'%s' has no quotes in article '%s'", name,
                              doc);
    }
    /* Recorded under the names the scanner gave the speaker in this article,
     * so ingesting a new revision of it sends them to the target again. */
    ps = st == QT_OK ? qt_store_stmt(s, SQL_SPLIT_LOCALS, err) : NULL;
    if (st == QT_OK && !ps) st = err ? err->code : QT_ERR_DB;
    if (st == QT_OK) {
        sqlite3_bind_int64(ps, 1, target);
        sqlite3_bind_int64(ps, 2, id);
        sqlite3_bind_int64(ps, 3, text_id);
        char **locals = NULL;
        size_t n = 0;
        int rc;
        while (st == QT_OK && (rc = sqlite3_step(ps)) == SQLITE_ROW) {
            char **bigger = realloc(locals, (n + 1) * sizeof *locals);
            const char *l = qt_store_col_text(ps, 0);
            if (!bigger || !(bigger[n] = strdup(l ? l : ""))) {
                if (bigger) locals = bigger;
                st = qt_error_set(err, QT_ERR_NOMEM, "out of memory");
                break;
            }
            locals = bigger;
            n++;
        }
        sqlite3_reset(ps);
        for (size_t i = 0; i < n; i++) {
            if (st == QT_OK) st = log_op(s, "split", locals[i], new_name, doc, err);
            free(locals[i]);
        }
        free(locals);
    }
    free(kind);
    free(canon);
    free(made);
    return st;
}

qt_status qt_store_speaker_split(qt_store *s, const char *name, const char *doc,
                                 const char *new_name, qt_error *err)
{
    IN_TXN(s, err, split(s, name, doc, new_name, err));
}
