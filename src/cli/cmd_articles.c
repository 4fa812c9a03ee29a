/*
 * cmd_articles.c - `quotetrack articles` (one line per stored article) and
 * `quotetrack show ARTICLE` (its text with the quotes marked and attributed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lookup.h"

static void articles_usage(FILE *out)
{
    fputs("usage: quotetrack [--db PATH] articles [--outlet NAME] [--since DATE]\n"
          "           [--until DATE] [--all] [--limit N] [--format table|jsonl|csv]\n"
          "\n"
          "One line per stored article, in publication order (undated articles by\n"
          "ingest time), with metadata and quote count.  --all adds earlier\n"
          "revisions.\n",
          out);
}

static void show_usage(FILE *out)
{
    fputs("usage: quotetrack [--db PATH] show ARTICLE [--format table|jsonl|csv]\n"
          "\n"
          "The stored text of ARTICLE (its id, its URL or #ARTICLE_ID) with each quote\n"
          "marked [Qn> ... <Qn] and listed with its speaker.  jsonl gives one object\n"
          "with the article's fields, its text and its quotes; csv the quotes only.\n"
          "\n"
          "Exit status: 0 ok; 5 no such article; 4 database error.\n",
          out);
}

typedef struct {
    qt_cli_format format;
    qt_table *table;
    size_t rows;
} articles_out;

static const qt_table_col article_cols[] = {
    {"published", 9, 10, 0}, {"outlet", 6, 18, 0}, {"doc", 3, 30, 0},
    {"rev", 3, 3, 0},        {"quotes", 6, 6, 0},  {"title", 5, 0, 1},
};

static json_object *article_json(const qt_article_row *r)
{
    json_object *o = json_object_new_object();
    if (!o) return NULL;
#define S(k, v) json_object_object_add(o, k, (v) ? json_object_new_string(v) : NULL)
#define I(k, v) json_object_object_add(o, k, json_object_new_int64(v))
    S("doc", r->doc);
    I("article_id", r->article_id);
    S("url", r->url);
    S("title", r->title);
    S("outlet", r->outlet);
    S("byline", r->byline);
    S("published", r->published);
    S("published_raw", r->published_raw);
    json_object_object_add(o, "undated", json_object_new_boolean(r->published == NULL));
    S("ingested_at", r->ingested_at);
    I("revision", r->revision);
    json_object_object_add(o, "current", json_object_new_boolean(r->is_current));
    S("copy_of", r->copy_of_doc);
    S("hash", r->hash);
    I("bytes", r->bytes);
    I("quotes", r->quotes);
#undef S
#undef I
    return o;
}

static qt_status article_row(const qt_article_row *r, void *ctx, qt_error *err)
{
    articles_out *o = ctx;
    o->rows++;
    char date[11] = "undated", rev[16], quotes[24], id[24], bytes[24];
    if (r->published) snprintf(date, sizeof date, "%.10s", r->published);
    snprintf(rev, sizeof rev, "%d", r->revision);
    snprintf(quotes, sizeof quotes, "%ld", r->quotes);
    snprintf(id, sizeof id, "%lld", (long long)r->article_id);
    snprintf(bytes, sizeof bytes, "%ld", r->bytes);
    if (o->format == QT_FMT_TABLE) {
        const char *cells[] = {date, r->outlet ? r->outlet : "-", r->doc, rev, quotes,
                               r->title ? r->title : (r->copy_of_doc ? "(copy)" : "")};
        return qt_table_add(o->table, cells, err);
    }
    if (o->format == QT_FMT_CSV) {
        qt_cell cells[] = {{"article_id", id},     {"doc", r->doc},
                           {"url", r->url},        {"title", r->title},
                           {"outlet", r->outlet},  {"byline", r->byline},
                           {"published", r->published}, {"ingested_at", r->ingested_at},
                           {"revision", rev},      {"copy_of", r->copy_of_doc},
                           {"bytes", bytes},       {"quotes", quotes}};
        size_t n = sizeof cells / sizeof *cells;
        if (o->rows == 1) QT_TRY(qt_csv_header(stdout, cells, n, err));
        return qt_csv_row(stdout, cells, n, err);
    }
    json_object *obj = article_json(r);
    if (!obj) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    qt_status st = qt_out_json_line(stdout, obj, err);
    json_object_put(obj);
    return st;
}

int qt_cmd_articles(int argc, char **argv, const qt_cli_globals *g)
{
    qt_query q = {0};
    articles_out o = {0};
    int all = 0;
    const char *v;
    qt_error err;
    qt_error_clear(&err);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            articles_usage(stdout);
            return QT_EXIT_OK;
        } else if (strcmp(argv[i], "--all") == 0) {
            all = 1;
        } else if ((v = qt_cli_option(argc, argv, &i, "--outlet")) != NULL) {
            q.outlet = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--since")) != NULL) {
            q.since = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--until")) != NULL) {
            q.until = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--limit")) != NULL) {
            q.limit = strtol(v, NULL, 10);
        } else if ((v = qt_cli_option(argc, argv, &i, "--format")) != NULL) {
            if (!(o.format = qt_cli_format_parse("articles", v))) return QT_EXIT_USAGE;
        } else {
            qt_cli_error("articles: unexpected argument '%s'", argv[i]);
            articles_usage(stderr);
            return QT_EXIT_USAGE;
        }
    }
    int rc = QT_EXIT_FAILURE;
    qt_store *s = qt_cli_open_store(g, QT_STORE_READONLY, &rc);
    if (!s) return rc;
    o.format = qt_cli_format_resolve(o.format);
    if (o.format == QT_FMT_TABLE &&
        !(o.table = qt_table_new(stdout, article_cols, sizeof article_cols / sizeof *article_cols,
                                 0))) {
        qt_store_close(s);
        qt_cli_error("out of memory");
        return QT_EXIT_FAILURE;
    }
    qt_status st = qt_store_articles(s, &q, all, article_row, &o, &err);
    if (st == QT_OK && o.table) st = qt_table_flush(o.table, &err);
    if (st != QT_OK) {
        qt_cli_error("%s", qt_error_message(&err));
        rc = qt_cli_exit_for(st);
    } else {
        if (o.table && !o.rows) printf("no articles stored\n");
        rc = QT_EXIT_OK;
    }
    qt_table_free(o.table);
    qt_store_close(s);
    return rc;
}

/* ---- show --------------------------------------------------------------- */

