/*
 * cmd_reuse.c - `quotetrack reuse [ARTICLE]`: pairs of stored articles that
 * share passages (computed at ingest), as a table, JSON Lines or a Graphviz
 * digraph of who took from whom.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lookup.h"
#include "qt_reuse.h"

static void reuse_usage(FILE *out)
{
    fputs("usage: quotetrack [--db PATH] reuse [ARTICLE] [--primary] [--all]\n"
          "                  [--source-outlet NAME] [--derived-outlet NAME] [--outlet NAME]\n"
          "                  [--cross-outlet] [--relation verbatim|wholly|partial]\n"
          "                  [--min-coverage X] [--since DATE] [--until DATE]\n"
          "                  [--by-outlet] [--passages] [--format table|jsonl|csv|dot]\n"
          "\n"
          "Pairs of stored articles that share passages, found at ingest: the source\n"
          "(the earlier article by published date, else by ingest order: `dated`\n"
          "false), the derived article, the relation (verbatim: the same words;\n"
          "wholly: the derived text is essentially all taken from the source, maybe\n"
          "edited; partial: some passages taken), the share of each text the\n"
          "passages cover, whether the source is the derived article's primary one\n"
          "(its provenance parent), and the passages with byte and code point\n"
          "offsets into each stored text.\n"
          "\n"
          "  ARTICLE      only the pairs this article (id, URL or #ARTICLE_ID) is in;\n"
          "               the table then ends with its provenance chain\n"
          "  --primary    only each derived article's primary source\n"
          "  --all        also pairs whose derived article has a newer revision\n"
          "  --source-outlet NAME, --derived-outlet NAME\n"
          "               only pairs whose source (derived article) is from that outlet\n"
          "               (case-insensitive): one collection compared with another\n"
          "  --outlet NAME  only pairs with that outlet on either side\n"
          "  --cross-outlet only pairs between two different (known) outlets\n"
          "  --relation R only pairs with that relation\n"
          "  --min-coverage X  only pairs covering at least X (0..1) of the derived text\n"
          "  --since DATE, --until DATE\n"
          "               only derived articles published in that range (--until\n"
          "               inclusive; undated articles pass no date filter)\n"
          "  --by-outlet  count the pairs by source outlet and derived outlet instead:\n"
          "               pairs, by relation, primary, mean coverage, first and last\n"
          "               derived dates (dot: a digraph of outlets)\n"
          "  --passages   each passage's words as the derived article has them, with\n"
          "               the source's changed ones marked ([-dropped-] {+added+}); in\n"
          "               jsonl each passage gains source_text, derived_text, dropped,\n"
          "               added and changes ([{op, text}]) (table or jsonl)\n"
          "  --format     table (default on a terminal), jsonl (one pair per line),\n"
          "               csv (the same fields, passages counted; formulas neutralised),\n"
          "               dot (a Graphviz digraph: source -> derived, primary edges bold)\n"
          "\n"
          "Exit status: 0 ok; 2 usage (also a date that is not one); 5 no such\n"
          "article; 4 database error.\n",
          out);
}

typedef enum { FMT_AUTO, FMT_TABLE, FMT_JSONL, FMT_CSV, FMT_DOT } reuse_format;

typedef struct {
    reuse_format format;
    int passages;               /* --passages */
    qt_store *store;            /* for the passages' texts */
    size_t width;               /* table: terminal width */
    json_object *passage_list;  /* jsonl: the pair's "passages" array being filled */
    int csv_header_done, csv_header_only;
    qt_table *table;
    size_t rows;
    /* dot: the articles already written as nodes, an open-addressing set
     * (0 marks a free slot; article ids start at 1) */
    int64_t *nodes;
    size_t nnodes, nodes_cap;   /* nodes_cap: a power of two */
} reuse_out;

static const qt_table_col reuse_cols[] = {
    {"derived", 7, 30, QT_COL_KEEP_END}, {"source", 6, 30, QT_COL_KEEP_END},
    {"relation", 8, 8, 0},               {"cover", 5, 5, 0},
    {"src", 4, 4, 0},                    {"primary", 7, 7, 0},
    {"dated", 5, 5, 0},                  {"passages/words", 14, 0, QT_COL_FILL},
};

