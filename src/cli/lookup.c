/* lookup.c - shared pieces of the store commands (see lookup.h). */
#include "lookup.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

qt_cli_format qt_cli_format_parse(const char *cmd, const char *value)
{
    if (strcmp(value, "table") == 0) return QT_FMT_TABLE;
    if (strcmp(value, "jsonl") == 0) return QT_FMT_JSONL;
    if (strcmp(value, "csv") == 0) return QT_FMT_CSV;
    qt_cli_error("%s: --format must be 'table', 'jsonl' or 'csv', not '%s'", cmd, value);
    return QT_FMT_AUTO;
}

qt_cli_format qt_cli_format_resolve(qt_cli_format f)
{
    if (f != QT_FMT_AUTO) return f;
    return isatty(STDOUT_FILENO) ? QT_FMT_TABLE : QT_FMT_JSONL;
}

const char *qt_cli_option(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0) return NULL;
    if (argv[*i][n] == '=') return argv[*i] + n + 1;
    if (argv[*i][n] == '\0' && *i + 1 < argc) return argv[++*i];
    return NULL;
}

qt_store *qt_cli_open_store(const qt_cli_globals *g, int flags, int *rc)
{
    qt_error err;
    qt_error_clear(&err);
    qt_store *s = qt_store_open(g->db_path, flags, &err);
    if (!s) {
        qt_cli_error("%s", qt_error_message(&err));
        *rc = qt_cli_exit_for(err.code);
    }
    return s;
}

struct qt_quote_writer {
    qt_cli_format format;
    int with_score;
    qt_table *table;
    qt_jsonl_writer *jsonl; /* JSON Lines straight to the stream */
    size_t rows;
};

/* id is the quote_id, what `trace` takes. */
static const qt_table_col quote_cols[] = {
    {"id", 2, 8, 0},   {"published", 7, 10, 0}, {"outlet", 6, 18, 0},
    {"speaker", 7, 24, 0}, {"kind", 4, 8, 0},   {"text", 20, 0, 1},
};

qt_quote_writer *qt_quote_writer_new(qt_cli_format f, int with_score)
{
    qt_quote_writer *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->format = qt_cli_format_resolve(f);
    w->with_score = with_score;
    if (w->format == QT_FMT_TABLE) {
        w->table = qt_table_new(stdout, quote_cols, sizeof quote_cols / sizeof *quote_cols, 0);
        if (!w->table) {
            free(w);
            return NULL;
        }
    } else if (w->format == QT_FMT_JSONL) {
        if (!(w->jsonl = qt_jsonl_writer_new())) {
            free(w);
            return NULL;
        }
    }
    return w;
}

static int add_str(json_object *o, const char *k, const char *v)
{
    json_object *s = v ? json_object_new_string(v) : NULL;
    if (v && !s) return -1;
    return json_object_object_add(o, k, s);
}

static int add_int(json_object *o, const char *k, int64_t v)
{
    json_object *i = json_object_new_int64(v);
    return i ? json_object_object_add(o, k, i) : -1;
}

/* Scan's record of a stored row: a one-quote, one-speaker result in the
 * caller's q, sp and res, pointing into r. */
static void row_as_result(const qt_quote_row *r, qt_quote *q, qt_speaker *sp,
                          qt_scan_result *res)
{
    memset(q, 0, sizeof *q);
    memset(sp, 0, sizeof *sp);
    memset(res, 0, sizeof *res);
    q->kind = r->kind;
    q->span = r->span;
    q->text = (char *)r->text;
    q->speaker = r->speaker ? 0 : -1;
    q->has_mention = r->has_mention;
    q->mention = r->mention;
    q->mention_text = (char *)r->mention_text;
    q->has_cue = r->has_cue;
    q->cue = r->cue;
    q->cue_text = (char *)r->cue_text;
    q->confidence = r->confidence;
    q->rule = r->rule;
    /* r->parent is a position in the article, not in this one-quote result:
     * copied, a partial of the article's first claim would list itself as
     * its own fragment.  Stored rows are printed one quote per line. */
    q->parent = -1;
    sp->name = (char *)r->speaker;
    sp->kind = QT_SPEAKER_UNKNOWN;
    static const char *const kinds[] = {"person", "organization", "group", "anonymous"};
    for (int k = 0; k < 4 && r->speaker_kind; k++)
        if (strcmp(r->speaker_kind, kinds[k]) == 0) sp->kind = (qt_speaker_kind)(k + 1);
    res->quotes = q;
    res->count = 1;
    res->speakers = sp;
    res->speaker_count = r->speaker ? 1 : 0;
}

