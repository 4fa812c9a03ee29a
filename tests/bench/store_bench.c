/*
 * store_bench.c - look-up latency of the store on a large database.
 *
 *   store_bench build DB QUOTES   fills DB with synthetic articles through the
 *                                 library (qt_store_ingest_result): 10 quotes
 *                                 per article, 20,000 named speakers (Zipf-like
 *                                 popularity), anonymous sources, 40 outlets,
 *                                 words drawn from a 20,000-word vocabulary.
 *   store_bench query DB [N]      runs N (default 200) `who` look-ups of random
 *                                 speakers and N `search` look-ups of random
 *                                 words and two-word phrases, and prints the
 *                                 median, 95th percentile and maximum time in
 *                                 milliseconds (rows are fetched, not printed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "qt_store.h"

#define SPEAKERS 20000
#define VOCAB 20000
#define OUTLETS 40
#define PER_ARTICLE 10

static unsigned long long rng = 88172645463325252ULL;
static unsigned long long next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Zipf-like: small indexes are much more frequent. */
static unsigned skewed(unsigned n)
{
    double u = (double)(next_rand() % 1000000) / 1000000.0;
    return (unsigned)((double)n * u * u * u) % n;
}

static void word(unsigned i, char *out)
{
    static const char *const syl[] = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze",
                                      "ba", "do", "fu", "gi", "he", "ja", "ko", "lu", "ma",
                                      "no", "pe"};
    out[0] = '\0';
    do {
        strcat(out, syl[i % 20]);
        i /= 20;
    } while (i);
}