/* A JSON number with 3 decimals (json-c would print 17 digits). */
static json_object *fraction(double v)
{
    char buf[16];
    double r = round(v * 1000.0) / 1000.0;
    snprintf(buf, sizeof buf, "%.3f", r);
    return json_object_new_double_s(r, buf);
}

static json_object *pair_json(const qt_reuse_row *r)
{
    json_object *o = json_object_new_object();
    json_object *ps = json_object_new_array();
    if (!o || !ps) {
        json_object_put(o);
        json_object_put(ps);
        return NULL;
    }
#define S(k, v) json_object_object_add(o, k, (v) ? json_object_new_string(v) : NULL)
#define I(obj, k, v) json_object_object_add(obj, k, json_object_new_int64((int64_t)(v)))
#define B(k, v) json_object_object_add(o, k, json_object_new_boolean(v))
    S("source", r->source_doc);
    S("derived", r->derived_doc);
    S("relation", qt_reuse_relation_name(r->relation));
    json_object_object_add(o, "coverage", fraction(r->coverage));
    json_object_object_add(o, "source_coverage", fraction(r->source_coverage));
    B("primary", r->primary);
    B("dated", r->dated);
    I(o, "source_article_id", r->source_article_id);
    I(o, "derived_article_id", r->derived_article_id);
    S("source_outlet", r->source_outlet);
    S("derived_outlet", r->derived_outlet);
    S("source_published", r->source_published);
    S("derived_published", r->derived_published);
    S("source_url", r->source_url);
    S("derived_url", r->derived_url);
    S("source_title", r->source_title);
    S("derived_title", r->derived_title);
    I(o, "source_revision", r->source_revision);
    I(o, "derived_revision", r->derived_revision);
    for (size_t i = 0; i < r->passage_count; i++) {
        const qt_reuse_passage *p = &r->passages[i];
        json_object *po = json_object_new_object();
        if (!po) continue;
        I(po, "source_start", p->source_start);
        I(po, "source_end", p->source_end);
        I(po, "derived_start", p->derived_start);
        I(po, "derived_end", p->derived_end);
        I(po, "source_char_start", p->source_char_start);
        I(po, "source_char_end", p->source_char_end);
        I(po, "derived_char_start", p->derived_char_start);
        I(po, "derived_char_end", p->derived_char_end);
        I(po, "words", p->words);
        json_object_array_add(ps, po);
    }
    json_object_object_add(o, "passages", ps);
#undef S
#undef I
#undef B
    return o;
}

/* Writes s as a DOT double-quoted string body. */
static void dot_string(const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') putchar('\\');
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        putchar(c);
    }
}

/* Adds id to the node set; 1 when it was new, 0 when already there, -1
 * when out of memory. */
static int node_add(reuse_out *o, int64_t id)
{
    if (2 * (o->nnodes + 1) > o->nodes_cap) {
        size_t cap = o->nodes_cap ? o->nodes_cap * 2 : 256;
        int64_t *n = calloc(cap, sizeof *n);
        if (!n) return -1;
        for (size_t i = 0; i < o->nodes_cap; i++) {
            if (!o->nodes[i]) continue;
            size_t k = (size_t)o->nodes[i] * 0x9E3779B97F4A7C15ull & (cap - 1);
            while (n[k]) k = (k + 1) & (cap - 1);
            n[k] = o->nodes[i];
        }
        free(o->nodes);
        o->nodes = n;
        o->nodes_cap = cap;
    }
    size_t k = (size_t)id * 0x9E3779B97F4A7C15ull & (o->nodes_cap - 1);
    while (o->nodes[k] && o->nodes[k] != id) k = (k + 1) & (o->nodes_cap - 1);
    if (o->nodes[k] == id) return 0;
    o->nodes[k] = id;
    o->nnodes++;
    return 1;
}