typedef struct {
    size_t start, end;
    int n;
} mark;

typedef struct {
    qt_cli_format format;
    json_object *article;   /* jsonl */
    json_object *quotes;    /* jsonl */
    char *text;             /* table: the article text */
    size_t len;
    mark *marks;
    size_t nmarks;
    char **lines;           /* table: the attribution lines */
    qt_quote_writer *csv;
} show_ctx;

static qt_status show_article(const qt_article_row *r, void *ctx, qt_error *err)
{
    show_ctx *c = ctx;
    if (c->format == QT_FMT_JSONL) {
        c->article = article_json(r);
        c->quotes = json_object_new_array();
        if (!c->article || !c->quotes) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
        json_object_object_add(c->article, "text", json_object_new_string(r->text ? r->text : ""));
        return QT_OK;
    }
    if (c->format == QT_FMT_CSV) return QT_OK;
    printf("%s (article #%lld, revision %d%s)\n", r->doc, (long long)r->article_id, r->revision,
           r->is_current ? "" : ", superseded");
    if (r->title) printf("title:     %s\n", r->title);
    printf("outlet:    %s\n", r->outlet ? r->outlet : "-");
    printf("published: %s\n", r->published ? r->published : "undated");
    if (r->url) printf("url:       %s\n", r->url);
    if (r->byline) printf("byline:    %s\n", r->byline);
    if (r->copy_of_doc) printf("copy of:   %s\n", r->copy_of_doc);
    printf("\n");
    c->text = strdup(r->text ? r->text : "");
    if (!c->text) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    c->len = strlen(c->text);
    return QT_OK;
}

