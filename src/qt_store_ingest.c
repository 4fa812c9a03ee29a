/* qt_store_ingest.c - storing articles, their quotes, mentions and speakers. */
#include "qt_store_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "qt_date.h"
#include "qt_family.h"
#include "qt_reuse.h"
#include "qt_text.h"

const char *qt_ingest_outcome_name(qt_ingest_outcome o)
{
    switch (o) {
    case QT_INGEST_NEW: return "new";
    case QT_INGEST_UNCHANGED: return "unchanged";
    case QT_INGEST_REVISED: return "revised";
    case QT_INGEST_COPY: return "copy";
    }
    return "?";
}

#define STMT(var, id)                                                                      \
    do {                                                                                   \
        (var) = qt_store_stmt(s, (id), err);                                               \
        if (!(var)) return err ? err->code : QT_ERR_DB;                                    \
    } while (0)

typedef struct {
    int64_t article_id, text_id;
    int revision;
} found_article;

/* Runs a SELECT of (article_id, text_id, revision); found->article_id 0 when none. */
static qt_status find_article(qt_store *s, qt_sql_id id, const char *key, found_article *found,
                              qt_error *err)
{
    sqlite3_stmt *st;
    memset(found, 0, sizeof *found);
    if (!key) return QT_OK;
    STMT(st, id);
    qt_store_bind_text(st, 1, key);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        found->article_id = sqlite3_column_int64(st, 0);
        found->text_id = sqlite3_column_int64(st, 1);
        found->revision = sqlite3_column_int(st, 2);
        rc = SQLITE_DONE;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? QT_OK : qt_store_fail(s, rc, "looking up the article", err);
}

/* Gets (or creates) the speaker for canonical name/kind in scope; *created set. */
static qt_status speaker_get(qt_store *s, const char *name, const char *kind, int64_t scope,
                             const char *title, int64_t *id, int *created, qt_error *err)
{
    sqlite3_stmt *st;
    *created = 0;
    char *key = qt_store_key(name);
    if (!key) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    qt_status status = QT_OK;
    st = qt_store_stmt(s, SQL_FIND_KEY, err);
    if (!st) {
        status = err ? err->code : QT_ERR_DB;
        goto done;
    }
    qt_store_bind_text(st, 1, key);
    qt_store_bind_text(st, 2, kind);
    sqlite3_bind_int64(st, 3, scope);
    int rc = sqlite3_step(st);
    *id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        status = qt_store_fail(s, rc, "looking up a speaker", err);
        goto done;
    }
    if (!*id) {
        st = qt_store_stmt(s, SQL_INSERT_SPEAKER, err);
        if (!st) {
            status = err ? err->code : QT_ERR_DB;
            goto done;
        }
        qt_store_bind_text(st, 1, name);
        qt_store_bind_text(st, 2, kind);
        qt_store_bind_text(st, 3, title);
        sqlite3_bind_int64(st, 4, scope);
        if ((status = qt_store_exec_stmt(s, st, "adding a speaker", err)) != QT_OK) goto done;
        *id = sqlite3_last_insert_rowid(s->db);
        *created = 1;
        st = qt_store_stmt(s, SQL_INSERT_KEY, err);
        if (!st) {
            status = err ? err->code : QT_ERR_DB;
            goto done;
        }
        qt_store_bind_text(st, 1, key);
        qt_store_bind_text(st, 2, kind);
        sqlite3_bind_int64(st, 3, scope);
        sqlite3_bind_int64(st, 4, *id);
        status = qt_store_exec_stmt(s, st, "adding a speaker key", err);
    } else if (title) {
        st = qt_store_stmt(s, SQL_UPDATE_TITLE, err);
        if (!st) {
            status = err ? err->code : QT_ERR_DB;
            goto done;
        }
        sqlite3_bind_int64(st, 1, *id);
        qt_store_bind_text(st, 2, title);
        status = qt_store_exec_stmt(s, st, "updating a speaker", err);
    }
done:
    free(key);
    return status;
}