static qt_status dot_node(reuse_out *o, int64_t id, const char *doc, const char *outlet,
                          const char *published, qt_error *err)
{
    int added = node_add(o, id);
    if (added < 0) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    if (!added) return QT_OK;
    printf("  a%lld [label=\"", (long long)id);
    dot_string(doc);
    printf("\\n");
    dot_string(outlet ? outlet : "-");
    printf(", ");
    dot_string(published ? published : "undated");
    printf("\"];\n");
    return QT_OK;
}

/* Writes cells as a CSV record, after the header the first time; with
 * o->csv_header_only set, only the header (an empty listing still has one). */
static qt_status csv_record(reuse_out *o, const qt_cell *cells, size_t n, qt_error *err)
{
    if (!o->csv_header_done) {
        QT_TRY(qt_csv_header(stdout, cells, n, err));
        o->csv_header_done = 1;
    }
    return o->csv_header_only ? QT_OK : qt_csv_row(stdout, cells, n, err);
}

/* One pair as a spreadsheet row: the JSON Lines fields but the passages,
 * which are counted (passages, words). */
static qt_status pair_csv(reuse_out *o, const qt_reuse_row *r, qt_error *err)
{
    char cover[16], src[16], ids[2][24], revs[2][16], npass[24], words[24];
    size_t nwords = 0;
    for (size_t i = 0; i < r->passage_count; i++) nwords += r->passages[i].words;
    snprintf(cover, sizeof cover, "%.3f", r->coverage);
    snprintf(src, sizeof src, "%.3f", r->source_coverage);
    snprintf(ids[0], sizeof ids[0], "%lld", (long long)r->source_article_id);
    snprintf(ids[1], sizeof ids[1], "%lld", (long long)r->derived_article_id);
    snprintf(revs[0], sizeof revs[0], "%d", r->source_revision);
    snprintf(revs[1], sizeof revs[1], "%d", r->derived_revision);
    snprintf(npass, sizeof npass, "%zu", r->passage_count);
    snprintf(words, sizeof words, "%zu", nwords);
    const qt_cell cells[] = {
        {"source", r->source_doc},
        {"derived", r->derived_doc},
        {"relation", qt_reuse_relation_name(r->relation)},
        {"coverage", cover},
        {"source_coverage", src},
        {"primary", r->primary ? "true" : "false"},
        {"dated", r->dated ? "true" : "false"},
        {"source_article_id", ids[0]},
        {"derived_article_id", ids[1]},
        {"source_outlet", r->source_outlet},
        {"derived_outlet", r->derived_outlet},
        {"source_published", r->source_published},
        {"derived_published", r->derived_published},
        {"source_url", r->source_url},
        {"derived_url", r->derived_url},
        {"source_title", r->source_title},
        {"derived_title", r->derived_title},
        {"source_revision", revs[0]},
        {"derived_revision", revs[1]},
        {"passages", npass},
        {"words", words},
    };
    return csv_record(o, cells, sizeof cells / sizeof *cells, err);
}

/* The passage's words as the derived text has them, with the source's
 * dropped words as [-...-] and the added ones as {+...+} (as trace shows
 * quote changes).  Returns a malloc'ed string, or NULL when out of memory. */
static char *marked_changes(const qt_reuse_passage_text *p)
{
    size_t cap = p->source_len + p->derived_len + 8 * p->nops + 1, n = 0;
    char *out = malloc(cap);
    if (!out) return NULL;
    out[0] = '\0';
    for (size_t k = 0; k < p->nops; k++) {
        const qt_qop *op = &p->ops[k];
        const char *t = op->op == '-' ? p->source_text : p->derived_text;
        const char *open = op->op == '-' ? "[-" : op->op == '+' ? "{+" : "";
        const char *close = op->op == '-' ? "-]" : op->op == '+' ? "+}" : "";
        n += (size_t)snprintf(out + n, cap - n, "%s%s%.*s%s", n ? " " : "", open,
                              (int)(op->end - op->start), t + op->start, close);
    }
    return out;
}