static qt_status show_quote(const qt_quote_row *r, void *ctx, qt_error *err)
{
    show_ctx *c = ctx;
    if (c->format == QT_FMT_CSV) return qt_quote_writer_row(r, c->csv, err);
    if (c->format == QT_FMT_JSONL) {
        json_object *obj = NULL;
        QT_TRY(qt_quote_row_json(r, 0, &obj, err));
        json_object_array_add(c->quotes, obj);
        return QT_OK;
    }
    mark *m = realloc(c->marks, (c->nmarks + 1) * sizeof *m);
    char **l = realloc(c->lines, (c->nmarks + 1) * sizeof *l);
    if (m) c->marks = m;
    if (l) c->lines = l;
    if (!m || !l) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    int n = (int)c->nmarks + 1;
    c->marks[c->nmarks] = (mark){r->span.start, r->span.end, n};
    const char *sk = r->speaker_kind, *cue = r->cue_text;
    char *full = NULL;
    /* #quote_id is what trace takes. */
    if (asprintf(&full, "Q%d #%-5lld %-8s %s%s%s%s%s%s%s", n, (long long)r->quote_id,
                 qt_kind_name(r->kind), r->speaker ? r->speaker : "(no speaker)",
                 sk ? " [" : "", sk ? sk : "", sk ? "]" : "", cue ? ", cue \"" : "",
                 cue ? cue : "", cue ? "\"" : "") < 0)
        return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    c->lines[c->nmarks++] = full;
    return QT_OK;
}

/* Writes the text with [Qn> before and <Qn] after each quote (nested ones too). */
static void print_marked(const show_ctx *c)
{
    for (size_t pos = 0; pos <= c->len; pos++) {
        /* closes first (inner, i.e. later-starting, first), then opens (outer first) */
        for (size_t pass = 0; pass < c->nmarks; pass++) {
            const mark *m = &c->marks[c->nmarks - 1 - pass];
            if (m->end == pos && m->start != pos) printf("<Q%d]", m->n);
        }
        for (size_t i = 0; i < c->nmarks; i++)
            if (c->marks[i].start == pos) printf("[Q%d>", c->marks[i].n);
        if (pos < c->len) putchar(c->text[pos]);
    }
    putchar('\n');
}

int qt_cmd_show(int argc, char **argv, const qt_cli_globals *g)
{
    show_ctx c = {0};
    const char *ref = NULL, *v;
    qt_error err;
    qt_error_clear(&err);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            show_usage(stdout);
            return QT_EXIT_OK;
        } else if ((v = qt_cli_option(argc, argv, &i, "--format")) != NULL) {
            if (!(c.format = qt_cli_format_parse("show", v))) return QT_EXIT_USAGE;
        } else if (!ref) {
            ref = argv[i];
        } else {
            qt_cli_error("show: unexpected argument '%s'", argv[i]);
            return QT_EXIT_USAGE;
        }
    }
    if (!ref) {
        qt_cli_error("show: which article? (its id, URL or #N)");
        show_usage(stderr);
        return QT_EXIT_USAGE;
    }
    int rc = QT_EXIT_FAILURE;
    qt_store *s = qt_cli_open_store(g, QT_STORE_READONLY, &rc);
    if (!s) return rc;
    c.format = qt_cli_format_resolve(c.format);
    if (c.format == QT_FMT_CSV && !(c.csv = qt_quote_writer_new(QT_FMT_CSV, 0))) {
        qt_store_close(s);
        return QT_EXIT_FAILURE;
    }
    qt_status st = qt_store_show(s, ref, show_article, show_quote, &c, &err);
    if (st == QT_OK && c.format == QT_FMT_JSONL) {
        json_object_object_add(c.article, "quotes", c.quotes);
        c.quotes = NULL;
        st = qt_out_json_line(stdout, c.article, &err);
    } else if (st == QT_OK && c.format == QT_FMT_TABLE) {
        print_marked(&c);
        if (c.nmarks) printf("\n");
        for (size_t i = 0; i < c.nmarks; i++) printf("%s\n", c.lines[i]);
        printf("%s%zu quote%s\n", c.nmarks ? "\n" : "", c.nmarks, c.nmarks == 1 ? "" : "s");
    }
    if (st != QT_OK) {
        qt_cli_error("%s", qt_error_message(&err));
        rc = qt_cli_exit_for(st);
    } else {
        rc = QT_EXIT_OK;
    }
    json_object_put(c.article);
    json_object_put(c.quotes);
    for (size_t i = 0; i < c.nmarks; i++) free(c.lines[i]);
    free(c.lines);
    free(c.marks);
    free(c.text);
    qt_quote_writer_free(c.csv);
    qt_store_close(s);
    return rc;
}