/* Pronouns are mentions, not names: they are never stored as aliases. */
static int is_pronoun(const char *key)
{
    static const char *const words[] = {"he",   "she",  "him", "her",  "his", "hers", "they",
                                        "them", "their", "it", "its",  "we",  "us",   "our",
                                        "i",    "me",   "my",  "you",  "your", "who", "one",
                                        NULL};
    for (const char *const *w = words; *w; w++)
        if (strcmp(key, *w) == 0) return 1;
    return 0;
}

static qt_status add_alias(qt_store *s, int64_t id, const char *alias, qt_error *err)
{
    sqlite3_stmt *st;
    char *key = qt_store_key(alias);
    if (!key) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    if (!*key || is_pronoun(key)) {
        free(key);
        return QT_OK;
    }
    st = qt_store_stmt(s, SQL_INSERT_ALIAS, err);
    qt_status status = err ? err->code : QT_ERR_DB;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        qt_store_bind_text(st, 2, key);
        qt_store_bind_text(st, 3, alias);
        status = qt_store_exec_stmt(s, st, "adding an alias", err);
    }
    free(key);
    return status;
}

/* Where a split curation sends speaker `name` of article doc (malloc'ed), or NULL. */
static qt_status split_target(qt_store *s, const char *doc, const char *name, char **target,
                              qt_error *err)
{
    sqlite3_stmt *st;
    *target = NULL;
    char *key = qt_store_key(name);
    if (!key) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    st = qt_store_stmt(s, SQL_SPLIT_TARGET, err);
    qt_status status = err ? err->code : QT_ERR_DB;
    if (st) {
        qt_store_bind_text(st, 1, doc);
        qt_store_bind_text(st, 2, key);
        int rc = sqlite3_step(st);
        status = QT_OK;
        if (rc == SQLITE_ROW) {
            const char *b = qt_store_col_text(st, 0);
            if (b && !(*target = strdup(b))) status = qt_error_set(err, QT_ERR_NOMEM, "out of memory");
        } else if (rc != SQLITE_DONE) {
            status = qt_store_fail(s, rc, "reading curation", err);
        }
        sqlite3_reset(st);
    }
    free(key);
    return status;
}

/* *id = the shared speaker whose key is name (0 when none). */
static qt_status speaker_key_exists(qt_store *s, const char *name, const char *kind, int64_t *id,
                                    qt_error *err)
{
    *id = 0;
    char *key = qt_store_key(name);
    if (!key) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    sqlite3_stmt *st = qt_store_stmt(s, SQL_FIND_KEY, err);
    if (!st) {
        free(key);
        return err ? err->code : QT_ERR_DB;
    }
    qt_store_bind_text(st, 1, key);
    qt_store_bind_text(st, 2, kind);
    sqlite3_bind_int64(st, 3, 0);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    free(key);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return qt_store_fail(s, rc, "looking up a speaker", err);
    return QT_OK;
}

/* Words of a name, split on spaces. */
static size_t name_words(const char *name, const char **first, const char **last)
{
    size_t n = 0;
    *first = *last = NULL;
    for (const char *p = name; *p;) {
        while (*p == ' ') p++;
        if (!*p) break;
        if (!*first) *first = p;
        *last = p;
        n++;
        while (*p && *p != ' ') p++;
    }
    return n;
}

/* Length of the word starting at w. */
static size_t word_len(const char *w)
{
    size_t n = 0;
    while (w[n] && w[n] != ' ') n++;
    return n;
}

/* 1 when word w[0..len) is one of the words of phrase (case-insensitive). */
static int phrase_has_word(const char *phrase, const char *w, size_t len)
{
    const char *first, *last;
    if (!phrase || !name_words(phrase, &first, &last)) return 0;
    for (const char *p = first; p && *p;) {
        size_t n = word_len(p);
        if (n == len && strncasecmp(p, w, len) == 0) return 1;
        p += n;
        while (*p == ' ') p++;
    }
    return 0;
}

