/*
 * cli.h - what the quotetrack commands share: global options, exit codes and
 * the command table.  Each command lives in its own cmd_*.c file and returns
 * one of the exit codes below; only main() exits.
 */
#ifndef QT_CLI_H
#define QT_CLI_H

#include <stdio.h>

#include "qt_article.h"
#include "qt_error.h"
#include "qt_patterns.h"

/* Exit codes, documented in the README. */
enum {
    QT_EXIT_OK = 0,       /* everything worked */
    QT_EXIT_FAILURE = 1,  /* a runtime error stopped the command */
    QT_EXIT_USAGE = 2,    /* bad command line */
    QT_EXIT_PARTIAL = 3,  /* finished, but some inputs were skipped (each reported) */
    QT_EXIT_DB = 4,       /* the database could not be opened, was busy or read-only */
    QT_EXIT_NOTFOUND = 5  /* the thing asked for does not exist */
};

typedef struct {
    const char *db_path;       /* --db, $QUOTETRACK_DB or ./quotetrack.db */
    const char *patterns_dir;  /* --patterns DIR, or NULL for the embedded set */
    int quiet;                 /* --quiet: no warnings or progress */
    const char *prog;          /* argv[0] for messages */
} qt_cli_globals;

typedef int (*qt_cli_command_fn)(int argc, char **argv, const qt_cli_globals *g);

typedef struct {
    const char *name;
    qt_cli_command_fn run;
    const char *summary;
} qt_cli_command;

/* Prints "quotetrack: <message>" to stderr. */
void qt_cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Tells the user, on stderr and once per article, what reading it had to
 * repair or leave out: invalid UTF-8 and NUL bytes replaced, an HTML page
 * cut at the parser's nesting limit. */
void qt_cli_warn_repairs(const qt_article *a);

/* Maps a library status to an exit code. */
int qt_cli_exit_for(qt_status st);

/* Loads patterns per the globals, printing the error; NULL on failure. */
qt_patterns *qt_cli_load_patterns(const qt_cli_globals *g);

int qt_cmd_scan(int argc, char **argv, const qt_cli_globals *g);
/* The store commands (cmd_ingest.c, cmd_lookup.c, cmd_speakers.c, cmd_articles.c). */
int qt_cmd_ingest(int argc, char **argv, const qt_cli_globals *g);
int qt_cmd_who(int argc, char **argv, const qt_cli_globals *g);
int qt_cmd_search(int argc, char **argv, const qt_cli_globals *g);
int qt_cmd_speakers(int argc, char **argv, const qt_cli_globals *g);
int qt_cmd_speaker(int argc, char **argv, const qt_cli_globals *g);
int qt_cmd_articles(int argc, char **argv, const qt_cli_globals *g);
int qt_cmd_show(int argc, char **argv, const qt_cli_globals *g);
/* Reports and ratings (cmd_export.c). */
int qt_cmd_export(int argc, char **argv, const qt_cli_globals *g);
int qt_cmd_rate(int argc, char **argv, const qt_cli_globals *g);
/* Quote families (cmd_trace.c). */
int qt_cmd_trace(int argc, char **argv, const qt_cli_globals *g);
int qt_cmd_conflicts(int argc, char **argv, const qt_cli_globals *g);
/* Article reuse (cmd_reuse.c). */
int qt_cmd_reuse(int argc, char **argv, const qt_cli_globals *g);

#endif