static qt_status passage_table(const qt_reuse_passage_text *p, size_t index, void *ctx,
                               qt_error *err)
{
    reuse_out *o = ctx;
    const qt_reuse_passage *ps = p->passage;
    char what[64];
    if (p->dropped || p->added)
        snprintf(what, sizeof what, "%zu dropped, %zu added", p->dropped, p->added);
    else
        snprintf(what, sizeof what, "same words");
    if (printf("  %zu. source %zu-%zu, derived %zu-%zu (code points), %zu words: %s\n", index + 1,
               ps->source_char_start, ps->source_char_end, ps->derived_char_start,
               ps->derived_char_end, ps->words, what) < 0)
        return qt_error_set(err, QT_ERR_IO, "error writing standard output");
    char *text = marked_changes(p);
    if (!text) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    qt_status st = qt_out_wrap("     ", 5, text, o->width, err);
    free(text);
    return st;
}

static qt_status passage_json(const qt_reuse_passage_text *p, size_t index, void *ctx,
                              qt_error *err)
{
    reuse_out *o = ctx;
    json_object *po = json_object_array_get_idx(o->passage_list, index);
    json_object *changes = json_object_new_array();
    if (!po || !changes) {
        json_object_put(changes);
        return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    }
    json_object_object_add(po, "source_text",
                           json_object_new_string_len(p->source_text, (int)p->source_len));
    json_object_object_add(po, "derived_text",
                           json_object_new_string_len(p->derived_text, (int)p->derived_len));
    json_object_object_add(po, "dropped", json_object_new_int64((int64_t)p->dropped));
    json_object_object_add(po, "added", json_object_new_int64((int64_t)p->added));
    for (size_t k = 0; k < p->nops; k++) {
        const qt_qop *op = &p->ops[k];
        const char *t = op->op == '-' ? p->source_text : p->derived_text;
        char name[2] = {op->op, '\0'};
        json_object *c = json_object_new_object();
        if (!c || json_object_array_add(changes, c)) {
            json_object_put(c);
            json_object_put(changes);
            return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
        }
        json_object_object_add(c, "op", json_object_new_string(name));
        json_object_object_add(c, "text",
                               json_object_new_string_len(t + op->start, (int)(op->end - op->start)));
    }
    json_object_object_add(po, "changes", changes);
    return QT_OK;
}

/* A pair with its passages written out (--passages, table). */
static qt_status pair_with_passages(reuse_out *o, const qt_reuse_row *r, qt_error *err)
{
    if (printf("%s%s <- %s: %s, covers %.2f (source %.2f)%s, %s; %zu passage%s\n",
               o->rows > 1 ? "\n" : "", r->derived_doc, r->source_doc,
               qt_reuse_relation_name(r->relation), r->coverage, r->source_coverage,
               r->primary ? ", primary" : "", r->dated ? "dated" : "undated", r->passage_count,
               r->passage_count == 1 ? "" : "s") < 0)
        return qt_error_set(err, QT_ERR_IO, "error writing standard output");
    return qt_store_reuse_passage_texts(o->store, r, passage_table, o, err);
}

