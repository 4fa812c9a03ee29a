/*
 * cmd_ingest.c - `quotetrack ingest`: scan articles and store them, their
 * quotes, speaker mentions and speakers in the SQLite database.
 *
 * Articles are committed in batches (one transaction each); an interrupted
 * ingest leaves the database as of the last batch, and running it again
 * completes it (already stored articles come back "unchanged").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "lookup.h"
#include "qt_article.h"
#include "qt_family.h"
#include "qt_html.h"
#include "qt_input.h"
#include "qt_reuse.h"
#include "qt_scan.h"
#include "qt_store.h"

/* A batch ends after BATCH_ARTICLES articles or BATCH_SECONDS seconds,
 * each times the batch scale, or after BATCH_BYTES bytes of text.  The
 * scale grows when commits get expensive, as they do in a large database
 * (qt_store_batch_scale() says why), and shrinks back when they are cheap:
 * a small database keeps 1-second batches.  The longest batch (8 s) stays
 * under the busy timeout a second writer waits (QT_STORE_BUSY_MS, 15 s),
 * and is what kill -9 can cost (running the ingest again completes it). */
#define BATCH_ARTICLES 500
#define BATCH_BYTES (16u << 20)
#define BATCH_SECONDS 1.0

typedef struct {
    const qt_cli_globals *g;
    qt_store *store;
    qt_scanner *scanner;
    qt_input_format input;
    int no_reuse;            /* --no-reuse */
    const char *meta[5];     /* title, outlet, url, published, byline from options */
    size_t counts[4];        /* by qt_ingest_outcome */
    size_t quotes, speakers, articles;
    size_t batch_n, batch_bytes;
    unsigned batch_scale;    /* 1..QT_BATCH_SCALE_MAX, see BATCH_ARTICLES */
    double batch_start, start, last_progress;
    unsigned long long bytes, total_bytes;
    int progress;            /* stderr is a terminal */
    size_t skipped;          /* inputs or lines reported and left out */
} ingest_run;

static const char *const meta_fields[5] = {"title", "outlet", "url", "published", "byline"};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void ingest_usage(FILE *out)
{
    fputs("usage: quotetrack [--db PATH] ingest [--input text|jsonl|html] [--outlet NAME]\n"
          "                  [--url URL] [--published DATE] [--title T] [--byline B] [--no-reuse]\n"
          "                  FILE...|-\n"
          "\n"
          "Scans the articles and stores them with their quotes, speaker mentions and\n"
          "speakers in the database (--db PATH, else $QUOTETRACK_DB, else\n"
          "./quotetrack.db; created on first use).\n"
          "\n"
          "  --input FORMAT  text (one article per file), jsonl (one JSON object per\n"
          "                  line: id, text, title, outlet, url, published, byline) or\n"
          "                  html; by default .html/.htm files are HTML, .jsonl files\n"
          "                  JSON Lines and anything else plain text\n"
          "  --outlet, --url, --published, --title, --byline\n"
          "                  metadata for every article read; they override what the\n"
          "                  input says (a sidecar FILE.meta.json, a footer line such as\n"
          "                  \"Original Source: kstp.com\", HTML meta tags, JSON fields)\n"
          "  --no-reuse      skip reuse detection (no fingerprints stored): a faster bulk\n"
          "                  load, but 'quotetrack reuse' never pairs these articles\n"
          "\n"
          "The same id or URL with the same text changes nothing; with a different\n"
          "text it is stored as a new revision; the same text under another id or URL\n"
          "is stored once and recorded as a copy.  Each new article is compared with\n"
          "the stored articles that share its fingerprints ('quotetrack reuse' lists\n"
          "what it took from which).  A summary is printed at the end;\n"
          "on a terminal a progress line is shown on standard error.\n"
          "\n"
          "Exit status: 0 ok; 3 some inputs were skipped (each reported); 4 database\n"
          "error (cannot create, read-only, locked, newer schema); 1 other errors.\n",
          out);
}

static void show_progress(ingest_run *run, int final)
{
    if (!run->progress) return;
    double t = now_s();
    if (!final && t - run->last_progress < 0.25) return;
    run->last_progress = t;
    double el = t - run->start;
    double mbs = el > 0 ? run->bytes / 1e6 / el : 0;
    char eta[32] = "";
    if (run->total_bytes > run->bytes && run->bytes > 0 && !final) {
        double left = (double)(run->total_bytes - run->bytes) / (run->bytes / el);
        snprintf(eta, sizeof eta, ", ETA %.0fs", left);
    }
    fprintf(stderr, "\r\033[K%zu articles, %.1f MB/s, %zu quotes%s%s", run->articles, mbs,
            run->quotes, eta, final ? "\n" : "");
    fflush(stderr);
}