static void speaker_name(unsigned i, char *out)
{
    char a[32], b[32];
    word(i % 997 + 400, a);
    word(i / 997 + 1000, b);
    a[0] = (char)(a[0] - 32);
    b[0] = (char)(b[0] - 32);
    sprintf(out, "%s %s", a, b);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* CPU time of this process: on a shared machine it varies much less than
 * the wall clock (the database is in the page cache after the warm-up). */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int build(const char *path, long quotes)
{
    qt_error err;
    qt_error_clear(&err);
    qt_store *s = qt_store_open(path, 0, &err);
    if (!s) {
        fprintf(stderr, "%s\n", qt_error_message(&err));
        return 1;
    }
    long articles = (quotes + PER_ARTICLE - 1) / PER_ARTICLE;
    char *text = malloc(64 * 1024);
    char names[PER_ARTICLE][64], *aliases[PER_ARTICLE][2];
    char qtext[PER_ARTICLE][512];
    qt_speaker sp[PER_ARTICLE];
    qt_quote q[PER_ARTICLE];
    double t0 = now_ms();
    for (long a = 0; a < articles; a++) {
        if (a % 2000 == 0 && qt_store_begin(s, &err) != QT_OK) goto fail;
        size_t len = 0;
        int nsp = 0;
        memset(q, 0, sizeof q);
        memset(sp, 0, sizeof sp);
        for (int i = 0; i < PER_ARTICLE; i++) {
            int anon = next_rand() % 10 == 0;
            if (anon) {
                strcpy(names[i], "a senior official");
            } else {
                speaker_name(skewed(SPEAKERS), names[i]);
            }
            /* one speaker entry per distinct name in the article */
            int idx = -1;
            for (int k = 0; k < nsp; k++)
                if (strcmp(sp[k].name, names[i]) == 0) idx = k;
            if (idx < 0) {
                idx = nsp++;
                sp[idx].name = names[i];
                sp[idx].kind = anon ? QT_SPEAKER_ANONYMOUS : QT_SPEAKER_PERSON;
                aliases[idx][0] = names[i];
                aliases[idx][1] = NULL;
                sp[idx].aliases = aliases[idx];
                sp[idx].alias_count = 1;
            }
            size_t ql = 0;
            int words = 8 + (int)(next_rand() % 20);
            for (int w = 0; w < words; w++) {
                char wd[32];
                word(skewed(VOCAB), wd);
                ql += (size_t)sprintf(qtext[i] + ql, "%s%s", w ? " " : "", wd);
            }
            len += (size_t)sprintf(text + len, "%s said, \"", names[i]);
            q[i].span.start = q[i].span.char_start = len;
            len += (size_t)sprintf(text + len, "%s", qtext[i]);
            q[i].span.end = q[i].span.char_end = len;
            len += (size_t)sprintf(text + len, ".\" Some more reporting follows here.\n");
            q[i].kind = QT_KIND_DIRECT;
            q[i].text = qtext[i];
            q[i].speaker = idx;
            q[i].confidence = 0.9;
            q[i].rule = "synthetic";
            q[i].parent = -1;
        }
        qt_scan_result res = {q, PER_ARTICLE, sp, (size_t)nsp};
        char id[32], outlet[32], date[16];
        sprintf(id, "synth-%08ld", a);
        sprintf(outlet, "Outlet %02u", (unsigned)(next_rand() % OUTLETS));
        sprintf(date, "20%02u-%02u-%02u", (unsigned)(15 + a * 10 / articles),
                (unsigned)(1 + next_rand() % 12), (unsigned)(1 + next_rand() % 28));
        qt_article *art = NULL;
        if (qt_article_from_bytes(id, text, len, &art, &err) != QT_OK) goto fail;
        qt_article_set(art, "outlet", outlet, NULL);
        qt_article_set(art, "published", date, NULL);
        qt_status st = qt_store_ingest_result(s, art, &res, NULL, &err);
        qt_article_free(art);
        if (st != QT_OK) goto fail;
        if (a % 2000 == 1999 || a == articles - 1) {
            if (qt_store_commit(s, &err) != QT_OK) goto fail;
            fprintf(stderr, "\r%ld articles, %ld quotes", a + 1, (a + 1) * PER_ARTICLE);
        }
    }
    fprintf(stderr, "\n");
    printf("built %ld articles, %ld quotes in %.1f s\n", articles, articles * PER_ARTICLE,
           (now_ms() - t0) / 1e3);
    free(text);
    qt_store_close(s);
    return 0;
fail:
    fprintf(stderr, "\nbuild failed: %s\n", qt_error_message(&err));
    free(text);
    qt_store_rollback(s);
    qt_store_close(s);
    return 1;
}

static qt_status count_row(const qt_quote_row *r, void *ctx, qt_error *err)
{
    (void)r;
    (void)err;
    (*(long *)ctx)++;
    return QT_OK;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *label, double *t, double *c, long *rows, int n)
{
    long total = 0;
    for (int i = 0; i < n; i++) total += rows[i];
    qsort(t, (size_t)n, sizeof *t, cmp);
    qsort(c, (size_t)n, sizeof *c, cmp);
    printf("%-34s n=%d  median %.2f ms  p95 %.2f ms  max %.2f ms  (CPU: median %.2f, p95 %.2f,"
           " max %.2f ms)  %.0f rows on average\n",
           label, n, t[n / 2], t[n * 95 / 100], t[n - 1], c[n / 2], c[n * 95 / 100], c[n - 1],
           (double)total / n);
}

static int query(const char *path, int n)
{
    qt_error err;
    qt_error_clear(&err);
    qt_store *s = qt_store_open(path, QT_STORE_READONLY, &err);
    if (!s) {
        fprintf(stderr, "%s\n", qt_error_message(&err));
        return 1;
    }
    double *t = calloc((size_t)n, sizeof *t);
    double *c = calloc((size_t)n, sizeof *c);
    long *rows = calloc((size_t)n, sizeof *rows);
    char name[64], w1[32], w2[32], text[80], since[16];
    /* warm the page cache the way a second look-up would find it */
    speaker_name(1, name);
    long dummy = 0;
    qt_store_who(s, name, NULL, count_row, &dummy, NULL, NULL);
    struct {
        const char *label;
        int mode;
    } runs[] = {{"who NAME (random speaker)", 0},
                {"who NAME --limit 50", 1},
                {"search WORD (limit 50)", 2},
                {"search \"W1 W2\" (phrase, limit 50)", 3},
                {"search PREFIX* (limit 50)", 4},
                {"search WORD --speaker NAME", 5},
                {"search WORD --outlet NAME", 6},
                {"search WORD --since DATE", 7}};
    for (size_t r = 0; r < sizeof runs / sizeof *runs; r++) {
        int runs_n = n;
        for (int i = 0; i < runs_n; i++) {
            qt_query q = {0};
            rows[i] = 0;
            double t0 = now_ms(), c0 = cpu_ms();
            qt_status st;
            switch (runs[r].mode) {
            case 0:
            case 1:
                speaker_name(skewed(SPEAKERS), name);
                if (runs[r].mode == 1) q.limit = 50;
                st = qt_store_who(s, name, &q, count_row, &rows[i], NULL, &err);
                if (st == QT_ERR_NOTFOUND) st = QT_OK;
                break;
            case 2:
                word(skewed(VOCAB), w1);
                st = qt_store_search(s, w1, NULL, count_row, &rows[i], &err);
                break;
            case 3:
                word(skewed(VOCAB), w1);
                word(skewed(VOCAB), w2);
                snprintf(text, sizeof text, "\"%s %s\"", w1, w2);
                st = qt_store_search(s, text, NULL, count_row, &rows[i], &err);
                break;
            case 5:
                /* A filter ranks every match: the word with a random speaker. */
                word(skewed(VOCAB), w1);
                speaker_name(skewed(SPEAKERS), name);
                q.speaker = name;
                st = qt_store_search(s, w1, &q, count_row, &rows[i], &err);
                if (st == QT_ERR_NOTFOUND) st = QT_OK;
                break;
            case 6:
                /* the word in one of the 40 outlets, named in lower case */
                word(skewed(VOCAB), w1);
                snprintf(name, sizeof name, "outlet %02u", (unsigned)(next_rand() % OUTLETS));
                q.outlet = name;
                st = qt_store_search(s, w1, &q, count_row, &rows[i], &err);
                break;
            case 7:
                /* the word since a random month of the ten years of dates */
                word(skewed(VOCAB), w1);
                snprintf(since, sizeof since, "20%02u-%02u-01", 15 + (unsigned)(next_rand() % 10),
                         1 + (unsigned)(next_rand() % 12));
                q.since = since;
                st = qt_store_search(s, w1, &q, count_row, &rows[i], &err);
                break;
            default:
                word(skewed(VOCAB), w1);
                w1[3] = '\0';
                snprintf(text, sizeof text, "%s*", w1);
                st = qt_store_search(s, text, NULL, count_row, &rows[i], &err);
                break;
            }
            t[i] = now_ms() - t0;
            c[i] = cpu_ms() - c0;
            if (st != QT_OK) {
                fprintf(stderr, "%s: %s\n", runs[r].label, qt_error_message(&err));
                return 1;
            }
        }
        report(runs[r].label, t, c, rows, runs_n);
    }
    free(t);
    free(c);
    free(rows);
    qt_store_close(s);
    return 0;
}

int main(int argc, char **argv)
{
    qt_store_init();
    if (argc >= 4 && strcmp(argv[1], "build") == 0) return build(argv[2], atol(argv[3]));
    if (argc >= 3 && strcmp(argv[1], "query") == 0)
        return query(argv[2], argc > 3 ? atoi(argv[3]) : 200);
    fprintf(stderr, "usage: store_bench build DB QUOTES | store_bench query DB [N]\n");
    return 2;
}
