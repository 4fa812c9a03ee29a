/* store_fake.c - see store_fake.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_fake.h"
#include "qt_store_int.h"
#include "suites.h"

void sf_fake(fake_scan *f, const qt_article *a, const sp_spec *sps, size_t nsp,
                 const q_spec *qs, size_t nq)
{
    memset(f, 0, sizeof *f);
    for (size_t i = 0; i < nsp; i++) {
        f->sp[i].name = (char *)sps[i].name;
        f->sp[i].kind = sps[i].kind;
        f->sp[i].aliases = (char **)sps[i].aliases;
        while (sps[i].aliases[f->sp[i].alias_count]) f->sp[i].alias_count++;
    }
    for (size_t i = 0; i < nq; i++) {
        const char *at = strstr(a->text, qs[i].text);
        ck_assert_ptr_nonnull(at);
        qt_quote *q = &f->q[i];
        q->kind = qs[i].kind;
        q->span.start = q->span.char_start = (size_t)(at - a->text);
        q->span.end = q->span.char_end = q->span.start + strlen(qs[i].text);
        q->text = (char *)qs[i].text;
        q->speaker = qs[i].speaker;
        q->confidence = 0.9;
        q->rule = "test";
        q->parent = -1;
    }
    f->res.speakers = f->sp;
    f->res.speaker_count = nsp;
    f->res.quotes = f->q;
    f->res.count = nq;
}

qt_article *sf_article(const char *id, const char *text, const char *url,
                           const char *outlet, const char *published)
{
    qt_article *a = NULL;
    ck_assert_int_eq(qt_article_from_bytes(id, text, strlen(text), &a, NULL), QT_OK);
    if (url) qt_article_set(a, "url", url, NULL);
    if (outlet) qt_article_set(a, "outlet", outlet, NULL);
    if (published) qt_article_set(a, "published", published, NULL);
    return a;
}

/* Ingests a fake scan of a; titles[i] is speaker i's title (titles may be NULL). */
qt_ingest_outcome sf_put_titled(qt_store *s, qt_article *a, const sp_spec *sps,
                                    const char *const *titles, size_t nsp, const q_spec *qs,
                                    size_t nq)
{
    fake_scan f;
    sf_fake(&f, a, sps, nsp, qs, nq);
    for (size_t i = 0; titles && i < nsp; i++) f.sp[i].title = (char *)titles[i];
    qt_ingest_info info;
    qt_error err;
    qt_error_clear(&err);
    ck_assert_msg(qt_store_ingest_result(s, a, &f.res, &info, &err) == QT_OK, "%s",
                  qt_error_message(&err));
    return info.outcome;
}

qt_ingest_outcome sf_put(qt_store *s, qt_article *a, const sp_spec *sps, size_t nsp,
                             const q_spec *qs, size_t nq)
{
    return sf_put_titled(s, a, sps, NULL, nsp, qs, nq);
}

void sf_db_temp(char **dir, char **dbpath)
{
    *dir = tu_temp_dir();
    size_t n = strlen(*dir) + 16;
    *dbpath = malloc(n);
    ck_assert_ptr_nonnull(*dbpath);
    snprintf(*dbpath, n, "%s/t.db", *dir);
}

void sf_db_remove(char *dir, char *dbpath)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
    free(dbpath);
    free(dir);
}

qt_status sf_collect(const qt_quote_row *r, void *ctx, qt_error *err)
{
    (void)err;
    sf_rows *c = ctx;
    if (c->n < 8) {
        snprintf(c->speakers[c->n], 64, "%s", r->speaker ? r->speaker : "");
        snprintf(c->outlets[c->n], 32, "%s", r->outlet ? r->outlet : "");
        snprintf(c->texts[c->n], 128, "%s", r->text);
    }
    c->n++;
    return QT_OK;
}

int sf_search(qt_store *s, const char *text, qt_status want)
{
    sf_rows r;
    memset(&r, 0, sizeof r);
    qt_error err;
    qt_error_clear(&err);
    qt_status st = qt_store_search(s, text, NULL, sf_collect, &r, &err);
    ck_assert_msg(st == want, "search [%s]: status %d (%s)", text, st, qt_error_message(&err));
    return r.n;
}

int sf_count_rows(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

void sf_query_plan(sqlite3 *db, int id, char *out, size_t cap)
{
    char sql[8192];
    int len = snprintf(sql, sizeof sql, "EXPLAIN QUERY PLAN %s", qt_store_sql[id]);
    ck_assert_int_lt(len, (int)sizeof sql);
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    size_t n = 0;
    out[0] = '\0';
    while (sqlite3_step(st) == SQLITE_ROW && n + 1 < cap)
        n += (size_t)snprintf(out + n, cap - n, "%s\n", (const char *)sqlite3_column_text(st, 3));
    sqlite3_finalize(st);
}

qt_store *sf_open(const char *dbpath)
{
    qt_error err;
    qt_error_clear(&err);
    qt_store *s = qt_store_open(dbpath, 0, &err);
    ck_assert_msg(s != NULL, "%s", qt_error_message(&err));
    return s;
}

size_t sf_step_ids(sqlite3_stmt *st, long long *ids, size_t cap)
{
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        ck_assert_uint_lt(n, cap);
        ids[n++] = sqlite3_column_int64(st, 0);
    }
    ck_assert_int_eq(rc, SQLITE_DONE);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return n;
}