/* A "partial" person name is a lone surname ("Blinken") or a title and a
 * surname ("Ambassador Kim"): the scanner could not find the full name in
 * the article.  Such a name joins an existing shared person only when one
 * person alone qualifies: someone with a full name who was called by this
 * surname somewhere, and whose recorded title contains this name's title
 * word ("Defense Minister Kim" -> Kim Yong-hyun, South Korean Defense
 * Minister).  Two candidates, or an incompatible title, keep the name apart:
 * "Kim" is never merged across Kim Jong Un and Kim Yong-hyun, and "Ambassador
 * Kim" is neither of them.  *id is 0 when nothing qualifies. */
static qt_status partial_name_owner(qt_store *s, const qt_speaker *sp, int64_t *id, qt_error *err)
{
    *id = 0;
    const char *first, *last;
    size_t words = name_words(sp->name, &first, &last);
    if (words == 0) return QT_OK;
    const char *title_word = NULL;
    size_t title_len = 0;
    if (words == 2 && sp->title) {
        /* "Ambassador Kim": the first word must be a word of the title. */
        if (!phrase_has_word(sp->title, first, word_len(first))) return QT_OK;
        const char *tf, *tl;
        name_words(sp->title, &tf, &tl);
        title_word = tl;
        title_len = word_len(tl);
    } else if (words != 1) {
        return QT_OK;
    }
    char surname[128];
    size_t sl = word_len(last);
    if (sl == 0 || sl >= sizeof surname) return QT_OK;
    memcpy(surname, last, sl);
    surname[sl] = '\0';
    char *key = qt_store_key(surname);
    if (!key) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    sqlite3_stmt *st = qt_store_stmt(s, SQL_SURNAME_CANDIDATES, err);
    if (!st) {
        free(key);
        return err ? err->code : QT_ERR_DB;
    }
    qt_store_bind_text(st, 1, key);
    int64_t found = 0;
    int count = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = qt_store_col_text(st, 1);
        const char *title = qt_store_col_text(st, 2);
        const char *cf, *cl;
        size_t cw = name ? name_words(name, &cf, &cl) : 0;
        /* The candidate must have a full name: two words or more, the first
         * not a word of its title (that would be another partial name). */
        if (cw < 2 || (title && phrase_has_word(title, cf, word_len(cf)))) continue;
        if (title_word && !phrase_has_word(title, title_word, title_len)) continue;
        found = sqlite3_column_int64(st, 0);
        count++;
    }
    sqlite3_reset(st);
    free(key);
    if (rc != SQLITE_DONE) return qt_store_fail(s, rc, "looking up a surname", err);
    if (count == 1) *id = found;
    return QT_OK;
}

/* Resolves one scanned speaker to a speaker row: named persons and bodies are
 * shared across articles (canonical name + kind, through speaker_keys and
 * curation); anonymous sources and groups stay per text. */
static qt_status speaker_for(qt_store *s, const char *doc, const qt_speaker *sp,
                             int64_t text_id, int64_t *id, int *created, qt_error *err)
{
    const char *kind = qt_speaker_kind_name(sp->kind);
    if (!kind) kind = "unknown";
    int per_text = sp->kind == QT_SPEAKER_ANONYMOUS || sp->kind == QT_SPEAKER_GROUP ||
                   sp->kind == QT_SPEAKER_UNKNOWN;
    char *target = NULL;
    if (!per_text) QT_TRY(split_target(s, doc, sp->name, &target, err));
    if (!target && sp->kind == QT_SPEAKER_PERSON) {
        int64_t owner = 0;
        qt_status ps = QT_OK;
        /* Only a name no speaker has yet is looked at as a partial name, so
         * curation (merge, rename) of an existing key keeps priority. */
        if ((ps = speaker_key_exists(s, sp->name, kind, id, err)) != QT_OK) return ps;
        if (!*id) QT_TRY(partial_name_owner(s, sp, &owner, err));
        if (owner) {
            *id = owner;
            *created = 0;
            QT_TRY(add_alias(s, *id, sp->name, err));
            for (size_t i = 0; i < sp->alias_count && sp->aliases && sp->aliases[i]; i++)
                QT_TRY(add_alias(s, *id, sp->aliases[i], err));
            return QT_OK;
        }
    }
    qt_status st = speaker_get(s, target ? target : sp->name, kind, per_text ? text_id : 0,
                               sp->title, id, created, err);
    free(target);
    QT_TRY(st);
    QT_TRY(add_alias(s, *id, sp->name, err));
    for (size_t i = 0; i < sp->alias_count && sp->aliases && sp->aliases[i]; i++)
        QT_TRY(add_alias(s, *id, sp->aliases[i], err));
    return QT_OK;
}

