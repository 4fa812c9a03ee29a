/*
 * cmd_lookup.c - `quotetrack who NAME` and `quotetrack search TEXT`: quotes
 * from the store with who said them, where and when.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lookup.h"

static void who_usage(FILE *out)
{
    fputs("usage: quotetrack [--db PATH] who NAME [--kind direct|partial|indirect]\n"
          "           [--speaker-kind person|organization|group|anonymous]\n"
          "           [--since DATE] [--until DATE] [--outlet NAME] [--limit N]\n"
          "           [--format table|jsonl|csv]\n"
          "       quotetrack who --speaker-kind anonymous [filters]\n"
          "\n"
          "Every quote and reported claim by the speaker called NAME (its canonical\n"
          "name or any alias, case-insensitive), in publication order, with outlet,\n"
          "date and article.  Without NAME, --speaker-kind lists the quotes of every\n"
          "speaker of that kind (e.g. all unnamed sources).  --until is inclusive.\n"
          "\n"
          "Exit status: 0 ok; 5 no such speaker; 4 database error; 2 bad usage.\n",
          out);
}

static void search_usage(FILE *out)
{
    fputs("usage: quotetrack [--db PATH] search TEXT... [--kind K] [--speaker-kind K]\n"
          "           [--speaker NAME] [--since DATE] [--until DATE] [--outlet NAME]\n"
          "           [--limit N (50)] [--format table|jsonl|csv]\n"
          "\n"
          "Full-text search over the stored quote texts, best match (BM25) first.\n"
          "Every word must occur (stemmed: 'deploy' finds 'deployed'); \"a phrase\"\n"
          "matches the words in order; word* matches a prefix.  Anything else in TEXT\n"
          "(operators, brackets, SQL) is just text.  --speaker keeps the quotes of\n"
          "one speaker (a name, an alias or #ID, as `who` takes it).\n"
          "\n"
          "Exit status: 0 ok (also with no match); 5 no such speaker; 4 database\n"
          "error; 2 bad usage.\n",
          out);
}

typedef struct {
    qt_query q;
    qt_cli_format format;
    char *text;       /* NAME or the search words joined */
    int help;
} lookup_args;

/* Parses the shared options; the rest are joined into args->text. */
static int parse(const char *cmd, int argc, char **argv, lookup_args *a)
{
    const char *v;
    size_t len = 0;
    int only_text = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!only_text && strcmp(arg, "--") == 0) {
            only_text = 1;
            continue;
        }
        if (!only_text && (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)) {
            a->help = 1;
            return QT_EXIT_OK;
        }
        if (only_text || arg[0] != '-' || arg[1] == '\0') {
            size_t n = strlen(arg);
            char *t = realloc(a->text, len + n + 2);
            if (!t) return QT_EXIT_FAILURE;
            if (len) t[len++] = ' ';
            memcpy(t + len, arg, n + 1);
            len += n;
            a->text = t;
        } else if ((v = qt_cli_option(argc, argv, &i, "--kind")) != NULL) {
            if (strcmp(v, "direct") && strcmp(v, "partial") && strcmp(v, "indirect")) {
                qt_cli_error("%s: --kind must be direct, partial or indirect", cmd);
                return QT_EXIT_USAGE;
            }
            a->q.quote_kind = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--speaker-kind")) != NULL) {
            if (strcmp(v, "person") && strcmp(v, "organization") && strcmp(v, "group") &&
                strcmp(v, "anonymous") && strcmp(v, "unknown")) {
                qt_cli_error("%s: --speaker-kind must be person, organization, group or "
                             "anonymous",
                             cmd);
                return QT_EXIT_USAGE;
            }
            a->q.speaker_kind = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--since")) != NULL) {
            a->q.since = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--until")) != NULL) {
            a->q.until = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--outlet")) != NULL) {
            a->q.outlet = v;
        } else if (strcmp(cmd, "search") == 0 &&
                   (v = qt_cli_option(argc, argv, &i, "--speaker")) != NULL) {
            a->q.speaker = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--limit")) != NULL) {
            char *end;
            a->q.limit = strtol(v, &end, 10);
            if (*end || a->q.limit <= 0) {
                qt_cli_error("%s: --limit must be a positive number", cmd);
                return QT_EXIT_USAGE;
            }
        } else if ((v = qt_cli_option(argc, argv, &i, "--format")) != NULL) {
            a->format = qt_cli_format_parse(cmd, v);
            if (!a->format) return QT_EXIT_USAGE;
        } else {
            qt_cli_error("%s: unknown option '%s'", cmd, arg);
            return QT_EXIT_USAGE;
        }
    }
    return QT_EXIT_OK;
}

