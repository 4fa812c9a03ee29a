/*
 * cmd_scan.c - `quotetrack scan`: find and attribute the quotes of articles
 * and print them, one JSON object per quote or as a table.
 *
 * Bad input never stops the run: a file that cannot be read or a malformed
 * JSON line is reported (naming the file, and the line) and skipped, and the
 * command exits QT_EXIT_PARTIAL at the end so scripts notice.  Text that is
 * not clean UTF-8 is scanned after normalisation, with a warning saying where
 * the first bad byte was.  Only out-of-memory and write errors stop the run.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "output.h"
#include "qt_article.h"
#include "qt_html.h"
#include "qt_input.h"
#include "qt_scan.h"

typedef enum { FORMAT_AUTO, FORMAT_JSONL, FORMAT_TABLE } output_format;

/* State shared by every article of one run. */
typedef struct {
    const qt_cli_globals *g;
    qt_scanner *scanner;
    output_format format;
    qt_table *table;        /* FORMAT_TABLE only */
    qt_jsonl_writer *json;  /* FORMAT_JSONL only */
    size_t articles;
    size_t quotes;
    int partial;            /* some input was skipped */
} scan_run;

static const qt_table_col table_cols[] = {
    {"doc", 3, 28, QT_COL_KEEP_END},
    {"kind", 4, 8, 0},
    {"speaker", 7, 24, 0},
    {"text", 20, 0, QT_COL_FILL},
};

static void scan_usage(FILE *out)
{
    fputs("usage: quotetrack scan [--input text|jsonl|html] [--format jsonl|table] FILE...\n"
          "\n"
          "Finds direct quotes, partial quotes and reported claims in each article\n"
          "and attributes them to a canonical speaker.  FILE '-' is standard input.\n"
          "\n"
          "  --input text    each FILE is one plain-text article whose id is its path\n"
          "                  (the default, except for the extensions below)\n"
          "  --input jsonl   each FILE holds one JSON object per line:\n"
          "                  {\"id\", \"text\"} plus optional \"title\", \"outlet\", \"url\",\n"
          "                  \"published\", \"byline\"; read line by line in constant memory\n"
          "                  (the default for .jsonl and .ndjson)\n"
          "  --input html    each FILE is a web page: its article text is extracted as\n"
          "                  ingest does (the default for .html, .htm and .xhtml);\n"
          "                  offsets refer to the extracted text\n"
          "  --format jsonl  one JSON object per quote (the default when standard output\n"
          "                  is not a terminal): doc, kind, text, start, end, char_start,\n"
          "                  char_end, speaker, speaker_kind, speaker_mention,\n"
          "                  speaker_start, speaker_end, speaker_char_start,\n"
          "                  speaker_char_end, cue, confidence, rule, parent\n"
          "  --format table  aligned columns doc, kind, speaker, text (the default on a\n"
          "                  terminal)\n"
          "\n"
          "Offsets are into the normalised text (BOM dropped, CRLF turned into LF,\n"
          "invalid UTF-8 and NUL bytes replaced by U+FFFD): start/end in bytes,\n"
          "char_start/char_end in code points, end exclusive.\n"
          "\n"
          "Exit status: 0 on success; 3 when some files or lines were skipped (each is\n"
          "reported); 1 on a runtime error; 2 on a bad command line.\n",
          out);
}

static qt_status emit_quote(scan_run *run, const qt_article *a, const qt_scan_result *res,
                            size_t i, qt_error *err)
{
    if (run->format == FORMAT_TABLE) {
        const qt_quote *q = &res->quotes[i];
        const char *speaker = "-";
        if (q->speaker >= 0 && (size_t)q->speaker < res->speaker_count)
            speaker = res->speakers[q->speaker].name;
        const char *cells[] = {a->id, qt_kind_name(q->kind), speaker, q->text};
        return qt_table_add(run->table, cells, err);
    }
    return qt_jsonl_writer_put(run->json, stdout, a->id, res, i, err);
}

/* Scans one article and writes its quotes.  Fails only on out of memory or
 * a write error, which end the run. */
static qt_status scan_one(scan_run *run, const qt_article *a, qt_error *err)
{
    qt_scan_result *res = NULL;
    qt_status st;

    if (!run->g->quiet) qt_cli_warn_repairs(a);
    QT_CHECK(st, qt_scan_article(run->scanner, a, &res, err), done);
    for (size_t i = 0; i < res->count; i++) {
        if (res->quotes[i].parent >= 0) continue; /* printed inside its claim */
        QT_CHECK(st, emit_quote(run, a, res, i, err), done);
        run->quotes++;
    }
    run->articles++;
done:
    qt_scan_result_free(res);
    return st;
}

/* Errors that concern one input only: report, skip it, keep going. */
static int skippable(qt_status st)
{
    return st == QT_ERR_IO || st == QT_ERR_INPUT || st == QT_ERR_LIMIT;
}

static qt_status scan_text_file(scan_run *run, const char *path, int html, qt_error *err)
{
    qt_article *a = NULL;
    qt_status st = html ? qt_read_html_file(path, &a, err) : qt_read_text_file(path, &a, err);
    if (st == QT_OK) {
        st = scan_one(run, a, err);
        qt_article_free(a);
        return st;
    }
    if (!skippable(st)) return st;
    qt_cli_error("%s", qt_error_message(err));
    run->partial = 1;
    return QT_OK;
}

