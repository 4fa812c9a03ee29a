/*
 * cmd_speakers.c - `quotetrack speakers` (list speakers with kind, aliases,
 * quote and outlet counts) and `quotetrack speaker` (curation: merge,
 * rename, alias add, split), which is recorded and applies to later ingests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lookup.h"

static void speakers_usage(FILE *out)
{
    fputs("usage: quotetrack [--db PATH] speakers [NAME] [--kind person|organization|group|\n"
          "           anonymous] [--limit N] [--format table|jsonl|csv]\n"
          "\n"
          "Speakers, most quoted first, with kind, aliases, number of quotes and of\n"
          "outlets quoting them.  NAME keeps speakers whose name or an alias contains\n"
          "it.  Named people and bodies are one speaker across articles; unnamed\n"
          "sources and groups are one speaker per article.\n",
          out);
}

static void speaker_usage(FILE *out)
{
    fputs("usage: quotetrack [--db PATH] speaker merge INTO FROM\n"
          "       quotetrack speaker rename NAME NEW_NAME\n"
          "       quotetrack speaker alias add NAME ALIAS\n"
          "       quotetrack speaker split NAME --article DOC [--as NEW_NAME]\n"
          "\n"
          "Curates speakers; every change is recorded (table curation) and applies\n"
          "to later ingests: a merged or aliased name keeps going to its speaker, and\n"
          "a split article keeps its quotes apart.  A speaker is named by its name,\n"
          "an alias, or #ID (the speaker_id 'speakers --format jsonl' shows).\n"
          "\n"
          "  merge    FROM's quotes, aliases and name join INTO; FROM disappears\n"
          "  rename   NAME is called NEW_NAME (the old name stays an alias)\n"
          "  alias    ALIAS becomes another name of NAME\n"
          "  split    undoes a wrong merge for one article: NAME's quotes in DOC move\n"
          "           to NEW_NAME (default \"NAME (DOC)\")\n"
          "\n"
          "Exit status: 0 ok; 5 no such speaker or article; 2 bad usage or an\n"
          "ambiguous name; 4 database error.\n",
          out);
}

typedef struct {
    qt_cli_format format;
    qt_table *table;
    size_t rows;
} speakers_out;

static const qt_table_col speaker_cols[] = {
    {"speaker", 7, 30, 0}, {"kind", 4, 12, 0}, {"quotes", 6, 7, 0},
    {"outlets", 7, 7, 0},  {"aliases", 7, 0, 1},
};

static qt_status speaker_row(const qt_speaker_row *r, void *ctx, qt_error *err)
{
    speakers_out *o = ctx;
    o->rows++;
    char quotes[24], outlets[24], id[24];
    snprintf(quotes, sizeof quotes, "%ld", r->quotes);
    snprintf(outlets, sizeof outlets, "%ld", r->outlets);
    snprintf(id, sizeof id, "%lld", (long long)r->speaker_id);
    size_t len = 1;
    for (size_t i = 0; i < r->alias_count; i++) len += strlen(r->aliases[i]) + 3;
    char *joined = malloc(len);
    if (!joined) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    joined[0] = '\0';
    for (size_t i = 0; i < r->alias_count; i++) {
        if (i) strcat(joined, " | ");
        strcat(joined, r->aliases[i]);
    }
    qt_status st = QT_OK;
    if (o->format == QT_FMT_TABLE) {
        const char *cells[] = {r->name, r->kind, quotes, outlets, joined};
        st = qt_table_add(o->table, cells, err);
    } else if (o->format == QT_FMT_CSV) {
        qt_cell cells[] = {{"speaker_id", id}, {"speaker", r->name}, {"speaker_kind", r->kind},
                           {"title", r->title}, {"aliases", joined},   {"quotes", quotes},
                           {"outlets", outlets}};
        size_t n = sizeof cells / sizeof *cells;
        if (o->rows == 1) st = qt_csv_header(stdout, cells, n, err);
        if (st == QT_OK) st = qt_csv_row(stdout, cells, n, err);
    } else {
        json_object *obj = json_object_new_object(), *al = json_object_new_array();
        int bad = !obj || !al;
        for (size_t i = 0; !bad && i < r->alias_count; i++)
            bad = json_object_array_add(al, json_object_new_string(r->aliases[i])) != 0;
        if (!bad) {
            json_object_object_add(obj, "speaker_id", json_object_new_int64(r->speaker_id));
            json_object_object_add(obj, "speaker", json_object_new_string(r->name));
            json_object_object_add(obj, "speaker_kind", json_object_new_string(r->kind));
            json_object_object_add(obj, "title",
                                   r->title ? json_object_new_string(r->title) : NULL);
            json_object_object_add(obj, "aliases", al);
            al = NULL;
            json_object_object_add(obj, "quotes", json_object_new_int64(r->quotes));
            json_object_object_add(obj, "outlets", json_object_new_int64(r->outlets));
            st = qt_out_json_line(stdout, obj, err);
        } else {
            st = qt_error_set(err, QT_ERR_NOMEM, "out of memory");
        }
        json_object_put(al);
        json_object_put(obj);
    }
    free(joined);
    return st;
}

int qt_cmd_speakers(int argc, char **argv, const qt_cli_globals *g)
{
    qt_query q = {0};
    speakers_out o = {0};
    const char *name = NULL, *v;
    qt_error err;
    qt_error_clear(&err);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            speakers_usage(stdout);
            return QT_EXIT_OK;
        } else if ((v = qt_cli_option(argc, argv, &i, "--kind")) != NULL) {
            q.speaker_kind = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--limit")) != NULL) {
            q.limit = strtol(v, NULL, 10);
            if (q.limit <= 0) {
                qt_cli_error("speakers: --limit must be a positive number");
                return QT_EXIT_USAGE;
            }
        } else if ((v = qt_cli_option(argc, argv, &i, "--format")) != NULL) {
            if (!(o.format = qt_cli_format_parse("speakers", v))) return QT_EXIT_USAGE;
        } else if (argv[i][0] != '-' && !name) {
            name = argv[i];
        } else {
            qt_cli_error("speakers: unexpected argument '%s'", argv[i]);
            speakers_usage(stderr);
            return QT_EXIT_USAGE;
        }
    }
    int rc = QT_EXIT_FAILURE;
    qt_store *s = qt_cli_open_store(g, QT_STORE_READONLY, &rc);
    if (!s) return rc;
    o.format = qt_cli_format_resolve(o.format);
    if (o.format == QT_FMT_TABLE) {
        o.table = qt_table_new(stdout, speaker_cols, sizeof speaker_cols / sizeof *speaker_cols, 0);
        if (!o.table) {
            qt_store_close(s);
            qt_cli_error("out of memory");
            return QT_EXIT_FAILURE;
        }
    }
    qt_status st = qt_store_speakers(s, name, &q, speaker_row, &o, &err);
    if (st == QT_OK && o.table) st = qt_table_flush(o.table, &err);
    if (st != QT_OK) {
        qt_cli_error("%s", qt_error_message(&err));
        rc = qt_cli_exit_for(st);
    } else {
        if (o.table && !o.rows) printf("no speakers found\n");
        rc = QT_EXIT_OK;
    }
    qt_table_free(o.table);
    qt_store_close(s);
    return rc;
}

int qt_cmd_speaker(int argc, char **argv, const qt_cli_globals *g)
{
    qt_error err;
    qt_error_clear(&err);
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        speaker_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? QT_EXIT_USAGE : QT_EXIT_OK;
    }
    const char *op = argv[1];
    const char *a = NULL, *b = NULL, *doc = NULL, *as = NULL;
    if (strcmp(op, "merge") == 0 || strcmp(op, "rename") == 0) {
        if (argc != 4) goto usage;
        a = argv[2];
        b = argv[3];
    } else if (strcmp(op, "alias") == 0) {
        if (argc != 5 || strcmp(argv[2], "add") != 0) goto usage;
        a = argv[3];
        b = argv[4];
    } else if (strcmp(op, "split") == 0) {
        const char *v;
        for (int i = 2; i < argc; i++) {
            if ((v = qt_cli_option(argc, argv, &i, "--article")) != NULL) doc = v;
            else if ((v = qt_cli_option(argc, argv, &i, "--as")) != NULL) as = v;
            else if (argv[i][0] != '-' && !a) a = argv[i];
            else goto usage;
        }
        if (!a || !doc) goto usage;
    } else {
        goto usage;
    }
    int rc = QT_EXIT_FAILURE;
    qt_store *s = qt_cli_open_store(g, 0, &rc);
    if (!s) return rc;
    qt_status st;
    if (strcmp(op, "merge") == 0) st = qt_store_speaker_merge(s, a, b, &err);
    else if (strcmp(op, "rename") == 0) st = qt_store_speaker_rename(s, a, b, &err);
    else if (strcmp(op, "alias") == 0) st = qt_store_speaker_alias(s, a, b, &err);
    else st = qt_store_speaker_split(s, a, doc, as, &err);
    qt_store_close(s);
    if (st != QT_OK) {
        qt_cli_error("speaker %s: %s", op, qt_error_message(&err));
        return qt_cli_exit_for(st);
    }
    if (strcmp(op, "merge") == 0) printf("merged '%s' into '%s'\n", b, a);
    else if (strcmp(op, "rename") == 0) printf("renamed '%s' to '%s'\n", a, b);
    else if (strcmp(op, "alias") == 0) printf("'%s' is now an alias of '%s'\n", b, a);
    else printf("split the quotes of '%s' in '%s' off to '%s'\n", a, doc, as ? as : "a new speaker");
    return QT_EXIT_OK;
usage:
    qt_cli_error("speaker: bad arguments");
    speaker_usage(stderr);
    return QT_EXIT_USAGE;
}
