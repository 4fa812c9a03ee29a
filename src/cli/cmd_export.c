/*
 * cmd_export.c - `quotetrack export`: the store as JSON Lines, CSV, an HTML
 * report, Graphviz, ClaimReview, PROV-JSON or Web Annotations, to standard
 * output or atomically into a file (qt_export.h); and `quotetrack rate`, a
 * fact-checker's verdict on a quote, which the ClaimReview export wraps
 * around it (qt_rating.h).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "lookup.h"
#include "qt_atomic.h"
#include "qt_date.h"
#include "qt_export.h"
#include "qt_rating.h"

static void export_usage(FILE *out)
{
    fputs("usage: quotetrack [--db PATH] export [--format FORMAT] [-o FILE] [--title TEXT]\n"
          "           [--speaker NAME] [--outlet NAME] [--since DATE] [--until DATE]\n"
          "           [--article ID] [--family N] [--kind direct|partial|indirect]\n"
          "\n"
          "Writes the stored quotes for other people and tools.  FORMAT:\n"
          "  jsonl        one quote per line: scan fields, article, family and relation\n"
          "  csv          the same as a spreadsheet (RFC 4180; formulas neutralised)\n"
          "  html         a self-contained report: speakers, quote families with the\n"
          "               changes marked, altered quotes, conflicts, reuse, provenance\n"
          "  dot          the provenance graph for Graphviz (dot -Tsvg)\n"
          "  claimreview  schema.org JSON-LD: Quotation, Claim, ClaimReview\n"
          "  prov         W3C PROV-JSON\n"
          "  annotations  W3C Web Annotation JSON-LD, one per quote\n"
          "Without --format, -o FILE's extension (.jsonl .csv .html .dot) decides,\n"
          "else jsonl.  -o replaces FILE atomically (never half-written); without\n"
          "it the export goes to standard output.  --speaker takes a name, an alias\n"
          "or #ID; --article a document id, URL or #ID; --until is inclusive.\n"
          "$SOURCE_DATE_EPOCH, when set, is the time written into reports.\n"
          "\n"
          "Exit status: 0 ok (also when nothing matched); 5 no such speaker, article\n"
          "or family; 4 database error; 2 bad usage; 1 the output could not be written.\n",
          out);
}

static void rate_usage(FILE *out)
{
    fputs("usage: quotetrack [--db PATH] rate QUOTE RATING [--value N --best N --worst N]\n"
          "           [--by ORGANISATION] [--url URL] [--note TEXT]\n"
          "\n"
          "Records a fact-checker's verdict on a stored quote or claim: QUOTE is its\n"
          "quote_id (as 'who --format jsonl' shows it) or its id urn:quotetrack:quote:...\n"
          "(as the exports write it); RATING the verdict in words (\"False\").  The\n"
          "numbers place it on the reviewer's scale.  'export --format claimreview'\n"
          "wraps each rated quote in a schema.org ClaimReview; the HTML report shows it.\n"
          "\n"
          "Exit status: 0 ok; 5 no such quote; 4 database error; 2 bad usage.\n",
          out);
}

/* The temporary file of an -o export in progress: Ctrl-C or a kill removes
 * it before the process dies (the target is untouched either way). */
static char pending_tmp[4096];

static void remove_pending(int sig)
{
    if (pending_tmp[0]) unlink(pending_tmp);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Exports into path through a temporary file, replaced atomically. */
static qt_status export_to_file(qt_store *s, qt_export_format fmt, const qt_export_filter *f,
                                const qt_export_options *opt, const char *path,
                                qt_export_stats *stats, qt_error *err)
{
    QT_TRY(qt_export_check_target(s, path, err));
    qt_atomic_file *af = qt_atomic_create(path, err);
    if (!af) return err->code;
    snprintf(pending_tmp, sizeof pending_tmp, "%s", qt_atomic_temp_path(af));
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) signal(sigs[i], remove_pending);
    qt_status st = qt_export(s, fmt, f, opt, qt_atomic_stream(af), stats, err);
    if (st == QT_OK) st = qt_atomic_commit(af, err);
    else qt_atomic_abort(af);
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) signal(sigs[i], SIG_DFL);
    pending_tmp[0] = '\0';
    return st;
}

/* $SOURCE_DATE_EPOCH as ISO 8601, for reproducible reports. */
static const char *source_date(char buf[32])
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    if (!e || !*e) return NULL;
    char *end;
    long long t = strtoll(e, &end, 10);
    if (*end || t < 0) return NULL;
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm)) return NULL;
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