static qt_status pair_row(const qt_reuse_row *r, void *ctx, qt_error *err)
{
    reuse_out *o = ctx;
    o->rows++;
    if (o->format == FMT_TABLE && o->passages) return pair_with_passages(o, r, err);
    if (o->format == FMT_DOT) {
        QT_TRY(dot_node(o, r->source_article_id, r->source_doc, r->source_outlet,
                        r->source_published, err));
        QT_TRY(dot_node(o, r->derived_article_id, r->derived_doc, r->derived_outlet,
                        r->derived_published, err));
        printf("  a%lld -> a%lld [label=\"%s %.0f%%\"%s];\n", (long long)r->source_article_id,
               (long long)r->derived_article_id, qt_reuse_relation_name(r->relation),
               r->coverage * 100.0, r->primary ? ", style=bold" : ", style=dashed");
        return QT_OK;
    }
    if (o->format == FMT_TABLE) {
        char cover[8], src[8], passages[64];
        snprintf(cover, sizeof cover, "%.2f", r->coverage);
        snprintf(src, sizeof src, "%.2f", r->source_coverage);
        size_t words = 0;
        for (size_t i = 0; i < r->passage_count; i++) words += r->passages[i].words;
        snprintf(passages, sizeof passages, "%zu/%zu", r->passage_count, words);
        const char *cells[] = {r->derived_doc, r->source_doc, qt_reuse_relation_name(r->relation),
                               cover, src, r->primary ? "yes" : "-", r->dated ? "yes" : "no",
                               passages};
        return qt_table_add(o->table, cells, err);
    }
    if (o->format == FMT_CSV) return pair_csv(o, r, err);
    json_object *obj = pair_json(r);
    if (!obj) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    qt_status st = QT_OK;
    if (o->passages) {
        json_object_object_get_ex(obj, "passages", &o->passage_list);
        st = qt_store_reuse_passage_texts(o->store, r, passage_json, o, err);
        o->passage_list = NULL;
    }
    if (st == QT_OK) st = qt_out_json_line(stdout, obj, err);
    json_object_put(obj);
    return st;
}

/* The table's last line for one article: "provenance: A <- B <- C". */
static qt_status chain_row(const qt_reuse_row *r, void *ctx, qt_error *err)
{
    size_t *n = ctx;
    (void)err;
    if ((*n)++ == 0) printf("\nprovenance: %s", r->derived_doc);
    printf(" <- %s (%s)", r->source_doc, qt_reuse_relation_name(r->relation));
    return QT_OK;
}

static const qt_table_col outlet_cols[] = {
    {"source outlet", 13, 30, 0}, {"derived outlet", 14, 30, 0}, {"pairs", 5, 0, 0},
    {"verbatim", 8, 0, 0},        {"wholly", 6, 0, 0},           {"partial", 7, 0, 0},
    {"primary", 7, 0, 0},         {"cover", 5, 5, 0},            {"first", 10, 10, 0},
    {"last", 10, 10, QT_COL_FILL},
};

#define UNKNOWN_OUTLET "(unknown outlet)"

/* One outlet pair as a spreadsheet row (the JSON Lines fields). */
static qt_status outlet_csv(reuse_out *o, const qt_reuse_outlet_row *r, qt_error *err)
{
    char n[5][24], cover[16];
    const size_t v[5] = {r->pairs, r->verbatim, r->wholly, r->partial, r->primary};
    for (int i = 0; i < 5; i++) snprintf(n[i], sizeof n[i], "%zu", v[i]);
    snprintf(cover, sizeof cover, "%.3f", r->mean_coverage);
    const qt_cell cells[] = {
        {"source_outlet", r->source_outlet}, {"derived_outlet", r->derived_outlet},
        {"pairs", n[0]},                     {"verbatim", n[1]},
        {"wholly", n[2]},                    {"partial", n[3]},
        {"primary", n[4]},                   {"mean_coverage", cover},
        {"first_published", r->first_published}, {"last_published", r->last_published},
    };
    return csv_record(o, cells, sizeof cells / sizeof *cells, err);
}