static qt_status scan_jsonl_file(scan_run *run, const char *path, qt_error *err)
{
    qt_jsonl_reader *r = qt_jsonl_open(path, err);
    qt_status st = QT_OK;
    if (!r) {
        if (err->code == QT_ERR_NOMEM) return QT_ERR_NOMEM;
        qt_cli_error("%s", qt_error_message(err));
        run->partial = 1;
        return QT_OK;
    }
    for (;;) {
        qt_article *a = NULL;
        st = qt_jsonl_next(r, &a, err);
        if (st == QT_OK && !a) break; /* end of this file */
        if (st == QT_OK) {
            st = scan_one(run, a, err);
            qt_article_free(a);
            if (st != QT_OK) break;
            continue;
        }
        if (!skippable(st)) break;
        qt_cli_error("%s", qt_error_message(err));
        run->partial = 1;
        /* The reader has moved past a malformed line, so go on; after a read
         * error there is nothing more to be had from this file. */
        if (st == QT_ERR_IO) {
            st = QT_OK;
            break;
        }
        st = QT_OK;
    }
    qt_jsonl_close(r);
    return st;
}

/* Accepts "--name VALUE" and "--name=VALUE"; returns the value or NULL. */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0) return NULL;
    if (argv[*i][n] == '=') return argv[*i] + n + 1;
    if (argv[*i][n] == '\0' && *i + 1 < argc) return argv[++*i];
    return NULL;
}

int qt_cmd_scan(int argc, char **argv, const qt_cli_globals *g)
{
    scan_run run = {0};
    qt_input_format input = QT_INPUT_AUTO;
    qt_patterns *pats = NULL;
    qt_error err;
    qt_status st = QT_OK;
    int rc = QT_EXIT_USAGE;
    int nfiles = 0;
    const char *v;

    qt_error_clear(&err);
    run.g = g;
    /* Options may come before or after the files (until "--"); the files are
     * gathered in order at argv[1..nfiles], which only ever moves an
     * argument towards the front, over ones already read. */
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0) {
            while (++i < argc) argv[1 + nfiles++] = argv[i];
            break;
        }
        if (arg[0] != '-' || strcmp(arg, "-") == 0) {
            argv[1 + nfiles++] = argv[i];
        } else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            scan_usage(stdout);
            rc = QT_EXIT_OK;
            goto cleanup;
        } else if ((v = option_value(argc, argv, &i, "--input")) != NULL) {
            input = qt_input_format_parse(v);
            if (input == QT_INPUT_AUTO) {
                qt_cli_error("scan: --input must be 'text', 'jsonl' or 'html', not '%s'", v);
                goto cleanup;
            }
        } else if ((v = option_value(argc, argv, &i, "--format")) != NULL) {
            if (strcmp(v, "jsonl") == 0) run.format = FORMAT_JSONL;
            else if (strcmp(v, "table") == 0) run.format = FORMAT_TABLE;
            else {
                qt_cli_error("scan: --format must be 'jsonl' or 'table', not '%s'", v);
                goto cleanup;
            }
        } else {
            qt_cli_error("scan: unknown option '%s'", arg);
            scan_usage(stderr);
            goto cleanup;
        }
    }
    if (nfiles == 0) {
        qt_cli_error("scan: no input files (use - for standard input)");
        scan_usage(stderr);
        goto cleanup;
    }
    if (run.format == FORMAT_AUTO)
        run.format = isatty(STDOUT_FILENO) ? FORMAT_TABLE : FORMAT_JSONL;

    rc = QT_EXIT_FAILURE;
    pats = qt_cli_load_patterns(g);
    if (!pats) goto cleanup;
    run.scanner = qt_scanner_create(pats, &err);
    if (!run.scanner) {
        qt_cli_error("%s", qt_error_message(&err));
        goto cleanup;
    }
    if (run.format == FORMAT_TABLE) {
        run.table = qt_table_new(stdout, table_cols, sizeof table_cols / sizeof *table_cols, 0);
        if (!run.table) {
            qt_cli_error("out of memory");
            goto cleanup;
        }
    } else if (!(run.json = qt_jsonl_writer_new())) {
        qt_cli_error("out of memory");
        goto cleanup;
    }

    for (int f = 1; f <= nfiles && st == QT_OK; f++) {
        qt_input_format fmt = input ? input : qt_input_format_for(argv[f]);
        st = fmt == QT_INPUT_JSONL ? scan_jsonl_file(&run, argv[f], &err)
                                   : scan_text_file(&run, argv[f], fmt == QT_INPUT_HTML, &err);
    }
    if (st == QT_OK && run.table) {
        st = qt_table_flush(run.table, &err);
        if (st == QT_OK)
            printf("%s%zu quote%s in %zu article%s\n", qt_table_rows(run.table) ? "\n" : "",
                   run.quotes, run.quotes == 1 ? "" : "s", run.articles,
                   run.articles == 1 ? "" : "s");
    }
    if (st != QT_OK) {
        qt_cli_error("%s", qt_error_message(&err));
        rc = qt_cli_exit_for(st);
        goto cleanup;
    }
    rc = run.partial ? QT_EXIT_PARTIAL : QT_EXIT_OK;

cleanup:
    qt_table_free(run.table);
    qt_jsonl_writer_free(run.json);
    qt_scanner_free(run.scanner);
    qt_patterns_free(pats);
    return rc;
}