static int run_lookup(const char *cmd, int argc, char **argv, const qt_cli_globals *g,
                      int is_search)
{
    lookup_args a = {0};
    qt_error err;
    qt_error_clear(&err);
    int rc = parse(cmd, argc, argv, &a);
    qt_store *s = NULL;
    qt_quote_writer *w = NULL;
    if (rc != QT_EXIT_OK || a.help) {
        if (a.help || rc == QT_EXIT_USAGE) (is_search ? search_usage : who_usage)(a.help ? stdout : stderr);
        goto done;
    }
    if (!a.text && !(!is_search && a.q.speaker_kind)) {
        qt_cli_error(is_search ? "search: what should I search for?" : "who: give a NAME");
        (is_search ? search_usage : who_usage)(stderr);
        rc = QT_EXIT_USAGE;
        goto done;
    }
    s = qt_cli_open_store(g, QT_STORE_READONLY, &rc);
    if (!s) goto done;
    w = qt_quote_writer_new(a.format, is_search);
    if (!w) {
        qt_cli_error("out of memory");
        rc = QT_EXIT_FAILURE;
        goto done;
    }
    size_t matched = 0;
    qt_status st = is_search ? qt_store_search(s, a.text, &a.q, qt_quote_writer_row, w, &err)
                             : qt_store_who(s, a.text, &a.q, qt_quote_writer_row, w, &matched,
                                            &err);
    if (st == QT_OK) st = qt_quote_writer_finish(w, &err);
    if (st != QT_OK) {
        qt_cli_error("%s", qt_error_message(&err));
        rc = qt_cli_exit_for(st);
        goto done;
    }
    if (matched > 1 && !g->quiet)
        qt_cli_error("note: '%s' names %zu speakers; showing all of them "
                     "('quotetrack speakers %s' tells them apart)",
                     a.text, matched, a.text);
    int filtered = a.q.quote_kind || a.q.speaker_kind || a.q.since || a.q.until || a.q.outlet ||
                   a.q.speaker;
    long found = 0;
    if (is_search && !filtered && !g->quiet &&
        qt_store_search_count(s, a.text, QT_SEARCH_WINDOW + 1L, &found, &err) == QT_OK &&
        found > QT_SEARCH_WINDOW)
        qt_cli_error("note: more than %d quotes match '%s'; these are the best of the %d "
                     "stored last (add words, or a filter such as --since, to rank them all)",
                     QT_SEARCH_WINDOW, a.text, QT_SEARCH_WINDOW);
    if (qt_cli_format_resolve(a.format) == QT_FMT_TABLE && !qt_quote_writer_rows(w))
        printf("no quotes found\n");
    rc = QT_EXIT_OK;
done:
    qt_quote_writer_free(w);
    qt_store_close(s);
    free(a.text);
    return rc;
}

int qt_cmd_who(int argc, char **argv, const qt_cli_globals *g)
{
    return run_lookup("who", argc, argv, g, 0);
}

int qt_cmd_search(int argc, char **argv, const qt_cli_globals *g)
{
    return run_lookup("search", argc, argv, g, 1);
}