static void bind_span(sqlite3_stmt *st, int idx, const qt_span *sp, int present)
{
    if (!present) {
        for (int i = 0; i < 4; i++) sqlite3_bind_null(st, idx + i);
        return;
    }
    sqlite3_bind_int64(st, idx, (sqlite3_int64)sp->start);
    sqlite3_bind_int64(st, idx + 1, (sqlite3_int64)sp->end);
    sqlite3_bind_int64(st, idx + 2, (sqlite3_int64)sp->char_start);
    sqlite3_bind_int64(st, idx + 3, (sqlite3_int64)sp->char_end);
}

/* Adds n new quotes of text_id by speaker_id to the stored counts
 * (db/011_speaker_totals.sql), once the text's quotes are all in. */
static qt_status count_quotes(qt_store *s, int64_t speaker_id, int n, int64_t text_id,
                              qt_error *err)
{
    static const qt_sql_id steps[] = {SQL_TOTALS_ADD_QUOTES, SQL_TOTALS_ADD_OUTLETS};
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        sqlite3_stmt *st;
        STMT(st, steps[i]);
        sqlite3_bind_int64(st, 1, speaker_id);
        sqlite3_bind_int(st, 2, n);
        sqlite3_bind_int64(st, 3, text_id);
        QT_TRY(qt_store_exec_stmt(s, st, "counting the speakers' quotes", err));
    }
    return QT_OK;
}

/* Stores the quotes and speakers of a new text whose home is the article
 * info->article_id; home_order is that article's coalesce(published,
 * ingested_at), the look-ups' sort key copied into each quote. */