static qt_status commit_batch(ingest_run *run, qt_error *err)
{
    if (run->batch_n == 0) return QT_OK;
    double t0 = now_s();
    QT_TRY(qt_store_commit(run->store, err));
    double work = t0 - run->batch_start, commit = now_s() - t0;
    run->batch_scale = qt_store_batch_scale(run->batch_scale, work, commit);
    run->batch_n = 0;
    run->batch_bytes = 0;
    return QT_OK;
}

static qt_status store_one(ingest_run *run, qt_article *a, qt_error *err)
{
    for (int i = 0; i < 5; i++)
        if (run->meta[i]) QT_TRY(qt_article_set(a, meta_fields[i], run->meta[i], err));
    if (!run->g->quiet) qt_cli_warn_repairs(a);
    if (run->batch_n == 0) {
        QT_TRY(qt_store_begin(run->store, err));
        run->batch_start = now_s();
    }
    qt_ingest_info info;
    qt_status st = qt_store_ingest(run->store, a, run->scanner, &info, err);
    run->batch_n++;
    if (st != QT_OK) return st;
    if (info.bad_date && !run->g->quiet)
        qt_cli_error("warning: %s: cannot read the date '%s'; stored as undated", a->id,
                     a->published);
    run->counts[info.outcome]++;
    run->quotes += info.quotes;
    run->speakers += info.new_speakers;
    run->articles++;
    run->bytes += a->len;
    run->batch_bytes += a->len;
    if (run->batch_n >= BATCH_ARTICLES * run->batch_scale || run->batch_bytes >= BATCH_BYTES ||
        now_s() - run->batch_start >= BATCH_SECONDS * run->batch_scale)
        QT_TRY(commit_batch(run, err));
    show_progress(run, 0);
    return QT_OK;
}

static int skippable(qt_status st)
{
    return st == QT_ERR_IO || st == QT_ERR_INPUT || st == QT_ERR_LIMIT;
}

static qt_status ingest_jsonl(ingest_run *run, const char *path, qt_error *err)
{
    qt_jsonl_reader *r = qt_jsonl_open(path, err);
    if (!r) {
        if (err->code == QT_ERR_NOMEM) return QT_ERR_NOMEM;
        qt_cli_error("%s", qt_error_message(err));
        run->skipped++;
        return QT_OK;
    }
    qt_status st;
    for (;;) {
        qt_article *a = NULL;
        st = qt_jsonl_next(r, &a, err);
        if (st == QT_OK && !a) break;
        if (st == QT_OK) {
            st = store_one(run, a, err);
            qt_article_free(a);
            if (st == QT_OK) continue;
            /* Only a refused article (QT_ERR_INPUT: nothing was written)
             * lets the batch go on; any other store error ends it. */
            if (st != QT_ERR_INPUT) break;
        } else if (!skippable(st)) {
            break;
        }
        qt_cli_error("%s", qt_error_message(err));
        run->skipped++;
        st = QT_OK;
        if (err->code == QT_ERR_IO) break;
    }
    qt_jsonl_close(r);
    return st;
}

static qt_status ingest_file(ingest_run *run, const char *path, qt_error *err)
{
    qt_input_format f = run->input ? run->input : qt_input_format_for(path);
    if (f == QT_INPUT_JSONL) return ingest_jsonl(run, path, err);
    qt_article *a = NULL;
    qt_status st = f == QT_INPUT_HTML ? qt_read_html_file(path, &a, err)
                                      : qt_read_text_file(path, &a, err);
    int found = 0;
    if (st == QT_OK && f == QT_INPUT_TEXT) st = qt_input_footer(a, err);
    if (st == QT_OK) st = qt_input_sidecar(a, path, &found, err);
    if (st == QT_OK) st = store_one(run, a, err);
    qt_article_free(a);
    if (st != QT_OK && skippable(st)) {
        qt_cli_error("%s", qt_error_message(err));
        run->skipped++;
        return QT_OK;
    }
    return st;
}