int qt_cmd_export(int argc, char **argv, const qt_cli_globals *g)
{
    qt_export_filter f = {0};
    qt_export_options opt = {0};
    const char *format = NULL, *path = NULL, *v;
    qt_error err;
    qt_error_clear(&err);
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            export_usage(stdout);
            return QT_EXIT_OK;
        } else if ((v = qt_cli_option(argc, argv, &i, "--format")) != NULL) {
            format = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "-o")) != NULL ||
                   (v = qt_cli_option(argc, argv, &i, "--output")) != NULL) {
            path = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--title")) != NULL) {
            opt.title = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--speaker")) != NULL) {
            f.speaker = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--outlet")) != NULL) {
            f.outlet = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--since")) != NULL) {
            f.since = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--until")) != NULL) {
            f.until = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--article")) != NULL) {
            f.article = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--kind")) != NULL) {
            f.kind = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--family")) != NULL) {
            char *end;
            long long id = strtoll(v[0] == '#' ? v + 1 : v, &end, 10);
            if (*end || id <= 0 || !*v) {
                qt_cli_error("export: --family must be a family id (a positive number), not '%s'", v);
                return QT_EXIT_USAGE;
            }
            f.family = id;
        } else {
            qt_cli_error("export: unknown option or missing value '%s'", arg);
            export_usage(stderr);
            return QT_EXIT_USAGE;
        }
    }
    qt_export_format fmt_id = QT_EXPORT_JSONL;
    if (format) {
        if (qt_export_format_parse(format, &fmt_id, &err) != QT_OK) {
            qt_cli_error("%s", qt_error_message(&err));
            return QT_EXIT_USAGE;
        }
    } else if (path && strcmp(path, "-") != 0 && qt_export_format_for_path(path)) {
        fmt_id = qt_export_format_for_path(path);
    }
    if (path && strcmp(path, "-") == 0) path = NULL;
    /* Bad usage is reported before the database is opened. */
    if (f.kind && strcmp(f.kind, "direct") && strcmp(f.kind, "partial") && strcmp(f.kind, "indirect")) {
        qt_cli_error("export: --kind must be direct, partial or indirect, not '%s'", f.kind);
        return QT_EXIT_USAGE;
    }
    char date[QT_DATE_MAX];
    if ((f.since && qt_date_parse(f.since, date, NULL) != QT_OK) ||
        (f.until && qt_date_parse(f.until, date, NULL) != QT_OK)) {
        qt_cli_error("export: not a date: '%s' (try 2024-11-01)",
                     f.since && qt_date_parse(f.since, date, NULL) != QT_OK ? f.since : f.until);
        return QT_EXIT_USAGE;
    }
    char when[32];
    opt.generated_at = source_date(when);

    int rc = QT_EXIT_FAILURE;
    qt_store *s = qt_cli_open_store(g, QT_STORE_READONLY, &rc);
    if (!s) return rc;
    qt_export_stats stats;
    qt_status st = path ? export_to_file(s, fmt_id, &f, &opt, path, &stats, &err)
                        : qt_export(s, fmt_id, &f, &opt, stdout, &stats, &err);
    qt_store_close(s);
    if (st != QT_OK) {
        qt_cli_error("export: %s", qt_error_message(&err));
        return qt_cli_exit_for(st);
    }
    if (!g->quiet && stats.quotes == 0)
        qt_cli_error("note: no quotes matched; the %s export is empty", qt_export_format_name(fmt_id));
    if (!g->quiet && path) {
        struct stat sb;
        long long size = stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
        fprintf(stderr, "quotetrack: wrote %zu quotes from %zu articles as %s to %s (%lld bytes)\n",
                stats.quotes, stats.articles, qt_export_format_name(fmt_id), path, size);
    }
    return QT_EXIT_OK;
}

/* A whole number option value; -1 with a message when it is not one. */
static int number(const char *opt, const char *v, long *out)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (!*v || *end) {
        qt_cli_error("rate: %s must be a whole number, not '%s'", opt, v);
        return -1;
    }
    *out = n;
    return 0;
}

int qt_cmd_rate(int argc, char **argv, const qt_cli_globals *g)
{
    qt_rating r = {0};
    const char *quote = NULL, *v;
    qt_error err;
    qt_error_clear(&err);
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            rate_usage(stdout);
            return QT_EXIT_OK;
        } else if ((v = qt_cli_option(argc, argv, &i, "--value")) != NULL) {
            if (number("--value", v, &r.value)) return QT_EXIT_USAGE;
            r.has_value = 1;
        } else if ((v = qt_cli_option(argc, argv, &i, "--best")) != NULL) {
            if (number("--best", v, &r.best)) return QT_EXIT_USAGE;
            r.has_best = 1;
        } else if ((v = qt_cli_option(argc, argv, &i, "--worst")) != NULL) {
            if (number("--worst", v, &r.worst)) return QT_EXIT_USAGE;
            r.has_worst = 1;
        } else if ((v = qt_cli_option(argc, argv, &i, "--by")) != NULL) {
            r.reviewer = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--url")) != NULL) {
            r.url = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--note")) != NULL) {
            r.note = v;
        } else if (arg[0] == '-' && arg[1] && !(arg[1] >= '0' && arg[1] <= '9')) {
            qt_cli_error("rate: unknown option or missing value '%s'", arg);
            rate_usage(stderr);
            return QT_EXIT_USAGE;
        } else if (!quote) {
            quote = arg;
        } else if (!r.rating) {
            r.rating = arg;
        } else {
            qt_cli_error("rate: one quote and one rating, not '%s' too", arg);
            return QT_EXIT_USAGE;
        }
    }
    if (!quote || !r.rating) {
        rate_usage(stderr);
        return QT_EXIT_USAGE;
    }
    /* Rating needs stored quotes: never create an empty database for it. */
    if (access(g->db_path, F_OK) != 0) {
        qt_cli_error("%s: no database here; run 'quotetrack ingest' first", g->db_path);
        return QT_EXIT_DB;
    }
    int rc = QT_EXIT_FAILURE;
    qt_store *s = qt_cli_open_store(g, 0, &rc);
    if (!s) return rc;
    int64_t id = 0;
    qt_status st = qt_store_rate(s, quote, &r, &id, &err);
    qt_store_close(s);
    if (st != QT_OK) {
        qt_cli_error("%s", qt_error_message(&err));
        return qt_cli_exit_for(st);
    }
    printf("rated quote %s '%s' (rating #%lld)\n", quote, r.rating, (long long)id);
    return QT_EXIT_OK;
}