static qt_status store_quotes(qt_store *s, const char *doc, int64_t text_id,
                              const qt_scan_result *r, const char *home_order,
                              qt_ingest_info *info, qt_error *err)
{
    if (!r) return QT_OK;
    int64_t *ids = calloc(r->speaker_count + 1, sizeof *ids);
    if (!ids) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    qt_status status = QT_OK;
    for (size_t i = 0; i < r->speaker_count; i++) {
        int created = 0;
        status = speaker_for(s, doc, &r->speakers[i], text_id, &ids[i], &created, err);
        if (status != QT_OK) goto done;
        info->new_speakers += (size_t)created;
    }
    for (size_t i = 0; i < r->count; i++) {
        const qt_quote *q = &r->quotes[i];
        int has_sp = q->speaker >= 0 && (size_t)q->speaker < r->speaker_count;
        sqlite3_stmt *st = qt_store_stmt(s, SQL_INSERT_QUOTE, err);
        if (!st) {
            status = err ? err->code : QT_ERR_DB;
            goto done;
        }
        sqlite3_bind_int64(st, 1, text_id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
        qt_store_bind_text(st, 3, qt_kind_name(q->kind));
        bind_span(st, 4, &q->span, 1);
        qt_store_bind_text(st, 8, q->text ? q->text : "");
        if (has_sp) {
            sqlite3_bind_int64(st, 9, ids[q->speaker]);
            qt_store_bind_text(st, 10, r->speakers[q->speaker].name);
        }
        bind_span(st, 11, &q->mention, q->has_mention);
        qt_store_bind_text(st, 15, q->has_mention ? q->mention_text : NULL);
        bind_span(st, 16, &q->cue, q->has_cue);
        qt_store_bind_text(st, 20, q->has_cue ? q->cue_text : NULL);
        sqlite3_bind_double(st, 21, q->confidence);
        qt_store_bind_text(st, 22, q->rule);
        if (q->parent >= 0) sqlite3_bind_int(st, 23, q->parent);
        /* The text is new, so its home is this article (db/012_who_cover.sql). */
        sqlite3_bind_int64(st, 24, info->article_id);
        qt_store_bind_text(st, 25, home_order);
        if ((status = qt_store_exec_stmt(s, st, "storing a quote", err)) != QT_OK) goto done;
        /* Its words go into the full-text index when the batch commits
         * (qt_store_commit), all the batch's quotes in one statement. */
        if (!s->fts_from) s->fts_from = sqlite3_last_insert_rowid(s->db);
        info->quotes++;
        if (q->has_mention && q->mention_text) {
            st = qt_store_stmt(s, SQL_INSERT_MENTION, err);
            if (!st) {
                status = err ? err->code : QT_ERR_DB;
                goto done;
            }
            sqlite3_bind_int64(st, 1, text_id);
            bind_span(st, 2, &q->mention, 1);
            qt_store_bind_text(st, 6, q->mention_text);
            if (has_sp) sqlite3_bind_int64(st, 7, ids[q->speaker]);
            if ((status = qt_store_exec_stmt(s, st, "storing a mention", err)) != QT_OK) goto done;
        }
    }
    /* Each speaker's quotes, counted once per speaker rather than per
     * quote (a trigger per quote cost 15% of ingest). */
    for (size_t i = 0; i < r->speaker_count && status == QT_OK; i++) {
        int n = 0;
        for (size_t k = 0; k < r->count; k++) n += r->quotes[k].speaker == (int)i;
        if (n && ids[i]) status = count_quotes(s, ids[i], n, text_id, err);
    }
done:
    free(ids);
    return status;
}

/* Looks a text up by hash: *text_id 0 when new. */
static qt_status find_text(qt_store *s, const char *hash, int64_t *text_id, int64_t *home,
                           qt_error *err)
{
    sqlite3_stmt *st;
    STMT(st, SQL_FIND_TEXT);
    qt_store_bind_text(st, 1, hash);
    int rc = sqlite3_step(st);
    *text_id = *home = 0;
    if (rc == SQLITE_ROW) {
        *text_id = sqlite3_column_int64(st, 0);
        *home = sqlite3_column_int64(st, 1);
        rc = SQLITE_DONE;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? QT_OK : qt_store_fail(s, rc, "looking up the text", err);
}

static qt_status insert_text(qt_store *s, const qt_article *a, const char *hash,
                             const char *now, int64_t *text_id, qt_error *err)
{
    sqlite3_stmt *st;
    STMT(st, SQL_INSERT_TEXT);
    qt_store_bind_text(st, 1, hash);
    sqlite3_bind_text(st, 2, a->text, (int)a->len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)a->len);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)qt_utf8_count(a->text, a->len));
    qt_store_bind_text(st, 5, now);
    QT_TRY(qt_store_exec_stmt(s, st, "storing the text", err));
    *text_id = sqlite3_last_insert_rowid(s->db);
    return QT_OK;
}

static qt_status text_home(qt_store *s, int64_t text_id, int64_t *home, qt_error *err)
{
    sqlite3_stmt *st;
    STMT(st, SQL_TEXT_HOME);
    sqlite3_bind_int64(st, 1, text_id);
    int rc = sqlite3_step(st);
    *home = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return qt_store_fail(s, rc, "reading a text", err);
    return QT_OK;
}

/* Runs one of the home updates (SQL_SET_HOME, SQL_REHOME, SQL_HOME_IF_STALE).
 * When the text has quotes (has_quotes: a new text has none yet) and its
 * home changed, its quotes move in the stored counts: they count while
 * the home is current (db/011_speaker_totals.sql). */
