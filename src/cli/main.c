/*
 * main.c - the quotetrack program: global options, then one command.
 * Kept thin: each command is in its own cmd_*.c; this file only parses the
 * global options, dispatches, and makes sure everything written to standard
 * output really got there before it reports success.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "qt_store.h"

static const qt_cli_command commands[] = {
    {"scan", qt_cmd_scan, "find quotes and reported claims and attribute them"},
    {"ingest", qt_cmd_ingest, "scan articles and store them in the database"},
    {"who", qt_cmd_who, "every stored quote by a speaker (any alias)"},
    {"search", qt_cmd_search, "full-text search over stored quotes"},
    {"speakers", qt_cmd_speakers, "stored speakers with aliases and counts"},
    {"speaker", qt_cmd_speaker, "curate speakers: merge, rename, alias add, split"},
    {"articles", qt_cmd_articles, "stored articles with metadata and quote counts"},
    {"show", qt_cmd_show, "an article's text with its quotes marked"},
    {"trace", qt_cmd_trace, "a quote's family across articles, with word diffs"},
    {"conflicts", qt_cmd_conflicts, "attribution conflicts and altered direct quotes"},
    {"export", qt_cmd_export, "reports: jsonl, csv, html, dot, claimreview, prov, annotations"},
    {"rate", qt_cmd_rate, "record a fact-checker's rating of a quote (for ClaimReview)"},
    {"reuse", qt_cmd_reuse, "articles that took passages from other articles"},
};

void qt_cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("quotetrack: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void qt_cli_warn_repairs(const qt_article *a)
{
    const qt_text_report *r = &a->report;
    const char *where = a->source ? a->source : a->id;
    if (r->invalid_bytes)
        qt_cli_error("warning: %s: %zu invalid UTF-8 byte%s replaced by U+FFFD "
                     "(first at byte offset %zu of the input text)",
                     where, r->invalid_bytes, r->invalid_bytes == 1 ? "" : "s",
                     r->first_invalid_at);
    if (r->nul_bytes)
        qt_cli_error("warning: %s: %zu NUL byte%s replaced by U+FFFD "
                     "(first at byte offset %zu of the input text)",
                     where, r->nul_bytes, r->nul_bytes == 1 ? "" : "s", r->first_nul_at);
    if (r->html_cut_line)
        qt_cli_error("warning: %s: elements nested deeper than the HTML parser's limit (256) "
                     "at line %zu: the page was read only up to there",
                     where, r->html_cut_line);
}

int qt_cli_exit_for(qt_status st)
{
    switch (st) {
    case QT_OK: return QT_EXIT_OK;
    case QT_ERR_USAGE: return QT_EXIT_USAGE;
    case QT_ERR_DB:
    case QT_ERR_BUSY:
    case QT_ERR_READONLY:
    case QT_ERR_SCHEMA: return QT_EXIT_DB;
    case QT_ERR_NOTFOUND: return QT_EXIT_NOTFOUND;
    default: return QT_EXIT_FAILURE;
    }
}

qt_patterns *qt_cli_load_patterns(const qt_cli_globals *g)
{
    qt_error err;
    qt_error_clear(&err);
    qt_patterns *pats = qt_patterns_load(g->patterns_dir, &err);
    if (!pats) qt_cli_error("%s", qt_error_message(&err));
    return pats;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: quotetrack [--db PATH] [--patterns DIR] [--quiet] COMMAND [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'quotetrack COMMAND --help' describes a command.\n");
}

int main(int argc, char **argv)
{
    qt_cli_globals g = {0};
    int rc = QT_EXIT_USAGE;
    int i = 1;

    g.prog = argv[0];
    qt_store_init();
    g.db_path = getenv("QUOTETRACK_DB");
    if (!g.db_path || !*g.db_path) g.db_path = "quotetrack.db";

    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            g.db_path = argv[++i];
        } else if (strcmp(argv[i], "--patterns") == 0 && i + 1 < argc) {
            g.patterns_dir = argv[++i];
        } else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
            g.quiet = 1;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            rc = QT_EXIT_OK;
            goto cleanup;
        } else {
            qt_cli_error("unknown global option '%s'", argv[i]);
            usage(stderr);
            goto cleanup;
        }
    }
    if (i >= argc) {
        usage(stderr);
        goto cleanup;
    }
    for (size_t c = 0; c < sizeof commands / sizeof *commands; c++) {
        if (strcmp(argv[i], commands[c].name) == 0) {
            rc = commands[c].run(argc - i, argv + i, &g);
            goto cleanup;
        }
    }
    qt_cli_error("unknown command '%s'", argv[i]);
    usage(stderr);

cleanup:
    /* A full disk or closed pipe shows up here, not at each printf. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        qt_cli_error("error writing standard output");
        if (rc == QT_EXIT_OK) rc = QT_EXIT_FAILURE;
    }
    return rc;
}