int qt_cmd_ingest(int argc, char **argv, const qt_cli_globals *g)
{
    ingest_run run = {0};
    qt_patterns *pats = NULL;
    qt_error err;
    qt_status st = QT_OK;
    int rc = QT_EXIT_USAGE, nfiles = 0;
    const char *v;
    static const char *const opts[5] = {"--title", "--outlet", "--url", "--published",
                                        "--byline"};

    qt_error_clear(&err);
    run.g = g;
    run.batch_scale = 1;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int matched = 0;
        if (strcmp(arg, "--") == 0) {
            while (++i < argc) argv[1 + nfiles++] = argv[i];
            break;
        }
        if (arg[0] != '-' || strcmp(arg, "-") == 0) {
            argv[1 + nfiles++] = argv[i];
            continue;
        }
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            ingest_usage(stdout);
            return QT_EXIT_OK;
        }
        if (strcmp(arg, "--no-reuse") == 0) {
            run.no_reuse = 1;
            continue;
        }
        if ((v = qt_cli_option(argc, argv, &i, "--input")) != NULL) {
            run.input = qt_input_format_parse(v);
            if (!run.input) {
                qt_cli_error("ingest: --input must be 'text', 'jsonl' or 'html', not '%s'", v);
                return QT_EXIT_USAGE;
            }
            continue;
        }
        for (int m = 0; m < 5 && !matched; m++)
            if ((v = qt_cli_option(argc, argv, &i, opts[m])) != NULL) {
                run.meta[m] = v;
                matched = 1;
            }
        if (!matched) {
            qt_cli_error("ingest: unknown option '%s'", arg);
            ingest_usage(stderr);
            return QT_EXIT_USAGE;
        }
    }
    if (nfiles == 0) {
        qt_cli_error("ingest: no input files (use - for standard input)");
        ingest_usage(stderr);
        return QT_EXIT_USAGE;
    }
    if (run.meta[2] && (nfiles > 1 || run.input == QT_INPUT_JSONL)) {
        qt_cli_error("ingest: --url names one article; give one text or HTML file with it");
        return QT_EXIT_USAGE;
    }
    for (int f = 1; f <= nfiles; f++) {
        struct stat sb;
        if (strcmp(argv[f], "-") != 0 && stat(argv[f], &sb) == 0)
            run.total_bytes += (unsigned long long)sb.st_size;
    }

    rc = QT_EXIT_FAILURE;
    pats = qt_cli_load_patterns(g);
    if (!pats) goto cleanup;
    run.scanner = qt_scanner_create(pats, &err);
    if (!run.scanner) {
        qt_cli_error("%s", qt_error_message(&err));
        goto cleanup;
    }
    run.store = qt_cli_open_store(g, 0, &rc);
    if (!run.store) goto cleanup;
    /* Quote families compare words with the same stop words and synonyms,
     * and reuse detection splits words with the same stop words. */
    qt_reuse_params rp;
    qt_reuse_params_default(&rp);
    rp.enabled = !run.no_reuse;
    if ((st = qt_family_use_patterns(run.store, pats, &err)) != QT_OK ||
        (st = qt_store_reuse_setup(run.store, pats, &rp, &err)) != QT_OK) {
        qt_cli_error("%s", qt_error_message(&err));
        rc = qt_cli_exit_for(st);
        goto cleanup;
    }
    run.progress = !g->quiet && isatty(STDERR_FILENO);
    run.start = run.last_progress = now_s();

    for (int f = 1; f <= nfiles && st == QT_OK; f++) st = ingest_file(&run, argv[f], &err);
    if (st == QT_OK) st = commit_batch(&run, &err);
    if (st != QT_OK) {
        qt_store_rollback(run.store);
        if (run.progress) fputc('\n', stderr);
        qt_cli_error("%s", qt_error_message(&err));
        rc = qt_cli_exit_for(st);
        goto cleanup;
    }
    show_progress(&run, 1);
    double el = now_s() - run.start;
    printf("ingested %zu article%s: %zu new, %zu unchanged, %zu revised, %zu cop%s; "
           "%zu quotes, %zu new speakers (%.1f MB in %.2f s)",
           run.articles, run.articles == 1 ? "" : "s", run.counts[QT_INGEST_NEW],
           run.counts[QT_INGEST_UNCHANGED], run.counts[QT_INGEST_REVISED],
           run.counts[QT_INGEST_COPY], run.counts[QT_INGEST_COPY] == 1 ? "y" : "ies", run.quotes,
           run.speakers, run.bytes / 1e6, el);
    /* The count of what standard error reported one by one, so that a
     * summary read alone does not hide a lost input. */
    if (run.skipped) printf("; %zu input%s skipped", run.skipped, run.skipped == 1 ? "" : "s");
    putchar('\n');
    rc = run.skipped ? QT_EXIT_PARTIAL : QT_EXIT_OK;
cleanup:
    qt_store_close(run.store);
    qt_scanner_free(run.scanner);
    qt_patterns_free(pats);
    return rc;
}