static qt_status set_home(qt_store *s, qt_sql_id id, int64_t text_id, int64_t article_id,
                          int has_quotes, qt_error *err)
{
    int64_t before = 0, after = 0;
    if (has_quotes) QT_TRY(text_home(s, text_id, &before, err));
    sqlite3_stmt *st;
    STMT(st, id);
    sqlite3_bind_int64(st, 1, text_id);
    sqlite3_bind_int64(st, 2, article_id);
    QT_TRY(qt_store_exec_stmt(s, st, "updating the text's article", err));
    if (!has_quotes || sqlite3_changes(s->db) == 0) return QT_OK;
    QT_TRY(text_home(s, text_id, &after, err));
    if (after == before) return QT_OK;
    STMT(st, SQL_TOTALS_MOVE_HOME);
    sqlite3_bind_int64(st, 1, text_id);
    sqlite3_bind_int64(st, 2, after);
    sqlite3_bind_int64(st, 3, before);
    return qt_store_exec_stmt(s, st, "counting the speakers' quotes", err);
}

static qt_status insert_article(qt_store *s, const qt_article *a, int revision, int64_t text_id,
                                int64_t copy_of, const char *published, const char *now,
                                int64_t *article_id, qt_error *err)
{
    sqlite3_stmt *st;
    STMT(st, SQL_INSERT_ARTICLE);
    qt_store_bind_text(st, 1, a->id);
    qt_store_bind_text(st, 2, a->url && *a->url ? a->url : NULL);
    sqlite3_bind_int(st, 3, revision);
    sqlite3_bind_int64(st, 4, text_id);
    if (copy_of) sqlite3_bind_int64(st, 5, copy_of);
    qt_store_bind_text(st, 6, a->title);
    qt_store_bind_text(st, 7, a->outlet);
    qt_store_bind_text(st, 8, a->byline);
    qt_store_bind_text(st, 9, published);
    qt_store_bind_text(st, 10, a->published);
    qt_store_bind_text(st, 11, now);
    qt_store_bind_text(st, 12, a->source);
    QT_TRY(qt_store_exec_stmt(s, st, "storing the article", err));
    *article_id = sqlite3_last_insert_rowid(s->db);
    return QT_OK;
}

/* The work of one ingest, inside a savepoint.  result_in is used when the
 * text is new; otherwise scanner (when not NULL) scans it. */