/* One outlet pair of --by-outlet. */
static qt_status outlet_row(const qt_reuse_outlet_row *r, void *ctx, qt_error *err)
{
    reuse_out *o = ctx;
    o->rows++;
    if (o->format == FMT_DOT) {
        /* Outlet names are the node ids: DOT quoted strings, escaped. */
        printf("  \"");
        dot_string(r->source_outlet ? r->source_outlet : UNKNOWN_OUTLET);
        printf("\" -> \"");
        dot_string(r->derived_outlet ? r->derived_outlet : UNKNOWN_OUTLET);
        printf("\" [label=\"%zu pair%s: %zu whole, %zu partial\", penwidth=%.1f];\n", r->pairs,
               r->pairs == 1 ? "" : "s", r->wholly + r->verbatim, r->partial,
               1.0 + log((double)r->pairs));
        return QT_OK;
    }
    if (o->format == FMT_TABLE) {
        char n[5][24], cover[8], first[11] = "-", last[11] = "-";
        /* The day is enough in a table (JSON Lines has the full times). */
        if (r->first_published) snprintf(first, sizeof first, "%s", r->first_published);
        if (r->last_published) snprintf(last, sizeof last, "%s", r->last_published);
        const size_t v[5] = {r->pairs, r->verbatim, r->wholly, r->partial, r->primary};
        for (int i = 0; i < 5; i++) snprintf(n[i], sizeof n[i], "%zu", v[i]);
        snprintf(cover, sizeof cover, "%.2f", r->mean_coverage);
        const char *cells[] = {r->source_outlet ? r->source_outlet : UNKNOWN_OUTLET,
                               r->derived_outlet ? r->derived_outlet : UNKNOWN_OUTLET,
                               n[0], n[1], n[2], n[3], n[4], cover,
                               first, last};
        return qt_table_add(o->table, cells, err);
    }
    if (o->format == FMT_CSV) return outlet_csv(o, r, err);
    json_object *obj = json_object_new_object();
    if (!obj) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
#define S(k, v) json_object_object_add(obj, k, (v) ? json_object_new_string(v) : NULL)
#define I(k, v) json_object_object_add(obj, k, json_object_new_int64((int64_t)(v)))
    S("source_outlet", r->source_outlet);
    S("derived_outlet", r->derived_outlet);
    I("pairs", r->pairs);
    I("verbatim", r->verbatim);
    I("wholly", r->wholly);
    I("partial", r->partial);
    I("primary", r->primary);
    json_object_object_add(obj, "mean_coverage", fraction(r->mean_coverage));
    S("first_published", r->first_published);
    S("last_published", r->last_published);
#undef S
#undef I
    qt_status st = qt_out_json_line(stdout, obj, err);
    json_object_put(obj);
    return st;
}

/* Parses --min-coverage: a number from 0 to 1. */
static int parse_fraction(const char *v, double *out)
{
    char *end;
    double x = strtod(v, &end);
    if (end == v || *end || !(x >= 0.0 && x <= 1.0)) return -1;
    *out = x;
    return 0;
}