qt_status qt_quote_row_json(const qt_quote_row *r, int with_score, json_object **out,
                            qt_error *err)
{
    qt_speaker sp;
    qt_quote q;
    qt_scan_result res;
    row_as_result(r, &q, &sp, &res);
    json_object *obj = NULL;
    QT_TRY(qt_out_quote_json(r->doc, &res, 0, &obj, err));
    int bad = add_int(obj, "quote_id", r->quote_id) || add_int(obj, "article_id", r->article_id) ||
              add_str(obj, "outlet", r->outlet) || add_str(obj, "url", r->url) ||
              add_str(obj, "title", r->title) || add_str(obj, "published", r->published) ||
              add_int(obj, "revision", r->revision) || add_int(obj, "copies", r->copies);
    if (!bad && with_score) {
        json_object *d = json_object_new_double(r->score);
        bad = !d || json_object_object_add(obj, "score", d);
    }
    if (bad) {
        json_object_put(obj);
        return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    }
    *out = obj;
    return QT_OK;
}

static void num(char *buf, size_t n, long long v)
{
    snprintf(buf, n, "%lld", v);
}

qt_status qt_quote_writer_row(const qt_quote_row *r, void *ctx, qt_error *err)
{
    qt_quote_writer *w = ctx;
    w->rows++;
    if (w->format == QT_FMT_TABLE) {
        char date[11] = "undated";
        if (r->published) snprintf(date, sizeof date, "%.10s", r->published);
        char id[24];
        num(id, sizeof id, r->quote_id);
        const char *cells[] = {id, date, r->outlet ? r->outlet : "-",
                               r->speaker ? r->speaker : "-", qt_kind_name(r->kind), r->text};
        return qt_table_add(w->table, cells, err);
    }
    if (w->format == QT_FMT_CSV) {
        char id[24], start[24], end[24], cs[24], ce[24], score[32];
        num(id, sizeof id, r->quote_id);
        num(start, sizeof start, (long long)r->span.start);
        num(end, sizeof end, (long long)r->span.end);
        num(cs, sizeof cs, (long long)r->span.char_start);
        num(ce, sizeof ce, (long long)r->span.char_end);
        snprintf(score, sizeof score, "%.4f", r->score);
        qt_cell cells[] = {{"quote_id", id},
                           {"doc", r->doc},
                           {"published", r->published},
                           {"outlet", r->outlet},
                           {"url", r->url},
                           {"speaker", r->speaker},
                           {"speaker_kind", r->speaker_kind},
                           {"kind", qt_kind_name(r->kind)},
                           {"text", r->text},
                           {"start", start},
                           {"end", end},
                           {"char_start", cs},
                           {"char_end", ce},
                           {"score", score}};
        size_t n = sizeof cells / sizeof *cells - (w->with_score ? 0 : 1);
        if (w->rows == 1) QT_TRY(qt_csv_header(stdout, cells, n, err));
        return qt_csv_row(stdout, cells, n, err);
    }
    return qt_quote_row_put(w->jsonl, stdout, r, w->with_score, err);
}

qt_status qt_quote_row_put(qt_jsonl_writer *jw, FILE *out, const qt_quote_row *r,
                           int with_score, qt_error *err)
{
    qt_speaker sp;
    qt_quote q;
    qt_scan_result res;
    row_as_result(r, &q, &sp, &res);
    /* The fields qt_quote_row_json adds, in its order. */
    const qt_json_field extra[] = {
        {"quote_id", QT_JSON_INT, NULL, r->quote_id, 0},
        {"article_id", QT_JSON_INT, NULL, r->article_id, 0},
        {"outlet", QT_JSON_STRING, r->outlet, 0, 0},
        {"url", QT_JSON_STRING, r->url, 0, 0},
        {"title", QT_JSON_STRING, r->title, 0, 0},
        {"published", QT_JSON_STRING, r->published, 0, 0},
        {"revision", QT_JSON_INT, NULL, r->revision, 0},
        {"copies", QT_JSON_INT, NULL, r->copies, 0},
        {"score", QT_JSON_DOUBLE, NULL, 0, r->score},
    };
    size_t n = sizeof extra / sizeof *extra - (with_score ? 0 : 1);
    return qt_jsonl_writer_put_with(jw, out, r->doc, &res, 0, extra, n, err);
}

qt_status qt_quote_writer_finish(qt_quote_writer *w, qt_error *err)
{
    if (w->table) return qt_table_flush(w->table, err);
    return QT_OK;
}

size_t qt_quote_writer_rows(const qt_quote_writer *w)
{
    return w->rows;
}

void qt_quote_writer_free(qt_quote_writer *w)
{
    if (!w) return;
    qt_table_free(w->table);
    qt_jsonl_writer_free(w->jsonl);
    free(w);
}