static qt_status ingest_one(qt_store *s, const qt_article *a, qt_scanner *scanner,
                            const qt_scan_result *result_in, qt_ingest_info *info, qt_error *err)
{
    char now[32], published[QT_DATE_MAX];
    const char *pub = NULL;
    qt_store_now(now);
    qt_store_hash(a->text, a->len, info->hash);
    if (a->published && *a->published) {
        if (qt_date_parse(a->published, published, NULL) == QT_OK) pub = published;
        else info->bad_date = 1;
    }
    info->undated = pub == NULL;

    found_article prev;
    QT_TRY(find_article(s, SQL_FIND_DOC, a->id, &prev, err));
    if (!prev.article_id && a->url && *a->url)
        QT_TRY(find_article(s, SQL_FIND_URL, a->url, &prev, err));
    int64_t text_id, home;
    QT_TRY(find_text(s, info->hash, &text_id, &home, err));

    if (prev.article_id && text_id && prev.text_id == text_id) {
        info->outcome = QT_INGEST_UNCHANGED;
        info->article_id = prev.article_id;
        info->revision = prev.revision;
        return QT_OK;
    }
    int revision = 1;
    if (prev.article_id) {
        info->outcome = QT_INGEST_REVISED;
        revision = prev.revision + 1;
        sqlite3_stmt *st;
        STMT(st, SQL_SET_NOT_CURRENT);
        sqlite3_bind_int64(st, 1, prev.article_id);
        QT_TRY(qt_store_exec_stmt(s, st, "retiring the previous revision", err));
        QT_TRY(set_home(s, SQL_REHOME, prev.text_id, prev.article_id, 1, err));
    } else {
        info->outcome = text_id ? QT_INGEST_COPY : QT_INGEST_NEW;
    }
    info->revision = revision;
    int new_text = text_id == 0;
    if (new_text) {
        QT_TRY(insert_text(s, a, info->hash, now, &text_id, err));
    } else if (info->outcome == QT_INGEST_COPY) {
        info->copy_of = home;
    }
    QT_TRY(insert_article(s, a, revision, text_id, info->copy_of, pub, now, &info->article_id,
                          err));
    if (new_text) {
        QT_TRY(set_home(s, SQL_SET_HOME, text_id, info->article_id, 0, err));
        qt_scan_result *mine = NULL;
        const qt_scan_result *r = result_in;
        if (!r && scanner) {
            QT_TRY(qt_scan_article(scanner, a, &mine, err));
            r = mine;
        }
        qt_status st = store_quotes(s, a->id, text_id, r, pub ? pub : now, info, err);
        qt_scan_result_free(mine);
        QT_TRY(st);
        QT_TRY(qt_family_add_text(s, text_id, err));
    } else {
        /* Another article of a stored text: its quotes under this outlet
         * (db/011_speaker_totals.sql). */
        sqlite3_stmt *st;
        STMT(st, SQL_TOTALS_ADD_ARTICLE);
        sqlite3_bind_int64(st, 1, info->article_id);
        QT_TRY(qt_store_exec_stmt(s, st, "counting the speakers' outlets", err));
        /* An existing text whose home article was retired gets this one. */
        QT_TRY(set_home(s, SQL_HOME_IF_STALE, text_id, info->article_id, 1, err));
    }
    return qt_reuse_ingested(s, info->article_id, text_id, new_text, a->text, a->len, err);
}

/* Whether the normalised text holds anything but white space
 * (qt_cp_is_space) and the invisible characters that show nothing either:
 * CR, NEL, the zero-width space and a BOM left inside the text. */
static int has_text(const qt_article *a)
{
    size_t pos = 0;
    while (pos < a->len) {
        uint32_t c = qt_utf8_next(a->text, a->len, &pos);
        if (!qt_cp_is_space(c) && c != '\r' && c != 0x85 && c != 0x200B && c != 0xFEFF)
            return 1;
    }
    return 0;
}

static qt_status ingest(qt_store *s, const qt_article *a, qt_scanner *scanner,
                        const qt_scan_result *result, qt_ingest_info *info_out, qt_error *err)
{
    qt_ingest_info local;
    qt_ingest_info *info = info_out ? info_out : &local;
    memset(info, 0, sizeof *info);
    if (s->readonly) return qt_error_set(err, QT_ERR_READONLY, "%s: opened read-only", s->path);
    /* Refused before anything is written, so the batch stays whole.  Stored,
     * an empty file would be an article with no words, and every other
     * empty input a "verbatim copy" of it. */
    if (!has_text(a))
        return qt_error_set(err, QT_ERR_INPUT, "%s: no text (empty or blank); not stored",
                            a->source ? a->source : a->id);
    /* No savepoint per article: FTS5 flushes its pending terms into a new
     * segment at every savepoint, which made ingest twice as slow.  A failed
     * article therefore fails its batch: the caller rolls the batch back. */
    int own = !s->in_batch;
    if (own) QT_TRY(qt_store_begin(s, err));
    qt_status st = ingest_one(s, a, scanner, result, info, err);
    if (own) {
        if (st == QT_OK) st = qt_store_commit(s, err);
        if (st != QT_OK) qt_store_rollback(s);
    }
    return st;
}

qt_status qt_store_ingest(qt_store *s, const qt_article *a, qt_scanner *scanner,
                          qt_ingest_info *info, qt_error *err)
{
    return ingest(s, a, scanner, NULL, info, err);
}

qt_status qt_store_ingest_result(qt_store *s, const qt_article *a, const qt_scan_result *result,
                                 qt_ingest_info *info, qt_error *err)
{
    return ingest(s, a, NULL, result, info, err);
}
