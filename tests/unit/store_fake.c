/* store_fake.c - see store_fake.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_fake.h"
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