int qt_cmd_reuse(int argc, char **argv, const qt_cli_globals *g)
{
    reuse_out o = {0};
    qt_reuse_filter filter = {0};
    const char *ref = NULL, *v;
    int flags = 0, by_outlet = 0;
    qt_error err;
    qt_error_clear(&err);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            reuse_usage(stdout);
            return QT_EXIT_OK;
        } else if (strcmp(argv[i], "--all") == 0) {
            flags |= QT_REUSE_ALL;
        } else if (strcmp(argv[i], "--primary") == 0) {
            flags |= QT_REUSE_PRIMARY;
        } else if (strcmp(argv[i], "--cross-outlet") == 0) {
            filter.cross_outlet = 1;
        } else if (strcmp(argv[i], "--by-outlet") == 0) {
            by_outlet = 1;
        } else if (strcmp(argv[i], "--passages") == 0) {
            o.passages = 1;
        } else if ((v = qt_cli_option(argc, argv, &i, "--source-outlet")) != NULL) {
            filter.source_outlet = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--derived-outlet")) != NULL) {
            filter.derived_outlet = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--outlet")) != NULL) {
            filter.outlet = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--since")) != NULL) {
            filter.since = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--until")) != NULL) {
            filter.until = v;
        } else if ((v = qt_cli_option(argc, argv, &i, "--relation")) != NULL) {
            if ((filter.relation = qt_reuse_relation_parse(v)) == QT_REUSE_NONE) {
                qt_cli_error("reuse: --relation must be 'verbatim', 'wholly' or 'partial', not '%s'",
                             v);
                return QT_EXIT_USAGE;
            }
        } else if ((v = qt_cli_option(argc, argv, &i, "--min-coverage")) != NULL) {
            if (parse_fraction(v, &filter.min_coverage) != 0) {
                qt_cli_error("reuse: --min-coverage must be a number from 0 to 1, not '%s'", v);
                return QT_EXIT_USAGE;
            }
        } else if ((v = qt_cli_option(argc, argv, &i, "--format")) != NULL) {
            if (strcmp(v, "table") == 0) o.format = FMT_TABLE;
            else if (strcmp(v, "jsonl") == 0) o.format = FMT_JSONL;
            else if (strcmp(v, "csv") == 0) o.format = FMT_CSV;
            else if (strcmp(v, "dot") == 0) o.format = FMT_DOT;
            else {
                qt_cli_error("reuse: --format must be 'table', 'jsonl', 'csv' or 'dot', not '%s'", v);
                return QT_EXIT_USAGE;
            }
        } else if (argv[i][0] == '-' && argv[i][1]) {
            qt_cli_error("reuse: unknown option '%s'", argv[i]);
            reuse_usage(stderr);
            return QT_EXIT_USAGE;
        } else if (!ref) {
            ref = argv[i];
        } else {
            qt_cli_error("reuse: unexpected argument '%s'", argv[i]);
            return QT_EXIT_USAGE;
        }
    }
    if (o.passages && (by_outlet || o.format == FMT_CSV || o.format == FMT_DOT)) {
        qt_cli_error("reuse: --passages lists pairs as a table or JSON Lines (not with --by-outlet,"
                     " csv or dot)");
        return QT_EXIT_USAGE;
    }
    int rc = QT_EXIT_FAILURE;
    qt_store *s = qt_cli_open_store(g, QT_STORE_READONLY, &rc);
    if (!s) return rc;
    o.store = s;
    o.width = qt_terminal_width(stdout);
    if (o.format == FMT_AUTO)
        o.format = qt_cli_format_resolve(QT_FMT_AUTO) == QT_FMT_TABLE ? FMT_TABLE : FMT_JSONL;
    const qt_table_col *cols = by_outlet ? outlet_cols : reuse_cols;
    size_t ncols = by_outlet ? sizeof outlet_cols / sizeof *outlet_cols
                             : sizeof reuse_cols / sizeof *reuse_cols;
    if (o.format == FMT_TABLE && !o.passages && !(o.table = qt_table_new(stdout, cols, ncols, 0))) {
        qt_store_close(s);
        qt_cli_error("out of memory");
        return QT_EXIT_FAILURE;
    }
    if (o.format == FMT_DOT) printf("digraph reuse {\n  rankdir=LR;\n  node [shape=box];\n");
    qt_status st = by_outlet
                       ? qt_store_reuse_outlets(s, ref, flags, &filter, outlet_row, &o, &err)
                       : qt_store_reuse(s, ref, flags, &filter, pair_row, &o, &err);
    if (st == QT_OK && o.format == FMT_CSV && !o.csv_header_done) {
        /* Nothing listed: the header alone, from an empty row. */
        static const qt_reuse_row no_pair;
        static const qt_reuse_outlet_row no_outlets;
        o.csv_header_only = 1;
        st = by_outlet ? outlet_csv(&o, &no_outlets, &err) : pair_csv(&o, &no_pair, &err);
    }
    if (st == QT_OK && o.table) st = qt_table_flush(o.table, &err);
    if (st == QT_OK && o.format == FMT_DOT) printf("}\n");
    if (st == QT_OK && o.format == FMT_TABLE && by_outlet) {
        if (!o.rows) printf(ref ? "no reuse found for %s\n" : "no reuse found\n", ref);
    } else if (st == QT_OK && o.format == FMT_TABLE) {
        if (!o.rows) printf(ref ? "no reuse found for %s\n" : "no reuse found\n", ref);
        size_t steps = 0;
        if (ref && o.rows) st = qt_store_provenance(s, ref, chain_row, &steps, &err);
        if (st == QT_OK && steps) printf("\n");
    }
    if (st != QT_OK) {
        qt_cli_error("%s", qt_error_message(&err));
        rc = qt_cli_exit_for(st);
    } else {
        rc = QT_EXIT_OK;
    }
    qt_table_free(o.table);
    free(o.nodes);
    qt_store_close(s);
    return rc;
}
